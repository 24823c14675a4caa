//! BibLaTeX dates as the exports need them: `date`, `urldate`, `origdate` and `eventdate` in
//! the EDTF subset biblatex accepts ("2014", "2014-05-22", "2014-05/2014-06", "2019/",
//! "2001~", "-0044-03-15", seasons "1978-21"), and BibTeX's `year` plus `month`.
//!
//! Owns reading those strings into parts. Not here: how CSL or RIS spell a date (their
//! writers). What cannot be read ("n.d.", "199X", "Spring 1983") is handed on as written, so
//! the writer can say it literally instead of dropping it.

use crate::model::Source;

/// Year, month (1-12, or 21-24 for a season as EDTF writes it) and day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Ymd {
    /// The year as CSL counts it: 1 BC is -1 (EDTF's astronomical 0 is shifted).
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

/// A date field's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum DateValue {
    /// A date or a range.
    Parts {
        start: Ymd,
        /// `None` for a single date; `Some(None)` for a range open at its end ("2019/").
        end: Option<Option<Ymd>>,
        /// EDTF "~" or "%": approximately.
        circa: bool,
    },
    /// Anything else, as written.
    Literal(String),
}

/// The date of the `prefix` family (`""` for the publication date, `"url"`, `"orig"`,
/// `"event"`); the publication date falls back to `year` and `month`.
pub(super) fn date_field(src: &Source, prefix: &str) -> Option<DateValue> {
    if let Some(f) = src.field(&format!("{prefix}date")) {
        let v = edtf_text(&f.raw).unwrap_or(f.value.trim());
        if !v.is_empty() {
            return Some(parse_edtf(v).unwrap_or_else(|| DateValue::Literal(v.to_string())));
        }
    }
    if !prefix.is_empty() {
        return None;
    }
    let year = src.get("year").map(str::trim).filter(|y| !y.is_empty())?;
    let month = src.get("month").and_then(month_number);
    Some(match parse_year(year) {
        Some(y) => DateValue::Parts {
            start: Ymd {
                year: y,
                month,
                day: None,
            },
            end: None,
            circa: false,
        },
        None => DateValue::Literal(year.to_string()),
    })
}

/// The EDTF string as written between the field's delimiters. A date field is not LaTeX:
/// read as LaTeX its "~" (approximately) would be a tie and vanish from the plain value.
/// `None` when the field is not one delimited literal (a macro, a concatenation).
fn edtf_text(raw: &str) -> Option<&str> {
    let raw = raw.trim();
    let inner = raw
        .strip_prefix('{')
        .and_then(|r| r.strip_suffix('}'))
        .or_else(|| raw.strip_prefix('"').and_then(|r| r.strip_suffix('"')))?;
    (!inner.contains(['{', '}', '\\', '"'])).then_some(inner.trim())
}

/// Reads an EDTF date or range; `None` when it is not one.
pub(super) fn parse_edtf(s: &str) -> Option<DateValue> {
    let (from, to) = match s.split_once('/') {
        Some((a, b)) => (a, Some(b)),
        None => (s, None),
    };
    let (start, circa) = parse_point(from)?;
    let end = match to {
        None => None,
        Some("" | "..") => Some(None),
        Some(b) => Some(Some(parse_point(b)?.0)),
    };
    Some(DateValue::Parts { start, end, circa })
}

/// One EDTF date: the parts and whether it is marked approximate. A time after "T" is
/// dropped; "X" digits (unspecified) make it unreadable.
fn parse_point(s: &str) -> Option<(Ymd, bool)> {
    let s = s.split('T').next().unwrap_or(s);
    let circa = s.ends_with(['~', '%']);
    let s = s.trim_end_matches(['~', '%', '?']);
    let (negative, digits) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.strip_prefix('Y').unwrap_or(s)),
    };
    let mut parts = digits.split('-');
    let year_text = parts.next()?;
    if year_text.len() < 4 || !year_text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let astronomical: i32 = year_text.parse().ok()?;
    // EDTF counts a year 0 (= 1 BC); CSL, like historians, does not.
    let year = if negative {
        -astronomical - 1
    } else if astronomical == 0 {
        -1
    } else {
        astronomical
    };
    let month = match parts.next() {
        None => None,
        Some(m) => Some(two_digits(m).filter(|m| (1..=12).contains(m) || (21..=24).contains(m))?),
    };
    let day = match parts.next() {
        None => None,
        Some(d) => {
            Some(two_digits(d).filter(|d| (1..=31).contains(d) && month.is_some_and(|m| m <= 12))?)
        }
    };
    if parts.next().is_some() {
        return None;
    }
    Some((Ymd { year, month, day }, circa))
}

fn two_digits(s: &str) -> Option<u8> {
    (s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// A `year` field that is a plain (possibly negative) number.
fn parse_year(s: &str) -> Option<i32> {
    let digits = s.strip_prefix('-').unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// A `month` field: a number, or an English month name or its three-letter abbreviation
/// (BibTeX's `jan` macro arrives expanded or not, depending on the style file).
fn month_number(s: &str) -> Option<u8> {
    const NAMES: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let s = s.trim().trim_end_matches('.').to_lowercase();
    if let Ok(n) = s.parse::<u8>() {
        return (1..=12).contains(&n).then_some(n);
    }
    NAMES
        .iter()
        .position(|name| s.len() >= 3 && name.starts_with(&s))
        .map(|i| i as u8 + 1)
}

#[cfg(test)]
mod tests {
    use super::super::testing::{Fields, source};
    use super::*;

    fn ymd(year: i32, month: Option<u8>, day: Option<u8>) -> Ymd {
        Ymd { year, month, day }
    }

    #[test]
    fn reads_edtf() {
        let one = |start, circa| DateValue::Parts {
            start,
            end: None,
            circa,
        };
        #[rustfmt::skip]
        let cases: &[(&str, Option<DateValue>)] = &[
            ("2014",                Some(one(ymd(2014, None, None), false))),
            ("2014-05",             Some(one(ymd(2014, Some(5), None), false))),
            ("2014-05-22",          Some(one(ymd(2014, Some(5), Some(22)), false))),
            ("2014-05-22T10:00:00", Some(one(ymd(2014, Some(5), Some(22)), false))),
            ("2001~",               Some(one(ymd(2001, None, None), true))),
            ("2001?",               Some(one(ymd(2001, None, None), false))),
            ("1978-21",             Some(one(ymd(1978, Some(21), None), false))),
            ("-0044-03-15",         Some(one(ymd(-45, Some(3), Some(15)), false))),
            ("0000",                Some(one(ymd(-1, None, None), false))),
            ("2014-05-22/2014-06",  Some(DateValue::Parts { start: ymd(2014, Some(5), Some(22)), end: Some(Some(ymd(2014, Some(6), None))), circa: false })),
            ("2019/",               Some(DateValue::Parts { start: ymd(2019, None, None), end: Some(None), circa: false })),
            ("2019/..",             Some(DateValue::Parts { start: ymd(2019, None, None), end: Some(None), circa: false })),
            ("../2019",             None),
            ("199X",                None),
            ("2014-13",             None),
            ("2014-21-01",          None),
            ("14",                  None),
            ("n.d.",                None),
        ];
        for (s, want) in cases {
            assert_eq!(parse_edtf(s), *want, "{s:?}");
        }
    }

    #[test]
    fn dates_are_read_as_written_not_as_latex() {
        let mut src = source("k", "book", &[("date", "2001~")]);
        // The parser decodes "~" as a tie and trims it from the value.
        src.fields[0].value = "2001".into();
        let circa = DateValue::Parts {
            start: ymd(2001, None, None),
            end: None,
            circa: true,
        };
        assert_eq!(date_field(&src, ""), Some(circa.clone()));
        src.fields[0].raw = "\"2001~\"".into();
        assert_eq!(date_field(&src, ""), Some(circa));
        src.fields[0].raw = "mydate".into();
        src.fields[0].value = "1999-02".into();
        let parts = DateValue::Parts {
            start: ymd(1999, Some(2), None),
            end: None,
            circa: false,
        };
        assert_eq!(
            date_field(&src, ""),
            Some(parts),
            "a macro: its expanded value"
        );
    }

    #[test]
    fn falls_back_to_year_and_month() {
        let parts = |y, m| {
            Some(DateValue::Parts {
                start: ymd(y, m, None),
                end: None,
                circa: false,
            })
        };
        #[rustfmt::skip]
        let cases: &[(Fields, &str, Option<DateValue>)] = &[
            (&[("date", "1983"), ("year", "1999")], "",    parts(1983, None)),
            (&[("year", "1999"), ("month", "jan")],  "",    parts(1999, Some(1))),
            (&[("year", "1999"), ("month", "Sept.")], "",   parts(1999, Some(9))),
            (&[("year", "1999"), ("month", "12")],   "",    parts(1999, Some(12))),
            (&[("year", "1999"), ("month", "13")],   "",    parts(1999, None)),
            (&[("year", "n.d.")],                    "",    Some(DateValue::Literal("n.d.".into()))),
            (&[("year", "1983a")],                   "",    Some(DateValue::Literal("1983a".into()))),
            (&[("date", "Spring 1983")],             "",    Some(DateValue::Literal("Spring 1983".into()))),
            (&[("year", "1999")],                    "url", None),
            (&[("urldate", "2020-01-02")],           "url", Some(DateValue::Parts { start: ymd(2020, Some(1), Some(2)), end: None, circa: false })),
            (&[],                                    "",    None),
        ];
        for (fields, prefix, want) in cases {
            let src = source("k", "book", fields);
            assert_eq!(date_field(&src, prefix), *want, "{fields:?} {prefix:?}");
        }
    }
}
