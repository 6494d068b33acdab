#include "reports/slo_check.hpp"

#include <algorithm>
#include <stdexcept>

namespace chaossim::reports {

const char* verdict_name(Verdict v) {
  switch (v) {
    case Verdict::met: return "met";
    case Verdict::not_met: return "not_met";
    case Verdict::inconclusive: return "inconclusive";
  }
  return "not_met";
}

const char* verdict_text(Verdict v) {
  switch (v) {
    case Verdict::met: return "met";
    case Verdict::not_met: return "not met";
    case Verdict::inconclusive: return "inconclusive";
  }
  return "not met";
}

Verdict verdict_in(const nlohmann::ordered_json& judged) {
  if (judged.contains("verdict")) {
    const auto name = judged["verdict"].get<std::string>();
    if (name == "inconclusive") return Verdict::inconclusive;
    return name == "met" ? Verdict::met : Verdict::not_met;
  }
  if (!judged.contains("met") || !judged["met"].is_boolean()) throw std::runtime_error("an SLO verdict without \"met\"");
  return judged["met"].get<bool>() ? Verdict::met : Verdict::not_met;
}

std::optional<Interval> interval_in(const nlohmann::ordered_json& object, const std::string& key) {
  if (!object.is_object() || !object.contains(key)) return std::nullopt;
  const auto& x = object[key];
  if (!x.is_array() || x.size() != 2 || !x[0].is_number() || !x[1].is_number()) return std::nullopt;
  return Interval(x[0].get<double>(), x[1].get<double>());
}

Verdict worst(const std::vector<Verdict>& verdicts) {
  if (std::count(verdicts.begin(), verdicts.end(), Verdict::not_met) > 0) return Verdict::not_met;
  if (std::count(verdicts.begin(), verdicts.end(), Verdict::inconclusive) > 0) return Verdict::inconclusive;
  return Verdict::met;
}

SloCheck judge(SloCheck c) {
  const auto good = [&](double x) { return c.higher_is_better ? x >= c.objective : x <= c.objective; };
  if (!c.actual) {
    c.verdict = Verdict::not_met;
  } else if (!c.ci95) {
    c.verdict = good(*c.actual) ? Verdict::met : Verdict::not_met;
  } else {
    const bool low_good = good(c.ci95->first), high_good = good(c.ci95->second);
    c.verdict = low_good && high_good ? Verdict::met : !low_good && !high_good ? Verdict::not_met : Verdict::inconclusive;
  }
  return c;
}

double slo_quantile(const std::string& name) {
  if (name == "p50") return 0.50;
  if (name == "p90") return 0.90;
  if (name == "p95") return 0.95;
  if (name == "p99") return 0.99;
  return 0.999;
}

Verdict SteadyWindow::verdict() const {
  std::vector<Verdict> each;
  for (const auto& c : checks) each.push_back(c.verdict);
  return worst(each);
}

}  // namespace chaossim::reports
