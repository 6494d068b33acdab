// libFuzzer harness: any bytes as a grading suite. The loader must answer
// with a suite or diagnostics, never crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tools/grading/suite.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  chaossim::grading::load_suite_text(text, "/nonexistent/suite.json");
  return 0;
}
