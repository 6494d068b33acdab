// A client's arrivals: the process, its rate (a number, a ramp, or a profile
// of points or of a CSV file beside the scenario) and bursts.
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "scenarios/readers.hpp"
#include "scenarios/units.hpp"

namespace chaossim::scenarios {
namespace {

const EnumTable<ArrivalProcess> processes{
    {"poisson", ArrivalProcess::poisson}, {"constant", ArrivalProcess::constant}, {"closed", ArrivalProcess::closed}};
const EnumTable<Interpolation> interpolations{{"linear", Interpolation::linear}, {"step", Interpolation::step}};

// A profile file is data, not a scenario: bounded so that a wrong path (a
// log, a device) is refused rather than read for minutes.
constexpr std::uintmax_t largest_profile_file = 64ull << 20;
constexpr std::size_t most_profile_points = 1000000;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// A CSV cell: a bare number in the column's base unit, or a quantity with its unit.
std::optional<double> cell_value(std::string_view text, Quantity (*parse)(std::string_view)) {
  const std::string s(text);
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(s.c_str(), &end);
  if (!s.empty() && end == s.c_str() + s.size() && errno == 0 && std::isfinite(v)) return v;
  return parse(text).value;
}

// The points of a CSV profile ("time,rate" rows), or the first problem, as "file:line: ...".
struct CsvPoints {
  std::vector<RampPoint> points;
  std::string problem;
};

CsvPoints read_profile_csv(const std::filesystem::path& path, const std::string& shown) {
  CsvPoints out;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    out.problem = fmt::format("{}: {}, expected a CSV file of \"time,rate\" rows beside the scenario", shown,
                              std::filesystem::exists(path, ec) ? "not a regular file" : "no such file");
    return out;
  }
  if (std::filesystem::file_size(path, ec) > largest_profile_file) {
    out.problem = fmt::format("{}: larger than {} MiB, expected a profile of at most {} rows", shown, largest_profile_file >> 20,
                              most_profile_points);
    return out;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    out.problem = fmt::format("{}: cannot read it ({})", shown, std::strerror(errno));
    return out;
  }
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    const std::string_view text = trim(line);
    if (text.empty() || text.front() == '#') continue;
    const auto comma = text.find(',');
    const auto fail = [&](std::string what) {
      out.problem = fmt::format("{}:{}: found \"{}\", expected {}", shown, number, text.substr(0, 60), what);
      return out;
    };
    if (comma == std::string_view::npos || text.find(',', comma + 1) != std::string_view::npos)
      return fail("two columns, time and rate (\"3600,120\" or \"1h,120/s\")");
    const auto time = trim(text.substr(0, comma)), rate = trim(text.substr(comma + 1));
    if (out.points.empty() && time == "time" && rate == "rate") continue;  // the header
    const auto at = cell_value(time, parse_duration);
    const auto per_s = cell_value(rate, parse_rate);
    if (!at || *at < 0) return fail("a time of 0 or more, in seconds or with a unit (\"90\", \"1.5m\")");
    if (!per_s || *per_s < 0) return fail("a rate of 0 or more, per second or with a unit (\"120\", \"7200/h\")");
    if (out.points.empty() && *at != 0) return fail("the first row at time 0 (a profile starts at 0 s)");
    if (!out.points.empty() && *at <= out.points.back().at_s) return fail("rows in increasing order of time");
    if (out.points.size() == most_profile_points) return fail(fmt::format("at most {} rows", most_profile_points));
    out.points.push_back({*at, *per_s});
  }
  if (out.points.empty()) out.problem = fmt::format("{}: no rows, expected \"time,rate\" rows from time 0", shown);
  return out;
}

// A ramp's points (rates above 0, from `rate` at 0 s) or a profile's (from 0 s, rates of 0 allowed).
std::vector<RampPoint> read_points(LoadContext& ctx, const json* node, const JsonPath& path, bool profile) {
  std::vector<RampPoint> points;
  for_each_element(ctx, node, path, [&](const json& p, const JsonPath& pp) {
    ObjectReader pr(ctx, &p, pp, specs::ramp_point);
    const auto at = pr.duration("at", Need::required);
    const auto rate = pr.rate("rate", Need::required, profile);
    if (!at || !rate) return;
    if (profile && points.empty() && *at != 0) return pr.error("at", fmt::format("found {}s, expected the first point at \"0s\"", *at));
    if (!points.empty() && *at <= points.back().at_s)
      return pr.error("at", fmt::format("found {}s, expected {} points in increasing order of \"at\"", *at, profile ? "profile" : "ramp"));
    points.push_back({*at, *rate});
  });
  return points;
}

std::optional<RateProfile> read_profile(LoadContext& ctx, const json* node, const JsonPath& path) {
  ObjectReader r(ctx, node, path, specs::rate_profile);
  RateProfile p;
  const std::size_t errors_before = ctx.error_count();
  if (r.has("points") == r.has("file")) {
    r.error("points", "expected either \"points\" or \"file\" (a CSV of \"time,rate\" rows), not both or neither");
    return std::nullopt;
  }
  if (r.has("points")) {
    p.points = read_points(ctx, r.get("points"), r.path_of("points"), true);
  } else if (auto file = r.string("file", Need::required)) {
    const auto beside = std::filesystem::path(ctx.file()).parent_path() / *file;
    CsvPoints csv = read_profile_csv(beside, *file);
    if (!csv.problem.empty()) r.error("file", csv.problem);
    p.points = std::move(csv.points);
    p.file = *file;
  }
  p.interpolation = r.enumeration("interpolation", Need::optional, interpolations).value_or(Interpolation::linear);
  p.period_s = r.duration("period", Need::optional, Bounds::above(0));
  if (ctx.error_count() != errors_before) return std::nullopt;
  if (p.peak() <= 0) r.error(r.has("points") ? "points" : "file", "every rate is 0, expected at least one above 0");
  if (p.period_s && !p.points.empty() && p.points.back().at_s >= *p.period_s)
    r.error("period", fmt::format("{}s, expected a period longer than the time of the last point ({}s)", *p.period_s,
                                  p.points.back().at_s));
  if (ctx.error_count() != errors_before) return std::nullopt;
  return p;
}

std::vector<Burst> read_bursts(LoadContext& ctx, const json* node, const JsonPath& path) {
  std::vector<Burst> bursts;
  for_each_element(ctx, node, path, [&](const json& b, const JsonPath& bp) {
    ObjectReader br(ctx, &b, bp, specs::burst);
    const auto at = br.duration("at", Need::required);
    const auto requests = br.integer("requests", Need::required, Bounds::between(1, 10000000));
    if (at && requests) bursts.push_back({*at, static_cast<int>(*requests)});
  });
  return bursts;
}

}  // namespace

Arrival read_arrival(LoadContext& ctx, const json* node, const JsonPath& path) {
  ObjectReader r(ctx, node, path, specs::arrival);
  Arrival a;
  auto process = r.enumeration("process", Need::required, processes);
  if (!process) return a;
  a.process = *process;
  if (a.process == ArrivalProcess::closed) {
    r.forbid("rate", "a closed-loop arrival has \"users\" and \"think\", not a rate");
    r.forbid("ramp", "ramps apply to open-loop (poisson, constant) arrivals");
    r.forbid("profile", "profiles apply to open-loop (poisson, constant) arrivals");
    r.forbid("bursts", "bursts apply to open-loop (poisson, constant) arrivals: a closed loop's users each wait for their answer");
    a.users = static_cast<int>(r.integer("users", Need::required, Bounds::between(1, 1000000)).value_or(1));
    a.think_s = r.duration("think", Need::optional).value_or(0);
    return a;
  }
  r.forbid("users", "only closed-loop arrivals have users");
  r.forbid("think", "only closed-loop arrivals have a think time");
  a.bursts = read_bursts(ctx, r.get("bursts"), r.path_of("bursts"));
  if (r.has("profile")) {
    r.forbid("rate", "a profile gives the rate at every time");
    r.forbid("ramp", "a profile gives the rate at every time: put the ramp's points in it");
    a.profile = read_profile(ctx, r.get("profile"), r.path_of("profile"));
    if (a.profile && a.process == ArrivalProcess::constant)
      for (const auto& p : a.profile->points)
        if (p.rate_per_s <= 0) {
          r.error("profile", "a rate of 0 in the profile of a constant process, expected rates above 0 (a constant process "
                             "sends every 1/rate and has no quiet time to wait out; use \"poisson\")");
          break;
        }
    return a;
  }
  a.rate_per_s = r.rate("rate", Need::required).value_or(1);
  a.ramp = read_points(ctx, r.get("ramp"), r.path_of("ramp"), false);
  return a;
}

}  // namespace chaossim::scenarios
