#pragma once
// When a fault happens, beyond once at `at`: again and again (`every`, as a
// nemesis that comes and goes), or at random onsets (`random`, as a chaos
// monkey does), each occurrence lasting `for` or a drawn length, and, for a
// fault that takes instances, never more of them at once than its blast
// radius. The occurrences themselves are drawn per run from its seed
// (sim/fault_timeline.hpp) and written into results.json.
#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "scenarios/distribution.hpp"

namespace chaossim::scenarios {

// A fault occurs at most this many times a run: a schedule that would play
// more (a period of a microsecond over an hour) is refused, not simulated.
inline constexpr double max_occurrences = 100'000;

enum class Onsets {
  every,    // at, at + every, at + 2 every, ...
  poisson,  // a Poisson process of `rate` per second from `at`
  uniform,  // `count` onsets, each uniform between `at` and `until`
};
inline constexpr std::array<std::string_view, 2> random_onset_names{"poisson", "uniform"};

// How many instances a fault may hold at once: at most `instances`, or that
// fraction of the target's (rounded up), or only those in `zone`.
struct BlastRadius {
  std::optional<int> instances;
  std::optional<double> fraction;
  std::optional<std::string> zone;
};

struct FaultSchedule {
  Onsets onsets = Onsets::every;
  double every_s = 0;
  double rate_per_s = 0;
  // every: how many (default as many as end before `until`); poisson: at
  // most; uniform: how many.
  std::optional<int> count;
  // Onsets come before this (default the run's end); an occurrence that would
  // outlast the run is cut at its end.
  std::optional<double> until_s;
  // Each occurrence's length; the fault's `for` when absent.
  std::optional<Distribution> duration;
  std::optional<BlastRadius> blast_radius;

  bool random() const { return onsets != Onsets::every; }
};

}  // namespace chaossim::scenarios
