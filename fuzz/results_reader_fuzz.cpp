// libFuzzer harness: any bytes as the results.json that `report` and
// `compare` read. The reader must accept it or throw ResultsFileError; what
// reads an accepted document may refuse it with an exception (report and
// compare turn those into messages and exit 2), never crash.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string_view>

#include "reports/compare.hpp"
#include "reports/results_file.hpp"
#include "reports/summary_md.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  nlohmann::ordered_json doc;
  try {
    doc = chaossim::reports::parse_results_text(text, "results.json");
  } catch (const chaossim::reports::ResultsFileError&) {
    return 0;
  }
  try {
    chaossim::reports::summary_md(doc);
  } catch (const std::exception&) {
  }
  try {
    const auto& one = doc.contains("variants") ? doc["variants"].begin().value() : doc;
    const std::vector<chaossim::reports::Compared> both{{"a", &one}, {"b", &one}};
    chaossim::reports::compare_json(chaossim::reports::compare(both, "a"));
  } catch (const std::exception&) {
  }
  return 0;
}
