"""Writes the scenarios of tools/bench.sh into DIR. Usage: scale_scenarios.py DIR"""
import json
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
examples = os.path.join(here, "..", "scenarios", "examples")
out = sys.argv[1]


def write(name, scenario):
    json.dump(scenario, open(os.path.join(out, name + ".json"), "w"), indent=1)


def example(name):
    return json.load(open(os.path.join(examples, name + ".json")))


def mmc(duration_s, rate="320/s", replications=1):
    s = example("mmc-queue")
    s.update(replications=replications, warmup="0s", duration=f"{duration_s}s")
    s["clients"][0]["arrival"]["rate"] = rate
    return s


write("mmc-6250", mmc(6250))  # 2M requests
write("mmc-62500", mmc(62500))  # 20M requests, 17 h
write("mmc-week", mmc(604800, "20/s"))  # 12M requests, a week
write("mmc-8x", mmc(781.25, replications=8))  # 8 x 250k requests


def service(name, calls=(), mean="1ms"):
    s = {"name": name, "workers": 64, "service_time": {"dist": "exponential", "mean": mean}}
    if calls:
        s["calls"] = [{"service": c} for c in calls]
    return s


def topology(name, services, target, rate):
    return {"schema": "chaossim/scenario/v1", "name": name, "seed": 1, "duration": "100s", "replications": 1,
            "network": {"model": "constant", "latency": "0.1ms"}, "services": services,
            "clients": [{"name": "c", "target": target, "arrival": {"process": "poisson", "rate": rate}}]}


# The same million service calls through 10 and through 1,000 services.
for n, rate in ((10, "1000/s"), (1000, "10/s")):
    write(f"chain-{n}", topology(f"chain-{n}", [service(f"s{i}", [f"s{i + 1}"] if i + 1 < n else []) for i in range(n)],
                                 "s0", rate))
write("fanout-1000", topology("fanout-1000", [service("front", [f"s{i}" for i in range(1000)], "0.1ms")] +
                              [service(f"s{i}") for i in range(1000)], "front", "10/s"))


def inflight(mean):
    return {"schema": "chaossim/scenario/v1", "name": "inflight", "seed": 1, "duration": "200s", "replications": 1,
            "network": {"model": "constant", "latency": "0ms"},
            "services": [{"name": "api", "workers": 300000, "service_time": {"dist": "exponential", "mean": mean}}],
            "clients": [{"name": "c", "target": "api", "arrival": {"process": "poisson", "rate": "10000/s"}}]}


write("inflight-few", inflight("1ms"))  # 2M requests, about 10 in flight
write("inflight-many", inflight("10s"))  # the same, about 100,000 in flight

# payment-partition: topology alone, with its pipelines, and as written (faults too).
payment = example("payment-partition")
core = json.loads(json.dumps(payment))
for key in ("pipelines", "faults", "variants", "slo"):
    core.pop(key, None)
for item in core["services"]:
    for call in item.get("calls", []):
        call.pop("pipeline", None)
for client in core["clients"]:
    client.pop("pipeline", None)
core.update(replications=1, warmup="0s")
write("payment", core)
pipelines = json.loads(json.dumps(payment))
for key in ("faults", "variants", "slo"):
    pipelines.pop(key, None)
pipelines.update(replications=1, warmup="0s")
write("payment-pipelines", pipelines)
faults = json.loads(json.dumps(payment))
faults.pop("variants", None)
faults.update(replications=1, warmup="0s")
write("payment-faults", faults)
