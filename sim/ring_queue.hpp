#pragma once
#include <cstddef>
#include <utility>
#include <vector>

namespace chaossim::sim {

// A first-in first-out queue in one ring of memory that only ever grows: a
// lane of the scheduler pushes and pops millions of events, and a recorder
// opens and closes a bucket a second; a deque would allocate and free a
// block every few of them. Popped elements stay where they were, so that a
// slot taken again (reuse_back) keeps the buffers it had.
template <class T>
class RingQueue {
 public:
  RingQueue() = default;
  explicit RingQueue(std::size_t initial) : initial_(initial) {}

  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }
  // Whether the next push or reuse_back moves the elements (invalidating references to them).
  bool full() const { return size_ == items_.size(); }
  const T& front() const { return items_[head_]; }
  T& front() { return items_[head_]; }
  T& operator[](std::size_t i) { return items_[(head_ + i) & (items_.size() - 1)]; }
  void pop_front() {
    head_ = (head_ + 1) & (items_.size() - 1);
    --size_;
  }
  void push_back(const T& v) {
    if (size_ == items_.size()) grow();
    items_[(head_ + size_) & (items_.size() - 1)] = v;
    ++size_;
  }
  // A slot at the back, as its last occupant left it: the caller resets it.
  T& reuse_back() {
    if (size_ == items_.size()) grow();
    ++size_;
    return items_[(head_ + size_ - 1) & (items_.size() - 1)];
  }

 private:
  void grow() {
    std::vector<T> bigger(items_.empty() ? initial_ : items_.size() * 2);
    for (std::size_t i = 0; i < size_; ++i) bigger[i] = std::move(items_[(head_ + i) & (items_.size() - 1)]);
    items_ = std::move(bigger);
    head_ = 0;
  }
  std::size_t initial_ = 64;  // a power of two
  std::vector<T> items_;  // a power of two long
  std::size_t head_ = 0, size_ = 0;
};

}  // namespace chaossim::sim
