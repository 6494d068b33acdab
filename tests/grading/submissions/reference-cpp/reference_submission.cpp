// chaossim's reference implementations submitted through the C++ kit, each
// behind a lock (locked_patterns.hpp). The test that grades this directory
// copies patterns/*.cpp in beside it: the grader links a submission against
// nothing of chaossim's, so the reference brings its own sources, as any
// student would.
#include "locked_patterns.hpp"

CHAOSSIM_SUBMISSION(reference_submission::LockedReferenceFactory)
