#!/usr/bin/env bash
# Every test of sanad, after the set-up it needs. The README's second command; .ci/run calls it.
# One cargo build (the dev profile, optimised: see Cargo.toml) serves every step; the binary it
# makes is what the Spark, browser and PostgreSQL tests drive.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
step() { echo; echo "== $* ($((SECONDS - started)) s in)"; }

step "set-up"
bash scripts/setup.sh --test
# The page is embedded into the binary at compile time, so it is built first.
bash scripts/build-web.sh

target=${CARGO_TARGET_DIR:-target}
export SANAD_BIN=$target/debug/sanad

step "cargo test (workspace: unit, integration, golden, property and CLI tests)"
cargo test --workspace --all-targets --locked
cargo test --workspace --doc --locked

step "calendar differential test against the Python peers (every day of 1500 years)"
cargo test --locked --workspace --test differential -- --ignored

step "NER model on the corpora's test splits"
cargo test --locked --workspace --test eval_corpora -- --ignored

step "scores on the founding essay (../shared/eval)"
bash scripts/score-essay.sh

step "Spark job equals sanad extract (10,000 documents, local mode, 1 and 2 cores)"
"${SANAD_SPARK_VENV:-$HOME/.cache/sanad-spark}/bin/python" spark/test_spark.py --docs 10000

step "PostgreSQL store (a throwaway server on loopback)"
bash scripts/pg-test.sh

step "browser test (headless Chromium against sanad serve)"
bash scripts/browser-test.sh

step "all tests passed in $((SECONDS - started)) s"
