#!/usr/bin/env python3
"""The two sweep examples shipped in scenarios/examples/sweeps/ run, and show
what the README says they show.

retry-storm-map: the retry storm goes metastable where the load times the
4 attempts exceeds the 1,000/s the service can do (10 workers, 10 ms): every
cell at 300/s and above stays down after a slowdown of 1 s or more, every
cell at 200/s and below recovers from any slowdown.

breaker-x-budget: payment-partition's fallback keeps availability above
99.9% everywhere; what the settings change is the successes' latency. A
breaker that trips late (failure rate 0.8) lets slow payments through, and
a retry budget then adds to them: p95 grows with the budget and breaks the
200 ms SLO. Breakers tripping at 0.65 or earlier meet it whatever the budget,
and the Pareto front of availability against p95 is the early breakers'.
The verdicts are the confidence intervals': met and not met only where the
10 replications' interval is wholly on one side of the objective.

usage: sweep_examples_test.py CHAOSSIM SOURCE_DIR WORK_DIR
"""
import json
import os
import shutil
import subprocess
import sys

chaossim, source, work = sys.argv[1], sys.argv[2], sys.argv[3]
examples = os.path.join(source, "scenarios", "examples", "sweeps")
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAILED: " + message, file=sys.stderr)


def run(name):
    out = os.path.join(work, name)
    r = subprocess.run([chaossim, "sweep", os.path.join(examples, name + ".json"), "--out", out, "--quiet"], capture_output=True, text=True)
    check(r.returncode == 0, "%s runs: %s" % (name, r.stderr))
    return json.load(open(os.path.join(out, "sweep.json")))


shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)

storm = run("retry-storm-map")
for p in storm["points"]:
    rate = float(p["parameters"]["$.clients[0].arrival.rate"][:-2])
    slowdown = float(p["parameters"]["$.faults[0].for"][:-1])
    recover = p["metrics"]["faults.0.recover_s"]["value"]
    availability = p["metrics"]["clients.users.availability"]["value"]
    where = "%g/s, %gs slowdown" % (rate, slowdown)
    if rate * 4 < 1000:
        check(recover is not None, where + ": recovers (load x 4 attempts is under the 1000/s capacity)")
    elif slowdown >= 1:
        check(recover is None and availability < 0.5, where + ": stays down after the slowdown ends (availability %.3f)" % availability)

budget = run("breaker-x-budget")
rows = {}
for p in budget["points"]:
    key = (p["parameters"]["$.pipelines.payments-policy.circuit_breaker.failure_rate"],
           p["parameters"]["$.pipelines.payments-policy.retry.budget.ratio"])
    rows[key] = p
    check(p["metrics"]["clients.shoppers.availability"]["value"] >= 0.999, "%s: availability above 99.9%% (the backup)" % (key,))
    if key[0] <= 0.65:
        check(p["slo_verdict"] == "met", "%s: an early breaker meets the SLO (%s)" % (key, p["slo_verdict"]))
late = [rows[(0.8, b)]["metrics"]["clients.shoppers.success_latency_ms.p95"] for b in (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)]
# Grows: the largest budget's interval lies wholly above no budget's, and no
# step down is more than noise (each interval reaches the one before).
check(late[-1]["ci95"][0] > late[0]["ci95"][1] and all(b["ci95"][1] >= a["ci95"][0] for a, b in zip(late, late[1:])),
      "a late breaker's p95 grows with the retry budget: %s" % [(p["value"], p["ci95"]) for p in late])
late = [p["value"] for p in late]
check(late[-1] > 200 and all(rows[(0.8, b)]["slo_verdict"] == "not_met" for b in (0.1, 0.2, 0.3, 0.4, 0.5)),
      "a late breaker with a retry budget breaks the 200 ms p95 SLO: %s" % [rows[(0.8, b)]["slo_verdict"] for b in (0.1, 0.2, 0.3, 0.4, 0.5)])
front = budget["pareto"]["front"]
on_front = [k for k, p in rows.items() if p["point"] in front]
check(front and all(k[0] <= 0.5 for k in on_front) and all((0.2, b) in on_front for b in (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)),
      "the Pareto front is the early breakers' (0.2 to 0.5), every budget of 0.2 on it: %s" % on_front)

if failures:
    sys.exit(1)
print("sweep examples: both show what the README says")
