// A server's load shedding, decision by decision with exact times: CoDel as
// Facebook's servers run it (folly's executors/Codel: 5 ms target, 100 ms
// interval, shedding past twice the target while the queue stands), the cap
// on requests held, a rate limit, and the Retry-After each answer carries.
#include <catch2/catch.hpp>

#include "patterns/server_admission.hpp"

using namespace chaossim::patterns;

TEST_CASE("CoDel sheds nothing until an interval's shortest wait exceeded its target") {
  QueueDelayShedder codel(QueueDelayConfig{});  // target 5 ms, interval 100 ms
  // Waits of 20 ms, more than twice the target, but the queue is not known to stand yet.
  for (double t = 0.01; t < 0.1; t += 0.01) CHECK_FALSE(codel.shed(t, 0.020));
  CHECK_FALSE(codel.overloaded());
  // The interval ends: its shortest wait, 20 ms, exceeded 5 ms: the queue stands.
  CHECK(codel.shed(0.101, 0.020));
  CHECK(codel.overloaded());
  CHECK_FALSE(codel.shed(0.11, 0.010));  // 10 ms is not past twice the target
  CHECK(codel.shed(0.12, 0.0101));
}

TEST_CASE("CoDel stops shedding after an interval in which a request waited less than its target") {
  QueueDelayShedder codel(QueueDelayConfig{0.005, 0.1});
  CHECK_FALSE(codel.shed(0.05, 0.050));
  CHECK(codel.shed(0.11, 0.050));  // interval [0, 0.1) had 50 ms at least
  CHECK_FALSE(codel.shed(0.15, 0.004));  // the queue drained: 4 ms
  CHECK(codel.shed(0.2, 0.030));          // still overloaded until the interval ends
  CHECK_FALSE(codel.shed(0.22, 0.030));   // [0.11, 0.21] saw 4 ms: not standing
  CHECK_FALSE(codel.overloaded());
}

TEST_CASE("CoDel takes an interval in which nothing left the queue as no evidence") {
  QueueDelayShedder codel(QueueDelayConfig{0.005, 0.1});
  CHECK_FALSE(codel.shed(0.5, 0.0));  // the first interval's end, judged on nothing
  CHECK_FALSE(codel.overloaded());
}

TEST_CASE("a server sheds past max_concurrent requests held, before spending a rate limit token") {
  AdmissionConfig c;
  c.max_concurrent = 3;
  c.rate_limit = RateLimiterConfig{RateLimiterKind::token_bucket, 1, 1};
  ServerAdmission admission(c);
  const auto capped = admission.on_arrival(0, 3);
  CHECK_FALSE(capped.admitted);
  CHECK(capped.cause == ShedCause::concurrency);
  CHECK(capped.retry_after_s == 0);  // no hint configured
  CHECK(admission.on_arrival(0, 2).admitted);  // the token was still there
  const auto limited = admission.on_arrival(0.5, 0);
  CHECK_FALSE(limited.admitted);
  CHECK(limited.cause == ShedCause::rate_limit);
  CHECK(admission.on_arrival(1.0, 0).admitted);
}

TEST_CASE("a shed answer carries the configured Retry-After, or the rate limiter's own wait") {
  AdmissionConfig c;
  c.max_concurrent = 1;
  c.rate_limit = RateLimiterConfig{RateLimiterKind::token_bucket, 4, 1};
  c.retry_after_s = 2.0;
  ServerAdmission fixed(c);
  CHECK(fixed.on_arrival(0, 1).retry_after_s == 2.0);
  CHECK(fixed.on_arrival(0, 0).admitted);
  CHECK(fixed.on_arrival(0.05, 0).retry_after_s == 2.0);

  c.retry_after_s.reset();
  c.retry_after_from_limiter = true;
  ServerAdmission from_limiter(c);
  CHECK(from_limiter.on_arrival(0, 0).admitted);
  CHECK(from_limiter.on_arrival(0.05, 0).retry_after_s == Approx(0.2));  // the next token, at 0.25
  CHECK(from_limiter.on_arrival(0.05, 1).retry_after_s == 0);  // the cap's refusal has no limiter wait to tell
}

TEST_CASE("a server's leaky bucket admits a request after its wait in the bucket") {
  AdmissionConfig c;
  c.rate_limit = RateLimiterConfig{};
  c.rate_limit->kind = RateLimiterKind::leaky_bucket;
  c.rate_limit->rate_per_s = 2;
  c.rate_limit->capacity = 1;
  ServerAdmission admission(c);
  CHECK(admission.on_arrival(0, 0).delay_s == 0);
  const auto waits = admission.on_arrival(0, 1);
  CHECK(waits.admitted);
  CHECK(waits.delay_s == Approx(0.5));
  CHECK_FALSE(admission.on_arrival(0, 2).admitted);
}

TEST_CASE("admission configurations are validated, nested keys named by their path") {
  AdmissionConfig c;
  CHECK(describe(validate(c)) == "sheds nothing, expected at least one of rate_limit, max_concurrent, queue_delay");
  c.max_concurrent = 0;
  CHECK(describe(validate(c)) == "max_concurrent: found 0, expected at least 1");
  c.max_concurrent = 5;
  c.queue_delay = QueueDelayConfig{0, 0.1};
  CHECK(describe(validate(c)) == "queue_delay.target: found 0s, expected longer than 0s");
  c.queue_delay.reset();
  c.retry_after_from_limiter = true;
  CHECK(describe(validate(c)) == "retry_after: found \"rate_limit\" without a rate_limit, expected a duration");
}

TEST_CASE("a class fills only its share of the cap: the least important are shed first") {
  AdmissionConfig c;
  c.max_concurrent = 8;  // sheddable (0.5) up to 4 held, sheddable_plus (0.75) up to 6
  ServerAdmission admission(c);
  CHECK(admission.on_arrival(0, 3, Priority::sheddable).admitted);
  CHECK_FALSE(admission.on_arrival(0, 4, Priority::sheddable).admitted);
  CHECK(admission.on_arrival(0, 5, Priority::sheddable_plus).admitted);
  CHECK_FALSE(admission.on_arrival(0, 6, Priority::sheddable_plus).admitted);
  CHECK(admission.on_arrival(0, 7, Priority::critical).admitted);
  CHECK_FALSE(admission.on_arrival(0, 8, Priority::critical_plus).admitted);
}

TEST_CASE("a rate limit keeps the rest of its capacity for the classes above a request's") {
  AdmissionConfig c;
  c.rate_limit = RateLimiterConfig{RateLimiterKind::token_bucket, 10, 4};  // sheddable needs 1 + 2 tokens left
  ServerAdmission admission(c);
  CHECK(admission.on_arrival(0, 0, Priority::sheddable).admitted);  // 4 tokens
  CHECK(admission.on_arrival(0, 0, Priority::sheddable).admitted);  // 3
  const auto kept = admission.on_arrival(0, 0, Priority::sheddable);  // 2 left: kept for the others
  CHECK_FALSE(kept.admitted);
  CHECK(admission.on_arrival(0, 0, Priority::critical).admitted);
  CHECK(admission.on_arrival(0, 0, Priority::critical).admitted);
  CHECK_FALSE(admission.on_arrival(0, 0, Priority::critical).admitted);
  CHECK(admission.on_arrival(0.3, 0, Priority::sheddable).admitted);  // 3 tokens again
}

TEST_CASE("under CoDel a less important class may wait only its share of the slough time") {
  QueueDelayShedder codel(QueueDelayConfig{0.005, 0.1});
  CHECK_FALSE(codel.shed(0.05, 0.02));
  REQUIRE(codel.shed(0.11, 0.02));  // standing
  CHECK(codel.shed(0.12, 0.006, 0.5));        // past 5 ms: shed, where critical would wait 10
  CHECK_FALSE(codel.shed(0.12, 0.006, 1.0));
}

TEST_CASE("priority shares must be above 0 and at most 1, and no larger for a less important class") {
  AdmissionConfig c;
  c.max_concurrent = 4;
  c.priority_shares = {1, 1, 0.5, 0.75};
  CHECK(describe(validate(c)) ==
        "priority_shares.sheddable: found 0.75 above sheddable_plus's 0.5, expected a less important class to get no more");
  c.priority_shares = {1, 1.5, 0.5, 0.5};
  CHECK(describe(validate(c)) == "priority_shares.critical: found 1.5, expected above 0 and at most 1");
}
