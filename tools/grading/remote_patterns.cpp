#include "tools/grading/remote_patterns.hpp"

#include <cmath>

#include <fmt/format.h>


namespace chaossim::grading {
namespace {

using patterns::Outcome;

// One instance of the submission's, and the checks its answers get.
class Remote {
 public:
  Remote(Session& session, StudentPattern pattern, const json& config)
      : session_(session), pattern_(pattern), id_(session.create(pattern, config)) {}

 protected:
  std::optional<json> ask(const std::string& op, double now, json fields = json::object()) {
    if (!id_) return std::nullopt;
    fields["now"] = now;
    return session_.call(*id_, op, std::move(fields));
  }
  // The answer's flaw, in the feedback's words; nullopt from then on.
  template <class T>
  std::optional<T> reject(const std::string& op, const json& answer, std::string_view expected) {
    session_.fail(fmt::format("answered {}.{} with {:.80}; expected {}", class_name_of(pattern_), op, answer.dump(), expected));
    return std::nullopt;
  }
  std::optional<bool> boolean(const std::string& op, double now, json fields = json::object()) {
    const auto a = ask(op, now, std::move(fields));
    if (!a) return std::nullopt;
    if (!a->is_boolean()) return reject<bool>(op, *a, "true or false");
    return a->get<bool>();
  }
  // A number of seconds, at least 0 (more than 0 when `positive`), or null when `nullable`.
  std::optional<std::optional<double>> seconds(const std::string& op, double now, json fields, bool nullable, bool positive) {
    const auto a = ask(op, now, std::move(fields));
    if (!a) return std::nullopt;
    if (a->is_null() && nullable) return std::optional<double>();
    if (a->is_number()) {
      const double v = a->get<double>();
      if (std::isfinite(v) && (positive ? v > 0 : v >= 0)) return std::optional<double>(v);
    }
    return reject<std::optional<double>>(op, *a,
                                         fmt::format("a number of seconds {}{}", positive ? "above 0" : "of at least 0",
                                                     nullable ? ", or null" : ""));
  }

  Session& session_;
  StudentPattern pattern_;
  std::optional<int> id_;
};

class RemoteBreaker final : public patterns::CircuitBreaker, Remote {
 public:
  RemoteBreaker(Session& s, const patterns::CircuitBreakerConfig& c) : Remote(s, StudentPattern::circuit_breaker, to_json(c)) {}
  bool try_acquire(double now) override { return boolean("try_acquire", now).value_or(true); }
  void on_success(double now, double latency_s) override { ask("on_success", now, {{"latency_s", latency_s}}); }
  void on_failure(double now, double latency_s) override { ask("on_failure", now, {{"latency_s", latency_s}}); }
  patterns::CircuitState state(double now) override {
    const auto a = ask("state", now);
    if (!a) return patterns::CircuitState::closed;
    const auto s = a->is_string() ? circuit_state_named(a->get<std::string>()) : std::nullopt;
    if (!s) reject<int>("state", *a, "\"closed\", \"open\", \"half_open\", \"disabled\" or \"forced_open\"");
    return s.value_or(patterns::CircuitState::closed);
  }
};

class RemoteRetry final : public patterns::RetryPolicy, Remote {
 public:
  RemoteRetry(Session& s, const patterns::RetryConfig& c) : Remote(s, StudentPattern::retry, to_json(c)) {}
  std::optional<double> next_delay(double now, patterns::RetryState& state, Outcome outcome, patterns::Random& random) override {
    const auto delay = seconds("next_delay", now,
                               {{"attempts", state.attempts},
                                {"previous_delay_s", state.previous_delay_s},
                                {"outcome", outcome_name(outcome)},
                                {"random", random.uniform()}},
                               true, false);
    if (!delay || !*delay) return std::nullopt;
    ++state.attempts;
    state.previous_delay_s = **delay;
    return *delay;
  }
};

class RemoteBudget final : public patterns::RetryBudget, Remote {
 public:
  RemoteBudget(Session& s, const patterns::RetryBudgetConfig& c) : Remote(s, StudentPattern::retry_budget, to_json(c)) {}
  void on_request(double now) override { ask("on_request", now); }
  bool try_withdraw(double now) override { return boolean("try_withdraw", now).value_or(true); }
};

class RemoteTimeout final : public patterns::Timeout, Remote {
 public:
  RemoteTimeout(Session& s, const patterns::TimeoutConfig& c) : Remote(s, StudentPattern::timeout, to_json(c)), fixed_(c.after_s) {}
  double timeout_s(double now) override {
    const auto t = seconds("timeout", now, json::object(), false, true);
    return t && *t ? **t : fixed_;
  }
  void on_result(double now, double latency_s, bool timed_out) override {
    ask("on_result", now, {{"latency_s", latency_s}, {"timed_out", timed_out}});
  }

 private:
  double fixed_;
};

class RemoteBulkhead final : public patterns::Bulkhead, Remote {
 public:
  RemoteBulkhead(Session& s, const patterns::BulkheadConfig& c) : Remote(s, StudentPattern::bulkhead, to_json(c)) {}
  patterns::Admission try_enter(double now) override {
    const auto a = ask("enter", now);
    if (!a) return patterns::Admission::admitted;
    const auto admission = a->is_string() ? admission_named(a->get<std::string>()) : std::nullopt;
    if (!admission) reject<int>("enter", *a, "\"admitted\", \"must_wait\" or \"rejected\"");
    return admission.value_or(patterns::Admission::admitted);
  }
  bool on_leave(double now) override { return boolean("leave", now).value_or(false); }
  void on_give_up(double now) override { ask("give_up", now); }
};

class RemoteHealth final : public patterns::HealthChecker, Remote {
 public:
  RemoteHealth(Session& s, const patterns::HealthCheckConfig& c, int instances)
      : Remote(s, StudentPattern::health_check, to_json(c, instances)), healthy_(static_cast<std::size_t>(instances), true) {}
  void on_probe(int instance, bool ok, double now) override {
    if (const auto verdict = boolean("check", now, {{"instance", instance}, {"ok", ok}}))
      healthy_[static_cast<std::size_t>(instance)] = *verdict;
  }
  bool healthy(int instance) const override { return healthy_[static_cast<std::size_t>(instance)]; }

 private:
  std::vector<bool> healthy_;  // every instance starts healthy; the submission's last verdict
};

class RemoteFallback final : public patterns::FallbackRegistry, Remote {
 public:
  RemoteFallback(Session& s, const patterns::FallbackConfig& c) : Remote(s, StudentPattern::fallback, to_json(c)), chain_(c) {}
  std::optional<std::size_t> next(std::size_t from, std::uint64_t key, patterns::Cache& cache, double now) override {
    bool cache_ahead = false;
    for (std::size_t i = from; i < chain_.chain.size(); ++i) cache_ahead |= chain_.chain[i].kind == patterns::FallbackKind::cache;
    const auto age = cache_ahead ? cache.age(key, now) : std::nullopt;
    const auto a = ask("next", now, {{"start", from}, {"key", key}, {"cache_age_s", age ? json(*age) : json(nullptr)}});
    if (!a || a->is_null()) return std::nullopt;
    if (a->is_number_integer() && a->get<long long>() >= static_cast<long long>(from) &&
        a->get<long long>() < static_cast<long long>(chain_.chain.size()))
      return static_cast<std::size_t>(a->get<long long>());
    reject<int>("next", *a, fmt::format("the index of an alternative from {} to {}, or null", from, chain_.chain.size() - 1));
    return std::nullopt;
  }

 private:
  patterns::FallbackConfig chain_;
};

class RemoteCache final : public patterns::Cache, Remote {
 public:
  RemoteCache(Session& s, std::size_t capacity) : Remote(s, StudentPattern::cache, {{"capacity", capacity}}) {}
  std::optional<double> age(std::uint64_t key, double now) override {
    const auto a = seconds("get", now, {{"key", key}}, true, false);
    return a ? *a : std::nullopt;
  }
  void put(std::uint64_t key, double now) override { ask("put", now, {{"key", key}}); }
};

class RemoteThrottle final : public patterns::AdaptiveThrottle, Remote {
 public:
  RemoteThrottle(Session& s, const patterns::AdaptiveThrottlingConfig& c) : Remote(s, StudentPattern::adaptive_throttling, to_json(c)) {}
  bool try_send(double now, double uniform) override { return boolean("try_send", now, {{"random", uniform}}).value_or(true); }
  void on_result(double now, Outcome outcome) override { ask("on_result", now, {{"outcome", outcome_name(outcome)}}); }
};

class RemoteWorkerPools final : public patterns::WorkerPools, Remote {
 public:
  RemoteWorkerPools(Session& s, const patterns::WorkerPoolsConfig& c) : Remote(s, StudentPattern::worker_pools, to_json(c)) {}
  patterns::PoolSlot try_start(double now, int pool) override {
    const auto a = ask("start", now, {{"pool", pool}});
    if (!a || a->is_null()) return patterns::PoolSlot::none;
    const auto slot = a->is_string() ? pool_slot_named(a->get<std::string>()) : std::nullopt;
    if (!slot) reject<int>("start", *a, "\"reserved\", \"borrowed\" or null");
    return slot.value_or(patterns::PoolSlot::none);
  }
  bool can_start(double now, int pool) override { return boolean("can_start", now, {{"pool", pool}}).value_or(false); }
  void release(double now, int pool, patterns::PoolSlot slot) override {
    ask("release", now, {{"pool", pool}, {"slot", patterns::name_of(slot)}});
  }
};

}  // namespace

std::unique_ptr<patterns::CircuitBreaker> RemotePatternFactory::circuit_breaker(const patterns::CircuitBreakerConfig& c) {
  if (!plays(StudentPattern::circuit_breaker)) return reference_.circuit_breaker(c);
  return std::make_unique<RemoteBreaker>(session_, c);
}
std::unique_ptr<patterns::RetryPolicy> RemotePatternFactory::retry_policy(const patterns::RetryConfig& c) {
  if (!plays(StudentPattern::retry)) return reference_.retry_policy(c);
  return std::make_unique<RemoteRetry>(session_, c);
}
std::unique_ptr<patterns::RetryBudget> RemotePatternFactory::retry_budget(const patterns::RetryBudgetConfig& c) {
  if (!plays(StudentPattern::retry_budget)) return reference_.retry_budget(c);
  return std::make_unique<RemoteBudget>(session_, c);
}
std::unique_ptr<patterns::Timeout> RemotePatternFactory::timeout(const patterns::TimeoutConfig& c) {
  if (!plays(StudentPattern::timeout)) return reference_.timeout(c);
  return std::make_unique<RemoteTimeout>(session_, c);
}
std::unique_ptr<patterns::Bulkhead> RemotePatternFactory::bulkhead(const patterns::BulkheadConfig& c) {
  if (!plays(StudentPattern::bulkhead)) return reference_.bulkhead(c);
  return std::make_unique<RemoteBulkhead>(session_, c);
}
std::unique_ptr<patterns::HealthChecker> RemotePatternFactory::health_checker(const patterns::HealthCheckConfig& c, int instances) {
  if (!plays(StudentPattern::health_check)) return reference_.health_checker(c, instances);
  return std::make_unique<RemoteHealth>(session_, c, instances);
}
std::unique_ptr<patterns::FallbackRegistry> RemotePatternFactory::fallback_registry(const patterns::FallbackConfig& c) {
  if (!plays(StudentPattern::fallback)) return reference_.fallback_registry(c);
  return std::make_unique<RemoteFallback>(session_, c);
}
std::unique_ptr<patterns::AdaptiveThrottle> RemotePatternFactory::adaptive_throttle(const patterns::AdaptiveThrottlingConfig& c) {
  if (!plays(StudentPattern::adaptive_throttling)) return reference_.adaptive_throttle(c);
  return std::make_unique<RemoteThrottle>(session_, c);
}
std::unique_ptr<patterns::WorkerPools> RemotePatternFactory::worker_pools(const patterns::WorkerPoolsConfig& c) {
  if (!plays(StudentPattern::worker_pools)) return reference_.worker_pools(c);
  return std::make_unique<RemoteWorkerPools>(session_, c);
}
std::unique_ptr<patterns::Cache> RemotePatternFactory::cache(std::size_t capacity) {
  if (!plays(StudentPattern::cache)) return reference_.cache(capacity);
  return std::make_unique<RemoteCache>(session_, capacity);
}

}  // namespace chaossim::grading
