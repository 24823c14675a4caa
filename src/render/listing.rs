//! A listing is rows of typed cells under named columns, written the same way as a table,
//! JSON, CSV or Markdown: every format carries the same data, so what a user sees in the
//! terminal is what a script gets.

use std::io::{self, Write};

use serde::ser::{SerializeMap, SerializeSeq, Serializer};

use super::table::{self, TableOptions};

/// One value in a listing.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// No value: JSON `null`, empty in CSV and tables.
    Null,
    /// Text.
    Text(String),
    /// An integer.
    Int(i64),
    /// A number with a fraction (confidences).
    Float(f64),
    /// Several values: a JSON array, joined with "; " in CSV and tables.
    List(Vec<String>),
}

impl Cell {
    /// Text, or `Null` when absent.
    pub fn opt_text(s: Option<impl Into<String>>) -> Cell {
        s.map_or(Cell::Null, |s| Cell::Text(s.into()))
    }

    fn display(&self) -> String {
        match self {
            Cell::Null => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Int(n) => n.to_string(),
            Cell::Float(f) => format!("{f:.2}"),
            Cell::List(v) => v.join("; "),
        }
    }
}

impl serde::Serialize for Cell {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Cell::Null => s.serialize_none(),
            Cell::Text(t) => s.serialize_str(t),
            Cell::Int(n) => s.serialize_i64(*n),
            Cell::Float(f) => s.serialize_f64((f * 1000.0).round() / 1000.0),
            Cell::List(v) => {
                let mut seq = s.serialize_seq(Some(v.len()))?;
                for x in v {
                    seq.serialize_element(x)?;
                }
                seq.end()
            }
        }
    }
}

/// A column: its machine name (JSON key, CSV header) and its table header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// JSON key and CSV header, snake_case; part of the documented output contract.
    pub name: &'static str,
    /// Header shown in terminal and Markdown tables.
    pub header: &'static str,
}

impl Column {
    /// A column named `name` in JSON and CSV, headed `header` in tables.
    pub const fn new(name: &'static str, header: &'static str) -> Column {
        Column { name, header }
    }
}

/// Output formats of a listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ListFormat {
    /// A terminal table.
    #[default]
    Table,
    /// A JSON array of objects, one per row, keys in column order.
    Json,
    /// CSV with a header row.
    Csv,
    /// A Markdown pipe table.
    Markdown,
    /// Tab-separated rows under a header row of the column names: what a table becomes when
    /// stdout is not a terminal (tabs and line breaks inside a cell become spaces).
    Tsv,
}

/// Rows under columns.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Listing {
    /// The columns.
    pub columns: Vec<Column>,
    /// The rows; each has one cell per column.
    pub rows: Vec<Vec<Cell>>,
}

struct Row<'a>(&'a [Column], &'a [Cell]);

impl serde::Serialize for Row<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (c, v) in self.0.iter().zip(self.1) {
            map.serialize_entry(c.name, v)?;
        }
        map.end()
    }
}

impl Listing {
    /// Writes the listing in `format`.
    pub fn write(
        &self,
        out: &mut dyn Write,
        format: ListFormat,
        opts: &TableOptions,
    ) -> io::Result<()> {
        write_each(out, &self.columns, format, opts, |emit| {
            self.rows.iter().try_for_each(|r| emit(r))
        })
    }
}

/// Writes a listing whose rows are made while it is written, so that its memory does not grow
/// with its rows (but for a terminal table, laid out from all of them at once). `each` hands
/// every row, one cell per column, to the function it is given, in order; it may be called
/// twice (a Markdown table is measured before it is written) and must then give the same
/// rows. The first error, `each`'s or the writer's, ends the listing.
pub fn write_each<E: From<io::Error>>(
    out: &mut dyn Write,
    columns: &[Column],
    format: ListFormat,
    opts: &TableOptions,
    mut each: impl FnMut(&mut dyn FnMut(&[Cell]) -> Result<(), E>) -> Result<(), E>,
) -> Result<(), E> {
    let headers: Vec<&str> = columns.iter().map(|c| c.header).collect();
    match format {
        ListFormat::Table => {
            let mut rows: Vec<Vec<String>> = Vec::new();
            each(&mut |r: &[Cell]| {
                rows.push(r.iter().map(Cell::display).collect());
                Ok(())
            })?;
            writeln!(out, "{}", table::draw(&headers, &rows, opts))?;
        }
        ListFormat::Markdown => {
            let mut widths = table::MarkdownWidths::new(&headers);
            each(&mut |r: &[Cell]| {
                widths.measure(r.iter().map(|c| markdown_escape(&c.display())));
                Ok(())
            })?;
            widths.write_head(out, &headers)?;
            each(&mut |r: &[Cell]| {
                widths.write_row(out, r.iter().map(|c| markdown_escape(&c.display())))?;
                Ok(())
            })?;
        }
        ListFormat::Csv => {
            let mut w = csv::Writer::from_writer(&mut *out);
            w.write_record(columns.iter().map(|c| c.name))
                .map_err(io::Error::from)?;
            each(&mut |r: &[Cell]| {
                w.write_record(r.iter().map(Cell::display))
                    .map_err(io::Error::from)?;
                Ok(())
            })?;
            w.flush()?;
        }
        ListFormat::Tsv => {
            let names: Vec<&str> = columns.iter().map(|c| c.name).collect();
            writeln!(out, "{}", names.join("\t"))?;
            let mut line = String::new();
            each(&mut |r: &[Cell]| {
                line.clear();
                for (i, c) in r.iter().enumerate() {
                    if i > 0 {
                        line.push('\t');
                    }
                    push_tsv(&mut line, &c.display());
                }
                line.push('\n');
                out.write_all(line.as_bytes())?;
                Ok(())
            })?;
        }
        ListFormat::Json => {
            // What serde_json's pretty printer writes for the array of all rows, one row at a
            // time: each row printed alone, indented one level.
            let mut n = 0usize;
            let mut buf = Vec::new();
            out.write_all(b"[")?;
            each(&mut |r: &[Cell]| {
                buf.clear();
                serde_json::to_writer_pretty(&mut buf, &Row(columns, r))
                    .map_err(io::Error::from)?;
                out.write_all(if n == 0 { b"\n" } else { b",\n" })?;
                for (i, line) in buf.split(|&b| b == b'\n').enumerate() {
                    if i > 0 {
                        out.write_all(b"\n")?;
                    }
                    out.write_all(b"  ")?;
                    out.write_all(line)?;
                }
                n += 1;
                Ok(())
            })?;
            out.write_all(if n == 0 { b"]\n" } else { b"\n]\n" })?;
        }
    }
    Ok(())
}

/// A cell of a tab-separated row: tabs and line breaks, which would end the cell or the row,
/// become spaces.
fn push_tsv(line: &mut String, cell: &str) {
    for c in cell.chars() {
        line.push(if matches!(c, '\t' | '\n' | '\r') {
            ' '
        } else {
            c
        });
    }
}

/// Escapes what would break a Markdown table cell or be read as Markdown syntax.
pub fn markdown_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '|' | '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Listing {
        Listing {
            columns: vec![
                Column {
                    name: "key",
                    header: "Key",
                },
                Column {
                    name: "creators",
                    header: "Authors",
                },
                Column {
                    name: "year",
                    header: "Year",
                },
                Column {
                    name: "publisher",
                    header: "Publisher",
                },
            ],
            rows: vec![vec![
                Cell::Text("curtis1983".into()),
                Cell::List(vec!["Curtis, Gerald L.".into(), "Han, Sung-joo".into()]),
                Cell::Int(1983),
                Cell::Null,
            ]],
        }
    }

    fn render(format: ListFormat) -> String {
        let mut out = Vec::new();
        sample()
            .write(&mut out, format, &TableOptions::default())
            .unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn json_keeps_column_order_and_types() {
        let json = render(ListFormat::Json);
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v[0]["creators"][1], "Han, Sung-joo");
        assert_eq!(v[0]["year"], 1983);
        assert!(v[0]["publisher"].is_null());
        let order: Vec<usize> = ["\"key\"", "\"creators\"", "\"year\"", "\"publisher\""]
            .iter()
            .map(|k| json.find(k).unwrap())
            .collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{json}");
    }

    #[test]
    fn csv_has_the_same_data() {
        assert_eq!(
            render(ListFormat::Csv),
            "key,creators,year,publisher\ncurtis1983,\"Curtis, Gerald L.; Han, Sung-joo\",1983,\n"
        );
    }

    /// Written a row at a time, the JSON is what serde_json prints for the array of all rows.
    #[test]
    fn json_row_by_row_is_the_whole_array_pretty_printed() {
        let mut l = sample();
        l.rows.push(vec![
            Cell::Text("tab\there \"q\"\n".into()),
            Cell::List(vec![]),
            Cell::Float(0.125),
            Cell::Text(String::new()),
        ]);
        for n in 0..=l.rows.len() {
            let part = Listing {
                columns: l.columns.clone(),
                rows: l.rows[..n].to_vec(),
            };
            let mut out = Vec::new();
            part.write(&mut out, ListFormat::Json, &TableOptions::default())
                .unwrap();
            let rows: Vec<Row> = part.rows.iter().map(|r| Row(&part.columns, r)).collect();
            let whole = serde_json::to_string_pretty(&rows).unwrap() + "\n";
            assert_eq!(String::from_utf8(out).unwrap(), whole, "{n} rows");
        }
    }

    #[test]
    fn tsv_rows_keep_every_cell_on_its_line() {
        let mut l = sample();
        l.rows.push(vec![
            Cell::Text("a\tb".into()),
            Cell::List(vec!["x\ny".into(), "z".into()]),
            Cell::Null,
            Cell::Text("r\r".into()),
        ]);
        assert_eq!(
            String::from_utf8({
                let mut out = Vec::new();
                l.write(&mut out, ListFormat::Tsv, &TableOptions::default())
                    .unwrap();
                out
            })
            .unwrap(),
            "key\tcreators\tyear\tpublisher\n\
             curtis1983\tCurtis, Gerald L.; Han, Sung-joo\t1983\t\n\
             a b\tx y; z\t\tr \n"
        );
    }

    #[test]
    fn markdown_escapes_cells() {
        let l = Listing {
            columns: vec![Column {
                name: "t",
                header: "T",
            }],
            rows: vec![vec![Cell::Text("a|b *c*".into())]],
        };
        let mut out = Vec::new();
        l.write(&mut out, ListFormat::Markdown, &TableOptions::default())
            .unwrap();
        assert!(String::from_utf8(out).unwrap().contains(r"a\|b \*c\*"));
    }

    #[test]
    fn table_shows_lists_joined() {
        assert!(render(ListFormat::Table).contains("Curtis, Gerald L.; Han, Sung-joo"));
    }
}
