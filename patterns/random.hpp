#pragma once
// The random source patterns draw from: passed in, never global, so a run is
// reproducible and a test can script the draws.
namespace chaossim::patterns {

class Random {
 public:
  virtual ~Random() = default;
  // Uniform in the open interval (0, 1).
  virtual double uniform() = 0;
};

}  // namespace chaossim::patterns
