#include "sim/scheduler.hpp"

#include <algorithm>

namespace chaossim::sim {

Scheduler process_scheduler;

void Scheduler::reset(bool own) {
  own_ = own;
  now_ = 0;
  next_seq_ = 0;
  heap_ = {};
  watch_at_ = std::numeric_limits<double>::infinity();
  watch_ = nullptr;
  lanes_.clear();
  blocks_.clear();
  free_.clear();
}

std::uint32_t Scheduler::lane_of(double delay) {
  for (std::size_t i = 0; i < lanes_.size(); ++i)
    if (lanes_[i].delay == delay) return static_cast<std::uint32_t>(i);
  if (lanes_.size() == max_lanes) return no_lane;  // rare delays share the heap
  lanes_.push_back({delay, {}});
  return static_cast<std::uint32_t>(lanes_.size() - 1);
}

Event* Scheduler::acquire() {
  if (free_.empty()) {
    constexpr std::size_t block = 1024;
    blocks_.push_back(std::make_unique<Event[]>(block));
    for (std::size_t i = 0; i < block; ++i) free_.push_back(&blocks_.back()[i]);
  }
  Event* e = free_.back();
  free_.pop_back();
  e->cancelled = false;
  e->timer = nullptr;
  return e;
}

void Scheduler::fire(Event* e) {
  if (!own_) check_watch(now());  // own mode checks in play_until, before a cancelled event too
  e->timer = nullptr;
  e->task();
  e->task.reset();
  free_.push_back(e);
}

void Scheduler::play(Event* e) {
  if (e->cancelled) {
    free_.push_back(e);
    return;
  }
  fire(e);
}

void Scheduler::cancel(Event* e) {
  if (!own_) {
    e->timer->remove();
    e->task.reset();
    free_.push_back(e);
    return;
  }
  e->cancelled = true;  // skipped, and recycled, when its time comes
  e->task.reset();
}

void Scheduler::run(simgrid::s4u::Engine& engine, double end, std::vector<double> change_times) {
  if (!own_) {
    engine.run_until(end);
    return;
  }
  std::sort(change_times.begin(), change_times.end());
  change_times.push_back(end);
  for (double sync : change_times) {
    if (sync > end) break;
    play_until(sync);
    engine.run_until(sync);  // SimGrid applies the changes due now and calls back
  }
}

void Scheduler::play_until(double t) {
  while (!heap_.empty() && heap_.top().at < t) {
    Entry next = heap_.top();
    heap_.pop();
    if (next.lane != no_lane) {
      auto& queue = lanes_[next.lane].events;
      next = queue.front();
      queue.pop_front();
      // Most timeouts are cancelled (the call ended first): they leave their
      // lane here, at no cost to the heap, rather than one by one through it.
      while (!queue.empty() && queue.front().event->cancelled) {
        free_.push_back(queue.front().event);
        queue.pop_front();
      }
      if (!queue.empty()) heap_.push({queue.front().at, queue.front().seq, nullptr, next.lane});
    }
    now_ = next.at;
    check_watch(now_);
    // The next event's task is likely cold with many in flight: fetch it while this one plays.
    if (!heap_.empty() && heap_.top().event != nullptr) __builtin_prefetch(heap_.top().event);
    play(next.event);
  }
  now_ = t;
}

}  // namespace chaossim::sim
