#!/usr/bin/env bash
# The quick start: installs what is missing, builds Release, plays the richest
# example this version runs, prints its summary and where the results are.
set -euo pipefail
cd "$(dirname "$0")/.."

tools/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DCHAOSSIM_TESTS=OFF >/dev/null
cmake --build build -j "$(nproc)" --target chaossim

scenario=scenarios/examples/checkout-cascade.json
echo
echo "== chaossim run $scenario"
echo
set +e
build/chaossim run "$scenario" --out out/checkout-cascade
status=$?
set -e
# Exit code 1 means the run worked and an SLO was not met: here, by design,
# in the slow-payments variant.
if [ "$status" -gt 1 ]; then
  exit "$status"
fi
echo
echo "The slow-payments variant breaks its SLO on purpose: a slower payment"
echo "provider holds the gateway's workers, and checkouts fail in cascade."
echo "Outputs: out/checkout-cascade/results.json"
