//! sanad's local store. STUB: SQLite + tantivy come next.
