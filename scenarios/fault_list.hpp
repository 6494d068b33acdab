#pragma once
// The fault kinds chaossim knows, one line each. This list is the one source
// of their names: the FaultKind enum, the Fault's parameters, the loader's
// reader, the keys the schema must list and the simulation's effects are all
// generated from it, so registering a kind is its line here and its header's
// include below; its parameters and reader (scenarios/faults/<kind>.hpp) and
// its effects on a run (sim/faults/<kind>_effects.cpp) are files of their own.
// docs/extending.md walks through it.
//
// X(name, Params): `name` is the kind's key in a scenario and in every output,
// `Params` its struct in chaossim::scenarios. The order is the order of the
// FaultKind enum; new kinds go at the end.
#include "scenarios/faults/bandwidth.hpp"
#include "scenarios/faults/blackhole.hpp"
#include "scenarios/faults/clock.hpp"
#include "scenarios/faults/corrupt.hpp"
#include "scenarios/faults/crash.hpp"
#include "scenarios/faults/crash_loop.hpp"
#include "scenarios/faults/degradation.hpp"
#include "scenarios/faults/duplicate.hpp"
#include "scenarios/faults/errors.hpp"
#include "scenarios/faults/latency.hpp"
#include "scenarios/faults/overload.hpp"
#include "scenarios/faults/packet_loss.hpp"
#include "scenarios/faults/partition.hpp"
#include "scenarios/faults/pause.hpp"
#include "scenarios/faults/reorder.hpp"
#include "scenarios/faults/rolling_restart.hpp"
#include "scenarios/faults/zone_outage.hpp"
#include "scenarios/faults/zone_partition.hpp"

#define CHAOSSIM_FAULTS(X)          \
  X(partition, PartitionFault)      \
  X(latency, LatencyFault)          \
  X(packet_loss, PacketLossFault)   \
  X(degradation, DegradationFault)  \
  X(crash, CrashFault)              \
  X(errors, ErrorsFault)            \
  X(overload, OverloadFault)        \
  X(duplicate, DuplicateFault)      \
  X(zone_outage, ZoneOutageFault)   \
  X(zone_partition, ZonePartitionFault) \
  X(pause, PauseFault)                  \
  X(crash_loop, CrashLoopFault)         \
  X(reorder, ReorderFault)              \
  X(corrupt, CorruptFault)              \
  X(bandwidth, BandwidthFault)          \
  X(blackhole, BlackholeFault)          \
  X(clock, ClockFault)                  \
  X(rolling_restart, RollingRestartFault)
