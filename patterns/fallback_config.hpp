#pragma once
#include <string>
#include <vector>

namespace chaossim::patterns {

enum class FallbackKind { service, cache, value };

// One alternative of a fallback chain; the chain tries them in order.
struct FallbackEntry {
  FallbackKind kind = FallbackKind::value;
  std::string service;  // kind == service: the service to call instead
  double cache_ttl_s = 0;
  bool serve_stale_on_error = false;
  std::string value;    // kind == value: the degraded answer
};

struct FallbackConfig {
  std::vector<FallbackEntry> chain;
};

}  // namespace chaossim::patterns
