#!/usr/bin/env bash
# Hostile inputs (SPEC §5 "Memory", issue: safe on an attacker's pull request):
# each is generated, then okrlint's peak memory and time are measured against
# the bound every input must meet, 10 × its size + 50 MB.
#
#   bash benches/hostile.sh        # prints the table and writes benches/HOSTILE.md
#
# Needs GNU time (Debian package `time`) and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /usr/bin/time ] || { echo "needs GNU time: apt-get install time" >&2; exit 2; }
cargo build --release --locked --bins >&2
bin=$PWD/target/release/okrlint
work=$PWD/target/bench/hostile
rm -rf "$work"
mkdir -p "$work"
python3 - "$work" <<'PY'
import datetime, os, sys
work = sys.argv[1]

def project(name, files, config=""):
    folder = os.path.join(work, name)
    os.makedirs(folder)
    with open(os.path.join(folder, ".okrlint.yaml"), "w") as f:
        f.write(config)
    for path, text in files.items():
        with open(os.path.join(folder, path), "w") as f:
            f.write(text)

# 1,190 aliases of one objective full of findings (inside the alias budget).
lines = ["cycle: 2026-Q1", "name: Team", "objectives:", "  - &o", "    id: x",
         "    title: Grow 50% revenue TODO", "    owner: TBD and Bob", "    key_results:"]
for k in range(8):
    lines.append(f"      - id: k{k}\n        title: Send 4 newsletters TODO\n        owner: Marketing team\n        baseline: 1\n        target: 1")
lines += ["  - *o"] * 1190
alias = "\n".join(lines) + "\n"
project("alias", {"a.okr.yaml": alias})
project("alias4", {f"{n}.okr.yaml": alias for n in "abcd"})

# One log of 600,000 check-ins (about 63 MB), every one out of its cycle.
kr = "\n".join(f"      - id: k{k}\n        title: Raise x from 10 to 20\n        owner: Ana Lima\n        baseline: 10\n        target: 20\n        source: BI" for k in range(4))
big_set = "cycle: 2026-Q1\nname: Big\nobjectives:\n" + "".join(
    f"  - id: o{o}\n    title: Grow the business\n    owner: Ana Lima\n    key_results:\n{kr}\n" for o in range(25))
out = ["okrs: big", "checkins:"]
for n in range(600_000):
    out.append(f"  - date: 2027-0{1 + n % 9}-{1 + n % 28:02}\n    kr: o{n % 25}/k{(n // 25) % 4}\n    actual: {n % 1000}\n    insight: Reading {n}\n    next_action: Review")
project("log", {"big.okr.yaml": big_set, "big.checkins.yaml": "\n".join(out) + "\n"})

# A roster of 200,000 people and a set whose owners are all misspelt.
people = [f"Person{n:06d} Surname{n % 977}" for n in range(200_000)]
config = "people:\n" + "".join(f"  - {p}\n" for p in people)
team = "cycle: 2026-Q1\nname: Team\nobjectives:\n" + "".join(
    f"  - id: o{o}\n    title: Grow the business\n    owner: Persn{o:06d} Surname{o % 977}\n    key_results:\n"
    f"      - id: k\n        title: Raise x from 10 to 20\n        owner: Person{o:06d} Surnme{o % 977}\n        baseline: 10\n        target: 20\n        source: BI\n"
    for o in range(300))
project("roster", {"team.okr.yaml": team}, config)

# An alignment cycle through 100,000 objectives: two sets of 50,000, each
# objective's key result contributing to one in the other set, round a ring.
n = 50_000
def ring(me, other):
    objs = []
    for i in range(n):
        objs.append(f"  - id: o{i}\n    title: Grow the business\n    owner: Ana Lima\n    key_results:\n"
                    f"      - id: k\n        title: Raise x from 10 to 20\n        owner: Ana Lima\n        baseline: 10\n        target: 20\n        source: BI\n"
                    f"        contributes_to: {other}/o{(i + 1) % n if me == 'b' else i}/k\n")
    return f"id: {me}\ncycle: 2026-Q1\nname: {me}\nobjectives:\n" + "".join(objs)
project("cycle", {"a.okr.yaml": ring("a", "b"), "b.okr.yaml": ring("b", "a")})
PY

printf '| input | size | peak RSS | bound (10 × size + 50 MB) | time | findings |\n|---|---|---|---|---|---|\n' >"$work/table.md"
run() {
  local label=$1 dir=$2
  shift 2
  local size
  size=$(find "$dir" -name '*.yaml' -printf '%s\n' | awk '{s+=$1} END {print s}')
  local start end
  start=$(date +%s.%N)
  (cd "$dir" && /usr/bin/time -f "%M" -o "$work/rss" "$bin" "$@" $([ "$1" = check ] && echo --no-cache) >"$work/out" 2>/dev/null) || true
  end=$(date +%s.%N)
  local rss findings
  rss=$(tail -1 "$work/rss")
  if [ "$1" = check ]; then findings=$(grep -c '"ruleId"' "$work/out" || true); else findings="(not a check)"; fi
  python3 - "$label" "$size" "$rss" "$start" "$end" "$findings" >>"$work/table.md" <<'PY'
import sys
label, size, rss, start, end, findings = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]), sys.argv[6]
bound = 10 * size + 50 * 1024 * 1024
ok = "✓" if rss * 1024 <= bound else "✗ over"
print(f"| {label} | {size / 1024:.0f} KB | {rss / 1024:.0f} MB | {bound / 1024 / 1024:.0f} MB {ok} | {end - start:.2f} s | {findings} |")
PY
  echo "measured $label" >&2
}
run "1,190 aliases of one objective, SARIF" "$work/alias" check --format sarif --as-of 2026-02-16
run "four such files, SARIF" "$work/alias4" check --format sarif --as-of 2026-02-16
run "600,000 check-ins out of their cycle, SARIF" "$work/log" check --format sarif --as-of 2026-02-16
run "a roster of 200,000 people, 600 misspelt owners, SARIF" "$work/roster" check --format sarif --as-of 2026-02-16
run "an alignment cycle through 100,000 objectives, SARIF" "$work/cycle" check --format sarif --as-of 2026-02-16
run "the same, cycle detection alone (OKR504), SARIF" "$work/cycle" check --format sarif --select OKR504 --as-of 2026-02-16
run "600,000 check-ins, score" "$work/log" score --format json --as-of 2026-02-16
cat "$work/table.md"
{
  echo "# Hostile inputs"
  echo
  echo "Produced by \`bash benches/hostile.sh\` at commit \`$(git rev-parse --short HEAD)\` on $(nproc) cores, release build; one run each, peak RSS by GNU time, wall time by \`date\`."
  echo
  cat "$work/table.md"
} >benches/HOSTILE.md
