#!/usr/bin/env python3
"""Grades a class of submissions in one batch, as an instructor would:

  - the reference patterns, through the C++ kit and through the Python
    protocol, score 100%;
  - the rubric's parts: a racy bulkhead loses the concurrency test with
    ThreadSanitizer's report naming its file and line, a breaker that lets
    every thread probe loses it on the invariant, a composition with the
    retry outside the breaker loses the interplay test, and a clean (Python)
    submission with a 200-line function scores 100% and is flagged for the
    design part; the gradebook has a column per part and their weighted
    total, and results.json tags each test with its part;
  - each broken submission loses exactly the tests its bug touches, and the
    feedback of the first says what happened, in a student's words;
  - the grader survives the crash, the hang, the memory hog, the fork bomb and
    the network attempt, and writes every output;
  - grading a submission again gives the same results.

usage: grade_class_test.py CHAOSSIM SOURCE_DIR WORK_DIR [SUBMISSION,...] [--cpu-burners N]

With a list, only those submissions make the class (the sanitized build
grades a few: everything the grader does is several times slower there).
With --cpu-burners, N processes spin beside the grader all along: verdicts
must not depend on the machine's load.
"""
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from assemble_class import assemble  # noqa: E402

CB = ["cb-stays-closed-below-threshold", "cb-opens-at-minimum-calls", "cb-opens-on-slow-calls", "cb-rejects-while-open",
      "cb-half-open-probes", "cb-closes-after-good-probes", "cb-reopens-after-bad-probe", "cb-time-window-forgets"]
RETRY = ["retry-exponential-backoff", "retry-respects-max-attempts", "retry-only-retryable-outcomes", "retry-linear-backoff",
         "retry-full-jitter", "retry-equal-and-decorrelated-jitter"]

# Per submission: the tests it must fail (all the others must pass), and words
# the feedback of the first failed test must hold.
EXPECTED = {
    "reference-cpp": ([], None),
    "reference-python": ([], None),
    "breaker-never-opens": ([t for t in CB if t not in ("cb-stays-closed-below-threshold", "cb-closes-after-good-probes")]
                            + ["scenario-breaker-partition"], 'answered "closed"; expected "open"'),
    "breaker-never-half-opens": (["cb-half-open-probes", "cb-closes-after-good-probes", "cb-reopens-after-bad-probe",
                                 "scenario-breaker-partition", "compose-breaker-stops-retries"],
                                 'answered "open"; expected "half_open"'),
    "breaker-never-closes": (["cb-closes-after-good-probes", "scenario-breaker-partition", "compose-breaker-stops-retries"],
                             'answered "open"; expected "closed"'),
    "retry-without-backoff": (RETRY, "answered 0.0; expected 0.1"),
    "retry-ignores-max-attempts": (["retry-respects-max-attempts"], "answered 0.05; expected null"),
    "bulkhead-leaks-permits": (["bulkhead-hands-over-and-never-leaks", "scenario-bulkhead-slow-dependency", "stress-double-load"],
                               'answered "must_wait"; expected "admitted"'),
    "does-not-compile": ("all", "does not compile"),
    "segfaults": (["cb-rejects-while-open", "cb-half-open-probes", "cb-closes-after-good-probes", "cb-reopens-after-bad-probe",
                   "scenario-breaker-partition", "compose-breaker-stops-retries", "stress-double-load"],
                  "was killed by SIGSEGV (a segmentation fault"),
    "loops-forever": (["bulkhead-hands-over-and-never-leaks", "scenario-bulkhead-slow-dependency"],
                      "during Bulkhead.give_up"),
    "allocates-without-bound": (["timeout-fixed", "timeout-adaptive", "scenario-bulkhead-slow-dependency",
                                 "compose-timeout-bounds-retries", "stress-double-load"],
                                "ran out of memory (the limit is 512 MiB) during Timeout.on_result"),
    "forks-without-bound": (["retry-budget-caps-retries", "scenario-retry-storm", "stress-double-load"],
                            "was killed by SIGSYS: it made a system call the sandbox forbids"),
    "opens-network": (["health-marks-unhealthy", "health-returns-and-streaks-reset", "scenario-health-crash"],
                      "was killed by SIGSYS: it made a system call the sandbox forbids"),
    "python-syntax-error": ("all", "SyntaxError"),
    # Which thread TSan catches first (the main thread takes a share, T1..T7
    # the rest) and whether as the read or the write depends on the schedule:
    # the race is named by the student's function and file.
    "racy-bulkhead": (["threads-bulkhead"], "RacyBulkhead::try_enter(double) at broken_submission.cpp:1"),
    "breaker-all-probe": (["threads-circuit-breaker"], "8 threads asked at once and it let"),
    "retry-outside-breaker": (["compose-breaker-stops-retries"], "retry > circuit_breaker"),
    "long-function": ([], None),
    "composes-badly": (["compose-breaker-stops-retries", "compose-timeout-bounds-retries"],
                       'answered pipeline_order([retry, circuit_breaker]) with ["retry"]: expected the same patterns, each once'),
}
DESIGN_ENTRY = "design signals (not scored)"


def applies(test, language):
    """Concurrency tests count only for C++: the others' protocol is sequential."""
    return test["kind"] != "concurrency" or language in ("cpp", "so")


def weighted_score(suite, failing, language):
    """The automated score by the rubric: each part's passing points scaled to its weight."""
    score = 0
    for part, weight in suite["categories"].items():
        tests = [t for t in suite["tests"] if t["category"] == part and applies(t, language)]
        points = sum(t["points"] for t in tests)
        if points > 0:
            score += weight * sum(t["points"] for t in tests if t["name"] not in failing) / points
    return score

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def stable(results):
    """results.json without what is measured on the machine rather than simulated: the wall-clock
    time, and the submission's peak memory, which its process's allocator and garbage collector
    move by a MiB or so from one run to the next (the verdict on it must not move)."""
    results = json.loads(re.sub(r"held at once: yours \d+ MiB", "held at once: yours (measured) MiB", json.dumps(results)))
    results.pop("execution_time")
    return results


def first_difference(a, b, path="$"):
    """Where two JSON values first differ, to say what grading again changed."""
    if type(a) is not type(b):
        return "%s: %r then %r" % (path, a, b)
    if isinstance(a, dict):
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                return "%s.%s: only in the %s grading" % (path, key, "first" if key in a else "second")
            found = first_difference(a[key], b[key], path + "." + key)
            if found:
                return found
        return None
    if isinstance(a, list):
        for i, (x, y) in enumerate(zip(a, b)):
            found = first_difference(x, y, "%s[%d]" % (path, i))
            if found:
                return found
        return None if len(a) == len(b) else "%s: %d items then %d" % (path, len(a), len(b))
    return None if a == b else "%s: %r then %r" % (path, a, b)


def start_burners(count):
    return [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(count)]


def main():
    args = sys.argv[1:]
    burners = 0
    if "--cpu-burners" in args:
        at = args.index("--cpu-burners")
        burners = int(args[at + 1])
        del args[at:at + 2]
    chaossim, source, work = args[:3]
    expected = EXPECTED
    if len(args) > 3:
        expected = {name: EXPECTED[name] for name in args[3].split(",")}
    spinning = start_burners(burners)
    try:
        return grade(chaossim, source, work, expected)
    finally:
        for p in spinning:
            p.kill()
            p.wait()


def grade(chaossim, source, work, expected):
    shutil.rmtree(work, ignore_errors=True)
    klass, out = os.path.join(work, "class"), os.path.join(work, "out")
    os.makedirs(klass)
    assemble(source, klass)
    for name in os.listdir(klass):
        if name not in expected:
            shutil.rmtree(os.path.join(klass, name))
    suite = json.load(open(os.path.join(source, "scenarios", "grading", "suite.json")))
    names = [t["name"] for t in suite["tests"]]
    by_hand = sum(w for part, w in suite["categories"].items() if not any(t["category"] == part for t in suite["tests"]))

    run = subprocess.run([chaossim, "grade", "--submissions", klass, "--out", out, "--jobs", "2",
                          "--junit", os.path.join(out, "junit.xml")], capture_output=True, text=True, timeout=1200)
    print(run.stdout)
    check(run.returncode == 0, "grade exited %d: %s" % (run.returncode, run.stderr))
    check(set(os.listdir(klass)) == set(expected), "the class is not the expected one: %s" % sorted(os.listdir(klass)))

    rows = {row["submission"]: row for row in csv.DictReader(open(os.path.join(out, "gradebook.csv")))}
    for submission, (failing, words) in sorted(expected.items()):
        results = json.load(open(os.path.join(out, submission, "results.json")))
        check(os.path.getsize(os.path.join(out, submission, "feedback.html")) > 0, submission + ": no feedback.html")
        language = rows[submission]["language"]
        if failing == "all":
            failing = [t["name"] for t in suite["tests"] if applies(t, language)]
        by_name = {t["name"]: t for t in results["tests"] if t["name"] != DESIGN_ENTRY}
        check(list(by_name) == names, submission + ": the tests are not the suite's, in order")
        for t in suite["tests"]:
            check(by_name[t["name"]].get("tags") == [t["category"]], "%s: %s is not tagged %s" % (submission, t["name"], t["category"]))
        for name in names:
            test = by_name[name]
            should_pass = name not in failing
            check((test["status"] == "passed") == should_pass,
                  "%s: %s %s, expected it to %s\n%s" % (submission, name, test["status"], "pass" if should_pass else "fail",
                                                         test["output"][-600:]))
            check(test["score"] == (test["max_score"] if should_pass else 0), "%s: %s scored %s" % (submission, name, test["score"]))
        expected_score = weighted_score(suite, failing, language)
        check(abs(results["score"] - expected_score) < 1e-9, "%s: score %s, expected %s" % (submission, results["score"], expected_score))
        check(abs(float(rows[submission]["total"]) - expected_score) < 0.01, submission + ": the gradebook's total differs")
        check(float(rows[submission]["max_score"]) == 100 - by_hand, submission + ": the automated part is not the rubric's less the design")
        check(rows[submission]["design (20, by hand)"] == "", submission + ": the part graded by hand is not left empty")
        if words:
            first = by_name[failing[0]]["output"] + results.get("output", "")
            check(words in first, "%s: the feedback of %s lacks %r:\n%s" % (submission, failing[0], words, first[-800:]))

    # The design part: signals for the instructor, hidden from the student.
    if "long-function" in expected:
        row = rows["long-function"]
        check(row["functions over 60 lines"] == "1" and int(row["longest function"]) >= 200,
              "the 200-line function is not flagged in the gradebook: %s" % row)
        instructor = open(os.path.join(out, "long-function", "instructor.html")).read()
        check("account_of" in instructor and "Functions over 60 lines" in instructor,
              "the instructor's view does not name the long function")
        check("account_of" not in open(os.path.join(out, "long-function", "feedback.html")).read(),
              "the student's feedback shows the design signals, which the suite keeps for the instructor")
        entry = [t for t in json.load(open(os.path.join(out, "long-function", "results.json")))["tests"] if t["name"] == DESIGN_ENTRY]
        check(len(entry) == 1 and entry[0]["visibility"] == "hidden" and entry[0]["max_score"] == 0,
              "Gradescope's results.json lacks the hidden design entry: %s" % entry)
    if "reference-cpp" in expected:
        row = rows["reference-cpp"]
        check(row["functions over 60 lines"] == "0" and int(row["longest function"]) > 0 and row["clang-tidy findings"] != "",
              "clang-tidy did not measure the C++ reference, or flagged it: %s" % row)
    if "reference-python" in expected:
        check(int(rows["reference-python"]["lines"]) > 300 and int(rows["reference-python"]["most complex function"]) > 1,
              "the Python reference was not measured: %s" % rows["reference-python"])

    junit = ElementTree.parse(os.path.join(out, "junit.xml")).getroot()
    check(int(junit.get("tests")) == len(names) * len(expected), "junit.xml does not hold every test of every submission")

    # The same submissions graded again, alone: the same results, word for word.
    for submission in [s for s in ("reference-python", "breaker-never-closes") if s in expected]:
        again = os.path.join(work, "again-" + submission)
        rerun = subprocess.run([chaossim, "grade", "--submission", os.path.join(klass, submission), "--out", again, "--quiet"],
                               capture_output=True, text=True, timeout=600)
        check(rerun.returncode == 0, "grading %s again exited %d: %s" % (submission, rerun.returncode, rerun.stderr))
        first = stable(json.load(open(os.path.join(out, submission, "results.json"))))
        second = stable(json.load(open(os.path.join(again, "results.json"))))
        check(first == second, "%s: grading it again gave different results; %s" % (submission, first_difference(first, second)))

    for f in failures:
        print("FAIL:", f)
    print("%d submissions, %d problems" % (len(expected), len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
