//! The stored form of an entry's fields (`source.fields`): for each field its name, where its
//! raw text lies in the entry's text (or that text itself when it is not there, as for an
//! annotation set by hand), and its value when it is not the raw text's content. Written and
//! read by hand because a large import writes a million fields; anything else of the same JSON
//! form (a file edited by hand, another tool) is read through serde.

use super::{Result, StoreError, json_col};
use crate::model::Field;

/// The fields of an entry whose text is `raw` from their stored form `json`.
pub(super) fn decode_fields(raw: &str, json: &str) -> Result<Vec<Field>> {
    if let Some(fields) = FieldsReader::new(json).fields(raw) {
        return Ok(fields);
    }
    // Not as `write_fields_json` writes it (edited by hand?): any valid JSON of the form will
    // do, and anything else is reported.
    let stored: Vec<StoredField> = json_col("source.fields", json)?;
    let mut fields = Vec::with_capacity(stored.len());
    for StoredField(name, field_raw, value) in stored {
        let field_raw = match field_raw {
            StoredRaw::Span([start, end]) => raw
                .get(start..end)
                .ok_or(StoreError::Corrupt("source.fields: span outside the entry"))?
                .to_string(),
            StoredRaw::Text(t) => t,
        };
        let value = value.unwrap_or_else(|| delimited_content(&field_raw).to_string());
        fields.push(Field {
            name,
            raw: field_raw,
            value,
        });
    }
    Ok(fields)
}

/// Reads the stored form of fields as [`write_fields_json`] writes it, without going through
/// serde: its untagged span-or-text value is read by buffering every element, which made
/// loading the fields half the time of an export. `None` for anything else (then serde reads
/// it, or says what is wrong).
struct FieldsReader<'j> {
    b: &'j [u8],
    json: &'j str,
    i: usize,
}

impl<'j> FieldsReader<'j> {
    fn new(json: &'j str) -> Self {
        FieldsReader {
            b: json.as_bytes(),
            json,
            i: 0,
        }
    }

    fn fields(mut self, raw: &str) -> Option<Vec<Field>> {
        let mut fields = Vec::new();
        self.eat(b'[')?;
        if self.peek() == Some(b']') {
            self.i += 1;
            return self.end(fields);
        }
        loop {
            self.eat(b'[')?;
            let name = self.string()?;
            self.eat(b',')?;
            let field_raw = if self.peek() == Some(b'[') {
                self.i += 1;
                let start = self.number()?;
                self.eat(b',')?;
                let end = self.number()?;
                self.eat(b']')?;
                raw.get(start..end)?.to_string()
            } else {
                self.string()?
            };
            self.eat(b',')?;
            let value = if self.b[self.i..].starts_with(b"null") {
                self.i += 4;
                delimited_content(&field_raw).to_string()
            } else {
                self.string()?
            };
            self.eat(b']')?;
            fields.push(Field {
                name,
                raw: field_raw,
                value,
            });
            match self.peek()? {
                b',' => self.i += 1,
                b']' => {
                    self.i += 1;
                    return self.end(fields);
                }
                _ => return None,
            }
        }
    }

    fn end(&self, fields: Vec<Field>) -> Option<Vec<Field>> {
        (self.i == self.b.len()).then_some(fields)
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn eat(&mut self, c: u8) -> Option<()> {
        (self.peek()? == c).then(|| self.i += 1)
    }

    fn number(&mut self) -> Option<usize> {
        let digits = self.b[self.i..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        let n = self.json.get(self.i..self.i + digits)?.parse().ok()?;
        self.i += digits;
        Some(n)
    }

    /// A JSON string with the escapes `push_json_str` writes; `None` for others (`\u` escapes
    /// of non-control characters, which serde then reads).
    fn string(&mut self) -> Option<String> {
        self.eat(b'"')?;
        let mut out = String::new();
        let mut plain = self.i;
        loop {
            let at = self.i
                + self.b[self.i..]
                    .iter()
                    .position(|&c| c == b'"' || c == b'\\')?;
            out.push_str(self.json.get(plain..at)?);
            if self.b[at] == b'"' {
                self.i = at + 1;
                return Some(out);
            }
            let (c, len) = match *self.b.get(at + 1)? {
                b'"' => ('"', 2),
                b'\\' => ('\\', 2),
                b'/' => ('/', 2),
                b'n' => ('\n', 2),
                b'r' => ('\r', 2),
                b't' => ('\t', 2),
                b'b' => ('\u{8}', 2),
                b'f' => ('\u{c}', 2),
                b'u' => {
                    let code = u32::from_str_radix(self.json.get(at + 2..at + 6)?, 16).ok()?;
                    (char::from_u32(code).filter(|c| c.is_control())?, 6)
                }
                _ => return None,
            };
            out.push(c);
            self.i = at + len;
            plain = self.i;
        }
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

/// The stored form of `fields` (see [`StoredField`]) of an entry whose text is `entry_raw`.
pub(super) fn fields_json(entry_raw: &str, fields: &[Field]) -> String {
    let mut out = String::new();
    write_fields_json(&mut out, entry_raw, fields);
    out
}

/// The stored form of `fields` (see [`StoredField`]) appended to `out`. Written by hand rather than through serde: a million fields go through here on a
/// large import, and building the values to serialise cost more than writing the text.
pub(super) fn write_fields_json(out: &mut String, entry_raw: &str, fields: &[Field]) {
    use std::fmt::Write;
    out.push('[');
    let mut from = 0;
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('[');
        push_json_str(out, &f.name);
        out.push(',');
        // Fields are in file order, so each is looked for after the previous one.
        match find_from(entry_raw, from, &f.raw) {
            Some(start) if !f.raw.is_empty() => {
                from = start + f.raw.len();
                let _ = write!(out, "[{start},{from}]");
            }
            _ => push_json_str(out, &f.raw),
        }
        out.push(',');
        if delimited_content(&f.raw) == f.value {
            out.push_str("null");
        } else {
            push_json_str(out, &f.value);
        }
        out.push(']');
    }
    out.push(']');
}

/// `s` as a JSON string, escaped as serde_json escapes.
fn push_json_str(out: &mut String, s: &str) {
    out.push('"');
    let mut plain = 0;
    for (i, b) in s.bytes().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..0x20 => "",
            _ => continue,
        };
        out.push_str(&s[plain..i]);
        if escape.is_empty() {
            out.push_str(&format!("\\u{b:04x}"));
        } else {
            out.push_str(escape);
        }
        plain = i + 1;
    }
    out.push_str(&s[plain..]);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_fields_read_back_as_written() {
        let field = |name: &str, raw: &str, value: &str| Field {
            name: name.into(),
            raw: raw.into(),
            value: value.into(),
        };
        let raw = "@book{k,\n  title = {A \"quoted\" {\\'e}},\n  note = {tab\there},\n  \
                   month = jan,\n  year = 1990\n}";
        let fields = vec![
            field("title", "{A \"quoted\" {\\'e}}", "A \"quoted\" é"),
            field("note", "{tab\there}", "tab\there"),
            field("month", "jan", "January"),
            field("year", "1990", "1990"),
            // Not in the entry's text (an annotation set by hand): kept as text.
            field(
                "annotation",
                "{ctrl \u{1} \\ / \u{8}\u{c}\r\n ünï}",
                "ctrl \u{1} \\ / ünï",
            ),
            field("empty", "", ""),
        ];
        let json = fields_json(raw, &fields);
        assert!(
            json.starts_with(r#"[["title",[19,37],"A \"quoted\" é"],"#),
            "{json}"
        );
        assert_eq!(decode_fields(raw, &json).unwrap(), fields);
        // What serde reads from the same text.
        let by_serde: Vec<StoredField> = serde_json::from_str(&json).unwrap();
        assert_eq!(by_serde.len(), fields.len());
        assert_eq!(decode_fields(raw, "[]").unwrap(), vec![]);
        // Written otherwise (by hand, by another tool): read by serde.
        let spaced = r#"[ ["year", [84, 88], null], ["note", "{x\u00e9}", "x\u00e9"] ]"#;
        assert_eq!(
            decode_fields(raw, spaced).unwrap(),
            vec![field("year", "1990", "1990"), field("note", "{xé}", "xé")]
        );
        assert!(decode_fields(raw, r#"[["year", [84, 880], null]]"#).is_err());
        assert!(decode_fields(raw, "not json").is_err());
    }
}
