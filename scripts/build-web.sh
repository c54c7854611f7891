#!/usr/bin/env bash
# Builds the web page into web/dist (embedded into the sanad binary at compile time).
# Idempotent and fast: `npm ci` only when web/package-lock.json changed, the Vite build only when
# a source file changed (a hash of them is kept in web/node_modules/.sanad-dist-hash).
#   bash scripts/build-web.sh          build if needed
#   bash scripts/build-web.sh --force  rebuild
set -euo pipefail
cd "$(dirname "$0")/../web"

force=0
[ "${1:-}" = "--force" ] && force=1

if ! command -v npm >/dev/null 2>&1; then
  echo "build-web: npm is missing (Node.js ≥ 20 and npm are needed to build the page)" >&2
  exit 1
fi

lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ $force = 1 ] || [ ! -d node_modules ] || [ "$(cat node_modules/.sanad-lock-hash 2>/dev/null)" != "$lock_hash" ]; then
  echo "build-web: npm ci" >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
  echo "$lock_hash" > node_modules/.sanad-lock-hash
fi

source_hash=$( { echo "$lock_hash"; find index.html vite.config.ts tsconfig.json package.json src -type f -print0 | sort -z | xargs -0 sha256sum; } | sha256sum | cut -d' ' -f1)
if [ $force = 0 ] && [ -f dist/index.html ] && [ "$(cat node_modules/.sanad-dist-hash 2>/dev/null)" = "$source_hash" ]; then
  echo "build-web: web/dist is up to date" >&2
  exit 0
fi

echo "build-web: type-check and build" >&2
npx --no-install tsc --noEmit -p .
npx --no-install vite build --logLevel warn
echo "$source_hash" > node_modules/.sanad-dist-hash
echo "build-web: built web/dist ($(du -sh dist | cut -f1))" >&2
