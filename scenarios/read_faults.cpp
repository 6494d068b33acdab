#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "scenarios/readers.hpp"
#include "scenarios/units.hpp"

namespace chaossim::scenarios {
namespace {

const EnumTable<FaultKind> fault_kind_table = enum_table<FaultKind>(fault_kind_names);

// Far beyond any service's instances: the loader checks them against the target's.
constexpr long long max_instance_index = 1'000'000;

// A fault's object as its kind's read() sees it (fault_module.hpp), each
// problem reported where it is.
class JsonFaultFields final : public FaultFields {
 public:
  JsonFaultFields(LoadContext& ctx, ObjectReader& r) : ctx_(ctx), r_(r) {}

  std::optional<std::string> text(std::string_view key, Need need) override { return r_.string(key, need); }
  std::optional<double> number(std::string_view key, Need need, Bounds bounds) override { return r_.number(key, need, bounds); }
  std::optional<long long> integer(std::string_view key, Need need, Bounds bounds) override {
    return r_.integer(key, need, bounds);
  }
  std::optional<double> duration(std::string_view key, Need need) override { return r_.duration(key, need); }
  std::optional<double> bandwidth(std::string_view key, Need need) override { return r_.bandwidth(key, need); }
  std::optional<double> signed_duration(std::string_view key, Need need) override;
  std::optional<std::size_t> choice_index(std::string_view key, Need need, std::span<const std::string_view> names) override {
    EnumTable<std::size_t> table;
    for (std::size_t i = 0; i < names.size(); ++i) table.emplace_back(names[i], i);
    return r_.enumeration(key, need, table);
  }
  std::vector<std::vector<std::string>> name_groups(std::string_view key, std::size_t count, std::string_view noun, Need need) override;
  std::vector<std::string> names(std::string_view key, Need need, std::string_view noun) override {
    if (need == Need::required) r_.require(key);
    const json* node = r_.get(key);
    return node == nullptr ? std::vector<std::string>{} : group(*node, r_.path_of(key), noun);
  }
  CountOrList count_or_list(std::string_view key, Need need, Bounds count_bounds) override;
  void problem(std::string_view key, std::string message) override { r_.error(key, std::move(message)); }
  void object(std::string_view key, Need need, const std::function<void(FaultFields&)>& read) override;

 private:
  std::vector<std::string> group(const json& node, const JsonPath& path, std::string_view noun);

  LoadContext& ctx_;
  ObjectReader& r_;
};

std::vector<std::string> JsonFaultFields::group(const json& node, const JsonPath& path, std::string_view noun) {
  std::vector<std::string> names;
  if (!node.is_array() || node.empty()) {
    ctx_.error(path, fmt::format("{}, expected a non-empty array of {} names", describe(node), noun));
    return names;
  }
  for_each_element(ctx_, &node, path, [&](const json& item, const JsonPath& at) {
    if (item.is_string()) names.push_back(item.get<std::string>());
    else ctx_.error(at, fmt::format("{}, expected a {} name", describe(item), noun));
  });
  return names;
}

std::vector<std::vector<std::string>> JsonFaultFields::name_groups(std::string_view key, std::size_t count, std::string_view noun, Need need) {
  std::vector<std::vector<std::string>> groups;
  const std::string how_many = count == 2 ? "two" : std::to_string(count);
  if (need == Need::optional && r_.get(key) == nullptr) return groups;
  if (!r_.require(key, fmt::format("{} groups of {}s", how_many, noun))) return groups;
  const json& node = *r_.get(key);
  if (!node.is_array() || node.size() != count) {
    r_.error(key, fmt::format("{}, expected {} groups of {}s: [[\"a\"], [\"b\", \"c\"]]", describe(node), how_many, noun));
    return groups;
  }
  for (std::size_t i = 0; i < count; ++i) groups.push_back(group(node[i], r_.path_of(key) / i, noun));
  return groups;
}

std::optional<double> JsonFaultFields::signed_duration(std::string_view key, Need need) {
  const json* node = r_.get(key);
  if (node == nullptr || !node->is_string() || node->get<std::string>().rfind('-', 0) != 0) return r_.duration(key, need);
  // Behind: a duration after its minus sign.
  const auto parsed = parse_duration(std::string_view(node->get_ref<const std::string&>()).substr(1));
  if (!parsed.value) {
    r_.error(key, fmt::format("{}, expected a duration, ahead (\"5s\") or behind (\"-5s\"): {}", describe(*node), parsed.problem));
    return std::nullopt;
  }
  return -*parsed.value;
}

FaultFields::CountOrList JsonFaultFields::count_or_list(std::string_view key, Need need, Bounds count_bounds) {
  CountOrList out;
  const json* node = r_.get(key);
  if (node == nullptr || !node->is_array()) {
    out.count = r_.integer(key, need, count_bounds);
    return out;
  }
  if (node->empty()) r_.error(key, "found an empty array, expected a count (3) or the indices of instances ([0, 2])");
  for_each_element(ctx_, node, r_.path_of(key), [&](const json& item, const JsonPath& at) {
    if (!item.is_number_integer() || item.get<long long>() < 0 || item.get<long long>() >= max_instance_index) {
      ctx_.error(at, fmt::format("{}, expected an instance's index (0 for the first)", describe(item)));
      return;
    }
    const auto index = item.get<long long>();
    if (std::find(out.list.begin(), out.list.end(), index) != out.list.end())
      ctx_.error(at, fmt::format("found {} twice, expected each instance once", index));
    else out.list.push_back(index);
  });
  return out;
}

void JsonFaultFields::object(std::string_view key, Need need, const std::function<void(FaultFields&)>& read) {
  if (need == Need::required) r_.require(key);
  const json* node = r_.get(key);
  if (node == nullptr) return;
  // Its keys are those `read` asks for, as for the fault itself.
  const ObjectSpec spec{key, keys_read_by(read).keys};
  ObjectReader inner(ctx_, node, r_.path_of(key), spec);
  JsonFaultFields fields(ctx_, inner);
  read(fields);
}

const EnumTable<Onsets> random_onsets{{"poisson", Onsets::poisson}, {"uniform", Onsets::uniform}};

BlastRadius read_blast_radius(LoadContext& ctx, const json& node, const JsonPath& path) {
  ObjectReader r(ctx, &node, path, specs::blast_radius);
  BlastRadius b;
  if (auto n = r.integer("instances", Need::optional, Bounds::between(1, 1e6))) b.instances = static_cast<int>(*n);
  b.fraction = r.number("fraction", Need::optional, {0, 1, true});
  b.zone = r.string("zone", Need::optional);
  const int given = (b.instances ? 1 : 0) + (b.fraction ? 1 : 0) + (b.zone ? 1 : 0);
  if (given == 0) ctx.error(path, "found no limit, expected one of instances, fraction or zone");
  if (given > 1) ctx.error(path, "found more than one limit, expected one of instances, fraction or zone");
  return b;
}

// `every` (a period), or `random` (its onsets' law): one of them.
FaultSchedule read_schedule(LoadContext& ctx, const json& node, const JsonPath& path) {
  ObjectReader r(ctx, &node, path, specs::schedule);
  FaultSchedule s;
  const auto every = r.duration("every", Need::optional, Bounds::above(0));
  const auto random = r.enumeration("random", Need::optional, random_onsets);
  if (every && random) r.error("random", "found both every and random, expected one of them");
  if (!every && !random && r.get("random") == nullptr)
    ctx.error(path, "found neither every nor random, expected a period (\"every\": \"10s\") or random onsets (\"random\": \"poisson\")");
  if (every) s.every_s = *every;
  if (random) s.onsets = *random;
  if (s.onsets == Onsets::poisson) s.rate_per_s = r.number("rate", Need::required, Bounds::above(0)).value_or(1);
  else if (r.get("rate")) r.forbid("rate", "a rate is of random onsets \"poisson\"");
  if (auto n = r.integer("count", s.onsets == Onsets::uniform ? Need::required : Need::optional, Bounds::between(1, max_occurrences)))
    s.count = static_cast<int>(*n);
  s.until_s = r.duration("until", Need::optional);
  if (const json* d = r.get("duration")) s.duration = read_distribution(ctx, *d, r.path_of("duration"));
  if (const json* b = r.get("blast_radius")) s.blast_radius = read_blast_radius(ctx, *b, r.path_of("blast_radius"));
  return s;
}

Fault read_fault(LoadContext& ctx, const json& node, const JsonPath& path) {
  ObjectReader r(ctx, &node, path, specs::fault);
  Fault f;
  auto kind = r.enumeration("kind", Need::required, fault_kind_table);
  f.at_s = r.duration("at", Need::required).value_or(0);
  f.for_s = r.duration("for", Need::required, Bounds::above(0)).value_or(1);
  if (const json* schedule = r.get("schedule")) f.schedule = read_schedule(ctx, *schedule, r.path_of("schedule"));
  if (!kind) return f;
  // Keys of other kinds are reported before the kind's own are read.
  const FaultKeys own = fault_keys(*kind);
  const std::string kind_name(name_of(*kind));
  for (auto key : specs::fault.keys) {
    if (key == "kind" || key == "at" || key == "for" || key == "schedule") continue;
    if (std::find(own.keys.begin(), own.keys.end(), key) == own.keys.end())
      r.forbid(key, fmt::format("a {} fault takes {}", kind_name, fmt::join(own.keys, ", ")));
  }
  JsonFaultFields fields(ctx, r);
  switch (*kind) {
#define CHAOSSIM_READ_FAULT(name, Params) \
  case FaultKind::name: f.params.emplace<Params>().read(fields); break;
    CHAOSSIM_FAULTS(CHAOSSIM_READ_FAULT)
#undef CHAOSSIM_READ_FAULT
  }
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
