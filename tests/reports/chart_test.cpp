// Charts gnuplot draws whatever the run left in them.
#include <catch2/catch.hpp>

#include "reports/gnuplot_chart.hpp"

using namespace chaossim::reports;

TEST_CASE("a chart whose every point is missing draws empty axes, even on a log scale, instead of failing") {
  // A chain of 3,000 services where no request finished within the run: no latency at all.
  Chart c;
  c.title = "Latency";
  c.x = {0, 1, 2};
  c.log_y = true;
  c.lines.push_back({"ok p50", {std::nullopt, std::nullopt, std::nullopt}});
  c.lines.push_back({"ok p99", {std::nullopt, 0.0, std::nullopt}});  // 0 is not drawable on a log scale
  const std::string script = gnuplot_script(c, ChartFormat::svg, "/dev/null");
  CHECK_THAT(script, !Catch::Contains("using 1:"));
  CHECK_THAT(script, Catch::Contains("nothing to show in this run"));
  CHECK_THAT(script, Catch::Contains("unset logscale y"));
  const std::string svg = render_chart(c, ChartFormat::svg);
  CHECK_THAT(svg, Catch::Contains("<svg"));
}

TEST_CASE("a line with no point is left out, and the others drawn") {
  Chart c;
  c.title = "Latency";
  c.x = {0, 1};
  c.lines.push_back({"empty", {std::nullopt, std::nullopt}});
  c.lines.push_back({"full", {1.0, 2.0}});
  const std::string script = gnuplot_script(c, ChartFormat::svg, "/dev/null");
  CHECK_THAT(script, Catch::Contains("using 1:3 with steps"));
  CHECK_THAT(script, !Catch::Contains("using 1:2 with steps"));
}
