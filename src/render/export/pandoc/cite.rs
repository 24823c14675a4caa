//! The inline citations of one claim turned into pandoc citations: which text each replaces,
//! and what it becomes.
//!
//! Owns the citation syntax: `[see @key, p. 24]`, `[@a, p. 14; see also @b, p. 46]` for a
//! group, `@key [p. 150]` for a narrative citation. Not here: the walk over the document and
//! the report (`super`), escaping (`escape`).
//!
//! A parenthesis or bracket group is replaced whole, so the text between its markers is kept:
//! what comes before a marker (after the previous `;`) is that item's prefix, what follows the
//! last marker is the last item's suffix. A group is converted only when every marker in it
//! resolved to one source; otherwise it stays as written and every marker in it is reported.

use super::Written;
use super::escape::escape_into;
use crate::model::{Citation, CitationStyle, LocatorLabel};

/// A stretch of the document text to replace, or to leave and report.
pub(super) struct Unit<'a> {
    /// Byte range in the document text: from here...
    pub start: usize,
    /// ...to one past here.
    pub end: usize,
    /// The citations it holds, in text order.
    pub cites: Vec<&'a Citation>,
    /// The pandoc text, when every citation resolved.
    pub replacement: Option<String>,
}

/// Groups the inline citations of a claim that lie in `range` into units and converts each.
/// Units that would overlap an earlier one are not converted (the finder never makes such).
pub(super) fn units<'a>(
    text: &str,
    cites: &'a [Citation],
    range: (usize, usize),
    input: Written,
) -> Vec<Unit<'a>> {
    let mut inline: Vec<&Citation> = cites
        .iter()
        .filter(|c| c.style != Some(CitationStyle::Reference))
        .filter(|c| c.span.is_some_and(|(s, e)| range.0 <= s && e <= range.1))
        .collect();
    inline.sort_by_key(|c| c.span.map(|s| s.0));
    let mut out: Vec<Unit> = Vec::new();
    for c in inline {
        let (s, e) = c.span.unwrap_or_default();
        let g = c.group.filter(|&(gs, ge)| range.0 <= gs && ge <= range.1);
        // A narrative citation's group is the "(1983)" after the names; the unit spans both.
        let (start, end) = match g {
            Some((gs, ge)) if narrative(text, c) => (s.min(gs), e.max(ge)),
            Some(g) => g,
            None => (s, e),
        };
        if let Some(last) = out.last_mut()
            && g.is_some()
            && last.cites[0].group == g
        {
            last.cites.push(c);
            last.end = last.end.max(end);
            continue;
        }
        out.push(Unit {
            start,
            end,
            cites: vec![c],
            replacement: None,
        });
    }
    let mut last_end = 0;
    for unit in &mut out {
        let resolved = unit.cites.iter().all(|c| c.resolution.source.is_some());
        if resolved && unit.start >= last_end {
            unit.replacement = Some(convert(text, unit, input));
        }
        last_end = last_end.max(unit.end);
    }
    out
}

/// Narrative (in-text) citations: "Finley (1983)", `\textcite{..}`, a bare `@key`.
fn narrative(text: &str, c: &Citation) -> bool {
    let marker = c.marker.as_deref().unwrap_or("");
    match c.style {
        Some(CitationStyle::Narrative) => true,
        // A command citing several keys is the group; its markers are the keys.
        Some(CitationStyle::Latex) => {
            let command = c.group.map_or(marker, |(gs, ge)| &text[gs..ge]);
            ["\\textcite", "\\Textcite", "\\citet", "\\Citet"]
                .iter()
                .any(|m| command.starts_with(m))
        }
        // A bare `@key [p. 3]`, not an item inside `[...]` (whose group opens before it).
        Some(CitationStyle::Pandoc) => {
            let start = c.span.map_or(0, |s| s.0);
            marker.starts_with('@') && c.group.is_none_or(|g| g.0 >= start)
        }
        _ => false,
    }
}

fn convert(text: &str, unit: &Unit, input: Written) -> String {
    if input == Written::Markdown
        && unit
            .cites
            .iter()
            .all(|c| c.style == Some(CitationStyle::Pandoc))
    {
        return as_written(text, unit);
    }
    if unit.cites.iter().all(|c| narrative(text, c)) {
        return convert_narrative(text, unit, input);
    }
    let open = text[unit.start..].chars().next();
    let bracketed =
        matches!(open, Some('(' | '[')) && unit.cites[0].group == Some((unit.start, unit.end));
    let mut items: Vec<String> = Vec::new();
    // Text between markers is kept only inside a real parenthesis or bracket: in a LaTeX
    // command it is the command's syntax.
    let mut cursor = if bracketed {
        unit.start + 1
    } else {
        unit.start
    };
    for c in &unit.cites {
        let (s, e) = c.span.unwrap_or_default();
        let mut prefix = String::new();
        if bracketed {
            let between = &text[cursor.min(s)..s];
            let (tail_of_previous, before) = match between.split_once(';') {
                Some((a, b)) => (a, b),
                None if items.is_empty() => ("", between),
                None => ("", between.trim_start_matches([',', ' '])),
            };
            if let Some(last) = items.last_mut() {
                push_suffix(last, tail_of_previous, input);
            }
            prefix = before.trim().to_string();
        }
        let marker = c.marker.as_deref().unwrap_or("");
        if let Some(signal) = c.parts.prefix.as_deref() {
            let in_marker = marker
                .get(..signal.len())
                .is_some_and(|h| h.eq_ignore_ascii_case(signal));
            if in_marker || prefix.is_empty() {
                let written = if in_marker {
                    &marker[..signal.len()]
                } else {
                    signal
                };
                prefix = [prefix.as_str(), written].join(" ").trim().to_string();
            }
        }
        let mut item = String::new();
        if !prefix.is_empty() {
            push_text(&mut item, &prefix, input);
            item.push(' ');
        }
        item.push_str(&key_ref(c));
        push_locator(&mut item, c, input);
        items.push(item);
        cursor = e;
    }
    if bracketed && let Some(last) = items.last_mut() {
        push_suffix(last, &text[cursor.min(unit.end - 1)..unit.end - 1], input);
    }
    format!("[{}]", items.join("; "))
}

/// A pandoc citation of a Markdown essay exactly as written (`[-@k, pp. 14-16]`, `{IV, 2}`
/// locators, prefixes and suffixes), only a key that resolved to another spelling of it
/// (`@Finley1983` to `finley1983`) rewritten.
fn as_written(text: &str, unit: &Unit) -> String {
    let mut out = String::new();
    let mut at = unit.start;
    for c in &unit.cites {
        let (Some((s, e)), Some(key)) = (c.span, c.resolution.source.as_deref()) else {
            continue;
        };
        let Some((from, to, written)) = written_key(text, s.max(at), e) else {
            continue;
        };
        if written != key {
            out.push_str(&text[at..from]);
            out.push_str(&key_text(key));
            at = to;
        }
    }
    out.push_str(&text[at..unit.end]);
    out
}

/// The first `@key` or `@{key}` in `text[from..to]`: its range (from the `@`) and the key.
fn written_key(text: &str, from: usize, to: usize) -> Option<(usize, usize, &str)> {
    let sign = from + text.get(from..to)?.find('@')?;
    let rest = &text[sign + 1..to];
    if let Some(inner) = rest.strip_prefix('{') {
        let len = inner.find('}')?;
        return Some((sign, sign + 2 + len + 1, &inner[..len]));
    }
    let inner_ok = |ch: char| ch.is_alphanumeric() || "_:.#$%&-+?<>~/".contains(ch);
    let len = rest.find(|ch: char| !inner_ok(ch)).unwrap_or(rest.len());
    // Internal punctuation only: a key does not end in it.
    let key = rest[..len].trim_end_matches(|ch: char| !ch.is_alphanumeric() && ch != '_');
    (!key.is_empty()).then_some((sign, sign + 1 + key.len(), key))
}

/// `@key [p. 150]`; several years after one set of names keep the names as written:
/// `Finley [-@a; -@b]`; several narrative keys of one command: `@a and @b`.
fn convert_narrative(text: &str, unit: &Unit, input: Written) -> String {
    if let [c] = unit.cites.as_slice() {
        return in_text(c, input);
    }
    let group = unit.cites[0].group.unwrap_or((unit.end, unit.end));
    if text[group.0..].starts_with('(') {
        let mut names = String::new();
        push_text(&mut names, text[unit.start..group.0].trim(), input);
        let items: Vec<String> = unit
            .cites
            .iter()
            .map(|c| {
                let mut item = format!("-{}", key_ref(c));
                push_locator(&mut item, c, input);
                item
            })
            .collect();
        return format!("{names} [{}]", items.join("; "));
    }
    let keys: Vec<String> = unit.cites.iter().map(|c| in_text(c, input)).collect();
    match keys.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => keys.concat(),
    }
}

/// One in-text citation: `@key`, or `@key [p. 150]` with a locator.
fn in_text(c: &Citation, input: Written) -> String {
    let mut loc = String::new();
    push_locator(&mut loc, c, input);
    match loc.strip_prefix(", ") {
        Some(l) => format!("{} [{l}]", key_ref(c)),
        None => key_ref(c),
    }
}

/// The citation's key as `@key`, or `@{key}` when the key holds characters pandoc would not read as part of it
/// (it allows letters, digits, `_` and internal `:.#$%&-+?<>~/`).
fn key_ref(c: &Citation) -> String {
    key_text(c.resolution.source.as_deref().unwrap_or(""))
}

/// `@key` or `@{key}` for a key.
pub(super) fn key_text(key: &str) -> String {
    let inner_ok = |ch: char| ch.is_ascii_alphanumeric() || "_:.#$%&-+?<>~/".contains(ch);
    let edge_ok = |ch: Option<char>| ch.is_some_and(|ch| ch.is_ascii_alphanumeric() || ch == '_');
    if edge_ok(key.chars().next()) && edge_ok(key.chars().last()) && key.chars().all(inner_ok) {
        format!("@{key}")
    } else {
        format!("@{{{key}}}")
    }
}

/// `, p. 24` with the locator term pandoc recognises (English CSL terms; citeproc makes
/// them plural for ranges). A date has no CSL term: it is written bare, which pandoc reads as
/// a page when it starts with a digit (styles that print "p." will print it).
pub(super) fn push_locator(item: &mut String, c: &Citation, input: Written) {
    let Some(l) = &c.locator else { return };
    let canonical = match l.label {
        LocatorLabel::Page => "p.",
        LocatorLabel::Chapter => "chap.",
        LocatorLabel::Section => "sec.",
        LocatorLabel::Note => "n.",
        LocatorLabel::Folio => "fol.",
        LocatorLabel::Line => "l.",
        LocatorLabel::Paragraph => "para.",
        LocatorLabel::Volume => "vol.",
        LocatorLabel::Figure => "fig.",
        LocatorLabel::Date => "",
    };
    let term = written_term(c, l.label).unwrap_or(canonical);
    // A value pandoc would cut at its comma or semicolon ("IV, 2") is braced with its label,
    // as pandoc reads such a locator: `{p. IV, 2}`.
    let value = l.value.trim();
    let braced = value.contains([',', ';', '[', ']', '{', '}']);
    item.push_str(if braced { ", {" } else { ", " });
    if !term.is_empty() {
        item.push_str(term);
        item.push(' ');
    }
    push_text(item, &value.replace(['{', '}'], ""), input);
    if braced {
        item.push('}');
    }
}

/// The locator's label as the citation wrote it, when pandoc reads it as that label: "pp.
/// 14-16" stays "pp.", "§ 2" stays "§"; "ch." (not a CSL term) is written "chap.".
fn written_term(c: &Citation, label: LocatorLabel) -> Option<&str> {
    let terms: &[&str] = match label {
        LocatorLabel::Page => &["p.", "pp.", "page", "pages"],
        LocatorLabel::Chapter => &["chap.", "chaps.", "chapter", "chapters"],
        LocatorLabel::Section => &["sec.", "secs.", "section", "sections", "§", "§§"],
        LocatorLabel::Note => &["n.", "nn.", "note", "notes"],
        LocatorLabel::Folio => &["fol.", "fols.", "folio", "folios"],
        LocatorLabel::Line => &["l.", "ll.", "line", "lines"],
        LocatorLabel::Paragraph => &["para.", "paras.", "paragraph", "paragraphs", "¶", "¶¶"],
        LocatorLabel::Volume => &["vol.", "vols.", "volume", "volumes"],
        LocatorLabel::Figure => &["fig.", "figs.", "figure", "figures"],
        LocatorLabel::Date => &[],
    };
    let marker = c.marker.as_deref()?;
    let value = c.locator.as_ref()?.value.trim();
    let before = marker[..marker.rfind(value)?].trim_end();
    let token = before
        .rsplit(|ch: char| ch.is_whitespace() || matches!(ch, ',' | '(' | '[' | ';'))
        .next()?;
    terms.iter().copied().find(|t| *t == token)
}

/// Text after a marker, inside the group: appended to the item it follows.
fn push_suffix(item: &mut String, tail: &str, input: Written) {
    let tail = tail.trim_start_matches([',', ';', ' ']).trim_end();
    if tail.is_empty() {
        return;
    }
    item.push_str(", ");
    push_text(item, tail, input);
}

/// Free text inside a citation: escaped as plain text, or (Markdown input) only its `;`.
fn push_text(out: &mut String, text: &str, input: Written) {
    if input == Written::Markdown {
        out.push_str(&text.replace(';', "\\;"));
    } else {
        escape_into(out, text, false, false, true);
    }
}
