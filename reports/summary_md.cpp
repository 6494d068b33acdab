#include "reports/summary_md.hpp"

#include <fmt/format.h>

#include "reports/tables.hpp"

namespace chaossim::reports {

using nlohmann::ordered_json;

namespace {

// Markdown reserves | in table cells.
std::string cell(const std::string& text) {
  std::string out;
  for (char ch : text) {
    if (ch == '|') out += '\\';
    out += ch;
  }
  return out;
}

void table_md(std::string& out, const Table& t) {
  out += fmt::format("**{}**\n\n|", cell(t.title));
  for (const auto& h : t.headers) out += fmt::format(" {} |", cell(h));
  out += "\n|";
  for (bool numeric : t.numeric) out += numeric ? "---:|" : "---|";
  out += "\n";
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    out += "|";
    for (const auto& c : t.rows[r]) out += fmt::format(" {} |", t.failing[r] && c == t.rows[r].back() ? "**" + cell(c) + "**" : cell(c));
    out += "\n";
  }
  out += "\n";
}

void variant_md(std::string& out, const ordered_json& v) {
  out += fmt::format("## {} · variant {}\n\n", cell(v["scenario"].get<std::string>()), cell(v["variant"].get<std::string>()));
  const int reps = v["replications"].get<int>();
  out += fmt::format("{} replication{} of {:g} s (warmup {:g} s, buckets of {:g} s), seed {}.\n\n", reps, reps == 1 ? "" : "s",
                     v["duration_s"].get<double>(), v["warmup_s"].get<double>(), v["bucket_s"].get<double>(),
                     v["seed"].get<std::uint64_t>());
  if (v.contains("warnings"))
    for (const auto& w : v["warnings"]) out += "> **Warning:** " + cell(w.get<std::string>()) + "\n\n";
  for (const auto& t : result_tables(v)) table_md(out, t);
}

}  // namespace

std::string summary_md(const ordered_json& results) {
  std::string out = fmt::format("# chaossim: {}\n\n", cell(results["scenario"].get<std::string>()));
  if (results.contains("variants")) {
    for (const auto& [name, v] : results["variants"].items()) variant_md(out, v);
  } else {
    variant_md(out, results);
  }
  return out;
}

}  // namespace chaossim::reports
