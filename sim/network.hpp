#pragma once
// Moves a message from one endpoint to another and calls `deliver` on arrival.
// Constant model: after the route's latency (read from the SimGrid links, so
// that faults changing link latency take effect), by a kernel timer. Bandwidth
// models: as a SimGrid communication, sharing the links with the others.
#include <functional>
#include <unordered_map>

#include <simgrid/kernel/Timer.hpp>

#include "scenarios/scenario.hpp"
#include "sim/platform.hpp"

namespace chaossim::sim {

class Network {
 public:
  explicit Network(const scenarios::Network& config);
  ~Network();
  Network(const Network&) = delete;
  Network& operator=(const Network&) = delete;

  template <class Deliver>
  void send(const Endpoint& from, const Endpoint& to, Deliver deliver) {
    if (!bandwidth_model_) {
      const double latency = from.up->get_latency() + to.down->get_latency();
      // A zero-latency hop delivers at once: no timer, and no reordering either,
      // since nothing else can happen in between.
      if (latency == 0) deliver();
      else simgrid::kernel::timer::Timer::set(sg4::Engine::get_clock() + latency, std::move(deliver));
      return;
    }
    transfer(from, to, std::function<void()>(std::move(deliver)));
  }

 private:
  void transfer(const Endpoint& from, const Endpoint& to, std::function<void()> deliver);

  bool bandwidth_model_ = false;
  std::uint64_t message_bytes_ = 0;
  struct InFlight {
    sg4::CommPtr comm;  // keeps the activity alive until it completes
    std::function<void()> deliver;
  };
  std::unordered_map<const sg4::Activity*, InFlight> in_flight_;
};

}  // namespace chaossim::sim
