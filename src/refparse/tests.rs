//! Tests of reading reference strings: tokens, names, field mapping, the model file.

use super::names::read_names;
use super::*;

#[test]
fn tokens_keep_their_punctuation() {
    let s = "Birch, H.  (2009). Dementia.";
    let t: Vec<&str> = tokens(s).iter().map(|t| t.of(s)).collect();
    assert_eq!(t, ["Birch,", "H.", "(2009).", "Dementia."]);
    assert!(tokens("   ").is_empty());
}

/// (field, want: (family, given) in order, others, role)
#[test]
fn names_in_every_common_form() {
    type Want<'a> = (&'a str, &'a [(&'a str, &'a str)], bool, Option<&'a str>);
    let cases: &[Want] = &[
        (
            "Bergk, V., Haefeli, W. E., Gasse, C. & Brenner, H.",
            &[
                ("Bergk", "V."),
                ("Haefeli", "W. E."),
                ("Gasse", "C."),
                ("Brenner", "H."),
            ],
            false,
            None,
        ),
        (
            "O. Ambacher, B. Foutz, and M. Stutzmann,",
            &[("Ambacher", "O."), ("Foutz", "B."), ("Stutzmann", "M.")],
            false,
            None,
        ),
        (
            "Pérez-Higueras JJ, Arias A, de la Macorra JC, Peters OA.",
            &[
                ("Pérez-Higueras", "JJ"),
                ("Arias", "A"),
                ("Macorra", "JC"),
                ("Peters", "OA"),
            ],
            false,
            None,
        ),
        (
            "Curtis, Gerald L. and Sung-joo Han, eds.",
            &[("Curtis", "Gerald L."), ("Han", "Sung-joo")],
            false,
            Some("editor"),
        ),
        (
            "Kwan, Tae-hwan, ed.",
            &[("Kwan", "Tae-hwan")],
            false,
            Some("editor"),
        ),
        ("Nichols, Bill.", &[("Nichols", "Bill")], false, None),
        (
            "ed. Michael Renov,",
            &[("Renov", "Michael")],
            false,
            Some("editor"),
        ),
        (
            "In M. Renov (Ed.),",
            &[("Renov", "M.")],
            false,
            Some("editor"),
        ),
        ("Smith, John, et al.", &[("Smith", "John")], true, None),
        (
            "Casu, M., Koutsomichalis, M., & Valle, A.",
            &[("Casu", "M."), ("Koutsomichalis", "M."), ("Valle", "A.")],
            false,
            None,
        ),
        (
            "Smith, John, and Jane Doe.",
            &[("Smith", "John"), ("Doe", "Jane")],
            false,
            None,
        ),
        (
            "translated by Edith Grossman",
            &[("Grossman", "Edith")],
            false,
            Some("translator"),
        ),
        (
            "King, Martin Luther, Jr.",
            &[("King", "Martin Luther")],
            false,
            None,
        ),
    ];
    for (field, want, others, role) in cases {
        let got = read_names(field);
        let pairs: Vec<(&str, &str)> = got
            .persons
            .iter()
            .map(|p| (p.family.as_str(), p.given.as_str()))
            .collect();
        assert_eq!(&pairs, want, "{field}");
        assert_eq!(got.others, *others, "{field}");
        assert_eq!(got.role, *role, "{field}");
    }
    let body = read_names("Institute of Military History.");
    assert!(body.persons[0].corporate);
    assert_eq!(body.persons[0].family, "Institute of Military History");
    assert_eq!(read_names("van Treeck, D.").persons[0].prefix, "van");
    let rossum = read_names("Rossum, G. van.");
    assert_eq!(
        (
            rossum.persons[0].prefix.as_str(),
            rossum.persons[0].given.as_str()
        ),
        ("van", "G.")
    );
    assert!(read_names("Office of the Inspector General").persons[0].corporate);
    assert_eq!(
        read_names("King, Martin Luther, Jr.").persons[0].suffix,
        "Jr."
    );
}

/// The shipped example's six readings (bibliography/readings.bib): every field right.
#[test]
fn the_example_readings_are_drafted_as_written_by_hand() {
    type Case<'a> = (&'a str, &'a str, &'a str, &'a [(&'a str, &'a str)]);
    let cases: &[Case] = &[
        (
            "The History of the ROK-US Alliance: 1953-2013. Seoul: Institute for Military History, 2014.",
            "book",
            "history2014",
            &[
                ("title", "The History of the ROK-US Alliance"),
                ("subtitle", "1953-2013"),
                ("location", "Seoul"),
                ("publisher", "Institute for Military History"),
                ("date", "2014"),
            ],
        ),
        (
            "Curtis, Gerald L. and Sung-joo Han, eds. The US-South Korean Alliance: Evolving Patterns in Security Relations. Lexington: Lexington Books, 1983.",
            "collection",
            "curtis1983",
            &[
                ("title", "The US-South Korean Alliance"),
                ("subtitle", "Evolving Patterns in Security Relations"),
                ("location", "Lexington"),
                ("publisher", "Lexington Books"),
                ("date", "1983"),
            ],
        ),
        (
            "Kwan, Tae-hwan, ed. US Korean Relations 1882-1982. Seoul: Kyungnam University Press, 1982.",
            "collection",
            "kwan1982",
            &[
                ("title", "US Korean Relations 1882-1982"),
                ("location", "Seoul"),
                ("publisher", "Kyungnam University Press"),
                ("date", "1982"),
            ],
        ),
    ];
    for (text, ty, key, fields) in cases {
        let d = draft(text);
        assert_eq!(d.entry_type, *ty, "{text}");
        assert_eq!(d.key, *key, "{text}");
        for (f, v) in *fields {
            assert_eq!(d.get(f), Some(*v), "{f} of {text}");
        }
        assert!(d.persons("author").is_empty() || *key == "history2014");
    }
    let history = draft(cases[0].0);
    assert!(history.persons.is_empty(), "{:?}", history.persons);
    let curtis = draft(cases[1].0);
    let eds: Vec<String> = curtis
        .persons("editor")
        .iter()
        .map(|p| p.sort_name())
        .collect();
    assert_eq!(eds, ["Curtis, Gerald L.", "Han, Sung-joo"]);
}

#[test]
fn fields_are_mapped_from_their_segments() {
    let d = draft(
        "Wu PM, Anttu N, Xu HQ, Samuelson L, Pistol ME. Colorful InAs nanowire arrays: from strong to weak absorption with geometrical tuning. Nano Lett. 2012 Apr;12(4):1990–5. doi:10.1021/nl204552v",
    );
    assert_eq!(d.entry_type, "article");
    assert_eq!(d.get("journaltitle"), Some("Nano Lett"));
    let j = draft("O. Ambacher, B. Foutz, and M. Stutzmann, J. Appl. Phys. 87, 334–344 (2000).");
    assert_eq!(j.get("journaltitle"), Some("J. Appl. Phys."), "{j:?}");
    assert_eq!(d.get("doi"), Some("10.1021/nl204552v"));
    assert_eq!(d.persons("author").len(), 5);
    assert_eq!(d.get("date").map(|v| &v[..4]), Some("2012"));
    assert_eq!(d.get("volume"), Some("12"));
    assert_eq!(d.get("number"), Some("4"));
    assert_eq!(d.get("pages"), Some("1990--5"));
    let d = draft(
        "Kousha K, Thelwall M, Abdoli M. Goodreads reviews to assess the wider impacts of books. Journal of the Association for Information Science and Technology. 2017;68:2004–16.",
    );
    assert_eq!(d.get("volume"), Some("68"));
    assert_eq!(d.get("pages"), Some("2004--16"));
    let d = draft(
        "McMahon MI, Nelmes RJ. Observation of a Wurtzite Form of Gallium Arsenide. Phys Rev Lett. 2005;95(21):215505.",
    );
    assert_eq!(
        (d.get("volume"), d.get("number"), d.get("pages")),
        (Some("95"), Some("21"), Some("215505"))
    );
    let d = draft(
        "Casu, M., Koutsomichalis, M., & Valle, A. (2014). Imaginary soundscapes: The SoDA project. In Proceedings of the 9th Audio Mostly (pp. 1–8). ACM. https://doi.org/10.1145/2636879.2636885",
    );
    assert_eq!(d.entry_type, "inproceedings", "{d:?}");
    assert_eq!(d.get("doi"), Some("10.1145/2636879.2636885"));
    assert_eq!(d.get("title"), Some("Imaginary soundscapes"));
    assert_eq!(d.get("subtitle"), Some("The SoDA project"));
}

#[test]
fn written_drafts_parse_back_as_biblatex() {
    let mut drafts: Vec<Draft> = [
        "Finley, James P. The US Military Experience in Korea, 1871-1982: In the Vanguard of ROK-US Relations. San Francisco: USFK, 1983.",
        "Finley, James P. Another Book & 100% More. San Francisco: USFK, 1983.",
        "",
        "}{ @ % #",
    ]
    .iter()
    .map(|t| draft(t))
    .collect();
    unique_keys(&mut drafts, &Default::default());
    assert_eq!(drafts[0].key, "finley1983");
    assert_eq!(drafts[1].key, "finley1983a");
    let text = write_drafts(&drafts, "essay.txt");
    let parsed = crate::bib::parse("drafts.bib", &text);
    assert!(parsed.errors.is_empty(), "{:?}\n{text}", parsed.errors);
    let entries: Vec<_> = parsed
        .file
        .items
        .iter()
        .filter_map(|i| match i {
            crate::model::BibItem::Entry(s) => Some(s),
            _ => None,
        })
        .collect();
    assert_eq!(entries.len(), 4);
    assert!(
        entries[1]
            .get("title")
            .is_some_and(|t| t.ends_with("Book & 100% More"))
    );
    assert_eq!(entries[0].persons("author")[0].family, "Finley");
}

#[test]
fn the_shipped_model_reads_and_labels() {
    let m = model();
    assert!(
        m.header.iter().any(|h| h.contains("gold.xml")),
        "{:?}",
        m.header
    );
    assert!(m.threshold > 0.0);
    let l =
        label("Paik, Seung-gi. US-Korean Security Relations since 1945. Seoul: Seoul Press, 1990.");
    let segs: Vec<(&str, &str)> = l.segments().iter().map(|s| (s.label, s.text)).collect();
    assert_eq!(
        segs,
        [
            ("author", "Paik, Seung-gi."),
            ("title", "US-Korean Security Relations since 1945."),
            ("location", "Seoul:"),
            ("publisher", "Seoul Press,"),
            ("date", "1990."),
        ]
    );
    // Any input labels without panic, empty included.
    for s in [
        "",
        " ",
        "(((",
        "“",
        "10.1/x",
        "\u{0}",
        "a\u{301}\u{301}",
        "2014a. 2014b.",
    ] {
        let l = label(s);
        assert_eq!(l.labels.len(), l.tokens.len());
        let _ = draft(s);
    }
}

#[test]
fn model_files_are_read_strictly() {
    assert!(Model::read("threshold x").is_err());
    assert!(Model::read("labels author nosuch").is_err());
    assert!(Model::read("w=a\t0:1.5").is_ok());
    assert!(Model::read("w=a\t99:1.5").is_err());
    assert!(Model::read("what is this").is_err());
}

/// Random strings over the characters references are made of (multi-byte letters, quotes,
/// dashes, brackets, digits, TeX specials): no panic, and every written draft parses back.
#[test]
fn random_strings_draft_without_panic_and_parse_back() {
    const ALPHABET: &[&str] = &[
        "A",
        "b",
        "é",
        "Ł",
        "田",
        " ",
        " ",
        ", ",
        ". ",
        ":",
        ";",
        "(",
        ")",
        "[",
        "]",
        "“",
        "”",
        "‘",
        "’",
        "\"",
        "'",
        "–",
        "—",
        "-",
        "&",
        "%",
        "#",
        "{",
        "}",
        "\\",
        "_",
        "$",
        "1",
        "9",
        "2014",
        "2011;109(7):07D508",
        "eds.",
        "(Ed.)",
        "et al.",
        "In ",
        "pp. ",
        "vol. ",
        "no. ",
        "doi:10.1/x",
        "https://x.org/a",
        "ISBN 978",
        "van ",
        "Press",
        "Seoul",
        "\u{301}",
        "\t",
        "\n",
        "ed",
        "trans.",
        "Thesis",
        "[PhD",
        "…",
    ];
    let mut state: u64 = 7;
    let mut next = || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as usize
    };
    let mut drafts = Vec::new();
    for _ in 0..1500 {
        let n = next() % 40;
        let s: String = (0..n).map(|_| ALPHABET[next() % ALPHABET.len()]).collect();
        drafts.push(draft(&s));
    }
    unique_keys(&mut drafts, &Default::default());
    let text = write_drafts(&drafts, "random.txt");
    let parsed = crate::bib::parse("random.bib", &text);
    assert!(
        parsed.errors.is_empty(),
        "{:?}",
        &parsed.errors[..parsed.errors.len().min(3)]
    );
    let entries = parsed
        .file
        .items
        .iter()
        .filter(|i| matches!(i, crate::model::BibItem::Entry(_)))
        .count();
    assert_eq!(entries, drafts.len());
}
