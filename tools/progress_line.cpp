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

bool ProgressLine::due(double& elapsed) {
  if (!enabled_) return false;
  const auto now = clock::now();
  elapsed = std::chrono::duration<double>(now - started_).count();
  if (elapsed < 1.0 || now - last_draw_ < std::chrono::milliseconds(100)) return false;
  last_draw_ = now;
  return true;
}

void ProgressLine::draw(const std::string& text) {
  fmt::print(stderr, "\r\033[K  {}", text);
  std::fflush(stderr);
  shown_ = true;
}

namespace {
// Runs done, plus the fraction of the current ones, estimate the work done.
double runs_done(const sim::TesterProgress& p) {
  const double running_fraction = p.duration_s > 0 ? p.simulated_s / p.duration_s : 0;
  return std::min<double>(static_cast<double>(p.runs_total), static_cast<double>(p.runs_done) + running_fraction);
}
double eta(double elapsed, double done, double total) { return done > 0 ? elapsed * (total - done) / done : 0; }
}  // namespace

void ProgressLine::update(const sim::TesterProgress& p) {
  double elapsed = 0;
  if (!due(elapsed)) return;
  draw(fmt::format("runs {}/{} · simulated {:.0f}s of {:.0f}s · elapsed {:.0f}s · ETA {:.0f}s", p.runs_done, p.runs_total,
                   p.simulated_s, p.duration_s, elapsed, eta(elapsed, runs_done(p), static_cast<double>(p.runs_total))));
}

void ProgressLine::update(std::size_t points_done, std::size_t points_total, const sim::TesterProgress& runs) {
  double elapsed = 0;
  if (!due(elapsed)) return;
  draw(fmt::format("points {}/{} · runs {}/{} · elapsed {:.0f}s · ETA {:.0f}s", points_done, points_total, runs.runs_done,
                   runs.runs_total, elapsed, eta(elapsed, runs_done(runs), static_cast<double>(runs.runs_total))));
}

}  // namespace chaossim::tools
