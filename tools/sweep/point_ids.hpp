#pragma once
// Sets of a sweep's points as users and scripts write them: "p0003",
// "p0000-p0099", "p0000-p0009,p0042" (ranges in the plan's order).
#include <optional>
#include <string>
#include <vector>

namespace chaossim::tools {

// The ids `text` names, in the plan's order; nullopt, with why in
// `problem`, when it names an id the plan does not have.
std::optional<std::vector<std::string>> select_points(const std::string& text, const std::vector<std::string>& plan,
                                                      std::string& problem);

// `ids` (a subset of `plan`) written as short as ranges make them.
std::string point_ranges(const std::vector<std::string>& ids, const std::vector<std::string>& plan);

}  // namespace chaossim::tools
