//! Formatted text runs: hayagriva's element tree walked into stretches of text with one
//! formatting each, and those written as plain text, Markdown or HTML with our escaping.
//!
//! This file owns the walk (including the repair of Chicago's editor lists that hayagriva
//! 0.10 gets wrong) and the escaping of formatted references. It does not choose styles or
//! build entries (`bibliography.rs`, `entry.rs`).

use hayagriva::citationberg::taxonomy::NameVariable;
use hayagriva::citationberg::{FontStyle, FontVariant, FontWeight, VerticalAlign};
use hayagriva::{BibliographyItem, Elem, ElemChild, ElemChildren, ElemMeta, Formatting};

use crate::render::listing::markdown_escape;

/// A stretch of formatted text with one formatting.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Run {
    pub(super) text: String,
    italic: bool,
    bold: bool,
    small_caps: bool,
    sup: bool,
    sub: bool,
    /// The target when the run is a link (a DOI or URL).
    link: Option<String>,
}

impl Run {
    fn same_format(&self, other: &Run) -> bool {
        (
            self.italic,
            self.bold,
            self.small_caps,
            self.sup,
            self.sub,
            &self.link,
        ) == (
            other.italic,
            other.bold,
            other.small_caps,
            other.sup,
            other.sub,
            &other.link,
        )
    }
}

impl Run {
    fn plain(text: &str) -> Run {
        Run {
            text: text.to_string(),
            ..Run::default()
        }
    }

    fn formatted(text: &str, f: &Formatting) -> Run {
        Run {
            text: text.to_string(),
            italic: f.font_style == FontStyle::Italic,
            bold: f.font_weight == FontWeight::Bold,
            small_caps: f.font_variant == FontVariant::SmallCaps,
            sup: f.vertical_align == VerticalAlign::Sup,
            sub: f.vertical_align == VerticalAlign::Sub,
            link: None,
        }
    }
}

/// Escapes text for HTML content and double-quoted attribute values alike.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The runs of one formatted bibliography item. `repair_editors`: see
/// [`Walker::editors_repair`] (the Chicago styles need it).
pub(super) fn walk(item: &BibliographyItem, repair_editors: bool) -> Vec<Run> {
    let mut walker = Walker {
        runs: Vec::new(),
        repair_editors,
        swallow_period: false,
    };
    if let Some(first) = &item.first_field {
        walker.child(first);
        push_run(&mut walker.runs, Run::plain(" "));
    }
    walker.children(&item.content);
    for run in &mut walker.runs {
        if run.text.contains(".-") {
            run.text = hyphenated_initials(&run.text);
        }
    }
    walker.runs
}

/// hayagriva 0.10 initialises a hyphenated given name only up to the hyphen when the part
/// after it is lowercase, printing "Han, S.-joo" (or "S.- joo") for Sung-joo; APA (and CSL's
/// initialize-with-hyphen) want "S.-J.". An initial, `.-`, then a lowercase word is that
/// mistake and nothing else a reference would print, so the word becomes its initial.
pub(super) fn hyphenated_initials(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        out.push(chars[i]);
        let is_initial = chars[i].is_uppercase()
            && (i == 0 || !chars[i - 1].is_alphabetic())
            && chars.get(i + 1) == Some(&'.')
            && chars.get(i + 2) == Some(&'-');
        if !is_initial {
            i += 1;
            continue;
        }
        // Styles that initialise with "." and no space print "S.- joo".
        let word_start = if chars.get(i + 3) == Some(&' ') {
            i + 4
        } else {
            i + 3
        };
        let mut end = word_start;
        while end < chars.len() && chars[end].is_lowercase() {
            end += 1;
        }
        let ends_word = chars.get(end).is_none_or(|c| !c.is_alphabetic());
        if end == word_start || !ends_word {
            i += 1;
            continue;
        }
        out.push_str(".-");
        out.extend(chars[word_start].to_uppercase());
        if chars.get(end) != Some(&'.') {
            out.push('.');
        }
        i = end;
    }
    out
}

/// Walks hayagriva's element tree into runs of formatted text.
struct Walker {
    runs: Vec<Run>,
    /// Whether to repair a leading editors-only name list (see [`Walker::editors_repair`]).
    repair_editors: bool,
    /// The repaired names end in "ed." or "eds.": the style's own period after the names
    /// is then dropped once, as a CSL processor collapses doubled punctuation.
    swallow_period: bool,
}

impl Walker {
    fn children(&mut self, children: &ElemChildren) {
        for child in &children.0 {
            self.child(child);
        }
    }

    fn child(&mut self, child: &ElemChild) {
        match child {
            ElemChild::Text(t) => {
                let mut text = t.text.as_str();
                if std::mem::take(&mut self.swallow_period) {
                    text = text.strip_prefix('.').unwrap_or(text);
                }
                push_run(&mut self.runs, Run::formatted(text, &t.formatting));
            }
            ElemChild::Elem(e) => {
                if let Some(names) = self.editors_repair(e) {
                    push_run(&mut self.runs, Run::plain(&names));
                    self.swallow_period = true;
                    return;
                }
                // A block-level element (some styles split an entry into blocks) starts
                // after a space in running text.
                if e.display.is_some() && self.runs.last().is_some_and(|r| !r.text.ends_with(' ')) {
                    push_run(&mut self.runs, Run::plain(" "));
                }
                self.children(&e.children);
            }
            // Typst markup (from math chunks) has no meaning here: keep it as text.
            ElemChild::Markup(m) => push_run(&mut self.runs, Run::plain(m)),
            ElemChild::Link { text, url } => {
                let mut run = Run::formatted(&text.text, &text.formatting);
                run.link = Some(url.clone());
                push_run(&mut self.runs, run);
            }
            ElemChild::Transparent { .. } => {}
        }
    }

    /// hayagriva 0.10 drops the name options when the Chicago styles substitute editors for
    /// a missing author (typst/hayagriva#444): an edited volume starts "G. L. Curtis,
    /// S.-joo Han." with no "eds.". When an entry opens with such a list, this gives the
    /// Chicago form instead: "Curtis, Gerald L., and Sung-joo Han, eds." It stands aside
    /// once hayagriva inverts the first name itself, so a fixed hayagriva is not doubled.
    fn editors_repair(&self, e: &Elem) -> Option<String> {
        if !self.repair_editors || !self.runs.iter().all(|r| r.text.trim().is_empty()) {
            return None;
        }
        let Some(ElemMeta::Names(lists)) = &e.meta else {
            return None;
        };
        let [(persons, NameVariable::Editor)] = lists.as_slice() else {
            return None;
        };
        let first = persons.first()?;
        let rendered: String = plain_text(&e.children);
        if rendered.starts_with(&format!("{}, ", first.name)) {
            return None;
        }
        Some(chicago_names(persons))
    }
}

/// The text of elements without formatting.
fn plain_text(children: &ElemChildren) -> String {
    let mut w = Walker {
        runs: Vec::new(),
        repair_editors: false,
        swallow_period: false,
    };
    w.children(children);
    w.runs.into_iter().map(|r| r.text).collect()
}

/// Editors as a Chicago bibliography lists them (CMOS 17 14.76, 14.103): the first name
/// inverted, the others in natural order, "and" before the last (with a comma from three
/// names on, and for two since the first is inverted), then "ed." or "eds."; more than ten
/// names are cut to seven and "et al." (14.76).
pub(super) fn chicago_names(persons: &[hayagriva::types::Person]) -> String {
    let shown = if persons.len() > 10 {
        &persons[..7]
    } else {
        persons
    };
    let mut names: Vec<String> = Vec::with_capacity(shown.len());
    for (k, p) in shown.iter().enumerate() {
        let given = p.given_name.as_deref().unwrap_or_default();
        let prefix = p.prefix.as_deref().unwrap_or_default();
        let suffix = p.suffix.as_deref().unwrap_or_default();
        let name = if k == 0 {
            // Inverted; a particle follows the given name (the styles demote particles).
            let mut s = p.name.clone();
            let rest = [given, prefix]
                .iter()
                .filter(|x| !x.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(" ");
            if !rest.is_empty() {
                s.push_str(", ");
                s.push_str(&rest);
            }
            if !suffix.is_empty() {
                s.push_str(", ");
                s.push_str(suffix);
            }
            s
        } else {
            [given, prefix, &p.name, suffix]
                .iter()
                .filter(|x| !x.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(" ")
        };
        names.push(name);
    }
    let mut out = match names.len() {
        0 => String::new(),
        1 => names[0].clone(),
        n if persons.len() > 10 => format!("{} et al.", names[..n].join(", ")),
        n => format!("{}, and {}", names[..n - 1].join(", "), names[n - 1]),
    };
    out.push_str(if persons.len() == 1 {
        ", ed."
    } else {
        ", eds."
    });
    out
}

fn push_run(runs: &mut Vec<Run>, run: Run) {
    if run.text.is_empty() {
        return;
    }
    match runs.last_mut() {
        Some(last) if last.same_format(&run) => last.text.push_str(&run.text),
        _ => runs.push(run),
    }
}

/// Markdown of runs: italic as `*...*`, bold as `**...**`, links as `[text](url)`. Spaces at
/// the edge of an emphasis are moved outside it, where Markdown needs them.
pub(super) fn markdown_runs(runs: &[Run]) -> String {
    let mut out = String::new();
    for r in runs {
        let lead = &r.text[..r.text.len() - r.text.trim_start().len()];
        let trimmed = r.text.trim();
        let tail = &r.text[lead.len() + trimmed.len()..];
        let mut body = markdown_escape(trimmed);
        if !trimmed.is_empty() {
            if r.bold {
                body = format!("**{body}**");
            }
            if r.italic {
                body = format!("*{body}*");
            }
            if let Some(url) = r.link.as_deref().filter(|u| is_web_url(u)) {
                // An autolink shows the URL as it is (no escapes are read inside one).
                body = if trimmed == url && !url.contains(['<', '>', ' ']) && !r.italic && !r.bold {
                    format!("<{url}>")
                } else {
                    let target = url
                        .replace('(', "%28")
                        .replace(')', "%29")
                        .replace(' ', "%20");
                    format!("[{body}]({target})")
                };
            }
        }
        out.push_str(lead);
        out.push_str(&body);
        out.push_str(tail);
    }
    block_start_escape(&out)
}

/// Escapes what would make the start of a Markdown block something else: a heading (`#`), a
/// list (`+`, `-`, `1984.`), a thematic break or setext underline (`=`). A reference whose
/// title comes first ("1984. London: Secker, 1949.") stays a paragraph.
pub(super) fn block_start_escape(s: &str) -> String {
    let digits = s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    match s[digits..].chars().next() {
        Some(c @ ('.' | ')')) if digits > 0 => format!("{}\\{c}{}", &s[..digits], &s[digits + 1..]),
        Some('#' | '+' | '-' | '=') if digits == 0 => format!("\\{s}"),
        _ => s.to_string(),
    }
}

/// HTML of runs, every text escaped; only http(s) links become anchors, so a `javascript:`
/// URL in a user's entry stays inert text.
pub(super) fn html_runs(runs: &[Run]) -> String {
    let mut out = String::new();
    for r in runs {
        let mut body = escape_html(&r.text);
        for (on, open, close) in [
            (r.italic, "<i>", "</i>"),
            (r.bold, "<b>", "</b>"),
            (r.small_caps, "<span class=\"sc\">", "</span>"),
            (r.sup, "<sup>", "</sup>"),
            (r.sub, "<sub>", "</sub>"),
        ] {
            if on {
                body = format!("{open}{body}{close}");
            }
        }
        if let Some(url) = r.link.as_deref().filter(|u| is_web_url(u)) {
            body = format!("<a href=\"{}\">{body}</a>", escape_html(url));
        }
        out.push_str(&body);
    }
    out
}

fn is_web_url(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}
