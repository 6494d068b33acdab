#pragma once
// results.json v1 (see RESULTS-FORMAT.md and README): one variant's object, or
// the whole file for several variants under "variants".
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "reports/summary.hpp"

namespace chaossim::reports {

inline constexpr const char* results_schema_id = "chaossim/results/v1";

nlohmann::ordered_json variant_json(const VariantSummary& v);
// One variant alone is the whole document; several sit under "variants".
nlohmann::ordered_json results_json(const std::vector<VariantSummary>& variants, bool several);

}  // namespace chaossim::reports
