#pragma once
// A network partition, as Jepsen's nemeses make them. Between two named
// groups of services (`between`), both ways or one way (`direction`); or a
// split drawn per occurrence from the run's seed, among the services `of`
// (all by default) or, with `nodes: "instances"`, among their instances:
//   halves           two random halves (sizes differing by at most one);
//   isolate          one random node cut off from all the others;
//   majorities_ring  the nodes in a random ring, each hearing only the
//                    majority of them centred on it: every node sees a
//                    majority, no two the same one (a node's grudge is one
//                    way, as Jepsen's: its neighbours hear it back, the
//                    farthest it hears may not);
//   bridge           two halves that both hear one node between them.
// What was drawn (the groups, each node's view) is written into results.json.
// Played by cutting the routes between them (sim/faults/partition_effects.cpp).
#include "scenarios/fault_module.hpp"

namespace chaossim::patterns {
class Random;
}

namespace chaossim::scenarios {

struct Scenario;

// forward cuts messages from the first group to the second, backward from the second to the first.
enum class PartitionDirection { both, forward, backward };
inline constexpr std::array<std::string_view, 3> partition_direction_names{"both", "forward", "backward"};

enum class Split { groups, halves, isolate, majorities_ring, bridge };
inline constexpr std::array<std::string_view, 5> split_names{"groups", "halves", "isolate", "majorities_ring", "bridge"};

enum class PartitionNodes { services, instances };
inline constexpr std::array<std::string_view, 2> partition_nodes_names{"services", "instances"};

struct PartitionFault {
  static constexpr FaultSubject subject = FaultSubject::service_groups;
  std::vector<std::vector<std::string>> groups;  // two: `between`, or the halves drawn
  PartitionDirection direction = PartitionDirection::both;
  Split split = Split::groups;
  std::vector<std::string> of;  // the services split; all when empty
  PartitionNodes nodes = PartitionNodes::services;

  // A drawn split, per occurrence (resolve): the nodes ("api" or "api#2")
  // and, for each, the nodes it hears from (itself included). A message from
  // a node another's view leaves out is lost.
  struct Node {
    int service = 0;    // in the scenario's services
    int instance = -1;  // -1: the whole service
  };
  std::vector<std::string> node_names;
  std::vector<Node> node_ids;
  std::vector<std::vector<int>> views;

  void read(FaultFields& in) {
    split = in.choice<Split>("split", Need::optional, split_names).value_or(split);
    const bool named = split == Split::groups;
    groups = in.service_groups("between", 2, named ? Need::required : Need::optional);
    const auto way = in.choice<PartitionDirection>("direction", Need::optional, partition_direction_names);
    direction = way.value_or(direction);
    of = in.names("of", Need::optional, "service");
    const auto among = in.choice<PartitionNodes>("nodes", Need::optional, partition_nodes_names);
    nodes = among.value_or(nodes);
    if (!named && !groups.empty())
      in.problem("between", "a drawn split takes its groups from the run's seed, expected no between (or split \"groups\")");
    if (!named && way) in.problem("direction", "a drawn split cuts both ways (majorities_ring one way by design), expected no direction");
    if (named && !of.empty()) in.problem("of", "split \"groups\" names its services in between, expected no of (or a drawn split)");
    if (named && among) in.problem("nodes", "split \"groups\" cuts whole services, expected no nodes (or a drawn split)");
  }
  bool drawn() const { return split != Split::groups; }
  // The least number of nodes its split needs to cut anything.
  std::size_t fewest_nodes() const { return split == Split::majorities_ring || split == Split::bridge ? 3 : 2; }
  // The nodes it splits: services, or their instances, in scenario order.
  std::vector<std::string> candidates(const Scenario& scenario, std::vector<Node>* ids = nullptr) const;
  // Draws this occurrence's split.
  void resolve(const Scenario& scenario, patterns::Random& random);
};

}  // namespace chaossim::scenarios
