#pragma once
// Moves a message from one endpoint to another and calls `deliver` on arrival,
// or `lose` when the message is lost: cut by a partition (the pair's route link
// is off when it leaves or when it would arrive), or dropped by packet loss.
// A lost message is silent: the sender learns nothing (call_path.cpp).
// A message packet loss drops is sent again after a retransmission timeout,
// as TCP does (network.loss "retransmit", the default), and lost only when the
// connection gives up; with "silent" loss, or across a cut, it is gone.
// Constant model: after the route's latency (read from the SimGrid links, so
// that latency faults take effect), as an event on the run's scheduler.
// A hop latency written as a distribution is drawn for each message, on top
// of the links' (then only what faults add), under every model.
// Bandwidth models: as a SimGrid communication, sharing the links with the
// others, started after the delay latency faults add (a stated latency, not
// multiplied by LV08's factor: netem's delay is what the user wrote). A duplicate fault is asked before sending (duplicates()): the
// caller then sends each copy as a message of its own.
#include <algorithm>
#include <deque>
#include <functional>
#include <limits>
#include <optional>
#include <unordered_map>
#include <vector>

#include "sim/scheduler.hpp"

#include "scenarios/scenario.hpp"
#include "sim/correlated_jitter.hpp"
#include "sim/fault_effects.hpp"
#include "sim/platform.hpp"
#include "sim/rng.hpp"
#include "sim/service_time.hpp"

namespace chaossim::sim {

// What may cut a message's way while it travels: the route link a
// partition of services turns off, and the windows a partition of zones
// holds between its ends' zones, or one of instances between its ends. Each
// null when nothing ever cuts it.
struct Cuts {
  const sg4::Link* route = nullptr;
  const std::vector<Window>* zones = nullptr;
  const std::vector<Window>* instances = nullptr;

  bool any() const { return route != nullptr || zones != nullptr || instances != nullptr; }
  bool open(double now) const {
    if (route != nullptr && !route->is_on()) return false;
    return !holds(zones, now) && !holds(instances, now);
  }
  static bool holds(const std::vector<Window>* windows, double now) {
    if (windows != nullptr)
      for (const auto& w : *windows)
        if (w.active_at(now)) return true;
    return false;
  }
};

// TCP hands a connection's bytes over in order: after a dropped packet,
// what was sent behind it waits for its retransmission (head-of-line
// blocking). One per direction of a connection.
struct Stall {
  // The messages dropped and not yet retransmitted: when each was first
  // sent, and when its retransmission arrives. Few: those of one RTO.
  std::deque<std::pair<double, double>> lost;

  // A message first sent at `sent` was dropped (again); it arrives at `clears`.
  void dropped(double sent, double clears, double now) {
    while (!lost.empty() && lost.front().second <= now) lost.pop_front();
    for (auto& [at, until] : lost)
      if (at == sent) {
        until = std::max(until, clears);
        return;
      }
    lost.emplace_back(sent, clears);
  }
  // When a message sent at `sent` may be handed over: once every message
  // sent before it is (-infinity when none holds it).
  double until(double sent) const {
    double latest = -std::numeric_limits<double>::infinity();
    for (const auto& [at, clears] : lost)
      if (at <= sent) latest = std::max(latest, clears);
    return latest;
  }
};

class Network {
 public:
  Network(const scenarios::Scenario& scenario, const Platform& platform, const FaultEffects& effects, std::uint64_t seed);
  ~Network();
  Network(const Network&) = delete;
  Network& operator=(const Network&) = delete;

  // Should the message from `from` to `to`, about to leave, go twice? A
  // duplicate fault at either end plays: each copy then travels, and may be
  // lost or delayed, on its own (as `tc netem duplicate`). No draw without one.
  bool duplicates(const Endpoint& from, const Endpoint& to) { return !duplicate_.empty() && draw(duplicate_, from, to); }
  // Will the message from `from` to `to`, about to leave, arrive corrupted
  // (a corrupt fault at either end)? No draw without one.
  bool corrupts(const Endpoint& from, const Endpoint& to) { return !corrupt_.empty() && draw(corrupt_, from, to); }

  // Whether a message could go from `from` to `to` now: both hosts up, no partition between them.
  bool connected(const Endpoint& from, const Endpoint& to) const {
    return from.is_on() && to.is_on() && cuts(from, to).open(sim::now());
  }

  // The size of a message whose call gives none, and of control messages
  // (cancellations, health probes).
  std::uint64_t message_bytes() const { return message_bytes_; }

  // `bytes`: the message's size, which takes time under the bandwidth models.
  // `stall`: its connection's, when it travels on one that the drop of a
  // message holds up. `retransmitted`: times this message was sent before and dropped.
  template <class Deliver, class Lose>
  void send(const Endpoint& from, const Endpoint& to, std::uint64_t bytes, Deliver deliver, Lose lose, Stall* stall = nullptr,
            int retransmitted = 0, double first_sent = 0) {
    const Cuts cut = cuts(from, to);
    double delay = 0;
    if (cut.any() || disturbed(from.node) || disturbed(to.node)) {
      const double now = sim::now();
      if (!cut.open(now)) return lose();
      if (dropped(from, to, now)) {
        if (!retransmits_) return lose();
        return retransmit(from, to, bytes, std::function<void()>(std::move(deliver)), std::function<void()>(std::move(lose)),
                          stall, retransmitted, retransmitted == 0 ? now : first_sent);
      }
      delay = fault_delay(from, now);
    }
    if (hop_latency_) delay += hop_latency_->sample(rng_);
    if (!bandwidth_model_) {
      const double latency = from.up_latency() + to.down_latency() + delay;
      // A zero-latency hop delivers at once: no timer, and no reordering either,
      // since nothing else can happen in between.
      if (latency == 0) return deliver();
      if (!cut.any()) {
        scheduler().after(latency, std::move(deliver));
      } else {
        // A cut that starts while the message travels loses it too.
        scheduler().after(latency, [cut, deliver = std::move(deliver), lose = std::move(lose)]() mutable {
          if (cut.open(sim::now())) deliver();
          else lose();
        });
      }
      return;
    }
    transfer(from, to, bytes, cut, delay, std::function<void()>(std::move(deliver)), std::function<void()>(std::move(lose)));
  }

 private:
  Cuts cuts(const Endpoint& from, const Endpoint& to) const {
    Cuts c{platform_.route(from.node, to.node), nullptr};
    if (has_zone_cuts_ && from.zone >= 0 && to.zone >= 0) {
      const auto& windows = zone_cuts_[static_cast<std::size_t>(from.zone) * zones_ + static_cast<std::size_t>(to.zone)];
      if (!windows.empty()) c.zones = &windows;
    }
    if (!instance_cuts_.empty() && from.instance >= 0 && to.instance >= 0)
      if (auto it = instance_cuts_.find(instance_key(from, to)); it != instance_cuts_.end()) c.instances = &it->second;
    return c;
  }
  static std::uint64_t instance_key(const Endpoint& from, const Endpoint& to) {
    const auto part = [](int v) { return static_cast<std::uint64_t>(static_cast<std::uint16_t>(v)); };
    return part(from.node) << 48 | part(from.instance) << 32 | part(to.node) << 16 | part(to.instance);
  }
  bool disturbed(int node) const {
    return static_cast<std::size_t>(node) < disturbed_.size() && disturbed_[static_cast<std::size_t>(node)];
  }
  // Whether any window of either end's, active now, fires: each independently.
  bool draw(const std::vector<std::vector<Window>>& windows, const Endpoint& from, const Endpoint& to);
  bool dropped(const Endpoint& from, const Endpoint& to, double now);
  // Sends a dropped message again after its retransmission timeout, or loses
  // it then when the connection has retransmitted it as often as it will.
  void retransmit(const Endpoint& from, const Endpoint& to, std::uint64_t bytes, std::function<void()> deliver,
                  std::function<void()> lose, Stall* stall, int retransmitted, double first_sent);
  // The delay a message leaving `from` gets from faults, on top of its links'.
  double fault_delay(const Endpoint& from, double now);
  double jitter(const Endpoint& from, double now);
  void transfer(const Endpoint& from, const Endpoint& to, std::uint64_t bytes, Cuts cut, double delay,
                std::function<void()> deliver, std::function<void()> lose);
  // A message waiting for an event (a retransmission, a delayed start).
  struct Held {
    std::function<void()> deliver, lose;
    std::uint64_t bytes = 0;
    Stall* stall = nullptr;
    double first_sent = 0;  // a retransmitted message: when it was first sent
  };
  void start_transfer(const Endpoint& from, const Endpoint& to, std::uint64_t bytes, Cuts cut, std::function<void()> deliver,
                      std::function<void()> lose);

  const Platform& platform_;
  bool bandwidth_model_ = false;
  bool has_zone_cuts_ = false;
  bool retransmits_ = true;
  double min_rto_s_ = 0;
  int retransmissions_ = 0;
  std::uint64_t message_bytes_ = 0;
  // A hop's latency drawn per message (network.latency as a distribution),
  // and its mean, which stands for the smoothed round trip's half in the RTO.
  std::optional<ServiceTime> hop_latency_;
  double mean_hop_latency_s_ = 0;
  std::vector<bool> disturbed_;                 // [node]: loses or delays messages at some time
  std::vector<std::vector<Window>> loss_;       // [service]
  std::vector<std::vector<Jitter>> jitter_;     // [service]
  std::vector<std::vector<CorrelatedJitter>> draws_;  // [service][jitter]: its draws, which may lean on the last
  std::vector<std::vector<Reorder>> reorder_;   // [service]
  std::vector<std::vector<Window>> egress_;     // [service]: bandwidth models only (platform.cpp)
  std::vector<std::vector<Window>> duplicate_;  // [service], empty without duplicate faults
  std::vector<std::vector<Window>> corrupt_;    // [service], empty without corrupt faults
  std::size_t zones_ = 0;
  std::vector<std::vector<Window>> zone_cuts_;  // [from zone x zones + to zone], empty without zone partitions
  std::unordered_map<std::uint64_t, std::vector<Window>> instance_cuts_;  // by instance_key, empty without them
  Rng rng_;
  struct InFlight {
    sg4::CommPtr comm;  // keeps the activity alive until it completes
    Cuts cut;
    std::function<void()> deliver, lose;
  };
  std::unordered_map<const sg4::Activity*, InFlight> in_flight_;
};

}  // namespace chaossim::sim
