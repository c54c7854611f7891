#!/usr/bin/env python3
"""Corpus-scale extraction on Apache Spark: documents in, sanad annotations out as Parquet.

    spark-submit spark/sanad_spark.py --input DOCS --output OUT [--master local[*]] [--sanad PATH]
    python spark/sanad_spark.py ...        (with pyspark installed, same arguments)

DOCS is JSON lines or Parquet with `id`, `text` and optional `source`, `date`. Each partition is
piped through `sanad extract --jsonl --claims` (RDD.pipe), which streams: one JSON line in, one
out, constant memory, deterministic. The binary is shipped to the executors with SparkContext.
addFile, so the same job runs in local mode and on a cluster by changing only --master.

Output:
  OUT/annotations/kind=<kind>/*.parquet   doc_id, idx, start, end, text, value (JSON)
  OUT/claims/*.parquet                    doc_id, group_id, about, disputed, group (JSON)
  OUT/documents/*.parquet                 doc_id, sha256, bytes, error
  OUT/texts/*.parquet                     doc_id, source, date, text (the input, for `sanad load`)

doc_id is the input's `id` as JSON. `idx` is the annotation's position in sanad's list (claim
members refer to annotations by it). `sanad load --store postgres://… OUT` reads all four.
"""
import argparse
import json
import os
import re
import shutil
import sys


def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--input", required=True, help="JSON lines or Parquet (file or folder)")
    ap.add_argument("--output", required=True, help="folder for the Parquet output (replaced)")
    ap.add_argument("--master", default=os.environ.get("SANAD_SPARK_MASTER", "local[*]"))
    ap.add_argument("--sanad", default=None, help="the sanad binary (default: target/release/sanad)")
    ap.add_argument("--partitions", type=int, default=0, help="0: Spark's default parallelism")
    return ap.parse_args(argv)


def read_documents(spark, path):
    """Documents as an RDD of JSON lines {"id", "text"}; `source` rides along as part of the id map."""
    if path.endswith(".parquet") or (os.path.isdir(path) and any(f.endswith(".parquet") for f in os.listdir(path))):
        df = spark.read.parquet(path)
        return df.toJSON()
    # JSON lines are passed through untouched: malformed lines must reach sanad, which answers
    # them with an error object, so nothing is dropped silently.
    return spark.sparkContext.textFile(path)


LINE_REF = re.compile(r"^line \d+")


def explode(line, line_number=None):
    """One sanad output line -> rows tagged by table.

    sanad names a bad input line by its number in the stream it read ("line 5: not JSON"); under
    Spark each partition is its own stream, so `line_number` (1-based, in the whole input) puts
    the number the user sees in the input file back in its place.
    """
    out = json.loads(line)
    if line_number is not None and "error" in out:
        here = f"line {line_number}"
        if isinstance(out.get("source"), str):
            out["source"] = LINE_REF.sub(here, out["source"])
        out["error"] = LINE_REF.sub(here, out["error"])
    doc_id = out.get("source")
    doc_key = json.dumps(doc_id, ensure_ascii=False)
    if "error" in out:
        yield ("documents", (doc_key, None, None, out["error"]))
        return
    yield ("documents", (doc_key, out["sha256"], out["bytes"], None))
    for idx, a in enumerate(out.get("annotations", [])):
        value = a.get("value")
        yield ("annotations", (doc_key, a["kind"], idx, a["start"], a["end"], a["text"],
                               json.dumps(value, ensure_ascii=False, sort_keys=True) if value is not None else None))
    for g in out.get("claims") or []:
        yield ("claims", (doc_key, str(g.get("id")), g.get("about"), bool(g.get("disputed")),
                          json.dumps(g, ensure_ascii=False, sort_keys=True)))


def input_text(line):
    """An input line -> its texts row (doc_id, source, date, text); nothing for a bad line."""
    try:
        doc = json.loads(line)
    except ValueError:
        return []
    if not isinstance(doc, dict) or not isinstance(doc.get("text"), str) or "id" not in doc:
        return []
    source, date = doc.get("source"), doc.get("date")
    return [(json.dumps(doc["id"], ensure_ascii=False), source if isinstance(source, str) else None,
             date if isinstance(date, str) else None, doc["text"])]


def texts_schema():
    from pyspark.sql.types import StringType, StructField, StructType

    return StructType([StructField(n, StringType()) for n in ("doc_id", "source", "date", "text")])


def table_schemas():
    """The Parquet tables the job writes, by name."""
    from pyspark.sql.types import BooleanType, LongType, StringType, StructField, StructType

    def cols(*pairs):
        return StructType([StructField(name, typ) for name, typ in pairs])

    return {
        "documents": cols(("doc_id", StringType()), ("sha256", StringType()), ("bytes", LongType()),
                          ("error", StringType())),
        "annotations": cols(("doc_id", StringType()), ("kind", StringType()), ("idx", LongType()), ("start", LongType()),
                            ("end", LongType()), ("text", StringType()), ("value", StringType())),
        "claims": cols(("doc_id", StringType()), ("group_id", StringType()), ("about", StringType()),
                       ("disputed", BooleanType()), ("group", StringType())),
    }


def main(argv=None):
    a = parse_args(argv if argv is not None else sys.argv[1:])
    from pyspark.sql import SparkSession

    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    sanad = os.path.abspath(a.sanad or os.path.join(repo, "target", "release", "sanad"))
    if not os.access(sanad, os.X_OK):
        sys.exit(f"sanad_spark: no sanad binary at {sanad} (cargo build --release -p sanad, or --sanad PATH)")

    spark = (SparkSession.builder.master(a.master).appName("sanad-extract")
             .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
             .config("spark.sql.shuffle.partitions", "8").getOrCreate())
    sc = spark.sparkContext
    sc.setLogLevel("WARN")
    # On a cluster each executor fetches the binary; in local mode the executors share the
    # driver's file system, and copying the binary into Spark's temp folder would only cost disk.
    if not a.master.startswith("local"):
        sc.addFile(sanad)
    # the workers unpickle `explode` by reference to this module
    sc.addPyFile(os.path.abspath(__file__))
    name = os.path.basename(sanad)

    # Each line keeps its number in the whole input, so an error row names the line a user can
    # find (see `explode`); cached, so the numbers and the piped lines come from one shuffle.
    numbered = read_documents(spark, a.input).zipWithIndex()
    if a.partitions:
        numbered = numbered.repartition(a.partitions)
    numbered = numbered.cache()
    docs = numbered.map(lambda pair: pair[0])
    # In local mode the executors share the driver's file system; on a cluster, files added with
    # addFile are fetched (executable) into each executor's working directory, where RDD.pipe's
    # command runs.
    binary = sanad if a.master.startswith("local") else "./" + name
    command = f"{binary} extract --jsonl --claims"
    # sanad answers every input line with exactly one output line, in order, so the piped RDD
    # zips with the line numbers partition by partition.
    piped = docs.pipe(command)
    results = (numbered.map(lambda pair: pair[1] + 1).zip(piped)
               .flatMap(lambda pair: explode(pair[1], pair[0])).cache())

    if os.path.exists(a.output):
        shutil.rmtree(a.output)
    schemas = table_schemas()
    for table, schema in schemas.items():
        rows = results.filter(lambda r, t=table: r[0] == t).map(lambda r: r[1])
        df = spark.createDataFrame(rows, schema)
        writer = df.write.mode("overwrite")
        if table == "annotations":
            writer = writer.partitionBy("kind")
        writer.parquet(os.path.join(a.output, table))
    # The documents' texts, which sanad's output does not repeat: `sanad load` needs them.
    spark.createDataFrame(docs.flatMap(input_text), texts_schema()).write.mode("overwrite").parquet(
        os.path.join(a.output, "texts"))
    counts = {t: results.filter(lambda r, t=t: r[0] == t).count() for t in schemas}
    print(json.dumps({"output": a.output, "master": a.master, **counts}))
    spark.stop()


if __name__ == "__main__":
    main()
