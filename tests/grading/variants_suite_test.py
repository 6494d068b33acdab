"""A suite grading the breaker and jitter variants (tests/grading/suites/
breaker-variants.json): both references, the C++ one and the Python port,
earn every point through the decision protocol; a submission written before
the variants (the reference with its consecutive window and successes to
close taken out) loses exactly those tests.

usage: variants_suite_test.py CHAOSSIM SOURCE_DIR WORK_DIR
"""
import json
import os
import shutil
import subprocess
import sys

from assemble_class import SUBMISSIONS


def check(condition, message):
    if not condition:
        print("FAIL: " + message)
        sys.exit(1)


def grade(chaossim, suite, submission, out):
    run = subprocess.run([chaossim, "grade", "--quiet", "--suite", suite, "--submission", submission, "--out", out],
                         capture_output=True, text=True, timeout=600)
    check(run.returncode == 0, "grading %s exited %d: %s" % (submission, run.returncode, run.stderr))
    results = json.load(open(os.path.join(out, "results.json")))
    return {t["name"]: t["status"] for t in results["tests"]}, results


def references_pass(chaossim, source, work, suite):
    """Grades both references, the C++ one (with chaossim's pattern sources
    beside it, as a student brings theirs) and the Python port, with `suite`:
    every test of it, each passed."""
    names = [t["name"] for t in json.load(open(suite))["tests"]]
    cpp = os.path.join(work, "reference-cpp")
    shutil.copytree(os.path.join(SUBMISSIONS, "reference-cpp"), cpp)
    for name in os.listdir(os.path.join(source, "patterns")):
        if name.endswith(".cpp"):
            shutil.copy(os.path.join(source, "patterns", name), cpp)
    python = os.path.join(work, "reference-python")
    shutil.copytree(os.path.join(SUBMISSIONS, "reference-python"), python)
    for submission in (cpp, python):
        verdicts, results = grade(chaossim, suite, submission, os.path.join(work, "out-" + os.path.basename(submission)))
        check(list(verdicts) == names, "%s: the tests are not the suite's: %s" % (submission, list(verdicts)))
        check(all(v == "passed" for v in verdicts.values()), "%s: %s\n%s" % (submission, verdicts, results.get("output", "")))
    return names


def main():
    chaossim, source, work = sys.argv[1:4]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    suite = os.path.join(source, "tests", "grading", "suites", "breaker-variants.json")
    names = references_pass(chaossim, source, work, suite)

    # The Python port as it was before the variants: the window is judged by
    # rates, half-open by its probes' rate.
    old = os.path.join(work, "before-variants")
    shutil.copytree(os.path.join(SUBMISSIONS, "reference-python"), old)
    student = os.path.join(old, "student.py")
    text = open(student).read()
    for new, was in (('self.consecutive = config["window_kind"] == "consecutive"', "self.consecutive = False"),
                     ('c.get("successes_to_close", 0) > 0', "False")):
        check(new in text, "the Python reference no longer reads %r" % new)
        text = text.replace(new, was)
    open(student, "w").write(text)
    verdicts, _ = grade(chaossim, suite, old, os.path.join(work, "out-before"))
    check(verdicts["cb-consecutive-failures"] != "passed", "a rate-judged window passed the consecutive test")
    check(verdicts["cb-successes-to-close"] != "passed", "a rate-judged half-open passed the successes-to-close test")
    check(verdicts["retry-proportional-jitter"] == "passed", "the jitter test failed for a breaker change")
    print("ok")


if __name__ == "__main__":
    main()
