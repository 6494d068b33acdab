#!/usr/bin/env python3
"""Interrupted runs never leave a mix of two runs' outputs.

A folder holds run A's complete outputs; run B (another seed: every file
differs) is started into it and stopped by SIGINT or SIGTERM at many moments,
from the start of the simulation to the writing of the report. Each time the
folder must hold exactly A's set or exactly B's, byte for byte, nothing staged
may be left beside it, and an interrupted run says "interrupted, nothing
written" and exits 130 or 143. Two runs into one folder at once leave one
whole set.

As root, the same on a tiny file system that cannot hold B's outputs (a tmpfs
mounted in a mount namespace of the test's own): B is refused before it
runs, with a clear error, exit 2, and A's set stays. And when a write fails
half-way all the same (a file-size limit, RLIMIT_FSIZE, stands in for a disk
that fills during the run): the same.

usage: interrupted_runs_test.py CHAOSSIM SCENARIO WORK_DIR [TRIALS]

TRIALS (default 12): the sanitized build, where a run takes ten times as
long, plays fewer.
"""
import filecmp
import os
import resource
import shutil
import signal
import subprocess
import sys
import time

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def run(chaossim, scenario, out, seed, extra=()):
    return [chaossim, "run", scenario, "--out", out, "--seed", str(seed), "--replications", "1", "--quiet"] + list(extra)


COMPLETED = (0, 1)  # done, with every SLO met or not


def finished(result):
    if result.returncode not in COMPLETED:
        raise RuntimeError("a run failed: %s" % result.stderr)


def same_tree(a, b):
    """The same file names and bytes, recursively."""
    compared = filecmp.dircmp(a, b)
    if compared.left_only or compared.right_only or compared.funny_files:
        return False
    _, mismatch, errors = filecmp.cmpfiles(a, b, compared.common_files, shallow=False)
    return not mismatch and not errors and all(same_tree(os.path.join(a, d), os.path.join(b, d)) for d in compared.common_dirs)


def leftovers(parent, name):
    return [f for f in os.listdir(parent) if f.startswith("." + name + ".")]


def interrupted_runs(chaossim, scenario, work, trials):
    set_a, set_b, out = (os.path.join(work, d) for d in ("set-a", "set-b", "out"))
    for folder, seed in ((set_a, 1), (set_b, 2)):
        finished(subprocess.run(run(chaossim, scenario, folder, seed), capture_output=True, text=True))
    check(not same_tree(set_a, set_b), "runs A and B wrote the same outputs: the test could not tell them apart")
    started = time.monotonic()
    finished(subprocess.run(run(chaossim, scenario, os.path.join(work, "timing"), 2), capture_output=True, text=True))
    duration = time.monotonic() - started

    outcomes = {"a": 0, "b": 0}
    for trial in range(trials):
        shutil.rmtree(out, ignore_errors=True)
        shutil.copytree(set_a, out)
        sig = signal.SIGINT if trial % 2 == 0 else signal.SIGTERM
        process = subprocess.Popen(run(chaossim, scenario, out, 2), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(duration * 1.1 * trial / (trials - 1))
        process.send_signal(sig)
        stdout, stderr = process.communicate(timeout=120)
        what = "trial %d (%s after %.2f s)" % (trial, sig.name, duration * 1.1 * trial / (trials - 1))
        if process.returncode == -sig:
            # Killed before it took signals over (starting: it had done nothing)
            # or after it gave them back (exiting: it had published B's set).
            starting, exiting = same_tree(out, set_a), same_tree(out, set_b)
            check(starting or exiting, what + ": killed by the signal, and the folder is neither A's set nor B's")
            outcomes["a" if starting else "b"] += 1
        elif process.returncode == 128 + sig:
            check("interrupted, nothing written" in stderr, what + ": no message: " + stderr)
            check(same_tree(out, set_a), what + ": interrupted, yet the folder is not A's set")
            outcomes["a"] += 1
        else:
            check(process.returncode in COMPLETED, "%s: exit %d: %s" % (what, process.returncode, stderr))
            check(same_tree(out, set_b), what + ": completed, yet the folder is not B's set")
            outcomes["b"] += 1
        check(not leftovers(work, "out"), what + ": left %s" % leftovers(work, "out"))
    print("interruptions: %d left A's set, %d finished B's" % (outcomes["a"], outcomes["b"]))
    check(outcomes["a"] > 0, "no trial was interrupted in time: the test did not test")


def concurrent_runs(chaossim, scenario, work, attempts):
    """Two runs into one folder at once: each publishes a whole set, the last one stays."""
    set_a, set_b, out = (os.path.join(work, d) for d in ("set-a", "set-b", "together"))
    for attempt in range(attempts):
        shutil.rmtree(out, ignore_errors=True)
        first = subprocess.Popen(run(chaossim, scenario, out, 1), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        second = subprocess.Popen(run(chaossim, scenario, out, 2), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for p in (first, second):
            _, stderr = p.communicate(timeout=300)
            check(p.returncode in COMPLETED, "concurrent run %d exited %d: %s" % (attempt, p.returncode, stderr))
        check(same_tree(out, set_a) or same_tree(out, set_b), "concurrent run %d left a mix of two sets" % attempt)
        check(not leftovers(work, "together"), "concurrent run %d left %s" % (attempt, leftovers(work, "together")))


def full_disk(chaossim, scenario, work):
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        print("SKIPPED: the full file system needs root (a tmpfs in a mount namespace)")
        return
    set_a = os.path.join(work, "set-a")
    size = sum(os.path.getsize(os.path.join(d, f)) for d, _, files in os.walk(set_a) for f in files)
    disk = os.path.join(work, "disk")
    os.makedirs(disk, exist_ok=True)
    # Room for A's set and a little: B's staging cannot fit beside it.
    script = ("mount -t tmpfs -o size=%d tmpfs %s && cp -r %s %s/out && %s; echo exit=$?; "
              "cmp -s %s/out/results.json %s/results.json && echo same-a; ls -a %s")
    command = " ".join(run(chaossim, scenario, disk + "/out", 2))
    shell = script % (size + 64 * 1024, disk, set_a, disk, command, disk, set_a, disk)
    result = subprocess.run(["unshare", "--mount", "sh", "-c", shell], capture_output=True, text=True, timeout=300)
    print(result.stdout, result.stderr)
    if "exit=" not in result.stdout:
        print("SKIPPED: cannot mount a tmpfs here:", result.stderr)
        return
    check("exit=2" in result.stdout, "on a full disk the run did not exit 2: " + result.stdout)
    check("which has" in result.stderr and " free: " in result.stderr, "no clear error on a full disk: " + result.stderr)
    check("same-a" in result.stdout, "on a full disk the folder lost A's set")
    check(".out.staging" not in result.stdout, "on a full disk the staging folder was left: " + result.stdout)


def failed_write(chaossim, scenario, work):
    """A write fails in the middle of the outputs: the folder keeps A's set."""
    set_a, out = os.path.join(work, "set-a"), os.path.join(work, "limited")
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(set_a, out)

    def limit_file_size():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write fails with EFBIG instead of killing
        resource.setrlimit(resource.RLIMIT_FSIZE, (256 * 1024, 256 * 1024))

    result = subprocess.run(run(chaossim, scenario, out, 2), preexec_fn=limit_file_size, capture_output=True, text=True)
    check(result.returncode == 2, "a failed write did not exit 2: %d %s" % (result.returncode, result.stderr))
    check("cannot write" in result.stderr and "File too large" in result.stderr, "no clear error on a failed write: " + result.stderr)
    check(same_tree(out, set_a), "after a failed write the folder is not A's set")
    check(not leftovers(work, "limited"), "a failed write left %s" % leftovers(work, "limited"))


def main():
    chaossim, scenario, work = sys.argv[1:4]
    trials = int(sys.argv[4]) if len(sys.argv) > 4 else 12
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    interrupted_runs(chaossim, scenario, work, trials)
    concurrent_runs(chaossim, scenario, work, 2 if trials >= 12 else 1)
    full_disk(chaossim, scenario, work)
    failed_write(chaossim, scenario, work)
    for f in failures:
        print("FAIL:", f)
    print("%d problems" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
