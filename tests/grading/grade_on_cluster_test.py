#!/usr/bin/env python3
"""A class graded the way a cluster grades it: `chaossim grade --submissions
DIR --emit joblist` cuts the class into workers' commands, GNU parallel runs
them (each grading its share into the shared output folder), and `--merge`
builds the gradebook, which must equal the one graded in a single batch,
byte for byte. A merge before the workers names the submissions missing.

usage: grade_on_cluster_test.py CHAOSSIM SOURCE_DIR WORK_DIR
"""
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from assemble_class import SUBMISSIONS  # noqa: E402

chaossim, source, work = sys.argv[1], sys.argv[2], sys.argv[3]
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAILED: " + message, file=sys.stderr)


shutil.rmtree(work, ignore_errors=True)
klass = os.path.join(work, "class")
os.makedirs(klass)
reference = os.path.join(SUBMISSIONS, "reference-python", "student.py")
shutil.copytree(os.path.join(SUBMISSIONS, "reference-python"), os.path.join(klass, "reference-python"))
for broken in ("breaker-never-opens", "python-syntax-error"):
    shutil.copytree(os.path.join(SUBMISSIONS, "broken", broken), os.path.join(klass, broken))
    shutil.copy(reference, os.path.join(klass, broken, "reference_patterns.py"))
suite = os.path.join(source, "scenarios", "grading", "suite.json")


def grade(*args):
    return subprocess.run([chaossim, "grade", "--submissions", klass, "--suite", suite] + list(args), capture_output=True, text=True)


batch = os.path.join(work, "batch")
r = grade("--out", batch, "--quiet")
check(r.returncode == 0, "the class grades in one batch: " + r.stderr)

spread = os.path.join(work, "spread")
r = grade("--out", spread, "--emit", "joblist", "--chunk", "2")
check(r.returncode == 0, "--emit joblist: " + r.stderr)
jobs = open(os.path.join(spread, "joblist.txt")).read().splitlines()
check(len(jobs) == 2 and "--only breaker-never-opens --only python-syntax-error" in jobs[0]
      and jobs[1].endswith("--only reference-python"), "two commands, two submissions then one: %s" % jobs)
r = grade("--out", spread, "--merge")
check(r.returncode == 2 and "3 of 3 submissions have no grade" in r.stderr, "a merge before the workers names what is missing: " + r.stderr)
r = subprocess.run(["parallel", "--will-cite", "--halt", "now,fail=1", "-j", "2"], stdin=open(os.path.join(spread, "joblist.txt")),
                   capture_output=True, text=True)
check(r.returncode == 0, "GNU parallel ran both workers: " + r.stderr + r.stdout)
check(not os.path.exists(os.path.join(spread, "gradebook.csv")), "workers write no gradebook")
r = grade("--out", spread, "--merge")
check(r.returncode == 0 and "3 submissions merged" in r.stdout, "the merge: " + r.stdout + r.stderr)
check(open(os.path.join(batch, "gradebook.csv"), "rb").read() == open(os.path.join(spread, "gradebook.csv"), "rb").read(),
      "the merged gradebook equals the batch's, byte for byte")
r = grade("--out", spread, "--only", "nobody")
check(r.returncode == 2 and "--only nobody" in r.stderr, "--only refuses a name the class lacks: " + r.stderr)

if failures:
    sys.exit(1)
print("grade on a cluster: the merged gradebook equals the batch's")
