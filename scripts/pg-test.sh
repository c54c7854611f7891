#!/usr/bin/env bash
# The PostgreSQL store tests against a real server (no mocks): a throwaway cluster on loopback,
# started as the `postgres` user (postgres refuses root), trust auth, removed on exit.
#
#   scripts/pg-test.sh            build, start PostgreSQL, run the pg tests, stop
#
# Installs the Debian package `postgresql` if missing. Fails if any pg test was skipped (they
# skip, loudly, only when SANAD_TEST_PG is unset, which this script sets). Needs the Spark
# venv (scripts/setup.sh) for the load test's Parquet; without it that test fails.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
PROFILE_ARGS=(${SANAD_PG_PROFILE:+--profile "$SANAD_PG_PROFILE"})

PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ]; then
    echo "pg-test: installing PostgreSQL (Debian package postgresql)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq postgresql >/dev/null
    PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi

RUN_AS=()
if [ "$(id -u)" = 0 ]; then RUN_AS=(runuser -u postgres --); fi
TMP=$(mktemp -d /tmp/sanad-pg.XXXXXX)
chmod 755 "$TMP"
DATA="$TMP/data"
mkdir -p "$DATA"
[ "$(id -u)" = 0 ] && chown postgres "$DATA"
PORT=${SANAD_PG_PORT:-$((20000 + RANDOM % 20000))}

cleanup() {
    "${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$DATA" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$TMP"
}
trap cleanup EXIT

"${RUN_AS[@]}" "$PG_BIN/initdb" -D "$DATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$DATA" -l "$DATA/log" -w \
    -o "-h 127.0.0.1 -p $PORT -k $DATA -c fsync=off -c max_connections=200" start >/dev/null
"$PG_BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres sanad_test
export SANAD_TEST_PG="postgres://postgres@127.0.0.1:$PORT/sanad_test"
echo "pg-test: PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') at $SANAD_TEST_PG"

# The load test needs the Spark job's output: make it with the real job on a small corpus.
SPARK_PY="${SANAD_SPARK_PYTHON:-$HOME/.cache/sanad-spark/bin/python}"
# test.sh exports SANAD_BIN, the binary its `cargo test --workspace` built; building `-p sanad`
# alone would unify features differently and rebuild much of the tree for nothing.
SANAD=${SANAD_BIN:-}
if [ -z "$SANAD" ] || [ ! -x "$SANAD" ]; then
    cargo build -q --locked "${PROFILE_ARGS[@]}" -p sanad
    SANAD="$CARGO_TARGET_DIR/${SANAD_PG_PROFILE:-debug}/sanad"
fi
if [ -x "$SPARK_PY" ]; then
    python3 spark/make_corpus.py --docs 300 --out "$TMP/corpus.jsonl" --bad-every 97
    if ! "$SPARK_PY" spark/sanad_spark.py --input "$TMP/corpus.jsonl" --output "$TMP/spark-out" \
        --master "local[2]" --sanad "$SANAD" --partitions 4 >"$TMP/spark.log" 2>&1; then
        echo "pg-test: FAIL: the Spark job that makes the load test's Parquet failed; its log:"
        grep -v WARN "$TMP/spark.log" | tail -60
        df -h "$TMP" || true
        exit 1
    fi
    grep -v WARN "$TMP/spark.log" | tail -1
    export SANAD_TEST_SPARK_OUT="$TMP/spark-out" SANAD_TEST_SPARK_CORPUS="$TMP/corpus.jsonl"
else
    echo "pg-test: no Spark venv at $SPARK_PY (scripts/setup.sh): the load test will fail"
fi

LOG="$TMP/test.log"
cargo test -q --locked "${PROFILE_ARGS[@]}" --workspace --test pg -- --test-threads 2 --nocapture 2>&1 | tee "$LOG"
if grep -q "SKIPPED" "$LOG"; then
    echo "pg-test: FAIL: some PostgreSQL tests were skipped"
    exit 1
fi
echo "pg-test: ok"
