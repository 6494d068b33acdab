#!/usr/bin/env python3
"""Hostile submissions, graded as a class beside two honest ones:

  - a snooping Python submission and a snooping C++ one try to read the other
    students' work (by absolute and relative paths), the suite with its
    hidden tests, the grader's binary and build cache, /etc/passwd and their
    parent's command line; to list the class, output and /tmp folders and
    find other graders' compiled submissions; to write outside their folder.
    They report what they got in their feedback: every attempt must fail;
  - two C++ submissions include, at compile time, /etc/passwd and another
    student's header: neither compiles, and the compiler's message quotes
    neither;
  - nothing of another submission, and nothing of a hidden test, reaches a
    submission's results.json or feedback.html;
  - the honest submissions score full marks;
  - on a machine that cannot isolate files (Landlock filtered, no root), the
    grader warns in the console, results.json and feedback.html, and
    --require-isolation refuses to grade.

As root, the class is graded as root (uid, mount namespace and Landlock) and
again as nobody (Landlock alone, sharing the grader's uid).

usage: hostile_test.py CHAOSSIM WITHOUT_ISOLATION SOURCE_DIR
"""
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
NOBODY = 65534

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def mini_suite(marker):
    """Two tests of the real suite's first kind; the hidden one's feedback holds a marker."""
    step = {"at": "0s", "op": "try_acquire", "expect": True}
    pipeline = {"circuit_breaker": {"window": {"kind": "count", "size": 10}, "minimum_calls": 5, "failure_rate": 0.5,
                                    "open_for": "10s"}}
    return {
        "schema": "chaossim/grading-suite/v1",
        "name": "hostile",
        "limits": {"cpu": "5s", "wall": "20s"},
        "tests": [
            {"name": "visible", "kind": "conformance", "pattern": "circuit_breaker", "points": 1, "feedback": "A closed breaker lets calls through.",
             "pipeline": pipeline, "steps": [step]},
            {"name": "hidden", "kind": "conformance", "pattern": "circuit_breaker", "points": 1, "visibility": "hidden",
             "feedback": "Hidden test " + marker, "pipeline": pipeline,
             "steps": [dict(step, why="the hidden answer is " + marker)]},
        ],
    }


def lay_out(root, source, secret, hidden, tag):
    """The tool (binaries and kit), the suite, the class and the outputs, all readable by anyone: only the sandbox
    stands between a submission and the others' files."""
    bin_dir, kit, klass, out = (os.path.join(root, d) for d in ("bin", "kit", "class", "out"))
    os.makedirs(bin_dir)
    for name in ("chaossim", "chaossim-host"):
        shutil.copy2(os.path.join(os.path.dirname(sys.argv[1]), name), bin_dir)
    shutil.copy(os.path.join(os.path.dirname(sys.argv[1]), "CMakeCache.txt"), bin_dir)
    shutil.copytree(os.path.join(source, "patterns"), os.path.join(kit, "patterns"))
    shutil.copytree(os.path.join(source, "tools", "grading", "python"), os.path.join(kit, "tools", "grading", "python"))
    suite = os.path.join(kit, "suite.json")
    json.dump(mini_suite(hidden), open(suite, "w"))

    reference_py = os.path.join(HERE, "submissions", "reference-python", "student.py")
    os.makedirs(os.path.join(klass, "victim-py"))
    shutil.copy(reference_py, os.path.join(klass, "victim-py", "student.py"))
    open(os.path.join(klass, "victim-py", "secret.txt"), "w").write(secret + "\n")
    os.makedirs(os.path.join(klass, "victim-cpp"))
    for f in glob.glob(os.path.join(HERE, "submissions", "reference-cpp", "*")):
        shutil.copy(f, os.path.join(klass, "victim-cpp"))
    for f in glob.glob(os.path.join(source, "patterns", "*.cpp")):
        shutil.copy(f, os.path.join(klass, "victim-cpp"))
    open(os.path.join(klass, "victim-cpp", "secret.hpp"), "w").write("// " + secret + "\n")

    targets = ["read:" + os.path.join(klass, "victim-py", "student.py"),
               "read:" + os.path.join(klass, "victim-py", "secret.txt"),
               "read:" + os.path.join(klass, "victim-cpp", "secret.hpp"),
               "read:../victim-py/secret.txt",
               "list:" + klass, "list:" + os.path.join(klass, "victim-py"), "list:" + out, "list:/tmp",
               "read:" + suite, "read:" + os.path.join(source, "scenarios", "grading", "suite.json"),
               "read:" + os.path.join(bin_dir, "chaossim"), "read:" + os.path.join(bin_dir, "CMakeCache.txt"),
               "read:/etc/passwd",
               "glob:/tmp/chaossim-grade-*/build/*.so", "glob:/tmp/chaossim-grade-*/*/submission.so",
               "write:/tmp/pwned-by-student-" + tag, "write:" + os.path.join(klass, "pwned-" + tag),
               "write:" + os.path.join(out, "pwned-" + tag)]
    shutil.copytree(os.path.join(HERE, "hostile", "snoop-py"), os.path.join(klass, "snoop-py"))
    open(os.path.join(klass, "snoop-py", "targets.txt"), "w").write("\n".join(targets) + "\n")
    shutil.copytree(os.path.join(HERE, "hostile", "snoop-cpp"), os.path.join(klass, "snoop-cpp"))
    open(os.path.join(klass, "snoop-cpp", "targets.hpp"), "w").write(
        "const char* const snoop_targets[] = {%s};\n" % ", ".join(json.dumps(t) for t in targets))

    starter = open(os.path.join(source, "tools", "grading", "starter", "submission.cpp")).read()
    for name, include in (("include-etc", "/etc/passwd"), ("include-other", os.path.join(klass, "victim-cpp", "secret.hpp"))):
        os.makedirs(os.path.join(klass, name))
        open(os.path.join(klass, name, "submission.cpp"), "w").write('#include "%s"\n%s' % (include, starter))
    os.makedirs(out)
    for dirpath, dirnames, filenames in os.walk(root):
        for d in dirnames:
            os.chmod(os.path.join(dirpath, d), 0o755)
        for f in filenames:
            os.chmod(os.path.join(dirpath, f), 0o755 if f.startswith("chaossim") else 0o644)
    os.chmod(out, 0o777)
    return {"bin": bin_dir, "kit": kit, "class": klass, "out": out, "suite": suite, "targets": targets}


def grade(layout, out, as_nobody, extra=(), wrapper=()):
    env = dict(os.environ, CHAOSSIM_KIT_DIR=layout["kit"])
    command = list(wrapper) + [os.path.join(layout["bin"], "chaossim"), "grade", "--submissions", layout["class"],
                               "--suite", layout["suite"], "--out", out, "--jobs", "2"] + list(extra)
    kwargs = {}
    if as_nobody and not wrapper:
        kwargs = {"user": NOBODY, "group": NOBODY, "extra_groups": []}
    return subprocess.run(command, capture_output=True, text=True, timeout=900, env=env, **kwargs)


def outputs_of(out, submission):
    texts = {}
    for name in ("results.json", "feedback.html"):
        path = os.path.join(out, submission, name)
        texts[name] = open(path).read() if os.path.exists(path) else ""
    return texts


def check_class(layout, out, secret, hidden, tag, who):
    for submission in ("victim-py", "victim-cpp"):
        results = json.load(open(os.path.join(out, submission, "results.json")))
        check(results["score"] == 2, "%s: %s scored %s, expected 2: %s" % (who, submission, results["score"], results["tests"]))

    for submission in ("snoop-py", "snoop-cpp"):
        texts = outputs_of(out, submission)
        results = json.loads(texts["results.json"])
        report = results["tests"][0]["output"]
        probes = [line for line in re.split(r"\n| ;; ", report) if line.startswith("PROBE ")]
        check(len(probes) == len(layout["targets"]) + 1,
              "%s: %s reported %d attempts, expected %d:\n%s" % (who, submission, len(probes), len(layout["targets"]) + 1, report))
        for line in probes:
            check(" -> allowed" not in line, "%s: %s got through: %s" % (who, submission, line))
        check(hidden not in report, "%s: %s read the hidden test" % (who, submission))
        for name, text in texts.items():
            check(secret not in text, "%s: another student's work reached %s's %s" % (who, submission, name))

    for submission in ("include-etc", "include-other"):
        texts = outputs_of(out, submission)
        results = json.loads(texts["results.json"])
        check(results["score"] == 0 and "does not compile" in results["output"],
              "%s: %s compiled: %s" % (who, submission, results["output"][:400]))
        for name, text in texts.items():
            check(secret not in text and "root:x:0:0" not in text, "%s: %s's %s quotes the included file" % (who, submission, name))

    for submission in os.listdir(out):
        feedback = os.path.join(out, submission, "feedback.html")
        if os.path.exists(feedback):
            check(hidden not in open(feedback).read(), "%s: %s's feedback.html shows the hidden test" % (who, submission))
        check(not submission.startswith("pwned"), "%s: a submission wrote %s into the output folder" % (who, submission))
    check(not os.path.exists("/tmp/pwned-by-student-" + tag), who + ": a submission wrote into /tmp")
    check(not any(f.startswith("pwned") for f in os.listdir(layout["class"])), who + ": a submission wrote into the class folder")


def machine_can_isolate():
    """Landlock (asked of the kernel directly), or root able to make a mount namespace."""
    import ctypes
    libc = ctypes.CDLL(None, use_errno=True)
    landlock_create_ruleset, version_flag = 444, 1  # the same number on x86_64 and aarch64
    if libc.syscall(landlock_create_ruleset, None, 0, version_flag) > 0:
        return True
    return os.geteuid() == 0 and subprocess.run(["unshare", "--mount", "true"], capture_output=True).returncode == 0


def main():
    chaossim, without_isolation, source = sys.argv[1], sys.argv[2], os.path.abspath(sys.argv[3])
    if not machine_can_isolate():
        print("SKIPPED: this machine offers no Landlock, and no mount namespace to this user")
        return 77
    # Markers: another student's work, a hidden test's text, and the names of files a snoop would write.
    secret, hidden, tag = "SECRET-" + uuid.uuid4().hex, "HIDDEN-" + uuid.uuid4().hex, uuid.uuid4().hex
    root = tempfile.mkdtemp(prefix="chaossim-hostile-")
    os.chmod(root, 0o755)
    try:
        layout = lay_out(root, source, secret, hidden, tag)
        runs = [("as root" if os.geteuid() == 0 else "as this user", False)]
        if os.geteuid() == 0:
            runs.append(("as nobody", True))
        for who, as_nobody in runs:
            out = os.path.join(layout["out"], who.replace(" ", "-"))
            os.makedirs(out)
            os.chmod(out, 0o777)
            run = grade(layout, out, as_nobody)
            print(who, run.stdout, run.stderr, sep="\n")
            check(run.returncode == 0, "%s: grade exited %d: %s" % (who, run.returncode, run.stderr))
            check("files: own folder only" in run.stdout, who + ": the grader does not say it isolates files")
            check("WARNING" not in run.stderr, who + ": the grader warns although it isolates")
            if run.returncode == 0:
                check_class(layout, out, secret, hidden, tag, who)

        # A machine that cannot isolate: warned everywhere, refused on demand.
        refused = grade(layout, os.path.join(layout["out"], "refused"), True, ["--require-isolation"], [without_isolation])
        check(refused.returncode == 3, "--require-isolation without isolation exited %d: %s" % (refused.returncode, refused.stderr))
        check("cannot isolate" in refused.stderr, "--require-isolation does not say why: " + refused.stderr)
        check(not os.path.exists(os.path.join(layout["out"], "refused", "gradebook.csv")), "--require-isolation graded anyway")
        unisolated = os.path.join(layout["out"], "unisolated")
        os.makedirs(unisolated)
        os.chmod(unisolated, 0o777)
        warned = grade(layout, unisolated, True, [], [without_isolation])
        check(warned.returncode == 0, "grading without isolation exited %d: %s" % (warned.returncode, warned.stderr))
        check("WARNING" in warned.stderr and "files: not isolated" in warned.stdout, "no warning in the console: " + warned.stderr)
        texts = outputs_of(unisolated, "victim-py")
        check("cannot isolate" in json.loads(texts["results.json"] or "{}").get("output", ""), "no warning in results.json")
        check("cannot isolate" in texts["feedback.html"], "no warning in feedback.html")
    finally:
        shutil.rmtree(root, ignore_errors=True)
        for f in glob.glob("/tmp/pwned-by-student-" + tag):
            os.remove(f)

    for f in failures:
        print("FAIL:", f)
    print("%d problems" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
