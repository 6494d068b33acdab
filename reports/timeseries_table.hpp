#pragma once
// timeseries.csv read back and averaged over replications: per variant,
// subject and metric, one value per bucket (empty where no replication had
// one). What the report's charts are drawn from.
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace chaossim::reports {

struct FaultWindow {
  std::string name;  // "index:kind"
  double start_s = 0, end_s = 0;
};

class TimeseriesTable {
 public:
  // Throws std::runtime_error naming the line when the text is not a timeseries.csv.
  static TimeseriesTable parse(const std::string& csv_text);

  // Averages over replications; empty when the series is absent.
  std::vector<std::optional<double>> series(const std::string& variant, const std::string& kind, const std::string& subject,
                                            const std::string& metric) const;
  std::vector<double> bucket_starts() const { return starts_; }
  std::vector<std::string> subjects(const std::string& variant, const std::string& kind) const;  // in file order
  std::vector<FaultWindow> faults(const std::string& variant) const;

 private:
  using Key = std::tuple<std::string, std::string, std::string, std::string>;  // variant, kind, subject, metric
  struct Sum {
    std::vector<double> total;
    std::vector<int> count;
  };
  std::map<Key, Sum> sums_;
  std::map<std::pair<std::string, std::string>, std::vector<std::string>> subjects_;
  std::map<std::string, std::vector<FaultWindow>> faults_;
  std::vector<double> starts_;
};

}  // namespace chaossim::reports
