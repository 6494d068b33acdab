#include "sim/processor_sharing.hpp"

#include <algorithm>

namespace chaossim::sim {

ProcessorSharing::ProcessorSharing(double cores, scenarios::Scalability law, std::function<double(double, double)> done_between,
                                   std::function<double(double, double)> finish_time, std::function<void(Request*)> on_done)
    : cores_(cores),
      law_(law),
      done_between_(std::move(done_between)),
      finish_time_(std::move(finish_time)),
      on_done_(std::move(on_done)) {}

double ProcessorSharing::share() const {
  const double n = static_cast<double>(jobs_.size());
  return std::min(1.0, cores_ / n) / (1 + law_.contention * (n - 1) + law_.coherency * n * (n - 1));
}

void ProcessorSharing::advance(double now) {
  if (!jobs_.empty() && now > since_) attained_ += share() * done_between_(since_, now);
  since_ = now;
}

void ProcessorSharing::enter(Request* request, double work, double now) {
  advance(now);
  jobs_.push({attained_ + work, entered_++, request});
  reschedule(now);
}

void ProcessorSharing::reschedule(double now) {
  if (next_ != nullptr) {
    scheduler().cancel(next_);
    next_ = nullptr;
  }
  if (jobs_.empty()) return;
  const double left = std::max(0.0, jobs_.top().tag - attained_);
  next_ = scheduler().at(finish_time_(now, left / share()), [this] { finish(); });
}

void ProcessorSharing::finish() {
  next_ = nullptr;
  const double now = sim::now();
  advance(now);
  // The earliest is done (this event was its); those with the same tag, to
  // rounding, finish with it. Always at least one: rounding cannot stall it.
  std::vector<Request*> done{jobs_.top().request};
  const double tag = jobs_.top().tag;
  jobs_.pop();
  const double tolerance = 1e-12 * std::max(1.0, tag);
  while (!jobs_.empty() && jobs_.top().tag <= std::max(tag, attained_) + tolerance) {
    done.push_back(jobs_.top().request);
    jobs_.pop();
  }
  // Virtual time restarts with each busy period: its rounding never grows with the run.
  if (jobs_.empty()) attained_ = 0;
  reschedule(now);
  for (Request* r : done) on_done_(r);
}

std::vector<Request*> ProcessorSharing::clear(double now) {
  std::vector<Job> jobs;
  while (!jobs_.empty()) {
    jobs.push_back(jobs_.top());
    jobs_.pop();
  }
  std::sort(jobs.begin(), jobs.end(), [](const Job& a, const Job& b) { return a.order < b.order; });
  std::vector<Request*> requests;
  for (const Job& j : jobs) requests.push_back(j.request);
  attained_ = 0;
  since_ = now;
  reschedule(now);
  return requests;
}

}  // namespace chaossim::sim
