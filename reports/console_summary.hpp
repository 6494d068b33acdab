#pragma once
#include <string>

#include "reports/summary.hpp"

namespace chaossim::reports {

// The short tables `chaossim run` prints: per client, per service, SLO checks.
std::string console_summary(const VariantSummary& v);

}  // namespace chaossim::reports
