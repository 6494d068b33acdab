#pragma once
// Which instances of its target a fault on a service takes (every such kind
// but clock, whose patterns the instances share): the first n (`instances:
// 3`), those listed (`instances: [2, 5]`), a fraction of them (`fraction:
// 0.5`, rounded up), or all; the first ones, or
// drawn at random from the run's seed (`pick: "random"`), as a chaos monkey
// picks its victims. The draw is made per occurrence by the fault timeline
// (sim/fault_timeline.hpp), which also keeps a schedule's blast radius, and
// is written into results.json.
#include <algorithm>
#include <cmath>

#include "scenarios/fault_module.hpp"

namespace chaossim::scenarios {

enum class Pick { first, random };
inline constexpr std::array<std::string_view, 2> pick_names{"first", "random"};

struct InstancePick {
  std::optional<int> count;
  std::vector<int> listed;
  std::optional<double> fraction;
  Pick pick = Pick::first;
  // What one occurrence took, in the order they were picked (a staggered
  // restart brings them back in it); made by the fault timeline.
  std::vector<int> chosen;

  void read(FaultFields& in) {
    auto instances = in.count_or_list("instances", Need::optional, Bounds::between(1, 1e6));
    if (instances.count) count = static_cast<int>(*instances.count);
    for (long long i : instances.list) listed.push_back(static_cast<int>(i));
    fraction = in.number("fraction", Need::optional, {0, 1, true});
    if (fraction && (count || !listed.empty()))
      in.problem("fraction", "found both instances and fraction, expected one of them (or neither: all instances)");
    pick = in.choice<Pick>("pick", Need::optional, pick_names).value_or(pick);
    if (pick == Pick::random && !listed.empty())
      in.problem("pick", "found pick \"random\" with a list of instances, expected a count or a fraction to draw (a list says which)");
  }
  // How many of the target's `available` instances an occurrence takes.
  int how_many(int available) const {
    if (!listed.empty()) return static_cast<int>(listed.size());
    if (count) return std::min(*count, available);
    if (fraction) return std::max(1, static_cast<int>(std::ceil(*fraction * available - 1e-9)));
    return available;
  }
  // The largest instance index it names, if it lists any.
  std::optional<int> highest_listed() const {
    if (listed.empty()) return std::nullopt;
    return *std::max_element(listed.begin(), listed.end());
  }
};

}  // namespace chaossim::scenarios
