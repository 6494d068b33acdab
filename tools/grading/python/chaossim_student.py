"""Runs a Python submission behind chaossim's decision protocol.

    python3 chaossim_student.py student.py

loads student.py and answers the grader's requests (one JSON object per line
on stdin, one answer per line on stdout) with the classes it defines:
CircuitBreaker, RetryPolicy, RetryBudget, Timeout, Bulkhead, HealthChecker,
FallbackRegistry, CacheRegistry, AdaptiveThrottle and WorkerPools. A class that is missing is a pattern not
implemented. A function pipeline_order(patterns), if defined, composes them. Each request's fields (except "op" and "id") are passed as
keyword arguments to the method named by "op"; see PROTOCOL.md.

Standard library only. Whatever the submission prints goes to stderr, so it
cannot corrupt an answer.
"""
import importlib.util
import json
import os
import random
import sys
import traceback

PROTOCOL_VERSION = 1
EXIT_OUT_OF_MEMORY = 90
EXIT_CANNOT_LOAD = 91

CLASS_OF = {
    "circuit_breaker": "CircuitBreaker",
    "retry": "RetryPolicy",
    "retry_budget": "RetryBudget",
    "timeout": "Timeout",
    "bulkhead": "Bulkhead",
    "health_check": "HealthChecker",
    "fallback": "FallbackRegistry",
    "cache": "CacheRegistry",
    "adaptive_throttling": "AdaptiveThrottle",
    "worker_pools": "WorkerPools",
}


def load(path):
    spec = importlib.util.spec_from_file_location("student", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["student"] = module
    spec.loader.exec_module(module)
    return module


def error_text():
    # The student's own frames are what helps; the helper's are noise.
    lines = traceback.format_exc().splitlines()
    return "\n".join(lines[-12:])


def serve(module, requests, answers):
    instances = {}
    implemented = [name for name, cls in CLASS_OF.items() if isinstance(getattr(module, cls, None), type)]
    for line in requests:
        try:
            message = json.loads(line)
            op = message.pop("op")
            if op == "hello":
                result = {"protocol": PROTOCOL_VERSION, "implements": implemented}
            elif op == "compose":
                # The submission's nesting of a call's patterns, outermost first;
                # None keeps chaossim's default order.
                compose = getattr(module, "pipeline_order", None)
                result = compose(message["patterns"]) if callable(compose) else None
            elif op == "create":
                pattern = message["pattern"]
                cls = getattr(module, CLASS_OF.get(pattern, ""), None)
                if not isinstance(cls, type):
                    raise NotImplementedError("the submission has no class %s" % CLASS_OF.get(pattern, pattern))
                instances[message["id"]] = cls(message.get("config", {}))
                result = None
            else:
                target = instances[message.pop("id")]
                method = getattr(target, op)
                if not callable(method):
                    raise TypeError("%s.%s is not a method but a %s: an attribute of the same name hides the method"
                                    % (type(target).__name__, op, type(method).__name__))
                result = method(**message)
            answer = {"ok": True, "result": result}
        except MemoryError:
            sys.stderr.write("out of memory\n")
            sys.stderr.flush()
            os._exit(EXIT_OUT_OF_MEMORY)
        except Exception:
            answer = {"ok": False, "error": error_text()}
        try:
            text = json.dumps(answer)
        except (TypeError, ValueError):
            text = json.dumps({"ok": False, "error": "the answer is not JSON: %r" % (answer.get("result"),)})
        answers.write(text + "\n")
        answers.flush()


def main():
    if len(sys.argv) != 2:
        sys.stderr.write("usage: python3 chaossim_student.py STUDENT.py\n")
        return 2
    answers = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    # Jitter drawn from the random module repeats from run to run.
    random.seed(0)
    try:
        module = load(sys.argv[1])
    except MemoryError:
        os._exit(EXIT_OUT_OF_MEMORY)
    except BaseException:
        sys.stderr.write("cannot load %s:\n%s\n" % (sys.argv[1], traceback.format_exc(limit=0).strip()))
        return EXIT_CANNOT_LOAD
    serve(module, sys.stdin, answers)
    return 0


if __name__ == "__main__":
    sys.exit(main())
