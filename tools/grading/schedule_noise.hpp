#pragma once
// Noise in the threads' schedule, for the concurrency tests. A race that
// ThreadSanitizer cannot see (every step atomic or locked, but the check
// and the act apart) shows only when threads interleave between them, and
// on a busy machine they seldom do: its other work runs them one after
// another. The race build compiles the student's code with
// -finstrument-functions (not the standard library's functions: that would
// double its compile time); while the noise is on, every entry into one of
// its functions yields the processor one time in sixteen, so that threads
// interleave inside the student's calls however busy the machine is.
// Every schedule it makes is one the machine could have made: the noise
// finds bugs sooner, never ones that are not there.
namespace chaossim::grading {

void set_schedule_noise(bool on);

}  // namespace chaossim::grading

// The hooks -finstrument-functions calls; chaossim-host-tsan exports them,
// so that the submission's library finds them rather than glibc's.
extern "C" {
void __cyg_profile_func_enter(void* function, void* call_site) __attribute__((no_instrument_function));
void __cyg_profile_func_exit(void* function, void* call_site) __attribute__((no_instrument_function));
}
