"""A snooping submission. On its first decision it attempts, one by one, what
targets.txt (beside it) lists, then its parent's command line, where a grader
names its suite and its folders; it raises with what it got, so the grader's
feedback carries the report: "PROBE kind:path -> result" for each, on one
line (the helper keeps the last lines of a traceback)."""
import errno
import glob
import os


def attempt(kind, path):
    try:
        if kind == "read":
            with open(path, "rb") as f:
                return "allowed: " + f.read(60).decode("utf-8", "replace")
        if kind == "list":
            return "allowed: " + " ".join(sorted(os.listdir(path))[:20])
        if kind == "write":
            with open(path, "w") as f:
                f.write("pwned")
            return "allowed"
        if kind == "glob":
            found = glob.glob(path)
            return "allowed: " + " ".join(found) if found else "nothing found"
        return "unknown kind"
    except OSError as e:
        return "denied (%s)" % errno.errorcode.get(e.errno, e.errno)


def report():
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "targets.txt")) as f:
        targets = [line.strip() for line in f if line.strip()]
    targets.append("read:/proc/%d/cmdline" % os.getppid())
    return " ;; ".join("PROBE %s -> %s" % (t, attempt(*t.split(":", 1))) for t in targets)


class CircuitBreaker:
    def __init__(self, config):
        self.config = config

    def try_acquire(self, now):
        raise RuntimeError("SNOOP REPORT ;; " + report())
