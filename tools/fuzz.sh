#!/usr/bin/env bash
# Fuzzes chaossim's readers of untrusted documents with libFuzzer (clang,
# AddressSanitizer and UndefinedBehaviorSanitizer): the scenario loader, the
# results.json reader of `report` and `compare`, and the grading suite loader.
#
#   tools/fuzz.sh [SECONDS_EACH] [HARNESS...]   default: 60 s each, all three
#   tools/fuzz.sh --regressions                 only replay fuzz/regressions/
#
# Each harness starts from a seed corpus made of the project's own documents
# (the example and grading scenarios, the suite, results.json of two example
# runs) and keeps what it grows in build-fuzz/corpus/<harness>/. Every input
# that crashed once is kept in fuzz/regressions/<harness>/ and replayed first:
# a crash found here is copied there, to be fixed and then committed.
# Exits non-zero when a harness finds a crash.
set -euo pipefail
cd "$(dirname "$0")/.."

tools/install-deps.sh clang libclang-rt-14-dev

seconds=60
regressions_only=0
harnesses=()
for arg in "$@"; do
  case "$arg" in
    --regressions) regressions_only=1 ;;
    [0-9]*) seconds="$arg" ;;
    *) harnesses+=("$arg") ;;
  esac
done
[ ${#harnesses[@]} -eq 0 ] && harnesses=(scenario_loader results_reader suite_loader sweep_loader)

jobs=$(nproc)
# CHAOSSIM_FUZZ_BUILD: a tree already configured with CHAOSSIM_FUZZ=ON to take
# the harnesses from (a clang sanitizer build, say); by default, build-fuzz/.
build=${CHAOSSIM_FUZZ_BUILD:-build-fuzz}
if [ "$build" = build-fuzz ]; then
  CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCHAOSSIM_FUZZ=ON \
    -DCHAOSSIM_TESTS=OFF >/dev/null
elif ! grep -qs '^CHAOSSIM_FUZZ:BOOL=ON' "$build/CMakeCache.txt"; then
  echo "fuzz: $build is not configured with CHAOSSIM_FUZZ=ON" >&2
  exit 2
fi
cmake --build "$build" -j "$jobs" --target "${harnesses[@]/#/fuzz_}" >/dev/null

# Seeds: documents the project already has, copied into each corpus once.
seed_corpus() {
  local harness=$1 corpus=$build/corpus/$1
  mkdir -p "$corpus"
  case "$harness" in
    scenario_loader)
      cp -n scenarios/examples/*.json scenarios/grading/*.json "$corpus"/ 2>/dev/null || true ;;
    suite_loader)
      cp -n scenarios/grading/suite.json "$corpus"/ 2>/dev/null || true ;;
    sweep_loader)
      # The shipped sweeps, pointed at the harness's base scenario.
      for sweep in scenarios/examples/sweeps/*.json tests/tools/sweep/grid.json tests/tools/sweep/edge.json; do
        sed 's|"scenario": "[^"]*"|"scenario": "base.json"|' "$sweep" >"$corpus/$(basename "$sweep")"
      done
      cat >"$corpus/valid.json" <<'JSON'
{"schema": "chaossim/sweep/v1", "name": "f", "scenario": "base.json", "variant": "slow", "replications": 2, "seed": 3,
 "parameters": [{"path": "$.services[0].workers", "range": {"from": 1, "to": 4, "step": 1}},
                {"path": "$.pipelines.p.retry.budget.ratio", "values": [0.0, 0.5]},
                {"path": "$.clients[0].arrival.rate", "log_range": {"from": 10, "to": 1000, "points": 3, "unit": "/s"}}],
 "design": {"kind": "latin_hypercube", "points": 7, "seed": 2},
 "metrics": ["clients.users.availability", "faults.0.recover_s"], "pareto": ["clients.users.availability", "faults.0.recover_s"]}
JSON
      ;;
    results_reader)
      if [ ! -e "$corpus/mmc-queue.json" ]; then
        cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null && cmake --build build -j "$jobs" --target chaossim >/dev/null
        local scratch
        scratch=$(mktemp -d)
        for example in mmc-queue retry-storm; do
          build/chaossim run "scenarios/examples/$example.json" --replications 2 --quiet --out "$scratch/$example" >/dev/null || true
          cp "$scratch/$example/results.json" "$corpus/$example.json"
        done
        rm -rf "$scratch"
      fi ;;
  esac
}

status=0
for harness in "${harnesses[@]}"; do
  binary=$build/fuzz/fuzz_$harness
  regressions=fuzz/regressions/$harness
  mkdir -p "$regressions"
  # The inputs that crashed before must not crash now.
  if compgen -G "$regressions/*" >/dev/null; then
    if ! "$binary" "$regressions"/* >/dev/null 2>&1; then
      echo "fuzz: $harness: a regression input crashes again (run $binary $regressions/*)" >&2
      status=1
    fi
  fi
  [ "$regressions_only" = 1 ] && continue
  seed_corpus "$harness"
  artifacts=$build/artifacts/$harness
  mkdir -p "$artifacts"
  log=$build/$harness.log
  echo "fuzz: $harness for ${seconds}s"
  if ! "$binary" "$build/corpus/$harness" -dict=fuzz/json.dict -max_total_time="$seconds" -max_len=65536 \
       -rss_limit_mb=4096 -timeout=20 -print_final_stats=1 -artifact_prefix="$artifacts/" >"$log" 2>&1; then
    status=1
    for found in "$artifacts"/*; do
      [ -e "$found" ] && cp "$found" "$regressions/" && echo "fuzz: $harness: crash kept as $regressions/$(basename "$found")" >&2
    done
    tail -40 "$log" >&2
  fi
  grep -E "^stat::number_of_executed_units|^#[0-9]+.*DONE" "$log" | tail -2 | sed "s/^/fuzz: $harness: /"
done
exit $status
