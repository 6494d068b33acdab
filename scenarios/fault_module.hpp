#pragma once
// What a fault kind's module declares on the scenario side
// (scenarios/faults/<kind>.hpp): a struct of its parameters, what it acts on,
// and how it reads its keys. Its effects on a run are the other half of the
// module, in sim/faults/<kind>_effects.cpp; fault_list.hpp registers both.
//
// A kind's struct has:
//   static constexpr FaultSubject subject;   what it acts on, which names the
//                                            member that says which one:
//                                            `groups` (of services or of
//                                            zones), `target` or `client`,
//                                            read from the keys `between`,
//                                            `target` and `client` (reference
//                                            errors are reported at them)
//   void read(FaultFields& in);              its keys besides kind, at and for
//   double end_s(double at_s, double for_s) const;   optional: when it is
//                                            over, if not `for` after `at`
//   InstancePick instances;                  optional: the instances it takes
//                                            (instance_pick.hpp), chosen per
//                                            occurrence by the fault timeline
//   void resolve(const Scenario&, patterns::Random&);   optional: draws what
//                                            else an occurrence draws (a
//                                            partition's split)
#include <array>
#include <cstddef>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "scenarios/bounds.hpp"

namespace chaossim::scenarios {

// What a fault acts on: the links between groups of services, one service
// (its `target`), or one client. Checking references, finding the calls that
// can see a fault and naming its subject go by this, not by kind.
// Zone groups: every instance, of any service, in the zones of its `groups`.
enum class FaultSubject { service_groups, service, client, zone_groups };

// A fault's keys as its kind reads them: by name, with their types and bounds.
// The loader implements it over the JSON, so every problem is reported with
// its file, line and path, and the keys a kind accepts are exactly those its
// read() asks for (fault_keys()): they are written once.
class FaultFields {
 public:
  virtual ~FaultFields() = default;
  virtual std::optional<std::string> text(std::string_view key, Need need) = 0;
  virtual std::optional<double> number(std::string_view key, Need need, Bounds bounds) = 0;
  virtual std::optional<long long> integer(std::string_view key, Need need, Bounds bounds) = 0;
  // "250ms", "2s": in seconds, at least 0.
  virtual std::optional<double> duration(std::string_view key, Need need) = 0;
  // "5s" or "-5s": in seconds, of either sign.
  virtual std::optional<double> signed_duration(std::string_view key, Need need) = 0;
  // "1Mbps", "10MBps": in bytes per second, above 0.
  virtual std::optional<double> bandwidth(std::string_view key, Need need) = 0;
  // One of `names`, as its position in them.
  virtual std::optional<std::size_t> choice_index(std::string_view key, Need need, std::span<const std::string_view> names) = 0;
  // `count` non-empty groups of names, as [["a"], ["b", "c"]]; `noun` says of what ("service", "zone").
  virtual std::vector<std::vector<std::string>> name_groups(std::string_view key, std::size_t count, std::string_view noun, Need need) = 0;
  std::vector<std::vector<std::string>> service_groups(std::string_view key, std::size_t count, Need need = Need::required) {
    return name_groups(key, count, "service", need);
  }
  std::vector<std::vector<std::string>> zone_groups(std::string_view key, std::size_t count) { return name_groups(key, count, "zone", Need::required); }
  // A non-empty array of names; empty when absent.
  virtual std::vector<std::string> names(std::string_view key, Need need, std::string_view noun) = 0;
  // Either a count (3) or a list of distinct indices from 0 ([0, 2]).
  struct CountOrList {
    std::optional<long long> count;
    std::vector<long long> list;
  };
  virtual CountOrList count_or_list(std::string_view key, Need need, Bounds count_bounds) = 0;
  // A rule between keys broken, reported at `key`.
  virtual void problem(std::string_view key, std::string message) = 0;
  // An object of its own, whose keys `read` reads.
  virtual void object(std::string_view key, Need need, const std::function<void(FaultFields&)>& read) = 0;

  // An enum whose names are an array indexed by value.
  template <class E, std::size_t N>
  std::optional<E> choice(std::string_view key, Need need, const std::array<std::string_view, N>& names) {
    auto index = choice_index(key, need, std::span<const std::string_view>(names.data(), N));
    return index ? std::optional<E>(static_cast<E>(*index)) : std::nullopt;
  }
};

}  // namespace chaossim::scenarios
