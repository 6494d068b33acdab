#!/usr/bin/env bash
# Makes the zip an instructor uploads to Gradescope as the autograder:
# setup.sh and run_autograder at its root, chaossim's source (the committed
# tree, as git archive gives it) in chaossim/. Usage: make_autograder.sh [ZIP]
set -euo pipefail
cd "$(dirname "$0")/../.."
zip_path="$(realpath -m "${1:-out/autograder.zip}")"
mkdir -p "$(dirname "$zip_path")"
staging="$(mktemp -d)"
trap 'rm -rf "$staging"' EXIT
mkdir "$staging/chaossim"
if git rev-parse --git-dir >/dev/null 2>&1; then
  git archive HEAD | tar -x -C "$staging/chaossim"
else  # a tree without its history: everything but what builds and runs leave
  tar -c --exclude='./build*' --exclude='./out' --exclude='./.git' . | tar -x -C "$staging/chaossim"
fi
cp tools/gradescope/setup.sh tools/gradescope/run_autograder "$staging/"
python3 - "$staging" "$zip_path" <<'PY'
import os, sys, zipfile
staging, target = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(target + ".tmp", "w", zipfile.ZIP_DEFLATED) as z:
    for folder, _, files in sorted(os.walk(staging)):
        for name in sorted(files):
            path = os.path.join(folder, name)
            info = zipfile.ZipInfo.from_file(path, os.path.relpath(path, staging))
            with open(path, "rb") as f:
                z.writestr(info, f.read())
os.replace(target + ".tmp", target)
PY
echo "autograder: $zip_path"
