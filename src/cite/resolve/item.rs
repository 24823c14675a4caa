//! A whole reference-list item (or a full note) matched to the library by the words it holds,
//! whatever the style's order of fields: the fallback when reading the item into fields did not
//! single out a source ("L. Tian et al., “Direct growth...,” Nanotechnology, vol. 27, 2016",
//! "Liu YC, Chang P, et al. Title. J Appl Phys. 2011;...", "Cole, M.W., ..., 2014. Title.").
//!
//! A candidate fits when nearly all of its title's words are in the item (`MIN_TITLE`), and
//! its first author's family name or its year is there too. It is taken only when no other
//! candidate fits about as well (`MARGIN`): two works of one author whose titles differ by a
//! word the item lacks stay ambiguous, with both as candidates.

use std::collections::HashSet;

use crate::cite::normalize::{content_tokens, tokens};
use crate::model::{Candidate, IndexQuery, Resolution, SourceIndex};

/// Share of a candidate's title words the item must hold.
const MIN_TITLE: f64 = 0.8;
/// How far the best fit must be ahead of the next.
const MARGIN: f64 = 0.08;
/// Candidates asked for.
const LIMIT: usize = 24;

struct Fit {
    key: String,
    score: f64,
    title: f64,
    family: bool,
    year: bool,
}

/// The source the item's words single out, an ambiguous resolution when several fit, or
/// `None` when none does.
pub fn resolve_item_text(text: &str, index: &dyn SourceIndex) -> Option<Resolution> {
    let words: Vec<String> = tokens(text);
    if words.is_empty() {
        return None;
    }
    let have: HashSet<&str> = words.iter().map(String::as_str).collect();
    let years: Vec<i32> = words
        .iter()
        .filter(|w| w.len() == 4)
        .filter_map(|w| w.parse().ok())
        .filter(|y| (1400..=2100).contains(y))
        .collect();
    let mut title_words: Vec<String> = content_tokens(text)
        .into_iter()
        .filter(|w| w.chars().count() >= 3 && !w.bytes().all(|b| b.is_ascii_digit()))
        .collect();
    title_words.dedup();
    let names: Vec<String> = text
        .split(|c: char| !c.is_alphabetic() && c != '-' && c != '\'')
        .filter(|w| w.chars().count() >= 2 && w.starts_with(char::is_uppercase))
        .take(12)
        .map(str::to_string)
        .collect();
    let query = IndexQuery {
        title_words,
        names,
        year: years.first().copied(),
    };
    let mut fits: Vec<Fit> = index
        .search(&query, LIMIT)
        .iter()
        .filter_map(|c| fit(c, &have, &years))
        .collect();
    fits.sort_by(|a, b| b.score.total_cmp(&a.score));
    let best = fits.first()?;
    let second = fits.get(1).map_or(0.0, |f| f.score);
    let reasons = vec![
        format!("title words {:.2} in the item", best.title),
        if best.family {
            "first author in the item".to_string()
        } else {
            "first author not in the item".to_string()
        },
        if best.year {
            "year in the item".to_string()
        } else {
            "year not in the item".to_string()
        },
        "matched by the item's words (its fields were not read apart)".to_string(),
    ];
    if best.score - second >= MARGIN && best.family && (best.year || best.title >= 0.99) {
        return Some(Resolution {
            source: Some(best.key.clone()),
            confidence: best.score.min(0.95),
            candidates: Vec::new(),
            reasons,
        });
    }
    let mut reasons = reasons;
    reasons.push(match fits.get(1) {
        Some(f) if best.score - f.score < MARGIN => {
            format!(
                "'{}' fits about as well ({:.2} vs {:.2})",
                f.key, f.score, best.score
            )
        }
        _ => "the first author or the year is missing".to_string(),
    });
    Some(Resolution {
        source: None,
        confidence: best.score.min(0.84),
        candidates: fits.iter().take(3).map(|f| f.key.clone()).collect(),
        reasons,
    })
}

fn fit(c: &Candidate, have: &HashSet<&str>, years: &[i32]) -> Option<Fit> {
    let title: Vec<String> = tokens(&c.title);
    if title.is_empty() {
        return None;
    }
    let held = title.iter().filter(|w| have.contains(w.as_str())).count();
    let share = held as f64 / title.len() as f64;
    if share < MIN_TITLE {
        return None;
    }
    let family = c
        .families
        .first()
        .map(|f| tokens(f))
        .is_some_and(|f| !f.is_empty() && f.iter().all(|w| have.contains(w.as_str())));
    let year = c.year.is_some_and(|y| years.contains(&y));
    let score = 0.6 * share + 0.25 * f64::from(u8::from(family)) + 0.15 * f64::from(u8::from(year));
    Some(Fit {
        key: c.key.clone(),
        score,
        title: share,
        family,
        year,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cite::memindex::MemoryIndex;

    fn work(key: &str, title: &str, family: &str, year: i32) -> Candidate {
        Candidate {
            key: key.into(),
            entry_type: "article".into(),
            title: title.into(),
            main_title: title.into(),
            year: Some(year),
            names: vec![format!("{family}, A.")],
            families: vec![family.into()],
            ..Default::default()
        }
    }

    fn index() -> MemoryIndex {
        MemoryIndex::new(vec![
            work(
                "tian2016",
                "Direct Growth of Si Nanowires on Flexible Organic Substrates",
                "Tian",
                2016,
            ),
            work("doe5", "Title 5", "Doe", 1995),
            work("doe7", "Title 7", "Doe", 1995),
            work(
                "liu2011",
                "Magnetization Reversal Processes of Single Nanomagnets",
                "Liu",
                2011,
            ),
        ])
    }

    #[test]
    fn items_in_any_order_of_fields_resolve_by_their_words() {
        for (item, key) in [
            (
                "L. Tian et al., “Direct growth of Si nanowires on flexible organic substrates,” Nanotechnology, vol. 27, no. 22, p. 225601, Jun. 2016.",
                "tian2016",
            ),
            (
                "Tian, L., 2016. Direct growth of Si nanowires on flexible organic substrates. Nanotechnology 27.",
                "tian2016",
            ),
            (
                "Liu YC, Chang P, et al. Magnetization reversal processes of single nanomagnets. J Appl Phys. 2011;109:424.",
                "liu2011",
            ),
            (
                "J. Doe, A. Abrahams, and E. Edwards, Title 5. Oxford, 1995.",
                "doe5",
            ),
        ] {
            let r = resolve_item_text(item, &index()).unwrap();
            assert_eq!(r.source.as_deref(), Some(key), "{item}: {:?}", r.reasons);
        }
    }

    #[test]
    fn an_item_that_does_not_single_out_a_work_abstains() {
        let r = resolve_item_text("J. Doe, Title. Oxford, 1995.", &index());
        assert!(r.as_ref().is_none_or(|r| r.source.is_none()), "{r:?}");
        let r = resolve_item_text("Smith, Other Work on Si Nanowires, 2016.", &index());
        assert!(r.as_ref().is_none_or(|r| r.source.is_none()), "{r:?}");
    }
}
