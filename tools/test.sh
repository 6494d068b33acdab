#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test with CTest: first the
# optimised build (build/, warnings as errors), then the same suite under
# AddressSanitizer and UndefinedBehaviorSanitizer (build-asan/, clang).
# Then the libFuzzer harnesses of that build replay their regressions and fuzz
# for CHAOSSIM_FUZZ_SECONDS (default 15) each: tools/fuzz.sh runs them longer.
# Exits non-zero on any failure. CHAOSSIM_SKIP_SANITIZERS=1 skips the second
# pass, CHAOSSIM_SKIP_FUZZ=1 the fuzzing.
set -euo pipefail
cd "$(dirname "$0")/.."

# python3-jsonschema: the test that validates the examples against the JSON Schema.
# chromium: a test renders report.html in a real browser, headless.
# slurmctld, slurmd, slurm-client, munge: a test runs a sweep's job array on a single-node Slurm it starts;
# parallel: another runs its job list with GNU parallel.
tools/install-deps.sh python3-jsonschema chromium slurmctld slurmd slurm-client munge parallel

jobs=$(nproc)
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DCHAOSSIM_WERROR=ON -DCHAOSSIM_TESTS=ON >/dev/null
cmake --build build -j "$jobs"
ctest --test-dir build --output-on-failure -j "$jobs"

fuzz_build=build-fuzz
if [ "${CHAOSSIM_SKIP_SANITIZERS:-0}" != 1 ]; then
  # Built with clang and instrumented for libFuzzer as well, so that this one
  # build of the whole stack both runs the suite and fuzzes: a third build
  # (build-fuzz/) was a fifth of CI's time. -O1, as AddressSanitizer's
  # documentation advises: several times faster than -O0, line numbers kept.
  tools/install-deps.sh clang libclang-rt-14-dev
  # A tree configured by GCC before cannot switch compilers in place.
  if grep -qs '^CMAKE_CXX_COMPILER:.*g++' build-asan/CMakeCache.txt; then rm -rf build-asan; fi
  CC=clang CXX=clang++ cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_FLAGS_DEBUG=-g -O1" \
        -DCHAOSSIM_SANITIZE=ON -DCHAOSSIM_FUZZ=ON -DCHAOSSIM_WERROR=ON -DCHAOSSIM_TESTS=ON >/dev/null
  cmake --build build-asan -j "$jobs"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build-asan --output-on-failure -j "$jobs"
  fuzz_build=build-asan
fi

if [ "${CHAOSSIM_SKIP_FUZZ:-0}" != 1 ]; then
  CHAOSSIM_FUZZ_BUILD=$fuzz_build tools/fuzz.sh "${CHAOSSIM_FUZZ_SECONDS:-15}"
fi
