#include "patterns/server_admission.hpp"
#include "scenarios/pattern_fields.hpp"
#include "scenarios/readers.hpp"

namespace chaossim::scenarios {

patterns::AdmissionConfig read_admission(LoadContext& ctx, const json& node, const JsonPath& path) {
  ObjectReader r(ctx, &node, path, specs::admission);
  const std::size_t errors_before = ctx.error_count();
  patterns::AdmissionConfig a;
  if (const json* limit = r.get("rate_limit")) a.rate_limit = read_rate_limiter(ctx, limit, r.path_of("rate_limit"));
  if (auto cap = r.integer("max_concurrent", Need::optional, Bounds::between(1, 1e9))) a.max_concurrent = static_cast<int>(*cap);
  if (const json* delay = r.get("queue_delay")) {
    ObjectReader dr(ctx, delay, r.path_of("queue_delay"), specs::queue_delay);
    patterns::QueueDelayConfig q;
    q.target_s = dr.duration("target", Need::optional, Bounds::above(0)).value_or(q.target_s);
    q.interval_s = dr.duration("interval", Need::optional, Bounds::above(0)).value_or(q.interval_s);
    a.queue_delay = q;
  }
  if (const json* hint = r.get("retry_after"); hint && hint->is_string() && hint->get<std::string>() == "rate_limit") {
    a.retry_after_from_limiter = true;
  } else if (hint) {
    a.retry_after_s = r.duration("retry_after", Need::optional);
  }
  if (const json* shares = r.get("priority_shares")) {
    ObjectReader sr(ctx, shares, r.path_of("priority_shares"), specs::priority_shares);
    for (std::size_t k = 0; k < patterns::priority_count; ++k)
      a.priority_shares[k] = sr.number(patterns::priority_names[k], Need::optional, Bounds{0, 1, true}).value_or(a.priority_shares[k]);
  }
  if (r.valid() && ctx.error_count() == errors_before) report_problems(ctx, path, patterns::validate(a));
  return a;
}

}  // namespace chaossim::scenarios
