//! sanad's local store: one folder holding a SQLite database (the source of truth: documents,
//! annotations, claim groups, entities) and a tantivy full-text index analyzed by sanad's own
//! Persian normalizer and tokenizer.
//!
//! Documents are keyed by the SHA-256 of their bytes: the same bytes twice change nothing, and a
//! changed file at the same source becomes a new version that keeps the old one. Each document
//! is written in one SQLite transaction; the index follows, and every document the index has not
//! yet confirmed (`index_state = 0`) is indexed again when the store is next opened for writing,
//! so a crash at any point leaves no half document and loses no finished one.
//!
//! ```
//! let dir = tempfile::tempdir().unwrap();
//! let store = sanad_store::Store::open(dir.path()).unwrap();
//! let extractor = sanad_core::Extractor::new();
//! let doc = sanad_store::prepare(&extractor, "a.txt", "قره‌باغ در ۱۸۱۳".as_bytes(),
//!     sanad_store::Format::Txt, false).unwrap();
//! assert_eq!(store.write(doc).unwrap(), sanad_store::Outcome::New);
//! store.commit().unwrap();
//! let hits = store.search(&sanad_store::SearchRequest::query("قرهباغ")).unwrap();
//! assert_eq!(hits["total"], 1);
//! ```

pub mod analyzer;
pub mod calendar;
pub mod export;
pub mod html;
pub mod ingest;
mod query;
mod schema;
mod search;

pub use query::{ClaimsRequest, ListRequest, TimelineRequest};
pub use schema::SCHEMA_VERSION;
pub use search::SearchRequest;

use rusqlite::{params, Connection, OptionalExtension};
use sanad_core::{Annotation, ClaimGroup, ExtractOptions, Extractor, Payload};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use tantivy::schema::{Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, STORED, STRING};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

/// What went wrong, in words that say what and where.
#[derive(Debug)]
pub struct Error(String, bool);

impl Error {
    pub fn new(message: impl Into<String>) -> Error {
        Error(message.into(), false)
    }

    /// An error in what the caller asked (a bad parameter), not in the store.
    pub fn bad_request(message: impl Into<String>) -> Error {
        Error(message.into(), true)
    }

    pub fn is_bad_request(&self) -> bool {
        self.1
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Error {
        Error::new(format!("store database: {e}"))
    }
}

impl From<tantivy::TantivyError> for Error {
    fn from(e: tantivy::TantivyError) -> Error {
        Error::new(format!("store index: {e}"))
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Error {
        Error::new(format!("store: {e}"))
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// How a document's bytes are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Txt,
    Md,
    Html,
}

impl Format {
    /// From a file name's extension; `None` when sanad does not read that kind of file.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" => Some(Format::Txt),
            "md" | "markdown" => Some(Format::Md),
            "html" | "htm" | "xhtml" => Some(Format::Html),
            _ => None,
        }
    }

    pub fn parse(s: &str) -> Option<Format> {
        match s {
            "txt" => Some(Format::Txt),
            "md" => Some(Format::Md),
            "html" => Some(Format::Html),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Txt => "txt",
            Format::Md => "md",
            Format::Html => "html",
        }
    }
}

/// A document read and extracted, ready to be written (made in parallel, written in turn).
#[derive(Clone, Debug)]
pub struct Prepared {
    pub id: String,
    pub source: String,
    pub format: Format,
    pub title: Option<String>,
    pub text: String,
    pub bytes: usize,
    pub annotations: Vec<Annotation>,
    /// Sentence spans (original byte offsets), stored as `sentence` annotations after the others.
    pub sentences: Vec<(usize, usize)>,
    pub claims: Vec<ClaimGroup>,
}

/// What writing a document did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Never seen before.
    New,
    /// New bytes at a source already in the store: a new version, the old one kept.
    Version,
    /// These bytes are already in the store.
    Unchanged,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::New => "new",
            Outcome::Version => "version",
            Outcome::Unchanged => "unchanged",
        }
    }
}

/// Lower-case hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let mut s = String::with_capacity(64);
    for b in Sha256::digest(bytes) {
        use std::fmt::Write;
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// Read `bytes` as a document of `format` and extract everything in it. Pure: no store needed.
/// Refuses binary data and, unless `lossy`, invalid UTF-8.
pub fn prepare(
    extractor: &Extractor,
    source: &str,
    bytes: &[u8],
    format: Format,
    lossy: bool,
) -> Result<Prepared> {
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(Error::new(format!(
            "{source}: looks like a binary file (NUL byte at offset {offset}); not read"
        )));
    }
    let decoded = match std::str::from_utf8(bytes) {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(e) if lossy => {
            let _ = e;
            String::from_utf8_lossy(bytes)
        }
        Err(e) => {
            return Err(Error::new(format!(
                "{source}: not valid UTF-8 (first bad byte at offset {}); re-encode it, or pass --lossy",
                e.valid_up_to()
            )))
        }
    };
    let decoded = decoded.strip_prefix('\u{FEFF}').unwrap_or(&decoded);
    let (title, text) = match format {
        Format::Html => html::html_to_text(decoded),
        Format::Txt | Format::Md => (first_line_title(decoded), decoded.to_string()),
    };
    let extraction = extractor.extract(&text, &ExtractOptions { tokens: false, claims: true });
    let analyzed = sanad_text::Analyzed::new(&text, &sanad_text::NormalizeOptions::for_extraction());
    let sentences = analyzed
        .sentences()
        .iter()
        .map(|s| {
            let o = analyzed.to_original(s.range());
            (o.start, o.end)
        })
        .filter(|(s, e)| e > s)
        .collect();
    Ok(Prepared {
        id: sha256_hex(bytes),
        source: source.to_string(),
        format,
        title,
        text,
        bytes: bytes.len(),
        annotations: extraction.annotations,
        sentences,
        claims: extraction.claims,
    })
}

fn first_line_title(text: &str) -> Option<String> {
    let line = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    let line = line.trim_start_matches('#').trim();
    let mut end = line.len().min(120);
    while !line.is_char_boundary(end) {
        end -= 1;
    }
    Some(line[..end].to_string())
}

/// Now, UTC, as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn now_iso() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[derive(Clone, Copy)]
pub(crate) struct Fields {
    pub id: Field,
    pub title: Field,
    pub body: Field,
    pub entity: Field,
    pub kind: Field,
}

fn index_schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(analyzer::TOKENIZER_NAME)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let id = b.add_text_field("id", STRING | STORED);
    let title = b.add_text_field("title", text.clone());
    let body = b.add_text_field("body", text);
    let entity = b.add_text_field("entity", STRING);
    let kind = b.add_text_field("kind", STRING);
    (b.build(), Fields { id, title, body, entity, kind })
}

/// What the index needs of a stored document: title, text, annotation kinds, entity ids.
type IndexMaterial = (Option<String>, String, Vec<String>, Vec<String>);

/// Open the store for reading and writing (the default), or read only.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    ReadWrite,
    /// No index writer is taken (another process may be ingesting); documents whose indexing
    /// was cut short are still found through SQLite, just not by full-text search until the
    /// next writer opens the store.
    ReadOnly,
}

/// An open store. Shareable between threads (`&Store` is `Sync`).
pub struct Store {
    dir: PathBuf,
    writer_conn: Mutex<Connection>,
    readers: Mutex<Vec<Connection>>,
    pub(crate) reader: IndexReader,
    index_writer: Mutex<Option<IndexWriter>>,
    pub(crate) fields: Fields,
    /// Ids added to (or removed from) the index since its last commit.
    unconfirmed: Mutex<Vec<String>>,
}

impl fmt::Debug for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Store").field("dir", &self.dir).finish()
    }
}

fn open_connection(path: &Path) -> Result<Connection> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(std::time::Duration::from_secs(30))?;
    conn.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;
         PRAGMA cache_size = -32000;",
    )?;
    Ok(conn)
}

impl Store {
    /// Open (creating if needed) the store in `dir` for reading and writing.
    pub fn open(dir: &Path) -> Result<Store> {
        Store::open_with(dir, Access::ReadWrite)
    }

    pub fn open_with(dir: &Path, access: Access) -> Result<Store> {
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::new(format!("{}: cannot create the store folder: {e}", dir.display())))?;
        let db_path = dir.join("sanad.sqlite3");
        let mut conn =
            open_connection(&db_path).map_err(|e| Error::new(format!("{}: {e}", db_path.display())))?;
        schema::migrate(&mut conn)?;
        let index_dir = dir.join("index");
        std::fs::create_dir_all(&index_dir)?;
        let (schema, fields) = index_schema();
        let mmap = tantivy::directory::MmapDirectory::open(&index_dir)
            .map_err(|e| Error::new(format!("{}: {e}", index_dir.display())))?;
        let index = Index::open_or_create(mmap, schema)?;
        index.tokenizers().register(analyzer::TOKENIZER_NAME, analyzer::PersianTokenizer);
        let reader = index.reader_builder().reload_policy(ReloadPolicy::OnCommitWithDelay).try_into()?;
        let index_writer = match access {
            Access::ReadOnly => None,
            Access::ReadWrite => Some(index.writer_with_num_threads(1, 64 << 20).map_err(|e| {
                Error::new(format!(
                    "{}: the index is in use by another sanad writing to this store ({e})",
                    index_dir.display()
                ))
            })?),
        };
        let store = Store {
            dir: dir.to_path_buf(),
            writer_conn: Mutex::new(conn),
            readers: Mutex::new(Vec::new()),
            reader,
            index_writer: Mutex::new(index_writer),
            fields,
            unconfirmed: Mutex::new(Vec::new()),
        };
        if access == Access::ReadWrite {
            store.reconcile()?;
        }
        Ok(store)
    }

    /// Let other processes write to the store (drops the index writer; writes then fail).
    pub fn release_writer(&self) -> Result<()> {
        self.commit()?;
        *self.index_writer.lock().expect("store lock") = None;
        Ok(())
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Bring the index in step with SQLite: every document not confirmed as indexed is removed
    /// from the index and, unless superseded, added again. Runs at open; returns how many.
    pub fn reconcile(&self) -> Result<usize> {
        let pending: Vec<(String, bool)> = {
            let conn = self.writer_conn.lock().expect("store lock");
            let mut stmt =
                conn.prepare("SELECT id, superseded_by IS NOT NULL FROM documents WHERE index_state = 0")?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<Result<_, _>>()?
        };
        if pending.is_empty() {
            return Ok(0);
        }
        for (id, superseded) in &pending {
            if *superseded {
                self.unindex(id)?;
            } else {
                let (title, text, kinds, entities) = self.index_material(id)?;
                self.index_doc(id, title.as_deref(), &text, &kinds, &entities)?;
            }
            self.unconfirmed.lock().expect("store lock").push(id.clone());
        }
        self.commit()?;
        Ok(pending.len())
    }

    fn index_material(&self, id: &str) -> Result<IndexMaterial> {
        let conn = self.writer_conn.lock().expect("store lock");
        let (title, text): (Option<String>, String) =
            conn.query_row("SELECT title, text FROM documents WHERE id = ?1", [id], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
        let mut stmt = conn.prepare("SELECT DISTINCT kind FROM annotations WHERE doc = ?1")?;
        let kinds = stmt.query_map([id], |r| r.get(0))?.collect::<Result<_, _>>()?;
        let mut stmt =
            conn.prepare("SELECT DISTINCT entity FROM annotations WHERE doc = ?1 AND entity IS NOT NULL")?;
        let entities = stmt.query_map([id], |r| r.get(0))?.collect::<Result<_, _>>()?;
        Ok((title, text, kinds, entities))
    }

    fn with_writer<T>(&self, f: impl FnOnce(&IndexWriter) -> Result<T>) -> Result<T> {
        let guard = self.index_writer.lock().expect("store lock");
        match guard.as_ref() {
            Some(w) => f(w),
            None => Err(Error::new("the store was opened read-only")),
        }
    }

    fn unindex(&self, id: &str) -> Result<()> {
        self.with_writer(|w| {
            w.delete_term(Term::from_field_text(self.fields.id, id));
            Ok(())
        })
    }

    fn index_doc(
        &self,
        id: &str,
        title: Option<&str>,
        text: &str,
        kinds: &[String],
        entities: &[String],
    ) -> Result<()> {
        let f = self.fields;
        let mut doc = TantivyDocument::default();
        doc.add_text(f.id, id);
        if let Some(t) = title {
            doc.add_text(f.title, t);
        }
        doc.add_text(f.body, text);
        for k in kinds {
            doc.add_text(f.kind, k);
        }
        for e in entities {
            doc.add_text(f.entity, e);
        }
        self.with_writer(|w| {
            w.delete_term(Term::from_field_text(f.id, id));
            w.add_document(doc)?;
            Ok(())
        })
    }

    /// Whether a document with this id (SHA-256) is stored.
    pub fn contains(&self, id: &str) -> Result<bool> {
        self.read(|c| {
            Ok(c.query_row("SELECT 1 FROM documents WHERE id = ?1", [id], |_| Ok(())).optional()?.is_some())
        })
    }

    /// Every stored document id (to skip known files before extracting them).
    pub fn ids(&self) -> Result<std::collections::HashSet<String>> {
        self.read(|c| {
            let mut stmt = c.prepare("SELECT id FROM documents")?;
            let ids = stmt.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
            Ok(ids)
        })
    }

    /// Write one prepared document in one transaction, then hand it to the index (confirmed by
    /// the next [`Store::commit`]).
    pub fn write(&self, p: Prepared) -> Result<Outcome> {
        let (outcome, previous, kinds, entities) = {
            let mut conn = self.writer_conn.lock().expect("store lock");
            let tx = conn.transaction()?;
            let exists = tx
                .query_row("SELECT 1 FROM documents WHERE id = ?1", [&p.id], |_| Ok(()))
                .optional()?
                .is_some();
            if exists {
                return Ok(Outcome::Unchanged);
            }
            let previous: Option<(String, i64)> = tx
                .query_row(
                    "SELECT id, version FROM documents WHERE source = ?1 AND superseded_by IS NULL
                     ORDER BY version DESC LIMIT 1",
                    [&p.source],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let version = previous.as_ref().map_or(1, |(_, v)| v + 1);
            let mut date_min: Option<i64> = None;
            let mut date_max: Option<i64> = None;
            let mut kinds = std::collections::BTreeSet::new();
            let mut entities = std::collections::BTreeSet::new();
            tx.execute(
                "INSERT INTO documents (id, source, title, format, text, bytes, chars, ingested_at, version)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    p.id,
                    p.source,
                    p.title,
                    p.format.as_str(),
                    p.text,
                    p.bytes as i64,
                    p.text.chars().count() as i64,
                    now_iso(),
                    version
                ],
            )?;
            {
                let mut ins = tx.prepare(
                    "INSERT INTO annotations (doc, idx, kind, start, end, value, day_start, day_end, entity)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                )?;
                let mut ent =
                    tx.prepare("INSERT OR IGNORE INTO entities (id, type, canonical) VALUES (?1, ?2, ?3)")?;
                for (i, a) in p.annotations.iter().enumerate() {
                    let kind = a.kind();
                    kinds.insert(kind.to_string());
                    let value = payload_value(&a.payload);
                    let (mut ds, mut de, mut entity) = (None, None, None);
                    match &a.payload {
                        Payload::Date(d) => {
                            ds = calendar::iso_day(&d.start);
                            de = calendar::iso_day(&d.end).or(ds);
                            if let (Some(s), Some(e)) = (ds, de) {
                                date_min = Some(date_min.map_or(s, |m| m.min(s)));
                                date_max = Some(date_max.map_or(e, |m| m.max(e)));
                            }
                        }
                        Payload::Entity(e) => {
                            if let Some(id) = &e.id {
                                entity = Some(id.clone());
                                entities.insert(id.clone());
                                ent.execute(params![id, e.entity_type, e.canonical])?;
                            }
                        }
                        _ => {}
                    }
                    ins.execute(params![
                        p.id,
                        i as i64,
                        kind,
                        a.start as i64,
                        a.end as i64,
                        value,
                        ds,
                        de,
                        entity
                    ])?;
                }
                let base = p.annotations.len();
                for (j, (s, e)) in p.sentences.iter().enumerate() {
                    ins.execute(params![
                        p.id,
                        (base + j) as i64,
                        "sentence",
                        *s as i64,
                        *e as i64,
                        Option::<String>::None,
                        Option::<i64>::None,
                        Option::<i64>::None,
                        Option::<String>::None
                    ])?;
                }
                let mut cl = tx.prepare(
                    "INSERT OR REPLACE INTO claim_groups (doc, id, about, disputed, value) VALUES (?1, ?2, ?3, ?4, ?5)",
                )?;
                for g in &p.claims {
                    let json = serde_json::to_string(g).map_err(|e| Error::new(e.to_string()))?;
                    cl.execute(params![p.id, g.id, g.about, g.disputed, json])?;
                }
            }
            tx.execute(
                "UPDATE documents SET date_min = ?2, date_max = ?3 WHERE id = ?1",
                params![p.id, date_min, date_max],
            )?;
            if let Some((prev, _)) = &previous {
                tx.execute(
                    "UPDATE documents SET superseded_by = ?2, index_state = 0 WHERE id = ?1",
                    params![prev, p.id],
                )?;
            }
            tx.commit()?;
            let outcome = if previous.is_some() { Outcome::Version } else { Outcome::New };
            (outcome, previous.map(|p| p.0), kinds, entities)
        };
        let kinds: Vec<String> = kinds.into_iter().collect();
        let entities: Vec<String> = entities.into_iter().collect();
        if self.index_writer.lock().expect("store lock").is_some() {
            self.index_doc(&p.id, p.title.as_deref(), &p.text, &kinds, &entities)?;
            let mut unconfirmed = self.unconfirmed.lock().expect("store lock");
            unconfirmed.push(p.id);
            if let Some(prev) = previous {
                self.unindex(&prev)?;
                unconfirmed.push(prev);
            }
        }
        Ok(outcome)
    }

    /// Make the index durable and mark the documents written since as indexed.
    pub fn commit(&self) -> Result<()> {
        let ids: Vec<String> = std::mem::take(&mut *self.unconfirmed.lock().expect("store lock"));
        {
            let mut guard = self.index_writer.lock().expect("store lock");
            if let Some(w) = guard.as_mut() {
                w.commit()?;
            }
        }
        if !ids.is_empty() {
            let mut conn = self.writer_conn.lock().expect("store lock");
            let tx = conn.transaction()?;
            {
                let mut up = tx.prepare("UPDATE documents SET index_state = 1 WHERE id = ?1")?;
                for id in &ids {
                    up.execute([id])?;
                }
            }
            tx.commit()?;
        }
        self.reader.reload()?;
        Ok(())
    }

    /// Run `f` with a pooled read connection.
    pub(crate) fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let conn = self.readers.lock().expect("store lock").pop();
        let conn = match conn {
            Some(c) => c,
            None => {
                let c = open_connection(&self.dir.join("sanad.sqlite3"))?;
                c.execute_batch("PRAGMA query_only = ON;")?;
                c
            }
        };
        let out = f(&conn);
        let mut pool = self.readers.lock().expect("store lock");
        if pool.len() < 16 {
            pool.push(conn);
        }
        out
    }
}

/// The JSON of a payload's value (`null` for sentences and tokens).
pub(crate) fn payload_value(p: &Payload) -> Option<String> {
    let v = match p {
        Payload::Date(d) => serde_json::to_string(d),
        Payload::Quantity(q) => serde_json::to_string(q),
        Payload::Entity(e) => serde_json::to_string(e),
        Payload::Attribution(a) => serde_json::to_string(a),
        Payload::Sentence | Payload::Token => return None,
    };
    v.ok()
}

/// Resolve a full id or a unique prefix (≥ 8 hex chars) to a stored document id.
pub(crate) fn resolve_id(conn: &Connection, id: &str) -> Result<Option<String>> {
    if id.len() == 64 {
        return Ok(conn
            .query_row("SELECT id FROM documents WHERE id = ?1", [id], |r| r.get(0))
            .optional()?);
    }
    if id.len() < 8 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    let lower = id.to_ascii_lowercase();
    let mut upper = lower.clone();
    upper.push('g');
    let mut stmt = conn.prepare("SELECT id FROM documents WHERE id >= ?1 AND id < ?2 LIMIT 2")?;
    let found: Vec<String> =
        stmt.query_map(params![lower, upper], |r| r.get(0))?.collect::<Result<_, _>>()?;
    Ok(if found.len() == 1 { found.into_iter().next() } else { None })
}
