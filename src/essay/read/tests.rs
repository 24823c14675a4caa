//! Table cases per format: what each unit is and what it reads.

use super::*;
use crate::model::ClaimKind::{self, *};

/// The units of `text` read as `format`: kind and text with whitespace collapsed.
fn units(format: Format, text: &str) -> Vec<(ClaimKind, String)> {
    let read = read_text("doc", format, text, &Options::default());
    for c in &read.document.claims {
        assert_eq!(c.text.len(), c.end - c.start, "{c:?}");
        assert!(read.document.text.get(c.start..c.end).is_some(), "{c:?}");
    }
    read.document
        .claims
        .iter()
        .map(|c| {
            let words: Vec<&str> = c.text.split_whitespace().collect();
            (c.kind, words.join(" "))
        })
        .collect()
}

fn claims(format: Format, text: &str) -> Vec<String> {
    units(format, text)
        .into_iter()
        .filter(|(k, _)| *k == Claim)
        .map(|(_, t)| t)
        .collect()
}

#[test]
fn latex_structure() {
    let doc = r#"\documentclass{article}
\usepackage[style=authoryear]{biblatex}
\addbibresource{refs.bib}
\title{The \emph{Alliance} Revisited}
\author{Ann Lee \and Bo Kim}
\begin{document}
\maketitle

\section{Introduction}
The alliance began in 1953.
% A comment (Smith 2020) that is no claim.
It held.

\subsection*{A starred one}
\begin{figure}
  \includegraphics{x.png}
  \caption{Troops in 1953.}
\end{figure}
\begin{itemize}
  \item First point.
  \item[b)] Second point.
\end{itemize}
\begin{quote}
A quoted line.
\end{quote}
\end{document}
"#;
    let got = units(Format::Latex, doc);
    let want: Vec<(ClaimKind, String)> = vec![
        (Other, "\\documentclass{article} \\usepackage[style=authoryear]{biblatex} \\addbibresource{refs.bib}".into()),
        (Title, "The Alliance Revisited".into()),
        (Byline, "Ann Lee Bo Kim".into()),
        (Other, "\\begin{document}".into()),
        (Heading, "Introduction".into()),
        (Claim, "The alliance began in 1953.".into()),
        (Claim, "It held.".into()),
        (Heading, "A starred one".into()),
        (Other, "\\begin{figure} \\includegraphics{x.png} \\caption{Troops in 1953.} \\end{figure}".into()),
        (Claim, "First point.".into()),
        (Claim, "Second point.".into()),
        (Claim, "A quoted line.".into()),
        (Other, "\\end{document}".into()),
    ];
    assert_eq!(got, want);
    let read = read_text("doc", Format::Latex, doc, &Options::default());
    assert_eq!(
        read.document.title.as_deref(),
        Some("The Alliance Revisited")
    );
    let it = read
        .document
        .claims
        .iter()
        .find(|c| c.text.contains("It held"))
        .unwrap();
    assert_eq!((it.line, it.column), (12, 1));
    assert_eq!(it.section.as_deref(), Some("Introduction"));
}

#[test]
fn latex_prose_is_decoded_and_citations_kept_as_written() {
    let cases: &[(&str, &[&str])] = &[
        (
            "Support fell to 70\\% in 1990.",
            &["Support fell to 70% in 1990."],
        ),
        ("Smith \\& Jones agree.", &["Smith & Jones agree."]),
        (
            "G{\\\"o}del and Erd\\H{o}s and \\c{C}elik.",
            &["Gödel and Erdős and Çelik."],
        ),
        ("Na\\\"ive caf\\'e \\ss.", &["Naïve café ß."]),
        (
            "It is \\emph{very} \\textbf{clear}.",
            &["It is very clear."],
        ),
        ("p.~5 of \\cite[p.~5]{k}.", &["p. 5 of \\cite[p.~5]{k}."]),
        (
            "We know $p < 0.05$. Next one.",
            &["We know p < 0.05.", "Next one."],
        ),
        (
            "A claim.\\footcite[12]{smith} Another claim.",
            &["A claim.\\footcite[12]{smith}", "Another claim."],
        ),
        (
            "A claim.\\autocite{smith} Another.",
            &["A claim.\\autocite{smith}", "Another."],
        ),
        (
            "It fell\\footnote{See also \\cite[p.~4]{lee}. And more.} in 1990. Then.",
            &["It fell \\cite[p.~4]{lee} in 1990.", "Then."],
        ),
        ("Text % (Smith 2020)\nmore text.", &["Text more text."]),
        ("``Quoted'' words --- here.", &["\"Quoted\" words — here."]),
        (
            "See \\href{http://x.org}{the site} and Figure~\\ref{fig:a}.",
            &["See the site and Figure ."],
        ),
        (
            "As \\textcite{lee} shows \\parencites(see)()[4]{a}[5]{b}.",
            &["As \\textcite{lee} shows \\parencites(see)()[4]{a}[5]{b}."],
        ),
    ];
    for (tex, want) in cases {
        assert_eq!(&claims(Format::Latex, tex), want, "{tex}");
    }
}

#[test]
fn latex_comment_citations_are_not_found() {
    let read = read_text(
        "doc",
        Format::Latex,
        "A claim.\n% (Smith 2020) and \\cite{x}\nMore.\n",
        &Options::default(),
    );
    let found: Vec<_> = read
        .document
        .claims
        .iter()
        .flat_map(|c| crate::cite::find(&c.text))
        .collect();
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn latex_bad_input_is_reported_and_read_past() {
    let cases: &[(&str, &str)] = &[
        ("\\section{Open\n\nText.", "1:9: warning: unbalanced braces"),
        (
            "\\input{chapter1}\nText.",
            "1:1: warning: \\input{chapter1} not followed",
        ),
        (
            "\\begin{figure}\nno end",
            "1:1: warning: \\begin{figure} without \\end{figure}",
        ),
        (
            "Cost $5 and more.\n\nNext.",
            "1:6: warning: math opened and not closed",
        ),
    ];
    for (tex, want) in cases {
        let read = read_text("doc", Format::Latex, tex, &Options::default());
        let w = read.located_warnings();
        assert!(w.iter().any(|w| w.starts_with(want)), "{tex}: {w:?}");
    }
}

#[test]
fn latex_and_markdown_never_panic_on_odd_input() {
    let odd = [
        "\\",
        "{",
        "}",
        "$",
        "\\begin{",
        "\\end{x}",
        "\\item",
        "\\footnote{",
        "\\'",
        "\\\"{",
        "%",
        "\\c",
        "\\section*[",
        "\\cites(",
        "$$",
        "\\(",
        "\\[",
        "{{{{{{{{",
        "}}}}",
        "\\title{\\'{}}",
        "é\\'é",
        "\\\\\\",
        "\\begin{document}",
        "\\verb|x|",
    ];
    let mut texts: Vec<String> = odd.iter().map(|s| s.to_string()).collect();
    for a in odd {
        for b in odd {
            texts.push(format!("{a}x {b}é\n\n{b}{a}"));
        }
    }
    texts.push("{".repeat(100_000));
    texts.push("\\footnote{".repeat(5_000));
    for t in &texts {
        let _ = read_text("doc", Format::Latex, t, &Options::default());
        let _ = read_text("doc", Format::Markdown, t, &Options::default());
    }
}

#[test]
fn markdown_structure() {
    let md = r#"---
title: "The Alliance"
bibliography: refs.bib
---

Short line

A paragraph that *says* something [@lee2010, p. 5]. And **more**.

Setext heading
--------------

## ATX heading {#sec}

- An item with a [link](http://x.org).
- Another item.

> A quotation
> over two lines.

```
code (Smith 2020).
```

A sentence with a note.[^1] Next sentence.

[^1]: The note's text (Smith 2020).

| a | b |
|---|---|
| 1 | 2 |

# References

::: {#refs}
:::
"#;
    let got = units(Format::Markdown, md);
    let want: Vec<(ClaimKind, String)> = vec![
        (
            Other,
            "--- title: \"The Alliance\" bibliography: refs.bib ---".into(),
        ),
        (Claim, "Short line".into()),
        (
            Claim,
            "A paragraph that says something [@lee2010, p. 5].".into(),
        ),
        (Claim, "And more.".into()),
        (Heading, "Setext heading".into()),
        (Heading, "ATX heading".into()),
        (Claim, "An item with a link.".into()),
        (Claim, "Another item.".into()),
        (Claim, "A quotation over two lines.".into()),
        (Other, "``` code (Smith 2020). ```".into()),
        (Claim, "A sentence with a note.[^1]".into()),
        (Claim, "Next sentence.".into()),
        (Claim, "The note's text (Smith 2020).".into()),
        (Other, "| a | b | |---|---| | 1 | 2 |".into()),
        (Heading, "References".into()),
        (Other, "::: {#refs}".into()),
        (Other, ":::".into()),
    ];
    assert_eq!(got, want);
    let read = read_text("doc", Format::Markdown, md, &Options::default());
    assert_eq!(read.document.title.as_deref(), Some("The Alliance"));
}
