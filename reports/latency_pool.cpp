#include "reports/latency_pool.hpp"

#include <algorithm>

namespace chaossim::reports {

LatencyPool::LatencyPool() = default;

void LatencyPool::add(const sim::BucketRecord& bucket) {
  const auto add_to = [](Part& p, const sim::LatencyRecord& r) {
    p.sum_s += r.sum_s;
    p.max_s = std::max(p.max_s, r.max_s);
    sim::add_sparse(*p.histogram, r.histogram);
  };
  for (auto ending : {sim::Ending::success, sim::Ending::failure}) {
    const auto& record = bucket.latency[static_cast<std::size_t>(ending)];
    add_to(parts_[static_cast<std::size_t>(Answered::all)], record);
    add_to(parts_[static_cast<std::size_t>(ending == sim::Ending::success ? Answered::success : Answered::failure)], record);
  }
}

void LatencyPool::set(const sim::SubjectTotals& totals) {
  clear();
  Part& all = parts_[static_cast<std::size_t>(Answered::all)];
  all.sum_s = totals.answered_sum_s;
  for (auto ending : {sim::Ending::success, sim::Ending::failure}) {
    const auto& record = totals.latency[static_cast<std::size_t>(ending)];
    Part& part = parts_[static_cast<std::size_t>(ending == sim::Ending::success ? Answered::success : Answered::failure)];
    part.sum_s = record.sum_s;
    part.max_s = record.max_s;
    all.max_s = std::max(all.max_s, record.max_s);
    sim::add_sparse(*part.histogram, record.histogram);
    sim::add_sparse(*all.histogram, record.histogram);
  }
}

void LatencyPool::clear() {
  for (auto& p : parts_) {
    p.sum_s = p.max_s = 0;
    p.histogram->clear();
  }
}

std::optional<double> LatencyPool::mean_ms(Answered which) const {
  const Part& p = part(which);
  if (p.histogram->empty()) return std::nullopt;
  return p.sum_s / static_cast<double>(p.histogram->count()) * 1e3;
}

std::optional<double> LatencyPool::quantile_ms(Answered which, double q) const {
  const Part& p = part(which);
  if (p.histogram->empty()) return std::nullopt;
  return p.histogram->quantile(q) * 1e3;
}

std::optional<double> LatencyPool::max_ms(Answered which) const {
  const Part& p = part(which);
  if (p.histogram->empty()) return std::nullopt;
  return p.max_s * 1e3;
}

namespace {

std::vector<const sim::LatencyRecord*> records_of(const sim::BucketRecord& bucket, Answered which) {
  const auto& success = bucket.latency[static_cast<std::size_t>(sim::Ending::success)];
  const auto& failure = bucket.latency[static_cast<std::size_t>(sim::Ending::failure)];
  if (which == Answered::success) return {&success};
  if (which == Answered::failure) return {&failure};
  return {&success, &failure};
}

}  // namespace

std::optional<double> bucket_mean_ms(const sim::BucketRecord& bucket, Answered which) {
  double sum_s = 0;
  std::uint64_t count = 0;
  for (const auto* r : records_of(bucket, which)) {
    sum_s += r->sum_s;
    for (std::uint64_t packed : r->histogram) count += packed & ((std::uint64_t{1} << 48) - 1);
  }
  if (count == 0) return std::nullopt;
  return sum_s / static_cast<double>(count) * 1e3;
}

std::optional<double> bucket_quantile_ms(const sim::BucketRecord& bucket, Answered which, double q) {
  std::vector<const sim::SparseHistogram*> parts;
  for (const auto* r : records_of(bucket, which)) parts.push_back(&r->histogram);
  const auto seconds = sim::sparse_quantile(parts, q);
  return seconds ? std::optional(*seconds * 1e3) : std::nullopt;
}

std::optional<double> over_replications(const std::vector<std::optional<double>>& figures) {
  double sum = 0;
  int n = 0;
  for (const auto& x : figures)
    if (x) sum += *x, ++n;
  if (n == 0) return std::nullopt;
  return sum / n;
}

}  // namespace chaossim::reports
