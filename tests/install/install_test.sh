#!/usr/bin/env bash
# Installs chaossim from BUILD_DIR into a temporary prefix, builds the consumer
# project against it with find_package(chaossim), and runs it. Also checks that
# patterns/README.md shows the consumer's code as it is.
set -euo pipefail
build_dir=$1
source_dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cmake --install "$build_dir" --prefix "$work/prefix" --component patterns >/dev/null
cmake -S "$source_dir/tests/install/consumer" -B "$work/build" -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/build" >/dev/null
"$work/build/consumer"

# The README's example is the consumer's main.cpp, line for line.
python3 - "$source_dir/patterns/README.md" "$source_dir/tests/install/consumer/main.cpp" <<'PY'
import sys
readme, code = open(sys.argv[1]).read(), open(sys.argv[2]).read()
if code.strip() not in readme:
    sys.exit("patterns/README.md does not show tests/install/consumer/main.cpp as it is")
PY
echo "1 passed, 0 failed"
