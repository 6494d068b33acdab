#include "sim/network.hpp"

#include <cmath>
#include <memory>
#include <tuple>


namespace chaossim::sim {

Network::Network(const scenarios::Scenario& s, const Platform& platform, const FaultEffects& effects, std::uint64_t seed)
    : platform_(platform),
      bandwidth_model_(s.network.model != scenarios::NetworkModel::constant),
      retransmits_(s.network.loss == scenarios::LossRecovery::retransmit),
      min_rto_s_(s.network.min_rto_s),
      retransmissions_(s.network.retransmissions),
      message_bytes_(s.network.message_bytes),
      rng_(seed) {
  if (s.network.hop_latency) {
    hop_latency_.emplace(*s.network.hop_latency);
    mean_hop_latency_s_ = hop_latency_->mean();
  }
  const auto services = s.services.size();
  disturbed_.assign(services, false);
  loss_.resize(services);
  jitter_.resize(services);
  draws_.resize(services);
  reorder_.resize(services);
  for (std::size_t i = 0; i < services; ++i) {
    const ServiceEffects& on = effects.services[i];
    disturbed_[i] = !on.loss.empty() || !on.egress_latency.empty() || !on.jitter.empty() || !on.reorder.empty();
    loss_[i] = on.loss;
    jitter_[i] = on.jitter;
    for (const auto& j : on.jitter) draws_[i].emplace_back(j.jitter, j.correlation);
    reorder_[i] = on.reorder;
    if (bandwidth_model_) egress_.push_back(on.egress_latency);
    if (!on.duplicate.empty()) {
      duplicate_.resize(services);
      duplicate_[i] = on.duplicate;
    }
    if (!on.corrupt.empty()) {
      corrupt_.resize(services);
      corrupt_[i] = on.corrupt;
    }
  }
  if (!effects.zone_cuts.empty()) {
    has_zone_cuts_ = true;
    zones_ = s.zone_names().size();
    zone_cuts_.resize(zones_ * zones_);
    for (const auto& [pair, windows] : effects.zone_cuts)
      zone_cuts_[static_cast<std::size_t>(pair.first) * zones_ + static_cast<std::size_t>(pair.second)] = windows;
  }
  for (const auto& [pair, windows] : effects.instance_cuts) {
    Endpoint from, to;
    std::tie(from.node, from.instance) = pair.first;
    std::tie(to.node, to.instance) = pair.second;
    instance_cuts_.emplace(instance_key(from, to), windows);
  }
  if (!bandwidth_model_) return;
  // Completions are dispatched here, in the kernel, without an actor waiting.
  // A communication fails when a host at either end goes off.
  sg4::Activity::on_completion_cb([this](const sg4::Activity& activity) {
    auto it = in_flight_.find(&activity);
    if (it == in_flight_.end()) return;
    InFlight message = std::move(it->second);
    in_flight_.erase(it);
    const bool arrived = activity.get_state() == sg4::Activity::State::FINISHED;
    if (arrived && message.cut.open(sim::now())) message.deliver();
    else message.lose();
  });
}

Network::~Network() {
  // SimGrid aborts when a started communication is destroyed unfinished. The
  // run is over and its process about to exit: keep them alive instead.
  for (auto& [activity, message] : in_flight_) intrusive_ptr_add_ref(message.comm.get());
}

bool Network::draw(const std::vector<std::vector<Window>>& windows, const Endpoint& from, const Endpoint& to) {
  const double now = sim::now();
  // Each fault of either end draws independently; a message is copied (or
  // spoiled) at most once.
  for (const Endpoint* end : {&from, &to}) {
    if (static_cast<std::size_t>(end->node) >= windows.size()) continue;
    for (const auto& w : windows[static_cast<std::size_t>(end->node)])
      if (w.active_at(now) && w.covers(end->instance) && rng_.bernoulli(w.value)) return true;
  }
  return false;
}

bool Network::dropped(const Endpoint& from, const Endpoint& to, double now) {
  // Each message is dropped by each loss fault of either end independently.
  for (const Endpoint* end : {&from, &to}) {
    if (static_cast<std::size_t>(end->node) >= loss_.size()) continue;
    for (const auto& w : loss_[static_cast<std::size_t>(end->node)])
      if (w.active_at(now) && w.covers(end->instance) && rng_.bernoulli(w.value)) return true;
  }
  return false;
}

void Network::retransmit(const Endpoint& from, const Endpoint& to, std::uint64_t bytes, std::function<void()> deliver,
                         std::function<void()> lose, Stall* stall, int retransmitted, double first_sent) {
  // Linux's RTO is the smoothed round trip plus a variance term never below
  // TCP_RTO_MIN; the links' round trip stands for the smoothed one.
  const double round_trip = 2 * (from.up_latency() + to.down_latency() + mean_hop_latency_s_);
  const double rto = std::min(scenarios::Network::max_rto_s, std::ldexp(round_trip + min_rto_s_, retransmitted));
  auto held = std::make_shared<Held>(Held{std::move(deliver), std::move(lose), bytes, stall, first_sent});
  if (stall != nullptr) stall->dropped(first_sent, sim::now() + rto + round_trip / 2, sim::now());
  if (retransmitted >= retransmissions_) {
    scheduler().after(rto, [held] { held->lose(); });
    return;
  }
  // The message stays on the heap, shared: the events of a send keep small captures.
  scheduler().after(rto, [this, &from, &to, held, retransmitted] {
    send(from, to, held->bytes, [held] { held->deliver(); }, [held] { held->lose(); }, held->stall, retransmitted + 1,
         held->first_sent);
  });
}

double Network::fault_delay(const Endpoint& from, double now) {
  double delay = jitter(from, now);
  const auto node = static_cast<std::size_t>(from.node);
  // Held back: those sent after it overtake it.
  if (node < reorder_.size())
    for (const auto& r : reorder_[node])
      if (r.window.active_at(now) && r.window.covers(from.instance) && rng_.bernoulli(r.rate)) delay += r.delay;
  if (node < egress_.size())
    for (const auto& w : egress_[node])
      if (w.active_at(now) && w.covers(from.instance)) delay += w.value;
  return delay;
}

double Network::jitter(const Endpoint& from, double now) {
  // The link carries max(0, add - jitter) (faults/latency_effects.cpp); each
  // message adds the rest, so that its delay is add + U(-jitter, jitter), never below 0.
  const auto node = static_cast<std::size_t>(from.node);
  if (node >= jitter_.size()) return 0;
  double extra = 0;
  const auto& all = jitter_[node];
  auto& draws = draws_[node];
  for (std::size_t k = 0; k < all.size(); ++k) {
    const auto& w = all[k];
    if (!w.window.active_at(now) || !w.window.covers(from.instance)) continue;
    const double on_link = std::max(0.0, w.add - w.jitter);
    extra += std::max(0.0, w.add + draws[k].next(rng_) - on_link);
  }
  return extra;
}

void Network::transfer(const Endpoint& from, const Endpoint& to, std::uint64_t bytes, Cuts cut, double delay,
                       std::function<void()> deliver, std::function<void()> lose) {
  if (delay == 0) return start_transfer(from, to, bytes, cut, std::move(deliver), std::move(lose));
  // The message travels on the heap: an event's captures are kept small.
  auto held = std::make_shared<Held>(Held{std::move(deliver), std::move(lose), bytes, nullptr, 0});
  scheduler().at(sim::now() + delay, [this, &from, &to, cut, held] {
    start_transfer(from, to, held->bytes, cut, std::move(held->deliver), std::move(held->lose));
  });
}

void Network::start_transfer(const Endpoint& from, const Endpoint& to, std::uint64_t bytes, Cuts cut,
                             std::function<void()> deliver, std::function<void()> lose) {
  if (!from.is_on() || !to.is_on()) return lose();
  auto comm = sg4::Comm::sendto_async(from.host, to.host, bytes);
  const sg4::Activity* key = comm.get();
  in_flight_.emplace(key, InFlight{std::move(comm), cut, std::move(deliver), std::move(lose)});
}

}  // namespace chaossim::sim
