#pragma once
// An error spike: the target fails each request it serves with probability
// `rate`, on top of its own error rate (independent causes).
#include "scenarios/faults/rate_on_service.hpp"

namespace chaossim::scenarios {

struct ErrorsFault : RateOnService {};

}  // namespace chaossim::scenarios
