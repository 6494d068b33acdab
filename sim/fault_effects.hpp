#pragma once
// What the faults of a run do, gathered from each kind's module
// (sim/faults/<kind>_effects.cpp) into the hooks the simulation plays them
// through. The parts that play faults read these and never the timeline by
// kind, so a new kind acting through existing hooks edits none of them:
//   a host's speed (service_pauses.cpp) or state, the latency of what it
//     sends and its links' bandwidth (fault_plan.hpp, played as SimGrid
//     profiles); an instance's
//     process, refusing or paused (service_simulator.hpp, service_pauses.cpp);
//   the route from one service to another (fault_plan.hpp, a link of its
//     own), or between zones or instances (network.hpp);
//   each message leaving: lost, delayed, held back, copied or spoiled
//     (network.hpp, call_path.cpp); an endpoint's black hole;
//   a service's error rate (service_simulator.hpp);
//   the time its hosts' patterns read (host_clock.hpp);
//   a client's arrival rate (client_driver.hpp).
// A kind needing another hook adds it here and where it is played.
#include <algorithm>
#include <functional>
#include <map>
#include <utility>
#include <vector>

#include "scenarios/scenario.hpp"
#include "sim/fault_timeline.hpp"

namespace chaossim::sim {

// A value that holds over [start, end), as one fault sets it; on a service,
// at the instances listed (in order), or at every one when none is.
struct Window {
  double start = 0, end = 0;
  double value = 0;
  std::vector<int> instances = {};
  bool active_at(double t) const { return t >= start && t < end; }
  bool covers(int instance) const { return instances.empty() || std::binary_search(instances.begin(), instances.end(), instance); }
};

// A change of a host's speed, as a factor of it over time: `factor(t)` is
// sampled between consecutive `breakpoints`, so a ramp lists its steps. At
// the instances listed (in order), or at every one when none is.
struct SpeedChange {
  std::vector<double> breakpoints;
  std::function<double(double)> factor;  // 1 outside the fault
  std::vector<int> instances;
  bool covers(int instance) const { return instances.empty() || std::binary_search(instances.begin(), instances.end(), instance); }
};

// Instances of a service are down over the window: their host gone
// (blackhole: SimGrid turns it off), or their process (refuse: the host
// answers every call with a refusal). Which: instance `instance`, or, for a
// zone's outage, those in the service's zone number `zone` of `zones`.
struct Outage {
  Window window;
  int instance = -1;
  scenarios::CrashMode mode = scenarios::CrashMode::blackhole;
  int zone = -1, zones = 0;

  bool covers(int i) const { return zone < 0 ? i == instance : i % zones == zone; }
};

// An instance's process stands still over the window (a pause).
struct Pause {
  Window window;
  int instance = 0;
};

// Each message's extra delay over the window: add + U(-jitter, jitter), of
// which max(0, add - jitter) is on the link (egress_latency) and the rest is
// drawn per message.
// With `correlation` c, a message's draw is c x the last one's + (1 - c) x
// a fresh one, as netem correlates its delays.
struct Jitter {
  Window window;
  double add = 0, jitter = 0, correlation = 0;
};

// Each message the service sends is held back `delay` with probability `rate`.
struct Reorder {
  Window window;
  double rate = 0, delay = 0;
};

// Messages to one endpoint of a service (-1: all), its requests, its answers
// or both, vanish over the window.
struct Blackhole {
  Window window;
  int endpoint = -1;
  bool requests = true, answers = false;
  bool covers(int e) const { return endpoint < 0 || endpoint == e; }
};

// Its hosts' clocks read `skew_s` + `drift_ppm` x 1e-6 x (t - start) ahead over the window.
struct ClockShift {
  Window window;
  double skew_s = 0, drift_ppm = 0;
};

struct ServiceEffects {
  std::vector<SpeedChange> speed;     // factors multiply
  std::vector<Outage> outages;        // down while any holds it
  std::vector<Outage> deregistered;   // out of its callers' balancers while it holds (a rolling restart's)
  std::vector<Pause> pauses;          // paused while any holds it
  std::vector<Window> egress_latency; // seconds added to what it sends; they add up
  std::vector<Jitter> jitter;         // per message, on top of egress_latency
  std::vector<Window> loss;           // probability a message to or from it is dropped
  std::vector<Window> duplicate;      // probability a message to or from it goes twice
  std::vector<Window> corrupt;        // probability a message to or from it cannot be parsed where it lands
  std::vector<Reorder> reorder;       // on what it sends
  std::vector<Window> bandwidth;      // bytes per second its instances' links carry at most; the least holds
  std::vector<Blackhole> blackholes;  // at its endpoints
  std::vector<ClockShift> clock;      // what its hosts' clocks read: the shifts add up
  std::vector<Window> errors;         // probability it fails a request it serves (class server)
  std::vector<Window> client_errors;  // the same, with errors of class client
};

struct FaultEffects {
  std::vector<ServiceEffects> services;                       // [service]
  std::map<std::pair<int, int>, std::vector<Window>> cuts;    // (from, to) service: cut while any holds it
  std::map<std::pair<int, int>, std::vector<Window>> zone_cuts;  // (from, to) zone (Scenario::zone_names): the same
  // (from, to) instance, each as (service, instance): the same.
  std::map<std::pair<std::pair<int, int>, std::pair<int, int>>, std::vector<Window>> instance_cuts;
  std::vector<std::vector<Window>> arrival_multipliers;       // [client]: they multiply
};

// For the modules: the fault's window, holding `value`; the instances of its
// target an occurrence took, in order, or none when it took all of them (it
// holds on every one); its window on them; the effects on a service.
inline Window window_of(const scenarios::Fault& f, double value) { return {f.at_s, f.end_s(), value, {}}; }
std::vector<int> instances_taken(const scenarios::Fault& f, const scenarios::Scenario& s);
inline Window window_on_instances(const scenarios::Fault& f, const scenarios::Scenario& s, double value) {
  Window w = window_of(f, value);
  w.instances = instances_taken(f, s);
  return w;
}
inline ServiceEffects& effects_on(FaultEffects& out, const scenarios::Scenario& s, const std::string& service) {
  return out.services[static_cast<std::size_t>(s.service_index(service))];
}

// Every occurrence of the run's faults, through its kind's module.
FaultEffects fault_effects(const scenarios::Scenario& scenario, const FaultTimeline& timeline);

}  // namespace chaossim::sim
