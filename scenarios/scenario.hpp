#pragma once
// The scenario model: plain data that sim/ consumes. Defaults live here, in one
// place; the loader (loader.hpp) is the only code that fills these from JSON.
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "patterns/pipeline_config.hpp"

namespace chaossim::scenarios {

enum class NetworkModel { constant, cm02, lv08 };

struct Network {
  NetworkModel model = NetworkModel::constant;
  double latency_s = 0.0;        // one hop, caller to callee or back
  double bandwidth_bps = 10e9;   // bytes per second per host link (bandwidth-sharing models only)
  std::uint64_t message_bytes = 1024;
};

enum class DistKind { constant, exponential, lognormal, uniform };

struct Distribution {
  DistKind kind = DistKind::constant;
  double value_s = 0;   // constant
  double mean_s = 0;    // exponential
  double median_s = 0;  // lognormal
  double p99_s = 0;     // lognormal
  double min_s = 0;     // uniform
  double max_s = 0;     // uniform

};

enum class Balancer { round_robin, random, least_outstanding };

struct Call {
  std::string service;
  std::optional<std::string> pipeline;
  bool optional = false;
};

struct Service {
  std::string name;
  int instances = 1;
  int workers = 1;
  std::optional<int> queue;  // per instance; nullopt = unbounded
  Distribution service_time;
  double errors = 0.0;
  Balancer balancer = Balancer::round_robin;
  std::vector<Call> calls;
};

enum class ArrivalProcess { poisson, constant, closed };

struct RampPoint {
  double at_s = 0;
  double rate_per_s = 0;
};

struct Arrival {
  ArrivalProcess process = ArrivalProcess::poisson;
  double rate_per_s = 0;   // open loop
  int users = 0;           // closed loop
  double think_s = 0;      // closed loop: mean of an exponential think time
  std::vector<RampPoint> ramp;  // open loop: rate interpolated linearly between points
};

struct Keys {
  int count = 1;
  double zipf = 0.0;
};

struct Client {
  std::string name;
  std::string target;
  std::optional<std::string> pipeline;
  Arrival arrival;
  std::optional<double> deadline_s;
  std::optional<Keys> keys;
};

enum class FaultKind { partition, latency, packet_loss, degradation, crash, errors, overload, duplicate };

// What a fault acts on: the links between two groups of services, one
// service (its `target`), or one client. Checking references, finding the
// calls that can see a fault and naming its subject go by this, not by kind.
enum class FaultSubject { service_groups, service, client };

// One fault kind, described once: its name in a scenario and in every output,
// what it acts on, and the keys it takes besides kind, at and for.
struct FaultKindInfo {
  std::string_view name;
  FaultSubject subject;
  std::array<std::string_view, 3> keys;  // unused slots empty
};

inline constexpr std::array<FaultKindInfo, 8> fault_kinds{{
    {"partition", FaultSubject::service_groups, {"between", "direction"}},
    {"latency", FaultSubject::service, {"target", "add", "jitter"}},
    {"packet_loss", FaultSubject::service, {"target", "rate"}},
    {"degradation", FaultSubject::service, {"target", "speed", "recover"}},
    {"crash", FaultSubject::service, {"target", "instances"}},
    {"errors", FaultSubject::service, {"target", "rate"}},
    {"overload", FaultSubject::client, {"client", "multiplier"}},
    {"duplicate", FaultSubject::service, {"target", "rate"}},
}};
constexpr const FaultKindInfo& info_of(FaultKind kind) { return fault_kinds[static_cast<std::size_t>(kind)]; }
constexpr std::string_view name_of(FaultKind kind) { return info_of(kind).name; }
// The names alone, by FaultKind, for tables of names.
inline constexpr std::array<std::string_view, fault_kinds.size()> fault_kind_names = [] {
  std::array<std::string_view, fault_kinds.size()> names{};
  for (std::size_t i = 0; i < fault_kinds.size(); ++i) names[i] = fault_kinds[i].name;
  return names;
}();
enum class PartitionDirection { both, forward, backward };
enum class Recover { instant, ramp };

struct Fault {
  FaultKind kind = FaultKind::partition;
  double at_s = 0;
  double for_s = 0;
  std::vector<std::string> group_a, group_b;  // partition
  PartitionDirection direction = PartitionDirection::both;
  std::string target;                 // latency, packet_loss, degradation, crash, errors, duplicate
  std::string client;                 // overload
  double add_s = 0, jitter_s = 0;     // latency
  double rate = 0;                    // packet_loss, errors, duplicate
  double speed_from = 1, speed_to = 1;  // degradation
  Recover recover = Recover::instant;
  std::optional<int> instances;       // crash
  double multiplier = 1;              // overload

  // When the fault is over: `for` after it starts, except a degradation that
  // recovers by ramping, which is over when its speed is back to 1, after
  // another `for` (README, "Faults"). validate and the simulation both ask here.
  double end_s() const;
  FaultSubject subject() const { return info_of(kind).subject; }
  // Is it playing at `t` (start included, end excluded)?
  bool active_at(double t) const { return t >= at_s && t < end_s(); }
};

struct Slo {
  std::string client;
  std::optional<double> availability;
  std::map<std::string, double> latency_s;  // "p95" -> seconds
  std::optional<double> recovery_s;
};

struct Scenario {
  std::string file;  // where it was loaded from, for messages
  std::string name;
  std::string description;
  std::string variant = "base";
  std::uint64_t seed = 1;
  double duration_s = 0;
  double warmup_s = 0;
  int replications = 1;
  double bucket_s = 1.0;
  Network network;
  std::vector<Service> services;
  std::vector<Client> clients;
  std::map<std::string, patterns::PipelineConfig> pipelines;
  std::vector<Fault> faults;
  std::optional<Slo> slo;

  const Service* find_service(const std::string& name) const;
  int service_index(const std::string& name) const;  // -1 when absent
};

// A scenario file: the base scenario and every variant, each fully resolved.
struct ScenarioSet {
  Scenario base;
  std::vector<Scenario> variants;  // in file order

  const Scenario* find(const std::string& variant) const;
  std::vector<std::string> variant_names() const;  // "base" first
};

}  // namespace chaossim::scenarios
