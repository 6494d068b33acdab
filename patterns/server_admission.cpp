#include "patterns/server_admission.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace chaossim::patterns {

ConfigProblems validate(const QueueDelayConfig& c) {
  ConfigProblems p;
  if (!(c.target_s > 0)) p.push_back({"target", "found " + number_text(c.target_s) + "s, expected longer than 0s"});
  if (!(c.interval_s > 0)) p.push_back({"interval", "found " + number_text(c.interval_s) + "s, expected longer than 0s"});
  return p;
}

ConfigProblems validate(const AdmissionConfig& c) {
  ConfigProblems p;
  const auto nested = [&p](const char* key, const ConfigProblems& inner) {
    for (const auto& problem : inner) p.push_back({std::string(key) + "." + problem.field, problem.message});
  };
  if (c.rate_limit) nested("rate_limit", validate(*c.rate_limit));
  if (c.queue_delay) nested("queue_delay", validate(*c.queue_delay));
  if (c.max_concurrent && *c.max_concurrent < 1)
    p.push_back({"max_concurrent", "found " + number_text(*c.max_concurrent) + ", expected at least 1"});
  if (c.retry_after_s && !(*c.retry_after_s >= 0))
    p.push_back({"retry_after", "found " + number_text(*c.retry_after_s) + "s, expected at least 0s"});
  if (c.retry_after_from_limiter && !c.rate_limit)
    p.push_back({"retry_after", "found \"rate_limit\" without a rate_limit, expected a duration"});
  for (std::size_t k = 0; k < priority_count; ++k) {
    const double share = c.priority_shares[k];
    const std::string key = "priority_shares." + std::string(priority_names[k]);
    if (!(share > 0 && share <= 1)) p.push_back({key, "found " + number_text(share) + ", expected above 0 and at most 1"});
    else if (k > 0 && share > c.priority_shares[k - 1])
      p.push_back({key, "found " + number_text(share) + " above " + std::string(priority_names[k - 1]) + "'s " +
                            number_text(c.priority_shares[k - 1]) + ", expected a less important class to get no more"});
  }
  if (!c.rate_limit && !c.max_concurrent && !c.queue_delay)
    p.push_back({"", "sheds nothing, expected at least one of rate_limit, max_concurrent, queue_delay"});
  return p;
}

bool QueueDelayShedder::shed(double now, double waited_s, double share) {
  if (now > interval_end_) {
    overloaded_ = min_wait_s_ != std::numeric_limits<double>::infinity() && min_wait_s_ > config_.target_s;
    interval_end_ = now + config_.interval_s;
    min_wait_s_ = waited_s;
  } else {
    min_wait_s_ = std::min(min_wait_s_, waited_s);
  }
  // Folly's slough timeout: twice the target (a less important class, its share of it).
  return overloaded_ && waited_s > 2 * config_.target_s * share;
}

ServerAdmission::ServerAdmission(const AdmissionConfig& config) : config_(config) {
  if (config.rate_limit) limiter_.emplace(*config.rate_limit);
  if (config.queue_delay) queue_delay_.emplace(*config.queue_delay);
}

AdmissionDecision ServerAdmission::shed(ShedCause cause, double limiter_wait_s) const {
  AdmissionDecision d;
  d.admitted = false;
  d.cause = cause;
  if (config_.retry_after_from_limiter) d.retry_after_s = cause == ShedCause::rate_limit ? limiter_wait_s : 0;
  else d.retry_after_s = config_.retry_after_s.value_or(0);
  return d;
}

AdmissionDecision ServerAdmission::on_arrival(double now, int held, Priority priority) {
  const double s = share(priority);
  // The cap first: a request it turns away must not spend a token.
  if (config_.max_concurrent && held + 1 > std::floor(*config_.max_concurrent * s + 1e-9)) return shed(ShedCause::concurrency);
  if (limiter_) {
    const RateDecision r = limiter_->try_acquire(now, s);
    if (!r.permitted) return shed(ShedCause::rate_limit, r.retry_after_s);
    return {true, ShedCause::rate_limit, 0, r.delay_s};
  }
  return {};
}

AdmissionDecision ServerAdmission::on_start(double now, double waited_s, Priority priority) {
  if (queue_delay_ && queue_delay_->shed(now, waited_s, share(priority))) return shed(ShedCause::queue_delay);
  return {};
}

}  // namespace chaossim::patterns
