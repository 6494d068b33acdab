#pragma once
// Duplicated messages, as `tc netem duplicate` makes them: each message to or
// from the target is delivered twice with probability `rate`. The callee does
// the work twice; the caller takes the first answer and ignores the second.
// Which instances: instance_pick.hpp (all of them unless it says).
#include "scenarios/faults/rate_on_service.hpp"

namespace chaossim::scenarios {

struct DuplicateFault : RateOnService {};

}  // namespace chaossim::scenarios
