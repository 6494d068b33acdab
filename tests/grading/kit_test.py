#!/usr/bin/env python3
"""The submission kit and the ways into the grader, as students and
instructors use them:

  - init-submission writes a C++ and a Python starter that the grader runs:
    every test fails, saying what is not written yet, and nothing crashes;
  - --submission-cmd grades a protocol submission run by a command of its own,
    and a prebuilt .so is graded as it is;
  - a suite with a mistake and a directory with no submission are refused
    with exit 2 and a message naming the problem;
  - the Gradescope autograder zip unpacks into setup.sh, run_autograder and
    the source, and run_autograder writes results.json for a submission.

usage: kit_test.py CHAOSSIM SOURCE_DIR WORK_DIR
"""
import json
import os
import shutil
import subprocess
import sys
import zipfile

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def grade(chaossim, *args):
    return subprocess.run([chaossim, "grade", "--quiet", *args], capture_output=True, text=True, timeout=600)


def main():
    chaossim, source, work = sys.argv[1:4]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    suite = json.load(open(os.path.join(source, "scenarios", "grading", "suite.json")))
    # The automated score's most: every part of the rubric that has tests (the rest is graded by hand).
    total = sum(w for part, w in suite["categories"].items() if any(t["category"] == part for t in suite["tests"]))

    # The starters.
    for language, words in (("python", "NotImplementedError"), ("cpp", "is not written yet")):
        kit = os.path.join(work, "kit-" + language)
        made = subprocess.run([chaossim, "init-submission", kit, "--lang", language], capture_output=True, text=True)
        check(made.returncode == 0, "init-submission --lang %s exited %d: %s" % (language, made.returncode, made.stderr))
        again = subprocess.run([chaossim, "init-submission", kit, "--lang", language], capture_output=True, text=True)
        check(again.returncode == 2 and "not an empty directory" in again.stderr,
              "init-submission over a starter must refuse with exit 2: %d %s" % (again.returncode, again.stderr))
        out = os.path.join(work, "out-" + language)
        graded = grade(chaossim, "--submission", kit, "--out", out)
        check(graded.returncode == 0, "grading the %s starter exited %d: %s" % (language, graded.returncode, graded.stderr))
        results = json.load(open(os.path.join(out, "results.json")))
        check(results["score"] == 0, "the %s starter scored %s" % (language, results["score"]))
        outputs = "\n".join(t["output"] for t in results["tests"])
        check(words in outputs, "the %s starter's feedback does not say %r" % (language, words))
        check("killed" not in outputs and "did not answer" not in outputs, "the %s starter crashed or hung" % language)
        if language == "cpp":
            check("does not implement timeout" in outputs, "the C++ starter's missing patterns are not named")

    # A protocol submission with a command of its own.
    custom = os.path.join(work, "custom")
    os.makedirs(custom)
    shutil.copy(os.path.join(source, "tests", "grading", "submissions", "reference-python", "student.py"), custom)
    shutil.copy(os.path.join(source, "tools", "grading", "python", "chaossim_student.py"), custom)
    out = os.path.join(work, "out-custom")
    graded = grade(chaossim, "--submission", custom, "--submission-cmd", "python3 chaossim_student.py student.py", "--out", out)
    check(graded.returncode == 0, "--submission-cmd exited %d: %s" % (graded.returncode, graded.stderr))
    results = json.load(open(os.path.join(out, "results.json")))
    check(abs(results["score"] - total) < 1e-9, "the reference through --submission-cmd scored %s of %s" % (results["score"], total))
    # Printed to a pipe, what the grader says before its children fork is said once, not once per child.
    loud = subprocess.run([chaossim, "grade", "--submission", custom, "--submission-cmd", "python3 chaossim_student.py student.py",
                           "--out", out], capture_output=True, text=True, timeout=600)
    headers = [line for line in loud.stdout.splitlines() if line.endswith("points") and "tests," in line]
    check(len(headers) == 1, "the console header was printed %d times to a pipe" % len(headers))

    # A prebuilt shared library, as a student who builds their own hands it in.
    prebuilt = os.path.join(work, "prebuilt")
    os.makedirs(prebuilt)
    sources = [os.path.join(source, "patterns", f) for f in sorted(os.listdir(os.path.join(source, "patterns")))
               if f.endswith(".cpp")]
    sources.append(os.path.join(source, "tests", "grading", "submissions", "reference-cpp", "reference_submission.cpp"))
    built = subprocess.run(["g++", "-std=c++20", "-O1", "-fPIC", "-shared", "-I" + source, "-o",
                            os.path.join(prebuilt, "patterns.so"), *sources], capture_output=True, text=True, timeout=600)
    check(built.returncode == 0, "building the prebuilt library failed: " + built.stderr[-2000:])
    out = os.path.join(work, "out-prebuilt")
    graded = grade(chaossim, "--submission", prebuilt, "--out", out)
    check(graded.returncode == 0, "grading a prebuilt .so exited %d: %s" % (graded.returncode, graded.stderr))
    results = json.load(open(os.path.join(out, "results.json")))
    check(abs(results["score"] - total) < 1e-9, "the reference as a prebuilt .so scored %s of %s" % (results["score"], total))
    concurrency = [t for t in results["tests"] if t["name"].startswith("threads-")]
    check(all("only the invariants were checked" in t["output"] for t in concurrency),
          "a prebuilt library's concurrency tests do not say that ThreadSanitizer could not watch them")

    # Mistakes the grader refuses.
    bad_suite = os.path.join(work, "bad-suite.json")
    with open(bad_suite, "w") as f:
        f.write('{"schema": "chaossim/grading-suite/v1", "name": "x", "tests": [\n'
                '  {"name": "t", "kind": "conformance", "pattern": "circuit_breaker", "points": 1, "feedback": "f",\n'
                '   "pipeline": {"circuit_breaker": {}},\n'
                '   "steps": [{"at": "0s", "op": "try_aquire", "expect": true}]}]}\n')
    refused = grade(chaossim, "--submission", custom, "--suite", bad_suite)
    check(refused.returncode == 2, "a bad suite must exit 2, not %d" % refused.returncode)
    check(bad_suite + ":4:" in refused.stderr and "$.tests[0].steps[0].op" in refused.stderr
          and 'did you mean "try_acquire"' in refused.stderr, "the bad suite's error is not located: " + refused.stderr)
    empty = os.path.join(work, "empty")
    os.makedirs(empty)
    refused = grade(chaossim, "--submission", empty)
    check(refused.returncode == 2 and "holds no submission" in refused.stderr,
          "an empty directory must exit 2 with a reason: %d %s" % (refused.returncode, refused.stderr))

    # Gradescope: the zip, and run_autograder on a submission.
    zip_path = os.path.join(work, "autograder.zip")
    made = subprocess.run([os.path.join(source, "tools", "gradescope", "make_autograder.sh"), zip_path],
                          capture_output=True, text=True, timeout=300)
    check(made.returncode == 0, "make_autograder.sh exited %d: %s" % (made.returncode, made.stderr))
    root = os.path.join(work, "autograder")
    with zipfile.ZipFile(zip_path) as z:
        names = z.namelist()
        check("setup.sh" in names and "run_autograder" in names and "chaossim/CMakeLists.txt" in names,
              "the autograder zip lacks its parts: %s" % names[:5])
        z.extractall(os.path.join(root, "source"))
    # setup.sh would build chaossim again: the test lends it this build.
    os.symlink(os.path.dirname(os.path.abspath(chaossim)), os.path.join(root, "source", "chaossim", "build"))
    shutil.copytree(custom, os.path.join(root, "submission"))
    os.remove(os.path.join(root, "submission", "chaossim_student.py"))
    runner = os.path.join(root, "source", "run_autograder")
    os.chmod(runner, 0o755)
    ran = subprocess.run(["bash", runner], env=dict(os.environ, AUTOGRADER_ROOT=root), capture_output=True, text=True,
                         timeout=600)
    check(ran.returncode == 0, "run_autograder exited %d: %s" % (ran.returncode, ran.stderr))
    results = json.load(open(os.path.join(root, "results", "results.json")))
    graded = [t for t in results["tests"] if t["name"] != "design signals (not scored)"]
    check(abs(results["score"] - total) < 1e-9 and len(graded) == len(suite["tests"]),
          "run_autograder's results.json scored %s of %s" % (results["score"], total))
    check(abs(sum(t["score"] for t in results["tests"]) - results["score"]) < 1e-9,
          "results.json's tests do not add up to its score, as Gradescope adds them")
    check(all(set(t) >= {"name", "score", "max_score", "status", "output", "visibility"} for t in results["tests"]),
          "a test of results.json lacks a field Gradescope reads")

    for f in failures:
        print("FAIL:", f)
    print("%d problems" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
