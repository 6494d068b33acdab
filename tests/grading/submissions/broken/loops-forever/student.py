"""The reference, but a waiting caller that gives up sends the bulkhead into an endless loop."""
import reference_patterns
from reference_patterns import *  # noqa: F401,F403


class Bulkhead(reference_patterns.Bulkhead):
    def give_up(self, now):
        while self.waiting >= 0:
            self.waiting += 1
            self.waiting -= 1
