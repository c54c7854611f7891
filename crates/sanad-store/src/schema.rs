//! The SQLite schema and its migrations. Each migration runs once, in order, in a transaction,
//! and is recorded in `migrations`; `PRAGMA user_version` mirrors the newest applied.

use crate::db::{params, Conn, Dialect};

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
    "end"     INTEGER NOT NULL,
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

/// A migration's SQL for `dialect`. The text above is the one source of truth, written for
/// SQLite; PostgreSQL gets 64-bit integers (SQLite's INTEGER is 64-bit), byte-order collation on
/// texts (SQLite's BINARY, so both list in the same order), and no `WITHOUT ROWID`.
pub(crate) fn dialect_sql(sql: &str, dialect: Dialect) -> String {
    match dialect {
        Dialect::Sqlite => sql.to_string(),
        Dialect::Postgres => sql
            .replace(" INTEGER", " BIGINT")
            .replace(" TEXT", " TEXT COLLATE \"C\"")
            .replace(" WITHOUT ROWID", ""),
    }
}

/// Bring the database to [`SCHEMA_VERSION`]. Refuses a database written by a newer sanad.
/// On PostgreSQL, several processes may open the store at once: an advisory lock makes them
/// migrate one after the other.
pub fn migrate(conn: &Conn) -> Result<(), crate::Error> {
    let dialect = conn.dialect();
    conn.begin()?;
    let result = (|| {
        if dialect == Dialect::Postgres {
            conn.batch("SELECT pg_advisory_xact_lock(7365616)")?;
        }
        conn.batch(&dialect_sql(
            "CREATE TABLE IF NOT EXISTS migrations (
            version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)",
            dialect,
        ))?;
        let current: i64 =
            conn.query_one("SELECT COALESCE(MAX(version), 0) FROM migrations", params![], |r| r.get(0))?;
        if current > SCHEMA_VERSION {
            return Err(crate::Error::new(format!(
                "the store's schema is version {current}, newer than this sanad knows ({SCHEMA_VERSION}); use a newer sanad"
            )));
        }
        for &(version, description, sql) in MIGRATIONS.iter().filter(|m| m.0 > current) {
            conn.batch(&dialect_sql(sql, dialect))?;
            conn.execute(
                "INSERT INTO migrations (version, description, applied_at) VALUES (?1, ?2, ?3)",
                params![version, description, crate::now_iso()],
            )?;
            if dialect == Dialect::Sqlite {
                conn.batch(&format!("PRAGMA user_version = {version}"))?;
            }
        }
        Ok(())
    })();
    match result {
        Ok(()) => conn.commit(),
        Err(e) => {
            let _ = conn.rollback();
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postgres_spelling_of_the_schema() {
        let pg = dialect_sql(MIGRATIONS[0].2, Dialect::Postgres);
        assert!(pg.contains("id            TEXT COLLATE \"C\" PRIMARY KEY"));
        assert!(pg.contains("bytes         BIGINT NOT NULL"));
        assert!(!pg.contains("WITHOUT ROWID"));
    }
}
