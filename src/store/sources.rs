//! Sources: importing parsed .bib files (upsert by key, one transaction), listing, loading,
//! editing annotations, and the items a faithful export needs.

use rustc_hash::FxHashMap as HashMap;

use rusqlite::{Connection, OptionalExtension, params};

use super::{Result, Store, StoreError, json_col};
use crate::model::{BibFile, BibItem, Candidate, Field, Person, Source, SourceOrigin};

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

/// Filters for listing sources; every set filter must match.
#[derive(Debug, Clone, Default)]
pub struct SourceFilter {
    /// Entry type, exact (case-insensitive).
    pub entry_type: Option<String>,
    /// Substring of a creator's name (case-insensitive).
    pub author: Option<String>,
    /// Year, exact.
    pub year: Option<i32>,
    /// Free text: substring of key, title, creators, publisher, place or annotation.
    pub search: Option<String>,
    /// Only these keys.
    pub keys: Option<Vec<String>>,
    /// Only sources from these .bib files (paths as recorded).
    pub files: Option<Vec<String>>,
}

/// Sort order for listing sources.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SourceSort {
    /// By key.
    #[default]
    Key,
    /// By entry type, then key.
    Type,
    /// By first creator, then year.
    Author,
    /// By year, then key.
    Year,
    /// By title.
    Title,
    /// In file order (file, then position).
    File,
}

const SOURCE_COLUMNS: &str = "s.id, s.key, s.entry_type, s.raw, s.fields, s.persons, \
     coalesce(f.path, ''), s.line, s.col, s.ordinal";

impl Store {
    /// Imports parsed files in one transaction: upsert by key within each file; a key defined
    /// by another file is refused and reported; entries gone from a file are kept (or deleted
    /// with `prune`). Either every file is imported or nothing is.
    pub fn import_bib(&mut self, files: &[ImportFile], prune: bool) -> Result<Vec<FileSummary>> {
        let tx = self.conn.savepoint()?;
        let mut summaries = Vec::with_capacity(files.len());
        for f in files {
            summaries.push(import_one(&tx, f, prune)?);
        }
        tx.commit()?;
        Ok(summaries)
    }

    /// Sources matching `filter`, sorted.
    pub fn sources(&self, filter: &SourceFilter, sort: SourceSort) -> Result<Vec<Source>> {
        let mut sql = format!(
            "SELECT {SOURCE_COLUMNS} FROM source s LEFT JOIN bibfile f ON f.id = s.file_id WHERE 1"
        );
        let mut args: Vec<rusqlite::types::Value> = Vec::new();
        if let Some(t) = &filter.entry_type {
            sql.push_str(" AND s.entry_type = lower(?)");
            args.push(t.clone().into());
        }
        if let Some(a) = &filter.author {
            sql.push_str(" AND instr(lower(coalesce(s.creators, '')), lower(?)) > 0");
            args.push(a.clone().into());
        }
        if let Some(y) = filter.year {
            sql.push_str(" AND s.year = ?");
            args.push(i64::from(y).into());
        }
        if let Some(q) = &filter.search {
            sql.push_str(
                " AND instr(lower(s.key || ' ' || coalesce(s.title, '') || ' ' || \
                 coalesce(s.creators, '') || ' ' || coalesce(s.publisher, '') || ' ' || \
                 coalesce(s.location, '') || ' ' || coalesce(s.annotation, '')), lower(?)) > 0",
            );
            args.push(q.clone().into());
        }
        if let Some(keys) = &filter.keys {
            sql.push_str(" AND s.key IN (SELECT value FROM json_each(?))");
            args.push(serde_json::to_string(keys).unwrap_or_default().into());
        }
        if let Some(files) = &filter.files {
            sql.push_str(" AND f.path IN (SELECT value FROM json_each(?))");
            args.push(serde_json::to_string(files).unwrap_or_default().into());
        }
        sql.push_str(match sort {
            SourceSort::Key => " ORDER BY s.key",
            SourceSort::Type => " ORDER BY s.entry_type, s.key",
            SourceSort::Author => " ORDER BY lower(coalesce(s.creators, s.title)), s.year, s.key",
            SourceSort::Year => " ORDER BY s.year IS NULL, s.year, s.key",
            SourceSort::Title => " ORDER BY lower(s.title), s.key",
            SourceSort::File => " ORDER BY f.path, s.ordinal",
        });
        let mut st = self.conn.prepare(&sql)?;
        let rows = st.query_map(rusqlite::params_from_iter(args), source_row)?;
        rows.map(|r| r?.into_source()).collect()
    }

    /// One source by key.
    pub fn source(&self, key: &str) -> Result<Option<Source>> {
        let sql = format!(
            "SELECT {SOURCE_COLUMNS} FROM source s LEFT JOIN bibfile f ON f.id = s.file_id \
             WHERE s.key = ?1"
        );
        let row = self
            .conn
            .prepare_cached(&sql)?
            .query_row([key], source_row)
            .optional()?;
        row.map(SourceRow::into_source).transpose()
    }

    /// Number of sources in the library.
    pub fn source_count(&self) -> Result<usize> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM source", [], |r| r.get(0))?;
        Ok(n as usize)
    }

    /// Every item of every imported file in file order (files in import order), for export:
    /// `@string`s, `@preamble`s, comments and entries. Sources without a file (their file was
    /// re-imported without them and they were kept) come last.
    pub fn bib_items(&self) -> Result<Vec<BibItem>> {
        let mut items: Vec<(i64, i64, BibItem)> = Vec::new();
        let mut st = self.conn.prepare(
            "SELECT file_id, ordinal, kind, name, raw, value, line FROM bibitem \
             ORDER BY file_id, ordinal",
        )?;
        let rows = st.query_map([], |r| {
            let kind: String = r.get(2)?;
            let raw: String = r.get(4)?;
            let line: u32 = r.get(6)?;
            let item = match kind.as_str() {
                "string" => BibItem::String {
                    name: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
                    raw,
                    value: r.get::<_, Option<String>>(5)?.unwrap_or_default(),
                    line,
                },
                "preamble" => BibItem::Preamble { raw, line },
                _ => BibItem::Comment { raw, line },
            };
            Ok((r.get(0)?, r.get(1)?, item))
        })?;
        for row in rows {
            items.push(row?);
        }
        let sql = format!(
            "SELECT {SOURCE_COLUMNS}, coalesce(s.file_id, 9223372036854775807) FROM source s \
             LEFT JOIN bibfile f ON f.id = s.file_id"
        );
        let mut st = self.conn.prepare(&sql)?;
        let rows = st.query_map([], |r| Ok((source_row(r)?, r.get::<_, i64>(10)?)))?;
        for row in rows {
            let (row, file_id) = row?;
            let ordinal = i64::from(row.ordinal);
            items.push((file_id, ordinal, BibItem::Entry(row.into_source()?)));
        }
        items.sort_by_key(|(f, o, _)| (*f, *o));
        Ok(items.into_iter().map(|(_, _, i)| i).collect())
    }

    /// Sets (or with `None` removes) a source's `annotation` field, in the stored fields and
    /// the derived column, so exports write it back to the BibLaTeX `annotation` field.
    pub fn set_annotation(&mut self, key: &str, text: Option<&str>) -> Result<()> {
        let tx = self.conn.savepoint()?;
        let mut source = {
            let sql = format!(
                "SELECT {SOURCE_COLUMNS} FROM source s LEFT JOIN bibfile f ON f.id = s.file_id \
                 WHERE s.key = ?1"
            );
            let row = tx.query_row(&sql, [key], source_row).optional()?;
            row.ok_or_else(|| StoreError::UnknownKey(key.to_string()))?
                .into_source()?
        };
        source
            .fields
            .retain(|f| f.name != "annotation" && f.name != "annote");
        if let Some(text) = text {
            source.fields.push(Field {
                name: "annotation".into(),
                raw: format!("{{{}}}", escape_braced(text)),
                value: text.to_string(),
            });
        }
        tx.execute(
            "UPDATE source SET fields = ?2, annotation = ?3 WHERE key = ?1",
            params![key, fields_json(&source.raw, &source.fields), text],
        )?;
        tx.commit()?;
        Ok(())
    }
}

/// Makes user text safe inside a braced BibLaTeX value: braces must balance, and a lone
/// backslash or `%` would start a command or a comment.
fn escape_braced(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '{' | '}' | '%' | '&' | '#' | '$' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '\\' => out.push_str("\\textbackslash{}"),
            _ => out.push(c),
        }
    }
    out
}

struct SourceRow {
    id: i64,
    key: String,
    entry_type: String,
    raw: String,
    fields: String,
    persons: String,
    file: String,
    line: u32,
    column: u32,
    ordinal: u32,
}

fn source_row(r: &rusqlite::Row) -> rusqlite::Result<SourceRow> {
    Ok(SourceRow {
        id: r.get(0)?,
        key: r.get(1)?,
        entry_type: r.get(2)?,
        raw: r.get(3)?,
        fields: r.get(4)?,
        persons: r.get(5)?,
        file: r.get(6)?,
        line: r.get(7)?,
        column: r.get(8)?,
        ordinal: r.get(9)?,
    })
}

impl SourceRow {
    fn into_source(self) -> Result<Source> {
        let stored: Vec<StoredField> = json_col("source.fields", &self.fields)?;
        let persons: Vec<(String, Vec<Person>)> = json_col("source.persons", &self.persons)?;
        let mut fields = Vec::with_capacity(stored.len());
        for StoredField(name, raw, value) in stored {
            let raw = match raw {
                StoredRaw::Span([start, end]) => self
                    .raw
                    .get(start..end)
                    .ok_or(StoreError::Corrupt("source.fields: span outside the entry"))?
                    .to_string(),
                StoredRaw::Text(t) => t,
            };
            let value = value.unwrap_or_else(|| delimited_content(&raw).to_string());
            fields.push(Field { name, raw, value });
        }
        Ok(Source {
            id: Some(self.id),
            key: self.key,
            entry_type: self.entry_type,
            fields,
            persons,
            raw: self.raw,
            origin: SourceOrigin {
                file: self.file,
                line: self.line,
                column: self.column,
                ordinal: self.ordinal,
            },
        })
    }
}

/// A field as stored: `[name, raw, plain]`. The raw text is usually a substring of the entry's
/// own raw text, so it is kept as a byte span into it; the plain text is left out (null) when
/// it equals the raw text without its delimiters. This keeps the library near the size of the
/// .bib file instead of three times it (the fields of 100k entries are ~1M rows' worth).
#[derive(serde::Serialize, serde::Deserialize)]
struct StoredField(String, StoredRaw, Option<String>);

#[derive(serde::Serialize, serde::Deserialize)]
#[serde(untagged)]
enum StoredRaw {
    Span([usize; 2]),
    Text(String),
}

/// The content of a raw value without one level of `{...}` or `"..."` delimiters; a bare
/// number or macro as is.
fn delimited_content(raw: &str) -> &str {
    let t = raw.trim();
    let b = t.as_bytes();
    if b.len() >= 2
        && ((b[0] == b'{' && b[b.len() - 1] == b'}') || (b[0] == b'"' && b[b.len() - 1] == b'"'))
    {
        &t[1..t.len() - 1]
    } else {
        t
    }
}

/// Byte offset of `needle` in `hay` at or after `from`. Values are short and usually start
/// with a delimiter that occurs rarely, so testing the places where the first byte occurs is
/// cheaper than setting up a substring searcher for each of a million fields.
fn find_from(hay: &str, from: usize, needle: &str) -> Option<usize> {
    let first = *needle.as_bytes().first()?;
    let bytes = hay.as_bytes();
    let mut i = from;
    while let Some(p) = bytes.get(i..)?.iter().position(|&b| b == first) {
        let at = i + p;
        if bytes[at..].starts_with(needle.as_bytes()) && hay.is_char_boundary(at) {
            return Some(at);
        }
        i = at + 1;
    }
    None
}

fn fields_json(entry_raw: &str, fields: &[Field]) -> String {
    let mut from = 0;
    let stored: Vec<StoredField> = fields
        .iter()
        .map(|f| {
            // Fields are in file order, so each is looked for after the previous one.
            let raw = match find_from(entry_raw, from, &f.raw) {
                Some(start) if !f.raw.is_empty() => {
                    from = start + f.raw.len();
                    StoredRaw::Span([start, from])
                }
                _ => StoredRaw::Text(f.raw.clone()),
            };
            let value = (delimited_content(&f.raw) != f.value).then(|| f.value.clone());
            StoredField(f.name.clone(), raw, value)
        })
        .collect();
    serde_json::to_string(&stored).expect("strings serialise")
}

fn import_one(tx: &Connection, f: &ImportFile, prune: bool) -> Result<FileSummary> {
    let path = f.file.path.as_str();
    let mut summary = FileSummary {
        path: path.to_string(),
        ..Default::default()
    };
    tx.execute(
        "INSERT INTO bibfile(path, encoding, hash, imported_at) \
         VALUES (?1, ?2, ?3, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')) \
         ON CONFLICT(path) DO UPDATE SET encoding = excluded.encoding, hash = excluded.hash, \
         imported_at = excluded.imported_at",
        params![path, f.file.encoding, f.hash],
    )?;
    let file_id: i64 = tx.query_row("SELECT id FROM bibfile WHERE path = ?1", [path], |r| {
        r.get(0)
    })?;

    // Every key the library has, with its row, file and whether its file dropped it; the raw
    // text only for this file's entries (comparing it tells unchanged from updated).
    struct Known {
        id: i64,
        file_id: Option<i64>,
        gone: bool,
        line: u32,
    }
    let mut known: HashMap<String, Known> = HashMap::default();
    {
        let mut st = tx.prepare("SELECT key, id, file_id, gone, line FROM source")?;
        let rows = st.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                Known {
                    id: r.get(1)?,
                    file_id: r.get(2)?,
                    gone: r.get(3)?,
                    line: r.get(4)?,
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
        let mut st = tx.prepare("SELECT key, raw, ordinal FROM source WHERE file_id = ?1")?;
        let rows = st.query_map([file_id], |r| {
            Ok((r.get::<_, String>(0)?, (r.get(1)?, r.get(2)?)))
        })?;
        for row in rows {
            let (k, v) = row?;
            previous.insert(k, v);
        }
    }

    tx.execute("DELETE FROM bibitem WHERE file_id = ?1", [file_id])?;
    let mut insert_item = tx.prepare_cached(
        "INSERT INTO bibitem(file_id, ordinal, kind, name, raw, value, line) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    let mut seen: HashMap<&str, ()> = HashMap::default();
    for (ordinal, item) in f.file.items.iter().enumerate() {
        let ordinal = ordinal as i64;
        match item {
            BibItem::String {
                name,
                raw,
                value,
                line,
            } => {
                insert_item.execute(params![file_id, ordinal, "string", name, raw, value, line])?;
            }
            BibItem::Preamble { raw, line } => {
                insert_item.execute(params![
                    file_id,
                    ordinal,
                    "preamble",
                    None::<String>,
                    raw,
                    None::<String>,
                    line
                ])?;
            }
            BibItem::Comment { raw, line } => {
                insert_item.execute(params![
                    file_id,
                    ordinal,
                    "comment",
                    None::<String>,
                    raw,
                    None::<String>,
                    line
                ])?;
            }
            BibItem::Entry(source) => {
                seen.insert(source.key.as_str(), ());
                match known.get(&source.key) {
                    Some(k) if k.file_id == Some(file_id) || k.gone || k.file_id.is_none() => {
                        let before = previous.get(&source.key).filter(|_| !k.gone);
                        let same = before.is_some_and(|(raw, _)| *raw == source.raw);
                        let moved = before
                            .is_some_and(|(_, ordinal)| *ordinal != source.origin.ordinal)
                            || k.line != source.origin.line;
                        if same && !moved {
                            summary.unchanged += 1;
                        } else if same {
                            // Moved within the file: same entry, new position.
                            tx.prepare_cached(
                                "UPDATE source SET ordinal = ?2, line = ?3, col = ?4 WHERE id = ?1",
                            )?
                            .execute(params![
                                k.id,
                                source.origin.ordinal,
                                source.origin.line,
                                source.origin.column
                            ])?;
                            summary.unchanged += 1;
                        } else {
                            write_source(tx, Some(k.id), file_id, source)?;
                            summary.updated += 1;
                        }
                    }
                    Some(k) => {
                        let (other_file, _): (String, i64) = tx.query_row(
                            "SELECT path, id FROM bibfile WHERE id = ?1",
                            [k.file_id],
                            |r| Ok((r.get(0)?, r.get(1)?)),
                        )?;
                        summary.conflicts.push(KeyConflict {
                            key: source.key.clone(),
                            line: source.origin.line,
                            column: source.origin.column,
                            other_file,
                            other_line: k.line,
                        });
                    }
                    None => {
                        write_source(tx, None, file_id, source)?;
                        summary.added += 1;
                    }
                }
            }
        }
    }

    // Entries of this file the file no longer has.
    let mut gone_ids = Vec::new();
    for (key, k) in &known {
        if k.file_id == Some(file_id) && !seen.contains_key(key.as_str()) {
            gone_ids.push(k.id);
        }
    }
    summary.gone = gone_ids.len();
    for id in gone_ids {
        if prune {
            tx.prepare_cached("DELETE FROM source_fts WHERE rowid = ?1")?
                .execute([id])?;
            tx.prepare_cached("DELETE FROM source WHERE id = ?1")?
                .execute([id])?;
            summary.pruned += 1;
        } else {
            tx.prepare_cached("UPDATE source SET gone = 1 WHERE id = ?1")?
                .execute([id])?;
        }
    }
    Ok(summary)
}

/// Inserts (`id` None) or updates a source row, its relations and its index entry.
fn write_source(tx: &Connection, id: Option<i64>, file_id: i64, s: &Source) -> Result<i64> {
    let c = Candidate::from_source(s);
    let persons = serde_json::to_string(&s.persons).expect("persons serialise");
    let creators = (!c.names.is_empty()).then(|| c.names.join("; "));
    let families = serde_json::to_string(&c.families).expect("strings serialise");
    let args = params![
        s.key,
        s.entry_type,
        file_id,
        s.origin.ordinal,
        s.origin.line,
        s.origin.column,
        s.raw,
        fields_json(&s.raw, &s.fields),
        persons,
        (!c.title.is_empty()).then_some(c.title.as_str()),
        (!c.main_title.is_empty()).then_some(c.main_title.as_str()),
        c.short_title,
        c.year,
        creators,
        families,
        c.publisher,
        c.location,
        c.pages,
        c.pagetotal,
        s.annotation(),
    ];
    let id = match id {
        None => {
            tx.prepare_cached(
                "INSERT INTO source(key, entry_type, file_id, ordinal, line, col, raw, fields, \
                 persons, title, main_title, short_title, year, creators, families, publisher, \
                 location, pages, pagetotal, annotation) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, \
                 ?17, ?18, ?19, ?20)",
            )?
            .execute(args)?;
            tx.last_insert_rowid()
        }
        Some(id) => {
            tx.prepare_cached(
                "UPDATE source SET key = ?1, entry_type = ?2, file_id = ?3, ordinal = ?4, \
                 line = ?5, col = ?6, raw = ?7, fields = ?8, persons = ?9, title = ?10, \
                 main_title = ?11, short_title = ?12, year = ?13, creators = ?14, \
                 families = ?15, publisher = ?16, location = ?17, pages = ?18, pagetotal = ?19, \
                 annotation = ?20, gone = 0 WHERE id = ?21",
            )?
            .execute(rusqlite::params_from_iter(
                args.iter()
                    .copied()
                    .chain(std::iter::once(&id as &dyn rusqlite::ToSql)),
            ))?;
            tx.prepare_cached("DELETE FROM relation WHERE source_id = ?1")?
                .execute([id])?;
            tx.prepare_cached("DELETE FROM source_fts WHERE rowid = ?1")?
                .execute([id])?;
            id
        }
    };
    for kind in ["crossref", "xdata", "xref"] {
        if let Some(targets) = s.get(kind) {
            for target in targets.split(',').map(str::trim).filter(|t| !t.is_empty()) {
                tx.prepare_cached(
                    "INSERT INTO relation(source_id, kind, target) VALUES (?1, ?2, ?3)",
                )?
                .execute(params![id, kind, target])?;
            }
        }
    }
    let title = match &c.short_title {
        Some(short) => format!("{} {short}", c.title),
        None => c.title.clone(),
    };
    tx.prepare_cached("INSERT INTO source_fts(rowid, title, names) VALUES (?1, ?2, ?3)")?
        .execute(params![id, title, c.names.join(" ")])?;
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{IndexQuery, SourceIndex};

    fn entry(key: &str, ordinal: u32, fields: &[(&str, &str)]) -> BibItem {
        let fields: Vec<Field> = fields
            .iter()
            .map(|(n, v)| Field {
                name: n.to_string(),
                raw: format!("{{{v}}}"),
                value: v.to_string(),
            })
            .collect();
        let body: Vec<String> = fields
            .iter()
            .map(|f| format!("  {} = {}", f.name, f.raw))
            .collect();
        let persons = fields
            .iter()
            .filter(|f| f.name == "author")
            .map(|f| {
                let (family, given) = f.value.split_once(", ").unwrap_or((&f.value, ""));
                (
                    "author".to_string(),
                    vec![Person {
                        family: family.into(),
                        given: given.into(),
                        ..Default::default()
                    }],
                )
            })
            .collect();
        BibItem::Entry(Source {
            id: None,
            key: key.into(),
            entry_type: "book".into(),
            raw: format!("@book{{{key},\n{}\n}}", body.join(",\n")),
            fields,
            persons,
            origin: SourceOrigin {
                file: String::new(),
                line: 1 + ordinal * 5,
                column: 1,
                ordinal,
            },
        })
    }

    fn file(path: &str, items: Vec<BibItem>) -> BibFile {
        BibFile {
            path: path.into(),
            encoding: "utf-8".into(),
            items,
        }
    }

    fn import(store: &mut Store, f: &BibFile, prune: bool) -> FileSummary {
        let files = [ImportFile {
            file: f,
            hash: "h".into(),
        }];
        store.import_bib(&files, prune).unwrap().remove(0)
    }

    fn counts(s: &FileSummary) -> (usize, usize, usize, usize, usize) {
        (s.added, s.updated, s.unchanged, s.gone, s.conflicts.len())
    }

    fn readings() -> BibFile {
        file(
            "readings.bib",
            vec![
                BibItem::String {
                    name: "imh".into(),
                    raw: "{Institute for Military History}".into(),
                    value: "Institute for Military History".into(),
                    line: 1,
                },
                entry(
                    "finley1983",
                    1,
                    &[
                        ("author", "Finley, James P."),
                        ("title", "The US Military Experience in Korea, 1871-1982"),
                        ("subtitle", "In the Vanguard of ROK-US Relations"),
                        ("date", "1983"),
                        ("publisher", "USFK"),
                    ],
                ),
                entry(
                    "shin2010",
                    2,
                    &[
                        ("author", "Shin, Gi-Wook"),
                        ("title", "One Alliance, Two Lenses"),
                        ("date", "2010"),
                        ("location", "Stanford"),
                    ],
                ),
            ],
        )
    }

    #[test]
    fn reimport_of_an_unchanged_file_changes_nothing() {
        let mut store = Store::open_in_memory().unwrap();
        assert_eq!(
            counts(&import(&mut store, &readings(), false)),
            (2, 0, 0, 0, 0)
        );
        let before = store.source("finley1983").unwrap().unwrap();
        assert_eq!(
            counts(&import(&mut store, &readings(), false)),
            (0, 0, 2, 0, 0)
        );
        assert_eq!(store.source("finley1983").unwrap().unwrap(), before);
    }

    #[test]
    fn a_changed_entry_is_updated_in_place_and_keeps_its_id() {
        let mut store = Store::open_in_memory().unwrap();
        import(&mut store, &readings(), false);
        let id = store.source("shin2010").unwrap().unwrap().id;
        let mut changed = readings();
        changed.items[2] = entry(
            "shin2010",
            2,
            &[
                ("author", "Shin, Gi-Wook"),
                ("title", "One Alliance"),
                ("date", "2011"),
            ],
        );
        assert_eq!(
            counts(&import(&mut store, &changed, false)),
            (0, 1, 1, 0, 0)
        );
        let s = store.source("shin2010").unwrap().unwrap();
        assert_eq!(s.id, id);
        assert_eq!(s.year(), Some(2011));
        assert_eq!(s.get("title"), Some("One Alliance"));
    }

    #[test]
    fn entries_gone_from_the_file_are_kept_unless_pruned() {
        let mut store = Store::open_in_memory().unwrap();
        import(&mut store, &readings(), false);
        let mut shorter = readings();
        shorter.items.truncate(2);
        assert_eq!(
            counts(&import(&mut store, &shorter, false)),
            (0, 0, 1, 1, 0)
        );
        assert!(store.source("shin2010").unwrap().is_some());
        let s = import(&mut store, &shorter, true);
        assert_eq!((s.gone, s.pruned), (1, 1));
        assert!(store.source("shin2010").unwrap().is_none());
    }

    #[test]
    fn a_key_defined_by_another_file_is_reported_not_overwritten() {
        let mut store = Store::open_in_memory().unwrap();
        import(&mut store, &readings(), false);
        let other = file(
            "other.bib",
            vec![entry("finley1983", 0, &[("title", "Something Else")])],
        );
        let s = import(&mut store, &other, false);
        assert_eq!(counts(&s), (0, 0, 0, 0, 1));
        assert_eq!(s.conflicts[0].other_file, "readings.bib");
        assert_eq!(s.conflicts[0].other_line, 6);
        let kept = store.source("finley1983").unwrap().unwrap();
        assert_eq!(kept.origin.file, "readings.bib");
        assert_eq!(
            kept.get("title"),
            Some("The US Military Experience in Korea, 1871-1982")
        );
    }

    #[test]
    fn filters_and_sorts() {
        let mut store = Store::open_in_memory().unwrap();
        import(&mut store, &readings(), false);
        let keys = |f: SourceFilter, s: SourceSort| -> Vec<String> {
            store
                .sources(&f, s)
                .unwrap()
                .into_iter()
                .map(|s| s.key)
                .collect()
        };
        let all = SourceFilter::default();
        assert_eq!(
            keys(all.clone(), SourceSort::Year),
            ["finley1983", "shin2010"]
        );
        let by_author = SourceFilter {
            author: Some("SHIN".into()),
            ..Default::default()
        };
        assert_eq!(keys(by_author, SourceSort::Key), ["shin2010"]);
        let by_year = SourceFilter {
            year: Some(1983),
            ..Default::default()
        };
        assert_eq!(keys(by_year, SourceSort::Key), ["finley1983"]);
        let search = SourceFilter {
            search: Some("stanford".into()),
            ..Default::default()
        };
        assert_eq!(keys(search, SourceSort::Key), ["shin2010"]);
        let typed = SourceFilter {
            entry_type: Some("Article".into()),
            ..Default::default()
        };
        assert!(keys(typed, SourceSort::Key).is_empty());
    }

    #[test]
    fn export_items_keep_file_order_with_strings() {
        let mut store = Store::open_in_memory().unwrap();
        import(&mut store, &readings(), false);
        let items = store.bib_items().unwrap();
        assert!(matches!(&items[0], BibItem::String { name, .. } if name == "imh"));
        assert!(matches!(&items[1], BibItem::Entry(s) if s.key == "finley1983"));
        assert!(matches!(&items[2], BibItem::Entry(s) if s.key == "shin2010"));
    }

    #[test]
    fn annotations_are_written_into_the_fields() {
        let mut store = Store::open_in_memory().unwrap();
        import(&mut store, &readings(), false);
        store
            .set_annotation("shin2010", Some("Not cited {yet} 100%"))
            .unwrap();
        let s = store.source("shin2010").unwrap().unwrap();
        assert_eq!(s.annotation(), Some("Not cited {yet} 100%"));
        assert_eq!(
            s.field("annotation").unwrap().raw,
            r"{Not cited \{yet\} 100\%}"
        );
        assert!(matches!(
            store.set_annotation("nope", Some("x")),
            Err(StoreError::UnknownKey(_))
        ));
    }

    #[test]
    fn the_index_finds_candidates_by_title_words_and_names() {
        let mut store = Store::open_in_memory().unwrap();
        let index_empty = store.index().is_empty();
        assert!(index_empty);
        import(&mut store, &readings(), false);
        let index = store.index();
        assert!(!index.is_empty());
        let q = IndexQuery {
            title_words: vec!["U.S.".into(), "Experience".into(), "Korea".into()],
            names: vec![],
            year: None,
        };
        let hits = index.search(&q, 10);
        assert_eq!(hits[0].key, "finley1983");
        assert_eq!(hits[0].families, ["Finley"]);
        assert_eq!(hits[0].year, Some(1983));
        let q = IndexQuery {
            names: vec!["Shin".into()],
            ..Default::default()
        };
        assert_eq!(index.search(&q, 10)[0].key, "shin2010");
        assert_eq!(
            index.by_key("shin2010").unwrap().main_title,
            "One Alliance, Two Lenses"
        );
        assert!(index.by_key("nope").is_none());
        index.finish().unwrap();
    }
}
