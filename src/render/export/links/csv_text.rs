//! CSV text read into rows of cells, each cell with the line and column where it starts, so
//! a links file's problems can be pointed at. Writing goes through the `csv` crate; reading is
//! here because the crate is lenient with stray quotes and reports no columns.

use super::LinksError;

/// A CSV cell and where it starts.
pub(super) struct Cell {
    pub text: String,
    pub line: usize,
    pub column: usize,
}

/// Splits CSV text into rows of cells (RFC 4180: `"` quotes a cell, `""` is a quote inside
/// one, quoted cells may hold commas and line breaks; rows end with LF or CRLF). Blank lines
/// are skipped. A stray quote is an error, so a hand edit that broke the quoting is caught
/// where it happened instead of shifting every later cell.
pub(super) fn csv_rows(text: &str) -> Result<Vec<Vec<Cell>>, LinksError> {
    let mut rows = Vec::new();
    let mut chars = text.chars().peekable();
    let (mut line, mut column) = (1usize, 1usize);
    let mut row: Vec<Cell> = Vec::new();
    loop {
        // At the start of a cell.
        let (start_line, start_column) = (line, column);
        let mut cell = String::new();
        let at_row_start = row.is_empty();
        if chars.peek() == Some(&'"') {
            chars.next();
            column += 1;
            loop {
                match chars.next() {
                    None => {
                        return Err(LinksError::Syntax {
                            line: start_line,
                            column: start_column,
                            message: "this quoted cell is never closed".into(),
                        });
                    }
                    Some('"') if chars.peek() == Some(&'"') => {
                        chars.next();
                        column += 2;
                        cell.push('"');
                    }
                    Some('"') => {
                        column += 1;
                        break;
                    }
                    Some('\n') => {
                        line += 1;
                        column = 1;
                        cell.push('\n');
                    }
                    Some(c) => {
                        column += 1;
                        cell.push(c);
                    }
                }
            }
            match chars.peek() {
                None | Some(',' | '\n' | '\r') => {}
                Some(_) => {
                    return Err(LinksError::Syntax {
                        line,
                        column,
                        message:
                            "text after a closing quote; double a quote inside a quoted cell (\"\")"
                                .into(),
                    });
                }
            }
        } else {
            while let Some(&c) = chars.peek() {
                if matches!(c, ',' | '\n' | '\r') {
                    break;
                }
                if c == '"' {
                    return Err(LinksError::Syntax {
                        line,
                        column,
                        message: "a quote inside an unquoted cell; quote the whole cell and double the quotes inside".into(),
                    });
                }
                cell.push(c);
                column += 1;
                chars.next();
            }
        }
        row.push(Cell {
            text: cell,
            line: start_line,
            column: start_column,
        });
        match chars.next() {
            Some(',') => column += 1,
            end => {
                if end == Some('\r') && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                let blank = at_row_start && row.len() == 1 && row[0].text.is_empty();
                let row_done = std::mem::take(&mut row);
                if !blank {
                    rows.push(row_done);
                }
                line += 1;
                column = 1;
                if end.is_none() || chars.peek().is_none() {
                    return Ok(rows);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each row as `line:column=text` cells joined by `|`.
    fn show(text: &str) -> Vec<String> {
        csv_rows(text)
            .expect("well-formed")
            .iter()
            .map(|row| {
                row.iter()
                    .map(|c| format!("{}:{}={}", c.line, c.column, c.text))
                    .collect::<Vec<_>>()
                    .join("|")
            })
            .collect()
    }

    #[test]
    fn cells_know_where_they_start() {
        #[rustfmt::skip]
        let cases: &[(&str, &[&str])] = &[
            ("a,b\n",                   &["1:1=a|1:3=b"]),
            ("a,b",                     &["1:1=a|1:3=b"]),
            ("a,,\r\nc,d,e\r\n",        &["1:1=a|1:3=|1:4=", "2:1=c|2:3=d|2:5=e"]),
            ("\"x, \"\"y\"\"\",z\n",    &["1:1=x, \"y\"|1:12=z"]),
            ("\"two\nlines\",z\nq\n",   &["1:1=two\nlines|2:8=z", "3:1=q"]),
            ("\"crlf\r\nkept\"\n",      &["1:1=crlf\r\nkept"]),
            ("a\n\n\nb\n",              &["1:1=a", "4:1=b"]),
            ("한국,é\n",                &["1:1=한국|1:4=é"]),
            ("",                        &[]),
        ];
        for (text, want) in cases {
            assert_eq!(show(text), *want, "{text:?}");
        }
    }
}
