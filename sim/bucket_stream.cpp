#include "sim/bucket_stream.hpp"

#include <limits>

#include "sim/scheduler.hpp"

namespace chaossim::sim {

BucketStream::BucketStream(const std::string& spool_path, const BucketGrid& grid, std::vector<Recorder*> clients,
                           std::vector<Recorder*> services, std::vector<Recorder*> edges, std::vector<Recorder*> endpoints)
    : writer_(spool_path),
      grid_(grid),
      clients_(std::move(clients)),
      services_(std::move(services)),
      edges_(std::move(edges)),
      endpoints_(std::move(endpoints)) {
  frame_.clients.resize(clients_.size());
  frame_.services.resize(services_.size());
  frame_.edges.resize(edges_.size());
  frame_.endpoints.resize(endpoints_.size());
}

void BucketStream::start(double end) {
  end_ = end;
  schedule_next();
}

void BucketStream::finish(double end) {
  for (const auto* subjects : {&clients_, &services_, &edges_, &endpoints_})
    for (auto* r : *subjects) r->advance(end);
  scheduler().watch(std::numeric_limits<double>::infinity(), nullptr);
  while (next_ < grid_.count()) emit_next();
  writer_.close();
}

void BucketStream::schedule_next() {
  const double at = grid_.start_of(next_ + 2);
  if (next_ + 2 >= grid_.count() || at > end_) return;  // finish() emits the rest
  scheduler().watch(at, [this, at] {
    for (const auto* subjects : {&clients_, &services_, &edges_, &endpoints_})
      for (auto* r : *subjects) r->advance(at);
    emit_next();
    schedule_next();
  });
}

void BucketStream::emit_next() {
  for (std::size_t i = 0; i < clients_.size(); ++i) clients_[i]->emit(next_, frame_.clients[i]);
  for (std::size_t i = 0; i < services_.size(); ++i) services_[i]->emit(next_, frame_.services[i]);
  for (std::size_t i = 0; i < edges_.size(); ++i) edges_[i]->emit(next_, frame_.edges[i]);
  for (std::size_t i = 0; i < endpoints_.size(); ++i) endpoints_[i]->emit(next_, frame_.endpoints[i]);
  writer_.write(frame_);
  ++next_;
}

}  // namespace chaossim::sim
