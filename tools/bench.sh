#!/usr/bin/env bash
# Speed and memory, side by side in one run (a benchmark, never a test: its
# figures are read, not asserted). Each chaossim row is a whole `chaossim run`
# with every output (results.json, timeseries.csv, summary.md, report.html),
# one core (--jobs 1), the best of three; peak RSS is the largest process of
# the run's tree. Rows:
#   - M/M/4 (mmc-queue) at 2M requests with the default 1 s bucket, beside
#     the same model in SimPy (the peer) and in a hand-written event loop
#     (the practical limit), as ratios;
#   - M/M/4 over 62,500 s (17 h) and 604,800 s (a week) of 1 s buckets: memory
#     flat in simulated time, report.html bounded;
#   - chains of 10 and 1,000 services with the same number of service calls,
#     and a fan-out to 1,000: time per call, and what the outputs cost;
#   - 100,000 requests in flight against a few, same requests;
#   - payment-partition without patterns and faults, with its pipelines, and
#     with pipelines and faults (client requests per second);
#   - 8 replications at --jobs 1, 2 and 4 (scaling with cores);
#   - a sweep of 1,000 tiny points at --jobs 1 and one per core: what a point
#     costs beyond its simulation;
# then the decision cost of each pattern (Google Benchmark).
# Usage: tools/bench.sh [--quick]   (--quick: skip the week and the jobs rows)
set -euo pipefail
cd "$(dirname "$0")/.."
quick=${1:-}

tools/install-deps.sh python3-simpy libbenchmark-dev
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j "$(nproc)" --target chaossim bench_handwritten_mmc bench_patterns bench_chart_drawing >/dev/null

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 bench/scale_scenarios.py "$work"

field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p" <<<"$2" | tail -1; }
calc() { python3 -c "print(f'{$1:$2}')"; }

# best NAME ARGS...: the best of three runs of chaossim; sets $wall, $rss,
# $sim (the simulation's part of the wall time, as chaossim prints it) and $out_dir.
best() {
  local name=$1 attempts=${ATTEMPTS:-3}
  shift
  wall="" rss="" sim=""
  out_dir="$work/out-$name"
  for _ in $(seq "$attempts"); do
    rm -rf "$out_dir"
    local m
    m=$(python3 bench/measure.py build/chaossim run "$@" --quiet --out "$out_dir")
    local w r s
    w=$(field wall_s "$m")
    r=$(field peak_rss_mib "$m")
    s=$(sed -n 's/^simulated .* in \([0-9.]*\)s of wall time.*/\1/p' <<<"$m")
    if [ -z "$wall" ] || python3 -c "import sys; sys.exit(0 if $w < $wall else 1)"; then wall=$w; fi
    if [ -z "$sim" ] || python3 -c "import sys; sys.exit(0 if $s < $sim else 1)"; then sim=$s; fi
    if [ -z "$rss" ] || python3 -c "import sys; sys.exit(0 if $r > $rss else 1)"; then rss=$r; fi
  done
}
sent() { python3 -c "import json; r=json.load(open('$out_dir/results.json')); print(sum(c['sent'] for c in r['clients'].values()))"; }
size_mb() { python3 -c "import os; print(f'{os.path.getsize(\"$out_dir/$1\") / 1e6:.1f}')"; }

rows=()
row() { rows+=("$(printf '%-54s %9s %9s %10s  %s' "$1" "$2" "$3" "$4" "$5")"); }

# M/M/4 at 2M requests, the default bucket, against its peers.
best mmc-2m "$work/mmc-6250.json" --jobs 1
mmc_wall=$wall
row "M/M/4, 2M requests, 6,250 s of 1 s buckets" "$wall" "$rss" "$(calc "$(sent)/$wall" ',.0f')" \
    "results.json $(size_mb results.json) MB, timeseries.csv $(size_mb timeseries.csv) MB, report.html $(size_mb report.html) MB"
hand=$(python3 bench/measure.py build/bench_handwritten_mmc 2000000)
row "  hand-written event loop (M/M/4, no outputs)" "$(field wall_s "$hand")" "$(field peak_rss_mib "$hand")" \
    "$(calc "2e6/$(field wall_s "$hand")" ',.0f')" "chaossim takes $(calc "$mmc_wall/$(field wall_s "$hand")" '.1f')x its time"
peer=${CHAOSSIM_SHARED:-../shared}/bench-peers/simpy_mmc.py
if [ -f "$peer" ]; then
  simpy=$(python3 bench/measure.py /usr/bin/python3 "$peer" 2000000)
  row "  SimPy peer (M/M/4, python3-simpy, no outputs)" "$(field wall_s "$simpy")" "$(field peak_rss_mib "$simpy")" \
      "$(calc "2e6/$(field wall_s "$simpy")" ',.0f')" "chaossim is $(calc "$(field wall_s "$simpy")/$mmc_wall" '.1f')x faster"
else
  rows+=("  SimPy peer: $peer not found (set CHAOSSIM_SHARED)")
fi

# Drawing the report's charts: gnuplot (what the report uses) against a floor
# for an in-process SVG writer, on the same charts of the 2M-request run.
draw=$(build/bench_chart_drawing "$out_dir/results.json" 3)
row "  drawing its report's $(field charts "$draw") charts ($(field points "$draw") points): gnuplot" "$(field gnuplot_s "$draw")" "" "" \
    "in-process SVG floor (bench/chart_drawing.cpp): $(field in_process_s "$draw") s; gnuplot kept (see README)"

# Long runs: memory flat in simulated time.
ATTEMPTS=1 best mmc-17h "$work/mmc-62500.json" --jobs 1
row "M/M/4, 20M requests, 62,500 s (17 h) of 1 s buckets" "$wall" "$rss" "$(calc "$(sent)/$wall" ',.0f')" \
    "timeseries.csv $(size_mb timeseries.csv) MB, report.html $(size_mb report.html) MB (target: RSS < 64 MB, report < 3 MB)"
if [ "$quick" != "--quick" ]; then
  ATTEMPTS=1 best mmc-week "$work/mmc-week.json" --jobs 1
  row "M/M/4 at 20/s, 604,800 s (a week) of 1 s buckets" "$wall" "$rss" "$(calc "$(sent)/$wall" ',.0f')" \
      "timeseries.csv $(size_mb timeseries.csv) MB, report.html $(size_mb report.html) MB (target: RSS < 128 MB, report < 3 MB)"
fi

# Topology: the same service calls through 10 and through 1,000 services.
best chain-10 "$work/chain-10.json" --jobs 1
chain10=$wall chain10_sim=$sim
row "chain of 10 services, 1M service calls (100 s)" "$wall" "$rss" "$(calc "$(sent)/$wall" ',.0f')" \
    "$(calc "$wall/1e6*1e9" ',.0f') ns per call; simulation $sim s"
best chain-1000 "$work/chain-1000.json" --jobs 1
row "chain of 1,000 services, 1M service calls (100 s)" "$wall" "$rss" "$(calc "$(sent)/$wall" ',.0f')" \
    "$(calc "$wall/1e6*1e9" ',.0f') ns per call, $(calc "$wall/$chain10" '.1f')x the chain of 10's (target: within 2x); simulation $sim s ($(calc "$sim/$chain10_sim" '.1f')x), outputs $(calc "$wall-$sim" '.2f') s, timeseries.csv $(size_mb timeseries.csv) MB, results.json $(size_mb results.json) MB"
best chain-1000-j2 "$work/chain-1000.json" --jobs 2
row "  the same, --jobs 2 (timeseries.csv beside the rest)" "$wall" "$rss" "$(calc "$(sent)/$wall" ',.0f')" \
    "$(calc "$wall/$chain10" '.1f')x the chain of 10's; simulation $sim s, outputs $(calc "$wall-$sim" '.2f') s"
best fanout-1000 "$work/fanout-1000.json" --jobs 1
row "fan-out to 1,000 services, 1M service calls (100 s)" "$wall" "$rss" "$(calc "$(sent)/$wall" ',.0f')" \
    "$(calc "$wall/1e6*1e9" ',.0f') ns per call; simulation $sim s, outputs $(calc "$wall-$sim" '.2f') s"

# Requests in flight: 2M requests, a few at a time or 100,000.
best few "$work/inflight-few.json" --jobs 1
few=$wall
row "2M requests, about 10 in flight" "$wall" "$rss" "$(calc "$(sent)/$wall" ',.0f')" ""
best many "$work/inflight-many.json" --jobs 1
row "2M requests, about 100,000 in flight" "$wall" "$rss" "$(calc "$(sent)/$wall" ',.0f')" \
    "$(calc "$wall/$few" '.1f')x the time of a few in flight"

# payment-partition: what the patterns and the faults cost.
for scenario in payment payment-pipelines payment-faults; do
  best "$scenario" "$work/$scenario.json" --jobs 1
  case $scenario in
    payment) label="payment-partition (no patterns, no faults)" ;;
    payment-pipelines) label="payment-partition (pipelines, no faults)" ;;
    *) label="payment-partition (pipelines and faults)" ;;
  esac
  note=""
  [ "$scenario" = payment-faults ] && note="target: 300,000 client requests/s"
  row "$label" "$wall" "$rss" "$(calc "$(sent)/$wall" ',.0f')" "$note"
done

# Replications in parallel.
if [ "$quick" != "--quick" ]; then
  for jobs in 1 2 4; do
    ATTEMPTS=1 best "jobs-$jobs" "$work/mmc-8x.json" --jobs "$jobs"
    [ "$jobs" = 1 ] && one=$wall
    row "M/M/4, 8 replications of 250k requests, --jobs $jobs" "$wall" "$rss" "$(calc "$(sent)/$wall" ',.0f')" \
        "speed-up $(calc "$one/$wall" '.2f') on $(nproc) cores"
  done
fi

# A sweep of 1,000 tiny points (1 s of simulated time, a few requests each):
# what a point costs beyond its simulation, as chaossim sweep reports it.
cat > "$work/tiny.json" <<'JSON'
{"schema": "chaossim/scenario/v1", "name": "tiny", "seed": 1, "duration": "1s",
 "services": [{"name": "api", "workers": 2, "service_time": {"dist": "exponential", "mean": "5ms"}}],
 "clients": [{"name": "users", "target": "api", "arrival": {"process": "poisson", "rate": "10/s"}}]}
JSON
cat > "$work/tiny-grid.json" <<'JSON'
{"schema": "chaossim/sweep/v1", "name": "tiny-grid", "scenario": "tiny.json", "replications": 1,
 "parameters": [{"path": "$.services[0].workers", "range": {"from": 1, "to": 10, "step": 1}},
                {"path": "$.clients[0].arrival.rate", "range": {"from": 1, "to": 100, "step": 1, "unit": "/s"}}]}
JSON
for jobs in 1 "$(nproc)"; do
  rm -rf "$work/tiny-sweep"
  m=$(python3 bench/measure.py build/chaossim sweep "$work/tiny-grid.json" --out "$work/tiny-sweep" --jobs "$jobs")
  split=$(sed -n 's/^1000 points run, 0 done before in [0-9.]* s on [0-9]* jobs\{0,1\} (\(.*\))$/\1/p' <<<"$m")
  row "sweep of 1,000 tiny points, --jobs $jobs" "$(field wall_s "$m")" "$(field peak_rss_mib "$m")" "" "$split"
done

printf '%-54s %9s %9s %10s  %s\n' "run" "wall s" "peak MiB" "req/s" "notes"
printf '%s\n' "${rows[@]}"

echo
echo "Decision cost of each pattern (Google Benchmark):"
build/bench_patterns --benchmark_min_time=0.2 2>/dev/null | sed -n '/^---/,$p'
