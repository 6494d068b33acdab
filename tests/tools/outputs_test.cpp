// The files a run writes beside results.json, and `chaossim report`.
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <zlib.h>

namespace fs = std::filesystem;

namespace {

int chaossim(const std::string& args) {
  const std::string command = std::string(CHAOSSIM_BINARY) + " " + args + " > /dev/null 2>&1";
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> out(1);
  for (char ch : line) {
    if (ch == ',') out.emplace_back();
    else out.back() += ch;
  }
  return out;
}

// A small run with a warmup, two replications, a fault and a retried call.
fs::path run_small(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("chaossim-outputs-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "s.json") << R"({"schema": "chaossim/scenario/v1", "name": "small", "duration": "20s", "warmup": "2s",
    "replications": 2,
    "services": [{"name": "api", "workers": 2, "service_time": {"dist": "exponential", "mean": "10ms"}}],
    "clients": [{"name": "c", "target": "api", "pipeline": "p", "arrival": {"process": "poisson", "rate": "100/s"}}],
    "pipelines": {"p": {"timeout": {"after": "50ms"}, "retry": {"max_attempts": 2}}},
    "faults": [{"kind": "errors", "at": "8s", "for": "4s", "target": "api", "rate": 0.5}]})";
  REQUIRE(chaossim("run " + (dir / "s.json").string() + " --quiet --out " + (dir / "out").string()) <= 1);
  return dir;
}

}  // namespace

TEST_CASE("timeseries.csv has a row per bucket, subject and metric, and re-aggregates to results.json") {
  const fs::path dir = run_small("csv");
  std::istringstream csv(read(dir / "out" / "timeseries.csv"));
  std::string line;
  std::getline(csv, line);
  CHECK(line == "variant,replication,bucket_start_s,subject_kind,subject,metric,value");
  std::map<std::string, int> rows_per_metric;  // subject/metric -> rows
  std::map<int, std::pair<double, double>> after_warmup;  // replication -> (successes, requests)
  std::set<std::string> faults;
  while (std::getline(csv, line)) {
    const auto f = split(line);
    REQUIRE(f.size() == 7);
    if (f[3] == "fault") {
      faults.insert(f[4] + "." + f[5] + "=" + f[6]);
      continue;
    }
    ++rows_per_metric[f[3] + ":" + f[4] + "/" + f[5]];
    if (f[3] == "client" && std::stod(f[2]) >= 2) {
      auto& [ok, all] = after_warmup[std::stoi(f[1])];
      if (f[5] == "successes") ok += std::stod(f[6]);
      if (f[5] == "requests") all += std::stod(f[6]);
    }
  }
  // 20 buckets x 2 replications for every metric of every subject.
  for (const auto& [metric, rows] : rows_per_metric) {
    INFO(metric);
    CHECK(rows == 40);
  }
  CHECK(rows_per_metric.count("client:c/availability") == 1);
  CHECK(rows_per_metric.count("service:api/utilization") == 1);
  CHECK(rows_per_metric.count("edge:c->api/circuit_open") == 1);
  CHECK(rows_per_metric.count("edge:c->api/retries") == 1);
  CHECK(faults == std::set<std::string>{"0:errors.start_s=8", "0:errors.end_s=12"});

  const auto results = nlohmann::json::parse(read(dir / "out" / "results.json"));
  const auto& by_replication = results["clients"]["c"]["availability_by_replication"];
  REQUIRE(after_warmup.size() == 2);
  for (const auto& [replication, counts] : after_warmup)
    CHECK(counts.first / counts.second == Approx(by_replication[static_cast<std::size_t>(replication)].get<double>()).epsilon(1e-12));
  fs::remove_all(dir);
}

TEST_CASE("timeseries.csv gives a scheduled fault a window per occurrence and replication, at its start") {
  const fs::path dir = fs::temp_directory_path() / ("chaossim-outputs-scheduled-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "s.json") << R"({"schema": "chaossim/scenario/v1", "name": "again", "duration": "20s", "replications": 2,
    "services": [{"name": "api", "service_time": {"dist": "constant", "value": "1ms"}}],
    "clients": [{"name": "c", "target": "api", "arrival": {"process": "poisson", "rate": "10/s"}}],
    "faults": [{"kind": "errors", "at": "4s", "for": "1s", "target": "api", "rate": 1, "schedule": {"every": "5s", "count": 2}}]})";
  REQUIRE(chaossim("run " + (dir / "s.json").string() + " --quiet --out " + (dir / "out").string()) <= 1);
  std::istringstream csv(read(dir / "out" / "timeseries.csv"));
  std::set<std::string> rows;
  for (std::string line; std::getline(csv, line);)
    if (line.find(",fault,") != std::string::npos) rows.insert(line);
  CHECK(rows == std::set<std::string>{"base,0,4,fault,0:errors,start_s,4", "base,0,4,fault,0:errors,end_s,5",
                                      "base,0,9,fault,0:errors,start_s,9", "base,0,9,fault,0:errors,end_s,10",
                                      "base,1,4,fault,0:errors,start_s,4", "base,1,4,fault,0:errors,end_s,5",
                                      "base,1,9,fault,0:errors,start_s,9", "base,1,9,fault,0:errors,end_s,10"});
  fs::remove_all(dir);
}

int occurrences(const std::string& text, const std::string& part) {
  int n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

TEST_CASE("report.html is one self-contained page with a gnuplot chart per section") {
  const fs::path dir = run_small("html");
  const std::string html = read(dir / "out" / "report.html");
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(html.size() > 20000);
  CHECK(html.find("</html>\n") == html.size() - 8);
  // Nothing outside the file: no URL, no source, no stylesheet link.
  CHECK(html.find("http") == std::string::npos);
  CHECK(html.find("src=") == std::string::npos);
  CHECK(html.find("<link") == std::string::npos);
  for (const char* chart : {"availability", "latency", "load", "circuits", "retries", "utilization", "queues"}) {
    INFO(chart);
    CHECK(occurrences(html, std::string("id=\"chart-base-") + chart + "\"") == 1);
  }
  CHECK(occurrences(html, "<svg") == 7);
  CHECK(occurrences(html, "<svg") == occurrences(html, "</svg>"));
  CHECK(html.find("Gnuplot") != std::string::npos);  // drawn by gnuplot, not by hand
  CHECK(html.find("<caption>Faults and recovery</caption>") != std::string::npos);
  CHECK(html.find("<caption>SLO for client") == std::string::npos);  // this scenario has no slo

  // Re-rendered from the directory alone, the same page; --format png adds the charts.
  fs::remove(dir / "out" / "report.html");
  CHECK(chaossim("report " + (dir / "out").string() + " --format html,png") == 0);
  CHECK(read(dir / "out" / "report.html") == html);
  CHECK(fs::file_size(dir / "out" / "charts" / "base-availability.png") > 5000);
  // The report is made of results.json alone: the CSV is data for the user, never read back.
  fs::remove(dir / "out" / "timeseries.csv");
  fs::remove(dir / "out" / "report.html");
  CHECK(chaossim("report " + (dir / "out").string() + " --format html") == 0);
  CHECK(read(dir / "out" / "report.html") == html);
  fs::remove_all(dir);
}

TEST_CASE("report DIR rebuilds summary.md byte for byte, and refuses what is not a results directory") {
  const fs::path dir = run_small("report");
  const std::string written = read(dir / "out" / "summary.md");
  CHECK(written.find("| 0 | errors | api | 8–12 |") != std::string::npos);
  fs::remove(dir / "out" / "summary.md");
  CHECK(chaossim("report " + (dir / "out").string() + " --format md") == 0);
  CHECK(read(dir / "out" / "summary.md") == written);

  CHECK(chaossim("report " + dir.string()) == 2);  // no results.json there
  std::ofstream(dir / "results.json") << R"({"schema": "something/else"})";
  CHECK(chaossim("report " + dir.string()) == 2);
  CHECK(chaossim("report " + (dir / "out").string() + " --format pdf") == 2);
  fs::remove_all(dir);
}

TEST_CASE("run --csv-gzip writes timeseries.csv.gz: the same text compressed, the same bytes every time") {
  const fs::path dir = run_small("gzip");
  const auto gzip_run = [&](const std::string& out) {
    REQUIRE(chaossim("run " + (dir / "s.json").string() + " --quiet --csv-gzip --out " + (dir / out).string()) <= 1);
    return read(dir / out / "timeseries.csv.gz");
  };
  const std::string first = gzip_run("gz1"), second = gzip_run("gz2");
  CHECK(first == second);
  CHECK_FALSE(fs::exists(dir / "gz1" / "timeseries.csv"));
  gzFile in = gzopen((dir / "gz1" / "timeseries.csv.gz").c_str(), "rb");
  REQUIRE(in != nullptr);
  std::string text;
  char chunk[1 << 16];
  for (int n; (n = gzread(in, chunk, sizeof chunk)) > 0;) text.append(chunk, static_cast<std::size_t>(n));
  gzclose(in);
  const std::string plain = read(dir / "out" / "timeseries.csv");
  CHECK(text == plain);
  CHECK(first.size() * 5 < plain.size());
  CHECK(read(dir / "gz1" / "results.json") == read(dir / "out" / "results.json"));
  fs::remove_all(dir);
}
