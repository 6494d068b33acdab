#pragma once
// A one-line progress display on stderr, shown only when stderr is a terminal
// and the work has taken more than a second. Nothing of it reaches a file.
#include <chrono>
#include <string>

#include "sim/scenario_tester.hpp"

namespace chaossim::tools {

class ProgressLine {
 public:
  explicit ProgressLine(bool enabled);
  ~ProgressLine();
  void update(const sim::TesterProgress& p);
  // A sweep: its points, with the runs of those under way.
  void update(std::size_t points_done, std::size_t points_total, const sim::TesterProgress& runs);
  void clear();  // erase the line and show no more

 private:
  // Whether to draw now (a second in, ten times a second at most); the elapsed seconds.
  bool due(double& elapsed);
  void draw(const std::string& text);

  bool enabled_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_draw_{};
};

}  // namespace chaossim::tools
