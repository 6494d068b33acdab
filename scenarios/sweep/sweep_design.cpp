#include "scenarios/sweep/sweep_design.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace chaossim::scenarios {
namespace {

// splitmix64: a few lines, the same draws everywhere (std::uniform_*_distribution
// is not specified bit for bit).
class DesignRandom {
 public:
  explicit DesignRandom(std::uint64_t seed) : state_(seed) {}
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)
  std::size_t below(std::size_t n) { return std::min(n - 1, static_cast<std::size_t>(uniform() * static_cast<double>(n))); }

 private:
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  std::uint64_t state_;
};

double significant(double x, int digits) {
  if (x == 0 || !std::isfinite(x)) return x;
  return std::stod(fmt::format("{:.{}g}", x, digits));
}

std::vector<std::vector<json>> grid(const std::vector<SweepParameter>& parameters) {
  std::vector<std::vector<json>> out;
  if (parameters.empty()) return out;
  std::vector<std::size_t> index(parameters.size(), 0);
  const std::size_t total = grid_size(parameters);
  out.reserve(total);
  for (std::size_t n = 0; n < total; ++n) {
    auto& point = out.emplace_back();
    for (std::size_t p = 0; p < parameters.size(); ++p) point.push_back(parameters[p].values.grid[index[p]]);
    // The last parameter varies fastest.
    for (std::size_t p = parameters.size(); p-- > 0;) {
      if (++index[p] < parameters[p].values.grid.size()) break;
      index[p] = 0;
    }
  }
  return out;
}

std::vector<std::vector<json>> drawn(const SweepFile& sweep, bool latin) {
  DesignRandom random(sweep.design.seed);
  const auto n = static_cast<std::size_t>(sweep.design.points);
  // Latin hypercube: each parameter's span cut in n strata, each stratum
  // used by exactly one point, the strata paired across parameters at random.
  std::vector<std::vector<std::size_t>> strata(sweep.parameters.size());
  if (latin) {
    for (auto& order : strata) {
      order.resize(n);
      for (std::size_t i = 0; i < n; ++i) order[i] = i;
      for (std::size_t i = n; i-- > 1;) std::swap(order[i], order[random.below(i + 1)]);
    }
  }
  std::vector<std::vector<json>> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t p = 0; p < sweep.parameters.size(); ++p) {
      const double u = latin ? (static_cast<double>(strata[p][i]) + random.uniform()) / static_cast<double>(n) : random.uniform();
      out[i].push_back(value_at(sweep.parameters[p].values, u));
    }
  }
  return out;
}

}  // namespace

json parameter_value(double x, bool integral, const std::string& unit) {
  if (integral) {
    const auto whole = static_cast<long long>(std::llround(x));
    return unit.empty() ? json(whole) : json(fmt::format("{}{}", whole, unit));
  }
  const double rounded = significant(x, 12);
  return unit.empty() ? json(rounded) : json(fmt::format("{}{}", rounded, unit));
}

std::size_t range_size(double from, double to, double step) {
  const double steps = std::floor((to - from) / step + 1e-9);
  if (!(steps >= 0)) return 0;
  if (steps >= static_cast<double>(max_sweep_points)) return max_sweep_points + 1;
  return static_cast<std::size_t>(steps) + 1;
}

std::vector<json> range_values(double from, double to, double step, bool integral, const std::string& unit) {
  std::vector<json> out;
  const std::size_t n = std::min(range_size(from, to, step), max_sweep_points + 1);
  for (std::size_t i = 0; i < n; ++i) out.push_back(parameter_value(from + static_cast<double>(i) * step, integral, unit));
  return out;
}

std::vector<json> log_range_values(double from, double to, int points, const std::string& unit) {
  std::vector<json> out;
  for (int i = 0; i < points; ++i) {
    const double f = points == 1 ? 0 : static_cast<double>(i) / (points - 1);
    out.push_back(parameter_value(significant(from * std::pow(to / from, f), 6), false, unit));
  }
  return out;
}

json value_at(const ParameterValues& values, double u) {
  u = std::clamp(u, 0.0, std::nextafter(1.0, 0.0));
  if (values.kind == ParameterValues::Kind::log_range) {
    const double x = values.from * std::pow(values.to / values.from, u);
    const bool whole = std::floor(values.from) == values.from && std::floor(values.to) == values.to;
    return parameter_value(whole ? std::round(x) : significant(x, 6), whole, values.unit);
  }
  // A list or a range: its values are strata of equal width, so a range
  // keeps to its steps.
  const auto i = static_cast<std::size_t>(u * static_cast<double>(values.grid.size()));
  return values.grid[std::min(i, values.grid.size() - 1)];
}

std::size_t grid_size(const std::vector<SweepParameter>& parameters) {
  std::size_t total = 1;
  for (const auto& p : parameters) {
    const std::size_t n = p.values.grid.size();
    if (n == 0) return 0;
    if (total > (max_sweep_points + 1) / n) return max_sweep_points + 1;
    total *= n;
  }
  return std::min(total, max_sweep_points + 1);
}

std::vector<std::vector<json>> design_points(const SweepFile& sweep) {
  switch (sweep.design.kind) {
    case SweepDesign::Kind::grid: return grid(sweep.parameters);
    case SweepDesign::Kind::random: return drawn(sweep, false);
    case SweepDesign::Kind::latin_hypercube: return drawn(sweep, true);
    case SweepDesign::Kind::bisect: return {};
  }
  return {};
}

std::string point_id(std::size_t index, std::size_t count) {
  std::size_t width = 4;
  for (std::size_t limit = 10'000; count > limit && width < 19; limit *= 10) ++width;
  return fmt::format("p{:0{}}", index, width);
}

}  // namespace chaossim::scenarios
