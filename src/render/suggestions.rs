//! Suggested sources for claims (`annobib suggest`, `check --suggest`): for people, each
//! suggestion with its reason and the `annobib link` command that accepts it; for scripts,
//! JSON (the contract is in docs/json.md).

use std::io::{self, Write};

use serde::Serialize;

use crate::suggest::{Abstain, Shared, Suggestion};

/// One suggestion as written out.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggested {
    /// The source's key.
    pub key: String,
    /// The score (the sum of the shared words' weights; comparable within one claim).
    pub score: f64,
    /// The reason in words: `title: numpy, array; abstract: python`.
    pub reason: String,
    /// The words shared, heaviest first.
    pub shared: Vec<Shared>,
    /// The command that accepts it.
    pub link: String,
}

impl Suggested {
    /// The suggestion for claim `label` (`c12`).
    pub fn of(label: &str, s: &Suggestion) -> Suggested {
        Suggested {
            key: s.key.clone(),
            score: (s.score * 1000.0).round() / 1000.0,
            reason: s.reason(),
            shared: s
                .shared
                .iter()
                .map(|w| Shared {
                    weight: (w.weight * 1000.0).round() / 1000.0,
                    ..w.clone()
                })
                .collect(),
            link: format!("annobib link {label} {} --page N", s.key),
        }
    }
}

/// The suggestions for one claim, or why there are none.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ForClaim {
    /// The claim's id (`c12`).
    pub claim: String,
    /// Its document, as shown.
    pub document: String,
    /// Where it is (1-based).
    pub line: u32,
    /// Where it is (1-based).
    pub column: u32,
    /// Its text.
    pub text: String,
    /// The suggestions, best first.
    pub suggestions: Vec<Suggested>,
    /// Why there is none, when there is none.
    pub abstained: Option<String>,
}

impl ForClaim {
    /// The outcome for claim `label` of `document`.
    pub fn new(
        label: &str,
        document: &str,
        line: u32,
        column: u32,
        text: &str,
        outcome: &Result<Vec<Suggestion>, Abstain>,
    ) -> ForClaim {
        let (suggestions, abstained) = match outcome {
            Ok(found) => (
                found.iter().map(|s| Suggested::of(label, s)).collect(),
                None,
            ),
            Err(why) => (Vec::new(), Some(why.to_string())),
        };
        ForClaim {
            claim: label.to_string(),
            document: document.to_string(),
            line,
            column,
            text: text.split_whitespace().collect::<Vec<_>>().join(" "),
            suggestions,
            abstained,
        }
    }

    /// The lines under a claim: one per suggestion, or the reason there is none.
    pub fn lines(&self) -> Vec<String> {
        if let Some(why) = &self.abstained {
            return vec![format!("no suggestion: {why}")];
        }
        self.suggestions
            .iter()
            .enumerate()
            .map(|(i, s)| format!("{}. {} ({}): {}", i + 1, s.key, s.reason, s.link))
            .collect()
    }
}

/// Each claim, then its suggestions indented under it.
pub fn write_text(out: &mut dyn Write, claims: &[ForClaim]) -> io::Result<()> {
    for (i, c) in claims.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        writeln!(
            out,
            "{} ({}:{}:{}): {}",
            c.claim,
            c.document,
            c.line,
            c.column,
            shorten(&c.text, 100)
        )?;
        for line in c.lines() {
            writeln!(out, "  {line}")?;
        }
    }
    Ok(())
}

/// A JSON array of the claims with their suggestions.
pub fn write_json(out: &mut dyn Write, claims: &[ForClaim]) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, claims)?;
    writeln!(out)
}

/// `text` cut to about `max` characters at a word, with `…`.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let at = cut.rfind(' ').unwrap_or(cut.len());
    format!("{}…", &cut[..at])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::suggest::Field;

    #[test]
    fn each_suggestion_says_why_and_how_to_accept_it() {
        let found = Ok(vec![Suggestion {
            key: "paszke2019".into(),
            score: 4.56789,
            shared: vec![Shared {
                word: "pytorch".into(),
                field: Field::Title,
                weight: 4.56789,
            }],
        }]);
        let c = ForClaim::new(
            "c12",
            "paper.md",
            3,
            1,
            "The models are  trained\nin PyTorch.",
            &found,
        );
        assert_eq!(
            c.lines(),
            ["1. paszke2019 (title: pytorch): annobib link c12 paszke2019 --page N"]
        );
        assert_eq!(c.text, "The models are trained in PyTorch.");
        assert_eq!(c.suggestions[0].score, 4.568);
        let mut out = Vec::new();
        write_json(&mut out, &[c]).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v[0]["suggestions"][0]["shared"][0]["field"], "title");
        assert_eq!(v[0]["abstained"], serde_json::Value::Null);
        let none = ForClaim::new(
            "c3",
            "e.txt",
            1,
            1,
            "Cats sleep.",
            &Err(Abstain::NothingDistinctive),
        );
        assert!(none.lines()[0].starts_with("no suggestion: no source shares a distinctive word"));
        assert!(shorten(&"word ".repeat(50), 20).ends_with('…'));
    }
}
