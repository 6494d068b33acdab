"""Lays out the test class of submissions in a directory, as an instructor's
folder of submissions would look: the references and the broken ones.

The broken Python submissions import the reference port (as
reference_patterns.py) and break one method; the C++ ones bring the reference
sources (patterns/*.cpp) and the reference submission's locks
(locked_patterns.hpp) and replace one pattern. The clean ones are right but
written in a way the design signals flag, and are laid out as the broken ones
of their language. Copies are made here rather than kept in the repository
twice.
"""
import glob
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
SUBMISSIONS = os.path.join(HERE, "submissions")


def assemble(source_dir, target):
    reference_py = os.path.join(SUBMISSIONS, "reference-python", "student.py")
    reference_cpp = sorted(glob.glob(os.path.join(source_dir, "patterns", "*.cpp")))
    shutil.copytree(os.path.join(SUBMISSIONS, "reference-python"), os.path.join(target, "reference-python"))
    shutil.copytree(os.path.join(SUBMISSIONS, "reference-cpp"), os.path.join(target, "reference-cpp"))
    for source in reference_cpp:
        shutil.copy(source, os.path.join(target, "reference-cpp"))
    locks = os.path.join(SUBMISSIONS, "reference-cpp", "locked_patterns.hpp")
    for kind in ("broken", "clean"):
        for name in sorted(os.listdir(os.path.join(SUBMISSIONS, kind))):
            into = os.path.join(target, name)
            shutil.copytree(os.path.join(SUBMISSIONS, kind, name), into)
            if os.path.exists(os.path.join(into, "student.py")):
                shutil.copy(reference_py, os.path.join(into, "reference_patterns.py"))
            if glob.glob(os.path.join(into, "*_submission.cpp")):
                for source in reference_cpp + [locks]:
                    shutil.copy(source, into)


if __name__ == "__main__":
    import sys

    assemble(sys.argv[1], sys.argv[2])
