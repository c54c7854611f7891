#!/usr/bin/env bash
# The main job on the bundled essay, after the set-up it needs. The README's first command.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cargo build --release --locked -p sanad
exec ./target/release/sanad extract demo/karabakh-history.fa.txt "$@"
