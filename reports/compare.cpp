#include "reports/compare.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "reports/statistics.hpp"
#include "sim/histogram.hpp"

namespace chaossim::reports {

using nlohmann::ordered_json;

namespace {

using Samples = std::vector<std::optional<double>>;  // one per replication

// The step a metric is measured in: no difference smaller than one is told
// apart from none (a latency quantile: its histogram bin; a recovery: a bucket).
enum class Step { none, latency_bin, bucket };

struct Extracted {
  std::string metric, better;
  Samples samples;
  Step step = Step::none;
};

Samples samples_of(const ordered_json& array) {
  Samples out;
  for (const auto& x : array) out.push_back(x.is_null() ? std::nullopt : std::optional(x.get<double>()));
  return out;
}

// The rows of one results object, in a fixed order.
std::vector<Extracted> extract(const ordered_json& r) {
  std::vector<Extracted> out;
  for (const auto& [name, c] : r["clients"].items()) {
    const std::string at = "clients." + name + ".";
    out.push_back({at + "availability", "higher", samples_of(c["availability_by_replication"])});
    out.push_back({at + "degraded_fraction", "lower", samples_of(c["degraded_fraction_by_replication"])});
    // Successes' latency, so that a variant failing fast does not look faster
    // (results from before v1.1 have only every answered request's).
    const bool by_success = c.contains("success_latency_ms_by_replication");
    const std::string latency = by_success ? "success_latency_ms" : "latency_ms";
    for (const char* q : {"p50", "p95", "p99"})
      out.push_back({at + latency + "." + q, "lower", samples_of(c[latency + "_by_replication"][q]), Step::latency_bin});
  }
  for (const auto& f : r["faults"]) {
    const std::string at = fmt::format("faults.{}.", f["index"].get<int>());
    out.push_back({at + "recover_s", "lower", samples_of(f["recover_s_by_replication"]), Step::bucket});
    out.push_back({at + "detect_s", "lower", samples_of(f["detect_s_by_replication"])});
  }
  for (const auto& [name, s] : r["services"].items())
    if (s.contains("wasted_busy_by_replication"))  // work done for callers that had given up
      out.push_back({"services." + name + ".wasted_busy", "lower", samples_of(s["wasted_busy_by_replication"])});
  for (std::size_t e = 0; e < r["edges"].size(); ++e) {
    const auto& edge = r["edges"][e];
    if (edge["pipeline"].is_null()) continue;  // nothing to retry or reject there
    const std::string at = fmt::format("edges.{}.", e);
    out.push_back({at + "retry_amplification", "lower", samples_of(edge["retry_amplification_by_replication"])});
    // Rejections protect as much as they refuse: no direction is better.
    out.push_back({at + "rejected", "", samples_of(edge["rejected_by_replication"])});
  }
  return out;
}

std::optional<double> mean_of(const Samples& s) {
  std::vector<double> present;
  for (const auto& x : s)
    if (x) present.push_back(*x);
  if (present.empty()) return std::nullopt;
  return mean(present);
}

// How wide a step is at `value`. Each figure is known to half its step
// either side: their difference to the sum of the halves.
double step_at(Step step, double value, double bucket_s) {
  switch (step) {
    case Step::none: return 0;
    case Step::latency_bin: return sim::LatencyHistogram::resolution_at(value / 1e3) * 1e3;
    case Step::bucket: return bucket_s;
  }
  return 0;
}

Difference difference(const Samples& variant, const Samples& baseline, bool pair, Step step, double bucket_s) {
  std::vector<double> paired, a, b;
  for (std::size_t i = 0; i < std::min(variant.size(), baseline.size()); ++i)
    if (variant[i] && baseline[i]) paired.push_back(*variant[i] - *baseline[i]);
  for (const auto& x : variant)
    if (x) a.push_back(*x);
  for (const auto& x : baseline)
    if (x) b.push_back(*x);
  Difference d;
  if (!pair) {
    if (a.empty() || b.empty()) return d;
    d.mean = mean(a) - mean(b);
    d.unpaired_ci95 = welch_ci(a, b);
    d.ci95 = d.unpaired_ci95;
  } else {
    if (paired.empty()) return d;
    d.mean = mean(paired);
    d.ci95 = mean_ci(paired);
    d.unpaired_ci95 = welch_ci(a, b);
  }
  if (d.mean && step != Step::none) {
    const double floor = (step_at(step, mean(a), bucket_s) + step_at(step, mean(b), bucket_s)) / 2;
    for (auto* ci : {&d.ci95, &d.unpaired_ci95})
      if (*ci) **ci = {std::min((*ci)->first, *d.mean - floor), std::max((*ci)->second, *d.mean + floor)};
  }
  d.significant = d.ci95 && (d.ci95->first > 0 || d.ci95->second < 0);
  return d;
}

std::string number_text(const ordered_json& x) { return x.is_null() ? "none" : x.dump(); }

ordered_json optional_number(const std::optional<double>& x) { return x ? ordered_json(*x) : ordered_json(nullptr); }
ordered_json interval(const std::optional<std::pair<double, double>>& x) {
  return x ? ordered_json::array({x->first, x->second}) : ordered_json(nullptr);
}

}  // namespace

std::string pairing_problem(const Compared& a, const Compared& b) {
  const auto& x = *a.results;
  const auto& y = *b.results;
  std::vector<std::string> differences;
  for (const char* key : {"scenario", "duration_s", "warmup_s", "bucket_s", "seed", "replications"}) {
    const ordered_json none;
    const auto& u = x.contains(key) ? x[key] : none;
    const auto& v = y.contains(key) ? y[key] : none;
    if (u != v) differences.push_back(fmt::format("{} {} and {}", key, number_text(u), number_text(v)));
  }
  if (differences.empty()) return {};
  return fmt::format("\"{}\" and \"{}\" cannot be paired replication by replication: {}", a.name, b.name,
                     fmt::join(differences, ", "));
}

Comparison compare(const std::vector<Compared>& variants, const std::string& baseline, bool unpaired) {
  if (variants.size() < 2) throw std::invalid_argument("compare needs two variants or more");
  const auto base_it = std::find_if(variants.begin(), variants.end(), [&](const Compared& v) { return v.name == baseline; });
  if (base_it == variants.end()) throw std::invalid_argument(fmt::format("no variant \"{}\" to take as the baseline", baseline));
  Comparison c;
  for (const auto& v : variants) {
    if (const std::string problem = pairing_problem(*base_it, v); !problem.empty()) {
      if (!unpaired)
        throw std::invalid_argument(problem + " (give --unpaired to compare them anyway, with Welch intervals)");
      c.paired = false;
      c.notes.push_back(problem + ": compared unpaired");
    } else if (v.results->value("scenario_hash", "") != base_it->results->value("scenario_hash", "")) {
      c.notes.push_back(fmt::format("\"{}\" and \"{}\" ran different versions of the scenario file: the comparison is "
                                    "of their configurations", base_it->name, v.name));
    }
  }
  const auto& first = *base_it->results;
  const double bucket_s = first.value("bucket_s", 1.0);
  c.scenario = first["scenario"].get<std::string>();
  c.baseline = baseline;
  c.replications = first["replications"].get<int>();
  for (const auto& v : variants) c.variants.push_back(v.name);

  // Rows in the order the baseline lists them; a metric a variant lacks (a
  // fault another file does not have) is null there.
  std::vector<std::map<std::string, Extracted>> by_variant;
  for (const auto& v : variants) {
    auto& m = by_variant.emplace_back();
    for (auto& x : extract(*v.results)) m.emplace(x.metric, std::move(x));
  }
  const std::size_t base = static_cast<std::size_t>(base_it - variants.begin());
  for (const auto& row : extract(*base_it->results)) {
    MetricRow out;
    out.metric = row.metric;
    out.better = row.better;
    bool any_significant = false;
    for (std::size_t i = 0; i < variants.size(); ++i) {
      const auto it = by_variant[i].find(row.metric);
      const Samples none;
      const Samples& samples = it == by_variant[i].end() ? none : it->second.samples;
      out.values.push_back(mean_of(samples));
      out.diff.push_back(i == base ? Difference{} : difference(samples, row.samples, c.paired, row.step, bucket_s));
      any_significant = any_significant || out.diff.back().significant;
    }
    if (!out.better.empty() && any_significant) {
      std::optional<std::size_t> best;
      for (std::size_t i = 0; i < variants.size(); ++i) {
        if (!out.values[i]) continue;
        const bool better = !best || (out.better == "higher" ? *out.values[i] > *out.values[*best] : *out.values[i] < *out.values[*best]);
        if (better) best = i;
      }
      if (best) out.best = variants[*best].name;
    }
    c.rows.push_back(std::move(out));
  }
  return c;
}

ordered_json compare_json(const Comparison& c) {
  ordered_json j;
  j["schema"] = compare_schema_id;
  j["scenario"] = c.scenario;
  j["baseline"] = c.baseline;
  j["variants"] = c.variants;
  j["replications"] = c.replications;
  j["paired"] = c.paired;
  j["notes"] = c.notes;
  ordered_json rows = ordered_json::array();
  for (const auto& r : c.rows) {
    ordered_json row;
    row["metric"] = r.metric;
    row["better"] = r.better.empty() ? ordered_json(nullptr) : ordered_json(r.better);
    ordered_json values = ordered_json::object();
    ordered_json diff = ordered_json::object();
    for (std::size_t i = 0; i < c.variants.size(); ++i) {
      values[c.variants[i]] = optional_number(r.values[i]);
      if (c.variants[i] == c.baseline) continue;
      const auto& d = r.diff[i];
      diff[c.variants[i]] = {{"mean", optional_number(d.mean)},
                             {"ci95", interval(d.ci95)},
                             {"significant", d.significant},
                             {"unpaired_ci95", interval(d.unpaired_ci95)}};
    }
    row["values"] = std::move(values);
    row["diff"] = std::move(diff);
    row["best"] = r.best ? ordered_json(*r.best) : ordered_json(nullptr);
    rows.push_back(std::move(row));
  }
  j["metrics"] = std::move(rows);
  return j;
}

std::string compare_table(const Comparison& c) {
  std::string out = fmt::format("{} · {} replication{} {} · baseline {}\n", c.scenario, c.replications,
                                c.replications == 1 ? "" : "s", c.paired ? "paired by seed" : "UNPAIRED (Welch)", c.baseline);
  for (const auto& note : c.notes) out += "  note: " + note + "\n";
  out += fmt::format("  {:<34}", "metric");
  for (const auto& v : c.variants) out += fmt::format(" {:>26}", v);
  out += "\n";
  for (const auto& r : c.rows) {
    out += fmt::format("  {:<34}", r.metric);
    for (std::size_t i = 0; i < c.variants.size(); ++i) {
      std::string cellv = r.values[i] ? fmt::format("{:.4g}", *r.values[i]) : "–";
      const auto& d = r.diff[i];
      if (c.variants[i] != c.baseline && d.mean)
        cellv += fmt::format(" ({:+.3g}{})", *d.mean, d.significant ? "*" : "");
      if (r.best && *r.best == c.variants[i]) cellv += " best";
      out += fmt::format(" {:>26}", cellv);
    }
    out += "\n";
  }
  out += fmt::format("  (+x): {} difference to the baseline; *: its 95% confidence interval excludes 0\n",
                     c.paired ? "paired" : "unpaired");
  return out;
}

}  // namespace chaossim::reports
