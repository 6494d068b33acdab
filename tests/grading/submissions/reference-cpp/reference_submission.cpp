// chaossim's reference implementations submitted through the C++ kit. The
// test that grades this directory copies patterns/*.cpp in beside it: the
// grader links a submission against nothing of chaossim's, so the reference
// brings its own sources, as any student would.
#include "patterns/submission.hpp"

CHAOSSIM_SUBMISSION(chaossim::patterns::ReferencePatternFactory)
