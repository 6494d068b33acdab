#pragma once
// A queue (a service of kind "queue"): a broker that accepts producers'
// messages and hands them to its consumers at their own pace, as SQS does.
// A producer's call ends when the broker accepts the message, or refuses it
// when the queue is at capacity. Each consumer takes up to `concurrency`
// messages at a time, each as a call over an edge of its own (role
// "consume"); a success acknowledges the message, which leaves the queue.
// A message not acknowledged within the visibility timeout of its delivery
// (its call failed, or has not ended) becomes visible again and is
// delivered anew, at the back of the queue; after `max_deliveries` it goes
// to the dead-letter queue instead. Delivery is at least once: a consumer
// slower than the visibility timeout may process a message twice. Consumers
// pull: one that is down or cut off from the queue receives nothing, and
// the messages wait (a backlog grows while it is out).
#include <cstdint>
#include <deque>
#include <unordered_map>
#include <vector>

#include "scenarios/scenario.hpp"
#include "sim/call_path.hpp"
#include "sim/recorder.hpp"

namespace chaossim::sim {

class QueueBroker final : public Caller {
 public:
  // Its figures go to the queue service's `recorder`; `host` is the broker's.
  QueueBroker(const scenarios::QueueConfig& config, Recorder& recorder, CallPath& calls, const Endpoint& host);

  // A consumer, reached over `edge`.
  void add_consumer(std::uint32_t edge, const scenarios::Consumer& config);
  // A producer's message reached the broker.
  void publish(Request* request);
  // A delivery to a consumer ended.
  void on_call_done(LogicalCall* call) override;

 private:
  struct Message {
    std::uint64_t id = 0;
    double published_at = 0;
    int deliveries = 0;
  };
  struct Delivered {
    Message message;
    Event* visibility = nullptr;  // when it becomes visible again unless acknowledged
  };
  struct ConsumerSlots {
    std::uint32_t edge = 0;
    int concurrency = 1;
    double poll_interval_s = 1;
    int busy = 0;
    Event* poll = nullptr;  // its next try while it cannot reach the queue
  };
  // Whether it takes a message now: a free slot, and it can reach the queue
  // (a consumer pulls: one that is down or cut off takes nothing, and tries
  // again every poll interval while messages wait).
  bool takes(std::size_t consumer, double now);

  // Hands waiting messages to consumers with a free slot, round robin.
  void dispatch();
  // Its visibility timeout passed unacknowledged: back in the queue, or dead.
  void reappear(std::uint64_t id);
  // The age of the oldest waiting message, as a level (set at every change).
  void update_oldest(double now);
  // What its capacity holds: the visible messages and those delivered, not yet acknowledged.
  int depth() const { return static_cast<int>(waiting_.size() + delivered_.size()); }
  void delivered_changed(double now) { recorder_.set(not_visible_level_, now, static_cast<double>(delivered_.size())); }

  const scenarios::QueueConfig& config_;
  Recorder& recorder_;
  CallPath& calls_;
  const Endpoint& host_;
  std::deque<Message> waiting_;
  // Delivered, not yet acknowledged: looked up by id, never walked (no order leaks into results).
  std::unordered_map<std::uint64_t, Delivered> delivered_;
  std::vector<ConsumerSlots> consumers_;
  std::size_t next_consumer_ = 0;
  std::uint64_t next_id_ = 0;
  std::uint64_t dead_letters_ = 0;
  std::size_t oldest_level_;
  std::size_t not_visible_level_;  // delivered, not yet acknowledged (Level::queued holds the visible ones)
  std::size_t dead_level_;
  bool dispatching_ = false;  // a delivery refused at once ends inside dispatch(): the loop goes on
};

}  // namespace chaossim::sim
