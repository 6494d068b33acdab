"""The reference, but its pipeline_order forgets the patterns it does not
know: the answer must hold every pattern it was asked about."""
from reference_patterns import *  # noqa: F401,F403


def pipeline_order(patterns):
    return [p for p in patterns if p == "retry"]
