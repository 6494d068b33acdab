"""The reference, but composed with the retry outside the circuit breaker:
every attempt asks the breaker again, so a retry policy that retries the
breaker's refusals keeps knocking on an open circuit."""
from reference_patterns import *  # noqa: F401,F403


def pipeline_order(patterns):
    nesting = ["fallback", "timeout", "retry", "circuit_breaker", "rate_limiter", "adaptive_throttling",
               "adaptive_concurrency", "bulkhead", "hedge"]
    return sorted(patterns, key=lambda p: nesting.index(p) if p in nesting else len(nesting))
