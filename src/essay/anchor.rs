//! Re-anchoring: when an edited document is imported again, find where each old claim went.
//!
//! Like W3C `TextQuoteSelector` anchoring (as Hypothesis does it), each claim is remembered by
//! its exact text and a little context on both sides. On re-import an old claim is looked for:
//!
//! 1. **exact**: a new unit with the same text (when the text occurs several times, the one
//!    whose context and position agree best);
//! 2. **context**: a new unit standing where the old one stood, between the same neighbours
//!    (its prefix and suffix still match), even if its own words changed a lot;
//! 3. **fuzzy**: the most similar new unit (word-set Dice similarity ≥ [`FUZZY_MIN`]) near the
//!    position the surrounding exact matches predict.
//!
//! What is found in none of these ways is orphaned: the caller keeps it and reports it; this
//! module never drops anything. It is pure: old claims and the new claims in, a mapping out.

use std::collections::{HashMap, HashSet};

use crate::model::{Claim, ClaimKind};

/// Characters of context kept on each side of a claim.
pub const CONTEXT_CHARS: usize = 48;
/// Minimum word-set similarity for a fuzzy match.
pub const FUZZY_MIN: f64 = 0.6;
/// Minimum similarity for a context match (its neighbours vouch for it).
pub const CONTEXT_MIN: f64 = 0.3;
/// How far (in units) from its predicted position a fuzzy match is looked for.
const WINDOW: usize = 25;

/// A claim of the previous import, as remembered.
#[derive(Debug, Clone, PartialEq)]
pub struct OldClaim {
    /// Its id.
    pub id: i64,
    /// What it was (a claim only anchors to a claim, a heading to a heading...).
    pub kind: ClaimKind,
    /// Its exact text.
    pub text: String,
    /// Up to [`CONTEXT_CHARS`] characters before it in the old document.
    pub prefix: String,
    /// Up to [`CONTEXT_CHARS`] characters after it in the old document.
    pub suffix: String,
    /// Whether it carries the user's work (a manual link, an exemption): when two old claims
    /// fit one new claim alike (a sentence split, then joined again), this one takes it, since
    /// the other is only removed while this one would be orphaned with its work.
    pub carries_work: bool,
}

/// How much carrying the user's work weighs against text similarity when old claims compete
/// for one new claim: less than the gap between a good and a poor fit.
const WORK_WEIGHT: f64 = 0.15;

/// How an old claim was found again.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Method {
    /// Same text.
    Exact,
    /// Same place between the same neighbours; the score is the text similarity.
    Context(f64),
    /// Similar text nearby; the score is the similarity.
    Fuzzy(f64),
}

impl Method {
    /// A short description for reports: "exact", "context (0.45)", "fuzzy (0.78)".
    pub fn describe(&self) -> String {
        match self {
            Method::Exact => "exact".into(),
            Method::Context(s) => format!("context ({s:.2})"),
            Method::Fuzzy(s) => format!("fuzzy ({s:.2})"),
        }
    }
}

/// Where one old claim went: the index of a new claim, or nowhere (orphaned).
#[derive(Debug, Clone, PartialEq)]
pub struct Anchored {
    /// The old claim's id.
    pub id: i64,
    /// Index into the new claims, and how it was found; `None` when orphaned.
    pub to: Option<(usize, Method)>,
}

/// The context around `text[start..end]`: up to [`CONTEXT_CHARS`] characters on each side.
pub fn context(text: &str, start: usize, end: usize) -> (String, String) {
    let before = &text[..start];
    let prefix_start = before
        .char_indices()
        .rev()
        .nth(CONTEXT_CHARS - 1)
        .map_or(0, |(i, _)| i);
    let after = &text[end..];
    let suffix_end = after
        .char_indices()
        .nth(CONTEXT_CHARS)
        .map_or(after.len(), |(i, _)| i);
    (
        before[prefix_start..].to_string(),
        after[..suffix_end].to_string(),
    )
}

/// Maps every old claim onto the new claims of `text`.
pub fn reanchor(old: &[OldClaim], text: &str, new: &[Claim]) -> Vec<Anchored> {
    let new_ctx: Vec<(String, String)> =
        new.iter().map(|c| context(text, c.start, c.end)).collect();
    let mut result: Vec<Option<(usize, Method)>> = vec![None; old.len()];
    let mut taken: HashSet<usize> = HashSet::new();

    // 1. Exact text. Several old claims may share a text (a standfirst repeated in the body):
    // pair them one to one, best context and position first.
    let mut by_text: HashMap<&str, Vec<usize>> = HashMap::new();
    for (j, c) in new.iter().enumerate() {
        by_text.entry(c.text.as_str()).or_default().push(j);
    }
    let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
    for (i, o) in old.iter().enumerate() {
        if let Some(js) = by_text.get(o.text.as_str()) {
            for &j in js {
                let ctx = context_score(o, &new_ctx[j]);
                let pos = 1.0 - rank_distance(i, old.len(), j, new.len());
                pairs.push((ctx * 2.0 + pos, i, j));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (_, i, j) in pairs {
        if result[i].is_none() && !taken.contains(&j) {
            result[i] = Some((j, Method::Exact));
            taken.insert(j);
        }
    }

    // Where unmatched old claims should be: between the new positions of their nearest
    // exactly-matched neighbours.
    let predicted = predict_positions(&result, new.len());

    // 2 and 3. Context, then fuzzy, near the predicted position. Every fitting pair is scored
    // first and the best pairs are taken first, so an old claim does not lose the new claim
    // it fits best to one earlier in the text that fits it worse (two sentences joined into
    // one: the one the joined text holds more of takes it).
    let new_words: Vec<HashSet<String>> = new.iter().map(|c| words(&c.text)).collect();
    let mut pairs: Vec<(f64, usize, usize, Method)> = Vec::new();
    for (i, o) in old.iter().enumerate() {
        if result[i].is_some() {
            continue;
        }
        let (lo, hi) = predicted[i];
        let lo = lo.saturating_sub(WINDOW);
        let hi = (hi + WINDOW).min(new.len());
        let old_words = words(&o.text);
        for j in lo..hi {
            if taken.contains(&j) || new[j].kind != o.kind {
                continue;
            }
            let sim = dice(&old_words, &new_words[j]);
            let ctx = context_score(o, &new_ctx[j]);
            let method = if sim >= FUZZY_MIN {
                Some(Method::Fuzzy(sim))
            } else if ctx >= 0.99 && sim >= CONTEXT_MIN {
                Some(Method::Context(sim))
            } else {
                None
            };
            if let Some(m) = method {
                // Similarity first; the context breaks ties; the user's work weighs in.
                let work = if o.carries_work { WORK_WEIGHT } else { 0.0 };
                pairs.push((sim + 0.2 * ctx + work, i, j, m));
            }
        }
    }
    // Best first; equal scores in text order (old, then new), so the result is deterministic.
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    for (_, i, j, m) in pairs {
        if result[i].is_none() && !taken.contains(&j) {
            result[i] = Some((j, m));
            taken.insert(j);
        }
    }

    old.iter()
        .zip(result)
        .map(|(o, to)| Anchored { id: o.id, to })
        .collect()
}

/// Distance between relative positions, in [0, 1].
fn rank_distance(i: usize, n_old: usize, j: usize, n_new: usize) -> f64 {
    let a = i as f64 / n_old.max(1) as f64;
    let b = j as f64 / n_new.max(1) as f64;
    (a - b).abs()
}

/// For each old claim, the range of new indices it should fall in.
fn predict_positions(result: &[Option<(usize, Method)>], n_new: usize) -> Vec<(usize, usize)> {
    let n = result.len();
    let mut out = vec![(0, n_new); n];
    let mut last = 0usize;
    for (i, r) in result.iter().enumerate() {
        if let Some((j, _)) = r {
            last = j + 1;
        } else {
            out[i].0 = last;
        }
    }
    let mut next = n_new;
    for (i, r) in result.iter().enumerate().rev() {
        if let Some((j, _)) = r {
            next = *j;
        } else {
            out[i].1 = next.max(out[i].0);
        }
    }
    out
}

/// How well the remembered context matches a new unit's context, in [0, 1].
fn context_score(o: &OldClaim, (prefix, suffix): &(String, String)) -> f64 {
    let p = common_suffix_chars(&o.prefix, prefix) as f64 / o.prefix.chars().count().max(1) as f64;
    let s = common_prefix_chars(&o.suffix, suffix) as f64 / o.suffix.chars().count().max(1) as f64;
    (p.min(1.0) + s.min(1.0)) / 2.0
}

fn common_prefix_chars(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

fn common_suffix_chars(a: &str, b: &str) -> usize {
    a.chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

fn words(s: &str) -> HashSet<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Dice coefficient of two word sets.
fn dice(a: &HashSet<String>, b: &HashSet<String>) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let common = a.intersection(b).count();
    2.0 * common as f64 / (a.len() + b.len()) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Units of a text: one per line (enough for anchoring, which never splits text itself).
    fn units(text: &str) -> Vec<Claim> {
        let mut out = Vec::new();
        let mut pos = 0;
        for line in text.split_inclusive('\n') {
            let t = line.trim_end_matches('\n');
            if !t.is_empty() {
                out.push(Claim {
                    kind: ClaimKind::Claim,
                    start: pos,
                    end: pos + t.len(),
                    text: t.to_string(),
                    ..Default::default()
                });
            }
            pos += line.len();
        }
        out
    }

    fn remember(text: &str) -> Vec<OldClaim> {
        units(text)
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let (prefix, suffix) = context(text, c.start, c.end);
                OldClaim {
                    id: 100 + i as i64,
                    kind: c.kind,
                    text: c.text.clone(),
                    prefix,
                    suffix,
                    carries_work: false,
                }
            })
            .collect()
    }

    /// For each old claim: the text of the new claim it went to, or None.
    fn mapping(old_text: &str, new_text: &str) -> Vec<Option<String>> {
        let new = units(new_text);
        reanchor(&remember(old_text), new_text, &new)
            .into_iter()
            .map(|a| a.to.map(|(j, _)| new[j].text.clone()))
            .collect()
    }

    const ESSAY: &str = "The treaty was signed on October 1, 1953.\n\
        It placed ROK forces under US operational control.\n\
        Aid from 1953 to 1961 totaled an estimated $2.3B.\n\
        The CFC was established in October 1978.\n\
        Both governments agreed in 2007 to transfer wartime control.\n";

    #[test]
    fn unchanged_text_maps_one_to_one() {
        let m = mapping(ESSAY, ESSAY);
        let expected: Vec<Option<String>> =
            units(ESSAY).into_iter().map(|c| Some(c.text)).collect();
        assert_eq!(m, expected);
    }

    #[test]
    fn inserted_and_deleted_sentences_do_not_disturb_the_others() {
        let edited = ESSAY
            .replace("Aid from 1953 to 1961 totaled an estimated $2.3B.\n", "")
            .replace("The CFC", "A new sentence about something else.\nThe CFC");
        let m = mapping(ESSAY, &edited);
        assert_eq!(
            m[0].as_deref(),
            Some("The treaty was signed on October 1, 1953.")
        );
        assert_eq!(m[2], None, "the deleted sentence is orphaned");
        assert_eq!(
            m[3].as_deref(),
            Some("The CFC was established in October 1978.")
        );
    }

    #[test]
    fn a_reworded_sentence_is_found_by_similarity() {
        let edited = ESSAY.replace(
            "Aid from 1953 to 1961 totaled an estimated $2.3B.",
            "US aid from 1953 to 1961 totaled roughly $2.3B.",
        );
        let new = units(&edited);
        let r = reanchor(&remember(ESSAY), &edited, &new);
        let (j, m) = r[2].to.unwrap();
        assert_eq!(
            new[j].text,
            "US aid from 1953 to 1961 totaled roughly $2.3B."
        );
        assert!(matches!(m, Method::Fuzzy(s) if s > 0.6), "{m:?}");
    }

    #[test]
    fn a_rewritten_sentence_in_place_is_found_by_its_context() {
        let edited = ESSAY.replace(
            "It placed ROK forces under US operational control.",
            "Operational control of ROK forces went to the US commander.",
        );
        let new = units(&edited);
        let r = reanchor(&remember(ESSAY), &edited, &new);
        let (j, m) = r[1].to.unwrap();
        assert_eq!(
            new[j].text,
            "Operational control of ROK forces went to the US commander."
        );
        assert!(matches!(m, Method::Context(_)), "{m:?}");
    }

    #[test]
    fn a_moved_sentence_is_found_exactly() {
        let edited = "The CFC was established in October 1978.\n\
            The treaty was signed on October 1, 1953.\n\
            It placed ROK forces under US operational control.\n\
            Aid from 1953 to 1961 totaled an estimated $2.3B.\n\
            Both governments agreed in 2007 to transfer wartime control.\n";
        let m = mapping(ESSAY, edited);
        assert_eq!(
            m[3].as_deref(),
            Some("The CFC was established in October 1978.")
        );
        assert!(m.iter().all(Option::is_some));
    }

    #[test]
    fn repeated_sentences_pair_by_context_and_position() {
        let old = "Intro line.\nSame words here.\nMiddle.\nSame words here.\nEnd.\n";
        let new =
            "Intro line.\nSame words here.\nMiddle changed a lot indeed.\nSame words here.\nEnd.\n";
        let units_new = units(new);
        let r = reanchor(&remember(old), new, &units_new);
        assert_eq!(r[1].to.unwrap().0, 1);
        assert_eq!(r[3].to.unwrap().0, 3);
    }

    #[test]
    fn nothing_similar_is_orphaned_not_forced() {
        let edited = ESSAY
            .replace(
                "The CFC was established in October 1978.",
                "Entirely different prose with no shared vocabulary whatsoever.",
            )
            .replace("Both governments", "Neither party");
        let m = mapping(ESSAY, &edited);
        assert_eq!(m[3], None);
    }

    #[test]
    fn context_is_cut_at_character_boundaries() {
        let text = "ééééé ABC ééééé";
        let start = text.find("ABC").unwrap();
        let (p, s) = context(text, start, start + 3);
        assert_eq!(p, "ééééé ");
        assert_eq!(s, " ééééé");
    }

    /// Issue 9 finding 8: a sentence split in two and joined again went to the first half
    /// (which fitted the joined text worse), orphaning the second half with its exemption.
    #[test]
    fn a_split_undone_goes_to_the_half_it_holds_most_of_or_to_the_one_with_work() {
        let split = "Intro line here.\nThe alliance grew stronger over the years.\n\
            Both states faced the same threat from the north.\nA closing line.\n";
        let joined = "Intro line here.\nThe alliance grew stronger over the years because both states faced the same threat from the north.\nA closing line.\n";
        let m = mapping(split, joined);
        assert_eq!(m[1], None, "the shorter half is let go");
        assert_eq!(
            m[2].as_deref(),
            Some(
                "The alliance grew stronger over the years because both states faced the same threat from the north."
            )
        );
        // The half carrying the user's work takes it when the fits are close.
        let new = units(joined);
        let mut old = remember(split);
        old[1].carries_work = true;
        let to: Vec<Option<usize>> = reanchor(&old, joined, &new)
            .into_iter()
            .map(|a| a.to.map(|(j, _)| j))
            .collect();
        assert_eq!(to, [Some(0), Some(1), None, Some(2)]);
        // Not when the other half fits far better: a poor fit is no home for the work.
        let unrelated = "Intro line here.\nTrade rose.\nBoth states faced the same threat from the north again.\nA closing line.\n";
        let mut old = remember(split);
        old[1].carries_work = true;
        let to: Vec<Option<usize>> = reanchor(&old, unrelated, &units(unrelated))
            .into_iter()
            .map(|a| a.to.map(|(j, _)| j))
            .collect();
        assert_eq!(to[2], Some(2));
    }
}
