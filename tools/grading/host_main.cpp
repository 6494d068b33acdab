// chaossim-host: a C++ submission (a shared library) behind the decision
// protocol (PROTOCOL.md). The grader starts it in the sandbox and talks to it
// as it talks to a Python submission, so a student's code never runs inside
// the grader. It links nothing of chaossim but the headers, so a submission
// cannot hand in the reference implementations as its own.
#include <dlfcn.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <map>
#include <memory>
#include <new>
#include <stdexcept>
#include <string>
#include <variant>

#include "patterns/submission.hpp"
#include "tools/grading/concurrency_workload.hpp"
#include "tools/grading/protocol_config.hpp"
#include "tools/grading/submission_exit.hpp"

namespace chaossim::grading {
namespace {

using namespace chaossim::patterns;

// The one uniform draw the grader sends with next_delay, then more derived
// from it (splitmix64), so a policy that draws twice is still deterministic.
class ScriptedRandom final : public Random {
 public:
  explicit ScriptedRandom(double first) : first_(first), state_(static_cast<std::uint64_t>(first * 9007199254740992.0)) {}
  double uniform() override {
    if (!used_) {
      used_ = true;
      return first_;
    }
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    return (static_cast<double>(z >> 11) + 0.5) / 9007199254740992.0;
  }

 private:
  double first_;
  std::uint64_t state_;
  bool used_ = false;
};

using Instance = std::variant<std::unique_ptr<CircuitBreaker>, std::unique_ptr<RetryPolicy>, std::unique_ptr<RetryBudget>,
                              std::unique_ptr<Timeout>, std::unique_ptr<Bulkhead>, std::unique_ptr<HealthChecker>,
                              std::unique_ptr<FallbackRegistry>, std::unique_ptr<Cache>, std::unique_ptr<AdaptiveThrottle>,
                              std::unique_ptr<WorkerPools>>;

class Host {
 public:
  explicit Host(PatternFactory& factory) : factory_(factory) {}

  json handle(const json& message) {
    const std::string op = message.at("op").get<std::string>();
    if (op == "hello") return hello();
    if (op == "concurrency") return concurrency(message);
    if (op == "compose") return compose(message);
    const int id = message.at("id").get<int>();
    if (op == "create") {
      const auto pattern = student_pattern_named(message.at("pattern").get<std::string>());
      if (!pattern) throw std::invalid_argument("unknown pattern " + message.at("pattern").dump());
      instances_.insert_or_assign(id, create(*pattern, message.value("config", json::object())));
      return nullptr;
    }
    const auto found = instances_.find(id);
    if (found == instances_.end()) throw std::invalid_argument("no instance " + std::to_string(id));
    const double now = message.at("now").get<double>();
    return std::visit([&](auto& pattern) { return call(*pattern, op, now, message); }, found->second);
  }

 private:
  // A pattern is implemented when its factory method returns an instance for
  // the default configuration. One that throws is implemented too: its tests
  // will show the exception.
  json hello() {
    json implemented = json::array();
    for (StudentPattern p : all_student_patterns) {
      bool made = true;
      try {
        std::visit([&](const auto& instance) { made = instance != nullptr; }, make(p, json::object()));
      } catch (const std::bad_alloc&) {
        throw;
      } catch (...) {
      }
      if (made) implemented.push_back(name_of(p));
    }
    return {{"protocol", protocol_version}, {"implements", implemented}};
  }

  json concurrency(const json& message) {
    const auto pattern = student_pattern_named(message.at("pattern").get<std::string>());
    if (!pattern) throw std::invalid_argument("unknown pattern " + message.at("pattern").dump());
    return run_concurrently(factory_, {*pattern, message.value("config", json::object()), message.at("threads").get<int>(),
                                       message.at("rounds").get<int>()});
  }

  json compose(const json& message) {
    std::vector<PatternKind> configured;
    for (const auto& name : message.at("patterns")) {
      const auto kind = pattern_kind_named(name.get<std::string>());
      if (!kind) throw std::invalid_argument("unknown pattern " + name.dump());
      configured.push_back(*kind);
    }
    const auto order = factory_.pipeline_order(configured);
    if (!order) return nullptr;
    json names = json::array();
    for (PatternKind kind : *order) names.push_back(name_of(kind));
    return names;
  }

  // What the factory returns for `kind`, possibly null.
  Instance make(StudentPattern kind, const json& config) {
    switch (kind) {
      case StudentPattern::circuit_breaker: return factory_.circuit_breaker(circuit_breaker_config(config));
      case StudentPattern::retry: return factory_.retry_policy(retry_config(config));
      case StudentPattern::retry_budget: return factory_.retry_budget(retry_budget_config(config));
      case StudentPattern::timeout: return factory_.timeout(timeout_config(config));
      case StudentPattern::bulkhead: return factory_.bulkhead(bulkhead_config(config));
      case StudentPattern::health_check:
        return factory_.health_checker(health_check_config(config), health_check_instances(config));
      case StudentPattern::fallback:
        return factory_.fallback_registry(fallback_config(config.contains("chain") ? config : json{{"chain", json::array()}}));
      case StudentPattern::cache: return factory_.cache(cache_capacity(config));
      case StudentPattern::adaptive_throttling: return factory_.adaptive_throttle(adaptive_throttling_config(config));
      case StudentPattern::worker_pools: return factory_.worker_pools(worker_pools_config(config));
    }
    throw std::logic_error("unknown pattern");
  }

  Instance create(StudentPattern kind, const json& config) {
    Instance instance = make(kind, config);
    std::visit(
        [&](auto& made) {
          if (!made)
            throw std::logic_error("the submission does not implement " + std::string(class_name_of(kind)) +
                                   " (its factory returned nullptr)");
        },
        instance);
    return instance;
  }

  [[noreturn]] static void unknown(const std::string& op, StudentPattern kind) {
    throw std::invalid_argument("unknown op \"" + op + "\" for " + std::string(name_of(kind)));
  }

  json call(CircuitBreaker& b, const std::string& op, double now, const json& m) {
    if (op == "try_acquire") return b.try_acquire(now);
    if (op == "on_success") return b.on_success(now, m.at("latency_s").get<double>()), json(nullptr);
    if (op == "on_failure") return b.on_failure(now, m.at("latency_s").get<double>()), json(nullptr);
    if (op == "state") return circuit_state_name(b.state(now));
    unknown(op, StudentPattern::circuit_breaker);
  }

  json call(RetryPolicy& r, const std::string& op, double now, const json& m) {
    if (op != "next_delay") unknown(op, StudentPattern::retry);
    RetryState state{m.at("attempts").get<int>(), m.value("previous_delay_s", 0.0)};
    const auto outcome = outcome_named(m.at("outcome").get<std::string>());
    if (!outcome) throw std::invalid_argument("unknown outcome " + m.at("outcome").dump());
    ScriptedRandom random(m.at("random").get<double>());
    const auto delay = r.next_delay(now, state, *outcome, random);
    return delay ? json(*delay) : json(nullptr);
  }

  json call(RetryBudget& b, const std::string& op, double now, const json&) {
    if (op == "on_request") return b.on_request(now), json(nullptr);
    if (op == "try_withdraw") return b.try_withdraw(now);
    unknown(op, StudentPattern::retry_budget);
  }

  json call(Timeout& t, const std::string& op, double now, const json& m) {
    if (op == "timeout") return t.timeout_s(now);
    if (op == "on_result") return t.on_result(now, m.at("latency_s").get<double>(), m.at("timed_out").get<bool>()), json(nullptr);
    unknown(op, StudentPattern::timeout);
  }

  json call(Bulkhead& b, const std::string& op, double now, const json&) {
    if (op == "enter") return admission_name(b.try_enter(now));
    if (op == "leave") return b.on_leave(now);
    if (op == "give_up") return b.on_give_up(now), json(nullptr);
    unknown(op, StudentPattern::bulkhead);
  }

  json call(AdaptiveThrottle& t, const std::string& op, double now, const json& m) {
    if (op == "try_send") return t.try_send(now, m.at("random").get<double>());
    if (op == "on_result") {
      const auto outcome = outcome_named(m.at("outcome").get<std::string>());
      if (!outcome) throw std::invalid_argument("unknown outcome " + m.at("outcome").dump());
      return t.on_result(now, *outcome), json(nullptr);
    }
    unknown(op, StudentPattern::adaptive_throttling);
  }

  json call(WorkerPools& w, const std::string& op, double now, const json& m) {
    const int pool = m.at("pool").get<int>();
    if (op == "start") {
      const PoolSlot slot = w.try_start(now, pool);
      return slot == PoolSlot::none ? json(nullptr) : json(name_of(slot));
    }
    if (op == "can_start") return w.can_start(now, pool);
    if (op == "release") {
      const auto slot = pool_slot_named(m.at("slot").get<std::string>());
      if (!slot) throw std::invalid_argument("unknown slot " + m.at("slot").dump());
      return w.release(now, pool, *slot), json(nullptr);
    }
    unknown(op, StudentPattern::worker_pools);
  }

  json call(HealthChecker& h, const std::string& op, double now, const json& m) {
    if (op != "check") unknown(op, StudentPattern::health_check);
    const int instance = m.at("instance").get<int>();
    h.on_probe(instance, m.at("ok").get<bool>(), now);
    return h.healthy(instance);
  }

  // The grader sends the cache's answer along; the registry sees it through a
  // one-entry cache, as the interface wants a Cache to consult.
  class AnsweredCache final : public Cache {
   public:
    explicit AnsweredCache(std::optional<double> age) : age_(age) {}
    std::optional<double> age(std::uint64_t, double) override { return age_; }
    void put(std::uint64_t, double) override {}

   private:
    std::optional<double> age_;
  };

  json call(FallbackRegistry& f, const std::string& op, double now, const json& m) {
    if (op != "next") unknown(op, StudentPattern::fallback);
    const json& age = m.at("cache_age_s");
    AnsweredCache cache(age.is_null() ? std::nullopt : std::optional<double>(age.get<double>()));
    const auto next = f.next(m.at("start").get<std::size_t>(), m.at("key").get<std::uint64_t>(), cache, now);
    return next ? json(*next) : json(nullptr);
  }

  json call(Cache& c, const std::string& op, double now, const json& m) {
    const auto key = m.at("key").get<std::uint64_t>();
    if (op == "get") {
      const auto age = c.age(key, now);
      return age ? json(*age) : json(nullptr);
    }
    if (op == "put") return c.put(key, now), json(nullptr);
    unknown(op, StudentPattern::cache);
  }

  PatternFactory& factory_;
  std::map<int, Instance> instances_;
};

}  // namespace
}  // namespace chaossim::grading

#if defined(__SANITIZE_THREAD__)  // GCC
#define CHAOSSIM_THREAD_SANITIZER 1
#elif defined(__has_feature)  // Clang
#if __has_feature(thread_sanitizer)
#define CHAOSSIM_THREAD_SANITIZER 1
#endif
#endif

#if defined(CHAOSSIM_THREAD_SANITIZER)
// The concurrency tests' build. The sandbox has no /proc, where TSan reads
// its environment, so its options are compiled in: report every race and
// go on (the grader reads them from stderr), exit as the submission would,
// and never start a symbolizer (a process the sandbox forbids).
extern "C" const char* __tsan_default_options() {
  return "external_symbolizer_path=:halt_on_error=0:exitcode=0:report_signal_unsafe=0";
}
#endif

int main(int argc, char** argv) {
  using namespace chaossim::grading;
  if (argc != 2) {
    std::fprintf(stderr, "usage: chaossim-host SUBMISSION.so   (speaks the decision protocol on stdin/stdout)\n");
    return 2;
  }
  // The protocol keeps the real stdout; whatever the submission prints goes
  // to stderr, where the grader captures it, and cannot corrupt an answer.
  FILE* protocol = fdopen(dup(STDOUT_FILENO), "w");
  dup2(STDERR_FILENO, STDOUT_FILENO);
  if (protocol == nullptr) return exit_cannot_load;

  // Without a slash, dlopen would search the library path, not this directory.
  std::string path = argv[1];
  if (path.find('/') == std::string::npos) path = "./" + path;
  void* library = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (library == nullptr) {
    std::fprintf(stderr, "cannot load the submission: %s\n", dlerror());
    return exit_cannot_load;
  }
  auto* make = reinterpret_cast<chaossim::patterns::PatternFactory* (*)()>(dlsym(library, CHAOSSIM_SUBMISSION_SYMBOL));
  if (make == nullptr) {
    std::fprintf(stderr,
                 "the submission does not export %s (ABI version %d): write CHAOSSIM_SUBMISSION(YourFactory) in one of "
                 "its .cpp files\n",
                 CHAOSSIM_SUBMISSION_SYMBOL, chaossim::patterns::submission_abi_version);
    return exit_cannot_load;
  }
  try {
    std::unique_ptr<chaossim::patterns::PatternFactory> factory(make());
    Host host(*factory);
    std::string line;
    while (std::getline(std::cin, line)) {
      json reply;
      try {
        reply = {{"ok", true}, {"result", host.handle(json::parse(line))}};
      } catch (const std::bad_alloc&) {
        std::fprintf(stderr, "out of memory\n");
        _exit(exit_out_of_memory);
      } catch (const std::exception& e) {
        reply = {{"ok", false}, {"error", e.what()}};
      } catch (...) {
        reply = {{"ok", false}, {"error", "threw an exception that is not a std::exception"}};
      }
      const std::string text = reply.dump() + "\n";
      std::fwrite(text.data(), 1, text.size(), protocol);
      std::fflush(protocol);
    }
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "out of memory\n");
    _exit(exit_out_of_memory);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "the submission's factory failed: %s\n", e.what());
    return exit_cannot_load;
  }
  return 0;
}
