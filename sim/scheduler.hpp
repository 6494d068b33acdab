#pragma once
// Virtual time for a run: when things happen, and the clock.
//
// With the constant network model, nothing moves on SimGrid between two changes
// of the platform (the fault profiles of platform.cpp): the run's own events
// (arrivals, service ends, message hops, timeouts) are kept here, in a heap,
// and SimGrid's engine is advanced only to each of those changes, where it
// turns hosts off and on, sets speeds and latencies, and calls back. A SimGrid
// engine round costs about 0.5 us, whatever it does (SIMGRID-NOTES: 2 M
// timers/s at best), and a client request makes twenty events: this is what
// keeps a run at hundreds of thousands of requests per second.
//
// The bandwidth-sharing models move messages as SimGrid communications, which
// only SimGrid's engine advances: there every event is a SimGrid kernel timer
// and the clock is SimGrid's.
//
// One run per process (SimGrid allows one engine): the scheduler is the
// process's, like SimGrid's engine.
#include <cstdint>
#include <cstring>
#include <functional>
#include <limits>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

#include <simgrid/kernel/Timer.hpp>
#include <simgrid/s4u/Engine.hpp>

#include "sim/event_heap.hpp"
#include "sim/ring_queue.hpp"

namespace chaossim::sim {

// A callable with its captures stored inline: events never allocate.
class Task {
 public:
  static constexpr std::size_t capacity = 64;

  Task() = default;
  Task(const Task&) = delete;
  Task& operator=(const Task&) = delete;
  ~Task() { reset(); }

  template <class F>
  void emplace(F&& f) {
    reset();
    using Fn = std::decay_t<F>;
    static_assert(sizeof(Fn) <= capacity, "an event's captures must fit in Task::capacity");
    static_assert(alignof(Fn) <= alignof(std::max_align_t));
    new (buffer_) Fn(std::forward<F>(f));
    call_ = [](void* p) { (*static_cast<Fn*>(p))(); };
    destroy_ = [](void* p) { static_cast<Fn*>(p)->~Fn(); };
  }

  void operator()() { call_(buffer_); }
  void reset() {
    if (destroy_ != nullptr) destroy_(buffer_);
    destroy_ = nullptr;
    call_ = nullptr;
  }
  explicit operator bool() const { return call_ != nullptr; }

 private:
  alignas(std::max_align_t) unsigned char buffer_[capacity];
  void (*call_)(void*) = nullptr;
  void (*destroy_)(void*) = nullptr;
};

// A scheduled event; cancel it with Scheduler::cancel before it happens.
struct Event {
  Task task;
  simgrid::kernel::timer::Timer* timer = nullptr;  // SimGrid mode
  bool cancelled = false;
};

class Scheduler {
 public:
  // Own mode (constant network) or SimGrid mode (bandwidth models).
  void reset(bool own);

  double now() const { return own_ ? now_ : simgrid::s4u::Engine::get_clock(); }

  template <class F>
  Event* at(double t, F&& f) {
    Event* e = make(t, std::forward<F>(f));
    if (own_) heap_.push({t, next_seq_++, e, no_lane});
    return e;
  }
  // `delay` from now. For delays that recur (a network hop, a fixed timeout, a
  // deadline): events sharing a delay are due in the order they were made, so
  // each such delay keeps a FIFO lane and only its head waits in the heap. The
  // order of play is exactly that of the heap alone (time, then creation).
  template <class F>
  Event* after(double delay, F&& f) {
    const double t = now() + delay;
    Event* e = make(t, std::forward<F>(f));
    if (!own_) return e;
    const std::uint64_t seq = next_seq_++;
    const std::uint32_t lane = lane_of(delay);
    if (lane == no_lane) {
      heap_.push({t, seq, e, no_lane});
    } else {
      auto& queue = lanes_[lane].events;
      if (queue.empty()) heap_.push({t, seq, nullptr, lane});
      queue.push_back({t, seq, e, lane});
    }
    return e;
  }
  void cancel(Event* e);

  // Plays the run until `end`: the own events between the platform's change
  // times, SimGrid at each of them.
  void run(simgrid::s4u::Engine& engine, double end, std::vector<double> change_times);
  // Own mode: plays the events due before `t`, then stands at `t`.
  void play_until(double t);

  // Calls `f` once, as soon as the clock has reached `t`: before the first
  // event due at or after `t` plays. Not an event itself: under the
  // bandwidth models an event is a SimGrid timer, and one more instant for
  // SimGrid's solver to stop at would change how it rounds the flows.
  // One watch at a time; `f` may set the next.
  void watch(double t, std::function<void()> f) {
    watch_at_ = t;
    watch_ = std::move(f);
  }

 private:
  static constexpr std::uint32_t no_lane = ~0u;
  static constexpr std::size_t max_lanes = 16;
  struct Entry {
    double at;
    std::uint64_t seq;  // same time: first scheduled, first played, as SimGrid does
    Event* event;       // null for a lane's head: the lane's front
    std::uint32_t lane;
    // Times are never negative, and a non-negative double's bits order as
    // its value: (time, seq) compares as one 128-bit integer, without the
    // branches the heap's sifting would mispredict.
    __extension__ using Key = unsigned __int128;
    Key key() const {
      std::uint64_t bits;
      std::memcpy(&bits, &at, sizeof bits);
      return static_cast<Key>(bits) << 64 | seq;
    }
    bool operator>(const Entry& o) const { return key() > o.key(); }
  };
  struct Lane {
    double delay = 0;
    RingQueue<Entry> events;
  };
  template <class F>
  Event* make(double t, F&& f) {
    Event* e = acquire();
    e->task.emplace(std::forward<F>(f));
    if (!own_) e->timer = simgrid::kernel::timer::Timer::set(t, [this, e] { fire(e); });
    return e;
  }
  std::uint32_t lane_of(double delay);
  Event* acquire();
  void fire(Event* e);
  void play(Event* e);
  void check_watch(double now) {
    while (now >= watch_at_) {
      watch_at_ = std::numeric_limits<double>::infinity();
      std::function<void()> f = std::move(watch_);
      f();
    }
  }

  bool own_ = true;
  double now_ = 0;
  double watch_at_ = std::numeric_limits<double>::infinity();
  std::function<void()> watch_;
  std::uint64_t next_seq_ = 0;
  EventHeap<Entry> heap_;
  std::vector<Lane> lanes_;
  std::vector<std::unique_ptr<Event[]>> blocks_;
  std::vector<Event*> free_;
};

// The process's scheduler: a plain global, reached without a call (every event asks the time).
extern Scheduler process_scheduler;
inline Scheduler& scheduler() { return process_scheduler; }
inline double now() { return scheduler().now(); }

}  // namespace chaossim::sim
