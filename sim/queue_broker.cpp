#include "sim/queue_broker.hpp"

#include "sim/scheduler.hpp"
#include "sim/service_simulator.hpp"

namespace chaossim::sim {

QueueBroker::QueueBroker(const scenarios::QueueConfig& config, Recorder& recorder, CallPath& calls, const Endpoint& host)
    : Caller(&recorder),
      config_(config),
      recorder_(recorder),
      calls_(calls),
      host_(host),
      oldest_level_(recorder.add_level("oldest_message_age_s", 0)),
      not_visible_level_(recorder.add_level("not_visible", 0)),
      dead_level_(recorder.add_level("dead_letter_depth", 0)) {}

void QueueBroker::add_consumer(std::uint32_t edge, const scenarios::Consumer& config) {
  consumers_.push_back({edge, config.concurrency, config.poll_interval_s, 0, nullptr});
}

bool QueueBroker::takes(std::size_t k, double now) {
  ConsumerSlots& c = consumers_[k];
  if (c.busy >= c.concurrency) return false;
  if (calls_.edges()[c.edge].target->reachable_from(host_, now)) return true;
  if (c.poll == nullptr)
    c.poll = scheduler().at(now + c.poll_interval_s, [this, k] {
      consumers_[k].poll = nullptr;
      dispatch();
    });
  return false;
}

void QueueBroker::publish(Request* r) {
  const double now = sim::now();
  recorder_.count(Counter::requests, now);
  if (depth() >= config_.capacity) {
    recorder_.count(Counter::rejected, now);
    r->outcome = patterns::Outcome::unavailable;
  } else {
    waiting_.push_back({next_id_++, now, 0});
    recorder_.change(Level::queued, now, +1);
    r->outcome = patterns::Outcome::success;
  }
  calls_.answer(r, host_);
  dispatch();
  update_oldest(now);
}

void QueueBroker::dispatch() {
  if (dispatching_) return;
  dispatching_ = true;
  const double now = sim::now();
  while (!waiting_.empty()) {
    ConsumerSlots* free = nullptr;
    for (std::size_t k = 0; k < consumers_.size() && free == nullptr; ++k) {
      const std::size_t at = (next_consumer_ + k) % consumers_.size();
      if (takes(at, now)) {
        free = &consumers_[at];
        next_consumer_ = (at + 1) % consumers_.size();
      }
    }
    if (free == nullptr) break;
    Message m = waiting_.front();
    waiting_.pop_front();
    recorder_.change(Level::queued, now, -1);
    if (++m.deliveries > 1) recorder_.count(Counter::redelivered, now);
    ++free->busy;
    recorder_.change(Level::busy, now, +1);
    const std::uint64_t id = m.id;
    Event* visibility = scheduler().at(now + config_.visibility_timeout_s, [this, id] { reappear(id); });
    delivered_.emplace(id, Delivered{m, visibility});
    delivered_changed(now);
    // The message's id is the call's key: the consumer's answer names it.
    calls_.start(calls_.open(free->edge, this, nullptr, &host_, id));
  }
  dispatching_ = false;
  update_oldest(now);
}

void QueueBroker::on_call_done(LogicalCall* call) {
  const double now = sim::now();
  for (auto& c : consumers_)
    if (c.edge == call->edge) --c.busy;
  recorder_.change(Level::busy, now, -1);
  // A failed delivery waits out its visibility timeout; one whose timeout
  // passed already was delivered anew or is dead: its late answer changes nothing.
  if (const auto it = delivered_.find(call->key); it != delivered_.end() && call->result.ok()) {
    scheduler().cancel(it->second.visibility);
    recorder_.count(Counter::successes, now);
    recorder_.latency(now, now - it->second.message.published_at, Ending::success);  // publish to acknowledgement
    delivered_.erase(it);
    delivered_changed(now);
  }
  dispatch();
}

void QueueBroker::reappear(std::uint64_t id) {
  const double now = sim::now();
  const auto it = delivered_.find(id);
  const Message m = it->second.message;
  delivered_.erase(it);
  delivered_changed(now);
  recorder_.count(Counter::failures, now);
  if (m.deliveries >= config_.max_deliveries) {
    recorder_.count(Counter::dead_letters, now);
    recorder_.set(dead_level_, now, static_cast<double>(++dead_letters_));
  } else {
    waiting_.push_back(m);
    recorder_.change(Level::queued, now, +1);
  }
  dispatch();
}

void QueueBroker::update_oldest(double now) {
  recorder_.set(oldest_level_, now, waiting_.empty() ? 0.0 : now - waiting_.front().published_at);
}

}  // namespace chaossim::sim
