#include <algorithm>
#include <fstream>
#include <iterator>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "tools/grading/conformance.hpp"
#include "tools/grading/protocol_config.hpp"

using namespace chaossim::grading;
using namespace chaossim::patterns;

TEST_CASE("pattern configurations travel through the protocol unchanged") {
  CircuitBreakerConfig cb;
  cb.window_kind = WindowKind::time;
  cb.window_s = 7.5;
  cb.minimum_calls = 3;
  cb.open_multiplier = 2;
  cb.open_max_s = 120;
  const auto cb2 = circuit_breaker_config(to_json(cb));
  CHECK(to_json(cb2) == to_json(cb));
  CHECK(cb2.window_kind == WindowKind::time);

  // The variants' keys travel when set, and only then: older submissions see the messages they knew.
  CHECK_FALSE(to_json(cb).contains("successes_to_close"));
  CircuitBreakerConfig consecutive;
  consecutive.window_kind = WindowKind::consecutive;
  consecutive.window_size = 5;
  consecutive.successes_to_close = consecutive.half_open_calls = 3;
  const auto consecutive2 = circuit_breaker_config(to_json(consecutive));
  CHECK(consecutive2.window_kind == WindowKind::consecutive);
  CHECK(consecutive2.successes_to_close == 3);
  CHECK(to_json(consecutive2) == to_json(consecutive));
  RetryConfig proportional;
  proportional.jitter = Jitter::proportional;
  proportional.jitter_fraction = 0.25;
  CHECK(retry_config(to_json(proportional)).jitter_fraction == 0.25);

  RetryConfig retry;
  retry.jitter = Jitter::decorrelated;
  retry.backoff.kind = BackoffKind::linear;
  retry.retry_on = {Outcome::timeout};
  const auto retry2 = retry_config(to_json(retry));
  CHECK(to_json(retry2) == to_json(retry));
  CHECK_FALSE(to_json(retry).contains("jitter_fraction"));
  CHECK(retry2.retry_on == std::vector<Outcome>{Outcome::timeout});

  TimeoutConfig timeout;
  timeout.adaptive = AdaptiveTimeoutConfig{};
  timeout.adaptive->quantile = 0.9;
  CHECK(to_json(timeout_config(to_json(timeout))) == to_json(timeout));

  FallbackConfig fallback;
  fallback.chain = {{FallbackKind::cache, "", 30, true, "", std::nullopt}, {FallbackKind::value, "", 0, false, "stale", std::nullopt}};
  CHECK(to_json(fallback_config(to_json(fallback))) == to_json(fallback));

  HealthCheckConfig health;
  health.unhealthy_after = 4;
  CHECK(to_json(health_check_config(to_json(health, 3)), 3) == to_json(health, 3));
  CHECK(health_check_instances(to_json(health, 3)) == 3);
}

TEST_CASE("a config key of an unknown value is refused with its name") {
  CHECK_THROWS_WITH(retry_config(json{{"jitter", "wild"}}), Catch::Contains("unknown jitter \"wild\""));
}

TEST_CASE("a config that breaks its pattern's rules is refused with the rule, as the loader refuses it") {
  CHECK_THROWS_WITH(circuit_breaker_config(json{{"failure_rate", 0}}),
                    Catch::Contains("invalid circuit_breaker config: failure_rate: found 0, expected above 0 and at most 1"));
  CHECK_THROWS_WITH(bulkhead_config(json{{"max_concurrent", 0}}), Catch::Contains("max_concurrent: found 0"));
  CHECK_NOTHROW(timeout_config(json{{"after_s", 0.25}}));
}

TEST_CASE("answers meet expectations to 1e-9, within bounds, or exactly") {
  Step number;
  number.expect = 0.1;
  CHECK(meets(number, json(0.1 + 1e-12)));
  CHECK_FALSE(meets(number, json(0.1001)));
  CHECK_FALSE(meets(number, json("0.1")));
  Step between;
  between.expect_between = std::pair(0.0, 0.4);
  CHECK(meets(between, json(0.4)));
  CHECK_FALSE(meets(between, json(0.41)));
  CHECK_FALSE(meets(between, json(nullptr)));
  Step null;
  null.expect = json(nullptr);
  CHECK(meets(null, json(nullptr)));
  CHECK_FALSE(meets(null, json(0)));
  Step state;
  state.expect = "open";
  CHECK(meets(state, json("open")));
  CHECK_FALSE(meets(state, json("half_open")));
}

TEST_CASE("the Python helper maps every student pattern to the class the list names, and no other") {
  // The helper is Python: it cannot include the list, so this holds it to it.
  std::ifstream in(CHAOSSIM_SOURCE_DIR "/tools/grading/python/chaossim_student.py");
  REQUIRE(in);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto start = text.find("CLASS_OF = {");
  REQUIRE(start != std::string::npos);
  const std::string table = text.substr(start, text.find('}', start) - start);
  std::size_t entries = 0;
  for (auto pattern : all_student_patterns) {
    INFO(name_of(pattern));
    CHECK(table.find(fmt::format("\"{}\": \"{}\"", name_of(pattern), class_name_of(pattern))) !=
          std::string::npos);
    ++entries;
  }
  CHECK(static_cast<std::size_t>(std::count(table.begin(), table.end(), ':')) == entries);
}
