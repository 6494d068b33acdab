#pragma once
// ServerAdmission: what one server instance turns away before doing any work,
// to stay useful under overload (the SRE book's "Handling Overload", Netflix's
// and Facebook's servers): a rate limit, a cap on the requests it holds, and
// CoDel on its queue. Each refusal is answered at once as overloaded (HTTP
// 429), maybe with a Retry-After. Decisions only; the server keeps its queue.
#include <limits>

#include "patterns/admission_config.hpp"
#include "patterns/rate_limiter.hpp"

namespace chaossim::patterns {

enum class ShedCause { rate_limit, concurrency, queue_delay };
inline constexpr std::array<std::string_view, 3> shed_cause_names{"rate_limit", "concurrency", "queue_delay"};
inline constexpr std::size_t shed_cause_count = shed_cause_names.size();

struct AdmissionDecision {
  bool admitted = true;
  ShedCause cause = ShedCause::rate_limit;  // when shed
  double retry_after_s = 0;                 // when shed: the hint its answer carries, 0 for none
  double delay_s = 0;                       // when admitted by a leaky bucket: its wait before it goes on
};

// CoDel as folly's executors do it, judged as requests leave the queue.
class QueueDelayShedder {
 public:
  explicit QueueDelayShedder(const QueueDelayConfig& config) : config_(config), interval_end_(config.interval_s) {}
  // A request leaves the queue for a worker after waiting `waited_s` (0 when
  // it found one free): whether it is shed instead. A request of a class
  // with a share under 1 (AdmissionConfig::priority_shares) may wait only
  // that share of the slough time.
  bool shed(double now, double waited_s, double share = 1);
  bool overloaded() const { return overloaded_; }

 private:
  QueueDelayConfig config_;
  double interval_end_;
  // The least wait seen since the interval began; infinity for none: an
  // interval in which nothing left the queue is no evidence of a standing one.
  double min_wait_s_ = std::numeric_limits<double>::infinity();
  bool overloaded_ = false;
};

class ServerAdmission {
 public:
  explicit ServerAdmission(const AdmissionConfig& config);

  // A request of class `priority` arrives while the instance holds `held`
  // (in service, waiting, or paced by a leaky bucket): admitted, maybe after
  // a wait, or shed. Its class fills only its share of each limit.
  AdmissionDecision on_arrival(double now, int held, Priority priority = Priority::critical);
  // A request leaves the queue for a worker after waiting `waited_s` (0 when
  // it found one free): shed instead, or admitted.
  AdmissionDecision on_start(double now, double waited_s, Priority priority = Priority::critical);
  bool sheds_on_start() const { return queue_delay_.has_value(); }

 private:
  AdmissionDecision shed(ShedCause cause, double limiter_wait_s = 0) const;
  double share(Priority p) const { return config_.priority_shares[static_cast<std::size_t>(p)]; }

  AdmissionConfig config_;
  std::optional<ReferenceRateLimiter> limiter_;
  std::optional<QueueDelayShedder> queue_delay_;
};

}  // namespace chaossim::patterns
