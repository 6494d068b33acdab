#include "sim/service_simulator.hpp"

#include <limits>
#include <stdexcept>

#include "sim/autoscaler.hpp"
#include "sim/scheduler.hpp"

namespace chaossim::sim {

using patterns::Outcome;

class ServiceSimulator::ScaledView final : public ScaledInstances {
 public:
  explicit ScaledView(const ServiceSimulator& service) : service_(service) {}
  int busy(std::uint32_t instance) const override { return service_.busy(instance); }
  int waiting(std::uint32_t instance) const override { return service_.waiting(instance); }
  bool down(std::uint32_t instance, double now) const override { return service_.down(instance, now); }

 private:
  const ServiceSimulator& service_;
};

ServiceSimulator::ServiceSimulator(const scenarios::Scenario& scenario, int index, const ServiceEffects& effects,
                                   std::vector<Endpoint> instances,
                                   std::size_t first_call_edge, const BucketGrid& grid, std::uint64_t seed,
                                   patterns::PatternFactory& factory, CallPath& calls)
    : Caller(&recorder_),
      config_(scenario.services[static_cast<std::size_t>(index)]),
      calls_(calls),
      outages_(effects.outages),
      blackholes_(effects.blackholes),
      clock_(effects.clock),
      error_faults_(effects.errors),
      client_error_faults_(effects.client_errors),
      first_call_edge_(first_call_edge),
      transport_timeout_s_(scenario.network.transport_timeout_s),
      standing_after_s_(config_.admission && config_.admission->queue_delay ? config_.admission->queue_delay->interval_s
                                                                            : patterns::QueueDelayConfig::default_interval_s),
      rng_(seed),
      branch_rng_(mix_seed(seed, 1)),
      recorder_(grid) {
  for (auto& e : instances) instances_.push_back(Instance{e, 0, {}, {}, 0, 0, 0, 0, 0, 0, {}});
  restored_at_.assign(instances_.size(), -std::numeric_limits<double>::infinity());
  warms_up_ = config_.restart && config_.restart->warmup_s > 0;
  if (config_.local_cache) start_local_caches(*config_.local_cache);
  async_ = config_.concurrency == scenarios::Concurrency::async;
  if (config_.broker) broker_ = std::make_unique<QueueBroker>(*config_.broker, recorder_, calls_, instances_.front().endpoint);
  for (const auto& e : config_.endpoints)
    endpoints_.push_back({&e, ServiceTime(e.service_time), e.service_time.kind == scenarios::DistKind::constant,
                          config_.has_named_endpoints() ? std::make_unique<Recorder>(grid) : nullptr, {}});
  // Each instance is a server of its own: its own limits and their state.
  const auto per_instance = [this](const patterns::AdmissionConfig& a, std::vector<patterns::ServerAdmission>& out) {
    out.assign(instances_.size(), patterns::ServerAdmission(a));
    admits_ = true;
    sheds_on_start_ = sheds_on_start_ || a.queue_delay.has_value();
  };
  if (config_.admission) per_instance(*config_.admission, admissions_);
  if (config_.worker_pools) {
    const auto made = [](std::unique_ptr<patterns::WorkerPools> built) {
      if (!built) throw std::runtime_error("the pattern factory has no worker_pools");
      return built;
    };
    const std::size_t pools = config_.worker_pools->pools.size();
    for (std::size_t i = 0; i < instances_.size(); ++i)
      pooled_.push_back({made(factory.worker_pools(*config_.worker_pools)),
                         std::vector<std::array<int, 2>>(pools, {0, 0}), std::vector<std::deque<Request*>>(pools),
                         std::vector<int>(pools, 0), std::vector<Event*>(pools, nullptr)});
    for (const auto& pool : config_.worker_pools->pools)
      pool_levels_.push_back({recorder_.add_level("pool." + pool.name + ".busy", 0),
                              recorder_.add_level("pool." + pool.name + ".borrowed", 0),
                              recorder_.add_level("pool." + pool.name + ".queued", 0)});
    pool_totals_.assign(pools, {0, 0, 0});
    pools_ = true;
  }
  for (auto& e : endpoints_)
    if (e.config->admission) per_instance(*e.config->admission, e.admissions);
  if (config_.restart && config_.restart->startup_s > 0) add_startups(config_.restart->startup_s);
  // A blackhole crash is the host going off (SimGrid tells crash()); a
  // refusing one is this process's, on a live host: it starts here.
  for (const auto& o : outages_)
    if (o.mode == scenarios::CrashMode::refuse) {
      tracks_serving_ = true;
      for (int k = 0; k < static_cast<int>(instances_.size()); ++k) {
        if (!o.covers(k)) continue;
        scheduler().at(o.window.start, [this, k] { process_crash(static_cast<std::uint32_t>(k)); });
        scheduler().at(o.window.end, [this, k] { restored(static_cast<std::uint32_t>(k)); });
      }
    }
  add_pauses(effects.pauses);
  add_speeds(effects);
  // A collector's pauses come as the run goes: only work paced as it goes (shared cores) feels them.
  if (config_.cores || config_.scalability || config_.gc)
    for (std::uint32_t i = 0; i < instances_.size(); ++i)
      cores_.push_back(std::make_unique<ProcessorSharing>(
          config_.cores.value_or(std::numeric_limits<double>::infinity()), config_.scalability.value_or(scenarios::Scalability{}),
          [this, i](double t0, double t1) { return work_done(i, t0, t1); },
          [this, i](double t, double work) { return finish_time(i, t, work); }, [this](Request* r) { cores_done(r); }));
  if (config_.gc) start_collector(*config_.gc);
  if (config_.autoscaling) {
    scaled_view_ = std::make_unique<ScaledView>(*this);
    autoscaler_ = std::make_unique<Autoscaler>(*config_.autoscaling, config_.workers, config_.instances, instances_.size(),
                                               *scaled_view_, recorder_, calls_.services_under_capacity);
    autoscaler_->start();
  }
}

ServiceSimulator::~ServiceSimulator() = default;

const std::vector<char>* ServiceSimulator::listed() const { return autoscaler_ ? &autoscaler_->listed() : nullptr; }

Balancer::UpSince ServiceSimulator::up_since() const {
  return {&restored_at_, autoscaler_ ? &autoscaler_->listed_since() : nullptr};
}

bool ServiceSimulator::down(std::uint32_t instance, double now) const {
  return !instances_[instance].endpoint.is_on() || refusing(instance, now);
}

std::vector<Recorder*> ServiceSimulator::endpoint_recorders() {
  std::vector<Recorder*> out;
  for (auto& e : endpoints_)
    if (e.recorder) out.push_back(e.recorder.get());
  return out;
}

double ServiceSimulator::client_error_rate(double now, std::uint32_t instance, std::uint16_t endpoint) const {
  double spared = 1 - endpoints_[endpoint].config->client_errors;
  for (const auto& w : client_error_faults_)
    if (w.active_at(now) && w.covers(static_cast<int>(instance))) spared *= 1 - w.value;
  return 1 - spared;
}

double ServiceSimulator::error_rate(double now, std::uint32_t instance, std::uint16_t endpoint) const {
  // Independent causes: a request succeeds only if none of them fails it.
  double succeeds = 1 - endpoints_[endpoint].config->errors;
  for (const auto& w : error_faults_)
    if (w.active_at(now) && w.covers(static_cast<int>(instance))) succeeds *= 1 - w.value;
  return 1 - succeeds;
}

void ServiceSimulator::arrive(Request* r) {
  if (swallows(r->attempt->instance, r->endpoint, false, sim::now())) return calls_.lose(r);  // a black hole on the way in
  if (wait_for_resume(r->attempt->instance, [this, r] { arrive(r); })) return;  // waits to be read
  const double now = sim::now();
  Instance& inst = instances_[r->attempt->instance];
  if (!inst.endpoint.is_on()) return calls_.lose(r);  // nobody there to answer
  if (broker_) return r->corrupted ? refuse_corrupt(inst, r, now) : broker_->publish(r);
  // No process: the host refuses the connection (or it is not one of the
  // service's instances now, and nothing listens there).
  if (refusing(r->attempt->instance, now) || (autoscaler_ && !autoscaler_->accepts(r->attempt->instance))) {
    r->outcome = Outcome::unavailable;
    return calls_.answer(r, inst.endpoint);
  }
  if (r->corrupted) return refuse_corrupt(inst, r, now);  // read, and not understood
  r->arrived_at = now;
  r->epoch = inst.epoch;
  r->next_call = static_cast<std::uint32_t>(endpoints_[r->endpoint].config->first_call);
  count(r, Counter::requests, now);
  if (const auto why = unwanted(r, now)) {  // cancelled, or past its deadline, on its way here
    count(r, *why, now);
    return calls_.discard(r);
  }
  if (admits_) return admit(inst, r, now, 0);
  enter(inst, r, now);
}

void ServiceSimulator::proceed(Request* r) {
  if (lost_in_crash(r)) return;
  if (wait_for_resume(r->attempt->instance, [this, r] { proceed(r); })) return;
  if (stopped_early(r)) return;
  const auto& calls = config_.calls;
  const scenarios::ServiceEndpoint& ep = *endpoints_[r->endpoint].config;
  // With a local cache, a request whose answer it holds makes none of its calls.
  const bool caches = !local_caches_.empty() && ep.first_call < ep.end_call;
  bool hit = false;
  if (caches && r->next_call == ep.first_call && cache_holds(r, sim::now())) {
    hit = true;
    r->next_call = static_cast<std::uint32_t>(ep.end_call);
  }
  while (r->next_call < ep.end_call) {
    // A one_of: the alternative this request takes, by weight.
    if (calls[r->next_call].branch_size > 1) r->next_call = choose_alternative(calls[r->next_call]);
    const scenarios::Call& call = calls[r->next_call];
    if (call.probability >= 1 || branch_rng_.bernoulli(call.probability)) {
      if (async_ && !r->awaiting_calls) release_worker(instances_[r->attempt->instance], r, sim::now());
      return make_calls(r, call);
    }
    r->next_call = static_cast<std::uint32_t>(call.branch_first + call.branch_size);  // not made for this request
  }
  const double now = sim::now();
  const std::uint32_t instance = r->attempt->instance;
  if (rng_.bernoulli(error_rate(now, instance, r->endpoint))) return complete(r, Outcome::error);
  // Drawn only where client errors can happen: other scenarios keep their draws.
  if ((ep.client_errors > 0 || !client_error_faults_.empty()) && rng_.bernoulli(client_error_rate(now, instance, r->endpoint)))
    return complete(r, Outcome::error, true);
  if (caches && !hit) cache_answer(r, now);
  complete(r, Outcome::success);
}

std::uint32_t ServiceSimulator::choose_alternative(const scenarios::Call& first) {
  double total = 0;
  for (std::size_t k = 0; k < first.branch_size; ++k) total += config_.calls[first.branch_first + k].weight;
  double u = branch_rng_.uniform() * total;
  std::size_t k = 0;
  while (k + 1 < first.branch_size && u >= config_.calls[first.branch_first + k].weight) u -= config_.calls[first.branch_first + k++].weight;
  return static_cast<std::uint32_t>(first.branch_first + k);
}

LogicalCall* ServiceSimulator::open_call(Request* r, std::uint32_t edge) {
  // The request's key travels with the calls made while serving it.
  LogicalCall* c = calls_.open(edge, this, r, &instances_[r->attempt->instance].endpoint, r->key);
  // A parallel step's calls are cancelled once it is over; a cancellable
  // request's are when its cancellation arrives.
  if (r->launching || r->cancellable) {
    c->next_sibling = r->open_calls;
    r->open_calls = c;
  }
  // Its deadline, passed on: the call ends when it passes, as gRPC's does.
  if (r->has_deadline && calls_.edges()[edge].propagate_deadline) {
    c->deadline_at = r->attempt->deadline;
    c->deadline = scheduler().at(c->deadline_at, [this, c] { expire_call(c); });
  }
  return c;
}

void ServiceSimulator::make_calls(Request* r, const scenarios::Call& call) {
  if (wait_for_resume(r->attempt->instance, [this, r] {
        if (!lost_in_crash(r)) make_calls(r, config_.calls[r->next_call]);
      }))
    return;
  const auto edge = static_cast<std::uint32_t>(first_call_edge_ + r->next_call);
  if (!call.parallel) {
    ++r->step_made;
    calls_.start(open_call(r, edge));
    return;
  }
  // A call refused at once ends within start(): while they go out, ends are
  // only counted, and the step is settled once all of them are out.
  r->launching = true;
  r->step_made = static_cast<std::uint16_t>(call.repeat);
  for (int k = 0; k < call.repeat; ++k) calls_.start(open_call(r, edge));
  r->launching = false;
  settle_step(r, true);
}

void ServiceSimulator::unlink_call(Request* r, LogicalCall* call) {
  for (LogicalCall** at = &r->open_calls; *at != nullptr; at = &(*at)->next_sibling)
    if (*at == call) {
      *at = call->next_sibling;
      return;
    }
}

void ServiceSimulator::on_call_done(LogicalCall* call) {
  if (call->cancelled) return;  // abandoned: its request went on, or was lost, without it
  Request* r = call->parent;
  if (call->deadline != nullptr) {
    scheduler().cancel(call->deadline);
    call->deadline = nullptr;
  }
  unlink_call(r, call);
  if (r->epoch != instances_[r->attempt->instance].epoch) {
    abandon_open_calls(r);
    lost_in_crash(r);
    return;
  }
  const bool ok = call->result.ok();
  if (ok && call->result.degraded) r->degraded = true;
  if (ok) ++r->step_ok;
  else ++r->step_failed;
  if (!r->launching) settle_step(r, ok);
}

void ServiceSimulator::settle_step(Request* r, bool last_ok) {
  const scenarios::Call& call = config_.calls[r->next_call];
  bool failed = false;
  if (call.parallel) {
    const bool reached = r->step_ok >= call.quorum;
    failed = r->step_failed > call.repeat - call.quorum;
    if (!reached && !failed) return;  // waiting for more answers
    abandon_open_calls(r);
  } else {
    failed = !last_ok;
  }
  // A failed required dependency fails the request at once; an optional one is ignored.
  if (failed && !call.optional) {
    complete(r, Outcome::error);
    return;
  }
  if (!call.parallel && r->step_made < call.repeat) {
    if (stopped_early(r)) return;
    return make_calls(r, call);
  }
  r->next_call = static_cast<std::uint32_t>(call.branch_first + call.branch_size);
  r->step_made = r->step_ok = r->step_failed = 0;
  proceed(r);
}

void ServiceSimulator::abandon_open_calls(Request* r) {
  LogicalCall* c = r->open_calls;
  r->open_calls = nullptr;
  while (c != nullptr) {
    // Read first: cancelling may end the call and recycle it.
    LogicalCall* next = c->next_sibling;
    if (c->deadline != nullptr) {
      scheduler().cancel(c->deadline);
      c->deadline = nullptr;
    }
    calls_.cancel(c);
    c = next;
  }
}

void ServiceSimulator::complete(Request* r, Outcome outcome, bool client_error) {
  if (wait_for_resume(r->attempt->instance, [this, r, outcome, client_error] {
        if (!lost_in_crash(r)) complete(r, outcome, client_error);
      }))
    return;
  const double now = sim::now();
  Instance& inst = instances_[r->attempt->instance];
  r->outcome = outcome;
  r->client_error = client_error;
  count(r, outcome == Outcome::success ? Counter::successes : Counter::failures, now);
  if (outcome == Outcome::success && r->degraded) count(r, Counter::degraded, now);
  recorder_.latency(now, now - r->arrived_at, ending_of(outcome));
  if (Recorder* e = endpoints_[r->endpoint].recorder.get()) e->latency(now, now - r->arrived_at, ending_of(outcome));
  // Found out only where a caller can give up: elsewhere the caller's frames stay untouched.
  if (r->abandonable && (r->attempt->answered || abandoned(r->attempt->frame))) count_wasted(r, now);
  leave_service(inst, r, now);
  calls_.answer(r, inst.endpoint);
}

}  // namespace chaossim::sim
