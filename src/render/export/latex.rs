//! The one piece of LaTeX the CSL export needs: which words of a title braces protect from
//! case changes (`{The {ROK-US} Alliance}` protects "ROK-US"), so the title can be given in
//! the sentence case CSL styles expect, with those words kept as written.
//!
//! Owns finding protected text in a field's `raw` and the sentence-case rule. Not here:
//! decoding LaTeX (the parser gives `value` already decoded); a protected group that holds a
//! command (`{\"O}sterreich`) is not looked for in `value`, since only the parser knows what it
//! decodes to.

use std::ops::Range;

/// Byte ranges of `value` (the decoded text) written inside protecting braces in `raw` (the
/// field as written): a brace group nested in the field's delimiters and not the argument of
/// a command. Groups are found in `value` in order; one the decoding changed is skipped.
pub(super) fn protected(raw: &str, value: &str) -> Vec<Range<usize>> {
    let raw = raw.trim();
    // Braces directly inside `"..."` protect; inside `{...}` they must be nested once more.
    let base = match raw.as_bytes().first() {
        Some(b'{') => 1,
        Some(b'"') => 0,
        _ => return Vec::new(),
    };
    let mut groups: Vec<String> = Vec::new();
    let mut depth = 0usize;
    let mut open: Option<(usize, bool)> = None;
    let bytes = raw.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'{' => {
                if depth == base && open.is_none() {
                    open = Some((i + 1, !after_command(&raw[..i])));
                }
                depth += 1;
            }
            b'}' => {
                depth = depth.saturating_sub(1);
                if depth == base
                    && let Some((start, protects)) = open.take()
                {
                    let inner = &raw[start..i];
                    if protects && !inner.contains('\\') {
                        // As the value has it: braces gone, a wrapped line joined.
                        let plain = inner.replace(['{', '}'], "");
                        groups.push(super::one_line(&plain));
                    }
                }
            }
            _ => {}
        }
    }
    let mut ranges = Vec::new();
    let mut from = 0;
    for g in groups.iter().filter(|g| !g.trim().is_empty()) {
        if let Some(at) = value[from..].find(g.as_str()) {
            ranges.push(from + at..from + at + g.len());
            from += at + g.len();
        }
    }
    ranges
}

/// True when `before` ends with a control word (`\emph`, `\textbf `): the brace group that
/// follows is its argument, not a protection.
fn after_command(before: &str) -> bool {
    let t = before.trim_end();
    let letters = t.len() - t.trim_end_matches(|c: char| c.is_ascii_alphabetic()).len();
    letters > 0 && t[..t.len() - letters].ends_with('\\')
}

/// `value` for a CSL title: in sentence case when `sentence` (English titles, as CSL data
/// expects them: styles that want title case convert back), with protected ranges kept and
/// wrapped in `<span class="nocase">`, the markup pandoc and citeproc-js honour.
///
/// A word is lowered only when it is capitalised and otherwise lowercase ("Alliance"): words
/// with more capitals ("ROK-US", "iPhone", "DNA") and one-letter words ("C") are names or
/// acronyms. The first word, and the first after ':', '?' or '!', keeps its capital; parts of
/// hyphenated compounds count as words, as in pandoc's own reading of .bib titles.
pub(super) fn csl_text(value: &str, protected: &[Range<usize>], sentence: bool) -> String {
    let mut out = String::with_capacity(value.len() + 32);
    let mut sentence_start = true;
    let mut i = 0;
    while i < value.len() {
        if let Some(p) = protected.iter().find(|p| p.start == i) {
            out.push_str("<span class=\"nocase\">");
            out.push_str(&value[p.clone()]);
            out.push_str("</span>");
            sentence_start = false;
            i = p.end;
            continue;
        }
        let rest = &value[i..];
        let c = rest.chars().next().unwrap_or(' ');
        if is_separator(c) {
            if matches!(c, ':' | '?' | '!') {
                sentence_start = true;
            }
            out.push(c);
            i += c.len_utf8();
            continue;
        }
        let next_protected = protected
            .iter()
            .map(|p| p.start)
            .filter(|&s| s > i)
            .min()
            .unwrap_or(value.len());
        let len = rest
            .find(is_separator)
            .unwrap_or(rest.len())
            .min(next_protected - i);
        let word = &rest[..len];
        if sentence && !sentence_start && is_capitalised(word) {
            let mut chars = word.chars();
            if let Some(first) = chars.next() {
                out.extend(first.to_lowercase());
                out.push_str(chars.as_str());
            }
        } else {
            out.push_str(word);
        }
        sentence_start = false;
        i += len;
    }
    out
}

/// Characters between words: spaces, hyphens and dashes, and the punctuation that can open
/// a new sentence inside a title.
fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '-' | '–' | '—' | '/' | ':' | '?' | '!')
}

/// "Alliance", "Korea's": an uppercase letter, then at least one letter, all lowercase.
fn is_capitalised(word: &str) -> bool {
    let mut letters = word.chars().filter(|c| c.is_alphabetic());
    let Some(first) = letters.next() else {
        return false;
    };
    let mut rest = letters.peekable();
    first.is_uppercase() && rest.peek().is_some() && rest.all(|c| c.is_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_protected_text() {
        #[rustfmt::skip]
        let cases: &[(&str, &str, &[&str])] = &[
            ("{The History of the {ROK-US} Alliance}", "The History of the ROK-US Alliance", &["ROK-US"]),
            ("{The {US}-South {Korean} Alliance}",     "The US-South Korean Alliance",       &["US", "Korean"]),
            ("\"The {US} Army\"",                      "The US Army",                         &["US"]),
            ("{{Whole Title Protected}}",              "Whole Title Protected",               &["Whole Title Protected"]),
            ("{An \\emph{Emphasised} Word}",           "An Emphasised Word",                  &[]),
            ("{On {\\\"O}sterreich}",                  "On Österreich",                       &[]),
            ("{The {{US}} Army}",                      "The US Army",                         &["US"]),
            ("{{US} and {US}}",                        "US and US",                           &["US", "US"]),
            ("{The {Republic of\n   Korea} Army}",       "The Republic of Korea Army",          &["Republic of Korea"]),
            ("{No Protection}",                        "No Protection",                       &[]),
            ("mymacro",                                "Expanded Macro",                      &[]),
        ];
        for (raw, value, want) in cases {
            let got: Vec<&str> = protected(raw, value)
                .into_iter()
                .map(|r| &value[r])
                .collect();
            assert_eq!(got, *want, "{raw}");
        }
    }

    #[test]
    fn second_occurrence_is_its_own_range() {
        let value = "US and US";
        assert_eq!(protected("{{US} and {US}}", value), vec![0..2, 7..9]);
    }

    #[test]
    fn sentence_case_keeps_what_must_stay() {
        #[rustfmt::skip]
        let cases: &[(&str, &str, bool, &str)] = &[
            ("{The History of the {ROK-US} Alliance}", "The History of the ROK-US Alliance", true,
             "The history of the <span class=\"nocase\">ROK-US</span> alliance"),
            ("{The {US}-South {Korean} Alliance}", "The US-South Korean Alliance", true,
             "The <span class=\"nocase\">US</span>-south <span class=\"nocase\">Korean</span> alliance"),
            ("{Evolving Patterns: In the Vanguard}", "Evolving Patterns: In the Vanguard", true,
             "Evolving patterns: In the vanguard"),
            ("{A DNA Study of Vitamin C}", "A DNA Study of Vitamin C", true, "A DNA study of vitamin C"),
            ("{Why Now? Because}", "Why Now? Because", true, "Why now? Because"),
            ("{Korea's iPhone Era}", "Korea's iPhone Era", true, "Korea's iPhone era"),
            ("{Über die Allianz}", "Über die Allianz", false, "Über die Allianz"),
            ("{{US} Korean}", "US Korean", false, "<span class=\"nocase\">US</span> Korean"),
        ];
        for (raw, value, sentence, want) in cases {
            assert_eq!(
                csl_text(value, &protected(raw, value), *sentence),
                *want,
                "{raw}"
            );
        }
    }
}
