// A fallback chain around a call: on a failure, the next alternative of the
// chain answers instead (a cached value, a static value, or another service,
// called over an edge of its own), and the answer is marked degraded.
#include "patterns/fallback.hpp"
#include "sim/call_path.hpp"
#include "sim/key_sampler.hpp"

namespace chaossim::sim {
namespace {

// Keys with this bit are unique to one request: caching them is pointless.
constexpr std::uint64_t unique_key_bit = KeySampler::unique_bit;

class FallbackStage final : public Stage {
 public:
  FallbackStage(const patterns::FallbackConfig& config, std::unique_ptr<patterns::FallbackRegistry> registry,
                std::unique_ptr<patterns::Cache> cache, std::vector<std::uint32_t> service_edges)
      : config_(config), registry_(std::move(registry)), cache_(std::move(cache)), service_edges_(std::move(service_edges)) {}

  patterns::PatternKind kind() const override { return patterns::PatternKind::fallback; }

  void enter(CallPath& path, Frame* f) override { path.invoke_below(f); }

  void child_done(CallPath& path, Frame* f, patterns::CallResult result) override {
    if (!result.ok()) return fall_back(path, f, result);
    const bool from_fallback = f->fallback_next > 0;
    const std::uint64_t key = f->call->key;
    if (!from_fallback && cache_ && !(key & unique_key_bit)) cache_->put(key, sim::now());
    result.degraded = result.degraded || from_fallback;
    if (from_fallback) path.recorder(f).count(Counter::fallbacks, sim::now());
    path.complete(f, result);
  }

 private:
  void fall_back(CallPath& path, Frame* f, patterns::CallResult failure) {
    const auto next = registry_->next(f->fallback_next, f->call->key, cache_ ? *cache_ : no_cache_, sim::now());
    if (!next || *next < f->fallback_next || *next >= config_.chain.size()) return path.complete(f, failure);
    path.react(f);
    f->fallback_next = static_cast<std::uint32_t>(*next + 1);
    if (config_.chain[*next].kind != patterns::FallbackKind::service) {
      path.recorder(f).count(Counter::fallbacks, sim::now());
      return path.complete(f, {patterns::Outcome::success, std::nullopt, true});
    }
    path.call_instead(f, service_edges_[*next]);
  }

  const patterns::FallbackConfig& config_;
  std::unique_ptr<patterns::FallbackRegistry> registry_;
  std::unique_ptr<patterns::Cache> cache_;  // only when the chain has a cache entry
  patterns::ReferenceCache no_cache_{0};     // what a chain without one consults: it holds nothing
  std::vector<std::uint32_t> service_edges_;  // per entry of the chain: the edge of its service call
};

}  // namespace

std::unique_ptr<Stage> make_stage(const patterns::FallbackConfig& config, const StageBuild& build) {
  using patterns::PatternKind;
  auto registry = required(build.factory.fallback_registry(config), PatternKind::fallback);
  std::unique_ptr<patterns::Cache> cache;
  for (const auto& entry : config.chain)
    if (entry.kind == patterns::FallbackKind::cache && !cache)
      cache = required(build.factory.cache(patterns::ReferenceCache::default_capacity), PatternKind::fallback);
  // Each service entry of the chain has an edge of its own (edges.hpp).
  std::vector<std::uint32_t> service_edges(config.chain.size(), 0);
  for (std::size_t e = 0; e < build.edges.size(); ++e)
    if (build.edges[e].fallback_of == static_cast<int>(build.edge))
      service_edges[static_cast<std::size_t>(build.edges[e].fallback_entry)] = static_cast<std::uint32_t>(e);
  return std::make_unique<FallbackStage>(config, std::move(registry), std::move(cache), std::move(service_edges));
}

}  // namespace chaossim::sim
