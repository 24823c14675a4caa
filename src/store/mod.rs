//! The library file: one SQLite database holding sources, documents, claims and links.
//!
//! This is the only module that names `rusqlite::`. [`Store`] is one struct with domain verbs;
//! the schema lives in numbered SQL migrations (`migrations/NNNN_*.sql`) tracked by
//! `PRAGMA user_version`. Every connection turns foreign keys on, uses WAL and a busy timeout
//! (but for the first import into a library, which writes with a rollback journal: see
//! [`Store::atomically_bulk`]); every command that writes does so in one transaction, so a
//! failed command leaves the library exactly as it was. The schema is documented for users in
//! `docs/schema.md`.

mod documents;
mod import;
mod index;
mod sources;

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, TransactionBehavior};

pub use documents::{DocumentInfo, DocumentSummary, LinkOutcome};
pub use import::{BibImport, FileSummary, ImportFile, KeyConflict, Rows};
pub use index::StoreIndex;
pub use sources::{SourceFilter, SourceSort};

/// The migrations, in order; migration `i` brings the schema to `user_version = i + 1`.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_library.sql"),
    include_str!("migrations/0002_documents.sql"),
    include_str!("migrations/0003_notes.sql"),
];

/// The page size of new libraries.
const PAGE_SIZE: i64 = 16384;

/// What can go wrong with the library file.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite refused an operation.
    #[error("library database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// A JSON column could not be read back (the file was edited by hand, or is corrupt).
    #[error("library database: malformed JSON in column {column}: {source}")]
    Json {
        /// Which column.
        column: &'static str,
        /// The decoding error.
        source: serde_json::Error,
    },
    /// A stored value is inconsistent (the file was edited by hand, or is corrupt).
    #[error("library database: {0}")]
    Corrupt(&'static str),
    /// The file was written by a newer annobib.
    #[error(
        "library schema version {found} is newer than this annobib supports ({supported}); upgrade annobib"
    )]
    NewerSchema {
        /// `user_version` found in the file.
        found: i64,
        /// Highest version this build knows.
        supported: i64,
    },
    /// A key the user named is not in the library.
    #[error("no source with key '{0}' in the library")]
    UnknownKey(String),
    /// A claim id the user named is not in the library.
    #[error("no claim c{0} in the library")]
    UnknownClaim(i64),
}

/// Result alias for store operations.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// An open library.
pub struct Store {
    conn: Connection,
}

impl Store {
    /// Opens (creating if needed) the library at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store> {
        let conn = Connection::open(path)?;
        Store::setup(conn, true)
    }

    /// An empty library in memory (tests, dry runs).
    pub fn open_in_memory() -> Result<Store> {
        Store::setup(Connection::open_in_memory()?, false)
    }

    fn setup(mut conn: Connection, wal: bool) -> Result<Store> {
        conn.busy_timeout(Duration::from_secs(5))?;
        conn.pragma_update(None, "foreign_keys", true)?;
        let pages: i64 = conn.pragma_query_value(None, "page_count", |r| r.get(0))?;
        if pages == 0 {
            // A new file. Entries average over half a kilobyte of text and their rows twice
            // that, some many times more: on 16 KiB pages less of the file is slack and
            // overflow, and a library of 100k entries takes 156 MB instead of 181 MB. Only a
            // new file can choose, and only before WAL is on.
            conn.pragma_update(None, "page_size", PAGE_SIZE)?;
        }
        if wal {
            // WAL lets readers (a report) run while an import writes; NORMAL is durable in WAL
            // mode except for the last transactions on power loss, which is the usual trade-off.
            let _mode: String =
                conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
            conn.pragma_update(None, "synchronous", "NORMAL")?;
        }
        conn.set_prepared_statement_cache_capacity(64);
        // 16 MiB of pages (the value is in KiB). A 100k import gathers its index terms
        // elsewhere (see `import`) and writes its rows in order; 64 MiB made it no faster and
        // cost every command that reads the whole library 48 MiB more to fill and free.
        conn.pragma_update(None, "cache_size", -16384)?;
        migrate(&mut conn)?;
        Ok(Store { conn })
    }

    /// Runs `f` as one unit: every write it makes is kept, or none is. The store's own write
    /// methods nest inside (they use savepoints), so a command that imports several files
    /// and re-resolves citations still commits once.
    pub fn atomically<T, E: From<StoreError>>(
        &mut self,
        f: impl FnOnce(&mut Store) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        // Outermost, the savepoint is the transaction: a failure then ends it with ROLLBACK,
        // since releasing a savepoint rolled back to would still commit (an empty transaction
        // that yet rewrites the file's header).
        let outermost = self.conn.is_autocommit();
        self.conn
            .execute_batch("SAVEPOINT command")
            .map_err(|e| E::from(e.into()))?;
        match f(self) {
            Ok(v) => {
                self.conn
                    .execute_batch("RELEASE command")
                    .map_err(|e| E::from(e.into()))?;
                Ok(v)
            }
            Err(e) => {
                // Undo, then end the savepoint; a failure here leaves nothing to keep anyway.
                let _ = self.conn.execute_batch(if outermost {
                    "ROLLBACK"
                } else {
                    "ROLLBACK TO command; RELEASE command"
                });
                Err(e)
            }
        }
    }

    /// [`Store::atomically`] for a command that may write much of the library at once (an
    /// import). When the library has no sources yet, the command writes with a rollback
    /// journal and the library goes back to WAL after: in WAL mode every page of a first import
    /// is written twice (to the log, then into the file at the checkpoint), with a rollback
    /// journal once, since new pages need no journal. Synchronous is FULL meanwhile, so a
    /// committed import is as durable as in WAL mode. When another connection has the library
    /// open, the journal cannot change and WAL stays.
    pub fn atomically_bulk<T, E: From<StoreError>>(
        &mut self,
        f: impl FnOnce(&mut Store) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        let switched = self.rollback_journal_if_empty().map_err(E::from)?;
        let result = self.atomically(f);
        if switched {
            // Back to WAL even when the command failed. A failure here leaves the file in
            // rollback mode, which is as safe, until the next open turns WAL on again.
            let back = self
                .conn
                .pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0))
                .and_then(|_| self.conn.pragma_update(None, "synchronous", "NORMAL"));
            if let (Err(e), Ok(_)) = (back, &result) {
                return Err(E::from(e.into()));
            }
        }
        result
    }

    /// Turns the rollback journal on when the library is in WAL mode and has no sources;
    /// whether it did.
    fn rollback_journal_if_empty(&mut self) -> Result<bool> {
        let mode: String = self
            .conn
            .pragma_query_value(None, "journal_mode", |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Ok(false);
        }
        let any: bool = self
            .conn
            .query_row("SELECT EXISTS (SELECT 1 FROM source)", [], |r| r.get(0))?;
        if any {
            return Ok(false);
        }
        self.conn.pragma_update(None, "synchronous", "FULL")?;
        let mode = self
            .conn
            .pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get::<_, String>(0));
        match mode {
            Ok(mode) if mode.eq_ignore_ascii_case("delete") => return Ok(true),
            Ok(_) => {}
            // Another connection has the library open: leaving WAL needs it alone.
            Err(rusqlite::Error::SqliteFailure(e, _))
                if matches!(
                    e.code,
                    rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
                ) => {}
            Err(e) => return Err(e.into()),
        }
        self.conn.pragma_update(None, "synchronous", "NORMAL")?;
        Ok(false)
    }

    /// The schema version of the open library.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?)
    }
}

/// Applies the migrations the file has not seen yet, in one IMMEDIATE transaction so two
/// processes opening a fresh library cannot both migrate it.
fn migrate(conn: &mut Connection) -> Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let current: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let supported = MIGRATIONS.len() as i64;
    if current > supported {
        return Err(StoreError::NewerSchema {
            found: current,
            supported,
        });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
    }
    tx.commit()?;
    Ok(())
}

fn json_col<T: serde::de::DeserializeOwned>(column: &'static str, text: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|source| StoreError::Json { column, source })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_run_once_and_reach_the_latest_version() {
        let store = Store::open_in_memory().unwrap();
        assert_eq!(store.schema_version().unwrap(), MIGRATIONS.len() as i64);
        let mut conn = store.conn;
        migrate(&mut conn).unwrap();
        let v: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, MIGRATIONS.len() as i64);
    }

    #[test]
    fn a_version_2_library_keeps_its_claims_and_citations_through_the_notes_migration() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "foreign_keys", true).unwrap();
        for sql in &MIGRATIONS[..2] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 2).unwrap();
        conn.execute_batch(
            "INSERT INTO bibfile(id, path, encoding, hash, imported_at) VALUES (1, 'r.bib', 'u', 'h', 't');
             INSERT INTO source(id, key, entry_type, file_id, ordinal, line, col, raw, fields, persons)
                 VALUES (5, 'finley1983', 'book', 1, 0, 1, 1, '@book{finley1983}', '[]', '[]');
             INSERT INTO document(id, path, text, hash, imported_at) VALUES (1, 'e.txt', 'A b.', 'h', 't');
             INSERT INTO claim(id, document_id, seq, kind, paragraph, sentence, start, end, line, col,
                               text, prefix, suffix, exempt)
                 VALUES (7, 1, 0, 'claim', 1, 1, 0, 4, 1, 1, 'A b.', '', '', 'common');
             INSERT INTO citation(id, claim_id, origin, source_id, source_key, confidence, note, created_at)
                 VALUES (9, 7, 'manual', 5, 'finley1983', 1.0, 'see ch. 2', 't');",
        )
        .unwrap();
        migrate(&mut conn).unwrap();
        let row: (i64, String, Option<String>, Option<String>) = conn
            .query_row(
                "SELECT c.id, c.kind, c.exempt, c.note_label FROM claim c",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .unwrap();
        assert_eq!(row, (7, "claim".into(), Some("common".into()), None));
        let cit: (i64, i64, i64, String, Option<String>) = conn
            .query_row(
                "SELECT id, claim_id, source_id, note, in_note FROM citation",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .unwrap();
        assert_eq!(cit, (9, 7, 5, "see ch. 2".into(), None));
        let broken: i64 = conn
            .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(broken, 0);
        // The rebuilt tables still cascade and accept the new kind.
        conn.execute(
            "INSERT INTO claim(document_id, seq, kind, paragraph, sentence, start, end, line, col, \
             text, prefix, suffix, note_label, note_start, note_end) \
             VALUES (1, 1, 'note', 2, 1, 0, 4, 2, 1, 'A b.', '', '', '1', 3, 4)",
            [],
        )
        .unwrap();
        conn.execute("DELETE FROM document", []).unwrap();
        let left: i64 = conn
            .query_row(
                "SELECT (SELECT count(*) FROM claim) + (SELECT count(*) FROM citation)",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(left, 0);
    }

    #[test]
    fn atomically_keeps_all_or_nothing() {
        let mut store = Store::open_in_memory().unwrap();
        let failed: Result<()> = store.atomically(|s| {
            s.conn.execute("INSERT INTO bibfile(path, encoding, hash, imported_at) VALUES ('a', 'u', 'h', 't')", [])?;
            Err(StoreError::UnknownKey("x".into()))
        });
        assert!(failed.is_err());
        let n: i64 = store
            .conn
            .query_row("SELECT count(*) FROM bibfile", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 0);
        let ok: Result<()> = store.atomically(|s| {
            s.conn.execute("INSERT INTO bibfile(path, encoding, hash, imported_at) VALUES ('a', 'u', 'h', 't')", [])?;
            Ok(())
        });
        ok.unwrap();
        let n: i64 = store
            .conn
            .query_row("SELECT count(*) FROM bibfile", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 1);
    }

    #[test]
    fn foreign_keys_are_on() {
        let store = Store::open_in_memory().unwrap();
        let on: bool = store
            .conn
            .pragma_query_value(None, "foreign_keys", |r| r.get(0))
            .unwrap();
        assert!(on);
    }

    fn journal(store: &Store) -> String {
        store
            .conn
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .unwrap()
    }

    fn add_file(store: &mut Store, path: &str) -> Result<()> {
        store.conn.execute(
            "INSERT INTO bibfile(path, encoding, hash, imported_at) VALUES (?1, 'u', 'h', 't')",
            [path],
        )?;
        Ok(())
    }

    #[test]
    fn a_first_bulk_write_uses_a_rollback_journal_then_wal_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lib.db");
        let mut store = Store::open(&path).unwrap();
        let page_size: i64 = store
            .conn
            .pragma_query_value(None, "page_size", |r| r.get(0))
            .unwrap();
        assert_eq!(page_size, PAGE_SIZE);
        assert_eq!(journal(&store), "wal");
        // A failed command: nothing kept, WAL again.
        let failed: Result<()> = store.atomically_bulk(|s| {
            assert_eq!(journal(s), "delete");
            add_file(s, "a.bib")?;
            Err(StoreError::UnknownKey("x".into()))
        });
        assert!(failed.is_err());
        assert_eq!(journal(&store), "wal");
        store
            .atomically_bulk(|s| {
                assert_eq!(journal(s), "delete");
                add_file(s, "a.bib")?;
                s.conn.execute(
                    "INSERT INTO source(key, entry_type, ordinal, line, col, raw, fields, persons) \
                     VALUES ('k', 'book', 0, 1, 1, '@book{k}', '[]', '[]')",
                    [],
                )?;
                Ok::<_, StoreError>(())
            })
            .unwrap();
        assert_eq!(journal(&store), "wal");
        drop(store);
        let mut store = Store::open(&path).unwrap();
        assert_eq!(store.source_count().unwrap(), 1);
        // The library has sources now: WAL stays, so readers are never shut out.
        store
            .atomically_bulk(|s| {
                assert_eq!(journal(s), "wal");
                add_file(s, "b.bib")
            })
            .unwrap();
    }

    #[test]
    fn a_bulk_write_keeps_wal_while_another_connection_is_open() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lib.db");
        let mut store = Store::open(&path).unwrap();
        let other = Store::open(&path).unwrap();
        assert_eq!(other.source_count().unwrap(), 0);
        store
            .atomically_bulk(|s| {
                assert_eq!(journal(s), "wal");
                add_file(s, "a.bib")
            })
            .unwrap();
        drop(other);
    }

    #[test]
    fn a_newer_schema_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lib.db");
        drop(Store::open(&path).unwrap());
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
        drop(conn);
        let err = Store::open(&path).err().unwrap();
        assert!(
            matches!(err, StoreError::NewerSchema { found: 99, .. }),
            "{err}"
        );
    }
}
