// chaossim report DIR: the outputs made from a results directory, again,
// without simulating.
#include <fmt/format.h>

#include "reports/report_files.hpp"
#include "tools/commands.hpp"

namespace chaossim::tools {

int report_command(const ReportOptions& options) {
  reports::ReportFormats formats{false, false, false};
  for (const auto& f : options.formats) {
    formats.md = formats.md || f == "md";
    formats.html = formats.html || f == "html";
    formats.png = formats.png || f == "png";
  }
  try {
    for (const auto& path : reports::write_report_files(options.dir, formats)) fmt::print("{}\n", path);
  } catch (const std::exception& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return exit_bad_input;
  }
  return exit_ok;
}

}  // namespace chaossim::tools
