#pragma once
// What a run will cost, reckoned before it starts, so that a scenario that
// would take hours or more memory than the machine has is refused with a
// message instead of found out by the operating system.
#include <vector>

#include "scenarios/scenario.hpp"

namespace chaossim::sim {

struct WorkEstimate {
  double requests = 0;      // client requests, over every variant and replication (an upper bound)
  double series_cells = 0;  // bucket x subject (client, service or call edge) x replication
  // What a process holds: a simulation's recorders, and the summaries'
  // series, at most a few thousand points each however long the run (the
  // buckets themselves stream through a spool file).
  double memory_bytes = 0;
  double spool_bytes = 0;  // the runs' buckets on disk while they are summarized
  double csv_bytes = 0;    // timeseries.csv, every bucket of every run
};

WorkEstimate estimate_work(const std::vector<const scenarios::Scenario*>& variants, int replications);

// Measured on the examples (mmc-queue, payment-partition): a bucket of one
// subject in one run takes about this much in the spool (its latency
// histogram most of it) and in timeseries.csv (30 rows or so).
inline constexpr double spool_bytes_per_cell = 512;
inline constexpr double csv_bytes_per_cell = 1100;
inline constexpr double gzip_csv_ratio = 0.15;  // timeseries.csv.gz against the CSV, on the examples
// A subject's recorder: its dense latency histograms and a few open buckets.
inline constexpr double recorder_bytes = 64 * 1024;
// A subject's series in a summary: up to 16 series of 2,000 points.
inline constexpr double summary_bytes_per_point = 16 * 16;
inline constexpr double most_series_points = 2000;

}  // namespace chaossim::sim
