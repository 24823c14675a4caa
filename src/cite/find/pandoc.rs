//! Pandoc citations: "[@finley1983, p. 150]", "[see @finley1983, pp. 33-35; also @han2010,
//! ch. 1]", "[-@finley1983]", and in-text "@finley1983 says", "@finley1983 [p. 150]".
//!
//! Owns the citation-key grammar (pandoc's: a key starts with a letter, digit or "_" and holds
//! alphanumerics and single internal punctuation `:.#$%&-+?<>~/`; "@{...}" holds anything) and
//! the two rules: keys inside a bracket group, and bare keys in running text. An "@" right
//! after a letter or digit is an e-mail address, not a key.

use super::group::{self, Group};
use super::{Item, Taken, citation};
use crate::cite::locator::leading_locator;
use crate::model::{Citation, CitationStyle, Locator, MarkerParts};

/// Internal punctuation a key may hold between alphanumerics.
const INNER: &str = ":.#$%&-+?<>~/";

/// The key after the "@" at `at`: (key start, key end, end of the key's text incl. braces).
fn key_at(text: &str, at: usize) -> Option<(usize, usize, usize)> {
    let rest = &text[at + 1..];
    if let Some(braced) = rest.strip_prefix('{') {
        let close = group::closing(braced, '}')?;
        let start = at + 2;
        return (close > 0).then_some((start, start + close, start + close + 1));
    }
    let first = rest.chars().next()?;
    if !(first.is_alphanumeric() || first == '_') {
        return None;
    }
    let mut end = 0;
    let mut prev_inner = false;
    for (i, c) in rest.char_indices() {
        if c.is_alphanumeric() || c == '_' {
            end = i + c.len_utf8();
            prev_inner = false;
        } else if INNER.contains(c) && !prev_inner {
            prev_inner = true;
        } else {
            break;
        }
    }
    Some((at + 1, at + 1 + end, at + 1 + end))
}

/// True when the "@" at `at` may open a key: not inside a word or an address.
fn opens_key(text: &str, at: usize) -> bool {
    match text[..at].chars().next_back() {
        None => true,
        Some(c) => !(c.is_alphanumeric() || "._/:@+-=".contains(c)),
    }
}

/// The locator of a suffix (", pp. 33-35 and passim", " p. 150"), if it opens with one.
fn suffix_locator(text: &str, from: usize, end: usize) -> Option<Locator> {
    let s = text[from..end].trim_start_matches(|c: char| c == ',' || c.is_whitespace());
    leading_locator(s).map(|(l, _)| l)
}

/// An item of a bracket group holding a key: prefix, key, locator.
pub(super) fn item(it: &Item) -> Option<Citation> {
    if it.open != b'[' {
        return None;
    }
    let text = it.text;
    let body = it.body_str();
    let at = body
        .match_indices('@')
        .map(|(i, _)| it.body + i)
        .find(|&at| opens_key(text, at) || (at > it.body && text.as_bytes()[at - 1] == b'-'))?;
    let (ks, ke, kend) = key_at(text, at)?;
    let suppressed = at > it.body && text.as_bytes()[at - 1] == b'-';
    let before = text[it.body..at].trim_end_matches('-').trim();
    let mut parts = it.parts();
    if !before.is_empty() {
        // pandoc takes any text before the key as its prefix ("as argued in @key").
        let whole = text[it.start..at].trim_end_matches('-').trim();
        parts.prefix = Some(whole.to_string());
    }
    parts.key = Some(text[ks..ke].to_string());
    let locator = suffix_locator(text, kend, it.end);
    let detected = if suppressed {
        "pandoc citation key in brackets, author suppressed"
    } else {
        "pandoc citation key in brackets"
    };
    let span = (it.start, it.end);
    Some(it.cite(span, CitationStyle::Pandoc, detected.into(), parts, locator))
}

/// Keys in running text: "@finley1983 says", "@finley1983 [p. 150]".
pub(super) fn bare(text: &str, groups: &[Group], taken: &Taken) -> Vec<Citation> {
    let mut out = Vec::new();
    for (at, _) in text.match_indices('@') {
        if taken.contains(at) || !opens_key(text, at) {
            continue;
        }
        let Some((ks, ke, kend)) = key_at(text, at) else {
            continue;
        };
        let parts = MarkerParts {
            key: Some(text[ks..ke].to_string()),
            ..MarkerParts::default()
        };
        // "@key [p. 150]": a bracket right after the key holds its locator.
        let gap = text[kend..].len() - text[kend..].trim_start_matches(' ').len();
        let bracket = groups
            .binary_search_by_key(&(kend + gap), |g| g.start)
            .ok()
            .map(|i| groups[i])
            .filter(|g| g.open == b'[' && gap <= 1 && !taken.contains(g.start));
        let located = bracket.and_then(|g| {
            let (cs, ce) = g.inner();
            suffix_locator(text, cs, ce).map(|l| (g, l))
        });
        out.push(match located {
            Some((g, locator)) => citation(
                text,
                (at, g.end),
                Some((g.start, g.end)),
                CitationStyle::Pandoc,
                "pandoc citation key in text, locator in brackets".into(),
                parts,
                Some(locator),
            ),
            None => citation(
                text,
                (at, kend),
                None,
                CitationStyle::Pandoc,
                "pandoc citation key in text".into(),
                parts,
                None,
            ),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::cite::find::testing::check;

    #[test]
    #[rustfmt::skip]
    fn pandoc() {
        check(&[
            ("[@finley1983, p. 150]", r#"pandoc "@finley1983, p. 150" k=finley1983 loc=page 150"#),
            ("[see @finley1983, pp. 33-35; also @han2010, ch. 1]", r#"pandoc "see @finley1983, pp. 33-35" pre=see k=finley1983 loc=page 33-35 | pandoc "also @han2010, ch. 1" pre=also k=han2010 loc=chapter 1"#),
            ("@finley1983 [p. 150] says", r#"pandoc "@finley1983 [p. 150]" k=finley1983 loc=page 150"#),
            ("[-@finley1983]", r#"pandoc "-@finley1983" k=finley1983"#),
            ("@finley1983 says", r#"pandoc "@finley1983" k=finley1983"#),
            ("as @finley1983. Then", r#"pandoc "@finley1983" k=finley1983"#),
            ("[@doe99; @smith2000; @smith2004]", r#"pandoc "@doe99" k=doe99 | pandoc "@smith2000" k=smith2000 | pandoc "@smith2004" k=smith2004"#),
            ("[@doe99, pp. 33-35, 38-39 and passim]", r#"pandoc "@doe99, pp. 33-35, 38-39 and passim" k=doe99 loc=page 33-35, 38-39"#),
            ("[as argued in @doe99]", r#"pandoc "as argued in @doe99" pre=as argued in k=doe99"#),
            ("[@{https://example.com/bib?x=1}, p. 33]", r#"pandoc "@{https://example.com/bib?x=1}, p. 33" k=https://example.com/bib?x=1 loc=page 33"#),
            ("[@Foo_bar--baz]", r#"pandoc "@Foo_bar--baz" k=Foo_bar"#),
            ("(@finley1983)", r#"pandoc "@finley1983" k=finley1983"#),
        ]);
    }

    #[test]
    fn not_pandoc() {
        check(&[
            ("write to a@b.com today", ""),
            ("mail: someone@example.org.", ""),
            ("[text](https://example.org)", ""),
            ("![alt](img.png)", ""),
            ("a lone @ sign", ""),
            ("[sic]", ""),
        ]);
    }
}
