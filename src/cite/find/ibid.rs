//! Back-references: "ibid.", "Ibid., 26", "Ibid. 26", "(ibid.)", "op. cit.", "loc. cit.",
//! optionally after a name ("Finley, op. cit., 150").
//!
//! Owns the back-reference rule, inside groups and in running text. Which work a
//! back-reference points to is the previous citation's; that is for resolution to decide,
//! since only it sees the citations of the whole document in order.

use super::{Item, Taken, citation};
use crate::cite::locator::{leading_locator, parse_locator};
use crate::cite::name;
use crate::model::{Citation, CitationStyle, MarkerParts};

/// The back-reference words, longest first, each with its period(s).
const WORDS: &[&str] = &[
    "ibidem",
    "ibid.",
    "ibid",
    "op. cit.",
    "op.cit.",
    "loc. cit.",
    "loc.cit.",
];

/// The length of the back-reference word at the start of `s`, if one is there and ends at a
/// word boundary.
fn word_at(s: &str) -> Option<usize> {
    WORDS.iter().find_map(|w| {
        let head = s.get(..w.len())?;
        let next = s[w.len()..].chars().next();
        let bounded = next.is_none_or(|c| !c.is_alphanumeric());
        (head.eq_ignore_ascii_case(w) && bounded).then_some(w.len())
    })
}

/// "ibid." -> "back-reference ibid.", for `detected`.
fn rule(word: &str, within: &str) -> String {
    let w = word.to_ascii_lowercase();
    let canonical = if w.starts_with("ibid") {
        "ibid."
    } else if w.starts_with("op") {
        "op. cit."
    } else {
        "loc. cit."
    };
    format!("back-reference {canonical}{within}")
}

/// An item that is a back-reference: "[Name, ] ibid.[,] [locator]".
pub(super) fn item(it: &Item) -> Option<Citation> {
    let body = it.body_str();
    let (names, at) = match word_at(body) {
        Some(_) => (None, 0),
        None => {
            let (head, _) = body.split_once(", ")?;
            let names = name::in_text(head)?;
            (Some(names), head.len() + 2)
        }
    };
    let len = word_at(&body[at..])?;
    let rest = body[at + len..].trim_start_matches(|c: char| c == ',' || c.is_whitespace());
    let locator = if rest.is_empty() {
        None
    } else {
        Some(parse_locator(rest)?)
    };
    let mut parts = it.parts();
    if let Some(n) = names {
        parts.authors = n.authors.iter().map(|a| a.to_string()).collect();
    }
    let detected = rule(&body[at..at + len], &format!(" in {}", it.within()));
    Some(it.cite(
        (it.start, it.end),
        CitationStyle::Ibid,
        detected,
        parts,
        locator,
    ))
}

/// Back-references in running text, with the locator that follows ("Ibid. 26") and the name
/// before "op. cit." ("Finley, op. cit., 150").
pub(super) fn bare(text: &str, taken: &Taken) -> Vec<Citation> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    for (at, &b) in bytes.iter().enumerate() {
        if !matches!(b | 0x20, b'i' | b'o' | b'l') || taken.contains(at) {
            continue;
        }
        if at > 0
            && text[..at]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
        {
            continue;
        }
        let Some(len) = word_at(&text[at..]) else {
            continue;
        };
        let word_end = at + len;
        // The locator, if one follows closely: "Ibid. 26", "ibid., pp. 3–5".
        let after = &text[word_end..];
        let gap = after.len() - after.trim_start_matches([',', ' ']).len();
        let mut window = (word_end + gap + 60).min(text.len());
        while !text.is_char_boundary(window) {
            window -= 1;
        }
        let mut end = word_end;
        let mut locator = None;
        if gap > 0
            && let Some((loc, n)) = leading_locator(&text[word_end + gap..window])
        {
            locator = Some(loc);
            end = word_end + gap + n;
        }
        let mut start = at;
        let mut parts = MarkerParts::default();
        if !text[at..].starts_with(['i', 'I']) {
            // "Finley, op. cit.": the name before the comma is part of the marker.
            let head = text[..at].trim_end_matches(' ');
            if let Some(comma) = head.strip_suffix(',')
                && let Some(s) = name::walk_back(text, comma.len())
            {
                let names = name::in_text(&text[s..comma.len()]);
                parts.authors = names
                    .map(|n| n.authors.iter().map(|a| a.to_string()).collect())
                    .unwrap_or_default();
                start = s;
            }
        }
        let detected = rule(&text[at..word_end], " in running text");
        let span = (start, end);
        out.push(citation(
            text,
            span,
            None,
            CitationStyle::Ibid,
            detected,
            parts,
            locator,
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::cite::find::testing::check;

    #[test]
    #[rustfmt::skip]
    fn back_references() {
        check(&[
            ("ibid.", r#"ibid "ibid.""#),
            ("(Ibid., 26)", r#"ibid "Ibid., 26" loc=page 26"#),
            ("Ibid. 26", r#"ibid "Ibid. 26" loc=page 26"#),
            ("Ibid. 26. Next", r#"ibid "Ibid. 26" loc=page 26"#),
            ("(ibid.)", r#"ibid "ibid.""#),
            ("(Ibid.)", r#"ibid "Ibid.""#),
            ("loc. cit.", r#"ibid "loc. cit.""#),
            ("op. cit.", r#"ibid "op. cit.""#),
            ("(Finley, op. cit., 150)", r#"ibid "Finley, op. cit., 150" a=Finley loc=page 150"#),
            ("as Finley, op. cit., 150 shows", r#"ibid "Finley, op. cit., 150" a=Finley loc=page 150"#),
            ("ibid., pp. 3–5.", r#"ibid "ibid., pp. 3–5" loc=page 3–5"#),
            ("(see ibid., 26)", r#"ibid "see ibid., 26" pre=see loc=page 26"#),
            ("Ibidem, 4", r#"ibid "Ibidem, 4" loc=page 4"#),
            ("Ibid. The treaty", r#"ibid "Ibid.""#),
        ]);
    }

    #[test]
    fn not_back_references() {
        check(&[
            ("the ibidfoo", ""),
            ("Fibid.", ""),
            ("cooperation", ""),
            ("(ibid., as above)", r#"ibid "ibid.""#),
        ]);
    }
}
