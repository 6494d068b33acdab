#pragma once
#include <cstddef>
#include <utility>
#include <vector>

namespace chaossim::sim {

// A first-in first-out queue in one ring of memory that only ever grows: a
// lane of the scheduler pushes and pops millions of events, and a deque
// would allocate and free a block every few of them.
template <class T>
class RingQueue {
 public:
  bool empty() const { return size_ == 0; }
  const T& front() const { return items_[head_]; }
  void pop_front() {
    head_ = (head_ + 1) & (items_.size() - 1);
    --size_;
  }
  void push_back(const T& v) {
    if (size_ == items_.size()) grow();
    items_[(head_ + size_) & (items_.size() - 1)] = v;
    ++size_;
  }

 private:
  void grow() {
    std::vector<T> bigger(items_.empty() ? 64 : items_.size() * 2);
    for (std::size_t i = 0; i < size_; ++i) bigger[i] = items_[(head_ + i) & (items_.size() - 1)];
    items_ = std::move(bigger);
    head_ = 0;
  }
  std::vector<T> items_;  // a power of two long
  std::size_t head_ = 0, size_ = 0;
};

}  // namespace chaossim::sim
