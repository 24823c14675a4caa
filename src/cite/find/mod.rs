//! Finding the inline citation markers of a text (a sentence or a paragraph).
//!
//! Owns: [`find`], which walks a text once for LaTeX commands, once for parenthesis and
//! bracket groups, and once each for bare pandoc keys and back-references, and hands each
//! candidate to the rules of its style (one module per style below). Every citation it returns
//! says in `detected` which rule took it. Not here: locator grammar (`cite::locator`), name
//! word classes (`cite::name`), and matching markers to library sources (resolution).
//!
//! Order of the rules inside a group item: back-reference, pandoc key, author-date, MLA
//! author-page, free-form note. The first that reads the whole item wins; an item no rule
//! reads is prose ("(see below)", "(ROK)") and yields nothing.
//!
//! Cost: each pass is linear in the text; a group's content is read a bounded number of times
//! and groups longer than `MAX_GROUP` bytes are not read as citations (their inner groups
//! still are), so a 1 MB text costs a few milliseconds.

mod authordate;
mod group;
mod ibid;
mod latex;
pub mod listnames;
mod note;
pub mod notebody;
pub mod numeric;
mod pandoc;

use crate::model::{Citation, CitationStyle, Locator, MarkerParts};

use group::Group;

/// Longest group content read as a list of citations; longer groups are prose.
const MAX_GROUP: usize = 1000;

/// The inline citation markers of `text`, in text order, with spans into `text`.
pub fn find(text: &str) -> Vec<Citation> {
    let mut found = latex::find(text);
    let groups = group::scan(text);
    let taken = Taken::new(&found);
    let mut covered = 0;
    for g in &groups {
        // A group inside an accepted one, or a LaTeX command's [option], is already read.
        if g.start < covered || taken.contains(g.start) {
            continue;
        }
        let cites = classify(text, g);
        if !cites.is_empty() {
            covered = g.end;
            found.extend(cites);
        }
    }
    let taken = Taken::new(&found);
    append(&mut found, pandoc::bare(text, &groups, &taken));
    let taken = Taken::new(&found);
    append(&mut found, ibid::bare(text, &taken));
    // In place: a stable sort would borrow half the list again (10^5 bare "ibid.").
    found.sort_unstable_by_key(|c| c.span.unwrap_or((0, 0)));
    // Rules do not overlap by construction; this keeps the promise if one ever did.
    let mut last_end = 0;
    found.retain(|c| {
        let (s, e) = c.span.unwrap_or((0, 0));
        let keep = s >= last_end;
        if keep {
            last_end = e;
        }
        keep
    });
    // A citation is some 340 bytes: a vector grown by doubling may hold twice what it needs.
    found.shrink_to_fit();
    found
}

/// Adds `more` to `found`, taking `more`'s buffer when `found` is empty: a text of 10^5
/// bare "ibid." markers would otherwise hold both vectors of citations at once.
fn append(found: &mut Vec<Citation>, more: Vec<Citation>) {
    if found.is_empty() {
        *found = more;
    } else {
        found.extend(more);
    }
}

/// Reads one group: a narrative year ("(1983)" after a name), else each ";"-item in turn.
fn classify(text: &str, g: &Group) -> Vec<Citation> {
    let (cs, ce) = g.inner();
    if ce - cs > MAX_GROUP || is_link(text, g) {
        return Vec::new();
    }
    if g.open == b'('
        && let Some(cites) = authordate::narrative(text, g)
    {
        return cites;
    }
    let mut out = Vec::new();
    for (s, e) in group::split_top(text, cs, ce, b';') {
        let item = Item::new(text, s, e, g);
        if let Some(c) = ibid::item(&item) {
            out.push(c);
        } else if let Some(c) = pandoc::item(&item) {
            out.push(c);
        } else if let Some(cites) = authordate::item(&item) {
            out.extend(cites);
        } else if let Some(c) = authordate::mla(&item) {
            out.push(c);
        } else if let Some(c) = note::item(&item) {
            out.push(c);
        } else if let Some(cites) = out.last().and_then(|p| authordate::continued(&item, p)) {
            out.extend(cites);
        }
    }
    out
}

/// A Markdown link or image: "[text](url)" — neither half is a citation.
fn is_link(text: &str, g: &Group) -> bool {
    let bytes = text.as_bytes();
    match g.open {
        b'[' => bytes.get(g.end) == Some(&b'('),
        _ => g.start > 0 && bytes[g.start - 1] == b']',
    }
}

/// One ";"-separated item of a group, with its leading signal ("see also") split off.
struct Item<'a> {
    text: &'a str,
    /// Start of the item, signal included.
    start: usize,
    /// End of the item (trimmed).
    end: usize,
    /// Start of the item after its signal.
    body: usize,
    /// The signal as written, without a trailing comma.
    prefix: Option<&'a str>,
    /// The enclosing group's span.
    group: (usize, usize),
    /// `b'('` or `b'['`.
    open: u8,
}

impl<'a> Item<'a> {
    fn new(text: &'a str, start: usize, end: usize, g: &Group) -> Self {
        let (signal, body) = group::prefix(text, start, end);
        Item {
            text,
            start,
            end,
            body,
            prefix: signal.map(|(s, e)| &text[s..e]),
            group: (g.start, g.end),
            open: g.open,
        }
    }

    /// The text after the signal.
    fn body_str(&self) -> &'a str {
        &self.text[self.body..self.end]
    }

    /// "parentheses" or "brackets", for `detected`.
    fn within(&self) -> &'static str {
        if self.open == b'(' {
            "parentheses"
        } else {
            "brackets"
        }
    }

    /// Parts with this item's signal already filled in.
    fn parts(&self) -> MarkerParts {
        MarkerParts {
            prefix: self.prefix.map(str::to_string),
            ..MarkerParts::default()
        }
    }

    /// A citation for `span` inside this item's group.
    fn cite(
        &self,
        span: (usize, usize),
        style: CitationStyle,
        detected: String,
        parts: MarkerParts,
        locator: Option<Locator>,
    ) -> Citation {
        citation(
            self.text,
            span,
            Some(self.group),
            style,
            detected,
            parts,
            locator,
        )
    }
}

/// Builds an inline citation; the one place that fills a `Citation`'s finder fields.
fn citation(
    text: &str,
    span: (usize, usize),
    group: Option<(usize, usize)>,
    style: CitationStyle,
    detected: String,
    parts: MarkerParts,
    locator: Option<Locator>,
) -> Citation {
    let mut c = Citation::inline(&text[span.0..span.1], span, style);
    c.group = group;
    c.detected = Some(detected);
    c.parts = parts.into();
    c.locator = locator;
    c
}

/// Byte ranges already read as citations (their groups, or their spans when they have none),
/// merged and sorted so a lookup is a binary search.
struct Taken(Vec<(usize, usize)>);

impl Taken {
    fn new(found: &[Citation]) -> Self {
        let mut spans: Vec<(usize, usize)> = found
            .iter()
            .flat_map(|c| [c.span, c.group])
            .flatten()
            .collect();
        spans.sort_unstable();
        let mut merged: Vec<(usize, usize)> = Vec::with_capacity(spans.len());
        for (s, e) in spans {
            match merged.last_mut() {
                Some(last) if s <= last.1 => last.1 = last.1.max(e),
                _ => merged.push((s, e)),
            }
        }
        Taken(merged)
    }

    fn contains(&self, pos: usize) -> bool {
        let i = self.0.partition_point(|&(s, _)| s <= pos);
        i > 0 && pos < self.0[i - 1].1
    }
}

#[cfg(test)]
pub(super) mod testing {
    //! The table format the style modules' tests share: a citation rendered on one line.

    use crate::model::Citation;

    /// `style "marker" pre=.. a=A;B t=.. pl=.. pub=.. y=.. k=.. loc=label value`, with the
    /// finder's invariants checked on the way (span slices to the marker, the group holds it).
    pub fn show(text: &str, c: &Citation) -> String {
        let marker = c.marker.as_deref().unwrap_or_default();
        let (s, e) = c.span.expect("inline citations have spans");
        assert_eq!(&text[s..e], marker, "span must slice to the marker");
        if let Some((gs, ge)) = c.group {
            let delim = &text[gs..gs + 1];
            assert!(
                delim == "(" || delim == "[" || delim == "\\",
                "group opens at {delim}"
            );
            assert!(
                gs < e && s < ge,
                "group {gs}..{ge} must meet the span {s}..{e}"
            );
        }
        assert!(
            c.detected.as_deref().is_some_and(|d| !d.is_empty()),
            "detected is said"
        );
        let style = c.style.map_or("?", |s| s.as_str());
        let mut out = format!("{style} {marker:?}");
        let p = &c.parts;
        let fields = [
            ("pre", p.prefix.clone()),
            ("a", (!p.authors.is_empty()).then(|| p.authors.join(";"))),
            ("t", p.title.clone()),
            ("pl", p.place.clone()),
            ("pub", p.publisher.clone()),
            ("y", p.year.clone()),
            ("k", p.key.clone()),
            (
                "loc",
                c.locator
                    .as_ref()
                    .map(|l| format!("{} {}", l.label.as_str(), l.value)),
            ),
        ];
        for (name, value) in fields {
            if let Some(v) = value {
                out.push_str(&format!(" {name}={v}"));
            }
        }
        out
    }

    /// Runs `find` on each input and compares the rendered citations, joined with " | ".
    pub fn check(cases: &[(&str, &str)]) {
        for (input, want) in cases {
            let got: Vec<String> = super::find(input).iter().map(|c| show(input, c)).collect();
            assert_eq!(got.join(" | "), *want, "input {input:?}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::testing::check;

    #[test]
    #[rustfmt::skip]
    fn mixed_paragraphs() {
        check(&[
            ("As Finley (1983) notes, the pact held (see Reid 2012, 46) [@han2010, ch. 1].", r#"narrative "Finley (1983)" a=Finley y=1983 | author-date "see Reid 2012, 46" pre=see a=Reid y=2012 loc=page 46 | pandoc "@han2010, ch. 1" k=han2010 loc=chapter 1"#),
            ("The ROK (Republic of Korea) signed (Finley 150). Ibid. 151.", r#"mla "Finley 150" a=Finley loc=page 150 | ibid "Ibid. 151" loc=page 151"#),
            ("(as Finley (1983) argues)", r#"narrative "Finley (1983)" a=Finley y=1983"#),
            ("Smith (2010) and Jones (2011) agree.", r#"narrative "Smith (2010)" a=Smith y=2010 | narrative "Jones (2011)" a=Jones y=2011"#),
            ("See [the report](https://example.org/a@b) and \\cite{x}.", r#"latex "\\cite{x}" k=x"#),
        ]);
    }
}
