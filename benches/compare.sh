#!/usr/bin/env bash
# Head against a base revision, side by side in the same hyperfine runs: on a
# shared, noisy machine two separate benchmark runs differ by more than most
# changes do, and alternating the two binaries cancels that out.
#
#   BASE=<revision> bash benches/compare.sh     # prints a table: medians and head ÷ base
#
# Uses the corpora of benches/run.sh (run it once first, or QUICK=1), and
# needs hyperfine. The base is built in target/bench/base (a git worktree).
set -euo pipefail
cd "$(dirname "$0")/.."
: "${BASE:?set BASE to the revision to compare with, e.g. BASE=main~3}"
command -v hyperfine >/dev/null || { echo "needs hyperfine: apt-get install hyperfine" >&2; exit 2; }
work=$PWD/target/bench
[ -f "$work/c1000/.okrlint.yaml" ] || { echo "no corpus: run QUICK=1 bash benches/run.sh first" >&2; exit 2; }

cargo build --release --locked --bins >&2
head_bin=$work/okrlint-head
cp target/release/okrlint "$head_bin"
base_dir=$work/base
rm -rf "$base_dir"
git worktree prune
git worktree add --force --detach "$base_dir" "$BASE" >&2
(cd "$base_dir" && CARGO_TARGET_DIR=$work/base-target cargo build --release --locked --bins >&2)
base_bin=$work/okrlint-base
cp "$work/base-target/release/okrlint" "$base_bin"
git worktree remove --force "$base_dir"

echo "| scenario | base median | head median | head ÷ base |"
echo "|---|---|---|---|"
# compare NAME RUNS DIR ARGS...: both binaries, interleaved by hyperfine.
compare() {
  local name=$1 runs=$2 dir=$3
  shift 3
  (cd "$dir" && hyperfine -N -i --warmup 1 --runs "$runs" --export-json "$work/cmp.json" \
    -- "$base_bin $*" "$head_bin $*" >/dev/null 2>&1)
  python3 - "$work/cmp.json" "$name" <<'PY'
import json, statistics, sys
base, head = (statistics.median(r["times"]) for r in json.load(open(sys.argv[1]))["results"])
print(f"| {sys.argv[2]} | {base * 1000:.0f} ms | {head * 1000:.0f} ms | {head / base:.2f} |")
PY
}

check="check --as-of 2026-03-20 --quiet --format concise"
one=depts/d003/teams/t00003.okr.yaml
compare "one file named in 1,000 sets with logs, warm cache" 20 "$work/c1000" $check $one
compare "1,000 sets with logs, --no-cache" 10 "$work/c1000" $check --no-cache
compare "1,000 sets without logs, --no-cache" 10 "$work/c1000-nologs" $check --no-cache
compare "1,000 sets with last quarter's history, --no-cache" 10 "$work/c1000-history" $check --no-cache
compare "score --format json, 1,000 sets with logs" 10 "$work/c1000" score --as-of 2026-03-20 --format json --quiet
compare "report --format html, 1,000 sets with logs" 5 "$work/c1000" report --as-of 2026-03-20 --format html --quiet
