#include "tools/sweep/point_ids.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "scenarios/diagnostics.hpp"

namespace chaossim::tools {

std::optional<std::vector<std::string>> select_points(const std::string& text, const std::vector<std::string>& plan,
                                                      std::string& problem) {
  std::map<std::string, std::size_t> position;
  for (std::size_t i = 0; i < plan.size(); ++i) position.emplace(plan[i], i);
  const auto find = [&](const std::string& id) -> std::optional<std::size_t> {
    if (const auto it = position.find(id); it != position.end()) return it->second;
    const std::vector<std::string_view> some(plan.begin(), plan.begin() + static_cast<long>(std::min<std::size_t>(plan.size(), 2000)));
    problem = fmt::format("no point \"{}\" in this sweep{}; its points are {} to {}", id, scenarios::did_you_mean(id, some),
                          plan.empty() ? "none" : plan.front(), plan.empty() ? "none" : plan.back());
    return std::nullopt;
  };
  std::vector<bool> chosen(plan.size(), false);
  std::size_t at = 0;
  while (at <= text.size()) {
    const std::size_t end = std::min(text.find(',', at), text.size());
    const std::string item = text.substr(at, end - at);
    at = end + 1;
    if (item.empty()) continue;
    const std::size_t dash = item.find('-');
    const auto first = find(item.substr(0, dash));
    if (!first) return std::nullopt;
    const auto last = dash == std::string::npos ? first : find(item.substr(dash + 1));
    if (!last) return std::nullopt;
    if (*last < *first) {
      problem = fmt::format("\"{}\" runs backwards, expected the first point of the range before the last", item);
      return std::nullopt;
    }
    for (std::size_t i = *first; i <= *last; ++i) chosen[i] = true;
  }
  std::vector<std::string> out;
  for (std::size_t i = 0; i < plan.size(); ++i)
    if (chosen[i]) out.push_back(plan[i]);
  if (out.empty()) problem = "no point named, expected ids such as p0000 or ranges such as p0000-p0009, separated by commas";
  if (out.empty()) return std::nullopt;
  return out;
}

std::string point_ranges(const std::vector<std::string>& ids, const std::vector<std::string>& plan) {
  std::map<std::string, std::size_t> position;
  for (std::size_t i = 0; i < plan.size(); ++i) position.emplace(plan[i], i);
  std::vector<std::size_t> at;
  for (const auto& id : ids)
    if (const auto it = position.find(id); it != position.end()) at.push_back(it->second);
  std::sort(at.begin(), at.end());
  std::string out;
  for (std::size_t i = 0; i < at.size();) {
    std::size_t j = i;
    while (j + 1 < at.size() && at[j + 1] == at[j] + 1) ++j;
    out += (out.empty() ? "" : ",") + plan[at[i]] + (j > i ? "-" + plan[at[j]] : "");
    i = j + 1;
  }
  return out;
}

}  // namespace chaossim::tools
