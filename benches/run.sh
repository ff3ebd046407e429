#!/usr/bin/env bash
# The benchmark: okrlint against the parse floor on generated repositories.
#
#   bash benches/run.sh            # full run (1,000 and 10,000 sets), writes benches/RESULTS.md
#   QUICK=1 bash benches/run.sh    # 1,000 sets only, prints the table
#
# Needs hyperfine and GNU time (Debian packages `hyperfine` and `time`).
# Corpora come from benches/corpus.rs (deterministic), the floor from
# benches/parse_floor.rs (serde-saphyr into IgnoredAny, the same files, in
# parallel, nothing else). Times are medians of hyperfine runs; peak RSS is
# GNU time's maximum resident set size of one more run.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "needs hyperfine: apt-get install hyperfine" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs GNU time: apt-get install time" >&2; exit 2; }

cargo build --release --locked --bins --examples >&2
bin=$PWD/target/release/okrlint
floor=$PWD/target/release/examples/parse_floor
events=$PWD/target/release/examples/event_floor
work=$PWD/target/bench
mkdir -p "$work"
results=$work/results.tsv
: >"$results"

sizes=(1000)
[ -z "${QUICK:-}" ] && sizes+=(10000)
for n in "${sizes[@]}"; do
  [ -f "$work/c$n/.okrlint.yaml" ] || ./target/release/examples/corpus "$work/c$n" "$n" >&2
  [ -f "$work/c$n-nologs/.okrlint.yaml" ] || ./target/release/examples/corpus "$work/c$n-nologs" "$n" --no-logs >&2
done
# Two cycles of history: the 1,000-set corpus with last quarter's sets and logs under archive/.
[ -f "$work/c1000-history/.okrlint.yaml" ] || ./target/release/examples/corpus "$work/c1000-history" 1000 --history >&2
# Memory per finding: every key result with a seeded violation (and no check-ins, so the habit rules report too).
heavy=${sizes[-1]}
[ -f "$work/c$heavy-findings/.okrlint.yaml" ] || ./target/release/examples/corpus "$work/c$heavy-findings" "$heavy" --no-logs --findings >&2
# One set file of 100,001 objectives (about 34 MB), each with several findings.
if [ ! -f "$work/bigset/huge.okr.yaml" ]; then
  mkdir -p "$work/bigset"
  : >"$work/bigset/.okrlint.yaml"
  python3 - "$work/bigset/huge.okr.yaml" <<'PY2'
import sys
out = ["cycle: 2026-Q1", "level: team", "name: Huge", "objectives:"]
for i in range(100_001):
    out.append(f"  - id: o{i}\n    title: Grow revenue in region {i} by 20%\n    owner: Sales team\n"
               f"    description: Region {i} is where the next accounts come from, and the pipeline shows it\n"
               f"    key_results:\n      - id: k0\n        title: Launch the onboarding flow for region {i}\n"
               f"        owner: Ana Lima and Bob Chen")
open(sys.argv[1], "w").write("\n".join(out) + "\n")
PY2
fi
# One typical set file alone (a team set of about 4 KB), in a project of its own:
# the folder's `.okrlint.yaml` makes it the project root (else the root would be
# the enclosing git repository, this one, and the run would walk its fixtures).
mkdir -p "$work/alone"
cp "$work/c1000/depts/d003/teams/t00003.okr.yaml" "$work/alone/"
: >"$work/alone/.okrlint.yaml"
one=depts/d003/teams/t00003.okr.yaml

# measure NAME RUNS DIR COMMAND...: median, min, max (seconds) and peak RSS (KB).
measure() {
  local name=$1 runs=$2 dir=$3
  shift 3
  (cd "$dir" && hyperfine -N -i --warmup 1 --runs "$runs" --export-json "$work/h.json" -- "$*" >/dev/null 2>&1)
  local rss
  rss=$(cd "$dir" && /usr/bin/time -f "%M" -o "$work/rss" "$@" >/dev/null 2>&1; tail -1 "$work/rss")
  python3 - "$work/h.json" "$name" "$rss" >>"$results" <<'PY'
import json, statistics, sys
r = json.load(open(sys.argv[1]))["results"][0]
print(f"{sys.argv[2]}\t{statistics.median(r['times'])}\t{min(r['times'])}\t{max(r['times'])}\t{sys.argv[3]}")
PY
  echo "measured $name" >&2
}

# Pinned inside the corpus cycle (2026-Q1), so no figure depends on the day it is measured.
asof=2026-03-20
check="$bin check --as-of $asof --quiet --format concise"
measure "alone" 30 "$work/alone" $check t00003.okr.yaml
measure "events alone" 30 "$work" "$events" alone
for n in "${sizes[@]}"; do
  # Enough runs that a median is not one lucky or unlucky run (the machine is shared).
  runs=20
  [ "$n" -ge 10000 ] && runs=5
  measure "floor $n" "$runs" "$work" "$floor" "c$n"
  measure "floor $n nologs" "$runs" "$work" "$floor" "c$n-nologs"
  measure "events $n" "$runs" "$work" "$events" "c$n"
  measure "events $n nologs" "$runs" "$work" "$events" "c$n-nologs"
  measure "check $n" "$runs" "$work/c$n" $check --no-cache
  measure "check $n nologs" "$runs" "$work/c$n-nologs" $check --no-cache
done
measure "floor 1000 history" 20 "$work" "$floor" c1000-history
measure "events 1000 history" 20 "$work" "$events" c1000-history
measure "check 1000 history" 20 "$work/c1000-history" $check --no-cache
# Memory per finding: every output format holds or streams its findings.
measure "events findings" 5 "$work" "$events" "c$heavy-findings"
measure "findings json" 5 "$work/c$heavy-findings" "$bin" check --as-of "$asof" --quiet --no-cache --format json
measure "findings sarif" 3 "$work/c$heavy-findings" "$bin" check --as-of "$asof" --quiet --no-cache --format sarif
measure "findings human" 3 "$work/c$heavy-findings" "$bin" check --as-of "$asof" --quiet --no-cache --format human
# How many findings those memory figures hold.
count() { (cd "$1" && shift && "$bin" check --as-of "$asof" --quiet --no-cache --format concise "$@" | wc -l); }
printf 'count findings\t%s\t0\t0\t0\n' "$(count "$work/c$heavy-findings")" >>"$results"
printf 'count bigset\t%s\t0\t0\t0\n' "$(count "$work/bigset" huge.okr.yaml)" >>"$results"
measure "events bigset" 5 "$work" "$events" bigset
measure "bigset json" 3 "$work/bigset" "$bin" check --as-of "$asof" --quiet --no-cache --format json huge.okr.yaml
# `okrlint score` over the largest corpus with logs (10,000 sets, 1.36 million check-ins; 1,000 sets in QUICK mode).
big=${sizes[-1]}
# Cold, as `check --no-cache`: a cache folder that cannot be made is ignored (SPEC §4).
: >"$work/not-a-folder"
export OKRLINT_CACHE_DIR="$work/not-a-folder/cache"
measure "score $big" 5 "$work/c$big" "$bin" score --as-of "$asof" --format json --quiet
# The end-of-cycle report of a 1,000-set company, as one HTML page (cold).
measure "report 1000" 10 "$work/c1000" "$bin" report --as-of "$asof" --format html --quiet
unset OKRLINT_CACHE_DIR
# One set whose single check-in log holds 300,000 check-ins (about 60 MB): parsed and scored.
if [ ! -f "$work/biglog/big.checkins.yaml" ]; then
  mkdir -p "$work/biglog"
  : >"$work/biglog/.okrlint.yaml"
  python3 - "$work/biglog" <<'PY'
import datetime, sys
folder = sys.argv[1]
out = ["cycle: 2026-Q1", "level: team", "name: Big", "objectives:"]
for o in range(25):
    out.append(f"  - id: o{o}\n    title: Grow the business\n    owner: Ana Lima\n    key_results:")
    for k in range(4):
        out.append(f"      - id: k{k}\n        title: Raise x from 10 to 20\n        owner: Ana Lima\n        baseline: 10\n        target: 20\n        source: BI")
open(f"{folder}/big.okr.yaml", "w").write("\n".join(out) + "\n")
lines = ["okrs: big", "checkins:"]
start = datetime.date(2026, 1, 1)
for n in range(300_000):
    day = start + datetime.timedelta(days=(n * 7) % 90)
    lines.append(f"  - date: {day}\n    kr: o{n % 25}/k{(n // 25) % 4}\n    actual: {10 + (n % 1000) / 100:.2f}\n    confidence: {1 + n % 5}\n    insight: Weekly reading number {n} from the warehouse pipeline\n    next_action: Keep the experiment running and review it next week")
open(f"{folder}/big.checkins.yaml", "w").write("\n".join(lines) + "\n")
PY
fi
export OKRLINT_CACHE_DIR="$work/not-a-folder/cache"
measure "floor biglog" 5 "$work" "$floor" biglog
measure "events biglog" 5 "$work" "$events" biglog
measure "score biglog" 5 "$work/biglog" "$bin" score --as-of "$asof" --format json --quiet
unset OKRLINT_CACHE_DIR
# One file named in the 1,000-set project with logs: warm (cache primed by the warm-up run) and cold.
rm -rf "$work/c1000/.okrlint_cache"
measure "one named, warm" 20 "$work/c1000" $check "$one"
measure "one named, no cache" 10 "$work/c1000" $check --no-cache "$one"

python3 - "$results" "${QUICK:-}" <<'PY'
import os, platform, subprocess, sys
rows = {}
for line in open(sys.argv[1]):
    name, median, lo, hi, rss = line.rstrip("\n").split("\t")
    rows[name] = (float(median), float(lo), float(hi), int(rss) if rss.isdigit() else 0)
quick = bool(sys.argv[2])

def ms(s):
    return f"{s * 1000:.0f} ms" if s < 10 else f"{s:.2f} s"

def line(label, name, floor=None, target="", events=None):
    m, lo, hi, rss = rows[name]
    ratio = f"{m / rows[floor][0]:.2f}×" if floor else ""
    # × the event floor (SPEC §5): the same corpus's bare event stream.
    events = events or (floor.replace("floor", "events", 1) if floor else None)
    by_events = f"{m / rows[events][0]:.2f}×" if events in rows else ""
    return f"| {label} | {ms(m)} | {ms(lo)} – {ms(hi)} | {rss / 1024:.0f} MB | {by_events} | {ratio} | {target} |"

out = ["| scenario | median | min – max | peak RSS | × event floor | × serde-saphyr floor | target (SPEC §5) |", "|---|---|---|---|---|---|---|"]
size_mb = lambda path: os.path.getsize(path) / (1024 * 1024)
out.append(line("event floor, the same file", "events alone"))
out.append(line("one typical set file alone (4 KB)", "alone", target="< 5 ms", events="events alone"))
out.append(line("one file named in 1,000 sets with logs, warm cache", "one named, warm", target="< 25 ms"))
out.append(line("the same, `--no-cache` (× the whole project's floor)", "one named, no cache", "floor 1000", "< 1.0× event floor", events="events 1000"))
for n in ([1000] if quick else [1000, 10000]):
    label = f"{n:,}"
    out.append(line(f"event floor, {label} sets with logs", f"events {n}"))
    out.append(line(f"serde-saphyr floor, {label} sets with logs", f"floor {n}"))
    out.append(line(f"{label} sets with logs, `--no-cache`", f"check {n}", f"floor {n}",
                    "≤ 1.5×" + (", < 1 GB" if n == 10000 else "")))
    out.append(line(f"event floor, {label} sets without logs", f"events {n} nologs"))
    out.append(line(f"serde-saphyr floor, {label} sets without logs", f"floor {n} nologs"))
    out.append(line(f"{label} sets without logs, `--no-cache`", f"check {n} nologs", f"floor {n} nologs",
                    "≤ 1.5×" + (", < 1.5 s, < 300 MB" if n == 10000 else "")))
out.append(line("event floor, 1,000 sets with logs and last quarter's history", "events 1000 history"))
out.append(line("serde-saphyr floor, the same", "floor 1000 history"))
out.append(line("1,000 sets with logs and last quarter's history, `--no-cache`", "check 1000 history", "floor 1000 history", "≤ 1.5×"))
heavy = 1000 if quick else 10000
out.append(line(f"event floor, {heavy:,} sets without logs, every key result with findings ({rows['count findings'][0]:,.0f} findings)", "events findings"))
for fmt in ("json", "sarif", "human"):
    out.append(line(f"the same, `--format {fmt}`", f"findings {fmt}", events="events findings",
                    target="< 300 MB" if heavy == 10000 else ""))
big = size_mb("target/bench/bigset/huge.okr.yaml")
out.append(line(f"event floor, one {big:.0f} MB set of 100,001 objectives", "events bigset"))
out.append(line(f"`check --format json`, the same ({rows['count bigset'][0]:,.0f} findings)", "bigset json", events="events bigset", target=f"< {10 * big + 50:.0f} MB (10 × size + 50 MB)"))
log_mb = size_mb("target/bench/biglog/big.checkins.yaml")
out.append(line(f"event floor, one {log_mb:.0f} MB log (300,000 check-ins)", "events biglog"))
out.append(line("serde-saphyr floor, the same", "floor biglog"))
out.append(line("`score --format json`, the same", "score biglog", "floor biglog", f"≤ 1.5×, < {10 * log_mb + 50:.0f} MB"))
checkins = "136,000" if quick else "1.36 million"
out.append(line(f"`score --format json`, {heavy:,} sets with logs ({checkins} check-ins)", f"score {heavy}", f"floor {heavy}",
                "≤ 1.5×, < 1 GB"))
out.append(line("`report --format html`, 1,000 sets with logs (one 26 MB page)", "report 1000", "floor 1000"))
if not quick:
    for logs, suffix in (("with logs", ""), ("without logs", " nologs")):
        scale = rows[f"check 10000{suffix}"][0] / rows[f"check 1000{suffix}"][0]
        out.append(f"| scaling 1,000 → 10,000 sets {logs} | {scale:.1f}× the time | | | | | ≤ 11× |")
table = "\n".join(out)
print(table)
if not quick:
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.machine())
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    date = subprocess.run(["date", "-u", "+%Y-%m-%d %H:%M UTC"], capture_output=True, text=True).stdout.strip()
    sizes = {n: subprocess.run(["du", "-sh", "--apparent-size", f"target/bench/c{n}"], capture_output=True, text=True).stdout.split()[0] for n in (1000, 10000)}
    with open("benches/RESULTS.md", "w") as f:
        f.write(f"""# Benchmark results

Produced by `bash benches/run.sh` (this file is rewritten by each full run).

- Date: {date}; commit `{commit}`
- Machine: {os.cpu_count()} cores, {cpu}; release build (thin LTO)
- Corpora (`benches/corpus.rs`): 1,000 sets with logs = {sizes[1000]} of YAML, 10,000 sets with logs = {sizes[10000]};
  13 weekly check-ins per KR, a learning per KR, about one KR in five with a seeded violation (and no learning);
  `--history` adds last quarter's sets and logs under `archive/`; `--findings` gives every KR a seeded violation
  (the memory-per-finding corpus, without logs, so the habit rules report on every KR too); one set file of
  100,001 objectives (generated by `run.sh`); every run `--as-of 2026-03-20`, inside the corpus cycle
- Times: hyperfine medians (30 runs for one file alone, 20 for one file named warm and 10 cold, 20 for 1,000 sets, 5 for 10,000 sets), process start to exit;
  peak RSS: GNU time, one run (the output goes to /dev/null). "× event floor" divides by the bare event stream of the same files measured
  in the same run (`benches/event_floor.rs`: granit-parser's events, counted, nothing built, in parallel);
  "× serde-saphyr floor" by serde-saphyr into `IgnoredAny` over the same files (`benches/parse_floor.rs`)

{table}
""")
    print("wrote benches/RESULTS.md")
PY
