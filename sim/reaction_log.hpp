#pragma once
// When the patterns first reacted to each fault, for the results' detect_s. A
// reaction (a circuit opening, a fallback serving, a rejection, an instance
// taken out of balancing) on an edge counts for every fault already started,
// not yet reacted to, that can be seen from that edge (fault_scope.hpp).
// Reactions are frequent and faults few: once every started fault has its
// answer, a reaction costs one comparison.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <vector>

namespace chaossim::sim {

class ReactionLog {
 public:
  ReactionLog(std::vector<double> fault_starts, std::vector<std::vector<char>> scopes)
      : starts_(std::move(fault_starts)), scopes_(std::move(scopes)), order_(starts_.size()), first_(starts_.size(), std::nan("")) {
    std::iota(order_.begin(), order_.end(), std::size_t{0});
    std::stable_sort(order_.begin(), order_.end(), [this](std::size_t a, std::size_t b) { return starts_[a] < starts_[b]; });
  }

  void react(double now, std::uint32_t edge) {
    while (next_ < order_.size() && starts_[order_[next_]] <= now) waiting_.push_back(order_[next_++]);
    if (waiting_.empty()) return;
    std::erase_if(waiting_, [&](std::size_t fault) {
      if (!scopes_[fault][edge]) return false;
      first_[fault] = now;
      return true;
    });
  }

  const std::vector<double>& first_reactions() const { return first_; }

 private:
  std::vector<double> starts_;
  std::vector<std::vector<char>> scopes_;  // [fault][edge]
  std::vector<std::size_t> order_;         // faults by start time
  std::size_t next_ = 0;                   // the first fault in `order_` not yet started
  std::vector<std::size_t> waiting_;       // started, not yet reacted to
  std::vector<double> first_;
};

}  // namespace chaossim::sim
