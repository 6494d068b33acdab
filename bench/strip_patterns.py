"""Writes a scenario without its pipelines, faults, SLO and variants: the
topology and load alone, for benchmarking the core. Usage: IN OUT [duration]"""
import json
import sys

s = json.load(open(sys.argv[1]))
for key in ("pipelines", "faults", "variants", "slo"):
    s.pop(key, None)
for item in s["services"]:
    for call in item.get("calls", []):
        call.pop("pipeline", None)
for client in s["clients"]:
    client.pop("pipeline", None)
s["replications"] = 1
s["warmup"] = "0s"
if len(sys.argv) > 3:
    s["duration"] = sys.argv[3]
json.dump(s, open(sys.argv[2], "w"), indent=1)
