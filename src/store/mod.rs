//! The library file: one SQLite database holding sources, documents, claims and links.
//!
//! This is the only module that names `rusqlite::`. [`Store`] is one struct with domain verbs;
//! the schema lives in numbered SQL migrations (`migrations/NNNN_*.sql`) tracked by
//! `PRAGMA user_version`. Every connection turns foreign keys on and uses WAL, so a reader
//! never waits for a writer: opening takes no write lock unless a migration is due. A writer
//! waits its turn for another (see [`on_wait`], [`set_busy_timeout`]); every command that
//! writes does so in one transaction, so a failed command leaves the library exactly as it
//! was. The schema is documented for users in `docs/schema.md`.

mod attachments;
mod documents;
mod fields;
mod import;
mod index;
mod sources;

use std::cell::Cell;
use std::path::Path;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

pub use documents::{DocumentInfo, DocumentSummary, LinkOutcome};
pub use import::{BibImport, FileSummary, ImportFile, KeyConflict, Rows};
pub use index::StoreIndex;
pub use sources::{SourceFilter, SourceSort};

/// The migrations, in order; migration `i` brings the schema to `user_version = i + 1`.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_library.sql"),
    include_str!("migrations/0002_documents.sql"),
    include_str!("migrations/0003_notes.sql"),
    include_str!("migrations/0004_attachments.sql"),
];

/// The page size of new libraries.
const PAGE_SIZE: i64 = 16384;

/// `user_version` of a library a failed first import removed (see [`Store::remove_created`]):
/// a process that opened the file just before it was unlinked finds this instead of a schema.
const REMOVED: i64 = -1;

/// What can go wrong with the library file.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite refused an operation.
    #[error("library database: {0}")]
    Sqlite(rusqlite::Error),
    /// Another process held the library's write lock for longer than the busy timeout.
    #[error(
        "another process (an annobib import?) kept the library locked for writing for over {} s; \
         run the command again when it has finished",
        .0.as_secs()
    )]
    Busy(Duration),
    /// A failed first import removed the library while this command opened it.
    #[error(
        "the library was removed by a failed import while this command opened it; run it again"
    )]
    Removed,
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
    /// The library was opened for reading only (its file or its directory cannot be written
    /// here) and the command needed to write, or to bring its schema up to date.
    #[error(
        "the library can only be read here (the file or its directory is not writable), and {0}"
    )]
    ReadOnly(&'static str),
}

impl StoreError {
    /// Whether the error comes from a library that cannot be written here.
    pub fn is_read_only(&self) -> bool {
        match self {
            StoreError::ReadOnly(_) => true,
            StoreError::Sqlite(rusqlite::Error::SqliteFailure(f, _)) => matches!(
                f.code,
                rusqlite::ErrorCode::ReadOnly | rusqlite::ErrorCode::CannotOpen
            ),
            _ => false,
        }
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> StoreError {
        match &e {
            rusqlite::Error::SqliteFailure(f, _)
                if matches!(
                    f.code,
                    rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
                ) =>
            {
                StoreError::Busy(busy_timeout())
            }
            // SQLITE_READONLY_DBMOVED: the file was unlinked while open.
            rusqlite::Error::SqliteFailure(f, _) if f.extended_code == 1032 => StoreError::Removed,
            rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::ReadOnly => {
                StoreError::ReadOnly("this command writes to it")
            }
            _ => StoreError::Sqlite(e),
        }
    }
}

/// How long a command waits for another one's write lock, in milliseconds.
static BUSY_TIMEOUT_MS: AtomicU64 = AtomicU64::new(60_000);
/// Called once when a command starts to wait for a lock.
static ON_WAIT: OnceLock<Box<dyn Fn() + Send + Sync>> = OnceLock::new();

thread_local! {
    /// When the current wait for a lock began.
    static WAITING_SINCE: Cell<Option<Instant>> = const { Cell::new(None) };
}

/// How long a writer waits for another process's write lock before giving up with
/// [`StoreError::Busy`] (default 60 s). Readers never wait for a writer (WAL).
pub fn set_busy_timeout(timeout: Duration) {
    BUSY_TIMEOUT_MS.store(timeout.as_millis() as u64, Ordering::Relaxed);
}

fn busy_timeout() -> Duration {
    Duration::from_millis(BUSY_TIMEOUT_MS.load(Ordering::Relaxed))
}

/// Sets what to do (once per process) when a command first has to wait for another's lock:
/// the binary says what it waits for.
pub fn on_wait(f: impl Fn() + Send + Sync + 'static) {
    let _ = ON_WAIT.set(Box::new(f));
}

/// How long a wait lasts before it is announced: a connection that closes last holds the file
/// for a moment (it checkpoints and deletes the WAL), which a reader opening then waits out.
const ANNOUNCE_AFTER: Duration = Duration::from_millis(250);

/// SQLite's busy handler: sleeps with a growing step (1 ms to 50 ms) until the lock is free
/// or the timeout passes; the first wait of the process longer than [`ANNOUNCE_AFTER`] is
/// announced through [`on_wait`].
fn busy(count: i32) -> bool {
    static ANNOUNCED: std::sync::Once = std::sync::Once::new();
    let now = Instant::now();
    let since = WAITING_SINCE.with(|w| {
        if count == 0 || w.get().is_none() {
            w.set(Some(now));
        }
        w.get().unwrap_or(now)
    });
    if now.duration_since(since) >= busy_timeout() {
        WAITING_SINCE.with(|w| w.set(None));
        return false;
    }
    if now.duration_since(since) >= ANNOUNCE_AFTER {
        ANNOUNCED.call_once(|| {
            if let Some(f) = ON_WAIT.get() {
                f()
            }
        });
    }
    std::thread::sleep(
        Duration::from_millis(1 << count.clamp(0, 5) as u64).min(Duration::from_millis(50)),
    );
    true
}

/// Result alias for store operations.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// An open library.
pub struct Store {
    conn: Connection,
}

impl Store {
    /// Opens (creating if needed) the library at `path` and brings its schema up to date.
    /// A library that exists but cannot be written here (a read-only file or directory: a
    /// shared or archived library) is opened for reading: commands that only read it work,
    /// and a write fails with [`StoreError::ReadOnly`] saying why.
    pub fn open(path: &Path) -> Result<Store> {
        let opened = Connection::open(path)
            .map_err(StoreError::from)
            .and_then(|conn| Store::setup(conn, Access::ReadWrite));
        match opened {
            Err(e) if e.is_read_only() && path.is_file() => Store::open_read_only(path),
            other => other,
        }
    }

    /// Opens the library at `path` for reading only; it must exist and be of the current
    /// schema. When no other process has it open (no `-wal` or `-shm` beside it) it is read
    /// as immutable, which needs no write access to its directory either.
    pub fn open_read_only(path: &Path) -> Result<Store> {
        let idle = !sibling(path, "-wal").exists() && !sibling(path, "-shm").exists();
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI;
        let conn = Connection::open_with_flags(file_uri(path, idle), flags)?;
        Store::setup(conn, Access::ReadOnly)
    }

    /// An empty library in memory (tests, dry runs).
    pub fn open_in_memory() -> Result<Store> {
        Store::setup(Connection::open_in_memory()?, Access::Memory)
    }

    fn setup(mut conn: Connection, access: Access) -> Result<Store> {
        conn.busy_handler(Some(busy))?;
        conn.pragma_update(None, "foreign_keys", true)?;
        let pages: i64 = conn.pragma_query_value(None, "page_count", |r| r.get(0))?;
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if version == REMOVED {
            return Err(StoreError::Removed);
        }
        if access == Access::ReadOnly {
            if version < MIGRATIONS.len() as i64 {
                return Err(StoreError::ReadOnly(
                    "its schema is older than this annobib's: open it once where it can be \
                     written to upgrade it",
                ));
            }
            migrate(&mut conn)?;
            return Ok(Store { conn });
        }
        if pages == 0 {
            // A new file. Entries average over half a kilobyte of text and their rows twice
            // that, some many times more: on 16 KiB pages less of the file is slack and
            // overflow, and a library of 100k entries takes 156 MB instead of 181 MB. Only a
            // new file can choose, and only before WAL is on.
            conn.pragma_update(None, "page_size", PAGE_SIZE)?;
        }
        if access == Access::ReadWrite {
            // WAL lets readers (a report) run while an import writes; NORMAL is durable in WAL
            // mode except for the last transactions on power loss, which is the usual trade-off.
            // Asked first: a library already in WAL needs no change (and no lock).
            let mode: String = conn.pragma_query_value(None, "journal_mode", |r| r.get(0))?;
            if !mode.eq_ignore_ascii_case("wal") {
                let _mode: String =
                    conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
            }
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
    /// and re-resolves citations still commits once. Outermost, it takes the write lock first
    /// (`BEGIN IMMEDIATE`): a second writer waits here for the first to finish, instead of
    /// reading a state that is stale by the time it writes.
    pub fn atomically<T, E: From<StoreError>>(
        &mut self,
        f: impl FnOnce(&mut Store) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        let outermost = self.conn.is_autocommit();
        self.conn
            .execute_batch(if outermost {
                "BEGIN IMMEDIATE"
            } else {
                "SAVEPOINT command"
            })
            .map_err(|e| E::from(e.into()))?;
        match f(self) {
            Ok(v) => {
                self.conn
                    .execute_batch(if outermost {
                        "COMMIT"
                    } else {
                        "RELEASE command"
                    })
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

    /// Removes the library file at `path`, which this command created and whose writes all
    /// failed, unless another process has opened it meanwhile (it then stays, an empty
    /// library); whether it was removed. The file leaves WAL first, which SQLite allows only
    /// to the one connection that has it open, and is marked removed ([`REMOVED`]) before it
    /// is unlinked, so a process that opened it in between is told instead of writing into a
    /// file that no longer has a name.
    pub fn remove_created(self, path: &Path) -> Result<bool> {
        let conn = self.conn;
        conn.busy_timeout(Duration::ZERO)?;
        let alone = conn
            .pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get::<_, String>(0))
            .is_ok_and(|mode| mode.eq_ignore_ascii_case("delete"));
        if !alone {
            return Ok(false);
        }
        let marked = (|| -> rusqlite::Result<bool> {
            conn.execute_batch("BEGIN EXCLUSIVE")?;
            // Another command may have written to it and closed it since this one failed.
            let empty: bool = conn.query_row(
                "SELECT NOT EXISTS (SELECT 1 FROM bibfile) AND NOT EXISTS (SELECT 1 FROM document)",
                [],
                |r| r.get(0),
            )?;
            if !empty {
                conn.execute_batch("ROLLBACK")?;
                return Ok(false);
            }
            conn.pragma_update(None, "user_version", REMOVED)?;
            conn.execute_batch("COMMIT")?;
            Ok(true)
        })();
        if !marked.unwrap_or(false) {
            let _ = conn.execute_batch("ROLLBACK");
            let _ = conn
                .pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0));
            return Ok(false);
        }
        drop(conn);
        for suffix in ["", "-journal", "-wal", "-shm"] {
            let _ = std::fs::remove_file(sibling(path, suffix));
        }
        Ok(true)
    }

    /// The transaction of one store method that writes: its own, taking the write lock first,
    /// when no command transaction is open ([`Store::atomically`]), else a savepoint in it.
    fn write_tx(&mut self) -> rusqlite::Result<WriteTx<'_>> {
        Ok(if self.conn.is_autocommit() {
            WriteTx::Own(
                self.conn
                    .transaction_with_behavior(TransactionBehavior::Immediate)?,
            )
        } else {
            WriteTx::Nested(self.conn.savepoint()?)
        })
    }

    /// Whether the library was opened for reading only ([`Store::open_read_only`]).
    pub fn read_only(&self) -> bool {
        self.conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false)
    }

    /// The schema version of the open library.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?)
    }
}

/// How a library's connection may be used.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Access {
    /// A file this process can write: WAL, migrations.
    ReadWrite,
    /// A file that cannot be written here: read as it is, never migrated.
    ReadOnly,
    /// A library in memory.
    Memory,
}

/// `path` with `suffix` appended to its file name (`annobib.db-wal`).
fn sibling(path: &Path, suffix: &str) -> std::path::PathBuf {
    let mut file = path.to_path_buf().into_os_string();
    file.push(suffix);
    file.into()
}

/// A `file:` URI for `path` (percent-encoding what URIs reserve), read-only, and immutable
/// when asked.
fn file_uri(path: &Path, immutable: bool) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut uri = String::from("file:");
    for b in absolute.to_string_lossy().bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                uri.push(b as char)
            }
            _ => uri.push_str(&format!("%{b:02X}")),
        }
    }
    uri.push_str("?mode=ro");
    if immutable {
        uri.push_str("&immutable=1");
    }
    uri
}

/// See [`Store::write_tx`]. Dropped without [`WriteTx::commit`], it rolls back.
enum WriteTx<'a> {
    Own(rusqlite::Transaction<'a>),
    Nested(rusqlite::Savepoint<'a>),
}

impl WriteTx<'_> {
    fn commit(self) -> rusqlite::Result<()> {
        match self {
            WriteTx::Own(t) => t.commit(),
            WriteTx::Nested(s) => s.commit(),
        }
    }
}

impl std::ops::Deref for WriteTx<'_> {
    type Target = Connection;

    fn deref(&self) -> &Connection {
        match self {
            WriteTx::Own(t) => t,
            WriteTx::Nested(s) => s,
        }
    }
}

/// Applies the migrations the file has not seen yet, in one IMMEDIATE transaction so two
/// processes opening a fresh library cannot both migrate it. When none is due, opening only
/// reads: a reader never waits for an import that holds the write lock.
fn migrate(conn: &mut Connection) -> Result<()> {
    let supported = MIGRATIONS.len() as i64;
    let due = |current: i64| match current {
        REMOVED => Err(StoreError::Removed),
        c if c > supported => Err(StoreError::NewerSchema {
            found: c,
            supported,
        }),
        c => Ok(c < supported),
    };
    let current: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if !due(current)? {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let current: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if !due(current)? {
        return Ok(());
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
    fn new_libraries_use_big_pages_and_wal() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("lib.db")).unwrap();
        let page_size: i64 = store
            .conn
            .pragma_query_value(None, "page_size", |r| r.get(0))
            .unwrap();
        assert_eq!(page_size, PAGE_SIZE);
        assert_eq!(journal(&store), "wal");
        store
            .atomically(|s| {
                assert_eq!(journal(s), "wal");
                add_file(s, "a.bib")
            })
            .unwrap();
        assert_eq!(journal(&store), "wal");
    }

    /// Issue 9 finding 9: a library in a read-only directory (or a read-only file) could
    /// not even be read ("attempt to write a readonly database"). Opened for reading, it
    /// answers every read, and a write is refused saying why.
    #[test]
    fn a_library_that_cannot_be_written_is_read_and_refuses_writes_saying_why() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lib db%.db");
        let mut store = Store::open(&path).unwrap();
        store.atomically(|s| add_file(s, "a.bib")).unwrap();
        drop(store);
        assert!(!sibling(&path, "-wal").exists(), "closed cleanly");

        let mut ro = Store::open_read_only(&path).unwrap();
        let n: i64 = ro
            .conn
            .query_row("SELECT count(*) FROM bibfile", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 1);
        let err = ro.atomically(|s| add_file(s, "b.bib")).unwrap_err();
        assert!(matches!(err, StoreError::ReadOnly(_)), "{err:?}");
        assert!(err.is_read_only());
        assert!(err.to_string().contains("can only be read here"), "{err}");
        // Reading it left nothing beside it (immutable: no -wal, no -shm).
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(names, ["lib db%.db"]);

        // While another process has it open in WAL, it is read through the WAL.
        let mut writer = Store::open(&path).unwrap();
        writer.atomically(|s| add_file(s, "c.bib")).unwrap();
        let ro = Store::open_read_only(&path).unwrap();
        let n: i64 = ro
            .conn
            .query_row("SELECT count(*) FROM bibfile", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 2);
    }

    /// A read-only library of an older schema cannot be upgraded: said, not half-read.
    #[test]
    fn a_read_only_library_of_an_older_schema_says_it_needs_an_upgrade() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        drop(Store::open(&path).unwrap());
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
        drop(conn);
        let err = Store::open_read_only(&path).err().unwrap();
        assert!(err.to_string().contains("upgrade it"), "{err}");
        // A missing file is not created by a read-only open.
        assert!(Store::open_read_only(&dir.path().join("none.db")).is_err());
        assert!(!dir.path().join("none.db").exists());
    }

    /// Issue 9 finding 2: opening the library took the write lock (to migrate, when nothing
    /// was due), so every reader waited for a running import and then failed.
    #[test]
    fn a_reader_opens_and_reads_while_a_writer_holds_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lib.db");
        let mut writer = Store::open(&path).unwrap();
        writer
            .atomically(|s| {
                add_file(s, "a.bib")?;
                let started = Instant::now();
                let reader = Store::open(&path)?;
                let n: i64 = reader
                    .conn
                    .query_row("SELECT count(*) FROM bibfile", [], |r| r.get(0))?;
                assert_eq!(n, 0, "the reader sees the last committed state");
                assert!(started.elapsed() < Duration::from_millis(500));
                Ok::<_, StoreError>(())
            })
            .unwrap();
    }

    /// A second writer waits for the first; past the timeout it says what it waited for.
    #[test]
    fn a_second_writer_waits_then_gives_up_saying_why() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lib.db");
        let mut first = Store::open(&path).unwrap();
        let mut second = Store::open(&path).unwrap();
        let timeout = busy_timeout();
        set_busy_timeout(Duration::from_millis(300));
        let outcome = first.atomically(|s| {
            add_file(s, "a.bib")?;
            let started = Instant::now();
            let err = second
                .atomically(|s2| add_file(s2, "b.bib"))
                .expect_err("the first writer holds the lock");
            Ok::<_, StoreError>((err, started.elapsed()))
        });
        set_busy_timeout(timeout);
        let (err, waited) = outcome.unwrap();
        assert!(matches!(err, StoreError::Busy(_)), "{err}");
        assert!(err.to_string().contains("locked for writing"), "{err}");
        assert!(waited >= Duration::from_millis(250), "{waited:?}");
        // Once the first has committed, the second writes.
        second.atomically(|s| add_file(s, "b.bib")).unwrap();
    }

    /// Issue 9 finding 5: a failed first import removed the file while another process had
    /// it open ("disk I/O error", "attempt to write a readonly database" there).
    #[test]
    fn a_created_library_is_removed_only_when_no_one_else_has_it_open() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lib.db");
        let created = Store::open(&path).unwrap();
        let mut other = Store::open(&path).unwrap();
        assert!(!created.remove_created(&path).unwrap());
        assert!(path.exists());
        other.atomically(|s| add_file(s, "a.bib")).unwrap();
        drop(other);

        // Alone, but the other process wrote to it: kept.
        let created = Store::open(&path).unwrap();
        assert!(!created.remove_created(&path).unwrap());
        assert_eq!(Store::open(&path).unwrap().source_count().unwrap(), 0);

        // Alone and empty: removed with its journal files.
        let path = dir.path().join("new.db");
        let created = Store::open(&path).unwrap();
        // Opened (the file descriptor) just before the removal, read just after.
        let late = Connection::open(&path).unwrap();
        assert!(created.remove_created(&path).unwrap());
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.starts_with("new.db"))
            .collect();
        assert!(names.is_empty(), "{names:?}");
        let err = Store::setup(late, Access::ReadWrite).err().unwrap();
        assert!(matches!(err, StoreError::Removed), "{err}");
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
