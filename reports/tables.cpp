#include "reports/tables.hpp"

#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "reports/slo_check.hpp"
#include "sim/edges.hpp"

namespace chaossim::reports {

using nlohmann::ordered_json;

namespace {

std::string number(const ordered_json& v, const char* format = "{:.2f}") {
  if (v.is_null()) return "–";
  return fmt::format(fmt::runtime(format), v.get<double>());
}

std::string percent(const ordered_json& v) { return v.is_null() ? "–" : fmt::format("{:.3f}%", v.get<double>() * 100); }

std::string count(const ordered_json& v) { return fmt::format("{}", v.get<std::uint64_t>()); }

// The share of its busy workers' time spent on requests whose caller had
// given up on them; "–" in results from before it was measured.
std::string wasted_share(const ordered_json& service) {
  if (!service.contains("wasted_busy")) return "–";
  const double busy = service["mean_busy"].get<double>();
  return busy > 0 ? fmt::format("{:.1f}%", service["wasted_busy"].get<double>() / busy * 100) : "0.0%";
}

std::optional<Table> slo_table(const ordered_json& v) {
  const auto& slo = v["slo"];
  if (!slo.is_null()) {
    Table t{fmt::format("SLO for client {}: {}", slo["client"].get<std::string>(), verdict_text(verdict_in(slo))),
            {"check", "objective", "actual", "95% CI", "verdict"},
            {false, true, true, true, false},
            {},
            {}};
    for (const auto& c : slo["checks"]) {
      const Verdict verdict = verdict_in(c);
      const auto interval = interval_in(c, "ci95");
      t.rows.push_back({c["name"].get<std::string>(), fmt::format("{:g}", c["objective"].get<double>()),
                        number(c["actual"], "{:.6g}"),
                        interval ? fmt::format("{:.6g} to {:.6g}", interval->first, interval->second) : "–",
                        verdict_text(verdict)});
      t.failing.push_back(verdict == Verdict::not_met);
    }
    return t;
  }
  return std::nullopt;
}

std::optional<Table> fault_table(const ordered_json& v) {
  if (!v["faults"].empty()) {
    Table t{"Faults and recovery",
            {"#", "fault", "on", "window (s)", "detect (s)", "recover (s)", "breach (s)", "availability in window"},
            {true, false, false, false, true, true, true, true},
            {},
            {}};
    for (const auto& f : v["faults"]) {
      t.rows.push_back({fmt::format("{}", f["index"].get<int>()), f["kind"].get<std::string>(), f["subject"].get<std::string>(),
                        fmt::format("{:g}–{:g}", f["start_s"].get<double>(), f["end_s"].get<double>()),
                        number(f["detect_s"]), f["recover_s"].is_null() ? "never" : number(f["recover_s"]),
                        fmt::format("{:.1f}", f["breach_s"].get<double>()), percent(f["availability"])});
      t.failing.push_back(f["recover_s"].is_null());
    }
    return t;
  }
  return std::nullopt;
}

// What an occurrence drew: the instances it took, a split's groups, or each
// node's view of a majorities ring.
std::string drawn(const ordered_json& o) {
  const auto names = [](const ordered_json& list) {
    std::vector<std::string> out;
    for (const auto& n : list) out.push_back(n.is_string() ? n.get<std::string>() : fmt::format("{}", n.get<int>()));
    return fmt::format("{}", fmt::join(out, ","));
  };
  if (o.contains("instances")) return "instances " + names(o["instances"]);
  if (o.contains("groups")) {
    std::vector<std::string> groups;
    for (const auto& g : o["groups"]) groups.push_back(names(g));
    return fmt::format("{}", fmt::join(groups, " | "));
  }
  if (o.contains("views")) {
    std::vector<std::string> views;
    for (const auto& [node, heard] : o["views"].items()) {
      ordered_json others = ordered_json::array();
      for (const auto& n : heard)
        if (n != node) others.push_back(n);
      views.push_back(node + " hears " + names(others));
    }
    return fmt::format("{}", fmt::join(views, "; "));
  }
  return "–";
}

// Each occurrence of the faults that repeat or draw: at most this many rows
// (results.json holds them all).
constexpr std::size_t most_occurrence_rows = 100;

std::optional<Table> occurrence_table(const ordered_json& v) {
  Table t{"Fault occurrences",
          {"#", "fault", "replication", "occurrence", "window (s)", "detect (s)", "recover (s)", "breach (s)", "availability in window", "drawn"},
          {true, false, true, true, false, true, true, true, true, false},
          {},
          {}};
  std::size_t left_out = 0;
  for (const auto& f : v["faults"]) {
    if (!f.contains("occurrences")) continue;
    const auto& occurrences = f["occurrences"];
    const bool draws = std::any_of(occurrences.begin(), occurrences.end(), [](const ordered_json& o) {
      return o.contains("instances") || o.contains("groups") || o.contains("views");
    });
    const bool repeats = occurrences.size() > f["recover_s_by_replication"].size();
    if (!draws && !repeats) continue;
    for (const auto& o : occurrences) {
      if (t.rows.size() == most_occurrence_rows) {
        ++left_out;
        continue;
      }
      t.rows.push_back({fmt::format("{}", f["index"].get<int>()), f["kind"].get<std::string>(), fmt::format("{}", o["replication"].get<int>()),
                        fmt::format("{}", o["nth"].get<int>()), fmt::format("{:g}–{:g}", o["start_s"].get<double>(), o["end_s"].get<double>()),
                        number(o["detect_s"]), o["recover_s"].is_null() ? "never" : number(o["recover_s"]),
                        fmt::format("{:.1f}", o["breach_s"].get<double>()), percent(o["availability"]), drawn(o)});
      t.failing.push_back(o["recover_s"].is_null());
    }
  }
  if (t.rows.empty()) return std::nullopt;
  if (left_out > 0) {
    t.rows.push_back({"…", fmt::format("{} more in results.json", left_out), "", "", "", "", "", "", "", ""});
    t.failing.push_back(false);
  }
  return t;
}

Table client_table(const ordered_json& v) {
  Table clients{"Clients",
                {"client", "requests", "availability", "95% CI", "degraded", "ok p50 ms", "ok p95 ms", "ok p99 ms",
                 "failed p99 ms"},
                {false, true, true, false, true, true, true, true, true},
                {},
                {}};
  for (const auto& [name, c] : v["clients"].items()) {
    const auto& ci = c["availability_ci95"];
    // Latency of the successes: refusals answered in a millisecond must not
    // make it look good; the failures' is beside it.
    const auto& l = c["success_latency_ms"];
    clients.rows.push_back({name, count(c["requests"]), percent(c["availability"]),
                            ci.is_null() ? "–" : fmt::format("{:.3f}–{:.3f}%", ci[0].get<double>() * 100, ci[1].get<double>() * 100),
                            count(c["degraded"]), number(l["p50"]), number(l["p95"]), number(l["p99"]),
                            number(c["failure_latency_ms"]["p99"])});
    clients.failing.push_back(false);
  }
  return clients;
}

Table service_table(const ordered_json& v) {
  Table services{"Services",
                 {"service", "requests", "utilization", "wasted work", "mean queue", "rejected", "lost", "ok p99 ms",
                  "failed p99 ms"},
                 {false, true, true, true, true, true, true, true, true},
                 {},
                 {}};
  for (const auto& [name, s] : v["services"].items()) {
    services.rows.push_back({name, count(s["requests"]), fmt::format("{:.1f}%", s["utilization"].get<double>() * 100),
                             wasted_share(s), number(s["mean_queue"]), count(s["rejected"]), count(s["lost"]),
                             number(s["success_latency_ms"]["p99"]), number(s["failure_latency_ms"]["p99"])});
    services.failing.push_back(false);
    // Its endpoints below it: their own requests and latencies, on the service's shared workers.
    if (s.contains("endpoints"))
      for (const auto& [endpoint, e] : s["endpoints"].items()) {
        services.rows.push_back({sim::endpoint_subject(name, endpoint), count(e["requests"]), "–", "–", "–", count(e["rejected"]),
                                 "–", number(e["success_latency_ms"]["p99"]), number(e["failure_latency_ms"]["p99"])});
        services.failing.push_back(false);
      }
  }
  return services;
}

// How each autoscaled service scaled.
std::optional<Table> scaling_table(const ordered_json& v) {
  Table scaling{"Autoscaling",
                {"service", "mean instances", "wanted", "scale-outs", "scale-ins", "replaced", "time to scale (s)",
                 "under capacity (s)"},
                {false, true, true, true, true, true, true, true},
                {},
                {}};
  for (const auto& [name, s] : v["services"].items()) {
    if (!s.contains("autoscaling")) continue;
    const auto& a = s["autoscaling"];
    scaling.rows.push_back({name, number(a["mean_instances"], "{:.2f}"), number(a["mean_desired"], "{:.2f}"), count(a["scale_outs"]),
                            count(a["scale_ins"]), count(a["replacements"]), number(a["time_to_scale_s"], "{:.1f}"),
                            number(a["under_capacity_s"], "{:.1f}")});
    scaling.failing.push_back(false);
  }
  if (scaling.rows.empty()) return std::nullopt;
  return scaling;
}

// What the clients lost while some autoscaled service had fewer instances in service than it wanted.
std::optional<Table> under_capacity_table(const ordered_json& v) {
  Table lost{"While under capacity",
             {"client", "requests ended", "availability", "availability lost (points)", "availability overall"},
             {false, true, true, true, true},
             {},
             {}};
  for (const auto& [name, c] : v["clients"].items()) {
    if (!c.contains("under_capacity")) continue;
    const auto& u = c["under_capacity"];
    lost.rows.push_back({name, count(u["requests"]), percent(u["availability"]),
                         fmt::format("{:.3f}", u["availability_lost"].get<double>() * 100), percent(c["availability"])});
    lost.failing.push_back(false);
  }
  if (lost.rows.empty()) return std::nullopt;
  return lost;
}

// What each service that sheds load turned away, by cause, and its endpoints'.
std::optional<Table> shedding_table(const ordered_json& v) {
  Table shed{"Load shedding",
             {"service", "requests", "shed", "share", "rate limit", "concurrency", "queue delay", "ok p99 ms"},
             {false, true, true, true, true, true, true, true},
             {},
             {}};
  const auto row = [&shed](const std::string& subject, const ordered_json& s) {
    const auto& d = s["shed"];
    shed.rows.push_back({subject, count(s["requests"]), count(d["total"]), percent(d["fraction"]), count(d["rate_limit"]),
                         count(d["concurrency"]), count(d["queue_delay"]), number(s["success_latency_ms"]["p99"])});
    shed.failing.push_back(false);
  };
  for (const auto& [name, s] : v["services"].items()) {
    if (!s.contains("shed")) continue;
    row(name, s);
    if (s.contains("endpoints"))
      for (const auto& [endpoint, e] : s["endpoints"].items())
        if (e.contains("shed")) row(sim::endpoint_subject(name, endpoint), e);
  }
  if (shed.rows.empty()) return std::nullopt;
  return shed;
}

// How each service's worker pools were used, borrowing included.
std::optional<Table> pools_table(const ordered_json& v) {
  Table pools{"Worker pools",
              {"pool", "reserved + borrow", "requests", "mean busy", "mean borrowed", "borrowed", "mean queue", "refused",
               "timed out"},
              {false, false, true, true, true, true, true, true, true},
              {},
              {}};
  for (const auto& [name, s] : v["services"].items()) {
    if (!s.contains("pools")) continue;
    for (const auto& [pool, p] : s["pools"].items()) {
      pools.rows.push_back({name + "/" + pool, fmt::format("{} + {}", p["reserved"].get<int>(), p["max_borrow"].get<int>()),
                            count(p["requests"]), number(p["mean_busy"]), number(p["mean_borrowed"]), count(p["borrowed"]),
                            number(p["mean_queue"]), count(p["rejected"]), count(p["timed_out"])});
      pools.failing.push_back(false);
    }
  }
  if (pools.rows.empty()) return std::nullopt;
  return pools;
}

Table edge_table(const ordered_json& v) {
  Table edges{"Calls",
              {"edge", "pipeline", "calls", "retry amplification", "timeouts", "fallbacks", "circuit open (s)",
               "half-open (s)", "rejected"},
              {false, false, true, true, true, true, true, true, true},
              {},
              {}};
  for (const auto& e : v["edges"]) {
    std::uint64_t rejected = 0;
    for (const auto& [pattern, n] : e["rejected"].items()) rejected += n.get<std::uint64_t>();
    const auto side = [&](const char* service, const char* endpoint) {
      const std::string name = e[service].get<std::string>();
      return e.contains(endpoint) && e[endpoint].is_string() ? sim::endpoint_subject(name, e[endpoint].get<std::string>()) : name;
    };
    edges.rows.push_back({side("from", "from_endpoint") + " → " + side("to", "to_endpoint") +
                              (e["role"].get<std::string>() == "call" ? "" : " (" + e["role"].get<std::string>() + ")"),
                          e["pipeline"].is_null() ? "–" : e["pipeline"].get<std::string>(), count(e["calls"]),
                          number(e["retry_amplification"], "{:.3f}"), count(e["timeouts"]), count(e["fallbacks"]),
                          number(e["circuit_open_s"], "{:.1f}"),
                          e.contains("circuit_half_open_s") ? number(e["circuit_half_open_s"], "{:.1f}") : "–",
                          fmt::format("{}", rejected)});
    edges.failing.push_back(false);
  }
  return edges;
}

}  // namespace

std::vector<Table> result_tables(const ordered_json& v) {
  std::vector<Table> out;
  if (auto t = slo_table(v)) out.push_back(std::move(*t));
  if (auto t = fault_table(v)) out.push_back(std::move(*t));
  if (auto t = occurrence_table(v)) out.push_back(std::move(*t));
  out.push_back(client_table(v));
  out.push_back(service_table(v));
  if (auto t = scaling_table(v)) out.push_back(std::move(*t));
  if (auto t = under_capacity_table(v)) out.push_back(std::move(*t));
  if (auto t = shedding_table(v)) out.push_back(std::move(*t));
  if (auto t = pools_table(v)) out.push_back(std::move(*t));
  out.push_back(edge_table(v));
  return out;
}

}  // namespace chaossim::reports
