#!/usr/bin/env python3
"""A Chaos Toolkit experiment written by hand imports, runs, and its journal
reports the hypothesis as Chaos Toolkit would.

The experiment (scenarios/chaostoolkit/payments-under-turbulence.json) is in
Chaos Toolkit's own format: Toxiproxy and Kubernetes actions, an http probe.
Played on payment-partition, the base variant keeps the storefront answering
(the journal: completed, not deviated); without its fallback the latency on
payments breaks the hypothesis (failed, deviated, steady before, not after).
The journal is the same bytes run after run; an experiment naming a service
the base lacks is refused with exit 2 and nothing written.

usage: chaostoolkit_test.py CHAOSSIM SOURCE_DIR WORK_DIR
"""
import json
import os
import shutil
import subprocess
import sys


def main():
    chaossim, source, work = sys.argv[1:4]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    experiment = os.path.join(source, "scenarios/chaostoolkit/payments-under-turbulence.json")
    base = os.path.join(source, "scenarios/examples/payment-partition.json")
    scenario = os.path.join(work, "experiment.chaossim.json")

    imported = subprocess.run([chaossim, "import-chaostoolkit", experiment, "--base", base, "--out", scenario],
                              capture_output=True, text=True)
    assert imported.returncode == 0, imported.stderr
    assert '"drain-a-node": chaosk8s.node.actions.drain_nodes: no chaossim fault' in imported.stdout, imported.stdout
    assert '"slow-down-payments": latency of payments' in imported.stdout, imported.stdout
    faults = json.load(open(scenario))["faults"]
    assert [f["kind"] for f in faults] == ["latency", "crash"], faults

    def journal(variant, name):
        path = os.path.join(work, name)
        run = subprocess.run([chaossim, "run", scenario, "--variant", variant, "--out", os.path.join(work, "out-" + name),
                              "--journal", path, "-q", "-j", "2"], capture_output=True, text=True)
        assert run.returncode in (0, 1), run.stderr
        with open(path) as f:
            return f.read()

    steady = json.loads(journal("base", "base.json"))
    assert steady["status"] == "completed" and steady["deviated"] is False, steady["steady_states"]
    assert steady["steady_states"]["after"]["steady_state_met"] is True
    assert [a["activity"]["provider"]["func"] for a in steady["run"]] == ["latency", "crash"]

    broken = json.loads(journal("no-fallback", "broken.json"))
    assert broken["status"] == "failed" and broken["deviated"] is True, broken["steady_states"]
    assert broken["steady_states"]["before"]["steady_state_met"] is True
    after = {p["activity"]["name"]: p for p in broken["steady_states"]["after"]["probes"]}
    assert after["availability"]["tolerance_met"] is False and after["availability"]["output"] < 0.999, after
    assert broken["experiment"]["steady-state-hypothesis"]["probes"][0]["tolerance"] == {"type": "range", "range": [0.999, 1.0]}

    assert journal("base", "again.json") == journal("base", "base.json"), "the journal differs between two runs of one seed"

    # A proxy the base does not have: refused, nothing written.
    wrong = json.load(open(experiment))
    wrong["method"][0]["provider"]["arguments"]["for_proxy"] = "billing"
    wrong_path = os.path.join(work, "wrong.json")
    json.dump(wrong, open(wrong_path, "w"), indent=2)
    out = os.path.join(work, "wrong.chaossim.json")
    refused = subprocess.run([chaossim, "import-chaostoolkit", wrong_path, "--base", base, "--out", out], capture_output=True, text=True)
    assert refused.returncode == 2, refused
    assert 'unknown service "billing"' in refused.stderr, refused.stderr
    assert not os.path.exists(out)
    print("ok")


if __name__ == "__main__":
    main()
