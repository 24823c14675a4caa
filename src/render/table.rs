//! Terminal tables through comfy-table, fitted to a width and coloured only when asked.

use comfy_table::presets::UTF8_FULL_CONDENSED;
use std::io::{self, Write};

use comfy_table::{Attribute, Cell as TCell, ColumnConstraint, ContentArrangement, Table, Width};
use unicode_width::UnicodeWidthStr;

/// Identifiers (keys, claim ids, years, types) are never broken across lines: a column whose
/// cells are all single words up to this long keeps its full width.
const UNBREAKABLE: usize = 32;
/// A text column is never narrower than its longest word, up to this many characters.
const WORD_FLOOR: usize = 14;
/// A text column whose longest cell is this short keeps it whole ("p. 150", "San Francisco").
const SHORT: usize = 13;

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
    if let Some(width) = opts.width {
        for (i, w) in layout(headers, rows, width).into_iter().enumerate() {
            if let (Some(w), Some(col)) = (w, table.column_mut(i)) {
                // Widths count the cell padding (one space on each side).
                col.set_constraint(ColumnConstraint::Absolute(Width::Fixed(w as u16 + 2)));
            }
        }
    }
    table.to_string()
}

/// Column widths (content only) that fit the table into `width`, or `None` for a column left
/// to its natural width. Identifiers (a column of single words up to [`UNBREAKABLE`] long)
/// keep their width; the room left is shared by the text columns in proportion to what they
/// would need beyond a floor that fits their longest word (up to [`WORD_FLOOR`]), so prose
/// wraps between words instead of inside them.
fn layout(headers: &[&str], rows: &[Vec<String>], width: u16) -> Vec<Option<usize>> {
    let n = headers.len();
    let cells = |i: usize| {
        rows.iter()
            .map(move |r| r.get(i).map(String::as_str).unwrap_or(""))
            .chain(std::iter::once(headers[i]))
    };
    let natural: Vec<usize> = (0..n)
        .map(|i| cells(i).map(|c| c.chars().count()).max().unwrap_or(0))
        .collect();
    // Borders: one more than the columns; padding: two per column.
    let frame = n + 1 + 2 * n;
    if natural.iter().sum::<usize>() + frame <= width as usize {
        return vec![None; n];
    }
    let ident: Vec<bool> = (0..n)
        .map(|i| natural[i] <= UNBREAKABLE && cells(i).all(|c| !c.contains(char::is_whitespace)))
        .collect();
    let floor: Vec<usize> = (0..n)
        .map(|i| {
            if ident[i] || natural[i] <= SHORT {
                natural[i]
            } else {
                let word = cells(i)
                    .flat_map(str::split_whitespace)
                    .map(|w| w.chars().count())
                    .max()
                    .unwrap_or(1);
                word.clamp(1, WORD_FLOOR).min(natural[i].max(1))
            }
        })
        .collect();
    let mut floor = floor;
    let idents: usize = (0..n).filter(|&i| ident[i]).map(|i| natural[i]).sum();
    let text_floor: usize = (0..n).filter(|&i| !ident[i]).map(|i| floor[i]).sum();
    let text_room = (width as usize).saturating_sub(frame + idents);
    if text_floor > text_room {
        // Too narrow for whole words: shrink the text columns alike (words will break), and
        // when even that cannot fit, leave the arrangement to comfy-table.
        let columns = (0..n).filter(|&i| !ident[i]).count();
        if text_room < 3 * columns {
            return vec![None; n];
        }
        for i in (0..n).filter(|&i| !ident[i]) {
            floor[i] = (floor[i] * text_room / text_floor).max(3);
        }
    }
    let fixed: usize = floor.iter().sum::<usize>() + frame;
    let spare = (width as usize).saturating_sub(fixed);
    let want: Vec<usize> = (0..n)
        .map(|i| if ident[i] { 0 } else { natural[i] - floor[i] })
        .collect();
    let total_want: usize = want.iter().sum();
    let mut widths: Vec<usize> = (0..n)
        .map(|i| {
            let extra = (spare * want[i]).checked_div(total_want).unwrap_or(0);
            floor[i] + extra.min(want[i])
        })
        .collect();
    // What rounding down left over goes to the columns still short of their natural width.
    let mut left = spare.saturating_sub(widths.iter().zip(&floor).map(|(w, f)| w - f).sum());
    while left > 0 {
        let Some(i) = (0..n).find(|&i| widths[i] < natural[i] && !ident[i]) else {
            break;
        };
        let give = (natural[i] - widths[i]).min(left);
        widths[i] += give;
        left -= give;
    }
    widths.into_iter().map(Some).collect()
}

/// Draws a GitHub-flavoured Markdown pipe table (cells already escaped by the caller): what
/// [`MarkdownWidths`] writes row by row, kept as the reference its tests compare with.
#[cfg(test)]
fn markdown(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut table = Table::new();
    table.load_style(comfy_table::presets::ASCII_MARKDOWN);
    table.force_no_tty();
    table.set_content_arrangement(ContentArrangement::Disabled);
    table.set_header(headers.to_vec());
    for row in rows {
        table.add_row(row);
    }
    table.to_string()
}

/// A Markdown pipe table written row by row, as [`markdown`] draws it whole: the widths are
/// measured over every row first ([`MarkdownWidths::measure`]), then the head and the rows are
/// written, so that a long listing need not be held in memory. Cells are one line each
/// (escaped by the caller), padded to their column's display width.
pub(crate) struct MarkdownWidths(Vec<usize>);

impl MarkdownWidths {
    /// Widths that fit the headers.
    pub(crate) fn new(headers: &[&str]) -> Self {
        MarkdownWidths(headers.iter().map(|h| h.width().max(1)).collect())
    }

    /// Widens the columns to fit a row.
    pub(crate) fn measure(&mut self, row: impl Iterator<Item = String>) {
        for (w, cell) in self.0.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }

    /// Writes the header row and the separator under it.
    pub(crate) fn write_head(&self, out: &mut dyn Write, headers: &[&str]) -> io::Result<()> {
        self.write_row(out, headers.iter().map(|h| h.to_string()))?;
        let mut line = String::from("|");
        for w in &self.0 {
            line.extend(std::iter::repeat_n('-', w + 2));
            line.push('|');
        }
        line.push('\n');
        out.write_all(line.as_bytes())
    }

    /// Writes one row.
    pub(crate) fn write_row(
        &self,
        out: &mut dyn Write,
        row: impl Iterator<Item = String>,
    ) -> io::Result<()> {
        let mut line = String::from("|");
        for (w, cell) in self.0.iter().zip(row) {
            line.push(' ');
            line.push_str(&cell);
            line.extend(std::iter::repeat_n(' ', w.saturating_sub(cell.width()) + 1));
            line.push('|');
        }
        line.push('\n');
        out.write_all(line.as_bytes())
    }
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
    fn prose_wraps_between_words_when_words_fit() {
        let rows = vec![vec![
            "finley1983".to_string(),
            "Finley, James P.".to_string(),
            "The US Military Experience in Korea, 1871-1982: In the Vanguard of ROK-US Relations"
                .to_string(),
            "San Francisco".to_string(),
        ]];
        let opts = TableOptions {
            width: Some(70),
            color: false,
        };
        let t = draw(&["key", "author", "title", "place"], &rows, &opts);
        assert!(t.lines().all(|l| l.chars().count() <= 70), "{t}");
        for word in [
            "finley1983",
            "Experience",
            "1871-1982:",
            "Vanguard",
            "San Francisco",
        ] {
            assert!(t.contains(word), "{word} broken in\n{t}");
        }
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
    fn markdown_written_row_by_row_is_the_whole_table() {
        let headers = ["key", "Authors / editors", "", "Year"];
        let rows: Vec<Vec<String>> = [
            ["a", "Curtis, Gerald L.; Han, Sung-joo", "", "1983"],
            ["b\\|c", "李 小龍 (eds.)", "x", ""],
            ["", "e\u{301}mile \u{1F600} wide", "tab\there", "19"],
            ["longer-key-than-any", "", "", "2010"],
        ]
        .iter()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
        for n in 0..=rows.len() {
            let mut widths = MarkdownWidths::new(&headers);
            for r in &rows[..n] {
                widths.measure(r.iter().cloned());
            }
            let mut out = Vec::new();
            widths.write_head(&mut out, &headers).unwrap();
            for r in &rows[..n] {
                widths.write_row(&mut out, r.iter().cloned()).unwrap();
            }
            let whole = markdown(&headers, &rows[..n]) + "\n";
            assert_eq!(String::from_utf8(out).unwrap(), whole, "{n} rows");
        }
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
