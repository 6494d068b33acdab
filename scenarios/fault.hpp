#pragma once
// A fault on a scenario's timeline: when it starts, how long it lasts, and
// the parameters of its kind (fault_list.hpp). The model owns its window:
// validate and the simulation (fault_effects.hpp) both ask end_s().
#include <string_view>
#include <variant>

#include "scenarios/fault_list.hpp"
#include "scenarios/fault_schedule.hpp"

namespace chaossim::scenarios {

#define CHAOSSIM_FAULT_ENUM(name, Params) name,
enum class FaultKind { CHAOSSIM_FAULTS(CHAOSSIM_FAULT_ENUM) };
#undef CHAOSSIM_FAULT_ENUM

#define CHAOSSIM_FAULT_NAME(name, Params) std::string_view{#name},
inline constexpr std::array fault_kind_names{CHAOSSIM_FAULTS(CHAOSSIM_FAULT_NAME)};
#undef CHAOSSIM_FAULT_NAME

// The variant's alternatives are in the list's order, so its index is the kind.
template <class Ignored, class... Kinds>
using VariantOfRest = std::variant<Kinds...>;
#define CHAOSSIM_FAULT_PARAMS(name, Params) , Params
using FaultParams = VariantOfRest<void CHAOSSIM_FAULTS(CHAOSSIM_FAULT_PARAMS)>;
#undef CHAOSSIM_FAULT_PARAMS

constexpr std::string_view name_of(FaultKind kind) { return fault_kind_names[static_cast<std::size_t>(kind)]; }

// The keys a kind takes besides kind, at and for, in the order its read()
// asks for them, and those of the objects among them.
struct FaultKeys {
  struct Object {
    std::string_view key;
    std::vector<std::string_view> keys;
  };
  std::vector<std::string_view> keys;
  std::vector<Object> objects;
};
FaultKeys fault_keys(FaultKind kind);
// The keys a reader of a kind's keys asks for.
FaultKeys keys_read_by(const std::function<void(FaultFields&)>& read);

struct Fault {
  double at_s = 0;
  double for_s = 0;
  FaultParams params;
  // Absent: it happens once, at `at`.
  std::optional<FaultSchedule> schedule;

  FaultKind kind() const { return static_cast<FaultKind>(params.index()); }
  template <class Params>
  const Params* as() const { return std::get_if<Params>(&params); }
  FaultSubject subject() const;
  // What it acts on, as its subject says: the two groups of a partition, the
  // service, or the client; empty for the others.
  const std::vector<std::vector<std::string>>& groups() const;
  const std::string& target() const;
  const std::string& client() const;

  // When the fault is over: `for` after it starts, unless its kind says
  // otherwise (a degradation that ramps back to full speed). Of a scheduled
  // fault, when its first occurrence (at `at`, lasting `for`) is.
  double end_s() const;
  // The instances it takes, for the kinds that take some (instance_pick.hpp).
  const InstancePick* instance_pick() const;
  InstancePick* instance_pick();
};

}  // namespace chaossim::scenarios
