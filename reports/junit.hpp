#pragma once
// JUnit XML, so that a CI pipeline can gate on chaossim: the SLO checks of a
// run (one test suite per variant, one test case per check), and any other
// list of verdicts through junit_document (the grader's).
#include <optional>
#include <string>
#include <vector>

#include "reports/summary.hpp"

namespace chaossim::reports {

struct JunitCase {
  std::string classname, name;
  std::optional<std::string> failure_message;  // set when the case failed
  std::string failure_text;
  std::string system_out;
  // Set when the case could not be decided (an SLO verdict straddling its
  // objective): CI tools show a skipped test, neither passed nor failed.
  std::optional<std::string> skipped_message{};
};

struct JunitSuite {
  std::string name;
  std::vector<JunitCase> cases;
};

// A <testsuites> document; `type` is every failure's type attribute.
std::string junit_document(const std::string& name, const std::string& type, const std::vector<JunitSuite>& suites);

std::string junit_xml(const std::vector<VariantSummary>& variants);

}  // namespace chaossim::reports
