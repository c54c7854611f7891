#!/usr/bin/env bash
# Installs what sanad's build and tests need on a fresh machine, idempotently.
#   bash scripts/setup.sh          build dependencies only (the Rust toolchain is the machine's)
#   bash scripts/setup.sh --test   also what the test suite needs (peers, browser)
# Every step checks first, so a second run costs seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${missing[*]} (Debian packages)" >&2
    if [ ! -f /tmp/.sanad-apt-updated ]; then apt-get update -qq >&2 && touch /tmp/.sanad-apt-updated; fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
  fi
}

# Node.js and npm build the web page (scripts/build-web.sh); the machine image has them, a bare
# Debian gets its own packages.
command -v npm >/dev/null 2>&1 || apt_install nodejs npm

# Python peers (hazm, dateparser, convertdate …) for differential tests and benchmarks; they live
# in a venv outside the repo (../shared/peers/setup.sh decides where).
if [ $want_test = 1 ] && [ -f ../shared/peers/setup.sh ]; then
  bash ../shared/peers/setup.sh >/dev/null
fi

# Spark for the scale-out test (issue: corpus-scale extraction): Java from Debian, pyspark from
# PyPI in a venv outside the repo.
if [ $want_test = 1 ]; then
  command -v java >/dev/null 2>&1 || apt_install openjdk-17-jre-headless
  spark_venv=${SANAD_SPARK_VENV:-$HOME/.cache/sanad-spark}
  if [ ! -f "$spark_venv/.ready" ]; then
    echo "setup: installing pyspark into $spark_venv" >&2
    python3 -m venv "$spark_venv"
    "$spark_venv/bin/pip" install -q --disable-pip-version-check pyspark==3.5.3 >&2
    touch "$spark_venv/.ready"
  fi
fi
