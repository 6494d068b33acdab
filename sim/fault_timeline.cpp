#include "sim/fault_timeline.hpp"

#include <algorithm>
#include <cmath>

#include "sim/platform.hpp"
#include "sim/rng.hpp"
#include "sim/service_time.hpp"

namespace chaossim::sim {

namespace {

using scenarios::Fault;
using scenarios::FaultSchedule;
using scenarios::Onsets;

// Apart from the simulation's streams (simulation.cpp), one per fault.
constexpr std::uint64_t fault_stream = 7'000'000;

std::vector<double> onsets_of(const Fault& f, const FaultSchedule& schedule, double until, Rng& rng) {
  std::vector<double> onsets;
  const auto room = [&] { return !schedule.count || static_cast<int>(onsets.size()) < *schedule.count; };
  switch (schedule.onsets) {
    case Onsets::every:
      // As many as end before `until`, unless a count says how many.
      for (double t = f.at_s; room(); t = f.at_s + schedule.every_s * static_cast<double>(onsets.size())) {
        if (!schedule.count && t + (f.end_s() - f.at_s) > until + 1e-9) break;
        onsets.push_back(t);
      }
      break;
    case Onsets::poisson:
      for (double t = f.at_s + rng.exponential(1 / schedule.rate_per_s); t < until && room(); t += rng.exponential(1 / schedule.rate_per_s))
        onsets.push_back(t);
      break;
    case Onsets::uniform:
      for (int k = 0; k < schedule.count.value_or(1); ++k) onsets.push_back(rng.uniform(f.at_s, until));
      std::sort(onsets.begin(), onsets.end());
      break;
  }
  return onsets;
}

// An occurrence drawn near the run's end stops with it.
bool cut_at_run_end(Fault& played, double duration_s) {
  for (int tries = 0; tries < 4 && played.end_s() > duration_s + 1e-9; ++tries) played.for_s -= played.end_s() - duration_s;
  return played.for_s > 0;
}

// The instances a process fault's occurrence takes, within its blast radius:
// `down_until[i]`, when instance i is back from this fault's earlier occurrences.
class InstanceChooser {
 public:
  InstanceChooser(const scenarios::Scenario& s, const Fault& f) : fault_(f) {
    const auto* service = s.find_service(f.target());
    total_ = fault_instances(*service);
    service_ = service;
    down_until_.assign(static_cast<std::size_t>(total_), -1.0);
  }

  // False when the radius leaves it nothing to take.
  bool choose(Fault& played, patterns::Random& random) {
    auto& pick = *played.instance_pick();
    const auto* radius = fault_.schedule && fault_.schedule->blast_radius ? &*fault_.schedule->blast_radius : nullptr;
    const double at = played.at_s;
    std::vector<int> candidates;
    if (!pick.listed.empty()) candidates = pick.listed;
    else
      for (int i = 0; i < total_; ++i) candidates.push_back(i);
    int room = pick.how_many(total_);
    if (radius != nullptr) {
      int down = 0;
      for (double until : down_until_) down += until > at ? 1 : 0;
      const int limit = radius->instances ? *radius->instances
                        : radius->fraction ? std::max(1, static_cast<int>(std::ceil(*radius->fraction * total_ - 1e-9)))
                                           : total_;
      std::erase_if(candidates, [&](int i) {
        if (down_until_[static_cast<std::size_t>(i)] > at) return true;
        return radius->zone && service_->zones[static_cast<std::size_t>(i) % service_->zones.size()] != *radius->zone;
      });
      room = std::min(room, limit - down);
    }
    room = std::min(room, static_cast<int>(candidates.size()));
    if (room <= 0) return false;
    if (pick.pick == scenarios::Pick::random)
      for (int k = 0; k < room; ++k) {
        const auto left = candidates.size() - static_cast<std::size_t>(k);
        const auto j = static_cast<std::size_t>(k) + std::min(left - 1, static_cast<std::size_t>(random.uniform() * static_cast<double>(left)));
        std::swap(candidates[static_cast<std::size_t>(k)], candidates[j]);
      }
    pick.chosen.assign(candidates.begin(), candidates.begin() + room);
    // Each is back when its outage ends: a staggered restart's one after the other.
    const auto* crash = played.as<scenarios::CrashFault>();
    for (std::size_t k = 0; k < pick.chosen.size(); ++k)
      down_until_[static_cast<std::size_t>(pick.chosen[k])] =
          played.at_s + played.for_s + (crash ? crash->stagger_s * static_cast<double>(k) : 0.0);
    return true;
  }

 private:
  const Fault& fault_;
  const scenarios::Service* service_ = nullptr;
  int total_ = 0;
  std::vector<double> down_until_;
};

class RngRandom final : public patterns::Random {
 public:
  explicit RngRandom(Rng& rng) : rng_(rng) {}
  double uniform() override { return rng_.uniform(); }

 private:
  Rng& rng_;
};

}  // namespace

int fault_instances(const scenarios::Service& service) {
  return service.autoscaling ? service.autoscaling->max_instances : service.instances;
}

FaultTimeline fault_timeline(const scenarios::Scenario& s, std::uint64_t seed) {
  FaultTimeline out;
  out.held_back.assign(s.faults.size(), 0);
  for (std::size_t i = 0; i < s.faults.size(); ++i) {
    const Fault& f = s.faults[i];
    Rng rng(mix_seed(seed, fault_stream + i));
    RngRandom random(rng);
    std::vector<double> onsets{f.at_s};
    if (f.schedule) onsets = onsets_of(f, *f.schedule, f.schedule->until_s.value_or(s.duration_s), rng);
    std::optional<InstanceChooser> chooser;
    if (f.instance_pick() != nullptr) chooser.emplace(s, f);
    const std::optional<ServiceTime> lengths =
        f.schedule && f.schedule->duration ? std::optional<ServiceTime>(*f.schedule->duration) : std::nullopt;
    int nth = 0;
    for (double onset : onsets) {
      Fault played = f;
      played.schedule.reset();
      played.at_s = onset;
      if (lengths) played.for_s = std::max(lengths->sample(rng), 1e-3);
      if (f.schedule && f.schedule->random() && !cut_at_run_end(played, s.duration_s)) continue;
      if (chooser && !chooser->choose(played, random)) {
        ++out.held_back[i];
        continue;
      }
      if (auto* p = std::get_if<scenarios::PartitionFault>(&played.params)) p->resolve(s, random);
      out.occurrences.push_back({static_cast<int>(i), nth++, std::move(played)});
    }
  }
  return out;
}

}  // namespace chaossim::sim
