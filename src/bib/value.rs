//! A field's pieces to its text: `@string` macros (the file's and the month macros) expanded,
//! `#` concatenated, then plain text for ordinary fields and content untouched for verbatim
//! ones. Owns the macro table; the pieces come from `lex`, plain text from `latex`.

use std::borrow::Cow;

use rustc_hash::FxHashMap;

use super::latex::to_plain;
use super::lex::Piece;

/// biblatex's verbatim fields (its data model's `verbatim` and `uri` data types): their content
/// is kept as written, since `~`, `%` and `\` mean themselves in a URL or a DOI.
const VERBATIM_FIELDS: &[&str] = &[
    "doi", "eprint", "file", "pdf", "url", "verba", "verbb", "verbc", "urlraw",
];

/// biblatex's date fields: EDTF, read by biber as written, where `~` means "approximately"
/// (not a LaTeX tie) and `?` "uncertain"; only protecting braces are dropped.
const DATE_FIELDS: &[&str] = &["date", "eventdate", "origdate", "urldate"];

/// The month macros BibTeX predefines, in order.
const MONTHS: [(&str, &str); 12] = [
    ("jan", "January"),
    ("feb", "February"),
    ("mar", "March"),
    ("apr", "April"),
    ("may", "May"),
    ("jun", "June"),
    ("jul", "July"),
    ("aug", "August"),
    ("sep", "September"),
    ("oct", "October"),
    ("nov", "November"),
    ("dec", "December"),
];

/// The month macro (`jan`..`dec`) for a month number 1..=12.
pub(crate) fn month_macro(month: u32) -> Option<&'static str> {
    MONTHS
        .get(month.checked_sub(1)? as usize)
        .map(|(name, _)| *name)
}

pub(crate) fn is_verbatim(field: &str) -> bool {
    VERBATIM_FIELDS.contains(&field)
}

/// The `@string` macros of a file: lowercase name to expanded TeX. BibTeX compares macro names
/// without regard to case.
#[derive(Default)]
pub(crate) struct Macros {
    /// Expansion, and whether it is final (no macro in it was undefined or itself unfinished
    /// when it was read).
    map: FxHashMap<String, (String, bool)>,
    /// Some macro was defined twice, so what a use expands to depends on where it stands.
    pub(crate) redefined: bool,
}

impl Macros {
    pub(crate) fn define(&mut self, name: &str, tex: String, complete: bool) {
        let old = self.map.insert(name.to_ascii_lowercase(), (tex, complete));
        self.redefined |= old.is_some();
    }

    /// Takes in the definitions of `later` (read after these); false when a name is in both,
    /// since then the order of definitions and uses matters.
    pub(crate) fn absorb(&mut self, later: Macros) -> bool {
        if later.redefined || later.map.keys().any(|k| self.map.contains_key(k)) {
            return false;
        }
        self.map.extend(later.map);
        true
    }

    /// The expansion of `name` and whether it is final: a file macro first (a file may
    /// redefine a month), then the month macros.
    pub(crate) fn get(&self, name: &str) -> Option<(&str, bool)> {
        let found = if name.bytes().any(|c| c.is_ascii_uppercase()) {
            self.map.get(&name.to_ascii_lowercase())
        } else {
            self.map.get(name)
        };
        found
            .map(|(tex, complete)| (tex.as_str(), *complete))
            .or_else(|| {
                MONTHS
                    .iter()
                    .find(|(m, _)| m.eq_ignore_ascii_case(name))
                    .map(|(_, full)| (*full, true))
            })
    }
}

/// What kept a value from being expanded for good.
#[derive(Default)]
pub(crate) struct Gaps {
    /// Macros not defined (so far); they expand to nothing, as in BibTeX.
    pub(crate) undefined: Vec<Piece>,
    /// Some macro used was defined in terms of a macro not defined when it was read.
    pub(crate) unfinished: bool,
}

impl Gaps {
    pub(crate) fn clear(&mut self) {
        self.undefined.clear();
        self.unfinished = false;
    }

    /// Whether the value must be expanded again once the whole file is read.
    pub(crate) fn any(&self) -> bool {
        !self.undefined.is_empty() || self.unfinished
    }
}

/// The most bytes one value may expand to through `@string` macros (a value as long as written
/// is never refused). BibTeX's own pool holds far less.
pub(crate) const MAX_EXPANDED: usize = 1 << 20;

/// How many bytes `pieces` expand to, without expanding them.
pub(crate) fn expanded_len(text: &str, pieces: &[Piece], macros: &Macros) -> usize {
    pieces
        .iter()
        .map(|p| {
            if p.is_macro(text) {
                macros.get(p.inner(text)).map_or(0, |(tex, _)| tex.len())
            } else {
                p.inner(text).len()
            }
        })
        .fold(0, usize::saturating_add)
}

/// What `@string` macros may add to a file's values in all: twice the file's size and 8 MiB.
/// Macros that double each other (`s1 = s0 # s0` ... `s40`) are refused where they outgrow it,
/// before anything is expanded, so that a small file cannot take gigabytes.
pub(crate) struct Growth {
    left: usize,
}

impl Growth {
    pub(crate) fn for_text(len: usize) -> Growth {
        Growth {
            left: len.saturating_mul(2).saturating_add(8 << 20),
        }
    }

    /// Takes what expanding a value written in `raw` bytes to `expanded` bytes adds; the error
    /// says why it may not.
    pub(crate) fn take(&mut self, raw: usize, expanded: usize) -> Result<(), String> {
        let grown = expanded.saturating_sub(raw);
        if grown == 0 {
            return Ok(());
        }
        if expanded > MAX_EXPANDED {
            return Err(format!(
                "expands to {expanded} bytes through @string macros, more than the {} a value may (macros doubling each other?)",
                MAX_EXPANDED
            ));
        }
        if grown > self.left {
            return Err(
                "@string macros expand this file's values past twice its size and 8 MiB (macros doubling each other?)"
                    .into(),
            );
        }
        self.left -= grown;
        Ok(())
    }
}

/// The TeX of a value: pieces without delimiters, macros expanded, concatenated; what could
/// not be expanded for good is recorded in `gaps`.
pub(crate) fn expand<'a>(
    text: &'a str,
    pieces: &[Piece],
    macros: &'a Macros,
    gaps: &mut Gaps,
) -> Cow<'a, str> {
    let piece_tex = |p: &Piece, gaps: &mut Gaps| -> &'a str {
        if !p.is_macro(text) {
            return p.inner(text);
        }
        match macros.get(p.inner(text)) {
            Some((tex, complete)) => {
                gaps.unfinished |= !complete;
                tex
            }
            None => {
                gaps.undefined.push(*p);
                ""
            }
        }
    };
    match pieces {
        [one] => Cow::Borrowed(piece_tex(one, gaps)),
        _ => {
            let mut tex = String::new();
            for p in pieces {
                tex.push_str(piece_tex(p, gaps));
            }
            Cow::Owned(tex)
        }
    }
}

/// A field's `value` from its TeX.
pub(crate) fn field_value(field: &str, tex: &str) -> String {
    if is_verbatim(field) {
        tex.to_string()
    } else if DATE_FIELDS.contains(&field) {
        tex.chars()
            .filter(|c| !matches!(c, '{' | '}'))
            .collect::<String>()
            .trim()
            .to_string()
    } else {
        to_plain(tex)
    }
}

#[cfg(test)]
mod tests {
    use super::super::lex::pieces;
    use super::*;

    #[test]
    fn date_fields_keep_edtf_marks() {
        #[rustfmt::skip]
        let cases: &[(&str, &str, &str)] = &[
            ("date", "2001~", "2001~"),
            ("date", "{2001}?", "2001?"),
            ("urldate", "2020-05-01", "2020-05-01"),
            ("origdate", "1850/1855", "1850/1855"),
            ("note", "p.~3", "p. 3"),
        ];
        for (field, tex, want) in cases {
            assert_eq!(field_value(field, tex), *want, "{field} = {tex}");
        }
    }

    #[test]
    #[rustfmt::skip]
    fn expand_table() {
        let mut macros = Macros::default();
        macros.define("IMH", "Institute for Military History".into(), true);
        macros.define("acc", "Schr\\\"odinger".into(), true);
        macros.define("dec", "Dezember".into(), true);
        macros.define("half", "Half ".into(), false);
        // (field, raw, value, undefined macros)
        let cases: &[(&str, &str, &str, &[&str])] = &[
            ("publisher", "imh", "Institute for Military History", &[]),
            ("publisher", "{The} # \" \" # IMH", "The Institute for Military History", &[]),
            ("month", "jan", "January", &[]),
            ("month", "JUN # \"~1\"", "June 1", &[]),
            ("month", "dec", "Dezember", &[]),
            ("title", "acc # {'s Cat}", "Schrödinger's Cat", &[]),
            ("year", "1983", "1983", &[]),
            ("volume", "3.2.1", "3.2.1", &[]),
            ("title", "nosuch # { x}", "x", &["nosuch"]),
            ("url", "{http://x.org/~me/a%20b}", "http://x.org/~me/a%20b", &[]),
            ("doi", "\"10.1000/a_b\"", "10.1000/a_b", &[]),
            ("title", "{Line\n   two}", "Line two", &[]),
            ("title", "half # {done}", "Half done", &[]),
        ];
        for (field, raw, value, undefined) in cases {
            let ps = pieces(raw).unwrap();
            let mut gaps = Gaps::default();
            let tex = expand(raw, &ps, &macros, &mut gaps);
            assert_eq!(field_value(field, &tex), *value, "{raw}");
            let names: Vec<&str> = gaps.undefined.iter().map(|p| p.inner(raw)).collect();
            assert_eq!(&names, undefined, "{raw}");
            assert_eq!(gaps.unfinished, raw.contains("half"), "{raw}");
        }
    }

    #[test]
    fn month_macros() {
        assert_eq!(month_macro(5), Some("may"));
        assert_eq!(month_macro(0), None);
        assert_eq!(month_macro(13), None);
    }
}
