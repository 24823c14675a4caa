//! Reviewed outputs of the bibliography: the example readings and the edge cases in every
//! style, the three writers on a small list, escaping, and the pieces the styles rely on.

use super::runs::{block_start_escape, chicago_names};
use super::*;
use crate::model::Person;
use crate::render::report::fixtures::{person, readings, source};

/// The sources of the edge cases: a corporate author, an article, a thesis, a chapter in an
/// edited book, a web page.
fn edge_sources() -> Vec<Source> {
    let imh = Person {
        corporate: true,
        ..person("Institute of Military History", "")
    };
    vec![
        source(
            "imh2014",
            "book",
            &[
                ("author", "{Institute of Military History}"),
                ("title", "The History of the {ROK-US} Alliance"),
                ("subtitle", "1953-2013"),
                ("location", "Seoul"),
                ("publisher", "IMH"),
                ("date", "2014"),
            ],
            vec![("author", vec![imh])],
        ),
        source(
            "cha2010",
            "article",
            &[
                ("author", "Cha, Victor D."),
                (
                    "title",
                    "powerplay: origins of the {U.S.} alliance system in {Asia}",
                ),
                ("journaltitle", "International Security"),
                ("volume", "34"),
                ("number", "3"),
                ("pages", "158--196"),
                ("date", "2010"),
                ("doi", "10.1162/isec.2010.34.3.158"),
            ],
            vec![("author", vec![person("Cha", "Victor D.")])],
        ),
        source(
            "lee1983",
            "incollection",
            &[
                ("author", "Lee, Chae-Jin"),
                ("title", "Why Korea?"),
                ("subtitle", "An Essay"),
                ("booktitle", "The US-South Korean Alliance"),
                ("editor", "Curtis, Gerald L."),
                ("location", "Lexington"),
                ("publisher", "Lexington Books"),
                ("pages", "1--20"),
                ("date", "1983"),
            ],
            vec![
                ("author", vec![person("Lee", "Chae-Jin")]),
                ("editor", vec![person("Curtis", "Gerald L.")]),
            ],
        ),
        source(
            "kim2001",
            "phdthesis",
            &[
                ("author", "Kim, Min"),
                ("title", "Alliance Politics"),
                ("school", "Yale University"),
                ("year", "2001"),
            ],
            vec![("author", vec![person("Kim", "Min")])],
        ),
        source(
            "web2020",
            "online",
            &[
                ("author", "Oh, Daniel"),
                ("title", "US-Korea Military Alliance"),
                ("url", "https://example.org/essay"),
                ("urldate", "2024-05-01"),
                ("date", "2020-03-02"),
            ],
            vec![("author", vec![person("Oh", "Daniel")])],
        ),
    ]
}

fn markdown_lines(sources: &[Source], style: Style) -> Vec<String> {
    let b = Bibliography::build(sources, style, |_| vec![]).unwrap();
    b.entries.iter().map(|e| markdown_runs(&e.runs)).collect()
}

#[test]
fn the_readings_in_every_style() {
    assert_eq!(READINGS.len(), Style::ALL.len());
    for (style, want) in READINGS {
        assert_eq!(
            markdown_lines(&readings(), style.clone()),
            *want,
            "{}",
            style.name()
        );
    }
}

#[test]
fn the_edge_cases_in_every_style() {
    assert_eq!(EDGES.len(), Style::ALL.len());
    for (style, want) in EDGES {
        assert_eq!(
            markdown_lines(&edge_sources(), style.clone()),
            *want,
            "{}",
            style.name()
        );
    }
}

#[test]
fn plain_text_is_the_markdown_without_markup_or_escapes() {
    for style in Style::ALL {
        let b = Bibliography::build(&edge_sources(), style.clone(), |_| vec![]).unwrap();
        for e in &b.entries {
            assert!(!e.text.contains('\u{1b}'), "{}: {}", style.name(), e.text);
            assert!(
                !e.text.contains(['*', '<', '\\']),
                "{}: {}",
                style.name(),
                e.text
            );
        }
    }
    let b = Bibliography::build(&readings(), Style::ChicagoNotes17, |_| vec![]).unwrap();
    assert_eq!(
        b.entries[1].text,
        "Finley, James P. The US Military Experience in Korea, 1871-1982: In the Vanguard of \
         ROK-US Relations. San Francisco: USFK, 1983."
    );
}

#[test]
fn brace_protected_words_keep_their_case_under_title_case() {
    let title = |raw: &str| {
        let s = source("k", "book", &[("title", raw), ("date", "2000")], vec![]);
        Bibliography::build(&[s], Style::ChicagoNotes17, |_| vec![])
            .unwrap()
            .entries[0]
            .text
            .clone()
    };
    assert_eq!(
        title("{de Gaulle} and the alliance"),
        "de Gaulle and the Alliance. 2000."
    );
    assert_eq!(
        title("de Gaulle and the alliance"),
        "De Gaulle and the Alliance. 2000."
    );
}

#[test]
fn style_names_parse_back_and_aliases_pick_the_17th_edition() {
    for style in Style::ALL {
        assert_eq!(Style::parse(style.name()), Some(style));
    }
    let cases = [
        ("chicago", Some(Style::ChicagoNotes17)),
        ("Chicago-Notes", Some(Style::ChicagoNotes17)),
        ("turabian", Some(Style::ChicagoNotes17)),
        ("chicago-author-date", Some(Style::ChicagoAuthorDate17)),
        ("apa-7", Some(Style::Apa)),
        ("mla-9", Some(Style::Mla)),
        ("american-psychological-association", Some(Style::Apa)),
        ("nosuch", None),
    ];
    for (name, want) in cases {
        assert_eq!(Style::parse(name), want, "{name}");
    }
    assert_eq!(Style::default(), Style::ChicagoNotes17);
    // Every other style of the archive, by its own name.
    let names = Style::names();
    assert!(names.len() > 70, "{}", names.len());
    for name in names {
        let style = Style::parse(name).unwrap_or_else(|| panic!("{name}"));
        assert_eq!(Style::parse(style.name()), Some(style), "{name}");
    }
    assert!(matches!(Style::parse("ieee"), Some(Style::Archive(_))));
}

#[test]
fn chicago_editor_lists() {
    let p = |family: &str, given: &str| hayagriva::types::Person {
        name: family.into(),
        given_name: (!given.is_empty()).then(|| given.into()),
        prefix: None,
        suffix: None,
        comma_suffix: false,
        alias: None,
    };
    let mut berg = p("Berg", "Jan");
    berg.prefix = Some("van der".into());
    let mut boose = p("Boose", "Donald W.");
    boose.suffix = Some("Jr.".into());
    let eleven: Vec<_> = (1..=11).map(|k| p(&format!("N{k}"), "A.")).collect();
    let cases: Vec<(Vec<hayagriva::types::Person>, &str)> = vec![
        (vec![p("Kwan", "Tae-hwan")], "Kwan, Tae-hwan, ed."),
        (
            vec![p("Curtis", "Gerald L."), p("Han", "Sung-joo")],
            "Curtis, Gerald L., and Sung-joo Han, eds.",
        ),
        (
            vec![p("A", "B."), p("C", "D."), p("E", "F.")],
            "A, B., D. C, and F. E, eds.",
        ),
        (
            vec![p("Institute of Military History", "")],
            "Institute of Military History, ed.",
        ),
        (
            vec![berg.clone(), boose.clone()],
            "Berg, Jan van der, and Donald W. Boose Jr., eds.",
        ),
        (
            vec![boose, berg],
            "Boose, Donald W., Jr., and Jan van der Berg, eds.",
        ),
        (
            eleven,
            "N1, A., A. N2, A. N3, A. N4, A. N5, A. N6, A. N7 et al., eds.",
        ),
    ];
    for (persons, want) in cases {
        assert_eq!(chicago_names(&persons), want);
    }
}

#[test]
fn markdown_block_starts_are_escaped() {
    let cases = [
        (
            "1984. London: Secker, 1949.",
            r"1984\. London: Secker, 1949.",
        ),
        ("2) two", r"2\) two"),
        ("# not a heading", r"\# not a heading"),
        ("- not a list", r"\- not a list"),
        ("Finley, James P.", "Finley, James P."),
        ("1983 alone", "1983 alone"),
    ];
    for (s, want) in cases {
        assert_eq!(block_start_escape(s), want, "{s}");
    }
}

fn small() -> Bibliography {
    let sources = readings();
    let pick: Vec<Source> = sources
        .into_iter()
        .filter(|s| s.key == "history2014" || s.key == "kwan1982")
        .collect();
    Bibliography::build(&pick, Style::ChicagoNotes17, |key| {
        if key == "history2014" {
            vec![
                CitedAt {
                    claim: "c24".into(),
                    locator: Some("p. 24".into()),
                },
                CitedAt {
                    claim: "c25".into(),
                    locator: None,
                },
            ]
        } else {
            vec![]
        }
    })
    .unwrap()
}

fn written(f: impl Fn(&Bibliography, &mut dyn Write) -> io::Result<()>) -> String {
    let mut out = Vec::new();
    f(&small(), &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn text_output() {
    assert_eq!(
        written(|b, out| b.write_text(out)),
        "\
Kwan, Tae-hwan, ed. US Korean Relations 1882-1982. Seoul: Kyungnam University Press, 1982.
    Recommended reading on the first century of US-Korean relations; not cited in the essay.
    Not cited.

The History of the ROK-US Alliance: 1953-2013. Seoul: Institute for Military History, 2014.
    The essay's main source on the alliance's origins: cited for the Joseon Dynasty's hope of US arbitration (p. 24), the Taft-Katsura Agreement (p. 25) and Rhee's plan for a Pacific anti-communist alliance (p. 60).
    Cited at c24 (p. 24), c25.
"
    );
}

#[test]
fn markdown_output() {
    assert_eq!(
        written(|b, out| b.write_markdown(out)),
        "\
- Kwan, Tae-hwan, ed. *US Korean Relations 1882-1982*. Seoul: Kyungnam University Press, 1982.

  Recommended reading on the first century of US-Korean relations; not cited in the essay.

  Not cited.

- *The History of the ROK-US Alliance: 1953-2013*. Seoul: Institute for Military History, 2014.

  The essay's main source on the alliance's origins: cited for the Joseon Dynasty's hope of US arbitration (p. 24), the Taft-Katsura Agreement (p. 25) and Rhee's plan for a Pacific anti-communist alliance (p. 60).

  Cited at c24 (p. 24), c25.
"
    );
}

#[test]
fn html_output() {
    assert_eq!(
        written(|b, out| b.write_html(out, true)),
        "\
<div class=\"bib-entry\" id=\"ref-kwan1982\">
<p class=\"reference\">Kwan, Tae-hwan, ed. <i>US Korean Relations 1882-1982</i>. Seoul: Kyungnam University Press, 1982.</p>
<p class=\"annotation\">Recommended reading on the first century of US-Korean relations; not cited in the essay.</p>
<p class=\"cited-at\">Not cited.</p>
</div>
<div class=\"bib-entry\" id=\"ref-history2014\">
<p class=\"reference\"><i>The History of the ROK-US Alliance: 1953-2013</i>. Seoul: Institute for Military History, 2014.</p>
<p class=\"annotation\">The essay&#39;s main source on the alliance&#39;s origins: cited for the Joseon Dynasty&#39;s hope of US arbitration (p. 24), the Taft-Katsura Agreement (p. 25) and Rhee&#39;s plan for a Pacific anti-communist alliance (p. 60).</p>
<p class=\"cited-at\">Cited at <a href=\"#c24\">c24</a> (p. 24), <a href=\"#c25\">c25</a>.</p>
</div>
"
    );
}

#[test]
fn html_and_markdown_escape_user_text() {
    let evil = source(
        "x\"><script>alert(1)</script>",
        "online",
        &[
            ("title", "<script>alert(1)</script> & *more*"),
            ("url", "javascript:alert(1)"),
            ("annotation", "<img src=x onerror=alert(1)> \"quoted\""),
            ("date", "2020"),
        ],
        vec![],
    );
    let b = Bibliography::build(&[evil], Style::Mla, |_| {
        vec![CitedAt {
            claim: "c1\"><script>".into(),
            locator: Some("<b>p. 1</b>".into()),
        }]
    })
    .unwrap();
    let mut html = Vec::new();
    b.write_html(&mut html, true).unwrap();
    let html = String::from_utf8(html).unwrap();
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("<img"), "{html}");
    assert!(!html.contains("<b>"), "{html}");
    assert!(!html.contains("javascript:alert(1)\""), "{html}");
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; *more*"),
        "{html}"
    );
    assert!(
        html.contains("id=\"ref-x&quot;&gt;&lt;script&gt;"),
        "{html}"
    );
    let mut md = Vec::new();
    b.write_markdown(&mut md).unwrap();
    let md = String::from_utf8(md).unwrap();
    assert!(
        md.contains(r"\<script\>alert(1)\</script\> & \*more\*"),
        "{md}"
    );
    assert!(md.contains(r"\<img src=x onerror=alert(1)\>"), "{md}");
    assert!(!md.contains("](javascript"), "{md}");
}

/// The six readings in each style, as Markdown (italics as `*...*`), in the style's order.
#[rustfmt::skip]
const READINGS: &[(Style, &[&str])] = &[
    (Style::ChicagoNotes17, &[
        r"Curtis, Gerald L., and Sung-joo Han, eds. *The US-South Korean Alliance: Evolving Patterns in Security Relations*. Lexington: Lexington Books, 1983.",
        r"Finley, James P. *The US Military Experience in Korea, 1871-1982: In the Vanguard of ROK-US Relations*. San Francisco: USFK, 1983.",
        r"Kwan, Tae-hwan, ed. *US Korean Relations 1882-1982*. Seoul: Kyungnam University Press, 1982.",
        r"Paik, Seung-gi. *US-Korean Security Relations since 1945*. Seoul: Seoul Press, 1990.",
        r"Shin, Gi-Wook. *One Alliance, Two Lenses: US-Korea Relations in a New Era*. Stanford: StanfordUniversity Press, 2010.",
        r"*The History of the ROK-US Alliance: 1953-2013*. Seoul: Institute for Military History, 2014.",
    ]),
    (Style::ChicagoNotes18, &[
        r"Curtis, Gerald L., and Sung-joo Han, eds. *The US-South Korean Alliance: Evolving Patterns in Security Relations*. Lexington Books, 1983.",
        r"Finley, James P. *The US Military Experience in Korea, 1871-1982: In the Vanguard of ROK-US Relations*. USFK, 1983.",
        r"Kwan, Tae-hwan, ed. *US Korean Relations 1882-1982*. Kyungnam University Press, 1982.",
        r"Paik, Seung-gi. *US-Korean Security Relations since 1945*. Seoul Press, 1990.",
        r"Shin, Gi-Wook. *One Alliance, Two Lenses: US-Korea Relations in a New Era*. StanfordUniversity Press, 2010.",
        r"*The History of the ROK-US Alliance: 1953-2013*. Institute for Military History, 2014.",
    ]),
    (Style::ChicagoAuthorDate17, &[
        r"Curtis, Gerald L., and Sung-joo Han, eds. 1983. *The US-South Korean Alliance: Evolving Patterns in Security Relations*. Lexington: Lexington Books.",
        r"Finley, James P. 1983. *The US Military Experience in Korea, 1871-1982: In the Vanguard of ROK-US Relations*. San Francisco: USFK.",
        r"Kwan, Tae-hwan, ed. 1982. *US Korean Relations 1882-1982*. Seoul: Kyungnam University Press.",
        r"Paik, Seung-gi. 1990. *US-Korean Security Relations since 1945*. Seoul: Seoul Press.",
        r"Shin, Gi-Wook. 2010. *One Alliance, Two Lenses: US-Korea Relations in a New Era*. Stanford: StanfordUniversity Press.",
        r"*The History of the ROK-US Alliance: 1953-2013*. 2014. Seoul: Institute for Military History.",
    ]),
    (Style::ChicagoAuthorDate18, &[
        r"Curtis, Gerald L., and Sung-joo Han, eds. 1983. *The US-South Korean Alliance: Evolving Patterns in Security Relations*. Lexington Books.",
        r"Finley, James P. 1983. *The US Military Experience in Korea, 1871-1982: In the Vanguard of ROK-US Relations*. USFK.",
        r"Kwan, Tae-hwan, ed. 1982. *US Korean Relations 1882-1982*. Kyungnam University Press.",
        r"Paik, Seung-gi. 1990. *US-Korean Security Relations since 1945*. Seoul Press.",
        r"Shin, Gi-Wook. 2010. *One Alliance, Two Lenses: US-Korea Relations in a New Era*. StanfordUniversity Press.",
        r"*The History of the ROK-US Alliance: 1953-2013*. 2014. Institute for Military History.",
    ]),
    (Style::Apa, &[
        r"Curtis, G. L., & Han, S.-J. (Eds.). (1983). *The US-South Korean alliance: Evolving patterns in security relations*. Lexington Books.",
        r"Finley, J. P. (1983). *The US military experience in Korea, 1871-1982: In the vanguard of ROK-US relations*. USFK.",
        r"Kwan, T.-H. (Ed.). (1982). *US Korean relations 1882-1982*. Kyungnam University Press.",
        r"Paik, S.-G. (1990). *US-Korean security relations since 1945*. Seoul Press.",
        r"Shin, G.-W. (2010). *One alliance, two lenses: US-Korea relations in a new era*. StanfordUniversity Press.",
        r"*The history of the ROK-US alliance: 1953-2013*. (2014). Institute for Military History.",
    ]),
    (Style::Mla, &[
        r"Curtis, Gerald L., and Sung-joo Han, editors. *The US-South Korean Alliance: Evolving Patterns in Security Relations*. Lexington Books, 1983.",
        r"Finley, James P. *The US Military Experience in Korea, 1871-1982: In the Vanguard of ROK-US Relations*. USFK, 1983.",
        r"Kwan, Tae-hwan, editor. *US Korean Relations 1882-1982*. Kyungnam University Press, 1982.",
        r"Paik, Seung-gi. *US-Korean Security Relations since 1945*. Seoul Press, 1990.",
        r"Shin, Gi-Wook. *One Alliance, Two Lenses: US-Korea Relations in a New Era*. StanfordUniversity Press, 2010.",
        r"*The History of the ROK-US Alliance: 1953-2013*. Institute for Military History, 2014.",
    ]),
];

/// The edge cases in each style: a corporate author, a journal article with a DOI and a
/// lowercase title with protected words, a thesis, a chapter whose title ends in `?` before its
/// subtitle, a web page.
#[rustfmt::skip]
const EDGES: &[(Style, &[&str])] = &[
    (Style::ChicagoNotes17, &[
        r"Cha, Victor D. “Powerplay: Origins of the U.S. Alliance System in Asia.” *International Security* 34, no. 3 (2010): 158–96. <https://doi.org/10.1162/isec.2010.34.3.158>.",
        r"Institute of Military History. *The History of the ROK-US Alliance: 1953-2013*. Seoul: IMH, 2014.",
        r"Kim, Min. “Alliance Politics.” PhD diss., Yale University, 2001.",
        r"Lee, Chae-Jin. “Why Korea? An Essay.” In *The US-South Korean Alliance*, edited by Gerald L. Curtis, 1–20. Lexington: Lexington Books, 1983.",
        r"Oh, Daniel. “US-Korea Military Alliance.” March 2, 2020. <https://example.org/essay>.",
    ]),
    (Style::ChicagoNotes18, &[
        r"Cha, Victor D. “Powerplay: Origins of the U.S. Alliance System in Asia.” *International Security* 34, no. 3 (2010): 158–96. <https://doi.org/10.1162/isec.2010.34.3.158>.",
        r"Institute of Military History. *The History of the ROK-US Alliance: 1953-2013*. IMH, 2014.",
        r"Kim, Min. “Alliance Politics.” PhD diss., Yale University, 2001.",
        r"Lee, Chae-Jin. “Why Korea? An Essay.” In *The US-South Korean Alliance*, edited by Gerald L. Curtis. Lexington Books, 1983.",
        r"Oh, Daniel. “US-Korea Military Alliance.” March 2, 2020. <https://example.org/essay>.",
    ]),
    (Style::ChicagoAuthorDate17, &[
        r"Cha, Victor D. 2010. “Powerplay: Origins of the U.S. Alliance System in Asia.” *International Security* 34 (3): 158–96. <https://doi.org/10.1162/isec.2010.34.3.158>.",
        r"Institute of Military History. 2014. *The History of the ROK-US Alliance: 1953-2013*. Seoul: IMH.",
        r"Kim, Min. 2001. “Alliance Politics.” PhD diss., Yale University.",
        r"Lee, Chae-Jin. 1983. “Why Korea? An Essay.” In *The US-South Korean Alliance*, edited by Gerald L. Curtis, 1–20. Lexington: Lexington Books.",
        r"Oh, Daniel. 2020. “US-Korea Military Alliance.” March 2. <https://example.org/essay>.",
    ]),
    (Style::ChicagoAuthorDate18, &[
        r"Cha, Victor D. 2010. “Powerplay: Origins of the U.S. Alliance System in Asia.” *International Security* 34 (3): 158–96. <https://doi.org/10.1162/isec.2010.34.3.158>.",
        r"Institute of Military History. 2014. *The History of the ROK-US Alliance: 1953-2013*. IMH.",
        r"Kim, Min. 2001. “Alliance Politics.” PhD diss., Yale University.",
        r"Lee, Chae-Jin. 1983. “Why Korea? An Essay.” In *The US-South Korean Alliance*, edited by Gerald L. Curtis. Lexington Books.",
        r"Oh, Daniel. 2020. “US-Korea Military Alliance.” March 2. <https://example.org/essay>.",
    ]),
    (Style::Apa, &[
        r"Cha, V. D. (2010). powerplay: origins of the U.S. alliance system in Asia. *International Security*, *34*(3), 158–196. <https://doi.org/10.1162/isec.2010.34.3.158>",
        r"Institute of Military History. (2014). *The history of the ROK-US alliance: 1953-2013*. IMH.",
        r"Kim, M. (2001). *Alliance politics* \[Doctoral dissertation\]. Yale University.",
        r"Lee, C.-J. (1983). Why korea? An essay. In G. L. Curtis (Ed.), *The US-South Korean Alliance* (pp. 1–20). Lexington Books.",
        r"Oh, D. (2020, March 2). *US-Korea military alliance*. <https://example.org/essay>",
    ]),
    (Style::Mla, &[
        r"Cha, Victor D. “Powerplay: Origins of the U.S. Alliance System in Asia.” *International Security*, vol. 34, no. 3, 2010, pp. 158–96, <https://doi.org/10.1162/isec.2010.34.3.158>.",
        r"Institute of Military History. *The History of the ROK-US Alliance: 1953-2013*. IMH, 2014.",
        r"Kim, Min. *Alliance Politics*. 2001. Yale University, PhD dissertation.",
        r"Lee, Chae-Jin. “Why Korea? An Essay.” *The US-South Korean Alliance*, edited by Gerald L. Curtis, Lexington Books, 1983, pp. 1–20.",
        r"Oh, Daniel. *US-Korea Military Alliance*. 2 Mar. 2020, <https://example.org/essay>.",
    ]),
];

#[test]
fn apa_sentence_case_keeps_protected_words_acronyms_and_subtitle_starts() {
    use super::entry::sentence_case;
    use hayagriva::types::{ChunkKind, ChunkedString};
    let chunks = |parts: &[(&str, bool)]| {
        let mut s = ChunkedString::new();
        for (text, protected) in parts {
            let kind = if *protected {
                ChunkKind::Verbatim
            } else {
                ChunkKind::Normal
            };
            s.push_str(text, kind);
        }
        s
    };
    // (title as chunks (text, brace-protected), sentence case)
    let cases: &[(&[(&str, bool)], &str)] = &[
        (
            &[
                ("The History of the ", false),
                ("ROK-US", true),
                (" Alliance: 1953-2013", false),
            ],
            "The history of the ROK-US alliance: 1953-2013",
        ),
        (
            &[
                ("The ", false),
                ("US", true),
                ("-South ", false),
                ("Korean", true),
                (" Alliance", false),
            ],
            "The US-South Korean alliance",
        ),
        (
            &[("Why Now? The Case for NATO and McCarthy", false)],
            "Why now? The case for NATO and McCarthy",
        ),
        (
            &[
                ("One Alliance, Two Lenses: ", false),
                ("US-Korea", true),
                (" Relations", false),
            ],
            "One alliance, two lenses: US-Korea relations",
        ),
        (&[("already sentence case", false)], "already sentence case"),
        (&[("", false)], ""),
    ];
    for (parts, want) in cases {
        assert_eq!(sentence_case(&chunks(parts)).to_str(), *want);
    }
}

#[test]
fn hyphenated_given_names_are_initialised_on_both_sides() {
    use super::runs::hyphenated_initials;
    let cases = [
        ("Han, S.-joo", "Han, S.-J."),
        ("Han, S.-joo (Eds.)", "Han, S.-J. (Eds.)"),
        ("Han, S.- joo (eds.)", "Han, S.-J. (eds.)"),
        ("S.- Joo", "S.- Joo"),
        ("Paik, S.-gi. (1990)", "Paik, S.-G. (1990)"),
        (
            "Curtis, G. L., & Han, S.-joo, & Kwan, T.-hwan",
            "Curtis, G. L., & Han, S.-J., & Kwan, T.-H.",
        ),
        ("Shin, G.-W. (2010)", "Shin, G.-W. (2010)"),
        ("pp. 1.-2", "pp. 1.-2"),
        ("A.-Frame houses", "A.-Frame houses"),
        ("US.-korea", "US.-korea"),
    ];
    for (input, want) in cases {
        assert_eq!(hyphenated_initials(input), want, "{input}");
    }
}
