//! `sanad load`: what the Spark job (spark/sanad_spark.py) wrote, into a store.
//!
//! The job's output folder holds four Parquet tables: `documents` (doc_id, sha256, bytes,
//! error), `annotations/kind=K` (doc_id, idx, start, end, text, value), `claims` (doc_id,
//! group_id, about, disputed, group) and `texts` (doc_id, source, date, text). Each document is
//! put together again (annotations in sanad's order, by `idx`), checked (its text must hash to
//! the job's SHA-256, every span must lie in it), given its sentence spans as `prepare` would,
//! and written through [`Store::write`]: one transaction per document, the SHA-256 as the key,
//! so loading twice, or loading while others ingest, stores each document once.
//!
//! The job partitions annotations by kind, so one document's rows are spread over every file:
//! documents are put together in memory. To keep that memory bounded whatever the output's
//! size, the documents are split by a hash of their id into as many buckets as the output has
//! [`BUCKET_BYTES`] of Parquet, and the files are read once per bucket.

use crate::ingest::Progress;
use crate::{Error, Format, Outcome, Prepared, Result, Store};
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field;
use rayon::prelude::*;
use sanad_core::{Annotation, ClaimGroup};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Parquet bytes per pass over the output (about 5–10× that in memory while a bucket is held).
pub const BUCKET_BYTES: u64 = 256 << 20;

/// What a load did.
#[derive(Clone, Debug, Default)]
pub struct LoadSummary {
    pub new: usize,
    pub versions: usize,
    pub unchanged: usize,
    /// Documents the job could not read (its error rows), and documents refused here.
    pub failed: Vec<(String, String)>,
    /// Parquet rows read, all tables.
    pub rows: usize,
    pub annotations: usize,
    pub elapsed: Duration,
}

impl LoadSummary {
    pub fn render(&self) -> String {
        let secs = self.elapsed.as_secs_f64().max(1e-9);
        format!(
            "{} new, {} new versions, {} unchanged, {} failed; {} Parquet rows ({} annotations) in {:.1} s, {:.0} rows/s",
            self.new,
            self.versions,
            self.unchanged,
            self.failed.len(),
            self.rows,
            self.annotations,
            secs,
            self.rows as f64 / secs
        )
    }
}

#[derive(Default)]
struct Parts {
    sha256: Option<String>,
    bytes: Option<i64>,
    error: Option<String>,
    source: Option<String>,
    text: Option<String>,
    annotations: Vec<(i64, Value)>,
    claims: Vec<String>,
}

/// Columns of one Parquet row by name.
struct Cols(Vec<(String, Field)>);

impl Cols {
    fn get(&self, name: &str) -> Option<&Field> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, f)| f)
    }
    fn str(&self, name: &str) -> Option<String> {
        match self.get(name)? {
            Field::Str(s) => Some(s.clone()),
            Field::Bytes(b) => Some(String::from_utf8_lossy(b.data()).into_owned()),
            _ => None,
        }
    }
    fn int(&self, name: &str) -> Option<i64> {
        match self.get(name)? {
            Field::Long(v) => Some(*v),
            Field::Int(v) => Some((*v).into()),
            Field::Short(v) => Some((*v).into()),
            Field::ULong(v) => i64::try_from(*v).ok(),
            Field::UInt(v) => Some((*v).into()),
            _ => None,
        }
    }
}

/// The `*.parquet` files under `dir` (recursively), with the `kind=` of their partition folder.
fn parquet_files(dir: &Path) -> Result<Vec<(PathBuf, Option<String>)>> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| Error::new(format!("{}: {e}", dir.display())))?;
        let p = entry.path();
        if entry.file_type().is_file() && p.extension().is_some_and(|e| e == "parquet") {
            let kind = p
                .parent()
                .and_then(|d| d.file_name())
                .and_then(|n| n.to_str())
                .and_then(|n| n.strip_prefix("kind="))
                .map(str::to_string);
            out.push((p.to_path_buf(), kind));
        }
    }
    Ok(out)
}

/// Call `each` on every row of a Parquet file; how many rows it kept (returned `true` for).
fn read_rows(path: &Path, mut each: impl FnMut(Cols) -> Result<bool>) -> Result<usize> {
    let file = std::fs::File::open(path).map_err(|e| Error::new(format!("{}: {e}", path.display())))?;
    let reader = SerializedFileReader::new(file)
        .map_err(|e| Error::new(format!("{}: not Parquet: {e}", path.display())))?;
    let mut n = 0;
    for row in reader.get_row_iter(None).map_err(|e| Error::new(format!("{}: {e}", path.display())))? {
        let row = row.map_err(|e| Error::new(format!("{}: {e}", path.display())))?;
        let cols = Cols(row.into_columns());
        if each(cols)? {
            n += 1;
        }
    }
    Ok(n)
}

/// The `id` of an input line, from its JSON (`"doc-1"` → `doc-1`; a number stays as written).
fn id_of(doc_key: &str) -> String {
    match serde_json::from_str::<Value>(doc_key) {
        Ok(Value::String(s)) => s,
        _ => doc_key.to_string(),
    }
}

/// Read the job's output in `dir` and write every document it holds into `store`.
pub fn load(store: &Store, dir: &Path, progress: &dyn Progress) -> Result<LoadSummary> {
    load_in_buckets(store, dir, BUCKET_BYTES, progress)
}

/// [`load`], reading the output once per `bucket_bytes` of Parquet it holds.
pub fn load_in_buckets(
    store: &Store,
    dir: &Path,
    bucket_bytes: u64,
    progress: &dyn Progress,
) -> Result<LoadSummary> {
    let started = Instant::now();
    let mut summary = LoadSummary::default();
    for table in ["documents", "annotations", "claims", "texts"] {
        if !dir.join(table).is_dir() {
            return Err(Error::new(format!(
                "{}: no `{table}` table here; is this the output folder of spark/sanad_spark.py (a recent one: `texts` is needed)?",
                dir.display()
            )));
        }
    }
    let tables = ["documents", "texts", "annotations", "claims"];
    let mut total_bytes = 0u64;
    for table in tables {
        for (path, _) in parquet_files(&dir.join(table))? {
            total_bytes += std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        }
    }
    let buckets = total_bytes.div_ceil(bucket_bytes.max(1)).max(1);
    for bucket in 0..buckets {
        let docs = read_bucket(dir, bucket, buckets, &mut summary)?;
        write_docs(store, docs, progress, &mut summary)?;
    }
    progress.finish();
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// Whether the document `key` falls in `bucket` of `buckets`.
fn in_bucket(key: &str, bucket: u64, buckets: u64) -> bool {
    if buckets == 1 {
        return true;
    }
    // FNV-1a: stable across runs and platforms.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in key.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h % buckets == bucket
}

/// Every row of the documents in one bucket, grouped by document.
fn read_bucket(
    dir: &Path,
    bucket: u64,
    buckets: u64,
    summary: &mut LoadSummary,
) -> Result<HashMap<String, Parts>> {
    let mine = |key: &str| in_bucket(key, bucket, buckets);
    let mut docs: HashMap<String, Parts> = HashMap::new();
    for (path, _) in parquet_files(&dir.join("documents"))? {
        summary.rows += read_rows(&path, |c| {
            let key = c.str("doc_id").unwrap_or_default();
            if !mine(&key) {
                return Ok(false);
            }
            let p = docs.entry(key).or_default();
            p.sha256 = c.str("sha256");
            p.bytes = c.int("bytes");
            p.error = c.str("error");
            Ok(true)
        })?;
    }
    for (path, _) in parquet_files(&dir.join("texts"))? {
        summary.rows += read_rows(&path, |c| {
            let key = c.str("doc_id").unwrap_or_default();
            if !mine(&key) {
                return Ok(false);
            }
            let p = docs.entry(key).or_default();
            p.source = c.str("source");
            p.text = c.str("text");
            Ok(true)
        })?;
    }
    for (path, kind) in parquet_files(&dir.join("annotations"))? {
        summary.rows += read_rows(&path, |c| {
            let key = c.str("doc_id").unwrap_or_default();
            if !mine(&key) {
                return Ok(false);
            }
            let kind = c.str("kind").or_else(|| kind.clone()).unwrap_or_default();
            let idx = c
                .int("idx")
                .ok_or_else(|| Error::new(format!("{}: no `idx` column (an older job?)", path.display())))?;
            let mut a = serde_json::Map::new();
            a.insert("kind".into(), Value::String(kind));
            a.insert("start".into(), c.int("start").into());
            a.insert("end".into(), c.int("end").into());
            a.insert("text".into(), Value::String(c.str("text").unwrap_or_default()));
            if let Some(v) = c.str("value") {
                let v: Value = serde_json::from_str(&v)
                    .map_err(|e| Error::new(format!("{}: a value that is not JSON: {e}", path.display())))?;
                a.insert("value".into(), v);
            }
            docs.entry(key).or_default().annotations.push((idx, Value::Object(a)));
            Ok(true)
        })?;
    }
    for (path, _) in parquet_files(&dir.join("claims"))? {
        summary.rows += read_rows(&path, |c| {
            let key = c.str("doc_id").unwrap_or_default();
            if !mine(&key) {
                return Ok(false);
            }
            if let Some(g) = c.str("group") {
                docs.entry(key).or_default().claims.push(g);
            }
            Ok(true)
        })?;
    }
    Ok(docs)
}

/// Put one bucket's documents together (in parallel) and write them (in turn, sorted by id so
/// a load is deterministic).
fn write_docs(
    store: &Store,
    docs: HashMap<String, Parts>,
    progress: &dyn Progress,
    summary: &mut LoadSummary,
) -> Result<()> {
    let docs: BTreeMap<String, Parts> = docs.into_iter().collect();
    progress.start(docs.len() as u64);
    let docs: Vec<(String, Parts)> = docs.into_iter().collect();
    for chunk in docs.chunks(256) {
        let prepared: Vec<(String, Result<Prepared>)> =
            chunk.par_iter().map(|(key, parts)| (id_of(key), assemble(key, parts))).collect();
        for (name, p) in prepared {
            match p {
                Err(e) => {
                    progress.warn(&format!("sanad load: {e}"));
                    summary.failed.push((name.clone(), e.to_string()));
                }
                Ok(p) => {
                    let n = p.annotations.len();
                    match store.write(p)? {
                        Outcome::New => summary.new += 1,
                        Outcome::Version => summary.versions += 1,
                        Outcome::Unchanged => summary.unchanged += 1,
                    }
                    summary.annotations += n;
                }
            }
            progress.advance(&name);
        }
        store.commit()?;
    }
    Ok(())
}

/// One document from its rows, as [`crate::prepare`] would have made it from the same text.
fn assemble(key: &str, parts: &Parts) -> Result<Prepared> {
    let id = id_of(key);
    if let Some(e) = &parts.error {
        return Err(Error::new(format!("{id}: the Spark job could not read it: {e}")));
    }
    let sha = parts.sha256.as_deref().ok_or_else(|| Error::new(format!("{id}: no row in `documents`")))?;
    let text = parts.text.as_deref().ok_or_else(|| Error::new(format!("{id}: no text in `texts`")))?;
    if crate::sha256_hex(text.as_bytes()) != sha {
        return Err(Error::new(format!(
            "{id}: its text in `texts` does not hash to the job's SHA-256 (output of another input?)"
        )));
    }
    let mut rows: Vec<&(i64, Value)> = parts.annotations.iter().collect();
    rows.sort_by_key(|(idx, _)| *idx);
    let mut annotations = Vec::with_capacity(rows.len());
    for (i, (idx, value)) in rows.into_iter().enumerate() {
        if *idx != i as i64 {
            return Err(Error::new(format!("{id}: annotation {i} is missing (found idx {idx})")));
        }
        let a: Annotation = serde_json::from_value(value.clone())
            .map_err(|e| Error::new(format!("{id}: annotation {i} is not one sanad knows: {e}")))?;
        if a.start > a.end || text.get(a.start..a.end) != Some(a.text.as_str()) {
            return Err(Error::new(format!(
                "{id}: annotation {i}'s span {}..{} is not its text",
                a.start, a.end
            )));
        }
        annotations.push(a);
    }
    let mut claims: Vec<ClaimGroup> = parts
        .claims
        .iter()
        .map(|g| {
            serde_json::from_str(g)
                .map_err(|e| Error::new(format!("{id}: a claim group sanad does not know: {e}")))
        })
        .collect::<Result<_>>()?;
    claims.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(Prepared {
        id: sha.to_string(),
        // The input's id names the document as a path does for `sanad ingest` (a new text under
        // the same id is a new version); the input's `source` (a publication, a collection) is
        // kept in front of it, so `?source=` filters by it.
        source: match &parts.source {
            Some(s) => format!("{s}#{id}"),
            None => id.clone(),
        },
        format: Format::Txt,
        title: crate::first_line_title(text),
        text: text.to_string(),
        bytes: parts.bytes.map_or(text.len(), |b| b as usize),
        annotations,
        sentences: crate::sentence_spans(text),
        claims,
    })
}
