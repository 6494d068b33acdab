#pragma once
// Lossy network at one service: each message to or from it is dropped with
// probability `rate`. TCP sends a dropped message again after its
// retransmission timeout; with network.loss "silent" it is gone, and the
// sender learns nothing (sim/network.hpp).
// Which instances: instance_pick.hpp (all of them unless it says).
#include "scenarios/faults/rate_on_service.hpp"

namespace chaossim::scenarios {

struct PacketLossFault : RateOnService {};

}  // namespace chaossim::scenarios
