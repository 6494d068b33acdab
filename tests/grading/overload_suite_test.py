"""A suite grading client-side adaptive throttling and worker pools
(tests/grading/suites/overload-control.json): both references, the C++ one
and the Python port, earn every point through the decision protocol; a
submission without an AdaptiveThrottle (the Python reference with it taken
out) fails exactly the throttling tests, as "does not implement".

usage: overload_suite_test.py CHAOSSIM SOURCE_DIR WORK_DIR
"""
import os
import re
import shutil
import sys

from assemble_class import SUBMISSIONS
from variants_suite_test import check, grade, references_pass


def main():
    chaossim, source, work = sys.argv[1:4]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    suite = os.path.join(source, "tests", "grading", "suites", "overload-control.json")
    references_pass(chaossim, source, work, suite)

    without = os.path.join(work, "without-throttle")
    shutil.copytree(os.path.join(SUBMISSIONS, "reference-python"), without)
    path = os.path.join(without, "student.py")
    text = open(path).read()
    cut = re.sub(r"\n\nclass AdaptiveThrottle:.*?(?=\n\n\nclass |\Z)", "\n", text, flags=re.S)
    check(cut != text, "the reference's AdaptiveThrottle was not found to take out")
    open(path, "w").write(cut)
    verdicts, results = grade(chaossim, suite, without, os.path.join(work, "out-without"))
    check(all((v == "failed") == name.startswith("throttle-") for name, v in verdicts.items()),
          "without AdaptiveThrottle: %s" % verdicts)
    outputs = " ".join(t.get("output", "") for t in results["tests"] if t["name"].startswith("throttle-"))
    check("does not implement" in outputs, "the feedback does not say what is missing: %s" % outputs[:500])
    print("ok")


if __name__ == "__main__":
    main()
