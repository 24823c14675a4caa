//! Editing one field of an entry in place, in the text of the .bib file, so that what the user
//! changes through annobib (an annotation) lives in their file, where a re-import finds it,
//! and everything else in the entry keeps its bytes: spacing, comments, field order, macros.

use super::parse;
use crate::model::BibItem;

/// `text` as a braced BibLaTeX value: the characters that would start a command, a comment or
/// math are escaped, and so are braces. BibTeX and biber count every brace, escaped or not, so
/// a brace that pairs with another in `text` is written `\{`/`\}` (the pair balances), and one
/// that pairs with none is written `\textbraceleft{}`/`\textbraceright{}`, which holds no lone
/// brace.
pub fn braced(text: &str) -> String {
    // Which braces of `text` pair with another.
    let mut open = Vec::new();
    let mut paired = vec![false; text.len()];
    for (i, c) in text.char_indices() {
        match c {
            '{' => open.push(i),
            '}' => {
                if let Some(o) = open.pop() {
                    paired[o] = true;
                    paired[i] = true;
                }
            }
            _ => {}
        }
    }
    let mut out = String::with_capacity(text.len() + 2);
    out.push('{');
    for (i, c) in text.char_indices() {
        match c {
            '{' if !paired[i] => out.push_str("\\textbraceleft{}"),
            '}' if !paired[i] => out.push_str("\\textbraceright{}"),
            '{' | '}' | '%' | '&' | '#' | '$' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '\\' => out.push_str("\\textbackslash{}"),
            _ => out.push(c),
        }
    }
    out.push('}');
    out
}

/// The entry `raw` (from `@` to its closing delimiter) with field `name` set to `value` (raw
/// BibLaTeX, e.g. from [`braced`]), added as the last field when absent, or removed when
/// `value` is `None`. `None` when the entry does not parse, or the edit would not read back as
/// asked (so a file is never written with a broken entry).
pub fn set_field(raw: &str, name: &str, value: Option<&str>) -> Option<String> {
    let before = parse("entry", raw);
    let [BibItem::Entry(source)] = before.file.items.as_slice() else {
        return None;
    };
    if !before.errors.is_empty() {
        return None;
    }
    let name = name.to_ascii_lowercase();
    let edited = match field_span(raw, &name) {
        Some((line_start, value_end)) => {
            // From the field's name to the end of its value, with the comma after it.
            let after = &raw[value_end..];
            let comma = after
                .find(|c: char| !c.is_whitespace())
                .filter(|&i| after[i..].starts_with(','));
            let end = comma.map_or(value_end, |i| value_end + i + 1);
            match value {
                Some(v) => {
                    let value_start = raw[..value_end].len() - source.field(&name)?.raw.len();
                    format!("{}{}{}", &raw[..value_start], v, &raw[value_end..])
                }
                None => {
                    // Remove the whole line when the field stands on its own line.
                    let start = raw[..line_start].rfind('\n').map_or(line_start, |nl| {
                        if raw[nl + 1..line_start].trim().is_empty() {
                            nl
                        } else {
                            line_start
                        }
                    });
                    format!("{}{}", &raw[..start], &raw[end..])
                }
            }
        }
        None => match value {
            None => raw.to_string(),
            Some(v) => {
                let close = raw.len() - 1;
                let body = raw[..close].trim_end();
                let indent = raw
                    .lines()
                    .skip(1)
                    .find(|l| !l.trim().is_empty() && l.contains('='))
                    .map(|l| &l[..l.len() - l.trim_start().len()])
                    .unwrap_or("  ");
                let sep = if body.ends_with(',') || body.ends_with(['{', '(']) {
                    ""
                } else {
                    ","
                };
                format!("{body}{sep}\n{indent}{name} = {v},\n{}", &raw[close..])
            }
        },
    };
    let after = parse("entry", &edited);
    let [BibItem::Entry(changed)] = after.file.items.as_slice() else {
        return None;
    };
    let ok = after.errors.is_empty()
        && changed.key == source.key
        && match value {
            Some(v) => changed
                .field(&name)
                .is_some_and(|f| f.raw.trim() == v.trim()),
            None => changed.field(&name).is_none(),
        }
        && changed.fields.iter().filter(|f| f.name != name).count()
            == source.fields.iter().filter(|f| f.name != name).count();
    ok.then_some(edited)
}

/// Where field `name` is in the entry: (start of its name, end of its value).
fn field_span(raw: &str, name: &str) -> Option<(usize, usize)> {
    let b = raw.as_bytes();
    // Skip to the entry's opening delimiter; fields sit at depth 1 from there.
    let open = raw.find(['{', '('])?;
    let mut depth = 1usize;
    let mut quoted = false;
    let mut i = open + 1;
    let mut at_field_start = false;
    while i < b.len() {
        let c = b[i];
        match c {
            b'{' => depth += 1,
            b'}' => depth = depth.saturating_sub(1),
            b'"' if depth == 1 => quoted = !quoted,
            b',' if depth == 1 && !quoted => at_field_start = true,
            b'%' if depth == 1 && !quoted => {
                // A comment line between fields.
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            _ if at_field_start && depth == 1 && !quoted && c.is_ascii_alphabetic() => {
                at_field_start = false;
                let word_end = raw[i..]
                    .find(|ch: char| !(ch.is_alphanumeric() || "_-:+.".contains(ch)))
                    .map_or(raw.len(), |e| i + e);
                if raw[i..word_end].eq_ignore_ascii_case(name) {
                    let rest = &raw[word_end..];
                    let eq = rest.find(|ch: char| !ch.is_whitespace())?;
                    if rest[eq..].starts_with('=') {
                        let value_start = word_end + eq + 1;
                        let end = value_end(raw, value_start)?;
                        return Some((i, end));
                    }
                }
                i = word_end;
                continue;
            }
            _ if !c.is_ascii_whitespace() => at_field_start = false,
            _ => {}
        }
        i += 1;
    }
    None
}

/// The end of the value that starts at `from` (after `=`): at the comma or closing delimiter
/// at depth 1, trailing whitespace excluded.
fn value_end(raw: &str, from: usize) -> Option<usize> {
    let b = raw.as_bytes();
    let mut depth = 0usize;
    let mut quoted = false;
    let mut i = from;
    while i < b.len() {
        match b[i] {
            b'{' => depth += 1,
            b'}' if depth == 0 => break,
            b'}' => depth -= 1,
            b')' if depth == 0 && !quoted => break,
            b'"' if depth == 0 => quoted = !quoted,
            b',' if depth == 0 && !quoted => break,
            _ => {}
        }
        i += 1;
    }
    Some(from + raw[from..i].trim_end().len())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ENTRY: &str = "@book{paik1990,\n  author    = {Paik, Seung-gi},\n  % checked 2026\n  title     = {{US-Korean} Security, {Relations}},\n  date      = {1990}\n}";

    #[test]
    fn adds_a_field_after_the_last_one_with_a_comma() {
        let e = set_field(ENTRY, "annotation", Some("{Read it.}")).unwrap();
        assert_eq!(
            e,
            "@book{paik1990,\n  author    = {Paik, Seung-gi},\n  % checked 2026\n  title     = {{US-Korean} Security, {Relations}},\n  date      = {1990},\n  annotation = {Read it.},\n}"
        );
    }

    #[test]
    fn replaces_a_value_in_place_and_keeps_every_other_byte() {
        let with = set_field(ENTRY, "annotation", Some("{First.}")).unwrap();
        let e = set_field(&with, "annotation", Some("{Second, {nested}.}")).unwrap();
        assert_eq!(e, with.replace("{First.}", "{Second, {nested}.}"));
        let t = set_field(ENTRY, "TITLE", Some("\"New\"")).unwrap();
        assert!(t.contains("  title     = \"New\",\n  date"), "{t}");
    }

    #[test]
    fn removes_a_field_with_its_line() {
        let with = set_field(ENTRY, "annotation", Some("{Note.}")).unwrap();
        let e = set_field(&with, "annotation", None).unwrap();
        assert_eq!(
            e,
            "@book{paik1990,\n  author    = {Paik, Seung-gi},\n  % checked 2026\n  title     = {{US-Korean} Security, {Relations}},\n  date      = {1990},\n}"
        );
        assert_eq!(set_field(ENTRY, "annotation", None).unwrap(), ENTRY);
    }

    #[test]
    fn parenthesised_entries_and_fieldless_ones() {
        let e = set_field("@book(k, title = {T})", "note", Some("{N}")).unwrap();
        assert_eq!(e, "@book(k, title = {T},\n  note = {N},\n)");
        let e = set_field("@book{k}", "note", Some("{N}")).unwrap();
        assert!(e.contains("note = {N}"), "{e}");
    }

    #[test]
    fn a_broken_entry_is_not_edited() {
        assert_eq!(set_field("@book{k, title = {T}", "note", Some("{N}")), None);
        assert_eq!(
            set_field("@book{k, title = {T}}", "note", Some("{unbalanced")),
            None
        );
    }

    #[test]
    fn braced_escapes_what_would_break_the_entry() {
        assert_eq!(
            braced("50% of {x} & y_1 \\ $"),
            r"{50\% of \{x\} \& y\_1 \textbackslash{} \$}"
        );
        // A brace that pairs with none would unbalance the value as BibTeX counts braces.
        assert_eq!(braced("{a"), r"{\textbraceleft{}a}");
        assert_eq!(braced("a} {b}"), r"{a\textbraceright{} \{b\}}");
        assert_eq!(braced("}{"), r"{\textbraceright{}\textbraceleft{}}");
        for text in ["{unbalanced", "closed}", "}{", "a {b} c}", "{{x}", "plain"] {
            let raw = set_field("@book{k, title = {T}}", "note", Some(&braced(text)))
                .unwrap_or_else(|| panic!("{text:?} was refused"));
            let parsed = parse("entry", &raw);
            assert!(parsed.errors.is_empty(), "{text:?}: {:?}", parsed.errors);
            let [BibItem::Entry(s)] = parsed.file.items.as_slice() else {
                panic!("{raw}")
            };
            assert_eq!(
                s.field("note").map(|f| f.value.as_str()),
                Some(text),
                "{raw}"
            );
        }
    }
}
