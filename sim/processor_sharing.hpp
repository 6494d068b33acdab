#pragma once
// The cores of one instance, shared by the requests doing their work on it at
// once, as an operating system's scheduler time-slices many threads over a few
// cores: each of n requests progresses at min(1, cores / n) of the host's
// speed (processor sharing). With as many cores as requests, each has one to
// itself; with more requests, all slow down alike, so a thread pool larger
// than its cores adds concurrency but not throughput.
//
// Under the Universal Scalability Law (a service's `scalability`), n
// requests at once also each go 1 + alpha (n - 1) + beta n (n - 1) times
// slower: contention and coherency costs grow with concurrency.
//
// Kept in virtual time: `attained_` is the work a request present all along
// would have done, so each request finishes when it reaches its tag (its
// arrival's attained work plus its own), and only the earliest tag needs an
// event. The host's speed and pauses (degradations, stop-the-world) pace the
// attained work through the two functions the service gives.
#include <cstdint>
#include <functional>
#include <queue>
#include <vector>

#include "scenarios/scenario.hpp"
#include "sim/request.hpp"
#include "sim/scheduler.hpp"

namespace chaossim::sim {

class ProcessorSharing {
 public:
  // `done_between(t0, t1)`: the nominal work one core does from t0 to t1 at
  // the host's speed, its pauses skipped; `finish_time(t, work)`: its inverse,
  // when one core, from t, has done `work`. `on_done` takes each request whose
  // work is done.
  // `cores` infinite: a core per request (only the scalability law and the
  // host's pace slow them).
  ProcessorSharing(double cores, scenarios::Scalability law, std::function<double(double, double)> done_between,
                   std::function<double(double, double)> finish_time, std::function<void(Request*)> on_done);
  ProcessorSharing(const ProcessorSharing&) = delete;
  ProcessorSharing& operator=(const ProcessorSharing&) = delete;

  // `request` starts `work` seconds of nominal work (at full speed, alone on a core).
  void enter(Request* request, double work, double now);
  // The host is gone: the requests working on it, in the order they came, none of them done.
  std::vector<Request*> clear(double now);
  std::size_t working() const { return jobs_.size(); }
  // The host's pace changes from `now` on (a pause begins): what is done up
  // to now is counted before the change, the finish is planned again after it.
  void count_up_to(double now) { advance(now); }
  void replan(double now) { reschedule(now); }

 private:
  struct Job {
    double tag;
    std::uint64_t order;  // ties finish in arrival order
    Request* request;
    bool operator>(const Job& o) const { return tag != o.tag ? tag > o.tag : order > o.order; }
  };
  double share() const;
  void advance(double now);
  void reschedule(double now);
  void finish();

  double cores_;
  scenarios::Scalability law_;
  std::function<double(double, double)> done_between_, finish_time_;
  std::function<void(Request*)> on_done_;
  std::priority_queue<Job, std::vector<Job>, std::greater<>> jobs_;
  double attained_ = 0;  // since the instance last had no work
  double since_ = 0;     // when attained_ was last brought up to date
  std::uint64_t entered_ = 0;
  Event* next_ = nullptr;
};

}  // namespace chaossim::sim
