#pragma once
// Corrupted messages: each message to or from the target arrives with
// probability `rate` but cannot be parsed where it lands. A corrupted request
// is answered at once with an error of class client (a 400: the target does
// no work); a corrupted answer is an error for the caller, whatever the
// target meant (class server: the caller cannot tell why).
// Which instances: instance_pick.hpp (all of them unless it says).
#include "scenarios/faults/rate_on_service.hpp"

namespace chaossim::scenarios {

struct CorruptFault : RateOnService {};

}  // namespace chaossim::scenarios
