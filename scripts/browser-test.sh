#!/usr/bin/env bash
# The browser test: headless Chromium (Debian's chromium, driven by playwright-core) against a
# sanad server holding the bundled essay and a hostile test document. Screenshots of the reader,
# timeline, claims, search, map and hostile views go to test-output/screenshots/.
#   bash scripts/browser-test.sh              build web/dist and sanad, ingest, serve, test
#   bash scripts/browser-test.sh --fixtures   test the page against web/fixtures (vite preview),
#                                             no Rust build: for work on the page alone
#   SANAD_URL=http://127.0.0.1:8737 bash scripts/browser-test.sh   test a server already running
# Environment: SANAD_BIN (default $CARGO_TARGET_DIR/release/sanad, built if missing or stale).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

mode=server
[ "${1:-}" = "--fixtures" ] && mode=fixtures
[ -n "${SANAD_URL:-}" ] && mode=url

# Debian's Chromium (the browser playwright would download cannot be fetched here).
if [ ! -x /usr/bin/chromium ]; then
  echo "browser-test: installing Debian's chromium" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
fi

# playwright-core for the test driver.
lock_hash=$(sha256sum tests/browser/package-lock.json | cut -d' ' -f1)
if [ ! -d tests/browser/node_modules ] || [ "$(cat tests/browser/node_modules/.sanad-lock-hash 2>/dev/null)" != "$lock_hash" ]; then
  (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error >&2)
  echo "$lock_hash" > tests/browser/node_modules/.sanad-lock-hash
fi

bash scripts/build-web.sh

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
server_pid=""
work=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  if [ -n "$work" ]; then rm -rf "$work"; fi
}
trap cleanup EXIT

wait_for() { # URL, log file
  for _ in $(seq 1 150); do
    if curl -fsS -o /dev/null "$1" 2>/dev/null; then return 0; fi
    if [ -n "$server_pid" ] && ! kill -0 "$server_pid" 2>/dev/null; then
      echo "browser-test: the server exited; its log:" >&2; cat "$2" >&2; return 1
    fi
    sleep 0.2
  done
  echo "browser-test: $1 did not answer in 30 s; the server's log:" >&2; cat "$2" >&2
  return 1
}

work=$(mktemp -d)
case $mode in
  url)
    url=${SANAD_URL%/}
    ;;
  fixtures)
    port=$(free_port)
    (cd web && exec node node_modules/vite/bin/vite.js preview --host 127.0.0.1 --port "$port" --strictPort) > "$work/server.log" 2>&1 &
    server_pid=$!
    url="http://127.0.0.1:$port"
    wait_for "$url/api/documents" "$work/server.log"
    ;;
  server)
    bin=${SANAD_BIN:-${CARGO_TARGET_DIR:-target}/release/sanad}
    if [ -z "${SANAD_BIN:-}" ]; then
      # Cargo decides whether anything (web/dist included) changed since the last build.
      cargo build --release --locked -q -p sanad
    fi
    "$bin" ingest --store "$work/store" demo/karabakh-history.fa.txt tests/browser/fixtures/hostile.txt tests/browser/fixtures/spelling.txt > "$work/ingest.log" 2>&1 \
      || { echo "browser-test: ingest failed:" >&2; cat "$work/ingest.log" >&2; exit 1; }
    port=$(free_port)
    "$bin" serve --store "$work/store" --port "$port" > "$work/server.log" 2>&1 &
    server_pid=$!
    url="http://127.0.0.1:$port"
    wait_for "$url/api/documents" "$work/server.log"
    ;;
esac

echo "browser-test: testing $url ($mode)" >&2
mkdir -p test-output/screenshots
node tests/browser/browser.test.mjs "$url" "$root/test-output/screenshots"
