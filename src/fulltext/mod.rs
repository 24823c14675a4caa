//! A source's full text, page by page: splitting extracted text into pages, finding the page
//! numbers printed on them, and looking for a claim's quotation or content on the pages it
//! cites (issue 15). Pure functions over text: running `pdftotext` is the caller's.
//!
//! Printed numbers differ from the file's pages (an offprint prints 233 on its first page), so
//! they are found, in order, from: the number the user gives (`--first-page`); running headers
//! or footers (a number alone at the start or end of a page's first or last lines that grows
//! with the page, agreed by most pages); the entry's own `pages` field when it has as many
//! pages as the file; else the file's pages, said to be a guess.

use std::collections::{HashMap, HashSet};

use crate::model::{Attachment, Page};
use crate::suggest::words;

/// The largest file `annobib attach` reads (documented in docs/attach.md).
pub const MAX_BYTES: u64 = 256 * 1024 * 1024;

/// How a text's pages were numbered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Numbering {
    /// The user gave the first page's number.
    Given(u32),
    /// Running headers or footers: printed = physical + offset.
    Running(i64),
    /// The entry's `pages` range starts at this number and has as many pages as the file.
    EntryPages(u32),
    /// No printed numbers found: the file's own pages.
    Physical,
}

impl Numbering {
    /// The words stored with the attachment and shown to the user.
    pub fn describe(&self) -> String {
        match self {
            Numbering::Given(n) => format!("--first-page {n}"),
            Numbering::Running(_) => "running headers or footers".into(),
            Numbering::EntryPages(n) => format!("the entry's pages (from {n})"),
            Numbering::Physical => {
                "the file's own pages (a guess: no printed numbers found)".into()
            }
        }
    }

    fn label(&self, physical: u32) -> String {
        let offset = match self {
            Numbering::Given(n) | Numbering::EntryPages(n) => i64::from(*n) - 1,
            Numbering::Running(d) => *d,
            Numbering::Physical => 0,
        };
        (i64::from(physical) + offset).to_string()
    }
}

/// Splits text into pages: at form feeds (as `pdftotext` writes them; a last empty page
/// after the final form feed is dropped); without any, at top-level Markdown headings (`# `,
/// `## `), a section a page; else the whole text is one page.
pub fn split_pages(text: &str) -> Vec<String> {
    if text.contains('\u{c}') {
        let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
        if pages.last().is_some_and(|p| p.trim().is_empty()) {
            pages.pop();
        }
        return pages;
    }
    let mut pages: Vec<String> = Vec::new();
    let mut current = String::new();
    for line in text.split_inclusive('\n') {
        let heading = line.starts_with("# ") || line.starts_with("## ");
        if heading && !current.trim().is_empty() {
            pages.push(std::mem::take(&mut current));
        }
        current.push_str(line);
    }
    if !current.trim().is_empty() || pages.is_empty() {
        pages.push(current);
    }
    pages
}

/// A number standing alone at the start or end of one of the page's first or last two
/// non-empty lines (a running head "233 THE ALLIANCE", a foot "— 234 —").
fn printed_numbers(page: &str) -> Vec<u32> {
    let lines: Vec<&str> = page
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let n = lines.len();
    let mut edge: Vec<&str> = lines.iter().take(2).copied().collect();
    edge.extend(lines.iter().skip(n.saturating_sub(2).max(2)).copied());
    let mut out = Vec::new();
    for line in edge {
        // A line that is a number and nothing else ("— 234 —", "[12]").
        let bare: String = line.chars().filter(|c| c.is_alphanumeric()).collect();
        if !bare.is_empty()
            && bare.len() <= 5
            && bare.bytes().all(|b| b.is_ascii_digit())
            && let Ok(v) = bare.parse()
        {
            out.push(v);
            continue;
        }
        let tokens: Vec<&str> = line.split_whitespace().collect();
        for candidate in [tokens.first(), tokens.last()].into_iter().flatten() {
            let digits = candidate.trim_matches(|c: char| !c.is_ascii_digit());
            if !digits.is_empty()
                && digits.len() <= 5
                && digits.bytes().all(|b| b.is_ascii_digit())
                && !candidate.chars().any(char::is_alphabetic)
                && let Ok(v) = digits.parse()
            {
                out.push(v);
            }
        }
    }
    out
}

/// How `pages` are numbered (see the module's comment).
pub fn numbering(pages: &[String], entry_pages: Option<&str>, first: Option<u32>) -> Numbering {
    if let Some(n) = first {
        return Numbering::Given(n);
    }
    // Running numbers: the offset most pages agree on.
    let mut votes: HashMap<i64, usize> = HashMap::new();
    for (i, p) in pages.iter().enumerate() {
        let physical = i as i64 + 1;
        let mut seen = Vec::new();
        for v in printed_numbers(p) {
            let d = i64::from(v) - physical;
            if !seen.contains(&d) {
                seen.push(d);
                *votes.entry(d).or_default() += 1;
            }
        }
    }
    if let Some((&d, &n)) = votes.iter().max_by_key(|(d, n)| (**n, -d.abs()))
        && pages.len() >= 2
        && n * 2 > pages.len()
        && d > -(pages.len() as i64)
    {
        return Numbering::Running(d);
    }
    // The entry's own range, when it spans as many pages as the file has.
    if let Some((start, end)) = entry_pages.and_then(range_of)
        && end >= start
        && (end - start + 1) as usize == pages.len()
    {
        return Numbering::EntryPages(start);
    }
    Numbering::Physical
}

/// "233--250" as (233, 250).
fn range_of(pages: &str) -> Option<(u32, u32)> {
    let mut parts = pages
        .split(['-', '–', '—'])
        .map(str::trim)
        .filter(|p| !p.is_empty());
    let start: u32 = parts.next()?.parse().ok()?;
    let end: u32 = parts.next().map_or(Some(start), |e| e.parse().ok())?;
    Some((start, end))
}

/// The attachment of `key` made of `text` (already extracted), numbered.
pub fn attachment(
    key: &str,
    file: &str,
    kind: &str,
    text: &str,
    entry_pages: Option<&str>,
    first: Option<u32>,
) -> Attachment {
    let pages = split_pages(text);
    let how = numbering(&pages, entry_pages, first);
    Attachment {
        key: key.to_string(),
        file: file.to_string(),
        kind: kind.to_string(),
        numbering: how.describe(),
        pages: pages
            .into_iter()
            .enumerate()
            .map(|(i, text)| {
                let physical = i as u32 + 1;
                Page {
                    physical,
                    label: how.label(physical),
                    text,
                }
            })
            .collect(),
    }
}

/// Most pages one range of a locator is read for ("1-100000" is a typo, not a request).
const MAX_RANGE: u32 = 1000;

/// The arabic page numbers a page locator names, range by range (each at most
/// [`MAX_RANGE`] pages); none for another label (a chapter, a section).
pub fn cited_numbers(locator: &crate::model::Locator) -> Vec<u32> {
    if locator.label != crate::model::LocatorLabel::Page {
        return Vec::new();
    }
    locator
        .pages
        .iter()
        .filter(|r| !r.roman)
        .flat_map(|r| r.start..=r.end.min(r.start + MAX_RANGE))
        .collect()
}

/// Why the pages a page locator cites are not in `att` (one reason, naming the pages missing
/// and the pages the text has); empty when they all are, or when the locator is no page.
pub fn pages_not_attached(locator: &crate::model::Locator, att: &Attachment) -> Vec<String> {
    let missing: Vec<String> = cited_numbers(locator)
        .into_iter()
        .filter(|&n| att.page(n).is_none())
        .map(|n| n.to_string())
        .collect();
    if missing.is_empty() {
        return Vec::new();
    }
    let shown = if missing.len() > 6 {
        format!(
            "{} … {}",
            missing[..3].join(", "),
            missing[missing.len() - 1]
        )
    } else {
        missing.join(", ")
    };
    vec![format!(
        "the text attached from {} has pages {}, not {shown}",
        att.file,
        att.range()
    )]
}

/// Text as compared when looking for a quotation: lowercase letters and digits, words joined
/// by single spaces, a word hyphenated across a line end joined again, quotation marks and
/// other punctuation dropped.
pub fn comparable(text: &str) -> String {
    let joined = text.replace("-\n", "").replace("\u{AD}\n", "");
    let mut out = String::with_capacity(joined.len());
    let mut space = true;
    for c in joined.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
            space = false;
        } else if !space && (c.is_whitespace() || c == '-' || c == '—' || c == '–') {
            out.push(' ');
            space = true;
        }
    }
    out.trim_end().to_string()
}

/// The quotations of a claim: text between double quotation marks (straight or curly) of at
/// least four words (shorter ones are terms, titles or scare quotes).
pub fn quotations(claim: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    for (i, c) in claim.char_indices() {
        match (c, open) {
            ('“', _) => open = Some(i + c.len_utf8()),
            ('"', None) => open = Some(i + 1),
            ('”' | '"', Some(start)) => {
                let q = claim[start..i].trim();
                if q.split_whitespace().count() >= 4 {
                    out.push(q.to_string());
                }
                open = None;
            }
            _ => {}
        }
    }
    out
}

/// An attachment read once for the comparisons a check makes with many claims: each page's
/// text as quotations are compared ([`comparable`]) and its content words.
pub struct Prepared<'a> {
    /// The attachment.
    pub attachment: &'a Attachment,
    comparable: Vec<String>,
    words: Vec<HashSet<String>>,
}

impl<'a> Prepared<'a> {
    /// Reads `attachment`'s pages.
    pub fn new(attachment: &'a Attachment) -> Prepared<'a> {
        Prepared {
            attachment,
            comparable: attachment
                .pages
                .iter()
                .map(|p| comparable(&p.text))
                .collect(),
            words: attachment.pages.iter().map(|p| words(&p.text)).collect(),
        }
    }

    /// Each page's content words (as `suggest::words` reads them), in page order.
    pub fn words(&self) -> &[HashSet<String>] {
        &self.words
    }

    /// Where a quotation is: the pages (their printed numbers) that hold it. A quotation may
    /// run over a page break, so each page is also tried joined with the next.
    pub fn quoting(&self, quote: &str) -> Vec<&'a str> {
        let q = comparable(quote);
        if q.is_empty() {
            return Vec::new();
        }
        let texts = &self.comparable;
        let mut out = Vec::new();
        for (i, p) in self.attachment.pages.iter().enumerate() {
            let here = &texts[i];
            // Over the break: in this page and the next together, but not in the next alone.
            let found = here.contains(&q)
                || texts.get(i + 1).is_some_and(|next| {
                    !next.contains(&q) && format!("{here} {next}").contains(&q)
                });
            if found {
                out.push(p.label.as_str());
            }
        }
        out
    }
}

#[cfg(test)]
mod tests;
