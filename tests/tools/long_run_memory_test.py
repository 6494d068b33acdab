#!/usr/bin/env python3
"""A long run's memory stays bounded: 30,000 one-second buckets under an
address-space cap (RLIMIT_AS) of 192 MiB, which a run that kept its buckets
in memory (about 14 KB a bucket for its three subjects, before the spool)
would pass four times over. Its outputs are whole all the same:
timeseries.csv has every bucket, results.json the series thinned to at
most 2,000 points that still show a one-bucket spike, and `report DIR`
remakes report.html to the byte from results.json alone.

And a wide one: a chain of 10,000 services, whose setup once kept a matrix
of every pair of services (800 MB), plays under a 512 MiB cap.

usage: long_run_memory_test.py CHAOSSIM WORK_DIR
Not in the sanitized build: AddressSanitizer reserves terabytes of address space.
"""
import json
import os
import resource
import shutil
import subprocess
import sys

CAP = 192 << 20
BUCKETS = 30000

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def capped():
    resource.setrlimit(resource.RLIMIT_AS, (CAP, CAP))


def main():
    chaossim, work = sys.argv[1:3]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    scenario = os.path.join(work, "long.json")
    # One error burst of a single bucket, 20,000 s in: the thinned series must keep it.
    json.dump({"schema": "chaossim/scenario/v1", "name": "long", "seed": 3, "duration": f"{BUCKETS}s", "replications": 1,
               "network": {"model": "constant", "latency": "0ms"},
               "services": [{"name": "api", "workers": 4, "service_time": {"dist": "exponential", "mean": "10ms"}}],
               "clients": [{"name": "c", "target": "api", "arrival": {"process": "poisson", "rate": "20/s"}}],
               "faults": [{"kind": "errors", "at": "20000s", "for": "1s", "target": "api", "rate": 1.0}]},
              open(scenario, "w"))
    out = os.path.join(work, "out")
    run = subprocess.run([chaossim, "run", scenario, "--out", out, "--quiet"], preexec_fn=capped, capture_output=True, text=True)
    check(run.returncode in (0, 1), "the long run under a %d MiB address-space cap exited %d: %s" % (CAP >> 20, run.returncode, run.stderr))
    if failures:
        return report()

    results = json.load(open(os.path.join(out, "results.json")))
    series = results["timeseries"]
    check(series.get("every_buckets") == 30, "expected groups of 30 buckets, found %s" % series.get("every_buckets"))
    check(len(series["bucket_start_s"]) == 2000, "expected 2,000 points, found %d" % len(series["bucket_start_s"]))
    availability = series["clients"]["c"]["availability"]
    check(len(availability) == 2000, "a series of %d points, not 2,000" % len(availability))
    check(min(a for a in availability if a is not None) < 0.1, "the one-bucket error burst was thinned away")
    check(sum(1 for a in availability if a is not None and a < 0.5) <= 2, "the burst spread over more than its group's two points")

    rows = 0
    buckets = set()
    with open(os.path.join(out, "timeseries.csv")) as csv:
        next(csv)
        for line in csv:
            fields = line.split(",")
            if fields[3] == "fault":
                continue
            rows += 1
            buckets.add(fields[2])
    check(len(buckets) == BUCKETS, "timeseries.csv has %d buckets, not %d" % (len(buckets), BUCKETS))

    html = open(os.path.join(out, "report.html"), "rb").read()
    check(len(html) < 3 << 20, "report.html is %d bytes, more than 3 MB" % len(html))
    os.remove(os.path.join(out, "report.html"))
    os.remove(os.path.join(out, "timeseries.csv"))
    again = subprocess.run([chaossim, "report", out, "--format", "html"], preexec_fn=capped, capture_output=True, text=True)
    check(again.returncode == 0, "report DIR exited %d: %s" % (again.returncode, again.stderr))
    check(open(os.path.join(out, "report.html"), "rb").read() == html, "report DIR did not remake report.html to the byte")
    wide_topology(chaossim, work)
    shutil.rmtree(work, ignore_errors=True)
    return report()


def wide_topology(chaossim, work):
    n = 10000
    services = [{"name": f"s{i}", "workers": 8, "service_time": {"dist": "constant", "value": "1ms"},
                 **({"calls": [{"service": f"s{i + 1}"}]} if i + 1 < n else {})} for i in range(n)]
    scenario = os.path.join(work, "wide.json")
    json.dump({"schema": "chaossim/scenario/v1", "name": "wide", "duration": "1s", "replications": 1,
               "network": {"model": "constant", "latency": "0.1ms"}, "services": services,
               "clients": [{"name": "c", "target": "s0", "arrival": {"process": "poisson", "rate": "5/s"}}]},
              open(scenario, "w"))

    def wide_cap():
        resource.setrlimit(resource.RLIMIT_AS, (512 << 20, 512 << 20))

    run = subprocess.run([chaossim, "run", scenario, "--out", os.path.join(work, "wide"), "--quiet"], preexec_fn=wide_cap,
                         capture_output=True, text=True)
    check(run.returncode in (0, 1), "a chain of 10,000 services under a 512 MiB cap exited %d: %s" % (run.returncode, run.stderr))


def report():
    for f in failures:
        print("FAIL:", f)
    print("%d problems" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
