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
        match format {
            ListFormat::Table => {
                let headers: Vec<&str> = self.columns.iter().map(|c| c.header).collect();
                let rows: Vec<Vec<String>> = self
                    .rows
                    .iter()
                    .map(|r| r.iter().map(Cell::display).collect())
                    .collect();
                writeln!(out, "{}", table::draw(&headers, &rows, opts))
            }
            ListFormat::Markdown => {
                let headers: Vec<&str> = self.columns.iter().map(|c| c.header).collect();
                let rows: Vec<Vec<String>> = self
                    .rows
                    .iter()
                    .map(|r| r.iter().map(|c| markdown_escape(&c.display())).collect())
                    .collect();
                writeln!(out, "{}", table::markdown(&headers, &rows))
            }
            ListFormat::Csv => {
                let mut w = csv::Writer::from_writer(out);
                w.write_record(self.columns.iter().map(|c| c.name))?;
                for r in &self.rows {
                    w.write_record(r.iter().map(Cell::display))?;
                }
                w.flush()
            }
            ListFormat::Json => {
                let rows: Vec<Row> = self.rows.iter().map(|r| Row(&self.columns, r)).collect();
                serde_json::to_writer_pretty(&mut *out, &rows)?;
                writeln!(out)
            }
        }
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
