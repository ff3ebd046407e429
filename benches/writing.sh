#!/usr/bin/env bash
# The writing and owner rules measured on labelled titles: the repository's
# own set (tests/data/writing/) and the development set of real teams' titles
# (WRITING.md; read where it lies, never copied into the repository).
#
#   bash benches/writing.sh [DIR]     # DIR defaults to ../shared/writing-dev
#
# Prints precision, recall and the misses per rule; fails below the targets.
set -euo pipefail
cd "$(dirname "$0")/.."
dev=${1:-../shared/writing-dev}
[ -f "$dev/objectives.tsv" ] || { echo "no development set at $dev" >&2; exit 2; }
OKRLINT_WRITING_DEV=$(cd "$dev" && pwd) cargo test --locked --test writing -- --nocapture
