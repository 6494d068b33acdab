// Documents an attacker or a careless user would hand the loader (the cases
// of issue 14's table): each is a clear error with a place, never an
// exception, a crash, or memory out of proportion to the text.
#include <catch2/catch.hpp>

#include <string>

#include "scenarios/json_document.hpp"
#include "scenarios/loader.hpp"

using namespace chaossim::scenarios;

namespace {

std::string scenario(const std::string& name = "t", const std::string& seed = "1", const std::string& rate = "10/s",
                     const std::string& service = "api", const std::string& target = "api") {
  return "{\n"
         "\"schema\": \"chaossim/scenario/v1\",\n"
         "\"name\": \"" + name + "\",\n"
         "\"seed\": " + seed + ",\n"
         "\"duration\": \"10s\",\n"
         "\"services\": [{\"name\": \"" + service + "\", \"service_time\": {\"dist\": \"constant\", \"value\": \"1ms\"}}],\n"
         "\"clients\": [{\"name\": \"users\", \"target\": \"" + target +
         "\", \"arrival\": {\"process\": \"poisson\", \"rate\": \"" + rate + "\"}}]\n"
         "}\n";
}

Diagnostic first_error(const std::string& text) {
  const auto r = load_scenario_text(text, "t.json");
  REQUIRE_FALSE(r.scenarios);
  REQUIRE_FALSE(r.errors.empty());
  return r.errors.front();
}

}  // namespace

TEST_CASE("a number beyond a double is an error at its place, not an abort") {
  const auto e = first_error(scenario("t", "1e400"));
  CHECK(e.position.line == 4);
  CHECK(e.position.column == 9);
  CHECK_THAT(e.message, Catch::Contains("1e400 is beyond what a double holds"));
  CHECK_THAT(first_error("{\"schema\": 1e309}").message, Catch::Contains("1e309"));
}

TEST_CASE("arrays nested 30,000 deep are refused at the 257th level, without recursion") {
  const std::string deep = "{\"services\": " + std::string(30000, '[') + std::string(30000, ']') + "}";
  const auto e = first_error(deep);
  CHECK(e.position.column == 14 + 255);  // the object is level 1, the first [ (column 14) level 2
  CHECK_THAT(e.message, Catch::Contains("nested more than 256 levels deep"));
}

TEST_CASE("3,000 nested objects with 1,000-character keys are refused by depth, 250 of them load in linear memory") {
  const std::string key(1000, 'k');
  std::string text;
  for (int i = 0; i < 3000; ++i) text += "{\"" + key + "\": ";
  text += "1" + std::string(3000, '}');
  CHECK_THAT(first_error(text).message, Catch::Contains("nested more than 256"));

  // Within the limit the position of a deep value is still found: the map
  // keeps a tree, not every value's full path (250 x 250 KB here).
  std::string nested;
  std::string pointer;
  for (int i = 0; i < 250; ++i) {
    nested += "{\n\"" + key + "\": ";
    pointer += "/" + key;
  }
  nested += "true" + std::string(250, '}');
  nlohmann::ordered_json doc;
  REQUIRE_FALSE(parse_document(nested, "t.json", scenario_document, doc).has_value());
  const SourceMap map = SourceMap::build(nested);
  CHECK(map.contains(pointer));
  CHECK(map.position_of(pointer).line == 251);  // the last key's line
  CHECK(map.position_of(pointer + "/missing").line == 251);
}

TEST_CASE("bytes after the document, and a NUL byte anywhere, are refused") {
  CHECK_THAT(first_error(scenario() + "garbage").message, Catch::Contains("expected end of input"));
  std::string with_nul = scenario();
  with_nul += std::string(1, '\0') + "garbage";
  const auto e = first_error(with_nul);
  CHECK_THAT(e.message, Catch::Contains("a NUL byte"));
  CHECK(e.position.line == 9);
}

TEST_CASE("a name holding a control character, or of 5 MB, is refused before anything runs") {
  CHECK_THAT(first_error(scenario("a\\u0000b")).message, Catch::Contains("control character U+0000"));
  CHECK_THAT(first_error(scenario("a\\tb")).message, Catch::Contains("control character U+0009"));
  const auto e = first_error(scenario("t", "1", "10/s", std::string(5'000'000, 'x')));
  CHECK(e.path == "$.services[0].name");
  CHECK_THAT(e.message, Catch::StartsWith("a name of 5000000 bytes"));
  CHECK(e.message.size() < 200);
}

TEST_CASE("the seed takes the whole 64-bit range, and says so beyond it") {
  const auto r = load_scenario_text(scenario("t", "18446744073709551615"), "t.json");
  REQUIRE(r.scenarios);
  CHECK(r.scenarios->base.seed == 18446744073709551615ULL);
  CHECK_THAT(first_error(scenario("t", "18446744073709551616")).message,
             Catch::Contains("expected an integer from 0 to 18446744073709551615"));
  CHECK_THAT(first_error(scenario("t", "-1")).message, Catch::Contains("expected an integer from 0 to 18446744073709551615"));
}

TEST_CASE("a rate with an exponent says that exponents are not written") {
  CHECK_THAT(first_error(scenario("t", "1", "1e12/s")).message, Catch::Contains("\"1e12\" has an exponent"));
}

TEST_CASE("a document larger than the limit is refused before it is parsed") {
  const DocumentLimits small{1024, 256, "a scenario file"};
  nlohmann::ordered_json doc;
  const auto e = parse_document(std::string(2000, ' ') + "{}", "t.json", small, doc);
  REQUIRE(e);
  CHECK_THAT(e->message, Catch::Contains("holds 2002 bytes, more than the 1024 bytes a scenario file may hold"));
}
