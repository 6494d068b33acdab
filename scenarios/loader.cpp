#include "scenarios/loader.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "scenarios/json_document.hpp"
#include "scenarios/readers.hpp"

namespace chaossim::scenarios {
namespace {

bool is_whole_multiple(double value, double unit) {
  const double ratio = value / unit;
  return std::abs(ratio - std::round(ratio)) < 1e-9 * std::max(1.0, ratio);
}

// Reads one fully merged document (the base, or base + a variant's patch).
Scenario read_scenario(LoadContext& ctx, const json& doc, const std::string& file) {
  const JsonPath root;
  ObjectReader r(ctx, &doc, root, specs::scenario);
  Scenario s;
  s.file = file;
  if (!r.valid()) return s;
  if (auto schema = r.string("schema", Need::required); schema && *schema != scenario_schema_id)
    r.error("schema", fmt::format("found \"{}\", expected \"{}\"", *schema, scenario_schema_id));
  s.name = r.name("name").value_or("");
  s.description = r.string("description", Need::optional).value_or("");
  s.seed = r.unsigned_integer("seed", Need::optional).value_or(1);
  s.duration_s = r.duration("duration", Need::required, Bounds::above(0)).value_or(0);
  s.warmup_s = r.duration("warmup", Need::optional).value_or(0);
  s.replications = static_cast<int>(r.integer("replications", Need::optional, Bounds::between(1, 100000)).value_or(1));
  s.bucket_s = r.duration("bucket", Need::optional, Bounds::above(0)).value_or(1.0);
  if (s.duration_s > 0) {
    if (s.warmup_s >= s.duration_s)
      r.error("warmup", fmt::format("found {}s, expected a warmup shorter than the duration ({}s)", s.warmup_s, s.duration_s));
    else if (!is_whole_multiple(s.warmup_s, s.bucket_s))
      r.error("warmup", fmt::format("found {}s, expected a whole number of buckets ({}s each), so that statistics "
                                    "start on a bucket boundary", s.warmup_s, s.bucket_s));
    // Memory no longer grows with buckets (they stream to disk), but a bucket
    // count past this is a typo, and its outputs would fill any disk.
    if (s.duration_s / s.bucket_s > 1e8)
      r.error("bucket", fmt::format("found {}s for a {}s run, expected at most 100 million buckets", s.bucket_s, s.duration_s));
  }
  s.network = read_network(ctx, r.get("network"), r.path_of("network"));
  if (r.require("services", "an array of services") && (!r.get("services")->is_array() || r.get("services")->empty()))
    r.error("services", describe(*r.get("services")) + ", expected a non-empty array of services");
  s.services = read_services(ctx, r.get("services"), r.path_of("services"));
  s.index_services();
  if (r.require("clients", "an array of clients") && (!r.get("clients")->is_array() || r.get("clients")->empty()))
    r.error("clients", describe(*r.get("clients")) + ", expected a non-empty array of clients");
  s.clients = read_clients(ctx, r.get("clients"), r.path_of("clients"));
  s.pipelines = read_pipelines(ctx, r.get("pipelines"), r.path_of("pipelines"));
  s.faults = read_faults(ctx, r.get("faults"), r.path_of("faults"));
  s.slo = read_slo(ctx, r.get("slo"), r.path_of("slo"));
  check_references(ctx, s, doc);
  return s;
}

// FNV-1a over the document with its keys sorted (nlohmann::json keeps them
// so): key order and whitespace do not change it, a value does; nor does a
// change in a file it reads (a client's rate profile), whose data is hashed too.
std::string content_hash(const json& document, const Scenario& scenario) {
  std::uint64_t hash = 14695981039346656037ULL;
  const auto add = [&hash](std::string_view text) {
    for (const unsigned char c : text) {
      hash ^= c;
      hash *= 1099511628211ULL;
    }
  };
  add(nlohmann::json(document).dump());
  for (const auto& client : scenario.clients)
    if (client.arrival.profile && !client.arrival.profile->file.empty())
      for (const auto& p : client.arrival.profile->points) add(fmt::format("|{},{}", p.at_s, p.rate_per_s));
  return fmt::format("fnv1a64:{:016x}", hash);
}

bool same_problem(const Diagnostic& a, const Diagnostic& b) { return a.path == b.path && a.message == b.message; }

// Each variant: the base with its JSON Merge Patch applied, read whole, its
// problems reported unless the base has them too.
void read_variants(const json& base, const json& patches, const SourceMap& map, const std::string& file, LoadContext& ctx,
                   std::vector<Diagnostic>& errors, ScenarioSet& set) {
  const std::vector<Diagnostic> base_errors = errors;
  for (const auto& [name, patch] : patches.items()) {
    if (name == "base") {
      ctx.error(JsonPath() / "variants" / name, "a variant cannot be called \"base\", expected another name");
      continue;
    }
    if (const auto problem = name_problem(name)) {
      ctx.error(JsonPath() / "variants" / name, *problem);
      continue;
    }
    if (!patch.is_object()) {
      ctx.error(JsonPath() / "variants" / name, describe(patch) + ", expected an object (a JSON Merge Patch)");
      continue;
    }
    json merged = base;
    merged.merge_patch(patch);
    std::vector<Diagnostic> variant_errors;
    LoadContext vctx(file, map, variant_errors);
    vctx.for_variant(name);
    Scenario v = read_scenario(vctx, merged, file);
    v.variant = name;
    for (auto& d : variant_errors) {
      bool known = false;
      for (const auto& b : base_errors) known = known || same_problem(b, d);
      if (!known) errors.push_back(std::move(d));
    }
    set.variants.push_back(std::move(v));
  }
}

}  // namespace

LoadResult load_scenario_text(std::string_view text, const std::string& file) {
  LoadResult result;
  json doc;
  if (auto problem = parse_document(text, file, scenario_document, doc)) {
    result.errors.push_back(std::move(*problem));
    return result;
  }
  const SourceMap map = SourceMap::build(text);
  LoadContext ctx(file, map, result.errors);
  result.errors = duplicate_key_errors(map, file);

  json base = doc;
  json patches = json::object();
  if (base.is_object() && base.contains("variants")) {
    patches = base["variants"];
    base.erase("variants");
    if (!patches.is_object()) {
      ctx.error(JsonPath() / "variants", describe(patches) + ", expected an object: variant name -> JSON Merge Patch");
      patches = json::object();
    }
  }

  ScenarioSet set;
  set.base = read_scenario(ctx, base, file);
  read_variants(base, patches, map, file, ctx, result.errors, set);
  set.base.content_hash = content_hash(base, set.base);
  for (auto& v : set.variants) v.content_hash = set.base.content_hash;
  // Read like a compiler's output: the base file top to bottom, then each variant.
  std::stable_sort(result.errors.begin(), result.errors.end(), [](const Diagnostic& a, const Diagnostic& b) {
    const auto key = [](const Diagnostic& d) { return std::make_tuple(!d.variant.empty(), d.position.line, d.position.column); };
    return key(a) < key(b);
  });
  if (result.errors.empty()) result.scenarios = std::move(set);
  return result;
}

LoadResult load_scenario_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    LoadResult result;
    result.errors.push_back({path, {}, "$", "", "cannot open the file (does it exist, is it readable?)"});
    return result;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return load_scenario_text(text.str(), path);
}

}  // namespace chaossim::scenarios
