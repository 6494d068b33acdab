#include "sim/network.hpp"

namespace chaossim::sim {

Network::Network(const scenarios::Network& config)
    : bandwidth_model_(config.model != scenarios::NetworkModel::constant), message_bytes_(config.message_bytes) {
  if (!bandwidth_model_) return;
  // Completions are dispatched here, in the kernel, without an actor waiting.
  sg4::Activity::on_completion_cb([this](const sg4::Activity& activity) {
    auto it = in_flight_.find(&activity);
    if (it == in_flight_.end()) return;
    auto deliver = std::move(it->second.deliver);
    in_flight_.erase(it);
    deliver();
  });
}

Network::~Network() {
  // SimGrid aborts when a started communication is destroyed unfinished. The
  // run is over and its process about to exit: keep them alive instead.
  for (auto& [activity, message] : in_flight_) intrusive_ptr_add_ref(message.comm.get());
}

void Network::transfer(const Endpoint& from, const Endpoint& to, std::function<void()> deliver) {
  auto comm = sg4::Comm::sendto_async(from.host, to.host, message_bytes_);
  const sg4::Activity* key = comm.get();
  in_flight_.emplace(key, InFlight{std::move(comm), std::move(deliver)});
}

}  // namespace chaossim::sim
