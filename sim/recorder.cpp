#include "sim/recorder.hpp"

namespace chaossim::sim {

void Recorder::close_histograms(std::size_t next) {
  for (std::size_t e = 0; e < ending_count; ++e) {
    if (histograms_[e]->empty()) continue;
    series_.buckets[current_].latency[e].histogram = to_sparse(*histograms_[e]);
    histograms_[e]->clear();
  }
  current_ = next;
}

std::size_t Recorder::add_level(std::string name, double initial) {
  series_.named_levels.push_back({std::move(name), std::vector<double>(grid_.count(), 0.0)});
  named_.push_back({initial, 0});
  return named_.size() - 1;
}

Series Recorder::finish(double end) {
  for (std::size_t l = 0; l < level_count; ++l) integrate(static_cast<Level>(l), levels_[l], end);
  for (std::size_t n = 0; n < named_.size(); ++n) set(n, end, named_[n].value);
  close_histograms(current_);
  return std::move(series_);
}

}  // namespace chaossim::sim
