//! Terminal tables through comfy-table, fitted to a width and coloured only when asked.

use comfy_table::presets::{ASCII_MARKDOWN, UTF8_FULL_CONDENSED};
use comfy_table::{Attribute, Cell as TCell, ColumnConstraint, ContentArrangement, Table, Width};

/// Identifiers (keys, claim ids, years, types) are never broken across lines: a column whose
/// cells are all single words up to this long keeps its full width.
const UNBREAKABLE: usize = 32;

/// How a table is drawn. The caller decides width and colour from flags, the environment
/// and whether stdout is a terminal; this module never looks at any of them itself.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TableOptions {
    /// Fit the table into this many columns; `None`: as wide as the content.
    pub width: Option<u16>,
    /// Emit ANSI styling (bold headers).
    pub color: bool,
}

/// Draws `headers` and `rows` as a box table.
pub(crate) fn draw(headers: &[&str], rows: &[Vec<String>], opts: &TableOptions) -> String {
    let mut table = Table::new();
    table.load_style(UTF8_FULL_CONDENSED);
    // comfy-table only styles and measures on a TTY by itself; we decide instead.
    table.force_no_tty();
    if opts.color {
        table.enforce_styling();
    }
    match opts.width {
        Some(w) => {
            table.set_width(w);
            table.set_content_arrangement(ContentArrangement::Dynamic);
        }
        None => {
            table.set_content_arrangement(ContentArrangement::Disabled);
        }
    }
    table.set_header(
        headers
            .iter()
            .map(|h| {
                let c = TCell::new(h);
                if opts.color {
                    c.add_attribute(Attribute::Bold)
                } else {
                    c
                }
            })
            .collect::<Vec<_>>(),
    );
    for row in rows {
        table.add_row(row);
    }
    if opts.width.is_some() {
        for (i, header) in headers.iter().enumerate() {
            let cells = || {
                rows.iter()
                    .map(move |r| r.get(i).map(String::as_str).unwrap_or(""))
                    .chain(std::iter::once(*header))
            };
            let longest = cells().map(|c| c.chars().count()).max().unwrap_or(0);
            let single_words = cells().all(|c| !c.contains(char::is_whitespace));
            let constraint = if single_words && longest > 0 && longest <= UNBREAKABLE {
                // The width counts the cell padding (one space on each side).
                ColumnConstraint::LowerBoundary(Width::Fixed(longest as u16 + 2))
            } else {
                continue;
            };
            if let Some(col) = table.column_mut(i) {
                col.set_constraint(constraint);
            }
        }
    }
    table.to_string()
}

/// Draws a GitHub-flavoured Markdown pipe table (cells already escaped by the caller).
pub(crate) fn markdown(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut table = Table::new();
    table.load_style(ASCII_MARKDOWN);
    table.force_no_tty();
    table.set_content_arrangement(ContentArrangement::Disabled);
    table.set_header(headers.to_vec());
    for row in rows {
        table.add_row(row);
    }
    table.to_string()
}

/// The terminal's width when stdout is a terminal (comfy-table asks the terminal; we only
/// borrow that measurement and keep the decision ourselves).
pub fn terminal_width() -> Option<u16> {
    Table::new().width()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows() -> Vec<Vec<String>> {
        vec![vec![
            "finley1983".into(),
            "The US Military Experience in Korea, 1871-1982: In the Vanguard of ROK-US Relations"
                .into(),
        ]]
    }

    #[test]
    fn unlimited_width_keeps_rows_whole_and_plain() {
        let t = draw(&["key", "title"], &rows(), &TableOptions::default());
        assert!(t.contains("In the Vanguard of ROK-US Relations"));
        assert!(!t.contains('\u{1b}'));
        assert!(
            t.lines()
                .all(|l| l.chars().count() == t.lines().next().unwrap().chars().count())
        );
    }

    #[test]
    fn a_width_wraps_every_line_within_it() {
        let opts = TableOptions {
            width: Some(50),
            color: false,
        };
        let t = draw(&["key", "title"], &rows(), &opts);
        assert!(t.lines().count() > 4, "{t}");
        assert!(t.lines().all(|l| l.chars().count() <= 50), "{t}");
    }

    #[test]
    fn identifiers_are_not_broken_when_wrapping() {
        let opts = TableOptions {
            width: Some(40),
            color: false,
        };
        let t = draw(&["key", "title"], &rows(), &opts);
        assert!(t.contains("finley1983"), "{t}");
        assert!(t.lines().all(|l| l.chars().count() <= 40), "{t}");
    }

    #[test]
    fn colour_only_when_asked() {
        let opts = TableOptions {
            width: None,
            color: true,
        };
        assert!(draw(&["key"], &[vec!["a".into()]], &opts).contains("\u{1b}["));
    }

    #[test]
    fn markdown_tables_have_a_separator_row() {
        let t = markdown(&["key", "year"], &[vec!["a".into(), "1983".into()]]);
        let lines: Vec<&str> = t.lines().collect();
        assert!(lines[0].starts_with("| key"), "{t}");
        assert!(lines[1].starts_with("|-"), "{t}");
        assert!(lines[2].contains("1983"), "{t}");
    }
}
