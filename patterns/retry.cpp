#include "patterns/retry.hpp"

#include <algorithm>
#include <cmath>

namespace chaossim::patterns {

bool ReferenceRetryPolicy::retries_on(Outcome outcome) const {
  return std::find(config_.retry_on.begin(), config_.retry_on.end(), outcome) != config_.retry_on.end();
}

double ReferenceRetryPolicy::backoff(int retry) const {
  const auto& b = config_.backoff;
  double delay = b.initial_s;
  switch (b.kind) {
    case BackoffKind::fixed: break;
    // As Polly's linear backoff: the base delay times the retry's number.
    case BackoffKind::linear: delay = b.initial_s * (retry + 1); break;
    case BackoffKind::exponential: delay = b.initial_s * std::pow(b.multiplier, retry); break;
  }
  return std::min(delay, b.max_s);
}

std::optional<double> ReferenceRetryPolicy::next_delay(double /*now*/, RetryState& state, Outcome outcome, Random& random) {
  if (outcome == Outcome::success || state.attempts >= config_.max_attempts || !retries_on(outcome)) return std::nullopt;
  const double v = backoff(state.attempts - 1);
  double delay = v;
  // Jitter exactly as in AWS's "Exponential Backoff and Jitter" (and proportional).
  switch (config_.jitter) {
    case Jitter::none: break;
    case Jitter::full: delay = v * random.uniform(); break;                  // U(0, v)
    case Jitter::equal: delay = v / 2 + (v / 2) * random.uniform(); break;  // v/2 + U(0, v/2)
    case Jitter::decorrelated: {                                          // min(cap, U(base, prev * 3))
      const double base = config_.backoff.initial_s;
      const double previous = state.previous_delay_s > 0 ? state.previous_delay_s : base;
      delay = std::min(config_.backoff.max_s, base + (previous * 3 - base) * random.uniform());
      break;
    }
    case Jitter::proportional: delay = v * (1 + config_.jitter_fraction * (2 * random.uniform() - 1)); break;
  }
  state.previous_delay_s = delay;
  ++state.attempts;
  return delay;
}

void ReferenceRetryBudget::on_request(double now) { counts_.add_first(now); }

double ReferenceRetryBudget::balance(double now) {
  const auto [requests, retries] = counts_.totals(now);
  return config_.ratio * static_cast<double>(requests) + config_.min_per_second * ttl_s - static_cast<double>(retries);
}

bool ReferenceRetryBudget::try_withdraw(double now) {
  if (balance(now) < 1) {
    ++rejections_;
    return false;
  }
  counts_.add_second(now);
  return true;
}

}  // namespace chaossim::patterns
