#include "reports/thinning.hpp"

namespace chaossim::reports {

std::vector<double> point_starts(std::size_t buckets, std::size_t every, double bucket_s, double duration_s) {
  std::vector<double> starts;
  for (std::size_t first = 0; first < buckets; first += every) {
    const double start = static_cast<double>(first) * bucket_s;
    starts.push_back(start);
    if (every == 1) continue;
    const double end = std::min(static_cast<double>(first + every) * bucket_s, duration_s);
    starts.push_back(start + (end - start) / 2);
  }
  return starts;
}

}  // namespace chaossim::reports
