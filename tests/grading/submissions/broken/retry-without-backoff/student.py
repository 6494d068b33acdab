"""The reference, but every retry goes out at once: no backoff."""
import reference_patterns
from reference_patterns import *  # noqa: F401,F403


class RetryPolicy(reference_patterns.RetryPolicy):
    def next_delay(self, now, attempts, previous_delay_s, outcome, random):
        delay = super().next_delay(now, attempts, previous_delay_s, outcome, random)
        return None if delay is None else 0.0
