#!/usr/bin/env bash
# Process wall time of one `okrlint check` of the gold fixture and of one file
# in it: median of 20 runs, with hyperfine (Debian package `hyperfine`).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "needs hyperfine: apt-get install hyperfine" >&2; exit 2; }
cargo build --release --locked
hyperfine -N --warmup 3 --runs 20 \
  './target/release/okrlint check fixtures/playbook/gold --as-of 2026-02-16' \
  './target/release/okrlint check fixtures/playbook/gold/growth.okr.yaml --as-of 2026-02-16' \
  --export-json target/bench-gold.json
python3 - <<'PY'
import json
for r in json.load(open("target/bench-gold.json"))["results"]:
    print(f"{r['command']}: median {r['median']*1000:.2f} ms (min {r['min']*1000:.2f}, max {r['max']*1000:.2f})")
PY
