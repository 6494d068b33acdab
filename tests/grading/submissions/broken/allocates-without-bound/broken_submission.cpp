// The reference patterns (the test copies patterns/*.cpp and the reference's locked_patterns.hpp in), but the
// timeout keeps every latency in a fresh 64 MiB buffer it never frees.
#include <cstring>
#include <vector>

#include "locked_patterns.hpp"

namespace {

using namespace chaossim::patterns;

class HoardingTimeout final : public Timeout {
 public:
  explicit HoardingTimeout(const TimeoutConfig& c) : inner_(c) {}
  double timeout_s(double now) override { return inner_.timeout_s(now); }
  void on_result(double now, double latency_s, bool timed_out) override {
    for (;;) {
      hoard_.emplace_back(64u << 20);
      std::memset(hoard_.back().data(), 1, hoard_.back().size());
    }
    inner_.on_result(now, latency_s, timed_out);
  }

 private:
  ReferenceTimeout inner_;
  std::vector<std::vector<char>> hoard_;
};

class Patterns final : public reference_submission::LockedReferenceFactory {
 public:
  std::unique_ptr<Timeout> timeout(const TimeoutConfig& c) override {
    return std::make_unique<reference_submission::LockedTimeout>(std::make_unique<HoardingTimeout>(c));
  }
};

}  // namespace

CHAOSSIM_SUBMISSION(Patterns)
