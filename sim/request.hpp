#pragma once
// What travels through a run. A LogicalCall is one call a caller makes over an
// edge, through the edge's resilience pipeline; a Frame is one pattern's part
// in it (a retry frame outlives the attempts it repeats); an Attempt is one
// try at the callee, as its caller sees it; a Request is one copy of the
// attempt's message, the callee's work on it, and its answer on the way back.
// A network fault may duplicate a message, so an attempt may have several
// copies alive; its caller takes the first answer. All are pooled (a call
// holds its outermost frame, an attempt its first copy): a run allocates as
// many as are alive at once, never one per simulated request.
#include <cstdint>
#include <limits>
#include <memory>
#include <type_traits>
#include <vector>

#include "sim/scheduler.hpp"

#include "patterns/outcome.hpp"
#include "patterns/priority.hpp"
#include "patterns/worker_pools.hpp"
#include "patterns/retry.hpp"
#include "sim/platform.hpp"

namespace chaossim::sim {

struct LogicalCall;
struct Frame;
class Recorder;

// Whoever waits for a call's end.
class Caller {
 public:
  virtual void on_call_done(LogicalCall* call) = 0;
  // What its on_call_done records into, fetched while an answer travels.
  const Recorder* recorder_to_prefetch() const { return recorder_to_prefetch_; }

 protected:
  explicit Caller(const Recorder* recorder) : recorder_to_prefetch_(recorder) {}
  ~Caller() = default;

 private:
  const Recorder* recorder_to_prefetch_;
};

struct Request;
struct Attempt;

struct Frame {
  LogicalCall* call = nullptr;
  Frame* parent = nullptr;
  std::uint8_t depth = 0;       // which stage of the edge's pipeline
  bool completed = false;       // has reported upward (a timeout may do so before its child)
  int children = 0;             // invocations below not yet ended
  double started = 0;           // when the call reached this frame's stage
  // When the caller gives up on what this frame started: the earliest of its
  // call's deadline and the timeouts around it, its own included. What an
  // attempt carries downstream when its edge propagates deadlines.
  double expires = std::numeric_limits<double>::infinity();
  // A stage's own state for this call, kept here so that a call allocates nothing.
  int hedges = 0;                   // hedge: extra attempts sent
  std::uint32_t fallback_next = 0;  // fallback: the next alternative of the chain to try
  patterns::CallResult last;        // retry, hedge: how the last attempt ended
  Event* timer = nullptr;           // timeout, backoff, hedge or bulkhead wait
  patterns::RetryState retry;
};

// Aligned to cache lines, and each carrying the object that nearly always
// comes with it (a call its outermost frame, an attempt its first copy): an
// answer coming back to a call made long ago finds its attempt, frame and
// call in a few lines side by side, not in four scattered ones. With a deep
// chain of calls in flight, those misses are most of the time of a call.
struct alignas(64) LogicalCall {
  Caller* caller = nullptr;
  Request* parent = nullptr;           // the request whose serving made this call, if any
  const Endpoint* reply_to = nullptr;  // the caller's host
  std::uint32_t edge = 0;
  int live_frames = 0;     // recycled when done and no frame is left
  std::uint64_t key = 0;               // the request key, for caches
  double started = 0;
  patterns::CallResult result;
  bool done = false;       // the caller has been told
  bool cancelled = false;  // the caller gave up (deadline): no new attempts
  bool attempted = false;  // an attempt went on the wire
  patterns::Priority priority = patterns::Priority::critical;  // what its attempts carry unless their endpoint says
  // Its deadline, when it has one (a client's, or propagated from the
  // request whose serving made it), and the event that ends it then.
  double deadline_at = std::numeric_limits<double>::infinity();
  Event* deadline = nullptr;
  Frame* resumes = nullptr;  // a fallback's call to another service: the frame waiting for it
  Attempt* lost = nullptr;   // attempts whose every copy was lost, until someone gives up on them
  // Its attempts on the wire or at the callee, kept only on an edge that
  // cancels (cancel_on_timeout): those its caller gives up on are cancelled.
  Attempt* pending = nullptr;
  LogicalCall* next_sibling = nullptr;  // among its parent's parallel calls still open
  // Its outermost frame: every frame of a call ends before the call is recycled.
  Frame outermost;
};

struct Request {
  Attempt* attempt = nullptr;         // alive while any of its copies is: attempt->instance serves this one
  const Endpoint* reply_to = nullptr;
  // Server side: its calls not yet ended, linked by next_sibling: those of a
  // parallel step, and every one of a request its caller may cancel.
  LogicalCall* open_calls = nullptr;
  std::uint64_t key = 0;
  double arrived_at = 0;
  std::uint32_t next_call = 0;        // server side: dependencies called so far
  std::uint32_t epoch = 0;            // server side: the instance's life it arrived in (crashes end one)
  std::uint32_t serving_slot : 31 = 0;  // server side: its place among its instance's requests in service
  std::uint32_t awaiting_calls : 1 = 0;  // server side, async: it gave its worker back to wait on its calls
  union {
    // Server side: in the queue before a worker took it (for wasted work);
    // until then, what it waited in a leaky bucket before it reached the queue.
    float waited_s = 0;
    // Answered overloaded (never served): the Retry-After its answer carries, 0 for none.
    float retry_after_s;
  };
  // Server side, the call step it is at (next_call): calls made, and ended
  // well or not (a step repeats a call at most 1,000 times).
  std::uint32_t step_made : 10 = 0, step_ok : 10 = 0, step_failed : 10 = 0;
  // Server side, with worker pools: the kind of worker it holds (its
  // endpoint's pool's). Beside the step counts, in their word's last 2 bits.
  patterns::PoolSlot pool_slot : 2 = patterns::PoolSlot::none;
  std::uint16_t endpoint = 0;         // of the callee's (a service has at most 1,000)
  patterns::Outcome outcome : 3 = patterns::Outcome::success;
  // Its class when a server sheds: its endpoint's, else its caller's request's, else its client's.
  patterns::Priority priority : 2 = patterns::Priority::critical;
  // Server side: a fallback answered one of the calls its serving made, at any
  // depth below; a successful answer then reaches its caller degraded.
  bool degraded : 1 = false;
  bool reset_sent : 1 = false;        // server side: a refusing crash already answered it (connection reset)
  bool launching : 1 = false;         // server side: its parallel calls are being sent; their ends are only counted
  bool client_error : 1 = false;      // its outcome, an error, is of class client
  bool has_deadline : 1 = false;      // it carries a deadline (attempt->deadline): its edge propagates one
  bool cancellable : 1 = false;       // its edge cancels: the callee heeds attempt->cancel_arrived
  // Its caller may give up on it (a timeout, a deadline, a hedge, a quorum):
  // the callee then checks, when it is done, whether its work was wasted.
  bool abandonable : 1 = false;
  bool queued : 1 = false;            // server side: in its instance's queue
  bool in_service : 1 = false;        // server side: a worker holds it (async: or it waits on its calls)
  bool cancel_counted : 1 = false;    // server side: cancelled while queued, left there until it comes up
  bool corrupted : 1 = false;         // a corrupt fault spoiled it on its way: the callee cannot parse it
};
// Packed to a cache line: with the rest of its attempt, two.
static_assert(sizeof(Request) <= 64);
static_assert(patterns::outcome_names.size() <= 8, "a Request keeps its outcome in 3 bits");
// A signed 2-bit field would read "borrowed" (2) back as -2.
static_assert(std::is_unsigned_v<std::underlying_type_t<patterns::PoolSlot>>);

struct alignas(64) Attempt {
  // Its first copy: an attempt outlives every copy of its message.
  Request first;
  Frame* frame = nullptr;             // the attempt frame waiting for the answer
  // What its answer touches next, at hand to be fetched while it travels:
  // its call, the request whose serving made the call, the caller's recorder.
  const LogicalCall* call = nullptr;
  const Request* caller_request = nullptr;
  const Recorder* caller_recorder = nullptr;
  double deadline = 0;                // when the caller gives up on it, if its copies carry it (has_deadline)
  Attempt* next = nullptr;            // in its call's list of pending attempts, or of lost ones
  Event* reset = nullptr;             // lost to a vanished host: when its connection is reset
  std::uint32_t edge = 0;
  std::uint16_t instance = 0;         // the callee instance it was sent to (a service has at most 10,000)
  std::uint8_t copies = 0;            // its Requests alive: on the wire, in service, or answering (a few at most)
  bool answered : 1 = false;          // its first answer arrived, or its caller gave up on it and cancelled it
  bool pending : 1 = false;           // in its call's list of pending attempts
  bool cancel_travelling : 1 = false; // its cancellation is on the way to the callee: the attempt stays until it lands
  bool cancel_arrived : 1 = false;    // the callee has heard its cancellation: every copy is dropped
};
static_assert(sizeof(Attempt) == 128);
// Three lines: its frame, its fields, its first frame's; a fourth would cost every call.
static_assert(sizeof(LogicalCall) == 192);
// Nobody waits for this frame's result any more: the caller gave up, or an
// outer pattern (a timeout) has answered already. Then no new attempt is made.
inline bool abandoned(const Frame* f) {
  if (f->call->cancelled) return true;
  for (const Frame* up = f->parent; up != nullptr; up = up->parent)
    if (up->completed) return true;
  return false;
}

template <class T>
class Pool {
 public:
  T* acquire() {
    if (free_.empty()) {
      blocks_.push_back(std::make_unique<T[]>(block_size));
      for (std::size_t i = 0; i < block_size; ++i) free_.push_back(&blocks_.back()[i]);
    }
    T* item = free_.back();
    free_.pop_back();
    *item = T{};
    return item;
  }
  void release(T* item) { free_.push_back(item); }

 private:
  static constexpr std::size_t block_size = 1024;
  std::vector<std::unique_ptr<T[]>> blocks_;
  std::vector<T*> free_;
};

}  // namespace chaossim::sim
