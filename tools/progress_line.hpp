#pragma once
// A one-line progress display on stderr, shown only when stderr is a terminal
// and the work has taken more than a second. Nothing of it reaches a file.
#include <chrono>

#include "sim/scenario_tester.hpp"

namespace chaossim::tools {

class ProgressLine {
 public:
  explicit ProgressLine(bool enabled);
  ~ProgressLine();
  void update(const sim::TesterProgress& p);
  void clear();  // erase the line and show no more

 private:
  bool enabled_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_draw_{};
};

}  // namespace chaossim::tools
