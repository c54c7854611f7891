#!/usr/bin/env python3
"""The Spark job gives exactly what `sanad extract --jsonl --claims` gives, and how fast.

    SANAD_BIN=target/debug/sanad ~/.cache/sanad-spark/bin/python spark/test_spark.py [--docs 10000]

Makes a varied corpus (spark/make_corpus.py), runs sanad directly on it, runs the Spark job in
local mode with 1 and 2 cores, reads the Parquet back and compares every annotation, claim group
and document row (as sets: Spark does not keep the order of partitions). Prints a bench line per
run (documents/s, MB/s: figures, not assertions) and a closing 'N passed, N failed' line.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import sanad_spark  # noqa: E402


def direct_rows(sanad, corpus):
    """What the Spark job should hold, computed by sanad alone, and the seconds it took."""
    t = time.perf_counter()
    with open(corpus, "rb") as f:
        out = subprocess.run([sanad, "extract", "--jsonl", "--claims"], stdin=f, capture_output=True, check=True)
    seconds = time.perf_counter() - t
    rows = {"documents": set(), "annotations": set(), "claims": set()}
    for line in out.stdout.decode("utf-8").splitlines():
        for table, row in sanad_spark.explode(line):
            rows[table].add(row)
    return rows, seconds


def spark_rows(spark, output):
    rows = {}
    for table, schema in sanad_spark.table_schemas().items():
        cols = schema.fieldNames()
        df = spark.read.schema(schema).parquet(os.path.join(output, table))
        rows[table] = {tuple(r[c] for c in cols) for r in df.select(*cols).collect()}
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=10000)
    a = ap.parse_args()
    sanad = os.path.abspath(os.environ.get("SANAD_BIN", os.path.join(REPO, "target", "release", "sanad")))
    passed = failed = 0

    def check(name, ok, detail=""):
        nonlocal passed, failed
        print(("ok   " if ok else "FAIL ") + name + (f": {detail}" if detail and not ok else ""))
        passed += ok
        failed += not ok

    with tempfile.TemporaryDirectory() as tmp:
        corpus = os.path.join(tmp, "corpus.jsonl")
        subprocess.run([sys.executable, os.path.join(HERE, "make_corpus.py"), "--docs", str(a.docs), "--out", corpus,
                        "--bad-every", "97"],
                       check=True)
        size = os.path.getsize(corpus)
        env_one = dict(os.environ, RAYON_NUM_THREADS="1")
        os.environ.update(env_one)  # sanad alone on one core, as each Spark task runs it
        expected, seconds = direct_rows(sanad, corpus)
        print(json.dumps({"bench": "sanad extract --jsonl alone", "cores": 1, "docs": a.docs,
                          "MB_per_s": round(size / seconds / 1e6, 2), "docs_per_s": round(a.docs / seconds)}))
        check("corpus has annotations", len(expected["annotations"]) > a.docs)
        check("bad lines answered with error rows", any(r[3] for r in expected["documents"]))

        from pyspark.sql import SparkSession
        for cores in (1, 2):
            output = os.path.join(tmp, f"out-{cores}")
            t = time.perf_counter()
            sanad_spark.main(["--input", corpus, "--output", output, "--master", f"local[{cores}]",
                              "--sanad", sanad, "--partitions", str(max(2, cores * 4))])
            seconds = time.perf_counter() - t
            print(json.dumps({"bench": "spark local", "cores": cores, "docs": a.docs,
                              "MB_per_s": round(size / seconds / 1e6, 2), "docs_per_s": round(a.docs / seconds),
                              "seconds_incl_startup": round(seconds, 1)}))
            spark = (SparkSession.builder.master("local[1]").config("spark.ui.enabled", "false")
                     .config("spark.ui.showConsoleProgress", "false").getOrCreate())
            got = spark_rows(spark, output)
            spark.stop()
            for table in ("documents", "annotations", "claims"):
                missing, extra = expected[table] - got[table], got[table] - expected[table]
                check(f"local[{cores}] {table} equal to sanad alone ({len(expected[table])} rows)",
                      not missing and not extra, f"{len(missing)} missing, {len(extra)} extra")
            kinds = {r[1] for r in got["annotations"]}
            check(f"local[{cores}] annotations partitioned by kind",
                  all(os.path.isdir(os.path.join(output, "annotations", f"kind={k}")) for k in kinds))
    print(f"spark: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
