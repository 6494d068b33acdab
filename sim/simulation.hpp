#pragma once
// One run of one scenario with one seed, start to end, in this process. A
// process can run only one (SimGrid keeps one engine per process): several
// runs go through ResilienceScenarioTester, which forks.
#include <functional>
#include <string>

#include "patterns/factory.hpp"
#include "scenarios/scenario.hpp"
#include "sim/replication_result.hpp"

namespace chaossim::sim {

// Called now and then with the simulated time reached.
using ProgressFn = std::function<void(double simulated_s)>;

// Writes the run's buckets to a new file `spool_path` (bucket_spool.hpp) as
// they close; the result has its totals, and no spool attached.
// `factory` builds every edge's patterns; null means chaossim's reference ones.
ReplicationResult simulate(const scenarios::Scenario& scenario, int replication, std::uint64_t seed,
                           const std::string& spool_path, const ProgressFn& progress = {},
                           patterns::PatternFactory* factory = nullptr);

// The seed of replication `replication` of a scenario whose seed is `seed`: the
// same for every variant, so variants compare on common random numbers.
std::uint64_t replication_seed(std::uint64_t seed, int replication);

}  // namespace chaossim::sim
