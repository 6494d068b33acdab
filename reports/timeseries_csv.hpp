#pragma once
// timeseries.csv: every run's measurements, bucket by bucket, in tidy form,
// one row per (variant, replication, bucket, subject, metric) with its value,
// so that pandas, R or gnuplot read it as is. The fault windows follow, as
// rows of subject kind "fault". Columns:
//
//   variant,replication,bucket_start_s,subject_kind,subject,metric,value
//
// subject_kind is client, service, edge or fault; an edge is "from->to",
// "from->to (fallback)" for a fallback's calls; a fault is "index:kind". A
// value is empty where it is undefined (the availability of a bucket in which
// no request ended); fault rows have no replication or bucket.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "scenarios/scenario.hpp"
#include "sim/replication_result.hpp"

namespace chaossim::reports {

struct VariantRuns {
  const scenarios::Scenario* scenario = nullptr;
  const std::vector<sim::ReplicationResult>* runs = nullptr;
};

// The metric of an edge's refusals by one pattern: "rejected_<pattern>".
std::string rejection_metric(patterns::PatternKind kind);

inline constexpr const char* timeseries_csv_header = "variant,replication,bucket_start_s,subject_kind,subject,metric,value";

// Reads each run's spool once, in order, and hands the text on in pieces.
void timeseries_csv(const std::vector<VariantRuns>& variants, const std::function<void(std::string_view)>& sink);
// Written to `path` atomically (atomic_file.hpp), never whole in memory;
// gzip-compressed when `gzip` (the path then ends in .gz).
void write_timeseries_csv(const std::string& path, const std::vector<VariantRuns>& variants, bool gzip = false);

}  // namespace chaossim::reports
