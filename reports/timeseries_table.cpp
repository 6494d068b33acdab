#include "reports/timeseries_table.hpp"

#include <algorithm>
#include <charconv>
#include <set>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>

#include "reports/timeseries_csv.hpp"

namespace chaossim::reports {

namespace {

// One CSV line into fields, with RFC 4180 quoting.
std::vector<std::string> fields_of(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char ch = line[i];
    if (quoted) {
      if (ch == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        out.back() += '"';
        ++i;
      } else if (ch == '"') {
        quoted = false;
      } else {
        out.back() += ch;
      }
    } else if (ch == '"') {
      quoted = true;
    } else if (ch == ',') {
      out.emplace_back();
    } else {
      out.back() += ch;
    }
  }
  return out;
}

std::optional<double> number(const std::string& text) {
  if (text.empty()) return std::nullopt;
  double v = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (error != std::errc() || end != text.data() + text.size()) throw std::invalid_argument(text);
  return v;
}

}  // namespace

TimeseriesTable TimeseriesTable::parse(const std::string& text) {
  TimeseriesTable t;
  std::istringstream in(text);
  std::string line;
  std::getline(in, line);
  if (line != timeseries_csv_header) throw std::runtime_error(fmt::format("line 1: expected the header \"{}\"", timeseries_csv_header));
  std::map<double, std::size_t> bucket_of;
  std::map<std::pair<std::string, std::string>, std::set<std::string>> seen;
  std::vector<std::tuple<Key, double, double>> rows;  // key, bucket start, value
  for (int n = 2; std::getline(in, line); ++n) {
    if (line.empty()) continue;
    const auto f = fields_of(line);
    if (f.size() != 7) throw std::runtime_error(fmt::format("line {}: expected 7 fields, found {}", n, f.size()));
    try {
      if (f[3] == "fault") {
        auto& windows = t.faults_[f[0]];
        if (windows.empty() || windows.back().name != f[4]) windows.push_back({f[4], 0, 0});
        (f[5] == "start_s" ? windows.back().start_s : windows.back().end_s) = number(f[6]).value_or(0);
        continue;
      }
      const auto start = number(f[2]);
      if (!start) throw std::invalid_argument("no bucket");
      // Subjects in the order they first come; a set to find them, or a
      // topology of thousands of services would make this quadratic.
      if (seen[{f[0], f[3]}].insert(f[4]).second) t.subjects_[{f[0], f[3]}].push_back(f[4]);
      bucket_of.emplace(*start, 0);
      if (const auto v = number(f[6])) rows.emplace_back(Key{f[0], f[3], f[4], f[5]}, *start, *v);
    } catch (const std::invalid_argument&) {
      throw std::runtime_error(fmt::format("line {}: a number was expected", n));
    }
  }
  for (auto& [start, index] : bucket_of) {
    index = t.starts_.size();
    t.starts_.push_back(start);
  }
  for (const auto& [key, start, value] : rows) {
    auto& sum = t.sums_[key];
    if (sum.total.empty()) {
      sum.total.assign(t.starts_.size(), 0);
      sum.count.assign(t.starts_.size(), 0);
    }
    const std::size_t k = bucket_of.at(start);
    sum.total[k] += value;
    ++sum.count[k];
  }
  return t;
}

std::vector<std::optional<double>> TimeseriesTable::series(const std::string& variant, const std::string& kind,
                                                           const std::string& subject, const std::string& metric) const {
  const auto it = sums_.find({variant, kind, subject, metric});
  if (it == sums_.end()) return {};
  std::vector<std::optional<double>> out;
  for (std::size_t k = 0; k < it->second.total.size(); ++k)
    out.push_back(it->second.count[k] == 0 ? std::nullopt : std::optional(it->second.total[k] / it->second.count[k]));
  return out;
}

std::vector<std::string> TimeseriesTable::subjects(const std::string& variant, const std::string& kind) const {
  const auto it = subjects_.find({variant, kind});
  return it == subjects_.end() ? std::vector<std::string>{} : it->second;
}

std::vector<FaultWindow> TimeseriesTable::faults(const std::string& variant) const {
  const auto it = faults_.find(variant);
  return it == faults_.end() ? std::vector<FaultWindow>{} : it->second;
}

}  // namespace chaossim::reports
