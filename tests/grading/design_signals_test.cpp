#include <catch2/catch.hpp>

#include "tools/grading/design_signals.hpp"

using namespace chaossim::grading;

namespace {

// clang-tidy's words, as it prints them for a student's folder laid out in
// /tmp/g/design/src: the function-size check with every threshold at 0
// measures each function; other checks are findings; the system's headers
// are not the student's.
const char* tidy_output = R"(/tmp/g/design/src/bulkhead.cpp:12:6: warning: function 'enter' exceeds recommended size/complexity thresholds [readability-function-size]
bool enter(double now) {
     ^
/tmp/g/design/src/bulkhead.cpp:12:6: note: 72 lines including whitespace and comments (threshold 0)
/tmp/g/design/src/bulkhead.cpp:12:6: note: 14 branches (threshold 0)
/tmp/g/design/src/bulkhead.cpp:90:6: warning: function 'leave' exceeds recommended size/complexity thresholds [readability-function-size]
/tmp/g/design/src/bulkhead.cpp:90:6: note: 4 lines including whitespace and comments (threshold 0)
/tmp/g/design/src/bulkhead.cpp:30:10: warning: the value returned by this function should be used [bugprone-unused-return-value]
/usr/include/c++/12/bits/stl_vector.h:100:3: warning: something in the library [performance-unnecessary-copy-initialization]
/tmp/g/design/src/util.hpp:7:3: warning: 'mutex_' is locked twice [concurrency-mt-unsafe]
)";

}  // namespace

TEST_CASE("clang-tidy's output becomes each function's lines and complexity, and the findings in the student's files") {
  DesignSignals s;
  read_clang_tidy(tidy_output, "/tmp/g/design/src/", s);
  REQUIRE(s.functions.size() == 2);
  CHECK(s.functions[0].name == "enter");
  CHECK(s.functions[0].file == "bulkhead.cpp");
  CHECK(s.functions[0].line == 12);
  CHECK(s.functions[0].lines == 72);
  CHECK(s.functions[0].complexity == 15);  // 14 branches + 1
  CHECK(s.functions[1].complexity == 1);   // no branches note: none
  REQUIRE(s.findings.size() == 2);
  CHECK(s.findings[0] == "bulkhead.cpp:30: the value returned by this function should be used [bugprone-unused-return-value]");
  CHECK(s.findings[1] == "util.hpp:7: 'mutex_' is locked twice [concurrency-mt-unsafe]");
  REQUIRE(s.long_functions().size() == 1);
  CHECK(s.long_functions()[0].name == "enter");
  REQUIRE(s.complex_functions().size() == 1);
  const std::string text = s.describe();
  CHECK_THAT(text, Catch::Contains("not scored") && Catch::Contains("enter (bulkhead.cpp:12): 72 lines") &&
                       Catch::Contains("enter (bulkhead.cpp:12): complexity 15") && Catch::Contains("clang-tidy (2)"));
}

TEST_CASE("the Python measures are read, and a file that does not parse is said") {
  DesignSignals s;
  read_python_measures(R"({"files": 2, "lines": 300, "functions": [
      {"name": "Bulkhead.enter", "file": "student.py", "line": 10, "lines": 201, "complexity": 3},
      {"name": "helper", "file": "util.py", "line": 3, "lines": 5, "complexity": 11}],
    "errors": ["broken.py: SyntaxError"]})", s);
  CHECK(s.files == 2);
  CHECK(s.lines == 300);
  REQUIRE(s.long_functions().size() == 1);
  CHECK(s.long_functions()[0].name == "Bulkhead.enter");
  REQUIRE(s.complex_functions().size() == 1);
  CHECK(s.complex_functions()[0].name == "helper");
  CHECK_THAT(s.note, Catch::Contains("Not parsed: broken.py: SyntaxError"));
  DesignSignals unreadable;
  read_python_measures("Traceback ...", unreadable);
  CHECK_THAT(unreadable.note, Catch::Contains("could not be read"));
}

TEST_CASE("design signals go up a class's pipe and come back the same") {
  DesignSignals s;
  read_clang_tidy(tidy_output, "/tmp/g/design/src/", s);
  s.files = 3;
  s.lines = 120;
  s.linted = true;
  s.note = "2 files identical to chaossim's reference sources left out. ";
  const DesignSignals back = design_signals_from(to_json(s));
  CHECK(to_json(back) == to_json(s));
  CHECK(back.describe() == s.describe());
}
