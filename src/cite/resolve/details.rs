//! Telling apart library sources that fit a reference item equally well (one work entered
//! twice, two printings) by what the item prints beyond title, names and year.
//!
//! Owns: the details an item shows that a candidate contradicts. A style never invents
//! information, so an item contradicts a candidate when it shows more than the candidate
//! holds or something else: its page range is not the candidate's ("5815–75" against
//! "5815"), it lists a different number of persons without "et al.", or a name carries a
//! full given name or more initials than the candidate's ("Kawakami, Yoichi" against
//! "Kawakami, Y."; "Gadret, E.G." against "Gadret, E."). Fewer initials than the candidate
//! are no contradiction: many styles shorten given names. Does not own: scoring (the caller's
//! confidence) or deciding (the caller picks only when exactly one candidate is left).

use crate::cite::names::parse_name;
use crate::model::Candidate;

/// Why the item contradicts `cand`, or `None` when nothing it shows does. `pages_shown`:
/// whether some candidate's pages are printed in the item (a style that prints no pages
/// contradicts no one's).
pub(super) fn contradiction(
    text: &str,
    authors: &[String],
    title: Option<&str>,
    cand: &Candidate,
    pages_shown: bool,
) -> Option<String> {
    if pages_shown
        && let Some(pages) = cand.pages.as_deref()
        && !shows_pages(text, pages)
    {
        return Some(format!("its pages '{pages}' are not the item's"));
    }
    let head = title
        .and_then(|t| text.find(t.chars().take(20).collect::<String>().as_str()))
        .map_or(text, |at| &text[..at]);
    let et_al = head.contains("et al");
    let persons = authors.len();
    let count_differs = if et_al {
        cand.names.len() <= persons
    } else {
        cand.names.len() != persons
    };
    if persons > 0 && !cand.names.is_empty() && count_differs {
        return Some(format!(
            "the item lists {persons}{} persons, it has {}",
            if et_al { " and more" } else { "" },
            cand.names.len()
        ));
    }
    for (cited, held) in authors.iter().zip(&cand.names) {
        let (Some(c), Some(h)) = (parse_name(cited), parse_name(held)) else {
            continue;
        };
        if c.family != h.family {
            continue;
        }
        let full = |g: &[String]| g.iter().any(|w| w.chars().count() > 1);
        let more_initials = !full(&h.given) && c.given.len() > h.given.len();
        if (full(&c.given) && !full(&h.given) && !h.given.is_empty()) || more_initials {
            return Some(format!("'{cited}' gives more than its '{held}'"));
        }
    }
    None
}

/// Digits of a page field with one kind of dash: "5815--5875" -> "5815-5875".
fn page_text(s: &str) -> String {
    s.replace(['–', '—', '‐', '‑'], "-").replace("--", "-")
}

/// True when the item prints `pages` as its page field: the range "5815-5875" as
/// "5815–5875" or shortened "5815–75", a single page "5815" not followed by a range.
pub(super) fn shows_pages(text: &str, pages: &str) -> bool {
    let pages = page_text(pages.trim());
    let text = page_text(text);
    let (first, last) = match pages.split_once('-') {
        Some((a, b)) => (a.trim(), Some(b.trim())),
        None => (pages.as_str(), None),
    };
    if first.is_empty() {
        return false;
    }
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(off) = text[from..].find(first) {
        let at = from + off;
        from = at + first.len();
        if at > 0 && bytes[at - 1].is_ascii_alphanumeric() {
            continue;
        }
        let after = &text[at + first.len()..];
        if after.starts_with(|c: char| c.is_ascii_alphanumeric()) {
            continue;
        }
        let range_end: Option<&str> = after.strip_prefix('-').map(|r| {
            let n = r
                .find(|c: char| !c.is_ascii_alphanumeric())
                .unwrap_or(r.len());
            &r[..n]
        });
        match (last, range_end) {
            (None, None) => return true,
            (Some(last), Some(end))
                if !end.is_empty()
                    && (end == last || (end.len() < last.len() && last.ends_with(end))) =>
            {
                return true;
            }
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cand(names: &[&str], pages: Option<&str>) -> Candidate {
        Candidate {
            key: "k".into(),
            names: names.iter().map(|n| n.to_string()).collect(),
            pages: pages.map(str::to_string),
            ..Candidate::default()
        }
    }

    #[test]
    #[rustfmt::skip]
    fn pages_as_printed() {
        let cases = [
            ("J Appl Phys 89:5815–5875.", "5815--5875", true),
            ("J. Appl. Phys. 89, no. 11 (2001): 5815–75.", "5815--5875", true),
            ("J. Appl. Phys. 89, no. 11 (2001): 5815–75.", "5815", false),
            ("J. Appl. Phys. 89, no. 11 (2001): 5815.", "5815", true),
            ("J. Appl. Phys. 89, no. 11 (2001): 5815.", "5815--5875", false),
            ("Phys. Rev. B, 82(12), pp. 1–5.", "1--5", true),
            ("Phys. Rev. B, 82(12), p. 125327.", "1--5", false),
            ("Nanotechnology 22, no. 36 (2011): 365703.", "469501", false),
            ("Scanning 31(3):114–21.", "114--121", true),
            ("Scanning 31(3):114–21.", "114--21", true),
            ("Vol. 15815.", "5815", false),
        ];
        for (text, pages, want) in cases {
            assert_eq!(shows_pages(text, pages), want, "{text:?} {pages:?}");
        }
    }

    #[test]
    #[rustfmt::skip]
    fn what_an_item_shows_that_a_candidate_lacks() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        // (item, authors read, title, candidate names, pages, pages shown, contradicted)
        type Case<'a> = (&'a str, &'a [&'a str], &'a str, &'a [&'a str], Option<&'a str>, bool, bool);
        let cases: &[Case] = &[
            ("Kawakami, Yoichi, et al. “Origin.” Appl. Phys. Lett., 2006.", &["Kawakami, Yoichi"], "Origin", &["Kawakami, Y.", "Suzuki, S."], None, false, true),
            ("Kawakami, Yoichi, et al. “Origin.” Appl. Phys. Lett., 2006.", &["Kawakami, Yoichi"], "Origin", &["Kawakami, Yoichi", "Suzuki, S."], None, false, false),
            // Fewer initials than the library holds: styles shorten given names.
            ("Kawakami, Y., et al. “Origin.” 2006.", &["Kawakami, Y."], "Origin", &["Kawakami, Yoichi", "Suzuki, S."], None, false, false),
            ("McMahon MI, Nelmes RJ. Observation. Phys Rev Lett. 2005.", &["McMahon MI", "Nelmes RJ"], "Observation", &["McMahon, M.", "Nelmes, R."], None, false, true),
            ("McMahon M, Nelmes R. Observation. Phys Rev Lett. 2005.", &["McMahon M", "Nelmes R"], "Observation", &["McMahon, M. I.", "Nelmes, R. J."], None, false, false),
            ("Watanabe M. Atomic-level detection. Ultramicroscopy. 1999.", &["Watanabe M"], "Atomic-level", &["Watanabe, M.", "Williams, D. B."], None, false, true),
            ("Lähnemann, J. et al. Quenching. Nanotechnology 27, 455706 (2016).", &["Lähnemann, J."], "Quenching", &["Lähnemann, Jonas", "Brandt, Oliver"], Some("455706"), true, false),
            ("Lähnemann, J. et al. Quenching. Nanotechnology 27, 455706 (2016).", &["Lähnemann, J."], "Quenching", &["Lähnemann, Jonas"], Some("455706"), true, true),
            ("Vurgaftman, I. “Band.” J. Appl. Phys. 89 (2001): 5815.", &["Vurgaftman, I."], "Band", &["Vurgaftman, I."], Some("5815--5875"), true, true),
            ("Vurgaftman, I. “Band.” J. Appl. Phys. 89 (2001): 5815.", &["Vurgaftman, I."], "Band", &["Vurgaftman, I."], Some("5815--5875"), false, false),
        ];
        for (text, authors, title, names, pages, shown, want) in cases {
            let got = contradiction(text, &s(authors), Some(title), &cand(names, *pages), *shown);
            assert_eq!(got.is_some(), *want, "{text:?} vs {names:?}: {got:?}");
        }
    }
}
