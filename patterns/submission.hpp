#pragma once
// The C++ submission ABI. A submission is a shared library that implements
// some of the pattern interfaces and exports one C function, named after the
// ABI version, returning a new PatternFactory that builds them:
//
//   #include "patterns/submission.hpp"
//   class MyPatterns : public chaossim::patterns::PatternFactory { ... };
//   CHAOSSIM_SUBMISSION(MyPatterns)
//
// The grader loads it in a sandboxed process (chaossim-host) and owns the
// factory it returns. The interfaces are the ones chaossim's reference
// implementations fulfil; a change to any of them bumps the version, so an
// old submission fails to load with a clear message instead of misbehaving.
#include "patterns/factory.hpp"

namespace chaossim::patterns {
// 2: RetryPolicy::next_delay takes `now` first, as every other decision;
//    CircuitBreaker::observe (optional, for transition events).
// 3: PatternFactory makes AdaptiveThrottle and WorkerPools too; Outcome is
//    one byte and has `overloaded`; CallResult carries retry_after_s.
// 4: PatternFactory::pipeline_order, the submission's composition.
inline constexpr int submission_abi_version = 4;
}

#define CHAOSSIM_SUBMISSION_SYMBOL "chaossim_submission_v4"

#define CHAOSSIM_SUBMISSION(FactoryClass)                                          \
  extern "C" __attribute__((visibility("default"))) chaossim::patterns::PatternFactory* \
  chaossim_submission_v4() {                                                       \
    return new FactoryClass();                                                     \
  }
