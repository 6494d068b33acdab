#include "tools/progress_line.hpp"

#include <unistd.h>

#include <fmt/format.h>

namespace chaossim::tools {

using clock = std::chrono::steady_clock;

ProgressLine::ProgressLine(bool enabled) : enabled_(enabled && ::isatty(STDERR_FILENO)) {}

ProgressLine::~ProgressLine() { clear(); }

void ProgressLine::clear() {
  if (shown_) fmt::print(stderr, "\r\033[K");
  shown_ = false;
  enabled_ = false;
}

void ProgressLine::update(const sim::TesterProgress& p) {
  if (!enabled_) return;
  const auto now = clock::now();
  const double elapsed = std::chrono::duration<double>(now - started_).count();
  if (elapsed < 1.0 || now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  // Runs done, plus the fraction of the current ones, estimate the work done.
  const double running_fraction = p.duration_s > 0 ? p.simulated_s / p.duration_s : 0;
  const double done = std::min<double>(static_cast<double>(p.runs_total), static_cast<double>(p.runs_done) + running_fraction);
  const double eta = done > 0 ? elapsed * (static_cast<double>(p.runs_total) - done) / done : 0;
  fmt::print(stderr, "\r\033[K  runs {}/{} · simulated {:.0f}s of {:.0f}s · elapsed {:.0f}s · ETA {:.0f}s", p.runs_done,
             p.runs_total, p.simulated_s, p.duration_s, elapsed, eta);
  std::fflush(stderr);
  shown_ = true;
}

}  // namespace chaossim::tools
