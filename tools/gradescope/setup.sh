#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image:
# it installs chaossim's dependencies (Debian or Ubuntu packages) and builds
# chaossim from the copy of the source in the autograder zip.
set -euo pipefail
root="${AUTOGRADER_ROOT:-/autograder}"
cd "$root/source/chaossim"
tools/install-deps.sh python3
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DCHAOSSIM_TESTS=OFF -DCHAOSSIM_WERROR=OFF >/dev/null
cmake --build build -j "$(nproc)"
