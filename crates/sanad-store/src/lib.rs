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
//! The database can also be PostgreSQL ([`Location::Postgres`], `--store postgres://…`), shared
//! by many processes and machines: the same schema and migrations (one SQL text, see
//! `schema.rs`), the same queries (written once, see [`db`]), a transaction per document,
//! `ON CONFLICT DO NOTHING` on the SHA-256 key and a per-source advisory lock for version
//! numbers, so concurrent ingests of overlapping folders store each document once. Search stays
//! tantivy: each machine keeps an index folder, kept in step by comparing its ids with the
//! database ([`Store::reconcile`]) and rebuilt with [`Store::reindex`]. [`load`] reads what the
//! Spark job (spark/sanad_spark.py) writes.
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
pub mod db;
pub mod export;
pub mod html;
pub mod ingest;
pub mod load;
mod query;
mod schema;
mod search;

pub use query::{ClaimsRequest, ListRequest, TimelineRequest};
pub use schema::SCHEMA_VERSION;
pub use search::SearchRequest;

use db::{params, Conn, Dialect};
use sanad_core::{Annotation, ClaimGroup, ExtractOptions, Extractor, Payload};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use tantivy::schema::{Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, STORED, STRING};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

/// What went wrong, in words that say what and where.
#[derive(Debug)]
pub struct Error(String, ErrorKind);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ErrorKind {
    Store,
    BadRequest,
    /// A PostgreSQL transaction that lost a race (deadlock, serialization): try it again.
    Retry,
}

impl Error {
    pub fn new(message: impl Into<String>) -> Error {
        Error(message.into(), ErrorKind::Store)
    }

    /// An error in what the caller asked (a bad parameter), not in the store.
    pub fn bad_request(message: impl Into<String>) -> Error {
        Error(message.into(), ErrorKind::BadRequest)
    }

    pub(crate) fn retryable(message: impl Into<String>) -> Error {
        Error(message.into(), ErrorKind::Retry)
    }

    pub fn is_bad_request(&self) -> bool {
        self.1 == ErrorKind::BadRequest
    }

    pub fn is_retryable(&self) -> bool {
        self.1 == ErrorKind::Retry
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
    let decoded =
        sanad_core::decode::decode(bytes, lossy).map_err(|e| Error::new(format!("{source}: {e}")))?;
    let decoded = decoded.strip_prefix('\u{FEFF}').unwrap_or(&decoded);
    let (title, text) = match format {
        Format::Html => html::html_to_text(decoded),
        Format::Txt | Format::Md => (first_line_title(decoded), decoded.to_string()),
    };
    let extraction = extractor.extract(&text, &ExtractOptions { tokens: false, claims: true });
    let sentences = sentence_spans(&text);
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

/// Sentence spans (original byte offsets) of a text, as [`prepare`] stores them.
pub fn sentence_spans(text: &str) -> Vec<(usize, usize)> {
    let analyzed = sanad_text::Analyzed::new(text, &sanad_text::NormalizeOptions::for_extraction());
    analyzed
        .sentences()
        .iter()
        .map(|s| {
            let o = analyzed.to_original(s.range());
            (o.start, o.end)
        })
        .filter(|(s, e)| e > s)
        .collect()
}

/// The title [`prepare`] gives a text or Markdown document: its first non-empty line.
pub fn first_line_title(text: &str) -> Option<String> {
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
    let (y, m, d) = calendar::civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
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
    /// was cut short are still found through the database, just not by full-text search until
    /// the next writer opens the store.
    ReadOnly,
}

/// Where a store's documents live: a folder (SQLite, embedded, the default) or a PostgreSQL
/// database shared by many processes and machines (`postgres://user@host:port/db`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    Dir(PathBuf),
    Postgres(String),
}

impl Location {
    /// `postgres://…` or `postgresql://…` is a PostgreSQL database; anything else a folder.
    pub fn parse(s: &str) -> Location {
        if s.starts_with("postgres://") || s.starts_with("postgresql://") {
            Location::Postgres(s.to_string())
        } else {
            Location::Dir(PathBuf::from(s))
        }
    }

    /// The full-text index folder used when none is given: `DIR/index` for a folder store;
    /// for PostgreSQL, `$SANAD_INDEX_HOME` (else `$XDG_DATA_HOME/sanad`, else
    /// `~/.local/share/sanad`) + `/pg/HOST-PORT-DB`, so every sanad on this machine that uses
    /// the same database shares one index whatever folder it runs in.
    pub fn default_index(&self) -> Result<PathBuf> {
        match self {
            Location::Dir(d) => Ok(d.join("index")),
            Location::Postgres(url) => {
                let config: postgres::Config = url
                    .parse()
                    .map_err(|e| Error::new(format!("{}: not a PostgreSQL URL: {e}", db::redact(url))))?;
                let host = match config.get_hosts().first() {
                    Some(postgres::config::Host::Tcp(h)) => h.clone(),
                    #[cfg(unix)]
                    Some(postgres::config::Host::Unix(p)) => p.display().to_string(),
                    None => "localhost".to_string(),
                };
                let port = config.get_ports().first().copied().unwrap_or(5432);
                let user = config.get_user().unwrap_or("postgres");
                let db = config.get_dbname().unwrap_or(user);
                let name: String =
                    format!("{host}-{port}-{db}")
                        .chars()
                        .map(|c| {
                            if c.is_ascii_alphanumeric() || c == '-' || c == '.' || c == '_' {
                                c
                            } else {
                                '_'
                            }
                        })
                        .collect();
                let home = std::env::var_os("SANAD_INDEX_HOME")
                    .map(PathBuf::from)
                    .or_else(|| std::env::var_os("XDG_DATA_HOME").map(|d| PathBuf::from(d).join("sanad")))
                    .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share/sanad")))
                    .unwrap_or_else(|| PathBuf::from("sanad-index"));
                Ok(home.join("pg").join(name))
            }
        }
    }

    /// For messages: the folder, or the URL without its password.
    pub fn display(&self) -> String {
        match self {
            Location::Dir(d) => d.display().to_string(),
            Location::Postgres(url) => db::redact(url),
        }
    }
}

/// An open store. Shareable between threads (`&Store` is `Sync`).
pub struct Store {
    location: Location,
    dir: PathBuf,
    index_dir: PathBuf,
    writer_conn: Mutex<Conn>,
    readers: Mutex<Vec<Conn>>,
    index: Index,
    pub(crate) reader: IndexReader,
    index_writer: Mutex<Option<IndexWriter>>,
    pub(crate) fields: Fields,
    /// Ids added to (or removed from) the index since its last commit.
    unconfirmed: Mutex<Vec<String>>,
}

impl fmt::Debug for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Store").field("location", &self.location.display()).finish()
    }
}

/// How often a PostgreSQL write that lost a deadlock or serialization race is tried again.
const PG_WRITE_ATTEMPTS: usize = 5;

impl Store {
    /// Open (creating if needed) the store in `dir` for reading and writing.
    pub fn open(dir: &Path) -> Result<Store> {
        Store::open_with(dir, Access::ReadWrite)
    }

    pub fn open_with(dir: &Path, access: Access) -> Result<Store> {
        Store::open_at(&Location::Dir(dir.to_path_buf()), None, access)
    }

    /// Open a store at `location` with its full-text index in `index` (default:
    /// [`Location::default_index`]). A folder store is created if needed; a PostgreSQL database
    /// must exist (its tables are created). With PostgreSQL, several processes may write at
    /// once: one of those on a machine holds the index writer, the others leave indexing to it
    /// (and to [`Store::catch_up_index`] when they finish).
    pub fn open_at(location: &Location, index: Option<&Path>, access: Access) -> Result<Store> {
        let (conn, dir) = match location {
            Location::Dir(dir) => {
                std::fs::create_dir_all(dir).map_err(|e| {
                    Error::new(format!("{}: cannot create the store folder: {e}", dir.display()))
                })?;
                let db_path = dir.join("sanad.sqlite3");
                let conn = Conn::open_sqlite(&db_path)
                    .map_err(|e| Error::new(format!("{}: {e}", db_path.display())))?;
                (conn, dir.clone())
            }
            Location::Postgres(url) => (Conn::open_postgres(url)?, PathBuf::new()),
        };
        schema::migrate(&conn)?;
        let index_dir = match index {
            Some(i) => i.to_path_buf(),
            None => location.default_index()?,
        };
        let dir = if dir.as_os_str().is_empty() { index_dir.clone() } else { dir };
        std::fs::create_dir_all(&index_dir).map_err(|e| {
            Error::new(format!("{}: cannot create the index folder: {e}", index_dir.display()))
        })?;
        let (schema, fields) = index_schema();
        let mmap = tantivy::directory::MmapDirectory::open(&index_dir)
            .map_err(|e| Error::new(format!("{}: {e}", index_dir.display())))?;
        let index = Index::open_or_create(mmap, schema)?;
        index.tokenizers().register(analyzer::TOKENIZER_NAME, analyzer::PersianTokenizer);
        let reader = index.reader_builder().reload_policy(ReloadPolicy::OnCommitWithDelay).try_into()?;
        let postgres = matches!(location, Location::Postgres(_));
        let index_writer = match access {
            Access::ReadOnly => None,
            Access::ReadWrite => match index.writer_with_num_threads(1, 64 << 20) {
                Ok(w) => Some(w),
                // Another sanad on this machine indexes this database: it will pick up what
                // this one writes.
                Err(_) if postgres => None,
                Err(e) => {
                    return Err(Error::new(format!(
                        "{}: the index is in use by another sanad writing to this store ({e})",
                        index_dir.display()
                    )))
                }
            },
        };
        let store = Store {
            location: location.clone(),
            dir,
            index_dir,
            writer_conn: Mutex::new(conn),
            readers: Mutex::new(Vec::new()),
            index,
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

    /// The store folder; for PostgreSQL, the index folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn index_dir(&self) -> &Path {
        &self.index_dir
    }

    pub fn location(&self) -> &Location {
        &self.location
    }

    fn is_postgres(&self) -> bool {
        matches!(self.location, Location::Postgres(_))
    }

    /// Whether this store holds the index writer (else others index what it writes).
    pub fn indexes(&self) -> bool {
        self.index_writer.lock().expect("store lock").is_some()
    }

    /// Bring the index in step with the database; returns how many documents it changed.
    /// SQLite: every document not confirmed as indexed (`index_state = 0`) is removed from the
    /// index and, unless superseded, added again. PostgreSQL, where one database may feed many
    /// index folders: the index's ids are compared with the current documents, and missing ones
    /// are added, superseded or unknown ones removed. Runs at open.
    pub fn reconcile(&self) -> Result<usize> {
        if !self.indexes() {
            return Ok(0);
        }
        let pending: Vec<(String, bool)> = if self.is_postgres() {
            let current: HashSet<String> = self
                .read(|c| {
                    c.query_map("SELECT id FROM documents WHERE superseded_by IS NULL", params![], |r| {
                        r.get(0)
                    })
                })?
                .into_iter()
                .collect();
            let indexed = self.indexed_ids()?;
            let mut pending: Vec<(String, bool)> =
                indexed.iter().filter(|id| !current.contains(*id)).map(|id| (id.clone(), true)).collect();
            pending.extend(current.into_iter().filter(|id| !indexed.contains(id)).map(|id| (id, false)));
            pending
        } else {
            let conn = self.writer_conn.lock().expect("store lock");
            conn.query_map(
                "SELECT id, superseded_by IS NOT NULL FROM documents WHERE index_state = 0",
                params![],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?
        };
        if pending.is_empty() {
            return Ok(0);
        }
        for (n, (id, superseded)) in pending.iter().enumerate() {
            if *superseded {
                self.unindex(id)?;
            } else {
                let (title, text, kinds, entities) = self.index_material(id)?;
                self.index_doc(id, title.as_deref(), &text, &kinds, &entities)?;
            }
            self.unconfirmed.lock().expect("store lock").push(id.clone());
            if n % 5000 == 4999 {
                self.commit()?;
            }
        }
        self.commit()?;
        Ok(pending.len())
    }

    /// Every document id the index holds (not deleted).
    fn indexed_ids(&self) -> Result<HashSet<String>> {
        use tantivy::schema::Value as _;
        self.reader.reload()?;
        let searcher = self.reader.searcher();
        let mut ids = HashSet::new();
        for (ord, segment) in searcher.segment_readers().iter().enumerate() {
            for doc in segment.doc_ids_alive() {
                let d: TantivyDocument = searcher.doc(tantivy::DocAddress::new(ord as u32, doc))?;
                if let Some(id) = d.get_first(self.fields.id).and_then(|v| v.as_str()) {
                    ids.insert(id.to_string());
                }
            }
        }
        Ok(ids)
    }

    /// After writing to PostgreSQL, make this machine's index hold what was written. With the
    /// index writer: compare with the database once more (other processes may have written
    /// while this one held it). Without (another sanad held it): wait up to `wait` for the
    /// writer to be free, then do the same. Returns how many documents it (un)indexed, or
    /// `None` when the writer stayed busy (its holder catches up when it ends).
    pub fn catch_up_index(&self, wait: std::time::Duration) -> Result<Option<usize>> {
        if self.indexes() {
            self.commit()?;
            return Ok(Some(if self.is_postgres() { self.reconcile()? } else { 0 }));
        }
        let started = std::time::Instant::now();
        let w = loop {
            match self.index.writer_with_num_threads(1, 64 << 20) {
                Ok(w) => break w,
                Err(_) if started.elapsed() < wait => {
                    std::thread::sleep(std::time::Duration::from_millis(100))
                }
                Err(_) => return Ok(None),
            }
        };
        *self.index_writer.lock().expect("store lock") = Some(w);
        let n = self.reconcile();
        *self.index_writer.lock().expect("store lock") = None;
        Ok(Some(n?))
    }

    /// Rebuild the full-text index from the database: empty it, then index every current
    /// document. `progress` is told each document. Returns how many were indexed.
    pub fn reindex(&self, progress: &dyn ingest::Progress) -> Result<usize> {
        let ids: Vec<String> = self.read(|c| {
            c.query_map("SELECT id FROM documents WHERE superseded_by IS NULL ORDER BY id", params![], |r| {
                r.get(0)
            })
        })?;
        progress.start(ids.len() as u64);
        self.with_writer(|w| {
            w.delete_all_documents()?;
            Ok(())
        })?;
        self.commit()?;
        for (n, id) in ids.iter().enumerate() {
            let (title, text, kinds, entities) = self.index_material(id)?;
            self.index_doc(id, title.as_deref(), &text, &kinds, &entities)?;
            self.unconfirmed.lock().expect("store lock").push(id.clone());
            progress.advance("");
            if n % 5000 == 4999 {
                self.commit()?;
            }
        }
        if !self.is_postgres() {
            let conn = self.writer_conn.lock().expect("store lock");
            conn.execute("UPDATE documents SET index_state = 1 WHERE superseded_by IS NOT NULL", params![])?;
        }
        self.commit()?;
        progress.finish();
        Ok(ids.len())
    }

    fn index_material(&self, id: &str) -> Result<IndexMaterial> {
        self.read(|c| {
            let (title, text): (Option<String>, String) =
                c.query_one("SELECT title, text FROM documents WHERE id = ?1", params![id], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })?;
            let kinds = c.query_map(
                "SELECT DISTINCT kind FROM annotations WHERE doc = ?1 ORDER BY kind",
                params![id],
                |r| r.get(0),
            )?;
            let entities = c.query_map(
                "SELECT DISTINCT entity FROM annotations WHERE doc = ?1 AND entity IS NOT NULL ORDER BY entity",
                params![id],
                |r| r.get(0),
            )?;
            Ok((title, text, kinds, entities))
        })
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
            Ok(c.query_opt("SELECT 1 FROM documents WHERE id = ?1", params![id], |_| Ok(()))?.is_some())
        })
    }

    /// A number that changes whenever the index a search reads changes (a commit, here or by
    /// another process): what a cache of search answers is keyed by.
    pub fn search_generation(&self) -> u64 {
        self.reader.searcher().generation().generation_id()
    }

    /// Every stored document id (to skip known files before extracting them).
    pub fn ids(&self) -> Result<HashSet<String>> {
        self.read(|c| {
            Ok(c.query_map("SELECT id FROM documents", params![], |r| r.get(0))?.into_iter().collect())
        })
    }

    /// Write one prepared document in one transaction, then hand it to the index (confirmed by
    /// the next [`Store::commit`]). On PostgreSQL several processes may write the same document
    /// at once: its SHA-256 key with `ON CONFLICT DO NOTHING` keeps one, and a per-source
    /// advisory lock numbers the versions of a source one after the other.
    pub fn write(&self, p: Prepared) -> Result<Outcome> {
        let written = {
            let conn = self.writer_conn.lock().expect("store lock");
            let mut attempt = 0;
            loop {
                attempt += 1;
                match conn.transaction(|tx| write_document(tx, &p)) {
                    Err(e) if e.is_retryable() && attempt < PG_WRITE_ATTEMPTS => continue,
                    other => break other?,
                }
            }
        };
        self.index_written(p, written)
    }

    /// Write several prepared documents in ONE SQLite transaction (group commit), then hand them
    /// to the index. Each document is still all or nothing, and a crash loses at most the group
    /// being written, whose documents no caller has yet been told are stored. Ingest spends a
    /// large share of its time in per-transaction work (the WAL pages of every b-tree a commit
    /// touches), which a group pays once. If any document of the group fails, the group is
    /// rolled back and written again one document per transaction, so only the bad one fails.
    /// On PostgreSQL (several writers, advisory locks, retries) each document keeps its own
    /// transaction. Outcomes are in the order of `docs`.
    pub fn write_group(&self, docs: Vec<Prepared>) -> Vec<Result<Outcome>> {
        if docs.len() < 2 || self.is_postgres() {
            return docs.into_iter().map(|p| self.write(p)).collect();
        }
        let written = {
            let conn = self.writer_conn.lock().expect("store lock");
            conn.transaction(|tx| {
                docs.iter().map(|p| write_document(tx, p)).collect::<Result<Vec<Written>>>()
            })
        };
        match written {
            Ok(written) => docs.into_iter().zip(written).map(|(p, w)| self.index_written(p, w)).collect(),
            Err(_) => docs.into_iter().map(|p| self.write(p)).collect(),
        }
    }

    /// Hand a document just written to the index (confirmed by the next [`Store::commit`]).
    fn index_written(&self, p: Prepared, written: Written) -> Result<Outcome> {
        let Some((outcome, previous, kinds, entities)) = written else { return Ok(Outcome::Unchanged) };
        if self.indexes() {
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
        // PostgreSQL: one database may feed many index folders, so `index_state` says nothing
        // there; each index knows what it holds (see `reconcile`).
        if !ids.is_empty() && !self.is_postgres() {
            let conn = self.writer_conn.lock().expect("store lock");
            conn.transaction(|tx| {
                for id in &ids {
                    tx.execute("UPDATE documents SET index_state = 1 WHERE id = ?1", params![id])?;
                }
                Ok(())
            })?;
        }
        self.reader.reload()?;
        Ok(())
    }

    /// Run `f` with a pooled read connection.
    pub(crate) fn read<T>(&self, f: impl FnOnce(&Conn) -> Result<T>) -> Result<T> {
        let conn = self.readers.lock().expect("store lock").pop();
        let conn = match conn {
            Some(c) => c,
            None => match &self.location {
                Location::Dir(dir) => {
                    let c = Conn::open_sqlite(&dir.join("sanad.sqlite3"))?;
                    c.batch("PRAGMA query_only = ON;")?;
                    c
                }
                Location::Postgres(url) => Conn::open_postgres(url)?,
            },
        };
        let out = f(&conn);
        let mut pool = self.readers.lock().expect("store lock");
        if pool.len() < 16 {
            pool.push(conn);
        }
        out
    }
}

/// What writing a new document did: outcome, the version it superseded, its annotation kinds
/// and entity ids (for the index). `None`: the document was already there.
type Written = Option<(Outcome, Option<String>, Vec<String>, Vec<String>)>;

/// `(idx, kind, start, end, value, day_start, day_end, entity)` of one annotation row.
type AnnotationRow = (i64, &'static str, i64, i64, Option<String>, Option<i64>, Option<i64>, Option<String>);

/// Most rows one multi-row `INSERT` carries (SQLite allows 32766 parameters, PostgreSQL 65535).
const ROWS_PER_STATEMENT: usize = 256;

/// Insert rows of `width` parameters each (`params` holds them all, row after row) with
/// multi-row `INSERT`s: one round trip per statement, not per row, which is what a PostgreSQL
/// server across a network needs (SQLite does not mind). Statements carry a power-of-two number
/// of rows, so a connection prepares at most nine shapes of each.
fn insert_rows(tx: &Conn, head: &str, tail: &str, width: usize, params: &[&dyn db::ToParam]) -> Result<()> {
    let mut rest = params;
    while !rest.is_empty() {
        let rows = rest.len() / width;
        let n = if rows >= ROWS_PER_STATEMENT { ROWS_PER_STATEMENT } else { 1 << rows.ilog2() };
        let (now, later) = rest.split_at(n * width);
        tx.execute(&multi_row_sql(head, tail, width, n), now)?;
        rest = later;
    }
    Ok(())
}

/// `head (?1, …, ?w), (?w+1, …), … tail` for `n` rows of `width`.
fn multi_row_sql(head: &str, tail: &str, width: usize, n: usize) -> String {
    use std::fmt::Write;
    let mut sql = String::from(head);
    for r in 0..n {
        sql.push_str(if r > 0 { ", (" } else { "(" });
        for c in 1..=width {
            let _ = write!(sql, "{}?{}", if c > 1 { ", " } else { "" }, r * width + c);
        }
        sql.push(')');
    }
    sql.push_str(tail);
    sql
}

/// One document, inside the caller's transaction.
fn write_document(tx: &Conn, p: &Prepared) -> Result<Written> {
    let exists = tx.query_opt("SELECT 1 FROM documents WHERE id = ?1", params![p.id], |_| Ok(()))?.is_some();
    if exists {
        return Ok(None);
    }
    if tx.dialect() == Dialect::Postgres {
        // Versions of one source are numbered one writer at a time.
        tx.query_opt(
            "SELECT pg_advisory_xact_lock(hashtextextended(?1, 0))::text",
            params![p.source],
            |_| Ok(()),
        )?;
    }
    let previous: Option<(String, i64)> = tx.query_opt(
        "SELECT id, version FROM documents WHERE source = ?1 AND superseded_by IS NULL
         ORDER BY version DESC LIMIT 1",
        params![p.source],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let version = previous.as_ref().map_or(1, |(_, v)| v + 1);
    let mut date_min: Option<i64> = None;
    let mut date_max: Option<i64> = None;
    let mut kinds = BTreeSet::new();
    let mut entities = BTreeMap::new();
    // The rows first (they give the document its date range), then the document, then them.
    let mut rows: Vec<AnnotationRow> = Vec::with_capacity(p.annotations.len() + p.sentences.len());
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
                    entities.entry(id.clone()).or_insert((e.entity_type.clone(), e.canonical.clone()));
                }
            }
            _ => {}
        }
        rows.push((i as i64, kind, a.start as i64, a.end as i64, value, ds, de, entity));
    }
    let base = p.annotations.len();
    for (j, (s, e)) in p.sentences.iter().enumerate() {
        rows.push(((base + j) as i64, "sentence", *s as i64, *e as i64, None, None, None, None));
    }
    let inserted = tx.execute(
        "INSERT INTO documents (id, source, title, format, text, bytes, chars, ingested_at, version, date_min, date_max)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) ON CONFLICT (id) DO NOTHING",
        params![
            p.id,
            p.source,
            p.title,
            p.format.as_str(),
            p.text,
            p.bytes as i64,
            p.text.chars().count() as i64,
            now_iso(),
            version,
            date_min,
            date_max
        ],
    )?;
    if inserted == 0 {
        // Another process wrote these bytes since we looked.
        return Ok(None);
    }
    let mut params: Vec<&dyn db::ToParam> = Vec::with_capacity(rows.len() * 9);
    for (idx, kind, start, end, value, ds, de, entity) in &rows {
        let row: [&dyn db::ToParam; 9] = [&p.id, idx, kind, start, end, value, ds, de, entity];
        params.extend(row);
    }
    insert_rows(
        tx,
        "INSERT INTO annotations (doc, idx, kind, start, \"end\", value, day_start, day_end, entity) VALUES ",
        "",
        9,
        &params,
    )?;
    // In id order, so concurrent writers take the entities' row locks in the same order.
    let mut params: Vec<&dyn db::ToParam> = Vec::with_capacity(entities.len() * 3);
    for (id, (entity_type, canonical)) in &entities {
        let row: [&dyn db::ToParam; 3] = [id, entity_type, canonical];
        params.extend(row);
    }
    insert_rows(
        tx,
        "INSERT INTO entities (id, type, canonical) VALUES ",
        " ON CONFLICT (id) DO NOTHING",
        3,
        &params,
    )?;
    for g in &p.claims {
        let json = serde_json::to_string(g).map_err(|e| Error::new(e.to_string()))?;
        tx.execute(
            "INSERT INTO claim_groups (doc, id, about, disputed, value) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (doc, id) DO UPDATE SET about = excluded.about, disputed = excluded.disputed,
             value = excluded.value",
            params![p.id, g.id, g.about, g.disputed, json],
        )?;
    }
    if let Some((prev, _)) = &previous {
        tx.execute(
            "UPDATE documents SET superseded_by = ?2, index_state = 0 WHERE id = ?1",
            params![prev, p.id],
        )?;
    }
    let outcome = if previous.is_some() { Outcome::Version } else { Outcome::New };
    Ok(Some((outcome, previous.map(|p| p.0), kinds.into_iter().collect(), entities.into_keys().collect())))
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
pub(crate) fn resolve_id(conn: &Conn, id: &str) -> Result<Option<String>> {
    if id.len() == 64 {
        return conn.query_opt("SELECT id FROM documents WHERE id = ?1", params![id], |r| r.get(0));
    }
    if id.len() < 8 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    let lower = id.to_ascii_lowercase();
    let mut upper = lower.clone();
    upper.push('g');
    let found: Vec<String> = conn.query_map(
        "SELECT id FROM documents WHERE id >= ?1 AND id < ?2 LIMIT 2",
        params![lower, upper],
        |r| r.get(0),
    )?;
    Ok(if found.len() == 1 { found.into_iter().next() } else { None })
}

#[cfg(test)]
mod tests {
    #[test]
    fn multi_row_inserts() {
        assert_eq!(
            super::multi_row_sql("INSERT INTO t (a, b) VALUES ", " ON CONFLICT DO NOTHING", 2, 2),
            "INSERT INTO t (a, b) VALUES (?1, ?2), (?3, ?4) ON CONFLICT DO NOTHING"
        );
    }
}
