#include "scenarios/fault.hpp"

namespace chaossim::scenarios {

namespace {

// A subject names the member that says which one (fault_module.hpp).
template <class Params>
concept OnGroups = (Params::subject == FaultSubject::service_groups || Params::subject == FaultSubject::zone_groups) &&
                   requires(Params p) { p.groups; };
template <class Params>
concept OnService = Params::subject == FaultSubject::service && requires(Params p) { p.target; };
template <class Params>
concept OnClient = Params::subject == FaultSubject::client && requires(Params p) { p.client; };
#define CHAOSSIM_CHECK_SUBJECT(name, Params) \
  static_assert(OnGroups<Params> || OnService<Params> || OnClient<Params>, #Params ": its subject's member is missing");
CHAOSSIM_FAULTS(CHAOSSIM_CHECK_SUBJECT)
#undef CHAOSSIM_CHECK_SUBJECT

// Asks a kind's read() for nothing but its keys.
class KeyCollector final : public FaultFields {
 public:
  explicit KeyCollector(FaultKeys& out) : out_(out) {}
  std::optional<std::string> text(std::string_view key, Need) override { return none<std::string>(key); }
  std::optional<double> number(std::string_view key, Need, Bounds) override { return none<double>(key); }
  std::optional<long long> integer(std::string_view key, Need, Bounds) override { return none<long long>(key); }
  std::optional<double> duration(std::string_view key, Need) override { return none<double>(key); }
  std::optional<double> bandwidth(std::string_view key, Need) override { return none<double>(key); }
  std::optional<double> signed_duration(std::string_view key, Need) override { return none<double>(key); }
  std::optional<std::size_t> choice_index(std::string_view key, Need, std::span<const std::string_view>) override {
    return none<std::size_t>(key);
  }
  std::vector<std::vector<std::string>> name_groups(std::string_view key, std::size_t, std::string_view, Need) override {
    out_.keys.push_back(key);
    return {};
  }
  std::vector<std::string> names(std::string_view key, Need, std::string_view) override {
    out_.keys.push_back(key);
    return {};
  }
  void problem(std::string_view, std::string) override {}
  CountOrList count_or_list(std::string_view key, Need, Bounds) override {
    out_.keys.push_back(key);
    return {};
  }
  void object(std::string_view key, Need, const std::function<void(FaultFields&)>& read) override {
    out_.keys.push_back(key);
    out_.objects.push_back({key, keys_read_by(read).keys});
  }

 private:
  template <class T>
  std::optional<T> none(std::string_view key) {
    out_.keys.push_back(key);
    return std::nullopt;
  }
  FaultKeys& out_;
};

const std::string nobody;
const std::vector<std::vector<std::string>> no_groups;

}  // namespace

FaultKeys keys_read_by(const std::function<void(FaultFields&)>& read) {
  FaultKeys keys;
  KeyCollector collector(keys);
  read(collector);
  return keys;
}

FaultKeys fault_keys(FaultKind kind) {
  return keys_read_by([kind](FaultFields& fields) {
    switch (kind) {
#define CHAOSSIM_COLLECT(name, Params) \
  case FaultKind::name: Params{}.read(fields); break;
      CHAOSSIM_FAULTS(CHAOSSIM_COLLECT)
#undef CHAOSSIM_COLLECT
    }
  });
}

FaultSubject Fault::subject() const {
  return std::visit([](const auto& p) { return std::decay_t<decltype(p)>::subject; }, params);
}

const std::vector<std::vector<std::string>>& Fault::groups() const {
  return std::visit([](const auto& p) -> const std::vector<std::vector<std::string>>& {
    if constexpr (OnGroups<std::decay_t<decltype(p)>>) return p.groups;
    else return no_groups;
  }, params);
}

const std::string& Fault::target() const {
  return std::visit([](const auto& p) -> const std::string& {
    if constexpr (OnService<std::decay_t<decltype(p)>>) return p.target;
    else return nobody;
  }, params);
}

const std::string& Fault::client() const {
  return std::visit([](const auto& p) -> const std::string& {
    if constexpr (OnClient<std::decay_t<decltype(p)>>) return p.client;
    else return nobody;
  }, params);
}

namespace {

// The kinds that take instances have an InstancePick named `instances`.
template <class Pick, class Params>
Pick* pick_in(Params& params) {
  return std::visit([](auto& p) -> Pick* {
    if constexpr (requires { { p.instances } -> std::convertible_to<const InstancePick&>; }) return &p.instances;
    else return nullptr;
  }, params);
}

}  // namespace

const InstancePick* Fault::instance_pick() const { return pick_in<const InstancePick>(params); }
InstancePick* Fault::instance_pick() { return pick_in<InstancePick>(params); }

double Fault::end_s() const {
  return std::visit([this](const auto& p) {
    if constexpr (requires { p.end_s(at_s, for_s); }) return p.end_s(at_s, for_s);
    else return at_s + for_s;
  }, params);
}

}  // namespace chaossim::scenarios
