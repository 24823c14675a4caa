//! LaTeX citation commands: "\cite{finley1983}", "\cite[p.~150]{finley1983}",
//! "\cite[see][150]{finley1983}", "\parencite[150]{a,b}", "\textcite{...}", "\autocite",
//! "\footcite", natbib's "\citep"/"\citet", and biblatex's multicite "\cites[..]{a}[..]{b}".
//!
//! Owns the command rule. With one optional argument it is the postnote (the locator); with
//! two, the prenote (the prefix) and the postnote, as in biblatex and natbib. A command citing
//! several keys at once yields one citation per key, whose marker is the key itself (the whole
//! command is the group); biblatex prints the prenote before the first key and the postnote
//! after the last, so that is where they go. A command citing one key has the whole command as
//! its marker.

use super::{citation, group};
use crate::cite::locator::leading_locator;
use crate::model::{Citation, CitationStyle, MarkerParts};
use crate::model::{LATEX_CITE_COMMANDS, LATEX_MULTICITE_COMMANDS};

/// One `[pre][post]{keys}` argument group: the notes and each key's span.
struct Args {
    pre: Option<String>,
    post: Option<String>,
    keys: Vec<(usize, usize)>,
}

/// Every citation command of `text`, one citation per key.
pub(super) fn find(text: &str) -> Vec<Citation> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(off) = text[from..].find('\\') {
        let at = from + off;
        let name_end = at
            + 1
            + bytes[at + 1..]
                .iter()
                .take_while(|b| b.is_ascii_alphabetic())
                .count();
        from = name_end.max(at + 1);
        let name = &text[at + 1..name_end];
        let multi = LATEX_MULTICITE_COMMANDS.contains(&name);
        if !multi && !LATEX_CITE_COMMANDS.contains(&name) {
            continue;
        }
        let mut pos = name_end;
        if bytes.get(pos) == Some(&b'*') {
            pos += 1;
        }
        let mut groups = Vec::new();
        while let Some((args, next)) = args(text, pos) {
            groups.push(args);
            pos = next;
            if !multi {
                break;
            }
        }
        if groups.is_empty() {
            continue;
        }
        from = pos;
        let command = (at, pos);
        let detected = format!("LaTeX \\{name} command");
        let single = groups.len() == 1 && groups[0].keys.len() == 1;
        for args in &groups {
            let last = args.keys.len().saturating_sub(1);
            for (i, &(ks, ke)) in args.keys.iter().enumerate() {
                let parts = MarkerParts {
                    prefix: args.pre.clone().filter(|_| i == 0),
                    key: Some(text[ks..ke].to_string()),
                    ..MarkerParts::default()
                };
                let locator = args
                    .post
                    .as_deref()
                    .filter(|_| i == last)
                    .and_then(|p| leading_locator(&p.replace('~', " ")).map(|(l, _)| l));
                let span = if single { command } else { (ks, ke) };
                let style = CitationStyle::Latex;
                out.push(citation(
                    text,
                    span,
                    Some(command),
                    style,
                    detected.clone(),
                    parts,
                    locator,
                ));
            }
        }
    }
    out
}

/// Reads `[opt]?[opt]?{keys}` at `pos` (spaces allowed before each part); returns the group
/// and the position after it.
fn args(text: &str, mut pos: usize) -> Option<(Args, usize)> {
    let mut options = Vec::new();
    loop {
        let skip = text[pos..].len() - text[pos..].trim_start().len();
        let at = pos + skip;
        match text.as_bytes().get(at) {
            Some(b'[') if options.len() < 2 => {
                let close = at + group::closing(&text[at..], ']')?;
                options.push(text[at + 1..close].trim().to_string());
                pos = close + 1;
            }
            Some(b'{') => {
                let close = at + group::closing(&text[at..], '}')?;
                let keys = key_spans(text, at + 1, close);
                if keys.is_empty() {
                    return None;
                }
                let (pre, post) = match options.len() {
                    0 => (None, None),
                    1 => (None, options.pop()),
                    _ => {
                        let post = options.pop();
                        (options.pop(), post)
                    }
                };
                let nonempty = |s: Option<String>| s.filter(|s| !s.is_empty());
                let args = Args {
                    pre: nonempty(pre),
                    post: nonempty(post),
                    keys,
                };
                return Some((args, close + 1));
            }
            _ => return None,
        }
    }
}

/// The trimmed spans of the comma-separated keys in `[start, end)`.
fn key_spans(text: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut from = start;
    for piece in text[start..end].split(',') {
        let lead = piece.len() - piece.trim_start().len();
        let key = piece.trim();
        if !key.is_empty() && !key.contains(char::is_whitespace) {
            out.push((from + lead, from + lead + key.len()));
        }
        from += piece.len() + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::cite::find::testing::check;

    #[test]
    #[rustfmt::skip]
    fn latex() {
        check(&[
            (r"as \cite{finley1983} shows", r#"latex "\\cite{finley1983}" k=finley1983"#),
            (r"\cite[p.~150]{finley1983}", r#"latex "\\cite[p.~150]{finley1983}" k=finley1983 loc=page 150"#),
            (r"\cite[see][150]{finley1983}", r#"latex "\\cite[see][150]{finley1983}" pre=see k=finley1983 loc=page 150"#),
            (r"\parencite[150]{a,b}", r#"latex "a" k=a | latex "b" k=b loc=page 150"#),
            (r"\parencite[see][150]{a, b}", r#"latex "a" pre=see k=a | latex "b" k=b loc=page 150"#),
            (r"\textcite{finley1983} argues", r#"latex "\\textcite{finley1983}" k=finley1983"#),
            (r"\autocite[ch. 3]{finley1983}", r#"latex "\\autocite[ch. 3]{finley1983}" k=finley1983 loc=chapter 3"#),
            (r"text.\footcite{finley1983}", r#"latex "\\footcite{finley1983}" k=finley1983"#),
            (r"\citep[][pp.~3--5]{smith2019}", r#"latex "\\citep[][pp.~3--5]{smith2019}" k=smith2019 loc=page 3--5"#),
            (r"\cite*{finley1983}", r#"latex "\\cite*{finley1983}" k=finley1983"#),
            (r"\cites[see][24]{history2014}[150]{finley1983}", r#"latex "history2014" pre=see k=history2014 loc=page 24 | latex "finley1983" k=finley1983 loc=page 150"#),
            (r"(\cite{a}; Finley 1983)", r#"latex "\\cite{a}" k=a | author-date "Finley 1983" a=Finley y=1983"#),
        ]);
    }

    #[test]
    fn not_latex() {
        check(&[
            (r"\nocite{finley1983}", ""),
            (r"\emph{Finley}", ""),
            (r"\cite without braces", ""),
            (r"\cite{}", ""),
        ]);
    }
}
