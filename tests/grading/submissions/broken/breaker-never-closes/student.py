"""The reference, but good probes open the breaker again instead of closing it."""
import reference_patterns
from reference_patterns import *  # noqa: F401,F403


class CircuitBreaker(reference_patterns.CircuitBreaker):
    def _record(self, now, latency_s, failed):
        self.now = now
        super()._record(now, latency_s, failed)

    def _close(self):
        self._open(self.now)
