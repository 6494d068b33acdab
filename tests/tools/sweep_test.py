#!/usr/bin/env python3
"""chaossim sweep end to end, with real processes: a local sweep, points that
replay alone, resuming after SIGINT and SIGKILL, GNU parallel running the
emitted job list, bad sweep files, and a bisect checked against M/M/1/K
blocking theory.

usage: sweep_test.py CHAOSSIM SOURCE_DIR WORK_DIR
"""
import json
import math
import os
import shutil
import signal
import subprocess
import sys
import time

chaossim, source, work = sys.argv[1], sys.argv[2], sys.argv[3]
here = os.path.join(source, "tests", "tools", "sweep")
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAILED: " + message, file=sys.stderr)


def sweep(*args, **kw):
    return subprocess.run([chaossim, "sweep"] + list(args), capture_output=True, text=True, **kw)


def read(path, mode="r"):
    with open(path, mode) as f:
        return f.read()


def same_outputs(a, b, what):
    for name in ("sweep.csv", "sweep.json", "sweep.html"):
        check(read(os.path.join(a, name), "rb") == read(os.path.join(b, name), "rb"), "%s: %s differs from the local run's" % (what, name))


shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
for name in ("mm1k.json", "grid.json", "edge.json"):
    shutil.copy(os.path.join(here, name), work)
grid = os.path.join(work, "grid.json")

# 1. A local sweep: every output, one row per point, points that replay alone.
local = os.path.join(work, "local")
r = sweep(grid, "--out", local, "--jobs", "2")
check(r.returncode == 0, "the local sweep exits 0: %s" % r.stderr)
rows = read(os.path.join(local, "sweep.csv")).splitlines()
check(len(rows) == 10, "sweep.csv has a header and 9 rows, not %d lines" % len(rows))
check(rows[0].startswith("point,$.services[0].queue,$.clients[0].arrival.rate,clients.load.availability,"
                         "clients.load.availability_ci_low,clients.load.availability_ci_high"), "sweep.csv's header: " + rows[0])
check(rows[1].startswith("p0000,1,50/s,"), "the first point is queue 1 at 50/s: " + rows[1])
check(rows[9].startswith("p0008,7,90/s,"), "the last point is queue 7 at 90/s: " + rows[9])
results = json.load(open(os.path.join(local, "sweep.json")))
check(results["schema"] == "chaossim/sweep-results/v1" and len(results["points"]) == 9, "sweep.json has the 9 points")
check(results["sweep"]["name"] == "grid", "sweep.json echoes the sweep file")
html = read(os.path.join(local, "sweep.html"))
check(html.count("<svg") >= 3 and "SLO frontier" in html, "sweep.html has a heatmap per metric with the SLO's frontier")
# Availability falls with the load and rises with the queue, as M/M/1/K says.
avail = {(p["parameters"]["$.services[0].queue"], p["parameters"]["$.clients[0].arrival.rate"]): p["metrics"]["clients.load.availability"]["value"]
         for p in results["points"]}
rho, k = 0.5, 2  # queue 1 at 50/s
theory = 1 - (1 - rho) * rho ** k / (1 - rho ** (k + 1))
ci = results["points"][0]["metrics"]["clients.load.availability"]["ci95"]
check(ci[0] - 0.02 <= theory <= ci[1] + 0.02, "queue 1 at 50/s: availability interval %s near M/M/1/2's %.4f" % (ci, theory))
check(avail[(1, "50/s")] > avail[(1, "90/s")] and avail[(7, "90/s")] > avail[(1, "90/s")], "availability moves as theory says")
replay = os.path.join(work, "replay")
r = subprocess.run([chaossim, "run", os.path.join(local, "points", "p0004", "scenario.json"), "--out", replay, "--quiet"], capture_output=True, text=True)
check(r.returncode in (0, 1), "a point replays with chaossim run: " + r.stderr)
check(read(os.path.join(replay, "results.json"), "rb") == read(os.path.join(local, "points", "p0004", "results.json"), "rb"),
      "a point replayed alone gives the same results.json, byte for byte")
r = sweep(local, "--status")
check(r.returncode == 0 and "9 points: 9 done, 0 failed, 0 missing" in r.stdout, "--status of a done sweep: " + r.stdout + r.stderr)

# 2. Nothing done is run twice: a second run only merges.
stamp = os.stat(os.path.join(local, "points", "p0000", "results.json")).st_mtime_ns
r = sweep(grid, "--out", local, "--jobs", "2")
check(r.returncode == 0 and "0 points run, 9 done before" in r.stdout, "a re-run runs nothing: " + r.stdout)
check(os.stat(os.path.join(local, "points", "p0000", "results.json")).st_mtime_ns == stamp, "a done point is not rewritten")

# 3. Interrupted by SIGINT, then by SIGKILL, at the first point done: resumed, the same outputs.
slow = json.load(open(grid))
slow["name"] = "grid"
with open(os.path.join(work, "slow-base.json"), "w") as f:
    base = json.load(open(os.path.join(work, "mm1k.json")))
    base["duration"] = "3000s"  # long enough to be caught in the middle
    json.dump(base, f)
slow["scenario"] = "slow-base.json"
slow_file = os.path.join(work, "slow.json")
json.dump(slow, open(slow_file, "w"))
uninterrupted = os.path.join(work, "slow-whole")
r = sweep(slow_file, "--out", uninterrupted, "--jobs", "2")
check(r.returncode == 0, "the slow sweep runs whole: " + r.stderr)


def done_points(folder):
    points = os.path.join(folder, "points")
    return sum(os.path.exists(os.path.join(points, p, "results.json")) for p in os.listdir(points)) if os.path.isdir(points) else 0


for sig, code in ((signal.SIGINT, 130), (signal.SIGKILL, -9)):
    folder = os.path.join(work, "slow-" + sig.name)
    child = subprocess.Popen([chaossim, "sweep", slow_file, "--out", folder, "--jobs", "1", "--quiet"], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 600
    while done_points(folder) < 2 and child.poll() is None and time.time() < deadline:
        time.sleep(0.01)
    child.send_signal(sig)
    out, err = child.communicate()
    check(child.returncode == code, "%s: exit %s, expected %s (%s)" % (sig.name, child.returncode, code, err))
    if sig == signal.SIGINT:
        check("interrupted" in err and "run the same command again" in err, "SIGINT says how to go on: " + err)
    kept = done_points(folder)
    check(2 <= kept < 9, "%s stopped the sweep part-way (%d points done)" % (sig.name, kept))
    check(not os.path.exists(os.path.join(folder, "sweep.csv")), "%s: no sweep.csv before every point is done" % sig.name)
    r = sweep(slow_file, "--out", folder, "--jobs", "2")
    check(r.returncode == 0 and ("%d done before" % kept) in r.stdout, "%s: the resumed sweep skips the %d points done: %s%s" % (sig.name, kept, r.stdout, r.stderr))
    same_outputs(uninterrupted, folder, "resumed after " + sig.name)
    check(not os.path.exists(os.path.join(folder, "spool")), "%s: the killed worker's spool files are gone after the resume" % sig.name)

# On a terminal, a progress line with the points done and an ETA (never in a file or pipe).
import pty
import select
primary, secondary = pty.openpty()
child = subprocess.Popen([chaossim, "sweep", slow_file, "--out", os.path.join(work, "slow-tty"), "--jobs", "1"], stdout=subprocess.PIPE,
                         stderr=secondary, text=True)
os.close(secondary)
seen = b""
while True:
    ready, _, _ = select.select([primary], [], [], 600)
    if not ready:
        break
    try:
        chunk = os.read(primary, 4096)
    except OSError:
        break
    if not chunk:
        break
    seen += chunk
child.wait()
os.close(primary)
check(child.returncode == 0 and b"points " in seen and b"ETA " in seen, "a progress line with an ETA on a terminal: %r" % seen[-300:])
check("ETA" not in r.stderr, "no progress line when stderr is not a terminal")

# 4. GNU parallel runs the emitted job list into one folder; the merge equals the local run.
if shutil.which("parallel"):
    par = os.path.join(work, "parallel")
    r = sweep(grid, "--out", par, "--emit", "joblist", "--chunk", "2")
    check(r.returncode == 0, "--emit joblist: " + r.stderr)
    jobs = read(os.path.join(par, "joblist.txt")).splitlines()
    check(len(jobs) == 5 and "--only p0000-p0001" in jobs[0] and "--only p0008" in jobs[4], "5 commands of 2 points: %s" % jobs)
    r = sweep(par, "--merge")
    check(r.returncode == 2 and "9 missing (p0000-p0008)" in r.stderr, "a merge before the workers names the missing points: " + r.stderr)
    r = subprocess.run(["parallel", "--will-cite", "--halt", "now,fail=1", "-j", "2"], stdin=open(os.path.join(par, "joblist.txt")),
                       capture_output=True, text=True)
    check(r.returncode == 0, "parallel ran every command: " + r.stderr)
    r = sweep(par, "--merge")
    check(r.returncode == 0, "the merge after parallel: " + r.stderr)
    same_outputs(local, par, "GNU parallel")
else:
    check(False, "GNU parallel is not installed (tools/test.sh installs it)")

# 5. A failed point is named by --status and --merge, and run again by the next sweep.
broken = os.path.join(work, "broken")
shutil.copytree(local, broken)
os.remove(os.path.join(broken, "points", "p0002", "results.json"))
with open(os.path.join(broken, "points", "p0002", "error.txt"), "w") as f:
    f.write("replication 1 of variant \"base\" failed: the node went away\n")
r = sweep(broken, "--status")
check(r.returncode == 2 and "1 failed" in r.stdout and "p0002 failed: replication 1" in r.stdout, "--status names the failure: " + r.stdout)
r = sweep(grid, "--out", broken, "--jobs", "2")
check(r.returncode == 0 and "1 point run, 8 done before" in r.stdout, "the next sweep runs the failed point again: " + r.stdout + r.stderr)
check(not os.path.exists(os.path.join(broken, "points", "p0002", "error.txt")), "its error goes once it is done")
same_outputs(local, broken, "a failed point run again")

# 6. Bad sweep files: the scenario loader's errors, exit 2, nothing written.
bad = json.load(open(grid))
bad["parameters"][0]["path"] = "$.services[0].queu"
bad_file = os.path.join(work, "bad.json")
with open(bad_file, "w") as f:
    json.dump(bad, f, indent=2)
nowhere = os.path.join(work, "nowhere")
r = sweep(bad_file, "--out", nowhere)
check(r.returncode == 2, "a bad parameter path exits 2")
check("bad.json:" in r.stderr and "error: $.parameters[0].path:" in r.stderr and 'did you mean "queue"?' in r.stderr,
      "the error names the file, line, path and a did-you-mean: " + r.stderr)
check(not os.path.exists(nowhere), "nothing is written for a bad sweep file")
bad = json.load(open(grid))
bad["metrics"] = ["clients.lod.availability"]
with open(bad_file, "w") as f:
    json.dump(bad, f, indent=2)
r = sweep(bad_file, "--out", nowhere)
check(r.returncode == 2 and 'did you mean "load"?' in r.stderr and not os.path.exists(nowhere), "a bad metric is refused before anything runs: " + r.stderr)
bad["metrics"] = ["clients.load.availabilty"]
with open(bad_file, "w") as f:
    json.dump(bad, f, indent=2)
r = sweep(bad_file, "--out", nowhere, "--jobs", "1")
check(r.returncode == 2 and 'did you mean "availability"?' in r.stderr, "a metric results.json lacks stops the sweep at its first point: " + r.stderr)
r = subprocess.run([chaossim, "validate", grid], capture_output=True, text=True)
check(r.returncode == 0 and "grid.json: ok (sweep \"grid\"" in r.stdout and "9 points" in r.stdout, "validate reads sweep files: " + r.stdout + r.stderr)
bad = json.load(open(grid))
bad["parameters"][0]["values"] = [1, -3]
with open(bad_file, "w") as f:
    json.dump(bad, f, indent=2)
r = subprocess.run([chaossim, "validate", bad_file], capture_output=True, text=True)
check(r.returncode == 2 and "point p0003 ($.services[0].queue = -3, $.clients[0].arrival.rate = \"50/s\") is not a valid scenario" in r.stderr,
      "validate names a point whose values the scenario refuses: " + r.stderr)
never = os.path.join(work, "never")
r = sweep(bad_file, "--out", never)
check(r.returncode == 2 and "is not a valid scenario" in r.stderr and not os.path.exists(never), "so does sweep, before running: " + r.stderr)
r = sweep(grid, "--out", local, "--only", "p0042")
check(r.returncode == 2 and 'no point "p0042"' in r.stderr, "--only refuses an id the sweep lacks: " + r.stderr)
other = json.load(open(grid))
other["seed"] = 12
other_file = os.path.join(work, "other.json")
json.dump(other, open(other_file, "w"))
r = sweep(other_file, "--out", local)
check(r.returncode == 2 and "another sweep's folder" in r.stderr, "a folder of another sweep is refused: " + r.stderr)

# 7. The edge: the load at which M/M/1/4 turns away 5%, found by bisection, against theory.
edge = os.path.join(work, "edge")
r = sweep(os.path.join(work, "edge.json"), "--out", edge, "--jobs", "2")
check(r.returncode == 0, "the bisect runs: " + r.stderr)
found = json.load(open(os.path.join(edge, "sweep.json")))["edge"]
k, mu = 4, 100.0


def availability(rate):
    rho = rate / mu
    return 1 - (1 - rho) * rho ** k / (1 - rho ** (k + 1))


lo, hi = 20.0, 200.0
for _ in range(100):  # the theory's crossing, by bisection on the formula
    mid = (lo + hi) / 2
    lo, hi = (mid, hi) if availability(mid) >= 0.95 else (lo, mid)
crossing = lo
slope = abs(availability(crossing + 0.5) - availability(crossing - 0.5))  # per 1/s
points = json.load(open(os.path.join(edge, "sweep.json")))["points"]
nearest = min(points, key=lambda p: abs(float(p["parameters"]["$.clients[0].arrival.rate"][:-2]) - crossing))
half_width = (nearest["metrics"]["clients.load.availability"]["ci95"][1] - nearest["metrics"]["clients.load.availability"]["ci95"][0]) / 2
# 4 replications: the 95% half-width is 3.182 standard errors; allow 4 of them, in load, plus the precision.
tolerance = found["precision"] + 4 * (half_width / 3.182) / slope
check(found["verdict"] == "found" and found["high"] - found["low"] <= found["precision"], "the bracket is within the precision: %s" % found)
check(abs(found["estimate"] - crossing) <= tolerance,
      "the edge %.2f/s is within %.2f/s of M/M/1/4's %.2f/s" % (found["estimate"], tolerance, crossing))
print("edge: found %.2f/s [%s, %s], theory %.2f/s, tolerance %.2f/s, %d points" %
      (found["estimate"], found["confident_low"], found["confident_high"], crossing, tolerance, len(points)))
r = sweep(edge, "--merge")
check(r.returncode == 0 and "crosses 0.95" in r.stdout, "a bisect's folder merges alone: " + r.stdout + r.stderr)
r = sweep(os.path.join(work, "edge.json"), "--out", os.path.join(work, "edge-emit"), "--emit", "slurm")
check(r.returncode == 2 and "one machine" in r.stderr and not os.path.exists(os.path.join(work, "edge-emit")),
      "a bisect cannot be emitted, and nothing is written: " + r.stderr)

if failures:
    print("%d failure(s)" % len(failures), file=sys.stderr)
    sys.exit(1)
print("sweep: all checks passed")
