//! The seam between the store and its database: one connection type over SQLite (embedded, the
//! default) and PostgreSQL (shared, `postgres://…`). The store's SQL is written once, in
//! SQLite's spelling with `?N` placeholders, in the portable subset of both dialects; for
//! PostgreSQL [`pg_sql`] turns placeholders into `$N` and swaps the few functions that are
//! spelled differently. Rows come back as owned [`Cell`]s, so the query code above reads one
//! row type whichever database answered.

use crate::{Error, Result};
use std::cell::RefCell;
use std::collections::HashMap;

/// One value read from a row.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
}

/// One value bound to a placeholder. Nulls carry their type, which PostgreSQL needs.
#[derive(Clone, Copy, Debug)]
pub enum Param<'a> {
    Int(Option<i64>),
    Text(Option<&'a str>),
}

/// What can be bound to a placeholder.
pub trait ToParam {
    fn to_param(&self) -> Param<'_>;
}

impl ToParam for i64 {
    fn to_param(&self) -> Param<'_> {
        Param::Int(Some(*self))
    }
}
impl ToParam for bool {
    fn to_param(&self) -> Param<'_> {
        Param::Int(Some(i64::from(*self)))
    }
}
impl ToParam for str {
    fn to_param(&self) -> Param<'_> {
        Param::Text(Some(self))
    }
}
impl ToParam for String {
    fn to_param(&self) -> Param<'_> {
        Param::Text(Some(self))
    }
}
impl<T: ToParam + ?Sized> ToParam for &T {
    fn to_param(&self) -> Param<'_> {
        (**self).to_param()
    }
}
impl ToParam for Option<i64> {
    fn to_param(&self) -> Param<'_> {
        Param::Int(*self)
    }
}
impl ToParam for Option<bool> {
    fn to_param(&self) -> Param<'_> {
        Param::Int(self.map(i64::from))
    }
}
impl ToParam for Option<String> {
    fn to_param(&self) -> Param<'_> {
        Param::Text(self.as_deref())
    }
}
impl ToParam for Option<&str> {
    fn to_param(&self) -> Param<'_> {
        Param::Text(*self)
    }
}

/// `params![a, b]`: the placeholders' values, in order.
macro_rules! params {
    () => { &[] as &[&dyn $crate::db::ToParam] };
    ($($p:expr),+ $(,)?) => { &[$(&$p as &dyn $crate::db::ToParam),+] as &[&dyn $crate::db::ToParam] };
}
pub(crate) use params;

/// A row: its cells in column order.
#[derive(Clone, Debug)]
pub struct Row(Vec<Cell>);

/// What a cell can be read as.
pub trait FromCell: Sized {
    fn from_cell(cell: &Cell) -> Option<Self>;
}

impl FromCell for i64 {
    fn from_cell(cell: &Cell) -> Option<i64> {
        match cell {
            Cell::Int(i) => Some(*i),
            _ => None,
        }
    }
}
impl FromCell for bool {
    fn from_cell(cell: &Cell) -> Option<bool> {
        match cell {
            Cell::Int(i) => Some(*i != 0),
            _ => None,
        }
    }
}
impl FromCell for f64 {
    fn from_cell(cell: &Cell) -> Option<f64> {
        match cell {
            Cell::Real(f) => Some(*f),
            Cell::Int(i) => Some(*i as f64),
            _ => None,
        }
    }
}
impl FromCell for String {
    fn from_cell(cell: &Cell) -> Option<String> {
        match cell {
            Cell::Text(s) => Some(s.clone()),
            _ => None,
        }
    }
}
impl<T: FromCell> FromCell for Option<T> {
    fn from_cell(cell: &Cell) -> Option<Option<T>> {
        match cell {
            Cell::Null => Some(None),
            c => T::from_cell(c).map(Some),
        }
    }
}

impl Row {
    /// Column `i` as `T`; an error names the column and what it held.
    pub fn get<T: FromCell>(&self, i: usize) -> Result<T> {
        let cell = self.0.get(i).unwrap_or(&Cell::Null);
        T::from_cell(cell).ok_or_else(|| {
            Error::new(format!(
                "store database: column {i} holds {cell:?}, not a {}",
                std::any::type_name::<T>()
            ))
        })
    }
}

/// Which database a connection talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

/// A connection to either database. Not `Sync`: the store keeps each in a mutex or a pool.
pub enum Conn {
    Sqlite(rusqlite::Connection),
    Postgres(Box<RefCell<PgConn>>),
}

pub struct PgConn {
    client: postgres::Client,
    statements: HashMap<(String, Vec<bool>), postgres::Statement>,
}

/// SQL in SQLite's spelling → PostgreSQL's: `?N` → `$N`, and the few functions whose names
/// differ. Only what the store's own SQL uses; no string literal in it holds a `?`.
pub fn pg_sql(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 16);
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '?' && chars.peek().is_some_and(char::is_ascii_digit) {
            out.push('$');
        } else {
            out.push(c);
        }
    }
    for (sqlite, pg) in PG_SPELLINGS {
        if out.contains(sqlite) {
            out = out.replace(sqlite, pg);
        }
    }
    out
}

/// `(SQLite, PostgreSQL)` spellings of the same thing.
const PG_SPELLINGS: &[(&str, &str)] = &[
    ("instr(", "strpos("),
    // A byte range of a UTF-8 text.
    (
        "CAST(substr(CAST(d.text AS BLOB), a.start + 1, a.\"end\" - a.start) AS TEXT)",
        "convert_from(substring(convert_to(d.text, 'UTF8') from (a.start + 1)::int for (a.\"end\" - a.start)::int), 'UTF8')",
    ),
];

fn pg_error(e: postgres::Error) -> Error {
    let retry = e.code().is_some_and(|c| {
        *c == postgres::error::SqlState::T_R_DEADLOCK_DETECTED
            || *c == postgres::error::SqlState::T_R_SERIALIZATION_FAILURE
    });
    let message = match e.as_db_error() {
        Some(db) => format!("store database (PostgreSQL): {}: {}", db.code().code(), db.message()),
        None => format!("store database (PostgreSQL): {e}"),
    };
    if retry {
        Error::retryable(message)
    } else {
        Error::new(message)
    }
}

fn sqlite_cell(v: rusqlite::types::ValueRef<'_>) -> Cell {
    use rusqlite::types::ValueRef;
    match v {
        ValueRef::Null => Cell::Null,
        ValueRef::Integer(i) => Cell::Int(i),
        ValueRef::Real(f) => Cell::Real(f),
        ValueRef::Text(t) => Cell::Text(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Cell::Text(String::from_utf8_lossy(b).into_owned()),
    }
}

fn pg_cell(row: &postgres::Row, i: usize) -> Result<Cell> {
    use postgres::types::Type;
    let ty = row.columns()[i].type_().clone();
    let e = |e: postgres::Error| pg_error(e);
    Ok(if ty == Type::INT8 {
        row.try_get::<_, Option<i64>>(i).map_err(e)?.map_or(Cell::Null, Cell::Int)
    } else if ty == Type::INT4 {
        row.try_get::<_, Option<i32>>(i).map_err(e)?.map_or(Cell::Null, |v| Cell::Int(v.into()))
    } else if ty == Type::INT2 {
        row.try_get::<_, Option<i16>>(i).map_err(e)?.map_or(Cell::Null, |v| Cell::Int(v.into()))
    } else if ty == Type::BOOL {
        row.try_get::<_, Option<bool>>(i).map_err(e)?.map_or(Cell::Null, |v| Cell::Int(v.into()))
    } else if ty == Type::FLOAT8 {
        row.try_get::<_, Option<f64>>(i).map_err(e)?.map_or(Cell::Null, Cell::Real)
    } else if ty == Type::FLOAT4 {
        row.try_get::<_, Option<f32>>(i).map_err(e)?.map_or(Cell::Null, |v| Cell::Real(v.into()))
    } else if ty == Type::VOID {
        Cell::Null
    } else {
        row.try_get::<_, Option<String>>(i).map_err(e)?.map_or(Cell::Null, Cell::Text)
    })
}

impl Conn {
    pub fn open_sqlite(path: &std::path::Path) -> Result<Conn> {
        let conn = rusqlite::Connection::open(path)?;
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        // temp_store in memory: the statement journals of multi-row INSERTs inside a group
        // transaction (5 % of an ingest profile as temp-file writes). A checkpoint every 8,192
        // WAL pages (32 MB) instead of 1,000: a checkpoint copies each page it finds once, and
        // ingest rewrites the same index pages many times between two checkpoints.
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;
             PRAGMA cache_size = -32000; PRAGMA temp_store = MEMORY; PRAGMA wal_autocheckpoint = 8192;",
        )?;
        Ok(Conn::Sqlite(conn))
    }

    pub fn open_postgres(url: &str) -> Result<Conn> {
        let client = postgres::Client::connect(url, postgres::NoTls)
            .map_err(|e| Error::new(format!("{}: cannot connect: {e}", redact(url))))?;
        Ok(Conn::Postgres(Box::new(RefCell::new(PgConn { client, statements: HashMap::new() }))))
    }

    pub fn dialect(&self) -> Dialect {
        match self {
            Conn::Sqlite(_) => Dialect::Sqlite,
            Conn::Postgres(_) => Dialect::Postgres,
        }
    }

    /// Statements without parameters, separated by `;` (as given: no translation).
    pub fn batch(&self, sql: &str) -> Result<()> {
        match self {
            Conn::Sqlite(c) => Ok(c.execute_batch(sql)?),
            Conn::Postgres(c) => c.borrow_mut().client.batch_execute(sql).map_err(pg_error),
        }
    }

    /// Every row of a query, each mapped by `f`.
    pub fn query_map<T>(
        &self,
        sql: &str,
        params: &[&dyn ToParam],
        mut f: impl FnMut(&Row) -> Result<T>,
    ) -> Result<Vec<T>> {
        let rows = self.rows(sql, params)?;
        rows.iter().map(&mut f).collect()
    }

    /// The first row, if any, mapped by `f`.
    pub fn query_opt<T>(
        &self,
        sql: &str,
        params: &[&dyn ToParam],
        f: impl FnOnce(&Row) -> Result<T>,
    ) -> Result<Option<T>> {
        let rows = self.rows(sql, params)?;
        rows.first().map(f).transpose()
    }

    /// The first row, which must exist.
    pub fn query_one<T>(
        &self,
        sql: &str,
        params: &[&dyn ToParam],
        f: impl FnOnce(&Row) -> Result<T>,
    ) -> Result<T> {
        self.query_opt(sql, params, f)?
            .ok_or_else(|| Error::new(format!("store database: no row for {}", sql.trim())))
    }

    /// Run a statement; how many rows it changed.
    pub fn execute(&self, sql: &str, params: &[&dyn ToParam]) -> Result<u64> {
        match self {
            Conn::Sqlite(c) => {
                let mut stmt = c.prepare_cached(sql)?;
                bind_sqlite(&mut stmt, params)?;
                Ok(stmt.raw_execute()? as u64)
            }
            Conn::Postgres(c) => {
                let mut c = c.borrow_mut();
                let stmt = c.statement(sql, params)?;
                let values = pg_values(params);
                let refs: Vec<&(dyn postgres::types::ToSql + Sync)> =
                    values.iter().map(|v| v.as_sql()).collect();
                c.client.execute(&stmt, &refs).map_err(pg_error)
            }
        }
    }

    fn rows(&self, sql: &str, params: &[&dyn ToParam]) -> Result<Vec<Row>> {
        match self {
            Conn::Sqlite(c) => {
                let mut stmt = c.prepare_cached(sql)?;
                bind_sqlite(&mut stmt, params)?;
                let n = stmt.column_count();
                let mut rows = stmt.raw_query();
                let mut out = Vec::new();
                while let Some(r) = rows.next()? {
                    let mut cells = Vec::with_capacity(n);
                    for i in 0..n {
                        cells.push(sqlite_cell(r.get_ref(i)?));
                    }
                    out.push(Row(cells));
                }
                Ok(out)
            }
            Conn::Postgres(c) => {
                let mut c = c.borrow_mut();
                let stmt = c.statement(sql, params)?;
                let values = pg_values(params);
                let refs: Vec<&(dyn postgres::types::ToSql + Sync)> =
                    values.iter().map(|v| v.as_sql()).collect();
                let rows = c.client.query(&stmt, &refs).map_err(pg_error)?;
                rows.iter()
                    .map(|r| (0..r.len()).map(|i| pg_cell(r, i)).collect::<Result<Vec<_>>>().map(Row))
                    .collect()
            }
        }
    }

    pub fn begin(&self) -> Result<()> {
        self.batch("BEGIN")
    }

    pub fn commit(&self) -> Result<()> {
        self.batch("COMMIT")
    }

    pub fn rollback(&self) -> Result<()> {
        self.batch("ROLLBACK")
    }

    /// Run `f` in one transaction: committed when it returns `Ok`, rolled back otherwise.
    pub fn transaction<T>(&self, f: impl FnOnce(&Conn) -> Result<T>) -> Result<T> {
        self.begin()?;
        match f(self) {
            Ok(v) => {
                self.commit()?;
                Ok(v)
            }
            Err(e) => {
                let _ = self.rollback();
                Err(e)
            }
        }
    }
}

impl PgConn {
    fn statement(&mut self, sql: &str, params: &[&dyn ToParam]) -> Result<postgres::Statement> {
        let kinds: Vec<bool> = params.iter().map(|p| matches!(p.to_param(), Param::Int(_))).collect();
        let key = (sql.to_string(), kinds);
        if let Some(s) = self.statements.get(&key) {
            return Ok(s.clone());
        }
        let types: Vec<postgres::types::Type> = key
            .1
            .iter()
            .map(|&int| if int { postgres::types::Type::INT8 } else { postgres::types::Type::TEXT })
            .collect();
        let stmt = self.client.prepare_typed(&pg_sql(sql), &types).map_err(pg_error)?;
        self.statements.insert(key, stmt.clone());
        Ok(stmt)
    }
}

enum PgValue<'a> {
    Int(Option<i64>),
    Text(Option<&'a str>),
}

impl PgValue<'_> {
    fn as_sql(&self) -> &(dyn postgres::types::ToSql + Sync) {
        match self {
            PgValue::Int(v) => v,
            PgValue::Text(v) => v,
        }
    }
}

fn pg_values<'a>(params: &'a [&'a dyn ToParam]) -> Vec<PgValue<'a>> {
    params
        .iter()
        .map(|p| match p.to_param() {
            Param::Int(v) => PgValue::Int(v),
            Param::Text(v) => PgValue::Text(v),
        })
        .collect()
}

fn bind_sqlite(stmt: &mut rusqlite::CachedStatement<'_>, params: &[&dyn ToParam]) -> Result<()> {
    for (i, p) in params.iter().enumerate() {
        match p.to_param() {
            Param::Int(v) => stmt.raw_bind_parameter(i + 1, v)?,
            Param::Text(v) => stmt.raw_bind_parameter(i + 1, v)?,
        }
    }
    Ok(())
}

/// A URL with any password replaced, for messages.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_string() };
    let (auth, host) = match rest.rsplit_once('@') {
        Some((a, h)) => (a, h),
        None => return url.to_string(),
    };
    match auth.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_and_spellings() {
        assert_eq!(
            pg_sql("SELECT id FROM documents WHERE instr(source, ?1) > 0 LIMIT ?12"),
            "SELECT id FROM documents WHERE strpos(source, $1) > 0 LIMIT $12"
        );
    }

    #[test]
    fn passwords_are_not_shown() {
        assert_eq!(redact("postgres://me:secret@db:5432/x"), "postgres://me:***@db:5432/x");
        assert_eq!(redact("postgres://me@db/x"), "postgres://me@db/x");
    }
}
