//! Importing .bib files: upsert by key within a file, keys of other files refused and
//! reported, entries gone from the file kept or pruned. A file's items can come in parts
//! ([`BibImport`]), so a large file is written while it is read and never held whole.
//!
//! Owns the rows a file's items become (`bibfile`, `bibitem`, `source`, `relation`,
//! `source_fts`) and the derived columns. The stored form of fields is `fields`' business.

use rusqlite::{CachedStatement, Connection, OptionalExtension, params};
use rustc_hash::FxHashMap as HashMap;

use super::fields::write_fields_json;
use super::{Result, Store};
use crate::model::{BibFile, BibItem, Source};

/// One parsed file to import, with the hash of its bytes.
pub struct ImportFile<'a> {
    /// The parsed file.
    pub file: &'a BibFile,
    /// Hex SHA-256 of the file's bytes.
    pub hash: String,
}

/// A key that another file of the library already defines: reported, never overwritten.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyConflict {
    /// The key.
    pub key: String,
    /// Where the refused entry is (line, column in the imported file).
    pub line: u32,
    /// Column of the refused entry.
    pub column: u32,
    /// The file that already defines it.
    pub other_file: String,
    /// Its line there.
    pub other_line: u32,
}

/// What importing one file changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileSummary {
    /// The file's path.
    pub path: String,
    /// New entries.
    pub added: usize,
    /// Entries whose text changed (updated in place, id kept).
    pub updated: usize,
    /// Entries exactly as before.
    pub unchanged: usize,
    /// Entries the library had from this file that the file no longer has (kept).
    pub gone: usize,
    /// Of those, how many were deleted because `prune` was asked.
    pub pruned: usize,
    /// Entries refused because another file defines their key.
    pub conflicts: Vec<KeyConflict>,
}

impl Store {
    /// Imports parsed files in one transaction: upsert by key within each file; a key defined
    /// by another file is refused and reported; entries gone from a file are kept (or deleted
    /// with `prune`). Either every file is imported or nothing is.
    pub fn import_bib(&mut self, files: &[ImportFile], prune: bool) -> Result<Vec<FileSummary>> {
        let tx = self.write_tx()?;
        let mut summaries = Vec::with_capacity(files.len());
        for f in files {
            let file = f.file;
            let mut import = BibImport::begin(&tx, &file.path, &file.encoding, &f.hash)?;
            import.write(file.items.iter().enumerate())?;
            summaries.push(import.finish(prune)?);
        }
        tx.commit()?;
        Ok(summaries)
    }

    /// Starts importing the file recorded as `path`, whose items are then handed to
    /// [`BibImport::write`] in as many parts as suit the caller. It writes into the library
    /// at once: run it inside [`Store::atomically`] so that a failure, or a file found bad at
    /// its end, leaves nothing behind.
    pub fn begin_bib_import(
        &mut self,
        path: &str,
        encoding: &str,
        hash: &str,
    ) -> Result<BibImport<'_>> {
        BibImport::begin(&self.conn, path, encoding, hash)
    }
}

/// A key the library had when the import began.
struct Known {
    id: i64,
    file_id: Option<i64>,
    gone: bool,
    line: u32,
    /// The file being imported has it (so it is not gone from it).
    seen: bool,
}

/// The import of one file under way (see [`Store::begin_bib_import`]).
pub struct BibImport<'c> {
    conn: &'c Connection,
    file_id: i64,
    /// Every key the library has, with its row, file and whether its file dropped it.
    known: HashMap<String, Known>,
    /// This file's entries as last imported: raw text and ordinal (comparing the text tells
    /// unchanged from updated).
    previous: HashMap<String, (String, u32)>,
    summary: FileSummary,
    st: Statements<'c>,
}

/// The statements an import runs for every item, prepared once.
struct Statements<'c> {
    item: CachedStatement<'c>,
    insert: CachedStatement<'c>,
    update: CachedStatement<'c>,
    relation: CachedStatement<'c>,
    fts: CachedStatement<'c>,
}

const INSERT_SOURCE: &str = "INSERT INTO source(key, entry_type, file_id, ordinal, line, col, \
     raw, fields, persons, title, main_title, short_title, year, creators, families, publisher, \
     location, pages, pagetotal, annotation) \
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, \
     ?19, ?20)";

const UPDATE_SOURCE: &str = "UPDATE source SET key = ?1, entry_type = ?2, file_id = ?3, \
     ordinal = ?4, line = ?5, col = ?6, raw = ?7, fields = ?8, persons = ?9, title = ?10, \
     main_title = ?11, short_title = ?12, year = ?13, creators = ?14, families = ?15, \
     publisher = ?16, location = ?17, pages = ?18, pagetotal = ?19, annotation = ?20, gone = 0 \
     WHERE id = ?21";

impl<'c> BibImport<'c> {
    fn begin(conn: &'c Connection, path: &str, encoding: &str, hash: &str) -> Result<Self> {
        conn.execute(
            "INSERT INTO bibfile(path, encoding, hash, imported_at) \
             VALUES (?1, ?2, ?3, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')) \
             ON CONFLICT(path) DO UPDATE SET encoding = excluded.encoding, \
             hash = excluded.hash, imported_at = excluded.imported_at",
            params![path, encoding, hash],
        )?;
        let file_id: i64 =
            conn.query_row("SELECT id FROM bibfile WHERE path = ?1", [path], |r| {
                r.get(0)
            })?;
        let mut known: HashMap<String, Known> = HashMap::default();
        {
            let mut st = conn.prepare("SELECT key, id, file_id, gone, line FROM source")?;
            let rows = st.query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    Known {
                        id: r.get(1)?,
                        file_id: r.get(2)?,
                        gone: r.get(3)?,
                        line: r.get(4)?,
                        seen: false,
                    },
                ))
            })?;
            for row in rows {
                let (k, v) = row?;
                known.insert(k, v);
            }
        }
        let mut previous: HashMap<String, (String, u32)> = HashMap::default();
        {
            let mut st = conn.prepare("SELECT key, raw, ordinal FROM source WHERE file_id = ?1")?;
            let rows = st.query_map([file_id], |r| {
                Ok((r.get::<_, String>(0)?, (r.get(1)?, r.get(2)?)))
            })?;
            for row in rows {
                let (k, v) = row?;
                previous.insert(k, v);
            }
        }
        conn.execute("DELETE FROM bibitem WHERE file_id = ?1", [file_id])?;
        index_pending_size(conn)?;
        let st = Statements {
            item: conn.prepare_cached(
                "INSERT INTO bibitem(file_id, ordinal, kind, name, raw, value, line) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?,
            insert: conn.prepare_cached(INSERT_SOURCE)?,
            update: conn.prepare_cached(UPDATE_SOURCE)?,
            relation: conn.prepare_cached(
                "INSERT INTO relation(source_id, kind, target) VALUES (?1, ?2, ?3)",
            )?,
            fts: conn.prepare_cached(
                "INSERT INTO source_fts(rowid, title, names) VALUES (?1, ?2, ?3)",
            )?,
        };
        Ok(BibImport {
            conn,
            file_id,
            known,
            previous,
            summary: FileSummary {
                path: path.to_string(),
                ..Default::default()
            },
            st,
        })
    }

    /// Writes items of the file, each with its position among the file's items (entries carry
    /// it as their `origin.ordinal` too). Parts may come in any order; a key must come once.
    pub fn write<'i>(
        &mut self,
        items: impl IntoIterator<Item = (usize, &'i BibItem)>,
    ) -> Result<()> {
        self.write_rows(Rows::of(items))
    }

    /// Writes items made into rows by [`Rows::of`] (which may run on another thread).
    pub fn write_rows(&mut self, rows: Rows) -> Result<()> {
        for row in &rows.rows {
            match row {
                Row::Item(item) => {
                    self.st.item.execute(params![
                        self.file_id,
                        item.ordinal,
                        item.kind,
                        rows.opt(item.name),
                        rows.get(item.raw),
                        rows.opt(item.value),
                        item.line
                    ])?;
                }
                Row::Source(row) => self.entry(&rows, row)?,
            }
        }
        Ok(())
    }

    fn entry(&mut self, rows: &Rows, row: &SourceRow) -> Result<()> {
        let key = rows.get(row.key);
        let Some(k) = self.known.get_mut(key) else {
            self.source(None, rows, row)?;
            self.summary.added += 1;
            return Ok(());
        };
        if !(k.file_id == Some(self.file_id) || k.gone || k.file_id.is_none()) {
            let (line, file_id) = (k.line, k.file_id);
            let other_file: String =
                self.conn
                    .query_row("SELECT path FROM bibfile WHERE id = ?1", [file_id], |r| {
                        r.get(0)
                    })?;
            self.summary.conflicts.push(KeyConflict {
                key: key.to_string(),
                line: row.line,
                column: row.column,
                other_file,
                other_line: line,
            });
            return Ok(());
        }
        k.seen = true;
        let (id, gone, line) = (k.id, k.gone, k.line);
        let before = self.previous.get(key).filter(|_| !gone);
        let same = before.is_some_and(|(raw, _)| raw == rows.get(row.raw));
        let moved = before.is_some_and(|(_, ordinal)| *ordinal != row.ordinal) || line != row.line;
        if same && !moved {
            self.summary.unchanged += 1;
        } else if same {
            // Moved within the file: same entry, new position.
            self.conn
                .prepare_cached(
                    "UPDATE source SET ordinal = ?2, line = ?3, col = ?4 WHERE id = ?1",
                )?
                .execute(params![id, row.ordinal, row.line, row.column])?;
            self.summary.unchanged += 1;
        } else {
            self.source(Some(id), rows, row)?;
            self.summary.updated += 1;
        }
        Ok(())
    }

    /// Inserts (`id` None) or updates a source row, its relations and its index entry.
    fn source(&mut self, id: Option<i64>, rows: &Rows, row: &SourceRow) -> Result<()> {
        let args = params![
            rows.get(row.key),
            rows.get(row.entry_type),
            self.file_id,
            row.ordinal,
            row.line,
            row.column,
            rows.get(row.raw),
            rows.get(row.fields),
            rows.get(row.persons),
            rows.opt(row.title),
            rows.opt(row.main_title),
            rows.opt(row.short_title),
            row.year,
            rows.opt(row.creators),
            rows.get(row.families),
            rows.opt(row.publisher),
            rows.opt(row.location),
            rows.opt(row.pages),
            rows.opt(row.pagetotal),
            rows.opt(row.annotation),
        ];
        let id = match id {
            None => {
                self.st.insert.execute(args)?;
                self.conn.last_insert_rowid()
            }
            Some(id) => {
                self.st.update.execute(rusqlite::params_from_iter(
                    args.iter()
                        .copied()
                        .chain(std::iter::once(&id as &dyn rusqlite::ToSql)),
                ))?;
                self.conn
                    .prepare_cached("DELETE FROM relation WHERE source_id = ?1")?
                    .execute([id])?;
                self.conn
                    .prepare_cached("DELETE FROM source_fts WHERE rowid = ?1")?
                    .execute([id])?;
                id
            }
        };
        for &(kind, target) in &rows.relations[row.relations.0..row.relations.1] {
            self.st
                .relation
                .execute(params![id, kind, rows.get(target)])?;
        }
        self.st.fts.execute(params![
            id,
            rows.get(row.index_title),
            rows.get(row.index_names)
        ])?;
        Ok(())
    }

    /// Ends the file's import: the entries of this file that it no longer has are marked gone
    /// (or deleted with `prune`).
    pub fn finish(mut self, prune: bool) -> Result<FileSummary> {
        let gone_ids: Vec<i64> = self
            .known
            .values()
            .filter(|k| k.file_id == Some(self.file_id) && !k.seen)
            .map(|k| k.id)
            .collect();
        self.summary.gone = gone_ids.len();
        for id in gone_ids {
            if prune {
                self.conn
                    .prepare_cached("DELETE FROM source_fts WHERE rowid = ?1")?
                    .execute([id])?;
                self.conn
                    .prepare_cached("DELETE FROM source WHERE id = ?1")?
                    .execute([id])?;
                self.summary.pruned += 1;
            } else {
                self.conn
                    .prepare_cached("UPDATE source SET gone = 1 WHERE id = ?1")?
                    .execute([id])?;
            }
        }
        // A manual link keeps the key it was made to when its source is pruned; the source
        // coming back under that key (this file, or another) takes the link back.
        self.conn
            .prepare_cached(
                "UPDATE citation SET source_id = (SELECT s.id FROM source s WHERE s.key = citation.source_key) \
                 WHERE origin = 'manual' AND source_id IS NULL AND source_key IS NOT NULL \
                 AND source_key IN (SELECT key FROM source)",
            )?
            .execute([])?;
        Ok(std::mem::take(&mut self.summary))
    }
}

/// How much the full-text index gathers in memory before it writes a segment. At the default
/// (1 MiB) a large import wrote dozens of small segments and merged them again and again, a
/// tenth of its time; 16 MiB is the largest that still paid off (the bound of the memory it
/// takes). The setting is kept in the index's own table.
const INDEX_PENDING: i64 = 16 << 20;

fn index_pending_size(conn: &Connection) -> Result<()> {
    let now: Option<i64> = conn
        .query_row(
            "SELECT v FROM source_fts_config WHERE k = 'hashsize'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    if now != Some(INDEX_PENDING) {
        conn.execute(
            "INSERT INTO source_fts(source_fts, rank) VALUES ('hashsize', ?1)",
            [INDEX_PENDING],
        )?;
    }
    Ok(())
}

/// Items of a file made into the rows they are written as: what needs no database (the
/// stored form of fields, persons, the derived columns), so that it can be done on the thread
/// that reads the file while the rows of the part before are written. The text of all the
/// rows is kept in one buffer: a part's million small strings, allocated on one thread and
/// freed on another, made the two threads wait on the allocator's lock.
pub struct Rows {
    text: String,
    rows: Vec<Row>,
    relations: Vec<(&'static str, Span)>,
}

impl Rows {
    /// How many items (entries and other items) these rows hold.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// True when there is nothing to write.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

/// A piece of `Rows::text`.
#[derive(Clone, Copy)]
struct Span(u32, u32);

enum Row {
    Item(ItemRow),
    Source(SourceRow),
}

/// A `bibitem` row.
struct ItemRow {
    ordinal: i64,
    kind: &'static str,
    name: Option<Span>,
    raw: Span,
    value: Option<Span>,
    line: u32,
}

/// A `source` row with its relations and its index entry.
struct SourceRow {
    key: Span,
    entry_type: Span,
    ordinal: u32,
    line: u32,
    column: u32,
    raw: Span,
    fields: Span,
    persons: Span,
    title: Option<Span>,
    main_title: Option<Span>,
    short_title: Option<Span>,
    year: Option<i32>,
    creators: Option<Span>,
    families: Span,
    publisher: Option<Span>,
    location: Option<Span>,
    pages: Option<Span>,
    pagetotal: Option<Span>,
    annotation: Option<Span>,
    /// `Rows::relations[relations.0..relations.1]`.
    relations: (usize, usize),
    index_title: Span,
    index_names: Span,
}

impl Rows {
    /// The rows of items, each with its position among the file's items.
    pub fn of<'i>(items: impl IntoIterator<Item = (usize, &'i BibItem)>) -> Rows {
        let mut rows = Rows {
            text: String::new(),
            rows: Vec::new(),
            relations: Vec::new(),
        };
        let mut json = Vec::new();
        for (ordinal, item) in items {
            let row = match item {
                BibItem::String {
                    name,
                    raw,
                    value,
                    line,
                } => rows.item(ordinal, "string", Some(name), raw, Some(value), *line),
                BibItem::Preamble { raw, line } => {
                    rows.item(ordinal, "preamble", None, raw, None, *line)
                }
                BibItem::Comment { raw, line } => {
                    rows.item(ordinal, "comment", None, raw, None, *line)
                }
                BibItem::Entry(s) => Row::Source(rows.source(s, &mut json)),
            };
            rows.rows.push(row);
        }
        rows
    }

    fn push(&mut self, text: &str) -> Span {
        let start = self.text.len();
        self.text.push_str(text);
        Span(start as u32, self.text.len() as u32)
    }

    fn since(&self, start: usize) -> Span {
        Span(start as u32, self.text.len() as u32)
    }

    fn get(&self, span: Span) -> &str {
        &self.text[span.0 as usize..span.1 as usize]
    }

    fn opt(&self, span: Option<Span>) -> Option<&str> {
        span.map(|s| self.get(s))
    }

    fn item(
        &mut self,
        ordinal: usize,
        kind: &'static str,
        name: Option<&str>,
        raw: &str,
        value: Option<&str>,
        line: u32,
    ) -> Row {
        Row::Item(ItemRow {
            ordinal: ordinal as i64,
            kind,
            name: name.map(|n| self.push(n)),
            raw: self.push(raw),
            value: value.map(|v| self.push(v)),
            line,
        })
    }

    fn source(&mut self, s: &Source, json: &mut Vec<u8>) -> SourceRow {
        let persons = s.creators();
        let start = self.text.len();
        for (i, p) in persons.iter().enumerate() {
            if i > 0 {
                self.text.push_str("; ");
            }
            self.text.push_str(&p.sort_name());
        }
        let creators = (self.text.len() > start).then(|| self.since(start));
        // The index takes the same names, separated by spaces.
        let start = self.text.len();
        for (i, p) in persons.iter().enumerate() {
            if i > 0 {
                self.text.push(' ');
            }
            self.text.push_str(&p.sort_name());
        }
        let index_names = self.since(start);
        json.clear();
        let families: Vec<&str> = persons.iter().map(|p| p.family.as_str()).collect();
        serde_json::to_writer(&mut *json, &families).expect("strings serialise");
        let families = self.push(std::str::from_utf8(json).expect("JSON is UTF-8"));
        json.clear();
        serde_json::to_writer(&mut *json, &s.persons).expect("persons serialise");
        let persons = self.push(std::str::from_utf8(json).expect("JSON is UTF-8"));
        let full_title = s.full_title().filter(|t| !t.is_empty());
        let title = full_title.as_deref().map(|t| self.push(t));
        let short = s.get("shorttitle");
        let short_title = short.map(|t| self.push(t));
        let start = self.text.len();
        if let Some(t) = &full_title {
            self.text.push_str(t);
        }
        if let Some(t) = short {
            self.text.push(' ');
            self.text.push_str(t);
        }
        let index_title = self.since(start);
        let first = self.relations.len();
        for kind in ["crossref", "xdata", "xref"] {
            if let Some(targets) = s.get(kind) {
                for target in targets.split(',').map(str::trim).filter(|t| !t.is_empty()) {
                    let target = self.push(target);
                    self.relations.push((kind, target));
                }
            }
        }
        let relations = (first, self.relations.len());
        let start = self.text.len();
        write_fields_json(&mut self.text, &s.raw, &s.fields);
        let fields = self.since(start);
        SourceRow {
            key: self.push(&s.key),
            entry_type: self.push(&s.entry_type),
            ordinal: s.origin.ordinal,
            line: s.origin.line,
            column: s.origin.column,
            raw: self.push(&s.raw),
            fields,
            persons,
            title,
            main_title: s
                .main_title()
                .filter(|t| !t.is_empty())
                .map(|t| self.push(t)),
            short_title,
            year: s.year(),
            creators,
            families,
            publisher: s.publisher().map(|t| self.push(t)),
            location: s.location().map(|t| self.push(t)),
            pages: s.get("pages").map(|t| self.push(t)),
            pagetotal: s.get("pagetotal").map(|t| self.push(t)),
            annotation: s.annotation().map(|t| self.push(t)),
            relations,
            index_title,
            index_names,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bib;
    use crate::model::IndexQuery;
    use crate::model::SourceIndex;
    use crate::store::{SourceFilter, SourceSort};

    /// A text of well over a megabyte, so that it is read in several parts on another thread:
    /// entries with persons, macros (one defined only at the end), crossref and xdata,
    /// comments, a preamble, a repeated key and a broken entry.
    fn big_text() -> String {
        let mut text = String::from("% generated\n@preamble{\"\\\\providecommand{\\\\x}{}\"}\n");
        text.push_str("@string{imh = {Institute for Military History}}\n");
        text.push_str("@xdata{press, publisher = imh, location = {Seoul}}\n");
        for i in 0..4000_usize {
            text.push_str(&format!(
                "@book{{k{i},\n  author = {{M{{\\\"u}}ller, J{i}rgen and van der Berg, Anna}},\n  \
                 title = {{On the {{Korean}} War, part {i}: a study}},\n  \
                 shorttitle = {{Korean War {i}}},\n  publisher = {},\n  \
                 date = {{19{:02}}},\n  abstract = {{{}}},\n}}\n\n",
                if i.is_multiple_of(7) { "late" } else { "imh" },
                i % 100,
                "Words about alliances and armistice talks. ".repeat(10)
            ));
            if i.is_multiple_of(500) {
                text.push_str(&format!(
                    "% a remark\n@inbook{{c{i}, crossref = {{k{i}}}, xdata = {{press}}, pages = {{1--9}}}}\n"
                ));
            }
        }
        text.push_str("@book{k7, title = {Repeated}}\n@book{broken title = {x}}\n");
        text.push_str("@string{late = {Defined Late Press}}\n");
        text
    }

    /// What a library holds, but for the row ids (given in the order rows are written).
    fn library(store: &Store) -> (Vec<Source>, Vec<BibItem>, Vec<String>) {
        let sources = store
            .sources(&SourceFilter::default(), SourceSort::File)
            .unwrap()
            .into_iter()
            .map(|s| Source { id: None, ..s })
            .collect();
        let items = store
            .bib_items()
            .unwrap()
            .into_iter()
            .map(|i| match i {
                BibItem::Entry(s) => BibItem::Entry(Source { id: None, ..s }),
                other => other,
            })
            .collect();
        // Whole sets of hits: the order of equal scores follows the row ids.
        let index = store.index();
        let mut hits = Vec::new();
        for (title, name) in [("1234", "Nobody"), ("Armistice", "Müller")] {
            let q = IndexQuery {
                title_words: vec![title.into()],
                names: vec![name.into()],
                year: None,
            };
            let mut found: Vec<String> = index
                .search(&q, 10_000)
                .into_iter()
                .map(|c| c.key)
                .collect();
            found.sort();
            hits.push(found.join(" "));
        }
        index.finish().unwrap();
        (sources, items, hits)
    }

    #[test]
    fn a_file_written_in_parts_gives_the_library_the_whole_file_gives() {
        let text = big_text();
        assert!(text.len() > 2 << 20, "{}", text.len());
        let whole = bib::parse("big.bib", &text);
        assert_eq!(whole.errors.len(), 1);
        let mut one = Store::open_in_memory().unwrap();
        let files = [ImportFile {
            file: &whole.file,
            hash: "h".into(),
        }];
        let summary = one.import_bib(&files, false).unwrap().remove(0);
        assert_eq!(summary.added, 4009);

        let mut parts = Store::open_in_memory().unwrap();
        let streamed = parts
            .atomically(|store| -> Result<FileSummary> {
                let mut import = store.begin_bib_import("big.bib", "utf-8", "h")?;
                let mut count = 0;
                let ending = bib::parse_parts_with(
                    "big.bib",
                    &text,
                    |part| Rows::of(part.items.iter().map(|(o, i)| (*o, i))),
                    |rows| {
                        count += 1;
                        import.write_rows(rows)
                    },
                )?;
                assert!(count >= 3, "{count} parts");
                assert_eq!(ending.errors, whole.errors);
                assert_eq!(ending.warnings, whole.warnings);
                import.finish(false)
            })
            .unwrap();
        assert_eq!(streamed, summary);
        let (a, b) = (library(&one), library(&parts));
        assert_eq!(a.2[0], "k1234");
        assert_eq!(a.2[1].split(' ').count(), 4000);
        let late =
            a.0.iter()
                .filter(|s| s.get("publisher") == Some("Defined Late Press"));
        assert_eq!(late.count(), 572);
        // Not assert_eq: a difference would print megabytes.
        assert!(a.0 == b.0, "sources");
        assert!(a.1 == b.1, "items");
        assert_eq!(a.2, b.2);
    }

    #[test]
    fn parts_may_come_in_any_order() {
        let text = big_text();
        let whole = bib::parse("big.bib", &text);
        let mut one = Store::open_in_memory().unwrap();
        let files = [ImportFile {
            file: &whole.file,
            hash: "h".into(),
        }];
        one.import_bib(&files, false).unwrap();
        let mut reversed = Store::open_in_memory().unwrap();
        reversed
            .atomically(|store| -> Result<()> {
                let mut import = store.begin_bib_import("big.bib", "utf-8", "h")?;
                let items: Vec<(usize, &BibItem)> = whole.file.items.iter().enumerate().collect();
                for chunk in items.chunks(700).rev() {
                    import.write(chunk.iter().copied())?;
                }
                import.finish(false)?;
                Ok(())
            })
            .unwrap();
        let (a, b) = (library(&one), library(&reversed));
        assert!(a.0 == b.0, "sources");
        assert!(a.1 == b.1, "items");
        assert_eq!(a.2, b.2);
    }
}
