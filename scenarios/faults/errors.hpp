#pragma once
// An error spike: the target fails each request it serves with probability
// `rate`, on top of its own error rate (independent causes).
// Which instances: instance_pick.hpp (all of them unless it says).
#include "scenarios/faults/rate_on_service.hpp"

namespace chaossim::scenarios {

// Whose fault an error is: the server's (retryable, like HTTP's 5xx) or the
// client's (not worth retrying, no sign of the server's health, like 4xx).
enum class ErrorClass { server, client };
inline constexpr std::array<std::string_view, 2> error_class_names{"server", "client"};

struct ErrorsFault : RateOnService {
  ErrorClass error_class = ErrorClass::server;

  void read(FaultFields& in) {
    RateOnService::read(in);
    error_class = in.choice<ErrorClass>("class", Need::optional, error_class_names).value_or(ErrorClass::server);
  }
};

}  // namespace chaossim::scenarios
