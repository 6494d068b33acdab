#include "reports/warmup_detection.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "reports/latency_pool.hpp"
#include "reports/statistics.hpp"
#include "reports/steady_state.hpp"

namespace chaossim::reports {

Mser mser5(const std::vector<double>& series) {
  const std::size_t m = series.size() / mser_batch;
  if (m < mser_min_batches) return {};
  std::vector<double> z(m);
  for (std::size_t j = 0; j < m; ++j) {
    double sum = 0;
    for (std::size_t k = 0; k < mser_batch; ++k) sum += series[j * mser_batch + k];
    z[j] = sum / static_cast<double>(mser_batch);
  }
  // Suffix sums give each d's statistic in constant time.
  std::vector<double> sum(m + 1, 0.0), squares(m + 1, 0.0);
  for (std::size_t j = m; j-- > 0;) {
    sum[j] = sum[j + 1] + z[j];
    squares[j] = squares[j + 1] + z[j] * z[j];
  }
  // Only the first half: late on, few batches remain and their spread is
  // small by chance. A minimum at the half's edge is still falling: the
  // series is drifting, or the run too short to tell.
  const std::size_t half = m / 2;
  std::size_t best = 0;
  double lowest = std::numeric_limits<double>::infinity();
  for (std::size_t d = 0; d <= half; ++d) {
    const double n = static_cast<double>(m - d);
    const double spread = std::max(0.0, squares[d] - sum[d] * sum[d] / n);
    const double statistic = spread / (n * n);
    if (statistic < lowest) {
      lowest = statistic;
      best = d;
    }
  }
  return {best * mser_batch, best < half};
}

namespace {

// Until when a client offers one rate: up to where its ramp or profile first
// changes the rate, or its first burst after the start (one at 0 s is where
// the run starts from). A flash sale is not a warm-up.
double steady_load_until(const scenarios::Arrival& a, double duration_s) {
  double until = duration_s;
  for (const auto& b : a.bursts)
    if (b.at_s > 0) until = std::min(until, b.at_s);
  const bool step = a.profile && a.profile->interpolation == scenarios::Interpolation::step;
  std::vector<scenarios::RampPoint> points;
  if (a.profile) {
    points = a.profile->points;
  } else {
    points.push_back({0, a.rate_per_s});
    points.insert(points.end(), a.ramp.begin(), a.ramp.end());
  }
  for (std::size_t k = 1; k < points.size(); ++k)
    if (points[k].rate_per_s != points[k - 1].rate_per_s) return std::min(until, step ? points[k].at_s : points[k - 1].at_s);
  // A repeating profile whose points all agree is flat.
  return until;
}

}  // namespace

WarmupMeter::WarmupMeter(const scenarios::Scenario& s, const std::vector<sim::ReplicationResult>& runs)
    : scenario_(s), until_s_(first_fault_start(s, runs)) {
  for (std::size_t c = 0; c < s.clients.size(); ++c)
    if (s.slo && s.clients[c].name == s.slo->client) client_ = static_cast<int>(c);
  if (client_ < 0 && !s.clients.empty()) client_ = 0;
  // Every client's load counts: another's flash sale slows the shared services too.
  for (const auto& c : s.clients) until_s_ = std::min(until_s_, steady_load_until(c.arrival, s.duration_s));
}

void WarmupMeter::add(std::size_t bucket, const std::vector<sim::BucketFrame>& frames) {
  const double start = static_cast<double>(bucket) * scenario_.bucket_s;
  // Whole buckets only: the last one may be cut short by the run's end.
  if (client_ < 0 || start + scenario_.bucket_s > until_s_ + 1e-9) return;
  std::vector<std::optional<double>> each;
  for (const auto& frame : frames) each.push_back(bucket_mean_ms(frame.clients[static_cast<std::size_t>(client_)].record, Answered::all));
  if (const auto latency = over_replications(each)) {
    starts_s_.push_back(start);
    latency_ms_.push_back(*latency);
  }
}

std::optional<std::string> WarmupMeter::warning() const {
  if (client_ < 0) return std::nullopt;
  const Mser found = mser5(latency_ms_);
  const std::string& client = scenario_.clients[static_cast<std::size_t>(client_)].name;
  const std::string span = until_s_ < scenario_.duration_s
                               ? fmt::format("the {:g} s before the first fault or change of load", until_s_)
                               : fmt::format("the run's {:g} s", scenario_.duration_s);
  if (latency_ms_.size() >= mser_batch * mser_min_batches && !found.determined)
    return fmt::format("warm-up: client \"{}\"'s mean latency is still drifting at the end of {} (MSER-5): the run may "
                       "never settle, or needs to be longer to tell where its start-up transient ends",
                       client, span);
  if (!found.determined || found.truncate == 0) return std::nullopt;
  // Settled where the first bucket MSER-5 keeps starts; a batch of slack, its step.
  const double settles_s = starts_s_[found.truncate];
  if (settles_s <= scenario_.warmup_s + static_cast<double>(mser_batch) * scenario_.bucket_s + 1e-9) return std::nullopt;
  // Noise alone sometimes makes a prefix look apart; a transient's batches
  // differ from the rest's beyond doubt (Welch, 99%).
  std::vector<double> before, after;
  for (std::size_t j = 0; j + mser_batch <= latency_ms_.size(); j += mser_batch) {
    double sum = 0;
    for (std::size_t k = j; k < j + mser_batch; ++k) sum += latency_ms_[k];
    (j < found.truncate ? before : after).push_back(sum / static_cast<double>(mser_batch));
  }
  const auto apart = welch_ci(before, after, 0.99);
  if (!apart || (apart->first <= 0 && apart->second >= 0)) return std::nullopt;
  return fmt::format("warm-up: client \"{}\"'s mean latency settles after about {:g} s (MSER-5 over {}); the warmup "
                     "of {:g} s leaves the start-up transient in every figure: set \"warmup\": \"{:g}s\"",
                     client, settles_s, span, scenario_.warmup_s, std::ceil(settles_s));
}

}  // namespace chaossim::reports
