#pragma once
// When the patterns first reacted after each fault began, for the results'
// detect_s. A reaction (a circuit opening, a fallback serving, a rejection, an
// instance taken out of balancing) counts for every fault already started that
// has seen none yet. Reactions are frequent and faults few: a reaction costs
// one comparison once every started fault has its answer.
#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

namespace chaossim::sim {

class ReactionLog {
 public:
  explicit ReactionLog(std::vector<double> fault_starts)
      : starts_(std::move(fault_starts)), order_(starts_.size()), first_(starts_.size(), std::nan("")) {
    std::iota(order_.begin(), order_.end(), std::size_t{0});
    std::stable_sort(order_.begin(), order_.end(), [this](std::size_t a, std::size_t b) { return starts_[a] < starts_[b]; });
  }

  void react(double now) {
    while (next_ < order_.size() && starts_[order_[next_]] <= now) first_[order_[next_++]] = now;
  }

  const std::vector<double>& first_reactions() const { return first_; }

 private:
  std::vector<double> starts_;
  std::vector<std::size_t> order_;  // faults by start time
  std::size_t next_ = 0;            // the first fault in `order_` not yet reacted to
  std::vector<double> first_;
};

}  // namespace chaossim::sim
