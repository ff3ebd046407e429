#!/usr/bin/env bash
# Runs okrlint's fuzz targets, seeded from the repository's fixtures.
#
#   bash fuzz/run.sh TARGET [SECONDS]     # one target (load, config, check, yaml), default 600 s
#   bash fuzz/run.sh all [SECONDS]        # each target in turn for SECONDS
#
# Needs the nightly toolchain (`rustup toolchain install nightly`) and cargo-fuzz
# (`cargo install cargo-fuzz`). Crashes land in fuzz/artifacts/TARGET/.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: fuzz/run.sh load|config|check|yaml|all [SECONDS]}
seconds=${2:-600}

# The seed corpus: every fixture, with the first byte that the target reads as
# the file's kind (load: set, log, dictionary, unnamed; check: which gold file).
seed() {
  local name=$1 dir=fuzz/corpus/$1
  mkdir -p "$dir"
  local i=0
  while IFS= read -r -d '' file; do
    case "$name:$file" in
      config:*.okrlint.yaml) cp "$file" "$dir/seed-$i" ;;
      config:*) continue ;;
      yaml:*) cp "$file" "$dir/seed-$i" ;;
      *.okrlint.yaml) continue ;;
      load:*.checkins.yaml) { printf '\001'; cat "$file"; } >"$dir/seed-$i" ;;
      load:*.metrics.yaml) { printf '\002'; cat "$file"; } >"$dir/seed-$i" ;;
      load:*) { printf '\000'; cat "$file"; } >"$dir/seed-$i" ;;
      # check: 3 replaces the gold dictionary, 4 the gold log, 5 adds a set.
      check:*.metrics.yaml) { printf '\003'; cat "$file"; } >"$dir/seed-$i" ;;
      check:*.checkins.yaml) { printf '\004'; cat "$file"; } >"$dir/seed-$i" ;;
      check:*) { printf '\005'; cat "$file"; } >"$dir/seed-$i" ;;
    esac
    i=$((i + 1))
  done < <(find fixtures -name '*.yaml' -print0 | sort -z)
}

run() {
  seed "$1"
  # -timeout: a single input taking over 10 s is a hang; -rss_limit_mb: memory blow-ups are crashes.
  cargo +nightly fuzz run "$1" "fuzz/corpus/$1" -- -dict=fuzz/okr.dict -max_total_time="$seconds" \
    -timeout=10 -rss_limit_mb=2048 -max_len=65536
}

if [ "$target" = all ]; then
  for t in load config check yaml; do run "$t"; done
else
  run "$target"
fi
