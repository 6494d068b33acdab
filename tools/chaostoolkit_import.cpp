#include "tools/chaostoolkit_import.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "scenarios/json_document.hpp"
#include "scenarios/object_reader.hpp"
#include "scenarios/units.hpp"

namespace chaossim::tools {

namespace {

using json = nlohmann::ordered_json;
using scenarios::JsonPath;
using scenarios::LoadContext;

constexpr scenarios::DocumentLimits experiment_document{std::size_t{8} << 20, 256, "a Chaos Toolkit experiment"};

std::string seconds(double s) { return fmt::format("{}s", std::round(s * 1e6) / 1e6); }

const json* member(const json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  const auto it = object.find(std::string(key));
  return it == object.end() ? nullptr : &*it;
}

std::optional<std::string> text(const json* args, std::string_view key) {
  const json* v = args ? member(*args, key) : nullptr;
  return v && v->is_string() ? std::optional(v->get<std::string>()) : std::nullopt;
}

std::optional<double> number(const json* args, std::string_view key) {
  const json* v = args ? member(*args, key) : nullptr;
  return v && v->is_number() ? std::optional(v->get<double>()) : std::nullopt;
}

bool flag(const json* args, std::string_view key) {
  const json* v = args ? member(*args, key) : nullptr;
  return v && v->is_boolean() && v->get<bool>();
}

// "app=api,tier=web" -> "api": the first selector's value names the service.
std::string from_selector(const std::string& selector) {
  const auto eq = selector.find('=');
  const auto end = selector.find(',');
  if (eq == std::string::npos) return selector;
  return selector.substr(eq + 1, end == std::string::npos ? std::string::npos : end - eq - 1);
}

// "http://api.default.svc:8080/health" -> "api".
std::string host_of(const std::string& url) {
  auto start = url.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  const auto end = url.find_first_of(":/.", start);
  return url.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

// What one action does to the timeline.
struct Effect {
  std::optional<json> fault;          // starts a fault (its kind and keys, without at and for)
  std::optional<std::string> opens;   // ... which lasts until something closes this key
  std::vector<std::string> closes;    // ends the open faults of these keys ("toxic:proxy:*" ends a proxy's toxics)
  std::string unmapped;               // why not, when it does nothing
};

Effect starts(json fault, std::optional<std::string> opens = std::nullopt) { return {std::move(fault), std::move(opens), {}, {}}; }
Effect ends(std::vector<std::string> keys) { return {std::nullopt, std::nullopt, std::move(keys), {}}; }
Effect none(std::string why) { return {std::nullopt, std::nullopt, {}, std::move(why)}; }

class Importer {
 public:
  Importer(LoadContext& ctx, const json& base, const ImportOptions& options, ImportResult& out)
      : ctx_(ctx), base_(base), options_(options), out_(out) {
    duration_s_ = duration_of("duration").value_or(0);
    warmup_s_ = duration_of("warmup").value_or(0);
    cursor_ = options.start_s.value_or(warmup_s_ + 30);
  }

  void run(const json& experiment) {
    if (!experiment.is_object()) {
      ctx_.error(JsonPath(), "found " + scenarios::describe(experiment) + ", expected a Chaos Toolkit experiment (an object with a method)");
      return;
    }
    const json* method = member(experiment, "method");
    if (method == nullptr || !method->is_array()) {
      ctx_.error(JsonPath() / "method", method ? scenarios::describe(*method) + ", expected an array of activities"
                                               : "missing required key \"method\" (the experiment's activities)");
      return;
    }
    if (cursor_ >= duration_s_)
      ctx_.error(JsonPath(), fmt::format("the method would start at {}, past the base scenario's duration ({}); expected --start "
                                         "within the run", seconds(cursor_), seconds(duration_s_)));
    for (std::size_t i = 0; i < method->size(); ++i) activity((*method)[i], JsonPath() / "method" / i, false);
    const double method_end = cursor_;
    if (const json* rollbacks = member(experiment, "rollbacks"); rollbacks && rollbacks->is_array())
      for (std::size_t i = 0; i < rollbacks->size(); ++i) {
        cursor_ = method_end;
        activity((*rollbacks)[i], JsonPath() / "rollbacks" / i, true);
      }
    // What nothing undid lasts to the run's end.
    for (auto& o : open_) end_fault(o.fault, duration_s_);
    open_.clear();
    hypothesis(member(experiment, "steady-state-hypothesis"));
    if (ctx_.error_count() > 0) return;
    json scenario = base_;
    if (const json* faults = member(base_, "faults"); faults && faults->is_array() && !faults->empty())
      out_.unmapped.push_back(fmt::format("the base scenario's {} fault(s): replaced by the experiment's", faults->size()));
    scenario["faults"] = faults_;
    if (slo_) scenario["slo"] = *slo_;
    const std::string title = text(&experiment, "title").value_or("untitled");
    scenario["description"] = fmt::format("The Chaos Toolkit experiment \"{}\" played on {}. {}", title,
                                          text(&base_, "name").value_or("the base scenario"), text(&base_, "description").value_or(""));
    out_.scenario = std::move(scenario);
  }

 private:
  struct Open {
    std::string key;
    std::size_t fault;
  };

  std::optional<double> duration_of(std::string_view key) const {
    const auto v = text(&base_, key);
    if (!v) return std::nullopt;
    const auto q = scenarios::parse_duration(*v);
    return q.value;
  }

  void activity(const json& node, const JsonPath& at, bool rollback) {
    if (!node.is_object()) {
      ctx_.error(at, scenarios::describe(node) + ", expected an activity (an object with type, name and provider)");
      return;
    }
    const std::string name = text(&node, "name").value_or("(unnamed)");
    const std::string type = text(&node, "type").value_or("");
    const json* pauses = member(node, "pauses");
    const auto pause = [&](std::string_view key) {
      const json* p = pauses ? member(*pauses, key) : nullptr;
      if (p == nullptr) return 0.0;
      if (!p->is_number() || p->get<double>() < 0) {
        ctx_.error(at / "pauses" / std::string(key), scenarios::describe(*p) + ", expected seconds to pause (a number, 0 or more)");
        return 0.0;
      }
      return p->get<double>();
    };
    cursor_ += pause("before");
    const std::string where = fmt::format("{} \"{}\"", at.display(), name);
    if (type == "probe") {
      out_.unmapped.push_back(where + ": a probe during the method; chaossim measures throughout, it does not probe");
    } else if (type != "action") {
      ctx_.error(at / "type", fmt::format("found {}, expected \"action\" or \"probe\"", type.empty() ? "none" : "\"" + type + "\""));
    } else {
      apply(effect_of(node, at), where, rollback);
    }
    cursor_ += pause("after");
  }

  Effect effect_of(const json& node, const JsonPath& at) {
    const json* provider = member(node, "provider");
    if (provider == nullptr || !provider->is_object()) {
      ctx_.error(at / "provider", "missing or not an object, expected the action's provider");
      return {};
    }
    const std::string type = text(provider, "type").value_or("");
    if (type != "python") return none(fmt::format("a {} provider; chaossim maps Python extensions' actions", type));
    const std::string module = text(provider, "module").value_or(""), func = text(provider, "func").value_or("");
    const json* args = member(*provider, "arguments");
    const std::string qualified = module + "." + func;
    if (module.rfind("chaostoxi", 0) == 0) return toxiproxy(func, args, qualified);
    if (module == "chaosk8s.pod.actions") return kubernetes_pods(func, args, qualified);
    if (module == "chaosk8s.networking.actions") {
      const json* labels = args ? member(*args, "label_selectors") : nullptr;
      std::string service;
      if (labels && labels->is_object() && !labels->empty() && labels->begin()->is_string()) service = labels->begin()->get<std::string>();
      if (func == "deny_all_ingress" && !service.empty())
        return starts(json{{"kind", "blackhole"}, {"target", service}, {"drop", "requests"}}, "ingress:" + service);
      if (func == "remove_deny_all_ingress") return ends({"ingress:" + service});
    }
    if (qualified == "chaosaws.ec2.actions.stop_instances") {
      if (const auto az = text(args, "az"))
        return starts(json{{"kind", "zone_outage"}, {"zone", *az}}, "az:" + *az);
      return none(qualified + " without az: chaossim cannot tell which instances its ids are");
    }
    if (qualified == "chaosaws.ec2.actions.start_instances")
      if (const auto az = text(args, "az")) return ends({"az:" + *az});
    return none(qualified + ": no chaossim fault for it");
  }

  Effect toxiproxy(const std::string& func, const json* args, const std::string& qualified) {
    const std::string proxy = text(args, "for_proxy").value_or(text(args, "proxy_name").value_or(""));
    const std::string toxic = text(args, "toxic_name").value_or("");
    const std::string key = "toxic:" + proxy + ":" + toxic;
    if (func == "create_latency_toxic") return latency(proxy, number(args, "latency"), number(args, "jitter"), key);
    if (func == "create_bandwith_degradation_toxic" || func == "create_bandwidth_degradation_toxic")
      return bandwidth(proxy, number(args, "rate"), key);
    if (func == "create_timeout_toxic") return starts(blackhole(proxy, text(args, "stream")), key);
    if (func == "create_toxic") {
      const std::string type = text(args, "toxic_type").value_or("");
      const json* attributes = args ? member(*args, "attributes") : nullptr;
      if (type == "latency") return latency(proxy, number(attributes, "latency"), number(attributes, "jitter"), key);
      if (type == "bandwidth") return bandwidth(proxy, number(attributes, "rate"), key);
      if (type == "timeout") return starts(blackhole(proxy, text(args, "stream")), key);
      if (type == "reset_peer") return starts(json{{"kind", "crash"}, {"target", proxy}, {"mode", "refuse"}}, key);
      return none(fmt::format("{} of type \"{}\": no chaossim fault for it", qualified, type));
    }
    if (func == "disable_proxy") return starts(json{{"kind", "crash"}, {"target", proxy}, {"mode", "refuse"}}, "proxy:" + proxy);
    if (func == "enable_proxy") return ends({"proxy:" + proxy});
    if (func == "delete_toxic") return ends({key});
    if (func == "remove_all_toxics" || func == "reset") return ends({"toxic:" + proxy + ":*"});
    return none(qualified + ": no chaossim fault for it");
  }

  static Effect latency(const std::string& proxy, std::optional<double> ms, std::optional<double> jitter_ms, const std::string& key) {
    if (!ms) return none("a latency toxic without its latency (milliseconds)");
    json f{{"kind", "latency"}, {"target", proxy}, {"add", fmt::format("{}ms", *ms)}};
    if (jitter_ms && *jitter_ms > 0) f["jitter"] = fmt::format("{}ms", std::min(*jitter_ms, *ms));
    return starts(std::move(f), key);
  }

  static Effect bandwidth(const std::string& proxy, std::optional<double> kb_per_s, const std::string& key) {
    if (!kb_per_s || *kb_per_s <= 0) return none("a bandwidth toxic without a rate (KB/s) above 0");
    return starts(json{{"kind", "bandwidth"}, {"target", proxy}, {"bandwidth", fmt::format("{}kBps", *kb_per_s)}}, key);
  }

  // Toxiproxy's downstream is what the service sends back; upstream, what reaches it.
  static json blackhole(const std::string& proxy, const std::optional<std::string>& stream) {
    return {{"kind", "blackhole"}, {"target", proxy}, {"drop", stream == std::optional<std::string>("upstream") ? "requests" : "answers"}};
  }

  Effect kubernetes_pods(const std::string& func, const json* args, const std::string& qualified) {
    std::string service = text(args, "name").value_or("");
    if (const auto selector = text(args, "label_selector")) service = from_selector(*selector);
    if (service.empty()) service = text(args, "name_pattern").value_or("");
    if (service.empty()) return none(qualified + " without a label_selector, name or name_pattern naming the service");
    json f{{"kind", "crash"}, {"target", service}};
    if (func == "terminate_pods" && !flag(args, "all")) {
      const auto qty = number(args, "qty").value_or(1);
      if (text(args, "mode") == std::optional<std::string>("percentage")) f["fraction"] = std::clamp(qty / 100, 0.01, 1.0);
      else f["instances"] = std::max(1, static_cast<int>(qty));
      if (flag(args, "rand")) f["pick"] = "random";
    } else if (func != "terminate_pods" && func != "delete_pods" && func != "kill_microservice") {
      return none(qualified + ": no chaossim fault for it");
    }
    // Pods come back by themselves: the crash lasts --fault-length.
    return starts(std::move(f));
  }

  void apply(const Effect& e, const std::string& where, bool rollback) {
    if (!e.unmapped.empty()) {
      out_.unmapped.push_back(where + ": " + e.unmapped);
      return;
    }
    for (const auto& key : e.closes) {
      const bool all = key.size() > 1 && key.back() == '*';
      const std::string prefix = all ? key.substr(0, key.size() - 1) : key;
      std::erase_if(open_, [&](const Open& o) {
        if (all ? o.key.rfind(prefix, 0) != 0 : o.key != key) return false;
        end_fault(o.fault, cursor_);
        return true;
      });
      out_.mapped.push_back(fmt::format("{}: ends {} at {}", where, key, seconds(cursor_)));
    }
    if (!e.fault) return;
    if (rollback) {
      out_.unmapped.push_back(where + ": a rollback that injects a fault; rollbacks undo, they are not played");
      return;
    }
    json f = *e.fault;
    f["at"] = seconds(cursor_);
    f["for"] = seconds(options_.fault_length_s);
    starts_.push_back(cursor_);
    faults_.push_back(std::move(f));
    const std::size_t index = faults_.size() - 1;
    if (e.opens) open_.push_back({*e.opens, index});
    else end_fault(index, cursor_ + options_.fault_length_s);
    out_.mapped.push_back(fmt::format("{}: {} of {} from {}", where, (*e.fault)["kind"].get<std::string>(), subject_of(*e.fault), seconds(cursor_)));
  }

  static std::string subject_of(const json& f) {
    if (const auto t = text(&f, "target")) return *t;
    return text(&f, "zone").value_or("?");
  }

  void end_fault(std::size_t index, double end_s) {
    const double start = starts_[index];
    const double end = std::min(end_s, duration_s_);
    if (end <= start) {
      out_.unmapped.push_back(fmt::format("fault {} ({}) ends as it starts, at {}: give its action a pause after, or undo it later",
                                          index, faults_[index]["kind"].get<std::string>(), seconds(start)));
      end_fault(index, start + options_.fault_length_s);
      return;
    }
    faults_[index]["for"] = seconds(end - start);
  }

  void hypothesis(const json* node) {
    if (node == nullptr) return;
    const json* probes = member(*node, "probes");
    if (probes == nullptr || !probes->is_array()) return;
    for (std::size_t i = 0; i < probes->size(); ++i) probe((*probes)[i], JsonPath() / "steady-state-hypothesis" / "probes" / i);
  }

  void probe(const json& node, const JsonPath& at) {
    const std::string where = fmt::format("{} \"{}\"", at.display(), text(&node, "name").value_or("(unnamed)"));
    const json* provider = member(node, "provider");
    const json* tolerance = member(node, "tolerance");
    if (!provider || text(provider, "type") != std::optional<std::string>("http") || !text(provider, "url")) {
      out_.unmapped.push_back(where + ": only http probes map (to the availability and latency of the service they call)");
      return;
    }
    const bool status_tolerance = tolerance && (tolerance->is_number_integer() || (tolerance->is_array() && !tolerance->empty() &&
                                                std::all_of(tolerance->begin(), tolerance->end(), [](const json& t) { return t.is_number_integer(); })));
    if (!status_tolerance) {
      out_.unmapped.push_back(where + ": a tolerance other than HTTP statuses; chaossim judges availability and latency");
      return;
    }
    const std::string service = host_of(*text(provider, "url"));
    std::optional<std::string> client;
    if (const json* clients = member(base_, "clients"); clients && clients->is_array())
      for (const auto& c : *clients)
        if (text(&c, "target") == std::optional(service)) {
          client = text(&c, "name");
          break;
        }
    if (!client) {
      out_.unmapped.push_back(fmt::format("{}: no client of the base scenario calls service \"{}\"", where, service));
      return;
    }
    if (slo_ && (*slo_)["client"] != *client) {
      out_.unmapped.push_back(fmt::format("{}: the SLO judges one client, \"{}\" already", where, (*slo_)["client"].get<std::string>()));
      return;
    }
    if (!slo_) slo_ = json{{"client", *client}};
    const json* base_slo = member(base_, "slo");
    const double objective =
        options_.availability.value_or(number(base_slo, "availability").value_or(0.99));
    (*slo_)["availability"] = objective;
    std::string mapped = fmt::format("{}: availability of client {} (calling {}) at least {}", where, *client, service, objective);
    if (const json* timeout = member(*provider, "timeout")) {
      const json* read = timeout->is_array() && timeout->size() == 2 ? &(*timeout)[1] : timeout;
      if (read->is_number() && read->get<double>() > 0) {
        (*slo_)["latency"] = json{{"p99", seconds(read->get<double>())}};
        mapped += fmt::format(", p99 latency at most {}", seconds(read->get<double>()));
      }
    }
    out_.mapped.push_back(mapped);
  }

  LoadContext& ctx_;
  const json& base_;
  const ImportOptions& options_;
  ImportResult& out_;
  double duration_s_ = 0, warmup_s_ = 0, cursor_ = 0;
  json faults_ = json::array();
  std::vector<double> starts_;  // each fault's start
  std::vector<Open> open_;      // faults waiting for whatever undoes them
  std::optional<json> slo_;
};

}  // namespace

ImportResult import_chaostoolkit(std::string_view experiment_text, const std::string& experiment_file, const json& base,
                                 const ImportOptions& options) {
  ImportResult out;
  json experiment;
  if (auto problem = scenarios::parse_document(experiment_text, experiment_file, experiment_document, experiment)) {
    out.errors.push_back(std::move(*problem));
    return out;
  }
  const auto map = scenarios::SourceMap::build(experiment_text);
  LoadContext ctx(experiment_file, map, out.errors);
  Importer(ctx, base, options, out).run(experiment);
  if (!out.errors.empty()) out.scenario.reset();
  return out;
}

}  // namespace chaossim::tools
