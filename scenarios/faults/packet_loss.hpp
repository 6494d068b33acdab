#pragma once
// Lossy network at one service: each message to or from it is dropped with
// probability `rate`, silently (the sender learns nothing).
#include "scenarios/faults/rate_on_service.hpp"

namespace chaossim::scenarios {

struct PacketLossFault : RateOnService {};

}  // namespace chaossim::scenarios
