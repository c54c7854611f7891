#!/usr/bin/env bash
# Every test of sanad, after the set-up it needs. The README's second command; .ci/run calls it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test

echo "== cargo test (workspace)"
cargo test --workspace --all-targets --locked
cargo test --workspace --doc --locked
