"""Your resilience patterns, graded by chaossim.

Implement the classes below; delete a class you do not implement (its tests
then fail with "does not implement"). Grade your work with

    chaossim grade --submission .

Every method gets the virtual time `now` in seconds: never read the clock.
`config` is a dict of the pattern's configuration; its keys are listed in
each class. PROTOCOL.md (in chaossim's tools/grading/) describes every call.
"""


class CircuitBreaker:
    """Stops calling a failing dependency, then probes it.

    config: window_kind ("count", "time" or "consecutive": open when the
    last window_size calls all failed), window_size (calls), window_s,
    failure_rate, slow_call_rate, slow_call_duration_s, minimum_calls,
    open_for_s, open_multiplier, open_max_s, half_open_calls, and, when set,
    successes_to_close (half-open closes on that many successes and reopens
    on any failure).
    """

    def __init__(self, config):
        self.config = config

    def try_acquire(self, now):
        """May a call go out now? True or False. A refused call is not reported back."""
        raise NotImplementedError("CircuitBreaker.try_acquire")

    def on_success(self, now, latency_s):
        raise NotImplementedError("CircuitBreaker.on_success")

    def on_failure(self, now, latency_s):
        raise NotImplementedError("CircuitBreaker.on_failure")

    def state(self, now):
        """"closed", "open", "half_open", "disabled" or "forced_open"."""
        raise NotImplementedError("CircuitBreaker.state")


class RetryPolicy:
    """Whether and when to try a failed call again.

    config: max_attempts (the first attempt included), backoff {kind: "fixed",
    "linear" or "exponential", initial_s, multiplier, max_s}, jitter ("none",
    "full", "equal", "decorrelated" or "proportional": the delay times
    1 + jitter_fraction x (2 random - 1)), retry_on (a list of outcomes).
    """

    def __init__(self, config):
        self.config = config

    def next_delay(self, now, attempts, previous_delay_s, outcome, random):
        """The attempt number `attempts` ended with `outcome` ("success",
        "error", "timeout", "unavailable" or "rejected"): the delay in seconds
        before the next attempt, or None to give up. `random` is a uniform draw
        in (0, 1) for the jitter: use it rather than your own."""
        raise NotImplementedError("RetryPolicy.next_delay")


class RetryBudget:
    """Caps retries as a share of requests. config: ratio, min_per_second."""

    def __init__(self, config):
        self.config = config

    def on_request(self, now):
        """A call's first attempt went out."""
        raise NotImplementedError("RetryBudget.on_request")

    def try_withdraw(self, now):
        """May a retry go out now? True or False."""
        raise NotImplementedError("RetryBudget.try_withdraw")


class Timeout:
    """How long to wait for one attempt.

    config: after_s, and adaptive: null or {quantile, multiplier, min_s, max_s,
    initial_s}. Adaptive: initial_s until 20 answered calls, then quantile x
    multiplier of the last 256 answered latencies, clamped to [min_s, max_s];
    a call cut by the timeout (timed_out) is not a sample.
    """

    def __init__(self, config):
        self.config = config

    def timeout(self, now):
        """Seconds to wait for the next attempt (more than 0)."""
        raise NotImplementedError("Timeout.timeout")

    def on_result(self, now, latency_s, timed_out):
        raise NotImplementedError("Timeout.on_result")


class Bulkhead:
    """At most max_concurrent calls at once; up to max_queue more wait.

    config: max_concurrent, max_queue, max_wait_s.
    """

    def __init__(self, config):
        self.config = config

    def enter(self, now):
        """"admitted", "must_wait" or "rejected"."""
        raise NotImplementedError("Bulkhead.enter")

    def leave(self, now):
        """A call with a permit ended. True when the permit passes straight
        to the longest-waiting caller."""
        raise NotImplementedError("Bulkhead.leave")

    def give_up(self, now):
        """A waiting caller gave up without a permit."""
        raise NotImplementedError("Bulkhead.give_up")


class HealthChecker:
    """Decides from probes whether an instance takes traffic.

    config: interval_s, timeout_s, unhealthy_after, healthy_after, instances.
    """

    def __init__(self, config):
        self.config = config

    def check(self, now, instance, ok):
        """A probe of `instance` passed (ok) or failed: is it healthy now?"""
        raise NotImplementedError("HealthChecker.check")


class FallbackRegistry:
    """Picks the alternative that answers when a call failed.

    config: chain, a list of {kind: "service", "cache" or "value", service,
    cache_ttl_s, serve_stale_on_error, value}.
    """

    def __init__(self, config):
        self.config = config

    def next(self, now, start, key, cache_age_s):
        """The index of the alternative to use, from `start` on, or None.
        cache_age_s: the age of the cache's answer for `key`, or None."""
        raise NotImplementedError("FallbackRegistry.next")


class CacheRegistry:
    """The last good answer per key. config: capacity."""

    def __init__(self, config):
        self.config = config

    def get(self, now, key):
        """The age in seconds of what is stored for `key`, or None."""
        raise NotImplementedError("CacheRegistry.get")

    def put(self, now, key):
        raise NotImplementedError("CacheRegistry.put")


class AdaptiveThrottle:
    """Client-side adaptive throttling (Google SRE, "Handling Overload").

    config: k, window_s. Over the last window_s, count the requests tried
    and those the backend accepted; reject a request locally with
    probability max(0, (requests - k x accepts) / (requests + 1)).
    """

    def __init__(self, config):
        self.config = config

    def try_send(self, now, random):
        """A request is made (count it either way); random is a draw in [0, 1).
        True to send it, False to reject it locally (random under the probability)."""
        raise NotImplementedError("AdaptiveThrottle.try_send")

    def on_result(self, now, outcome):
        """A request sent ended: "success" or "error" were accepted by the backend;
        "timeout", "unavailable", "rejected" and "overloaded" were not."""
        raise NotImplementedError("AdaptiveThrottle.on_result")


class WorkerPools:
    """A server's workers split into pools (the faculty bulkheads: "ICU pool: 6,
    reserved 5, may borrow 1 from a flex pool of 2").

    config: flex (workers any pool may borrow), pools: a list of {name,
    capacity, reserved, max_borrow, max_queue, max_wait_s}. A pool runs on its
    reserved workers first, then borrows flex ones up to max_borrow; the
    server keeps the queues. `pool` is an index into config["pools"].
    """

    def __init__(self, config):
        self.config = config

    def start(self, now, pool):
        """A request of `pool` takes a worker: "reserved", "borrowed", or None if none is free for it."""
        raise NotImplementedError("WorkerPools.start")

    def can_start(self, now, pool):
        """Could a request of `pool` take a worker now? (Without taking it.)"""
        raise NotImplementedError("WorkerPools.can_start")

    def release(self, now, pool, slot):
        """A request of `pool` is done with its worker of kind `slot` ("reserved" or "borrowed")."""
        raise NotImplementedError("WorkerPools.release")



def pipeline_order(patterns):
    """How the patterns around one call nest, outermost first: the same names
    as `patterns` (given in chaossim's default order, e.g. ["retry",
    "circuit_breaker", "timeout"]), reordered. The composition tests play
    scenarios with it. Returning None keeps the order given."""
    return list(patterns)
