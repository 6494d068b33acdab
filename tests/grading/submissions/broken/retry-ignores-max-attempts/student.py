"""The reference, but retries never stop: max_attempts is ignored."""
import reference_patterns
from reference_patterns import *  # noqa: F401,F403


class RetryPolicy(reference_patterns.RetryPolicy):
    def next_delay(self, now, attempts, previous_delay_s, outcome, random):
        return super().next_delay(now, min(attempts, self.config["max_attempts"] - 1), previous_delay_s, outcome, random)
