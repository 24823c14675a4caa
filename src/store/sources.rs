//! Sources: listing, loading, editing annotations, and the items a faithful export needs.
//! Importing .bib files is `import`'s business; the stored form of fields is `fields`'.

use rusqlite::{OptionalExtension, params};

use super::fields::{decode_fields, fields_json};
use super::{Result, Store, StoreError, json_col};
use crate::model::{BibItem, Field, Person, Source, SourceOrigin};

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

/// What [`SourceColumns`] reads, by these names.
const SOURCE_COLUMNS: &str = "s.id, s.key, s.entry_type, s.raw, s.fields, s.persons, \
     coalesce(f.path, '') AS file, s.line, s.col, s.ordinal";

/// Where every query of sources reads them from: a source and the .bib file it came from
/// (none for a source whose file is gone).
const SOURCES_FROM: &str = "FROM source s LEFT JOIN bibfile f ON f.id = s.file_id";

impl Store {
    /// Sources matching `filter`, sorted.
    pub fn sources(&self, filter: &SourceFilter, sort: SourceSort) -> Result<Vec<Source>> {
        let mut out = Vec::new();
        self.each_source(filter, sort, |s| {
            out.push(s);
            Ok::<_, StoreError>(())
        })?;
        Ok(out)
    }

    /// The sources of [`Store::sources`], in the same order, handed to `f` one at a time as
    /// they are read, so that a listing of a large library holds one source at a time. The
    /// first error, the store's or `f`'s, ends the walk.
    pub fn each_source<E: From<StoreError>>(
        &self,
        filter: &SourceFilter,
        sort: SourceSort,
        mut f: impl FnMut(Source) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let (sql, args) = select_sources(filter, sort);
        let mut st = self.conn.prepare(&sql).map_err(StoreError::from)?;
        let columns = SourceColumns::of(&st)?;
        let mut rows = st
            .query(rusqlite::params_from_iter(args))
            .map_err(StoreError::from)?;
        while let Some(r) = rows.next().map_err(StoreError::from)? {
            f(columns.read(r).map_err(StoreError::from)?.into_source()?)?;
        }
        Ok(())
    }

    /// One source by key.
    pub fn source(&self, key: &str) -> Result<Option<Source>> {
        let sql = format!(
            "SELECT {SOURCE_COLUMNS} {SOURCES_FROM} \
             WHERE s.key = ?1"
        );
        let mut st = self.conn.prepare_cached(&sql)?;
        let columns = SourceColumns::of(&st)?;
        let row = st.query_row([key], |r| columns.read(r)).optional()?;
        row.map(SourceRow::into_source).transpose()
    }

    /// How many sources the library has from the .bib file recorded as `path`: those the
    /// file had at its last import, and those gone from it since (kept until pruned).
    pub fn file_source_counts(&self, path: &str) -> Result<(usize, usize)> {
        let (kept, gone): (i64, i64) = self.conn.query_row(
            "SELECT coalesce(sum(s.gone = 0), 0), coalesce(sum(s.gone != 0), 0) \
             FROM source s JOIN bibfile f ON f.id = s.file_id WHERE f.path = ?1",
            [path],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok((kept as usize, gone as usize))
    }

    /// Every citation key in the library, sorted (for "did you mean" when one is not found).
    pub fn source_keys(&self) -> Result<Vec<String>> {
        let mut st = self.conn.prepare("SELECT key FROM source ORDER BY key")?;
        let keys = st.query_map([], |r| r.get(0))?;
        Ok(keys.collect::<rusqlite::Result<_>>()?)
    }

    /// Number of sources in the library.
    pub fn source_count(&self) -> Result<usize> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM source", [], |r| r.get(0))?;
        Ok(n as usize)
    }

    /// Every item of every imported file in file order (files in import order), for export:
    /// `@string`s, `@preamble`s, comments and entries, these without their `raw` text and
    /// persons, which no writer needs. Sources without a file (their file was re-imported
    /// without them and they were kept) come last.
    pub fn bib_items(&self) -> Result<Vec<BibItem>> {
        let mut items = Vec::new();
        self.each_bib_item(|item| {
            items.push(item);
            Ok::<_, StoreError>(())
        })?;
        Ok(items)
    }

    /// The entries some entry names by `crossref` or `xdata`, as [`Store::each_bib_item`]
    /// reads them: what the BibTeX writer must have at hand before it writes the others.
    pub fn named_sources(&self) -> Result<Vec<Source>> {
        let mut st = self.conn.prepare(&format!(
            "SELECT {ENTRY_COLUMNS} {SOURCES_FROM} WHERE s.key IN \
             (SELECT target FROM relation WHERE kind IN ('crossref', 'xdata'))"
        ))?;
        let mut rows = st.query([])?;
        let mut out = Vec::new();
        while let Some((_, s)) = next_entry(&mut rows)? {
            out.push(s);
        }
        Ok(out)
    }

    /// Every key an entry's `crossref` names, whether the library has it or not.
    pub fn crossref_targets(&self) -> Result<Vec<String>> {
        let mut st = self
            .conn
            .prepare("SELECT DISTINCT target FROM relation WHERE kind = 'crossref'")?;
        let keys = st.query_map([], |r| r.get(0))?;
        Ok(keys.collect::<rusqlite::Result<_>>()?)
    }

    /// The items of [`Store::bib_items`], in the same order, handed to `f` one at a time as
    /// they are read, so that an export need not hold the library in memory. The first error,
    /// the store's or `f`'s, ends the walk.
    pub fn each_bib_item<E: From<StoreError>>(
        &self,
        mut f: impl FnMut(BibItem) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        // Two ordered walks, merged: the files' other items and their entries, both by file
        // and position (an item before an entry at the same place, which cannot happen).
        let mut others = self
            .conn
            .prepare(
                "SELECT file_id, ordinal, kind, name, raw, value, line FROM bibitem \
                 ORDER BY file_id, ordinal",
            )
            .map_err(StoreError::from)?;
        let mut others = others.query([]).map_err(StoreError::from)?;
        // Only what the writers use: key, type and fields. The entry's text is only read to
        // cut the fields' raw values out of it, and persons are left out: decoding a million
        // names and copying the text again cost half of an export.
        let mut entries = self
            .conn
            .prepare(&format!(
                "SELECT {ENTRY_COLUMNS} {SOURCES_FROM} ORDER BY s.file_id, s.ordinal"
            ))
            .map_err(StoreError::from)?;
        let mut entries = entries.query([]).map_err(StoreError::from)?;
        // The index gives entries without a file first (by position, then id): they are
        // written last.
        let mut fileless = Vec::new();
        let mut entry = loop {
            match next_entry(&mut entries)? {
                Some((place, source)) if place.0 == i64::MAX => fileless.push(source),
                next => break next,
            }
        };
        let mut other = next_other(&mut others)?;
        loop {
            let take_other = match (&other, &entry) {
                (None, None) => {
                    for source in fileless {
                        f(BibItem::Entry(source))?;
                    }
                    return Ok(());
                }
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (Some((place, _)), Some((at, _))) => place <= at,
            };
            if take_other {
                let (_, item) = other.take().expect("an item");
                other = next_other(&mut others)?;
                f(item)?;
            } else {
                let (_, source) = entry.take().expect("an entry");
                entry = next_entry(&mut entries)?;
                f(BibItem::Entry(source))?;
            }
        }
    }

    /// Sets (or with `None` removes) a source's `annotation` field in the library only, given
    /// as (raw BibLaTeX, plain text): for a source whose .bib file is gone. (When the file is
    /// there, the command edits the file and imports it again instead.)
    pub fn set_annotation(&mut self, key: &str, value: Option<(&str, &str)>) -> Result<()> {
        let tx = self.write_tx()?;
        let mut source = {
            let sql = format!(
                "SELECT {SOURCE_COLUMNS} {SOURCES_FROM} \
                 WHERE s.key = ?1"
            );
            let mut st = tx.prepare(&sql)?;
            let columns = SourceColumns::of(&st)?;
            let row = st.query_row([key], |r| columns.read(r)).optional()?;
            row.ok_or_else(|| StoreError::UnknownKey(key.to_string()))?
                .into_source()?
        };
        source
            .fields
            .retain(|f| f.name != "annotation" && f.name != "annote");
        if let Some((raw, text)) = value {
            source.fields.push(Field {
                name: "annotation".into(),
                raw: raw.to_string(),
                value: text.to_string(),
            });
        }
        let text = value.map(|(_, t)| t);
        tx.execute(
            "UPDATE source SET fields = ?2, annotation = ?3 WHERE key = ?1",
            params![key, fields_json(&source.raw, &source.fields), text],
        )?;
        tx.commit()?;
        Ok(())
    }
}

/// The query of [`Store::each_source`] and its arguments.
fn select_sources(
    filter: &SourceFilter,
    sort: SourceSort,
) -> (String, Vec<rusqlite::types::Value>) {
    let mut sql = format!("SELECT {SOURCE_COLUMNS} {SOURCES_FROM} WHERE 1");
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
    (sql, args)
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

/// Where [`SOURCE_COLUMNS`]' columns are in a statement's rows: looked up by name once per
/// statement, so a row is read by name without a name lookup per row and column (10% of a
/// 100k listing's time when each `get` looked its name up).
struct SourceColumns([usize; 10]);

impl SourceColumns {
    const NAMES: [&'static str; 10] = [
        "id",
        "key",
        "entry_type",
        "raw",
        "fields",
        "persons",
        "file",
        "line",
        "col",
        "ordinal",
    ];

    fn of(st: &rusqlite::Statement) -> Result<SourceColumns> {
        let mut at = [0; 10];
        for (i, name) in Self::NAMES.iter().enumerate() {
            at[i] = st.column_index(name)?;
        }
        Ok(SourceColumns(at))
    }

    fn read(&self, r: &rusqlite::Row) -> rusqlite::Result<SourceRow> {
        let [
            id,
            key,
            entry_type,
            raw,
            fields,
            persons,
            file,
            line,
            col,
            ordinal,
        ] = self.0;
        Ok(SourceRow {
            id: r.get(id)?,
            key: r.get(key)?,
            entry_type: r.get(entry_type)?,
            raw: r.get(raw)?,
            fields: r.get(fields)?,
            persons: r.get(persons)?,
            file: r.get(file)?,
            line: r.get(line)?,
            column: r.get(col)?,
            ordinal: r.get(ordinal)?,
        })
    }
}

impl SourceRow {
    fn into_source(self) -> Result<Source> {
        let persons: Vec<(String, Vec<Person>)> = json_col("source.persons", &self.persons)?;
        let fields = decode_fields(&self.raw, &self.fields)?;
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

/// What [`next_entry`] reads (from [`SOURCES_FROM`]).
const ENTRY_COLUMNS: &str = "s.id, s.key, s.entry_type, s.raw, s.fields, coalesce(f.path, ''), \
     s.line, s.col, s.ordinal, s.file_id";

/// A file's place for an item: its file (none: after every file) and position.
type Place = (i64, i64);

/// The next `@string`, `@preamble` or comment of [`Store::each_bib_item`]'s walk.
fn next_other(rows: &mut rusqlite::Rows<'_>) -> Result<Option<(Place, BibItem)>> {
    let Some(r) = rows.next()? else {
        return Ok(None);
    };
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
    Ok(Some(((r.get(0)?, r.get(1)?), item)))
}

/// The next entry of [`Store::each_bib_item`]'s walk, with the fields the writers use.
fn next_entry(rows: &mut rusqlite::Rows<'_>) -> Result<Option<(Place, Source)>> {
    let Some(r) = rows.next()? else {
        return Ok(None);
    };
    let text = |i| -> Result<&str> {
        r.get_ref(i)?
            .as_str()
            .map_err(|_| StoreError::Corrupt("source: text expected"))
    };
    let ordinal: u32 = r.get(8)?;
    let source = Source {
        id: Some(r.get(0)?),
        key: r.get(1)?,
        entry_type: r.get(2)?,
        fields: decode_fields(text(3)?, text(4)?)?,
        persons: Vec::new(),
        raw: String::new(),
        origin: SourceOrigin {
            file: r.get(5)?,
            line: r.get(6)?,
            column: r.get(7)?,
            ordinal,
        },
    };
    let file: Option<i64> = r.get(9)?;
    Ok(Some((
        (file.unwrap_or(i64::MAX), i64::from(ordinal)),
        source,
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{BibFile, IndexQuery, Person, SourceIndex, SourceOrigin};
    use crate::store::{FileSummary, ImportFile};

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
        // It is still exported, where it was.
        let items = store.bib_items().unwrap();
        assert!(matches!(items.last(), Some(BibItem::Entry(s)) if s.key == "shin2010"));
        assert_eq!(items.len(), 3);
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
            .set_annotation(
                "shin2010",
                Some((r"{Not cited \{yet\} 100\%}", "Not cited {yet} 100%")),
            )
            .unwrap();
        let s = store.source("shin2010").unwrap().unwrap();
        assert_eq!(s.annotation(), Some("Not cited {yet} 100%"));
        assert_eq!(
            s.field("annotation").unwrap().raw,
            r"{Not cited \{yet\} 100\%}"
        );
        assert!(matches!(
            store.set_annotation("nope", Some(("{x}", "x"))),
            Err(StoreError::UnknownKey(_))
        ));
    }

    /// The index ranks by relevance, not by row order: many earlier rows share common words
    /// with the query, the one that shares its rare words comes first.
    #[test]
    fn the_index_ranks_rare_shared_words_first() {
        let mut store = Store::open_in_memory().unwrap();
        let mut items: Vec<BibItem> = (0..300)
            .map(|i| {
                let title = format!("A History of the Cold War in Region {i}");
                entry(
                    &format!("decoy{i}"),
                    i,
                    &[("title", title.as_str()), ("date", "2014")],
                )
            })
            .collect();
        items.push(entry(
            "history2014",
            300,
            &[
                ("title", "The History of the ROK-US Alliance: 1953-2013"),
                ("date", "2014"),
            ],
        ));
        import(&mut store, &file("big.bib", items), false);
        let index = store.index();
        let q = IndexQuery {
            title_words: vec![
                "history".into(),
                "rok".into(),
                "us".into(),
                "alliance".into(),
            ],
            names: vec![],
            year: Some(2014),
        };
        let hits = index.search(&q, 5);
        assert_eq!(
            hits[0].key,
            "history2014",
            "{:?}",
            hits.iter().map(|h| &h.key).collect::<Vec<_>>()
        );
        index.finish().unwrap();
    }

    /// An author-date citation of an author with more sources than the limit: the source of
    /// the cited year is among the candidates, whatever bm25 thinks of the others.
    #[test]
    fn the_index_offers_the_cited_year_of_a_prolific_author() {
        let mut store = Store::open_in_memory().unwrap();
        let items: Vec<BibItem> = (0..30u32)
            .map(|i| {
                let title = format!("Paper {i}");
                let year = (1980 + i).to_string();
                entry(
                    &format!("squire{i}"),
                    i,
                    &[
                        ("author", "Squire, Kurt"),
                        ("title", title.as_str()),
                        ("date", year.as_str()),
                    ],
                )
            })
            .collect();
        import(&mut store, &file("squire.bib", items), false);
        let index = store.index();
        let q = IndexQuery {
            title_words: vec![],
            names: vec!["Squire".into()],
            year: Some(2007),
        };
        let hits: Vec<String> = index.search(&q, 5).into_iter().map(|c| c.key).collect();
        assert_eq!(hits[0], "squire27", "{hits:?}");
        index.finish().unwrap();
    }

    /// Words most of a large library shares (a common surname, "alliance", "history") are
    /// asked together, and with the cited year, rather than ranked over every row that has one.
    #[test]
    fn the_index_narrows_crowded_words_by_year_and_by_each_other() {
        let mut store = Store::open_in_memory().unwrap();
        let mut items: Vec<BibItem> = Vec::new();
        for i in 0..2_100u32 {
            let year = (1900 + i % 100).to_string();
            let alliance = format!("Alliance of Region {i}");
            let history = format!("History of Region {i}");
            items.push(entry(
                &format!("a{i}"),
                2 * i,
                &[
                    ("author", "Shin, Gi-Wook"),
                    ("title", &alliance),
                    ("date", &year),
                ],
            ));
            items.push(entry(
                &format!("h{i}"),
                2 * i + 1,
                &[
                    ("author", "Shin, Gi-Wook"),
                    ("title", &history),
                    ("date", &year),
                ],
            ));
        }
        items.push(entry(
            "target",
            5_000,
            &[
                ("author", "Shin, Gi-Wook"),
                ("title", "Alliance History"),
                ("date", "2020"),
            ],
        ));
        import(&mut store, &file("big.bib", items), false);
        let index = store.index();
        let keys = |q: &IndexQuery| -> Vec<String> {
            index.search(q, 5).into_iter().map(|c| c.key).collect()
        };
        // "(Shin 2020)": the one source of that year among 4,201 by Shin.
        let by_year = IndexQuery {
            title_words: vec![],
            names: vec!["Shin".into()],
            year: Some(2020),
        };
        assert_eq!(keys(&by_year), ["target"]);
        // Two words each in 2,101 titles: the one title with both.
        let both = IndexQuery {
            title_words: vec!["Alliance".into(), "History".into()],
            names: vec![],
            year: None,
        };
        assert_eq!(keys(&both), ["target"]);
        // No source has all the words: those with the rarest one still come back.
        let none = IndexQuery {
            title_words: vec!["Alliance".into(), "History".into(), "Region".into()],
            names: vec![],
            year: None,
        };
        assert_eq!(keys(&none).len(), 5);
        index.finish().unwrap();
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
