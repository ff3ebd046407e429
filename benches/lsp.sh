#!/usr/bin/env bash
# The editor server's latency: `okrlint server` driven by an LSP client
# (benches/lsp_latency.rs) in the 1,000-set corpus with logs, edits timed
# from `didChange` written to the edited file's diagnostics published.
#
#   bash benches/lsp.sh          # 40 edits of each kind
#   EDITS=100 bash benches/lsp.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked --bins --examples >&2
work=$PWD/target/bench
mkdir -p "$work"
[ -f "$work/c1000/.okrlint.yaml" ] || ./target/release/examples/corpus "$work/c1000" 1000 >&2
echo "machine: $(nproc) cores; corpus: 1,000 sets with logs ($(du -sh "$work/c1000" | cut -f1) of YAML)"
./target/release/examples/lsp_latency ./target/release/okrlint "$work/c1000" "${EDITS:-40}"
