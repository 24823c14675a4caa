//! Author-date citations (Chicago author-date and APA), their narrative form, and MLA
//! author-page citations.
//!
//! Owns three rules:
//! - parenthetical: names, then a year, then more years or a locator: "(Finley 1983, 150)",
//!   "(Smith & Jones, 2010, p. 24)", "(Finley 1983a, 1983b)" (two citations), and APA's quoted
//!   title in place of a missing author: "(“COVID-19 Coronavirus Pandemic,” 2021)";
//! - narrative: a group that starts with a year, right after names: "Finley (1983) argues",
//!   "Smith and Jones (2010, p. 24)";
//! - MLA: names, then a page and nothing else: "(Finley 150)", "(Finley and Han 22–24)".
//!
//! Not here: what counts as a name (`cite::name`), a year or a locator (`cite::locator`).

use super::group::{self, Group};
use super::{Item, citation};
use crate::cite::locator::{is_year, parse_locator, spans_years};
use crate::cite::name;
use crate::model::{Citation, CitationStyle, Locator, LocatorLabel, MarkerParts};

/// The years and locator that follow the names.
struct YearRun {
    /// Each year's span.
    years: Vec<(usize, usize)>,
    /// The locator after the last year, if it reads as one.
    locator: Option<Locator>,
    /// False when text after the years did not read as a locator.
    clean: bool,
}

/// The end of a year token starting at `at` ("2014", "1983a", "n.d.", "in press"), if one is.
fn year_at(text: &str, at: usize, end: usize) -> Option<usize> {
    let s = &text[at..end];
    // "in press" is the one year written as two words.
    let skip = match s.get(..8) {
        Some(h) if h.eq_ignore_ascii_case("in press") => 8,
        _ => 0,
    };
    let token_len = skip
        + s[skip..]
            .find(|c: char| c.is_whitespace() || ",;:)]".contains(c))
            .unwrap_or(s.len() - skip);
    is_year(&s[..token_len]).then_some(at + token_len)
}

/// Reads "1983", "1983a, 1983b", "2010, p. 24", "1983:150", "2020, April 2, 2020" from `at`.
fn year_run(text: &str, at: usize, end: usize) -> Option<YearRun> {
    let mut years = vec![(at, year_at(text, at, end)?)];
    let mut pos = years[0].1;
    loop {
        let rest = &text[pos..end];
        if rest.trim().is_empty() {
            return Some(YearRun {
                years,
                locator: None,
                clean: true,
            });
        }
        let sep = rest.starts_with(',') || rest.starts_with(':');
        if !sep {
            return None;
        }
        let after = pos + 1 + (rest[1..].len() - rest[1..].trim_start().len());
        if rest.starts_with(',')
            && let Some(y_end) = year_at(text, after, end)
        {
            years.push((after, y_end));
            pos = y_end;
            continue;
        }
        // The year slot is filled: what follows is a locator, "2014" included.
        let locator = parse_locator(&text[after..end]);
        let clean = locator.is_some();
        return Some(YearRun {
            years,
            locator,
            clean,
        });
    }
}

/// Names or an APA quoted title before the year: authors, or a title.
fn who(s: &str) -> Option<(Vec<String>, Option<String>)> {
    let s = s.trim().trim_end_matches(',').trim_end();
    let quoted = s
        .strip_prefix(['“', '"', '‘'])
        .and_then(|r| r.strip_suffix(['”', '"', '’']));
    if let Some(title) = quoted {
        let title = title.trim().trim_end_matches([',', '.']).trim_end();
        return (!title.is_empty()).then(|| (Vec::new(), Some(title.to_string())));
    }
    let names = name::in_text(s)?;
    Some((names.authors.iter().map(|a| a.to_string()).collect(), None))
}

/// Parenthetical author-date: "(Finley 1983, 150)", "(Smith et al., 2019, pp. 3–5)".
pub(super) fn item(it: &Item) -> Option<Vec<Citation>> {
    let text = it.text;
    let year_start = tokens(text, it.body, it.end)
        .into_iter()
        .find(|&t| year_at(text, t, it.end).is_some())?;
    let (authors, title) = who(&text[it.body..year_start])?;
    let run = year_run(text, year_start, it.end)?;
    let rule = match title {
        Some(_) => format!("quoted title and year in {}", it.within()),
        None => format!("name and year in {}", it.within()),
    };
    let mut parts = it.parts();
    parts.authors = authors;
    parts.title = title;
    Some(spread(
        text,
        &run,
        it.start,
        it.end,
        |span, year, locator, first| {
            let mut p = parts.clone();
            p.year = Some(year.to_string());
            let detected = if first {
                rule.clone()
            } else {
                "another year after the same names".to_string()
            };
            it.cite(span, CitationStyle::AuthorDate, detected, p, locator)
        },
    ))
}

/// An item that is only years, after an item that named its authors: the "1950, 5" of
/// "(Rhee 1948, 3; 1950, 5)" cites Rhee again.
pub(super) fn continued(it: &Item, previous: &Citation) -> Option<Vec<Citation>> {
    let named = previous.style == Some(CitationStyle::AuthorDate)
        && (!previous.parts.authors.is_empty() || previous.parts.title.is_some());
    if !named {
        return None;
    }
    let run = year_run(it.text, it.body, it.end)?;
    let mut parts = it.parts();
    parts.authors = previous.parts.authors.clone();
    parts.title = previous.parts.title.clone();
    Some(spread(
        it.text,
        &run,
        it.start,
        it.end,
        |span, year, locator, _| {
            let mut p = parts.clone();
            p.year = Some(year.to_string());
            let detected = "year after the previous item's names".to_string();
            it.cite(span, CitationStyle::AuthorDate, detected, p, locator)
        },
    ))
}

/// One citation per year of a run: the first marker starts at `start`, later ones at their
/// year; the locator and the text after it belong to the last.
fn spread(
    text: &str,
    run: &YearRun,
    start: usize,
    end: usize,
    mut make: impl FnMut((usize, usize), &str, Option<Locator>, bool) -> Citation,
) -> Vec<Citation> {
    let last = run.years.len() - 1;
    run.years
        .iter()
        .enumerate()
        .map(|(i, &(ys, ye))| {
            let s = if i == 0 { start } else { ys };
            let e = if i == last { end } else { ye };
            let locator = if i == last { run.locator.clone() } else { None };
            make((s, e), &text[ys..ye], locator, i == 0)
        })
        .collect()
}

/// Narrative: "Finley (1983)", "Smith and Jones (2010, p. 24)". `None` when the group does
/// not open with a year (other rules may read it); an empty list when it does but no names
/// stand before it, or the rest is not a locator ("the season (2020)", "(1817–1862)").
pub(super) fn narrative(text: &str, g: &Group) -> Option<Vec<Citation>> {
    let (cs, ce) = g.inner();
    let (ts, te) = group::trim(text, cs, ce);
    year_at(text, ts, te)?;
    let Some(run) = year_run(text, ts, te).filter(|r| r.clean) else {
        return Some(Vec::new());
    };
    let Some(start) = name::walk_back(text, g.start) else {
        return Some(Vec::new());
    };
    let names_text = text[start..g.start].trim_end();
    let Some(names) = name::in_text(names_text) else {
        return Some(Vec::new());
    };
    let authors: Vec<String> = names.authors.iter().map(|a| a.to_string()).collect();
    // A single year closes with the group; several split the group between them.
    let end = if run.years.len() == 1 { g.end } else { te };
    Some(spread(
        text,
        &run,
        start,
        end,
        |span, year, locator, first| {
            let parts = MarkerParts {
                authors: authors.clone(),
                year: Some(year.to_string()),
                ..MarkerParts::default()
            };
            let detected = if first {
                "name followed by a year in parentheses"
            } else {
                "another year after the same names"
            };
            let group = Some((g.start, g.end));
            citation(
                text,
                span,
                group,
                CitationStyle::Narrative,
                detected.into(),
                parts,
                locator,
            )
        },
    ))
}

/// MLA author-page: names, then a page (or a labelled paragraph, line, chapter) and nothing
/// else. Numbers that label things inside a document ("Figure 6") are kept out by the name
/// rules; a bare upper-case acronym ("COVID 19") is not an author here.
pub(super) fn mla(it: &Item) -> Option<Citation> {
    let text = it.text;
    let toks = tokens(text, it.body, it.end);
    for k in 1..=2usize.min(toks.len().saturating_sub(1)) {
        let loc_start = toks[toks.len() - k];
        let loc_text = &text[loc_start..it.end];
        if is_year(loc_text) {
            return None;
        }
        let Some(locator) = parse_locator(loc_text) else {
            continue;
        };
        let paged = locator.label == LocatorLabel::Page
            && !locator.pages.is_empty()
            && !spans_years(&locator);
        let labelled = k == 2
            && matches!(
                locator.label,
                LocatorLabel::Paragraph | LocatorLabel::Line | LocatorLabel::Chapter
            );
        if !(paged || labelled) {
            continue;
        }
        let names_text = text[it.body..loc_start].trim_end();
        if names_text.ends_with(',') || acronym(names_text) {
            return None;
        }
        let Some(names) = name::in_text(names_text) else {
            continue;
        };
        let mut parts = it.parts();
        parts.authors = names.authors.iter().map(|a| a.to_string()).collect();
        let detected = format!("name and page in {} (MLA)", it.within());
        let span = (it.start, it.end);
        return Some(it.cite(span, CitationStyle::Mla, detected, parts, Some(locator)));
    }
    None
}

/// One upper-case word: "COVID", "FY".
fn acronym(s: &str) -> bool {
    !s.contains(char::is_whitespace) && s.chars().all(|c| c.is_uppercase() || c == '.')
}

/// Start offsets of the whitespace-separated words of `[start, end)`.
fn tokens(text: &str, start: usize, end: usize) -> Vec<usize> {
    name::words(&text[start..end])
        .iter()
        .map(|&(offset, _)| start + offset)
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::cite::find::testing::check;

    #[test]
    #[rustfmt::skip]
    fn author_date() {
        check(&[
            ("(Finley 1983, 150)", r#"author-date "Finley 1983, 150" a=Finley y=1983 loc=page 150"#),
            ("(see Reid 2012, 46)", r#"author-date "see Reid 2012, 46" pre=see a=Reid y=2012 loc=page 46"#),
            ("(Smith & Jones, 2010, p. 24)", r#"author-date "Smith & Jones, 2010, p. 24" a=Smith;Jones y=2010 loc=page 24"#),
            ("(Smith and Jones 2010)", r#"author-date "Smith and Jones 2010" a=Smith;Jones y=2010"#),
            ("(Smith et al., 2019, pp. 3–5)", r#"author-date "Smith et al., 2019, pp. 3–5" a=Smith y=2019 loc=page 3–5"#),
            ("(U.S. Global Change Research Program [USGCRP], 2014a)", r#"author-date "U.S. Global Change Research Program [USGCRP], 2014a" a=U.S. Global Change Research Program [USGCRP] y=2014a"#),
            ("(National Oceanic and Atmospheric Administration, 2020)", r#"author-date "National Oceanic and Atmospheric Administration, 2020" a=National Oceanic and Atmospheric Administration y=2020"#),
            ("(Biello, 2007)", r#"author-date "Biello, 2007" a=Biello y=2007"#),
            ("(Green America, n.d.)", r#"author-date "Green America, n.d." a=Green America y=n.d."#),
            ("(Cavell 1988, 14; see also Reid 2012, 46)", r#"author-date "Cavell 1988, 14" a=Cavell y=1988 loc=page 14 | author-date "see also Reid 2012, 46" pre=see also a=Reid y=2012 loc=page 46"#),
            ("(Finley 1983a, 1983b)", r#"author-date "Finley 1983a" a=Finley y=1983a | author-date "1983b" a=Finley y=1983b"#),
            ("(Finley 1983a, 1983b, 24)", r#"author-date "Finley 1983a" a=Finley y=1983a | author-date "1983b, 24" a=Finley y=1983b loc=page 24"#),
            ("(Finley 1983:150)", r#"author-date "Finley 1983:150" a=Finley y=1983 loc=page 150"#),
            ("(Smith, 2010; Jones, 2012)", r#"author-date "Smith, 2010" a=Smith y=2010 | author-date "Jones, 2012" a=Jones y=2012"#),
            ("(e.g., Smith, 2010)", r#"author-date "e.g., Smith, 2010" pre=e.g. a=Smith y=2010"#),
            ("(cf. van Dijk 2001, 12–14)", r#"author-date "cf. van Dijk 2001, 12–14" pre=cf. a=van Dijk y=2001 loc=page 12–14"#),
            ("(Smith, Jones, & Lee, 2015)", r#"author-date "Smith, Jones, & Lee, 2015" a=Smith;Jones;Lee y=2015"#),
            ("(Freud, 1900/1953)", r#"author-date "Freud, 1900/1953" a=Freud y=1900/1953"#),
            ("(Smith, in press)", r#"author-date "Smith, in press" a=Smith y=in press"#),
            ("(“COVID-19 Coronavirus Pandemic,” 2021)", r#"author-date "“COVID-19 Coronavirus Pandemic,” 2021" t=COVID-19 Coronavirus Pandemic y=2021"#),
            ("(Sun, 2018, final para.)", r#"author-date "Sun, 2018, final para." a=Sun y=2018 loc=paragraph final"#),
            ("(Goodman & Schulkin, 2020, April 2, 2020)", r#"author-date "Goodman & Schulkin, 2020, April 2, 2020" a=Goodman;Schulkin y=2020 loc=date April 2, 2020"#),
            ("(Smith 2010, chap. 3)", r#"author-date "Smith 2010, chap. 3" a=Smith y=2010 loc=chapter 3"#),
            ("[Finley 1983, 150]", r#"author-date "Finley 1983, 150" a=Finley y=1983 loc=page 150"#),
            ("(EPA, 2020)", r#"author-date "EPA, 2020" a=EPA y=2020"#),
            ("(Rhee 1948, 3; 1950, 5)", r#"author-date "Rhee 1948, 3" a=Rhee y=1948 loc=page 3 | author-date "1950, 5" a=Rhee y=1950 loc=page 5"#),
            ("(Smith, 2010; 2012)", r#"author-date "Smith, 2010" a=Smith y=2010 | author-date "2012" a=Smith y=2012"#),
        ]);
    }

    #[test]
    #[rustfmt::skip]
    fn narrative() {
        check(&[
            ("Finley (1983) argues", r#"narrative "Finley (1983)" a=Finley y=1983"#),
            ("Smith and Jones (2010, p. 24) show", r#"narrative "Smith and Jones (2010, p. 24)" a=Smith;Jones y=2010 loc=page 24"#),
            ("According to Finley (1983, 150), it", r#"narrative "Finley (1983, 150)" a=Finley y=1983 loc=page 150"#),
            ("as Smith et al. (2019) found", r#"narrative "Smith et al. (2019)" a=Smith y=2019"#),
            ("The Union of Concerned Scientists (2020) warns", r#"narrative "Union of Concerned Scientists (2020)" a=Union of Concerned Scientists y=2020"#),
            ("Finley’s (1983) account", r#"narrative "Finley’s (1983)" a=Finley y=1983"#),
            ("Finley (1983a, 1983b) holds", r#"narrative "Finley (1983a" a=Finley y=1983a | narrative "1983b" a=Finley y=1983b"#),
            ("Green (n.d.) says", r#"narrative "Green (n.d.)" a=Green y=n.d."#),
        ]);
    }

    #[test]
    #[rustfmt::skip]
    fn mla() {
        check(&[
            ("(Finley 150)", r#"mla "Finley 150" a=Finley loc=page 150"#),
            ("(Finley and Han 22–24)", r#"mla "Finley and Han 22–24" a=Finley;Han loc=page 22–24"#),
            ("(Finley 150; Reid 46)", r#"mla "Finley 150" a=Finley loc=page 150 | mla "Reid 46" a=Reid loc=page 46"#),
            ("(see Smith et al. 45)", r#"mla "see Smith et al. 45" pre=see a=Smith loc=page 45"#),
            ("(Smith par. 4)", r#"mla "Smith par. 4" a=Smith loc=paragraph 4"#),
            ("(Truman 1945-53)", ""),
            ("(Finley xii)", r#"mla "Finley xii" a=Finley loc=page xii"#),
        ]);
    }

    #[test]
    fn not_citations() {
        check(&[
            ("the Republic of Korea (ROK) military", ""),
            ("(DPRK)", ""),
            ("(OPCON)", ""),
            ("(1817–1862)", ""),
            ("Henry David Thoreau (1817–1862) wrote", ""),
            ("(compared to 9 in 1916)", ""),
            ("(see below)", ""),
            ("(Figure 6.5)", ""),
            ("(Figure 6)", ""),
            ("(Table 2)", ""),
            ("(e.g., solar and wind)", ""),
            ("(1)", ""),
            ("(p < 0.05)", ""),
            ("the storm season (2020) was", ""),
            ("(May 2018)", ""),
            ("(in 1953)", ""),
            ("(COVID 19)", ""),
            ("(1998 to 2001)", ""),
            ("(2019 data)", ""),
            ("in May (2019) it", ""),
        ]);
    }
}
