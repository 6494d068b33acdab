#pragma once
// The SLO checks of a run as JUnit XML, so that a CI pipeline can gate on a
// scenario: one test suite per variant, one test case per check, a failure
// element for each check not met.
#include <string>
#include <vector>

#include "reports/summary.hpp"

namespace chaossim::reports {

std::string junit_xml(const std::vector<VariantSummary>& variants);

}  // namespace chaossim::reports
