#pragma once
// A host's clock off (a clock fault): the target's hosts read `skew` ahead
// ("5s") or behind ("-5s") from the fault's start, and drift `drift_ppm`
// parts per million more every second it lasts, until it ends and the clock
// is set right. The patterns that read time on those hosts (its calls'
// breakers, rate limiters, retry budgets, adaptive throttling and
// concurrency, and its own admission's rate limits) misjudge their windows
// accordingly: a breaker opened before a 5 s jump ahead tries half-open 5 s
// early. Virtual time and every other host stay true.
#include <cmath>

#include "scenarios/fault_module.hpp"

namespace chaossim::scenarios {

struct ClockFault {
  static constexpr FaultSubject subject = FaultSubject::service;
  std::string target;
  double skew_s = 0;
  double drift_ppm = 0;

  void read(FaultFields& in) {
    target = in.text("target", Need::required).value_or("");
    skew_s = in.signed_duration("skew", Need::optional).value_or(0);
    drift_ppm = in.number("drift_ppm", Need::optional, Bounds::between(-1e6, 1e6)).value_or(0);
    if (std::abs(skew_s) > 1e7) in.problem("skew", "found more than 10,000,000 s (16 weeks) either way, expected a clock that is off, not elsewhere");
    if (skew_s == 0 && drift_ppm == 0) in.problem("skew", "found neither a skew nor a drift, expected a skew (\"5s\", \"-5s\") or a drift_ppm");
  }
};

}  // namespace chaossim::scenarios
