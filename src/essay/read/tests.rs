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

/// `\footnote{...}` bodies are note units of their own, numbered as LaTeX numbers them,
/// each marked by its whole command (so `cite::cite_document` moves its citations to the
/// sentence carrying it); a `\footnotetext` is marked by the `\footnotemark` before it.
#[test]
fn latex_footnotes_are_notes_on_their_sentence() {
    let tex = "\\begin{document}\nIt fell\\footnote{See \\cite[4]{lee}, a 70\\% drop.} in 1990. \
Then it rose.\\footnote[7]{Set by hand \\emph{here}.} More.\\footnotemark{} End.\n\
\\footnotetext{Marked earlier \\cite{kim}.}\n\n\
Last.\\footnote{A note \\footnote{nested} inside.}\n\\end{document}\n";
    let read = read_text("doc.tex", Format::Latex, tex, &Options::default());
    let doc = &read.document;
    let notes: Vec<(String, String, &str)> = doc
        .claims
        .iter()
        .filter(|c| c.kind == Note)
        .map(|c| {
            let note = c.note.as_ref().unwrap();
            let (s, e) = note.marker.unwrap();
            let words: Vec<&str> = c.text.split_whitespace().collect();
            (note.label.clone(), words.join(" "), &tex[s..e])
        })
        .collect();
    let want: Vec<(String, String, &str)> = vec![
        (
            "1".into(),
            "See \\cite[4]{lee}, a 70% drop.".into(),
            "\\footnote{See \\cite[4]{lee}, a 70\\% drop.}",
        ),
        (
            "7".into(),
            "Set by hand here.".into(),
            "\\footnote[7]{Set by hand \\emph{here}.}",
        ),
        (
            "2".into(),
            "Marked earlier \\cite{kim}.".into(),
            "\\footnotemark",
        ),
        (
            "3".into(),
            "A note inside.".into(),
            "\\footnote{A note \\footnote{nested} inside.}",
        ),
    ];
    assert_eq!(notes, want);
    // Each note's unit lies inside the file at its body; the running text keeps only the
    // citations of its notes, and nothing of a \footnotetext.
    for c in &doc.claims {
        assert_eq!(c.text.len(), c.end - c.start);
    }
    let claims = claims(Format::Latex, tex);
    assert_eq!(
        claims,
        [
            "It fell \\cite[4]{lee} in 1990.",
            "Then it rose.",
            "More.",
            "End.",
            "Last."
        ]
    );
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

/// The files a body brings in, with their places; not those of comments, verbatim text or
/// the preamble.
#[test]
fn latex_includes_are_listed_where_they_stand() {
    let tex = "\\input{macros}\n\\begin{document}\n\\input{ch1}\n% \\input{no}\n\
\\begin{verbatim}\n\\input{no}\n\\end{verbatim}\n  \\include{parts/two.tex} \\subimport{a/}{b}\n\\end{document}";
    let got: Vec<(String, String, usize, usize)> = latex_includes(tex)
        .into_iter()
        .map(|i| (i.command, i.name, i.line, i.column))
        .collect();
    let want = [
        ("\\input", "ch1", 3, 1),
        ("\\include", "parts/two.tex", 8, 3),
        ("\\subimport", "a/b", 8, 27),
    ];
    let want: Vec<(String, String, usize, usize)> = want
        .iter()
        .map(|&(c, n, l, k)| (c.to_string(), n.to_string(), l, k))
        .collect();
    assert_eq!(got, want);
}

/// The bibliography files an essay names, with their places.
#[test]
fn bibliography_files_of_markdown_and_latex() {
    type Named<'a> = &'a [(&'a str, usize, usize)];
    let cases: &[(Format, &str, Named)] = &[
        (
            Format::Markdown,
            "---\ntitle: T\nbibliography: refs.bib\n---\nText.\n",
            &[("refs.bib", 3, 15)],
        ),
        (
            Format::Markdown,
            "---\nbibliography: [a.bib, \"b c.json\"]\n---\n",
            &[("a.bib", 2, 15), ("b c.json", 2, 15)],
        ),
        (
            Format::Markdown,
            "---\nbibliography:\n  - a.bib\n  - 'sub/b.yaml'\nlink-citations: true\n- no.bib\n---\n",
            &[("a.bib", 3, 5), ("sub/b.yaml", 4, 5)],
        ),
        (
            Format::Markdown,
            "---\nbibliography: https://x.org/r.bib\n---\n",
            &[],
        ),
        (Format::Markdown, "Text.\n\nbibliography: not.bib\n", &[]),
        (
            Format::Latex,
            "\\addbibresource[label=x]{refs.bib}\n% \\addbibresource{no.bib}\n\\bibliographystyle{plain}\n\\bibliography{a, b}\n",
            &[("refs.bib", 1, 1), ("a.bib", 4, 1), ("b.bib", 4, 1)],
        ),
        (Format::Text, "bibliography: refs.bib\n", &[]),
    ];
    for (format, text, want) in cases {
        let got: Vec<(String, usize, usize)> = bibliography_files(*format, text)
            .into_iter()
            .map(|b| (b.name, b.line, b.column))
            .collect();
        let want: Vec<(String, usize, usize)> = want
            .iter()
            .map(|&(n, l, c)| (n.to_string(), l, c))
            .collect();
        assert_eq!(got, want, "{text}");
    }
}

#[test]
fn latex_bad_input_is_reported_and_read_past() {
    let cases: &[(&str, &str)] = &[
        ("\\section{Open\n\nText.", "1:9: warning: unbalanced braces"),
        (
            "\\input\nText.",
            "1:1: warning: \\input without its {...} argument",
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
        (Note, "The note's text (Smith 2020).".into()),
        (Other, "| a | b | |---|---| | 1 | 2 |".into()),
        (Heading, "References".into()),
        (Other, "::: {#refs}".into()),
        (Other, ":::".into()),
    ];
    assert_eq!(got, want);
    let read = read_text("doc", Format::Markdown, md, &Options::default());
    assert_eq!(read.document.title.as_deref(), Some("The Alliance"));
    let note = read
        .document
        .claims
        .iter()
        .find(|c| c.kind == Note)
        .unwrap();
    let note = note.note.as_ref().unwrap();
    assert_eq!(note.label, "1");
    let (s, e) = note.marker.unwrap();
    assert_eq!(&md[s..e], "[^1]");
}

/// What pandoc's Markdown writer puts where CommonMark reads text as written: an escaped
/// space inside a superscript citation (`^see\ also\ 19(p595)^`, a numeric style's
/// citation with a prefix) reads as the space it is, as do dashes.
#[test]
fn markdown_pandoc_escapes_read_as_their_text() {
    let md = "Not enough^see\\ also\\ 19(p595)^. Pages 40--41 and 3---4.\n";
    let read = read_text("doc", Format::Markdown, md, &Options::default());
    let texts: Vec<String> = read
        .document
        .claims
        .iter()
        .map(|c| c.text.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(texts[0], "Not enough^see also 19(p595)^.");
    assert!(texts[1].starts_with("Pages 40-41 and 3—4."), "{texts:?}");
}

#[test]
fn html_structure_as_pandoc_writes_it() {
    let page = r##"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8" /><title>The Alliance &amp; After</title>
<style>p { margin: 1em; } /* (Smith 2020) */</style>
<script>var x = "<p>Not a claim (Smith 2020).</p>";</script></head>
<body>
<header id="title-block-header"><h1 class="title">The Alliance</h1>
<p class="author">Ann Lee</p></header>
<nav id="TOC"><ul><li><a href="#origins">Origins</a></li></ul></nav>
<h1 id="origins">Origins<a class="headerlink" href="#origins">¶</a></h1>
<p>Aid was <em>un</em>usually large.<a href="#fn1" class="footnote-ref" id="fnref1"
role="doc-noteref"><sup>1</sup></a> The treaty came in&nbsp;1953 &#8211; late.</p>
<ul><li>First point.</li><li><p>Second point.</p></li></ul>
<blockquote><p>A quoted line.</p></blockquote>
<pre><code>not (Smith 2020) prose</code></pre>
<table><caption>Troops (Finley 1983).</caption><tr><td>1953</td></tr></table>
<p>Code like <code>x (Smith 2020)</code> is skipped, math <span class="math inline">\(x\)</span> too.</p>
<section id="footnotes" class="footnotes footnotes-end-of-document" role="doc-endnotes">
<hr /><ol><li id="fn1"><p>Shin, <em>The Alliance</em>, 24.<a href="#fnref1"
class="footnote-back" role="doc-backlink">↩︎</a></p></li></ol></section>
</body></html>
"##;
    let got = units(Format::Html, page);
    let want: Vec<(ClaimKind, String)> = vec![
        (Title, "The Alliance & After".into()),
        (Title, "The Alliance".into()),
        (Byline, "Ann Lee".into()),
        (Heading, "Origins".into()),
        (Claim, "Aid was unusually large.[^1]".into()),
        (Claim, "The treaty came in 1953 – late.".into()),
        (Claim, "First point.".into()),
        (Claim, "Second point.".into()),
        (Claim, "A quoted line.".into()),
        (Other, "not (Smith 2020) prose".into()),
        (Other, "Troops (Finley 1983). 1953".into()),
        (Claim, "Code like is skipped, math too.".into()),
        (Note, "Shin, The Alliance, 24.".into()),
    ];
    assert_eq!(got, want);
    let read = read_text("doc.html", Format::Html, page, &Options::default());
    let doc = &read.document;
    assert_eq!(doc.title.as_deref(), Some("The Alliance"));
    assert!(read.warnings.is_empty(), "{:?}", read.warnings);
    // Locations are the file's lines; the marker is where it is written.
    let aid = doc
        .claims
        .iter()
        .find(|c| c.text.contains("Aid was"))
        .unwrap();
    assert_eq!((aid.line, aid.column), (10, 4));
    let note = doc.claims.iter().find(|c| c.kind == Note).unwrap();
    let n = note.note.as_ref().unwrap();
    assert_eq!(n.label, "1");
    let (ms, me) = n.marker.unwrap();
    assert!(page[ms..me].starts_with("<a href=\"#fn1\"") && page[ms..me].ends_with("</a>"));
    assert_eq!(
        doc.claims
            .iter()
            .find(|c| c.kind == Heading)
            .unwrap()
            .section
            .as_deref(),
        Some("Origins")
    );
}

/// Notes as Word ("save as web page"), Google Docs, mdBook and kramdown write them.
#[test]
fn html_notes_of_every_writer_are_notes_on_their_sentence() {
    let word = r##"<html><body lang=EN-US><div class=WordSection1>
<p class=MsoNormal>Aid was large.<a style='mso-footnote-id:ftn1' href="#_ftn1" name="_ftnref1"
title=""><span class=MsoFootnoteReference><span style='mso-special-character:footnote'><![if !supportFootnotes]><span
class=MsoFootnoteReference><span style='font-size:12.0pt'>[1]</span></span><![endif]></span></span></a>
It grew.<o:p></o:p></p></div>
<div style='mso-element:footnote-list'><![if !supportFootnotes]><br clear=all><hr align=left size=1 width="33%"><![endif]>
<div style='mso-element:footnote' id=ftn1>
<p class=MsoFootnoteText><a style='mso-footnote-id:ftn1' href="#_ftnref1" name="_ftn1" title=""><span
class=MsoFootnoteReference><span style='mso-special-character:footnote'><![if !supportFootnotes]><span
class=MsoFootnoteReference><span style='font-size:10.0pt'>[1]</span></span><![endif]></span></span></a>
Shin, 24.<o:p></o:p></p></div></div></body></html>"##;
    let google = r##"<html><body class="c5"><p class="c2"><span class="c0">Aid was large.</span><sup><a href="#ftnt1" id="ftnt_ref1">[1]</a></sup><span class="c0">&nbsp;It grew.</span></p><hr class="c6"><div><p class="c3"><a href="#ftnt_ref1" id="ftnt1">[1]</a><span class="c1">&nbsp;Shin, 24.</span></p></div></body></html>"##;
    let mdbook = r##"<main><p>Aid was large.<sup class="footnote-reference" id="fr-1-1"><a href="#footnote-1">1</a></sup> It grew.</p>
<div class="footnote-definition" id="footnote-1"><sup class="footnote-definition-label">1</sup>
<p>Shin, 24.</p></div></main>"##;
    let kramdown = r##"<article><p>Aid was large.<sup id="fnref:1" role="doc-noteref"><a href="#fn:1" class="footnote" rel="footnote">1</a></sup> It grew.</p>
<div class="footnotes" role="doc-endnotes"><ol><li id="fn:1" role="doc-endnote"><p>Shin, 24.&nbsp;<a href="#fnref:1" class="reversefootnote" role="doc-backlink">&#8617;</a></p></li></ol></div></article>"##;
    for (who, page) in [
        ("word", word),
        ("google", google),
        ("mdbook", mdbook),
        ("kramdown", kramdown),
    ] {
        let got = units(Format::Html, page);
        assert_eq!(
            got,
            vec![
                (Claim, "Aid was large.[^1]".to_string()),
                (Claim, "It grew.".to_string()),
                (Note, "Shin, 24.".to_string()),
            ],
            "{who}"
        );
        let read = read_text("doc.html", Format::Html, page, &Options::default());
        let note = read
            .document
            .claims
            .iter()
            .find(|c| c.kind == Note)
            .unwrap();
        let n = note.note.as_ref().expect(who);
        assert_eq!(n.label, "1", "{who}");
        let (ms, _) = n.marker.unwrap();
        assert!(
            ms > page.find("large.").unwrap() && ms < page.find("It grew").unwrap(),
            "{who}"
        );
    }
}

#[test]
fn html_links_that_are_no_notes_stay_text() {
    // A section reference, a table of contents and a link to a later figure are not notes.
    let page = r##"<p>See section <a href="#s2">2</a> and <a href="#later">the figure</a>.</p>
<h2 id="s2">Two</h2><p id="later">Text.</p>"##;
    let read = read_text("doc.html", Format::Html, page, &Options::default());
    assert!(
        read.document
            .claims
            .iter()
            .all(|c| c.note.is_none() && c.kind != Note)
    );
    assert_eq!(
        claims(Format::Html, page)[0],
        "See section 2 and the figure."
    );
}

#[test]
fn html_superscripts_distill_citations_and_page_furniture() {
    // A numeric style's superscripts as a plain-text rendering shows them.
    let page = "<p>Large<sup>1,2</sup>. Larger<sup>3</sup>. Largest<sup>4(pp5-7)</sup>.</p>";
    assert_eq!(
        claims(Format::Html, page),
        ["Large^(1,2).", "Larger³.", "Largest^(4(pp5-7))."]
    );
    // Distill: d-cite keys as pandoc citations, the front matter and bibliography skipped.
    let page = r##"<d-front-matter><script type="text/json">{"title": "Debt"}</script></d-front-matter>
<d-title><h1>Research Debt</h1></d-title>
<d-article><p>Debt grows <d-cite key="olah2015,carter2017"></d-cite>.</p></d-article>
<d-bibliography src="bibliography.bib"></d-bibliography>"##;
    let got = units(Format::Html, page);
    assert_eq!(
        got,
        vec![
            (Title, "Research Debt".to_string()),
            (Claim, "Debt grows [@olah2015; @carter2017].".to_string())
        ]
    );
    // A saved page: only its main content is read.
    let page = r##"<html><body><header><a href="/">Site</a> <a href="/blog">Blog</a></header>
<div class="sidebar"><p>Subscribe now (Smith 2020).</p></div>
<main><h1>Post</h1><p>The claim (Lee 2001).</p></main><footer><p>© 2024 (Smith 2020)</p></footer></body></html>"##;
    assert_eq!(
        units(Format::Html, page),
        vec![
            (Title, "Post".to_string()),
            (Claim, "The claim (Lee 2001).".to_string())
        ]
    );
}

#[test]
fn html_bad_input_is_read_past_and_never_panics() {
    let read = read_text(
        "doc.html",
        Format::Html,
        "<p>One.</p><!-- never closed <p>Two.</p>",
        &Options::default(),
    );
    assert_eq!(read.located_warnings().len(), 1, "{:?}", read.warnings);
    assert!(read.located_warnings()[0].starts_with("1:12: warning: a comment is never closed"));
    let deep = format!("{}<p>Deep.</p>", "<div>".repeat(5000));
    let read = read_text("doc.html", Format::Html, &deep, &Options::default());
    assert!(read.warnings[0].message.contains("nested deeper"));
    assert_eq!(
        read.document
            .claims
            .iter()
            .filter(|c| c.kind == Claim)
            .count(),
        1
    );
    for t in [
        "<",
        "<a",
        "<a href",
        "<a href='",
        "</",
        "</p",
        "<!",
        "<!-",
        "<![CDATA[",
        "&",
        "&#",
        "&#x;",
        "&#xFFFFFFFF;",
        "&#55296;",
        "<sup>",
        "<sup></sup>",
        "<p><sup>1</sup",
        "<a href=#x>1</a><p id=x>",
        "<script>",
        "<script></scr",
        "<d-cite key=\"\">",
        "<p>é&eacute;<b>ü</b></p>",
        "<table><p>x",
        "<li>a<li>b</ul></li>",
        "<h1><h2>x</h1>",
        "</div></div><p>x",
        "\u{0}<p>\u{0}</p>",
    ] {
        let read = read_text("doc.html", Format::Html, t, &Options::default());
        for c in &read.document.claims {
            assert!(t.get(c.start..c.end).is_some(), "{t:?}: {c:?}");
        }
    }
}

/// Reading a Markdown essay's footnotes takes time linear in the notes (issue 12: 40,000
/// footnotes took 20 s; each note block searched every definition), fastest of three runs.
#[test]
fn markdown_footnotes_are_read_in_linear_time() {
    let text_of = |n: usize| {
        let mut md = String::new();
        for k in 1..=n {
            md.push_str(&format!("Claim {k} holds.[^{k}]\n\n"));
        }
        for k in 1..=n {
            md.push_str(&format!("[^{k}]: Paik 1990, {k}.\n\n"));
        }
        md
    };
    // 32 times the notes: linear about 32 times, quadratic 1,024; the bound sits between.
    crate::testing::assert_linear_time("markdown footnotes", 1000, 32, 64.0, |n| {
        let md = text_of(n);
        let mut read = None;
        let took = crate::testing::seconds(|| {
            read = Some(read_text(
                "e.md",
                Format::Markdown,
                &md,
                &Options::default(),
            ))
        });
        let notes = read
            .unwrap()
            .document
            .claims
            .into_iter()
            .filter(|c| c.kind == Note);
        assert_eq!(notes.count(), n);
        took
    });
}
