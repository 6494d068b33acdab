#pragma once
// One request travelling over one edge: sent by a caller (a client, or a
// service instance while it serves its own request), served by one instance of
// the callee, answered back. Pooled: a run allocates as many as are in flight
// at once, never one per simulated request.
#include <cstdint>
#include <memory>
#include <vector>

#include <simgrid/kernel/Timer.hpp>

#include "patterns/outcome.hpp"
#include "sim/platform.hpp"

namespace chaossim::sim {

struct Request;

// Whoever waits for an answer.
class Caller {
 public:
  virtual void on_answer(Request* request) = 0;

 protected:
  ~Caller() = default;
};

struct Request {
  Caller* caller = nullptr;
  Request* parent = nullptr;          // the request whose serving made this call, if any
  const Endpoint* reply_to = nullptr;  // the caller's host
  std::uint32_t edge = 0;
  std::uint32_t instance = 0;         // the callee instance serving it
  std::uint32_t next_call = 0;        // server side: dependencies called so far
  patterns::Outcome outcome = patterns::Outcome::success;
  bool abandoned = false;             // the client's deadline passed first
  double sent_at = 0;
  double arrived_at = 0;
  simgrid::kernel::timer::Timer* deadline = nullptr;
};

class RequestPool {
 public:
  Request* acquire() {
    if (free_.empty()) {
      blocks_.push_back(std::make_unique<Request[]>(block_size));
      for (std::size_t i = 0; i < block_size; ++i) free_.push_back(&blocks_.back()[i]);
    }
    Request* r = free_.back();
    free_.pop_back();
    *r = Request{};
    return r;
  }
  void release(Request* r) { free_.push_back(r); }
  std::size_t allocated() const { return blocks_.size() * block_size; }

 private:
  static constexpr std::size_t block_size = 1024;
  std::vector<std::unique_ptr<Request[]>> blocks_;
  std::vector<Request*> free_;
};

}  // namespace chaossim::sim
