#!/usr/bin/env bash
# The main job on the bundled essay, after the set-up it needs. The README's first command.
# Builds the web page and the binary, then `sanad demo`: the essay ingested into a fresh store
# and served at http://127.0.0.1:8737/ (arguments go to `sanad demo`: --port, --store, --no-serve).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build-web.sh
cargo build --release --locked -p sanad
exec "${CARGO_TARGET_DIR:-target}/release/sanad" demo "$@"
