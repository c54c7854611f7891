//! The SQLite schema and its migrations. Each migration runs once, in order, in a transaction,
//! and is recorded in `migrations`; `PRAGMA user_version` mirrors the newest applied.

use rusqlite::Connection;

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = 1;

/// `(version, description, SQL)`, oldest first. Append; never edit a released migration.
const MIGRATIONS: &[(i64, &str, &str)] = &[(
    1,
    "documents, annotations, claim groups, entities",
    r#"
CREATE TABLE documents (
    id            TEXT PRIMARY KEY,      -- SHA-256 of the original bytes, hex
    source        TEXT NOT NULL,         -- path as given, '-' for stdin, or the API's name
    title         TEXT,
    format        TEXT NOT NULL,         -- txt | md | html
    text          TEXT NOT NULL,         -- the text annotated (HTML: the extracted text)
    bytes         INTEGER NOT NULL,      -- length of the original bytes
    chars         INTEGER NOT NULL,
    ingested_at   TEXT NOT NULL,
    version       INTEGER NOT NULL,      -- 1, 2, … per source
    superseded_by TEXT,                  -- the next version's id
    index_state   INTEGER NOT NULL DEFAULT 0,  -- 0: the full-text index is not yet in step
    date_min      INTEGER,               -- day numbers (days since 1970-01-01, proleptic Gregorian)
    date_max      INTEGER
);
CREATE INDEX documents_by_source ON documents(source, version);
CREATE INDEX documents_pending ON documents(index_state) WHERE index_state = 0;
CREATE TABLE annotations (
    doc       TEXT NOT NULL REFERENCES documents(id),
    idx       INTEGER NOT NULL,          -- position in the extraction's list; claims refer to it
    kind      TEXT NOT NULL,
    start     INTEGER NOT NULL,          -- byte offsets into documents.text
    end       INTEGER NOT NULL,
    value     TEXT,                      -- the kind's value, JSON
    day_start INTEGER,                   -- dates only
    day_end   INTEGER,
    entity    TEXT,                      -- entities with an id only
    PRIMARY KEY (doc, idx)
) WITHOUT ROWID;
CREATE INDEX annotations_by_day ON annotations(day_start, day_end) WHERE day_start IS NOT NULL;
CREATE INDEX annotations_by_entity ON annotations(entity, doc) WHERE entity IS NOT NULL;
CREATE INDEX annotations_by_kind ON annotations(kind, doc);
CREATE TABLE claim_groups (
    doc      TEXT NOT NULL REFERENCES documents(id),
    id       TEXT NOT NULL,
    about    TEXT NOT NULL,
    disputed INTEGER NOT NULL,
    value    TEXT NOT NULL,              -- the whole group, JSON
    PRIMARY KEY (doc, id)
) WITHOUT ROWID;
CREATE INDEX claim_groups_disputed ON claim_groups(disputed);
CREATE TABLE entities (
    id        TEXT PRIMARY KEY,
    type      TEXT NOT NULL,
    canonical TEXT
);
"#,
)];

/// Bring the database to [`SCHEMA_VERSION`]. Refuses a database written by a newer sanad.
pub fn migrate(conn: &mut Connection) -> Result<(), crate::Error> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS migrations (
            version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)",
    )?;
    let current: i64 =
        conn.query_row("SELECT COALESCE(MAX(version), 0) FROM migrations", [], |r| r.get(0))?;
    if current > SCHEMA_VERSION {
        return Err(crate::Error::new(format!(
            "the store's schema is version {current}, newer than this sanad knows ({SCHEMA_VERSION}); use a newer sanad"
        )));
    }
    for &(version, description, sql) in MIGRATIONS.iter().filter(|m| m.0 > current) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.execute(
            "INSERT INTO migrations (version, description, applied_at) VALUES (?1, ?2, ?3)",
            rusqlite::params![version, description, crate::now_iso()],
        )?;
        tx.pragma_update(None, "user_version", version)?;
        tx.commit()?;
    }
    Ok(())
}
