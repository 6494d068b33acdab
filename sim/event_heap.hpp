#pragma once
// The scheduler's pending events, earliest first: a 4-ary heap. With a
// hundred thousand requests in flight the heap is megabytes, and each level
// of a binary heap is a cache miss; four children share two cache lines, so
// a 4-ary heap goes half as deep for the same compares. The order is the
// entries' own (a strict total order), so the play is the same as any
// heap's.
#include <cstddef>
#include <utility>
#include <vector>

namespace chaossim::sim {

template <class Entry>  // Entry: `a > b` when a comes after b
class EventHeap {
 public:
  bool empty() const { return items_.empty(); }
  std::size_t size() const { return items_.size(); }
  const Entry& top() const { return items_.front(); }
  void clear() { items_.clear(); }

  void push(const Entry& e) {
    std::size_t i = items_.size();
    items_.push_back(e);
    while (i > 0) {
      const std::size_t parent = (i - 1) / arity;
      if (!(items_[parent] > e)) break;
      items_[i] = items_[parent];
      i = parent;
    }
    items_[i] = e;
  }

  void pop() {
    const Entry last = items_.back();
    items_.pop_back();
    if (items_.empty()) return;
    const std::size_t n = items_.size();
    std::size_t i = 0;
    for (;;) {
      const std::size_t first = i * arity + 1;
      if (first >= n) break;
      std::size_t best = first;
      const std::size_t end = first + arity < n ? first + arity : n;
      for (std::size_t c = first + 1; c < end; ++c)
        if (items_[best] > items_[c]) best = c;
      if (!(last > items_[best])) break;
      items_[i] = items_[best];
      i = best;
    }
    items_[i] = last;
  }

 private:
  static constexpr std::size_t arity = 4;
  std::vector<Entry> items_;
};

}  // namespace chaossim::sim
