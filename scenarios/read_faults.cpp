#include <fmt/format.h>

#include "scenarios/readers.hpp"

namespace chaossim::scenarios {
namespace {

const EnumTable<FaultKind> fault_kind_table = enum_table<FaultKind>(fault_kind_names);
const EnumTable<PartitionDirection> directions{
    {"both", PartitionDirection::both}, {"forward", PartitionDirection::forward}, {"backward", PartitionDirection::backward}};
const EnumTable<Recover> recovers{{"instant", Recover::instant}, {"ramp", Recover::ramp}};

std::vector<std::string> read_group(LoadContext& ctx, const json& node, const JsonPath& path) {
  std::vector<std::string> names;
  if (!node.is_array() || node.empty()) {
    ctx.error(path, describe(node) + ", expected a non-empty array of service names");
    return names;
  }
  for_each_element(ctx, &node, path, [&](const json& item, const JsonPath& at) {
    if (item.is_string()) names.push_back(item.get<std::string>());
    else ctx.error(at, describe(item) + ", expected a service name");
  });
  return names;
}

// The keys of the fault's own kind, into `f`.
void read_kind_fields(LoadContext& ctx, ObjectReader& r, Fault& f) {
  switch (f.kind) {
    case FaultKind::partition: {
      f.direction = r.enumeration("direction", Need::optional, directions).value_or(f.direction);
      const json* between = r.get("between");
      if (!r.require("between", "two groups of services")) return;
      if (!between->is_array() || between->size() != 2) {
        r.error("between", describe(*between) + ", expected two groups of services: [[\"a\"], [\"b\", \"c\"]]");
      } else {
        f.group_a = read_group(ctx, (*between)[0], r.path_of("between") / 0);
        f.group_b = read_group(ctx, (*between)[1], r.path_of("between") / 1);
      }
      return;
    }
    case FaultKind::latency:
      f.target = r.string("target", Need::required).value_or("");
      f.add_s = r.duration("add", Need::required).value_or(0);
      f.jitter_s = r.duration("jitter", Need::optional).value_or(0);
      return;
    case FaultKind::packet_loss:
    case FaultKind::errors:
    case FaultKind::duplicate:
      f.target = r.string("target", Need::required).value_or("");
      f.rate = r.number("rate", Need::required, Bounds::between(0, 1)).value_or(0);
      return;
    case FaultKind::degradation: {
      f.target = r.string("target", Need::required).value_or("");
      f.recover = r.enumeration("recover", Need::optional, recovers).value_or(f.recover);
      r.require("speed");
      if (const json* s = r.get("speed")) {
        ObjectReader sr(ctx, s, r.path_of("speed"), specs::speed);
        f.speed_from = sr.number("from", Need::optional, {0, 1, true}).value_or(1.0);
        f.speed_to = sr.number("to", Need::required, {0, 1, true}).value_or(1.0);
      }
      return;
    }
    case FaultKind::crash:
      f.target = r.string("target", Need::required).value_or("");
      if (auto n = r.integer("instances", Need::optional, Bounds::at_least(1))) f.instances = static_cast<int>(*n);
      return;
    case FaultKind::overload:
      f.client = r.string("client", Need::required).value_or("");
      f.multiplier = r.number("multiplier", Need::required, Bounds::above(0)).value_or(1);
      return;
  }
}

Fault read_fault(LoadContext& ctx, const json& node, const JsonPath& path) {
  ObjectReader r(ctx, &node, path, specs::fault);
  Fault f;
  auto kind = r.enumeration("kind", Need::required, fault_kind_table);
  f.at_s = r.duration("at", Need::required).value_or(0);
  f.for_s = r.duration("for", Need::required, Bounds::above(0)).value_or(1);
  if (!kind) return f;
  f.kind = *kind;
  std::vector<std::string_view> allowed;
  for (auto key : info_of(f.kind).keys)
    if (!key.empty()) allowed.push_back(key);
  const std::string kind_name = r.get("kind")->get<std::string>();
  for (auto key : specs::fault.keys) {
    if (key == "kind" || key == "at" || key == "for") continue;
    bool ok = false;
    for (auto a : allowed) ok = ok || a == key;
    if (!ok) r.forbid(key, fmt::format("a {} fault takes {}", kind_name, fmt::join(allowed, ", ")));
  }
  read_kind_fields(ctx, r, f);
  return f;
}

}  // namespace

std::vector<Fault> read_faults(LoadContext& ctx, const json* node, const JsonPath& path) {
  std::vector<Fault> out;
  if (node && !node->is_array()) ctx.error(path, describe(*node) + ", expected an array of faults");
  for_each_element(ctx, node, path, [&](const json& f, const JsonPath& at) { out.push_back(read_fault(ctx, f, at)); });
  return out;
}

std::optional<Slo> read_slo(LoadContext& ctx, const json* node, const JsonPath& path) {
  if (node == nullptr) return std::nullopt;
  ObjectReader r(ctx, node, path, specs::slo);
  Slo slo;
  slo.client = r.string("client", Need::required).value_or("");
  slo.availability = r.number("availability", Need::optional, Bounds::between(0, 1));
  if (const json* l = r.get("latency")) {
    ObjectReader lr(ctx, l, r.path_of("latency"), specs::slo_latency);
    for (auto key : specs::slo_latency.keys)
      if (auto d = lr.duration(key, Need::optional, Bounds::above(0))) slo.latency_s.emplace(std::string(key), *d);
  }
  slo.recovery_s = r.duration("recovery", Need::optional);
  return slo;
}

}  // namespace chaossim::scenarios
