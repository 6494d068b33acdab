#include "patterns/server_admission.hpp"

#include <algorithm>

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
  if (!c.rate_limit && !c.max_concurrent && !c.queue_delay)
    p.push_back({"", "sheds nothing, expected at least one of rate_limit, max_concurrent, queue_delay"});
  return p;
}

bool QueueDelayShedder::shed(double now, double waited_s) {
  if (now > interval_end_) {
    overloaded_ = min_wait_s_ != std::numeric_limits<double>::infinity() && min_wait_s_ > config_.target_s;
    interval_end_ = now + config_.interval_s;
    min_wait_s_ = waited_s;
  } else {
    min_wait_s_ = std::min(min_wait_s_, waited_s);
  }
  // Folly's slough timeout: twice the target.
  return overloaded_ && waited_s > 2 * config_.target_s;
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

AdmissionDecision ServerAdmission::on_arrival(double now, int held) {
  // The cap first: a request it turns away must not spend a token.
  if (config_.max_concurrent && held >= *config_.max_concurrent) return shed(ShedCause::concurrency);
  if (limiter_) {
    const RateDecision r = limiter_->try_acquire(now);
    if (!r.permitted) return shed(ShedCause::rate_limit, r.retry_after_s);
    return {true, ShedCause::rate_limit, 0, r.delay_s};
  }
  return {};
}

AdmissionDecision ServerAdmission::on_start(double now, double waited_s) {
  if (queue_delay_ && queue_delay_->shed(now, waited_s)) return shed(ShedCause::queue_delay);
  return {};
}

}  // namespace chaossim::patterns
