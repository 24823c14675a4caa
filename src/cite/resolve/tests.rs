//! Resolution tests over the example essay's readings plus decoys.

use super::*;
use crate::cite::memindex::MemoryIndex;

/// A candidate as `Candidate::from_source` projects it: `title` with the subtitle after a
/// colon, `main_title` without it.
fn book(
    key: &str,
    main: &str,
    sub: &str,
    names: &[&str],
    year: i32,
    publisher: &str,
    place: &str,
) -> Candidate {
    let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
    Candidate {
        key: key.to_string(),
        entry_type: "book".to_string(),
        title: if sub.is_empty() {
            main.to_string()
        } else {
            format!("{main}: {sub}")
        },
        main_title: main.to_string(),
        year: Some(year),
        names: names.iter().map(|n| n.to_string()).collect(),
        families: names
            .iter()
            .map(|n| n.split(", ").next().unwrap_or(n).to_string())
            .collect(),
        publisher: opt(publisher),
        location: opt(place),
        ..Candidate::default()
    }
}

/// The six Recommended Readings of `bibliography/readings.bib`, as written there.
#[rustfmt::skip]
pub(crate) fn readings() -> Vec<Candidate> {
    let mut v = vec![
        book("history2014", "The History of the ROK-US Alliance", "1953-2013", &[], 2014, "Institute for Military History", "Seoul"),
        book("curtis1983", "The US-South Korean Alliance", "Evolving Patterns in Security Relations", &["Curtis, Gerald L.", "Han, Sung-joo"], 1983, "Lexington Books", "Lexington"),
        book("finley1983", "The US Military Experience in Korea, 1871-1982", "In the Vanguard of ROK-US Relations", &["Finley, James P."], 1983, "USFK", "San Francisco"),
        book("kwan1982", "US Korean Relations 1882-1982", "", &["Kwan, Tae-hwan"], 1982, "Kyungnam University Press", "Seoul"),
        book("paik1990", "US-Korean Security Relations since 1945", "", &["Paik, Seung-gi"], 1990, "Seoul Press", "Seoul"),
        book("shin2010", "One Alliance, Two Lenses", "US-Korea Relations in a New Era", &["Shin, Gi-Wook"], 2010, "StanfordUniversity Press", "Stanford"),
    ];
    v[1].entry_type = "collection".to_string();
    v[3].entry_type = "collection".to_string();
    v
}

/// Readings plus decoys: a second Finley, the titles of NOTES §7, two Smith 2010 works, one
/// title in two editions, and the corporate authors of the APA essays.
#[rustfmt::skip]
fn library() -> MemoryIndex {
    let mut v = readings();
    v.extend([
        book("finley1990", "Pacific Bases and Alliances", "", &["Finley, John"], 1990, "Naval Institute Press", "Annapolis"),
        book("baker1979", "The U.S.-Korea Experience", "", &["Baker, Edward"], 1979, "Westview", "Boulder"),
        book("lee1985", "Korea and the United States, 1871-1982", "", &["Lee, Chong-sik"], 1985, "Hollym", "Seoul"),
        book("smith2010bases", "Bases Abroad", "", &["Smith, John"], 2010, "Routledge", "London"),
        book("smith2010alliances", "Alliances in Transition", "", &["Smith, John"], 2010, "Routledge", "London"),
        book("seth2006", "A Concise History of Korea", "From the Neolithic Period through the Nineteenth Century", &["Seth, Michael J."], 2006, "Rowman & Littlefield", "Lanham"),
        book("seth2016", "A Concise History of Korea", "From Antiquity to the Present", &["Seth, Michael J."], 2016, "Rowman & Littlefield", "Lanham"),
        book("noaa2020", "Record-breaking Atlantic hurricane season draws to an end", "", &["National Oceanic and Atmospheric Administration"], 2020, "", ""),
        book("usgcrp2014ice", "Melting ice", "", &["U.S. Global Change Research Program"], 2014, "", ""),
        book("usgcrp2014climate", "Our changing climate", "", &["U.S. Global Change Research Program"], 2014, "", ""),
        book("epa2020", "Sources of greenhouse gas emissions", "", &["U.S. Environmental Protection Agency"], 2020, "", ""),
        book("goodman2020", "Timeline of the coronavirus pandemic and U.S. response", "", &["Goodman, Ryan", "Schulkin, Danielle"], 2020, "Just Security", ""),
        book("worldometer2021", "COVID-19 coronavirus pandemic", "", &[], 2021, "Worldometer", ""),
        // One work entered twice (a duplicate entry).
        book("mi2009", "III-V Compound Semiconductor Nanostructures on Silicon", "", &["Mi, Zetian", "Chang, Yi-Lu"], 2009, "J. Nanophotonics", ""),
        book("mi2009dup", "III-V Compound Semiconductor Nanostructures on Silicon", "", &["Mi, Zetian", "Chang, Yi-Lu"], 2009, "J. Nanophotonics", ""),
    ]);
    MemoryIndex::new(v)
}

/// Marker parts from `a=Finley|t=Title|y=1983|p=Publisher|l=Place|k=key` (`a` repeats).
pub(crate) fn parts(spec: &str) -> MarkerParts {
    let mut p = MarkerParts::default();
    for item in spec.split('|').filter(|s| !s.is_empty()) {
        let (k, v) = item.split_once('=').expect("key=value");
        let v = v.to_string();
        match k {
            "a" => p.authors.push(v),
            "t" => p.title = Some(v),
            "y" => p.year = Some(v),
            "p" => p.publisher = Some(v),
            "l" => p.place = Some(v),
            "k" => p.key = Some(v),
            other => panic!("unknown part {other}"),
        }
    }
    p
}

fn citation(style: CitationStyle, marker: &str, spec: &str) -> Citation {
    let mut c = Citation::inline(marker, (0, marker.len()), style);
    c.parts = parts(spec).into();
    c
}

fn run(index: &MemoryIndex, mut doc: Vec<Citation>) -> Vec<Resolution> {
    let mut refs: Vec<&mut Citation> = doc.iter_mut().collect();
    resolve_all(&mut refs, index, &ResolveOptions::default());
    doc.into_iter().map(|c| c.resolution).collect()
}

/// One citation resolved on its own: (style, parts, source or "", candidates, reasons).
#[rustfmt::skip]
const SINGLE: &[(CitationStyle, &str, &str, &[&str], &str)] = {
    use CitationStyle::*;
    &[
        // The example essay's two full notes.
        (Note, "t=The History of the ROK-US Alliance: 1953-2013|l=Seoul|p=Institute of Military History|y=2014", "history2014", &[], "title 1.00; year 2014 = 2014; publisher differs: 'Institute of Military History' vs 'Institute for Military History'; place 'Seoul' = 'Seoul'"),
        (Note, "a=James P. Finley|t=The U.S. Experience in Korea, 1871-1982: In the Vanguard of ROK-US Relations|l=San Francisco|p=USFK", "finley1983", &[], "title 0.96 differs: 'U.S. Experience' vs 'US Military Experience'; author 'James P. Finley' matches 'Finley, James P.'; year absent; publisher 'USFK' = 'USFK'; place 'San Francisco' = 'San Francisco'"),
        // Author-date, narrative and MLA: surname and year, surname alone.
        (AuthorDate, "a=Finley|y=1983", "finley1983", &[], "title absent; author 'Finley' matches 'Finley, James P.'; year 1983 = 1983"),
        (AuthorDate, "a=Finley|y=1990", "finley1990", &[], "title absent; author 'Finley' matches 'Finley, John'; year 1990 = 1990"),
        (AuthorDate, "a=Finley|y=1984", "", &["finley1983", "finley1990"], "title absent; author 'Finley' matches 'Finley, James P.'; year differs: 1984 vs 1983; below 0.85: best 'finley1983' 0.81"),
        (Narrative, "a=Shin|y=2010", "shin2010", &[], "title absent; author 'Shin' matches 'Shin, Gi-Wook'; year 2010 = 2010"),
        (Mla, "a=Paik", "paik1990", &[], "title absent; author 'Paik' matches 'Paik, Seung-gi'; year absent"),
        (Mla, "a=Finley", "", &["finley1983", "finley1990"], "title absent; author 'Finley' matches 'Finley, James P.'; year absent; ambiguous: 'finley1983' 1.00, 'finley1990' 1.00 within 0.10"),
        (Mla, "a=John Finley", "finley1990", &[], "title absent; author 'John Finley' matches 'Finley, John'; year absent"),
        (AuthorDate, "a=Curtis|a=Han|y=1983", "curtis1983", &[], "title absent; author 'Curtis' matches 'Curtis, Gerald L.'; author 'Han' matches 'Han, Sung-joo'; year 1983 = 1983"),
        (AuthorDate, "a=Curtis et al.|y=1983", "curtis1983", &[], "title absent; author 'Curtis' matches 'Curtis, Gerald L.'; year 1983 = 1983"),
        (AuthorDate, "a=Goodman|a=Schulkin|y=2020", "goodman2020", &[], "title absent; author 'Goodman' matches 'Goodman, Ryan'; author 'Schulkin' matches 'Schulkin, Danielle'; year 2020 = 2020"),
        // A near-miss spelling is offered, not linked.
        (AuthorDate, "a=Kwak|y=1982", "", &["kwan1982"], "title absent; author differs: 'Kwak' vs 'Kwan, Tae-hwan' (close: 0.68); year 1982 = 1982; below 0.85: best 'kwan1982' 0.80"),
        // Same author, same year: the suffix picks by title order, else ambiguous.
        (AuthorDate, "a=Smith|y=2010a", "smith2010alliances", &[], "year suffix 'a': work 1 of 2 of 2010 by title order; title absent; author 'Smith' matches 'Smith, John'; year 2010a = 2010"),
        (AuthorDate, "a=Smith|y=2010b", "smith2010bases", &[], "year suffix 'b': work 2 of 2 of 2010 by title order; title absent; author 'Smith' matches 'Smith, John'; year 2010b = 2010"),
        // ...but a work entered twice has no title order: the letter tells nothing apart.
        (AuthorDate, "a=Mi|a=Chang|y=2009b", "", &["mi2009", "mi2009dup"], "title absent; author 'Mi' matches 'Mi, Zetian'; author 'Chang' matches 'Chang, Yi-Lu'; year 2009b = 2009; ambiguous: 'mi2009' 1.00, 'mi2009dup' 1.00 within 0.10"),
        (AuthorDate, "a=Smith|y=2010c", "", &["smith2010bases", "smith2010alliances"], "title absent; author 'Smith' matches 'Smith, John'; year 2010c = 2010; ambiguous: 'smith2010bases' 1.00, 'smith2010alliances' 1.00 within 0.10"),
        (AuthorDate, "a=Smith|y=2010", "", &["smith2010bases", "smith2010alliances"], "title absent; author 'Smith' matches 'Smith, John'; year 2010 = 2010; ambiguous: 'smith2010bases' 1.00, 'smith2010alliances' 1.00 within 0.10"),
        (AuthorDate, "a=Smith|t=Bases Abroad|y=2010", "smith2010bases", &[], "title 1.00; author 'Smith' matches 'Smith, John'; year 2010 = 2010"),
        // Corporate authors of the APA essays: full names, bracketed abbreviations, acronyms.
        (AuthorDate, "a=U.S. Global Change Research Program [USGCRP]|y=2014a", "usgcrp2014ice", &[], "year suffix 'a': work 1 of 2 of 2014 by title order; title absent; author 'U.S. Global Change Research Program' matches 'U.S. Global Change Research Program'; year 2014a = 2014"),
        (AuthorDate, "a=USGCRP|y=2014b", "usgcrp2014climate", &[], "year suffix 'b': work 2 of 2 of 2014 by title order; title absent; author 'USGCRP' matches 'U.S. Global Change Research Program'; year 2014b = 2014"),
        (AuthorDate, "a=National Oceanic and Atmospheric Administration|y=2020", "noaa2020", &[], "title absent; author 'National Oceanic and Atmospheric Administration' matches 'National Oceanic and Atmospheric Administration'; year 2020 = 2020"),
        (AuthorDate, "a=NOAA|y=2020", "noaa2020", &[], "title absent; author 'NOAA' matches 'National Oceanic and Atmospheric Administration'; year 2020 = 2020"),
        (AuthorDate, "a=U.S. Environmental Protection Agency [EPA]|y=2020", "epa2020", &[], "title absent; author 'U.S. Environmental Protection Agency' matches 'U.S. Environmental Protection Agency'; year 2020 = 2020"),
        (AuthorDate, "a=EPA|y=2020", "epa2020", &[], "title absent; author 'EPA' matches 'U.S. Environmental Protection Agency'; year 2020 = 2020"),
        (AuthorDate, "a=Institute for Military History|y=2014", "history2014", &[], "title absent; author 'Institute for Military History' matches publisher 'Institute for Military History'; year 2014 = 2014"),
        (AuthorDate, "t=COVID-19 Coronavirus Pandemic|y=2021", "worldometer2021", &[], "title 1.00; year 2021 = 2021"),
        // Keys.
        (Pandoc, "k=finley1983", "finley1983", &[], "key 'finley1983'"),
        (Latex, "k=shin2010", "shin2010", &[], "key 'shin2010'"),
        (Pandoc, "k=finley1938", "", &["finley1983", "finley1990"], "no source with key 'finley1938'"),
        (Latex, "k=nosuch", "", &[], "no source with key 'nosuch'"),
        // Titles: NOTES §7, editions, short titles.
        (Note, "t=The U.S. Experience in Korea, 1871-1982", "finley1983", &[], "title 0.93 differs: 'U.S. Experience' vs 'US Military Experience'; author absent; year absent"),
        (Note, "t=The U.S.-Korea Experience", "baker1979", &[], "title 1.00; author absent; year absent"),
        (Note, "t=Korea and the United States, 1871-1982", "lee1985", &[], "title 1.00; author absent; year absent"),
        (Note, "a=Seth|y=2016", "seth2016", &[], "title absent; author 'Seth' matches 'Seth, Michael J.'; year 2016 = 2016"),
        (Note, "a=Michael J. Seth|t=A Concise History of Korea", "", &["seth2006", "seth2016"], "title 1.00; author 'Michael J. Seth' matches 'Seth, Michael J.'; year absent; ambiguous: 'seth2006' 1.00, 'seth2016' 1.00 within 0.10"),
        (Note, "t=A Concise History of Korea: From Antiquity to the Present", "seth2016", &[], "title 1.00; author absent; year absent"),
        (Note, "t=One Alliance, Two Lenses", "shin2010", &[], "title 1.00; author absent; year absent"),
        (Note, "a=Finley|t=US Military Experience", "finley1983", &[], "title 0.95 differs: 'Experience' vs 'Experience in Korea, 1871-1982'; author 'Finley' matches 'Finley, James P.'; year absent"),
        (Note, "t=Military Experience in Korea", "", &["finley1983", "baker1979"], "title 0.67 differs: 'Military Experience in Korea' vs 'US Military Experience in Korea, 1871-1982'; author absent; year absent; below 0.85: best 'finley1983' 0.67"),
        // Reference-list items of the essay, as a reference parser splits them.
        (Reference, "t=The History of the ROK-US Alliance: 1953-2013|l=Seoul|p=Institute for Military History|y=2014", "history2014", &[], "title 1.00; year 2014 = 2014; publisher 'Institute for Military History' = 'Institute for Military History'; place 'Seoul' = 'Seoul'"),
        (Reference, "a=Curtis, Gerald L.|a=Sung-joo Han|t=The US-South Korean Alliance: Evolving Patterns in Security Relations|l=Lexington|p=Lexington Books|y=1983", "curtis1983", &[], "title 1.00; author 'Curtis, Gerald L.' matches 'Curtis, Gerald L.'; author 'Sung-joo Han' matches 'Han, Sung-joo'; year 1983 = 1983; publisher 'Lexington Books' = 'Lexington Books'; place 'Lexington' = 'Lexington'"),
        (Reference, "a=Finley, James P.|t=The US Military Experience in Korea, 1871-1982: In the Vanguard of ROK-US Relations|l=San Francisco|p=USFK|y=1983", "finley1983", &[], "title 1.00; author 'Finley, James P.' matches 'Finley, James P.'; year 1983 = 1983; publisher 'USFK' = 'USFK'; place 'San Francisco' = 'San Francisco'"),
        (Reference, "a=Kwan, Tae-hwan|t=US Korean Relations 1882-1982|l=Seoul|p=Kyungnam University Press|y=1982", "kwan1982", &[], "title 1.00; author 'Kwan, Tae-hwan' matches 'Kwan, Tae-hwan'; year 1982 = 1982; publisher 'Kyungnam University Press' = 'Kyungnam University Press'; place 'Seoul' = 'Seoul'"),
        (Reference, "a=Paik, Seung-gi|t=US-Korean Security Relations since 1945|l=Seoul|p=Seoul Press|y=1990", "paik1990", &[], "title 1.00; author 'Paik, Seung-gi' matches 'Paik, Seung-gi'; year 1990 = 1990; publisher 'Seoul Press' = 'Seoul Press'; place 'Seoul' = 'Seoul'"),
        (Reference, "a=Shin, Gi-Wook|t=One Alliance, Two Lenses: US-Korea Relations in a New Era|l=Stanford|p=Stanford University Press|y=2010", "shin2010", &[], "title 1.00; author 'Shin, Gi-Wook' matches 'Shin, Gi-Wook'; year 2010 = 2010; publisher differs: 'Stanford University Press' vs 'StanfordUniversity Press'; place 'Stanford' = 'Stanford'"),
        // Nothing to go by, or nothing close.
        (AuthorDate, "a=Cumings|y=1981", "", &[], "no source shares a title word or name with the citation"),
        (AuthorDate, "y=1983", "", &[], "citation gives no title or author to look up"),
        (Note, "t=Korean War Casualties", "", &[], "title 0.29 differs: 'Korean War Casualties' vs 'US-South Korean Alliance'; author absent; year absent; no candidate reaches 0.60: best 'curtis1983' 0.29"),
        (Ibid, "", "", &[], "ibid.: no previous citation"),
    ]
};

#[test]
fn single_citations() {
    let idx = library();
    let mut failures = Vec::new();
    for (style, spec, source, candidates, want) in SINGLE {
        let r = &run(&idx, vec![citation(*style, "(marker)", spec)])[0];
        let got_source = r.source.as_deref().unwrap_or("");
        let got = r.reasons.join("; ");
        if got_source != *source || r.candidates != *candidates || got != *want {
            failures.push(format!("{style:?} {spec}\n  got  {got_source:?} {:?} {:.3}\n       {got}\n  want {source:?} {candidates:?}\n       {want}", r.candidates, r.confidence));
        }
        assert!(
            (0.0..=1.0).contains(&r.confidence),
            "{spec}: confidence {}",
            r.confidence
        );
        assert_eq!(
            r.source.is_some(),
            r.candidates.is_empty() && r.source.is_some(),
            "{spec}: a resolved citation keeps no candidates"
        );
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        SINGLE.len(),
        failures.join("\n")
    );
}

fn with_page(mut c: Citation, page: &str) -> Citation {
    c.locator = Some(crate::model::Locator {
        label: crate::model::LocatorLabel::Page,
        value: page.to_string(),
        pages: Vec::new(),
    });
    c
}

/// The essay's inline citations in order, then its Recommended Readings.
#[rustfmt::skip]
fn essay() -> Vec<Citation> {
    use CitationStyle::*;
    vec![
        with_page(citation(Note, "(see The History of the ROK-US Alliance: 1953-2013, Seoul: Institute of Military History, 2014, 24)", "t=The History of the ROK-US Alliance: 1953-2013|l=Seoul|p=Institute of Military History|y=2014"), "24"),
        with_page(citation(Note, "(The History of the ROK-US Alliance: 1953-2013, 25)", "t=The History of the ROK-US Alliance: 1953-2013"), "25"),
        with_page(citation(Note, "(see James P. Finley, The U.S. Experience in Korea, 1871-1982: In the Vanguard of ROK-US Relations, San Francisco: USFK, 150)", "a=James P. Finley|t=The U.S. Experience in Korea, 1871-1982: In the Vanguard of ROK-US Relations|l=San Francisco|p=USFK"), "150"),
        with_page(citation(Note, "(The History of the ROK-US Alliance: 1953-2013, 60)", "t=The History of the ROK-US Alliance: 1953-2013"), "60"),
        citation(Reference, "The History of the ROK-US Alliance: 1953-2013. Seoul: Institute for Military History, 2014.", "t=The History of the ROK-US Alliance: 1953-2013|l=Seoul|p=Institute for Military History|y=2014"),
        citation(Reference, "Curtis, Gerald L. and Sung-joo Han, eds. The US-South Korean Alliance: ...", "a=Curtis, Gerald L.|a=Sung-joo Han|t=The US-South Korean Alliance: Evolving Patterns in Security Relations|l=Lexington|p=Lexington Books|y=1983"),
        citation(Reference, "Finley, James P. The US Military Experience in Korea, 1871-1982: ...", "a=Finley, James P.|t=The US Military Experience in Korea, 1871-1982: In the Vanguard of ROK-US Relations|l=San Francisco|p=USFK|y=1983"),
        citation(Reference, "Kwan, Tae-hwan, ed. US Korean Relations 1882-1982. ...", "a=Kwan, Tae-hwan|t=US Korean Relations 1882-1982|l=Seoul|p=Kyungnam University Press|y=1982"),
        citation(Reference, "Paik, Seung-gi. US-Korean Security Relations since 1945. ...", "a=Paik, Seung-gi|t=US-Korean Security Relations since 1945|l=Seoul|p=Seoul Press|y=1990"),
        citation(Reference, "Shin, Gi-Wook. One Alliance, Two Lenses: ...", "a=Shin, Gi-Wook|t=One Alliance, Two Lenses: US-Korea Relations in a New Era|l=Stanford|p=StanfordUniversity Press|y=2010"),
    ]
}

#[test]
fn the_example_essay() {
    let doc = essay();
    let pages: Vec<Option<String>> = doc
        .iter()
        .map(|c| c.locator.as_ref().map(|l| l.value.clone()))
        .collect();
    let mut refs_doc = doc;
    let mut refs: Vec<&mut Citation> = refs_doc.iter_mut().collect();
    resolve_all(&mut refs, &library(), &ResolveOptions::default());
    let sources: Vec<&str> = refs_doc
        .iter()
        .map(|c| c.resolution.source.as_deref().unwrap_or(""))
        .collect();
    assert_eq!(
        sources,
        [
            "history2014",
            "history2014",
            "finley1983",
            "history2014",
            "history2014",
            "curtis1983",
            "finley1983",
            "kwan1982",
            "paik1990",
            "shin2010"
        ]
    );
    let kept: Vec<Option<String>> = refs_doc
        .iter()
        .map(|c| c.locator.as_ref().map(|l| l.value.clone()))
        .collect();
    assert_eq!(
        kept, pages,
        "locators are the finder's and stay as they were"
    );
    let quoted = "short form of the citation at #1 '(see The History of the ROK-US Alliance: …'";
    #[rustfmt::skip]
    let want: &[(usize, &str)] = &[
        (0, "title 1.00; year 2014 = 2014; publisher differs: 'Institute of Military History' vs 'Institute for Military History'; place 'Seoul' = 'Seoul'"),
        (1, &format!("{quoted}; title 1.00; year absent")),
        (2, "title 0.96 differs: 'U.S. Experience' vs 'US Military Experience'; author 'James P. Finley' matches 'Finley, James P.'; year absent; publisher 'USFK' = 'USFK'; place 'San Francisco' = 'San Francisco'"),
        (3, &format!("{quoted}; title 1.00; year absent")),
    ];
    for (i, reasons) in want {
        assert_eq!(
            refs_doc[*i].resolution.reasons.join("; "),
            *reasons,
            "citation {}",
            i + 1
        );
    }
    for c in &refs_doc {
        assert!(
            c.resolution.confidence >= 0.95,
            "{:?}: {}",
            c.marker,
            c.resolution.confidence
        );
    }
}

/// A document in order: (style, parts) per citation, and per citation (source, candidates,
/// first reason).
type Doc<'a> = (
    &'a [(CitationStyle, &'a str)],
    &'a [(&'a str, &'a [&'a str], &'a str)],
);

#[rustfmt::skip]
const DOCS: &[Doc] = {
    use CitationStyle::*;
    &[
        // Ibid follows the previous citation, resolved or not.
        (&[(AuthorDate, "a=Finley|y=1983"), (Ibid, ""), (Ibid, ""), (Mla, "a=Finley"), (Ibid, "")],
         &[("finley1983", &[], "title absent"), ("finley1983", &[], "ibid.: same as previous citation"), ("finley1983", &[], "ibid.: same as previous citation"), ("", &["finley1983", "finley1990"], "title absent"), ("", &["finley1983", "finley1990"], "ibid.: same as previous citation")]),
        // A note giving only the author refers to the earlier full note, even with two Finleys.
        (&[(Note, "a=James P. Finley|t=The U.S. Experience in Korea, 1871-1982|l=San Francisco|p=USFK"), (Note, "a=Finley")],
         &[("finley1983", &[], "title 0.93 differs: 'U.S. Experience' vs 'US Military Experience'"), ("finley1983", &[], "short form of the citation at #1 '(marker)'")]),
        // ...but MLA's surname-only marker stays ambiguous, as the library alone decides it.
        (&[(Note, "a=James P. Finley|t=The U.S. Experience in Korea, 1871-1982|l=San Francisco|p=USFK"), (Mla, "a=Finley")],
         &[("finley1983", &[], "title 0.93 differs: 'U.S. Experience' vs 'US Military Experience'"), ("", &["finley1983", "finley1990"], "title absent")]),
        // A short title made from the real title matches though the full note misquoted it.
        (&[(Note, "a=James P. Finley|t=The U.S. Experience in Korea, 1871-1982|l=San Francisco|p=USFK"), (Note, "a=Finley|t=US Military Experience")],
         &[("finley1983", &[], "title 0.93 differs: 'U.S. Experience' vs 'US Military Experience'"), ("finley1983", &[], "short form of the citation at #1 '(marker)'")]),
        // ...but after full notes of two works of Finley, the author alone names neither.
        (&[(Note, "a=James P. Finley|t=The U.S. Experience in Korea, 1871-1982|l=San Francisco|p=USFK"), (Note, "a=John Finley|t=Pacific Bases and Alliances|p=Naval Institute Press|y=1990"), (Note, "a=Finley")],
         &[("finley1983", &[], "title 0.93 differs: 'U.S. Experience' vs 'US Military Experience'"), ("finley1990", &[], "title 1.00"), ("", &["finley1983", "finley1990"], "ambiguous: the authors alone fit 2 works the document cites, and no title tells them apart")]),
        // ...also when one of them was cited through its fuller list item.
        (&[(Note, "a=John Finley|t=Pacific Bases and Alliances"), (Note, "a=James P. Finley|t=The U.S. Experience in Korea, 1871-1982|l=San Francisco|p=USFK"), (Note, "a=Finley"), (Reference, "a=Finley, John|t=Pacific Bases and Alliances|l=Annapolis|p=Naval Institute Press|y=1990")],
         &[("finley1990", &[], "short form of reference-list item #4 '(marker)'"), ("finley1983", &[], "title 0.93 differs: 'U.S. Experience' vs 'US Military Experience'"), ("", &["finley1990", "finley1983"], "ambiguous: the authors alone fit 2 works the document cites, and no title tells them apart"), ("finley1990", &[], "title 1.00")]),
        // A short form of a reference-list item further down.
        (&[(Note, "t=Concise History of Korea"), (Reference, "a=Seth, Michael J.|t=A Concise History of Korea: From Antiquity to the Present|y=2016")],
         &[("seth2016", &[], "short form of reference-list item #2 '(marker)'"), ("seth2016", &[], "title 1.00")]),
        // The same short title without a document to refer to stays ambiguous between editions.
        (&[(Note, "t=Concise History of Korea")],
         &[("", &["seth2006", "seth2016"], "title 1.00")]),
        // A key citation is not a back-reference, and ibid after it follows it.
        (&[(Pandoc, "k=paik1990"), (Ibid, ""), (Pandoc, "k=gone2000"), (Ibid, "")],
         &[("paik1990", &[], "key 'paik1990'"), ("paik1990", &[], "ibid.: same as previous citation"), ("", &[], "no source with key 'gone2000'"), ("", &[], "ibid.: same as previous citation")]),
        // An unrelated short title does not borrow an earlier citation's source.
        (&[(Note, "t=The History of the ROK-US Alliance: 1953-2013|y=2014"), (Note, "t=One Alliance, Two Lenses")],
         &[("history2014", &[], "title 1.00"), ("shin2010", &[], "title 1.00")]),
    ]
};

#[test]
fn documents() {
    let idx = library();
    for (n, (cits, want)) in DOCS.iter().enumerate() {
        let doc: Vec<Citation> = cits
            .iter()
            .map(|(style, spec)| citation(*style, "(marker)", spec))
            .collect();
        let got = run(&idx, doc);
        assert_eq!(got.len(), want.len(), "document {n}");
        for (i, (r, (source, candidates, first))) in got.iter().zip(want.iter()).enumerate() {
            let what = format!("document {n}, citation {}: {r:?}", i + 1);
            assert_eq!(r.source.as_deref().unwrap_or(""), *source, "{what}");
            assert_eq!(r.candidates, *candidates, "{what}");
            assert_eq!(
                r.reasons.first().map(String::as_str),
                Some(*first),
                "{what}"
            );
        }
    }
}

#[test]
fn empty_library_leaves_everything_unresolved() {
    use CitationStyle::*;
    let doc = vec![
        with_page(
            citation(
                Note,
                "(The History ..., 24)",
                "t=The History of the ROK-US Alliance",
            ),
            "24",
        ),
        citation(Ibid, "Ibid., 26", ""),
        citation(Pandoc, "[@finley1983]", "k=finley1983"),
    ];
    let mut doc = doc;
    let mut refs: Vec<&mut Citation> = doc.iter_mut().collect();
    resolve_all(
        &mut refs,
        &MemoryIndex::new(Vec::new()),
        &ResolveOptions::default(),
    );
    for c in &doc {
        assert_eq!(
            c.resolution,
            Resolution {
                reasons: vec!["library has no sources".into()],
                ..Resolution::default()
            }
        );
    }
    assert_eq!(
        doc[0].locator.as_ref().map(|l| l.value.as_str()),
        Some("24")
    );
}

#[test]
fn manual_links_are_kept_and_skipped() {
    let mut manual = citation(CitationStyle::Note, "", "");
    manual.origin = Origin::Manual;
    manual.style = None;
    manual.resolution = Resolution {
        source: Some("kwan1982".into()),
        confidence: 1.0,
        ..Resolution::default()
    };
    let doc = vec![
        citation(CitationStyle::AuthorDate, "(Paik 1990)", "a=Paik|y=1990"),
        manual.clone(),
        citation(CitationStyle::Ibid, "ibid.", ""),
    ];
    let got = run(&library(), doc);
    assert_eq!(got[1], manual.resolution);
    assert_eq!(
        got[2].source.as_deref(),
        Some("paik1990"),
        "ibid. skips the manual link"
    );
}

/// A small deterministic generator (xorshift64*), so the corpus is the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// Skewed towards small indexes, as word frequencies are.
    fn skewed(&mut self, n: usize) -> usize {
        let x = self.below(1 << 20) as f64 / (1 << 20) as f64;
        ((x * x * x) * n as f64) as usize
    }
}

const SYLLABLES: &[&str] = &[
    "ka", "lo", "mi", "ner", "sta", "vel", "dor", "tin", "ra", "bel", "co", "mun", "pe", "lis",
    "tor", "gra", "ven", "ho", "sul", "den", "ar", "qui", "fe", "nam", "zo", "ber", "chi", "wen",
    "ma", "tus",
];
const WORDS: &[&str] = &[
    "history",
    "alliance",
    "korea",
    "security",
    "war",
    "policy",
    "relations",
    "power",
    "state",
    "military",
    "economy",
    "society",
    "culture",
    "empire",
    "reform",
    "nation",
    "treaty",
    "peace",
    "strategy",
    "politics",
    "american",
    "asian",
    "pacific",
    "cold",
    "modern",
    "global",
    "defense",
];

/// A word list: real words first (the frequent ones), then made-up ones from syllables.
fn vocabulary(n: usize) -> Vec<String> {
    let mut v: Vec<String> = WORDS.iter().map(|w| w.to_string()).collect();
    let s = SYLLABLES.len();
    let mut i = 0;
    while v.len() < n {
        let (a, b, c) = (i % s, (i / s) % s, (i / s / s) % s);
        v.push(format!("{}{}{}", SYLLABLES[a], SYLLABLES[b], SYLLABLES[c]));
        i += 1;
    }
    v
}

fn capitalised(w: &str) -> String {
    let mut c = w.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

fn generated_library(n: usize, rng: &mut Rng) -> Vec<Candidate> {
    let words = vocabulary(6000);
    let families = vocabulary(20_000);
    let publishers = [
        "Routledge",
        "Oxford University Press",
        "Seoul Press",
        "Westview",
        "Hollym",
    ];
    (0..n)
        .map(|i| {
            let len = 3 + rng.below(6);
            let main: Vec<String> = (0..len)
                .map(|_| capitalised(&words[rng.skewed(words.len())]))
                .collect();
            let sub: Vec<String> = (0..rng.below(4))
                .map(|_| capitalised(&words[rng.skewed(words.len())]))
                .collect();
            let names: Vec<String> = (0..1 + rng.below(2))
                .map(|_| {
                    format!(
                        "{}, {}",
                        capitalised(&families[rng.below(families.len())]),
                        capitalised(SYLLABLES[rng.below(SYLLABLES.len())])
                    )
                })
                .collect();
            let refs: Vec<&str> = names.iter().map(String::as_str).collect();
            let year = 1900 + rng.below(126) as i32;
            book(
                &format!("g{i}"),
                &main.join(" "),
                &sub.join(" "),
                &refs,
                year,
                publishers[rng.below(publishers.len())],
                "Seoul",
            )
        })
        .collect()
}

/// A citation of `c` in one of four ways: author-date, full note, short title, MLA.
fn cite_generated(c: &Candidate, rng: &mut Rng) -> Citation {
    let family = &c.families[0];
    let year = c.year.unwrap_or_default();
    let short: Vec<&str> = c.main_title.split(' ').take(4).collect();
    let (style, spec) = match rng.below(10) {
        0..=3 => (CitationStyle::AuthorDate, format!("a={family}|y={year}")),
        4..=6 => (
            CitationStyle::Note,
            format!(
                "a={}|t={}|p={}|y={year}",
                c.names[0],
                c.title,
                c.publisher.as_deref().unwrap_or("")
            ),
        ),
        7..=8 => (CitationStyle::Note, format!("t={}", short.join(" "))),
        _ => (CitationStyle::Mla, format!("a={family}")),
    };
    citation(style, "(generated)", &spec)
}

/// Build and resolve times over 100k generated sources; run with
/// `cargo test --release --lib cite::resolve::tests::speed -- --ignored --nocapture`.
#[test]
#[ignore = "a measurement: run in release"]
fn speed_100k() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let sources = generated_library(100_000, &mut rng);
    let copy = sources.clone();
    let t = std::time::Instant::now();
    let index = MemoryIndex::new(copy);
    let build = t.elapsed();
    let picks: Vec<usize> = (0..2000).map(|_| rng.below(sources.len())).collect();
    let mut doc: Vec<Citation> = picks
        .iter()
        .map(|&i| cite_generated(&sources[i], &mut rng))
        .collect();
    let t = std::time::Instant::now();
    let opts = ResolveOptions::default();
    let found: usize = doc
        .iter()
        .map(|c| index.search(&query_for(&c.parts), opts.search_limit).len())
        .sum();
    let search = t.elapsed();
    let t = std::time::Instant::now();
    let mut refs: Vec<&mut Citation> = doc.iter_mut().collect();
    resolve_all(&mut refs, &index, &ResolveOptions::default());
    let resolve = t.elapsed();
    let right = doc
        .iter()
        .zip(&picks)
        .filter(|(c, i)| c.resolution.source.as_deref() == Some(sources[**i].key.as_str()))
        .count();
    let wrong = doc
        .iter()
        .zip(&picks)
        .filter(|(c, i)| {
            c.resolution
                .source
                .as_ref()
                .is_some_and(|s| *s != sources[**i].key)
        })
        .count();
    let offered = doc
        .iter()
        .zip(&picks)
        .filter(|(c, i)| c.resolution.candidates.contains(&sources[**i].key))
        .count();
    println!(
        "build 100k: {build:?}; resolve 2000: {resolve:?} (retrieval alone {search:?}, {found} candidates); linked right {right}, linked wrong {wrong}, offered as candidate {offered}"
    );
    assert!(wrong * 100 <= doc.len(), "{wrong} wrong links");
    assert!(right * 10 >= doc.len() * 8, "only {right} linked right");
    if !cfg!(debug_assertions) {
        assert!(
            build.as_secs_f64() < 1.0 && resolve.as_secs_f64() < 1.0,
            "too slow: {build:?}, {resolve:?}"
        );
    }
}

/// Author-date and author-page citations go through the document's reference list first:
/// (style, marker, parts) in document order, and (source, candidates, first reason) for each.
#[test]
fn through_the_reference_list() {
    use CitationStyle::*;
    let idx = library();
    #[rustfmt::skip]
    let doc: Vec<(CitationStyle, &str, &str)> = vec![
        // The list letters Smith's 2010 works against their title order.
        (Reference, "Smith, J. (2010a). Bases abroad. Routledge.", "a=Smith, J.|t=Bases abroad|p=Routledge|y=2010a"),
        (Reference, "Smith, J. (2010b). Alliances in transition. Routledge.", "a=Smith, J.|t=Alliances in transition|p=Routledge|y=2010b"),
        (Reference, "Finley, J. P. (1983). The US military experience in Korea, 1871-1982. USFK.", "a=Finley, J. P.|t=The US military experience in Korea, 1871-1982|p=USFK|y=1983"),
        (Reference, "Curtis, G. L., & Han, S. (1983). The US-South Korean alliance.", "a=Curtis, G. L.|a=Han, S.|t=The US-South Korean alliance|y=1983"),
        (Reference, "Cumings, B. (1981). The origins of the Korean War.", "a=Cumings, B.|t=The origins of the Korean War|y=1981"),
        (AuthorDate, "Smith, 2010a", "a=Smith|y=2010a"),
        (AuthorDate, "Smith, 2010b, p. 4", "a=Smith|y=2010b"),
        (AuthorDate, "Smith, 2010c", "a=Smith|y=2010c"),
        // Two Finleys in the library, one in the list.
        (Mla, "Finley 150", "a=Finley"),
        (Narrative, "Finley (1983)", "a=Finley|y=1983"),
        (AuthorDate, "Curtis & Han, 1983", "a=Curtis|a=Han|y=1983"),
        // Listed, but not in the library: abstains, naming the item.
        (AuthorDate, "Cumings, 1981", "a=Cumings|y=1981"),
        // Han is Curtis's co-author, not a first author: no item fits, the library decides.
        (AuthorDate, "Han, 1983", "a=Han|y=1983"),
    ];
    let doc: Vec<Citation> = doc
        .into_iter()
        .map(|(style, marker, spec)| citation(style, marker, spec))
        .collect();
    let got = run(&idx, doc);
    #[rustfmt::skip]
    let want: &[(&str, &[&str], &str)] = &[
        ("smith2010bases", &[], "title 1.00"),
        ("smith2010alliances", &[], "title 1.00"),
        ("finley1983", &[], "title 1.00"),
        ("curtis1983", &[], "title 1.00"),
        ("", &[], ""),
        ("smith2010bases", &[], "item #1 of the document's reference list 'Smith, J. (2010a). Bases abroad. Routledge.'"),
        ("smith2010alliances", &[], "item #2 of the document's reference list 'Smith, J. (2010b). Alliances in transition. …'"),
        ("", &["smith2010bases", "smith2010alliances"], "title absent"),
        ("finley1983", &[], "item #3 of the document's reference list 'Finley, J. P. (1983). The US military …'"),
        ("finley1983", &[], "item #3 of the document's reference list 'Finley, J. P. (1983). The US military …'"),
        ("curtis1983", &[], "item #4 of the document's reference list 'Curtis, G. L., & Han, S. (1983). The US-South …'"),
        ("", &[], "item #5 of the document's reference list 'Cumings, B. (1981). The origins of the Korean …'"),
        ("curtis1983", &[], "title absent"),
    ];
    assert_eq!(got.len(), want.len());
    for (i, (r, (source, candidates, first))) in got.iter().zip(want).enumerate() {
        let what = format!("citation {}: {r:?}", i + 1);
        assert_eq!(r.source.as_deref().unwrap_or(""), *source, "{what}");
        assert_eq!(r.candidates, *candidates, "{what}");
        if !first.is_empty() {
            assert_eq!(
                r.reasons.first().map(String::as_str),
                Some(*first),
                "{what}"
            );
        }
    }
    let last = got.last().expect("a citation");
    assert!(
        last.reasons
            .iter()
            .any(|r| r == "no item of the document's reference list fits"),
        "{last:?}"
    );
    assert!(
        got[7].reasons.iter().all(|r| !r.starts_with("year suffix")),
        "the list's letters are never guessed from title order: {:?}",
        got[7]
    );
}

#[test]
fn more_names_or_given_names_tell_two_listed_works_apart() {
    use CitationStyle::*;
    #[rustfmt::skip]
    let idx = MemoryIndex::new(vec![
        book("paskov_a", "Exciton dynamics in GaN", "", &["Paskov, P. P.", "Monemar, B.", "Toropov, A."], 2006, "", ""),
        book("paskov_b", "Phonon replicas in GaN", "", &["Paskov, P.", "Schifano, R.", "Malinauskas, T."], 2006, "", ""),
        book("kawa_a", "Growth of InGaN", "", &["Kawaguchi, Kenichi", "Sudo, Hisao", "Matsuda, Manabu", "Takemoto, K."], 2015, "", ""),
        book("kawa_b", "Lasing in InGaN", "", &["Kawaguchi, Kenichi", "Sudo, Hisao", "Matsuda, Manabu", "Ekawa, M."], 2015, "", ""),
    ]);
    #[rustfmt::skip]
    let doc: Vec<(CitationStyle, &str, &str)> = vec![
        (Reference, "Paskov, P. P., Monemar, B., & Toropov, A. (2006). Exciton dynamics in GaN.", "a=Paskov, P. P.|a=Monemar, B.|a=Toropov, A.|t=Exciton dynamics in GaN|y=2006"),
        (Reference, "Paskov, P., Schifano, R., & Malinauskas, T. (2006). Phonon replicas in GaN.", "a=Paskov, P.|a=Schifano, R.|a=Malinauskas, T.|t=Phonon replicas in GaN|y=2006"),
        (Reference, "Kawaguchi, Kenichi, Hisao Sudo, Manabu Matsuda, and K. Takemoto. 2015. Growth of InGaN.", "a=Kawaguchi, Kenichi|a=Hisao Sudo|a=Manabu Matsuda|a=K. Takemoto|t=Growth of InGaN|y=2015"),
        (Reference, "Kawaguchi, Kenichi, Hisao Sudo, Manabu Matsuda, and M. Ekawa. 2015. Lasing in InGaN.", "a=Kawaguchi, Kenichi|a=Hisao Sudo|a=Manabu Matsuda|a=M. Ekawa|t=Lasing in InGaN|y=2015"),
        (AuthorDate, "P. P. Paskov et al., 2006", "a=P. P. Paskov et al.|y=2006"),
        (AuthorDate, "P. Paskov et al., 2006", "a=P. Paskov et al.|y=2006"),
        (AuthorDate, "Paskov et al., 2006", "a=Paskov et al.|y=2006"),
        (AuthorDate, "Pavel Paskov et al., 2006", "a=Pavel Paskov et al.|y=2006"),
        (AuthorDate, "Kawaguchi, Sudo, Matsuda, Takemoto, et al. 2015", "a=Kawaguchi|a=Sudo|a=Matsuda|a=Takemoto et al.|y=2015"),
        (AuthorDate, "Kawaguchi, Sudo, Matsuda, Ekawa, et al. 2015", "a=Kawaguchi|a=Sudo|a=Matsuda|a=Ekawa et al.|y=2015"),
        (AuthorDate, "Kawaguchi et al. 2015", "a=Kawaguchi et al.|y=2015"),
    ];
    let doc: Vec<Citation> = doc
        .into_iter()
        .map(|(style, marker, spec)| citation(style, marker, spec))
        .collect();
    let got: Vec<(Option<String>, Vec<String>)> = run(&idx, doc)
        .into_iter()
        .map(|r| (r.source, r.candidates))
        .collect();
    let s = |k: &str| (Some(k.to_string()), Vec::<String>::new());
    let both = |a: &str, b: &str| (None, vec![a.to_string(), b.to_string()]);
    assert_eq!(
        got,
        vec![
            s("paskov_a"),
            s("paskov_b"),
            s("kawa_a"),
            s("kawa_b"),
            s("paskov_a"),
            s("paskov_b"),
            // The family alone still fits both.
            both("paskov_a", "paskov_b"),
            // A written-out given name is neither "P. P." nor "P.".
            both("paskov_a", "paskov_b"),
            s("kawa_a"),
            s("kawa_b"),
            both("kawa_a", "kawa_b"),
        ]
    );
}

#[test]
fn one_work_entered_twice_is_told_apart_by_the_items_details() {
    let article = |key: &str, pages: &str, names: &[&str]| Candidate {
        key: key.to_string(),
        entry_type: "article".to_string(),
        title: "Band Parameters for III–V Compound Semiconductors".to_string(),
        main_title: "Band Parameters for III–V Compound Semiconductors".to_string(),
        year: Some(2001),
        names: names.iter().map(|n| n.to_string()).collect(),
        families: names
            .iter()
            .map(|n| n.split(", ").next().unwrap_or(n).to_string())
            .collect(),
        publisher: Some("AIP".to_string()),
        pages: Some(pages.to_string()),
        ..Candidate::default()
    };
    let index = MemoryIndex::new(vec![
        article(
            "vurg_full",
            "5815--5875",
            &["Vurgaftman, I.", "Meyer, J. R."],
        ),
        article("vurg_short", "5815", &["Vurgaftman, I.", "Meyer, J. R."]),
    ]);
    let item = |tail: &str| {
        let text = format!(
            "Vurgaftman, I., and J. R. Meyer. “Band Parameters for III–V Compound \
             Semiconductors.” J. Appl. Phys. 89, no. 11 (2001){tail}"
        );
        let mut c = Citation::inline(&text, (0, text.len()), CitationStyle::Reference);
        c.parts = crate::cite::read_reference(&text).parts.into();
        c
    };
    let got = run(&index, vec![item(": 5815–75."), item(": 5815."), item(".")]);
    assert_eq!(got[0].source.as_deref(), Some("vurg_full"), "{:?}", got[0]);
    assert!(
        got[0]
            .reasons
            .iter()
            .any(|r| r.contains("not 'vurg_short'") && r.contains("'5815'")),
        "{:?}",
        got[0].reasons
    );
    assert_eq!(got[1].source.as_deref(), Some("vurg_short"), "{:?}", got[1]);
    // No pages printed: nothing tells them apart.
    assert_eq!(got[2].source, None);
    assert_eq!(got[2].candidates.len(), 2);
}

#[test]
fn an_item_takes_the_one_candidate_no_other_item_took() {
    let article = |key: &str, names: &[&str]| Candidate {
        key: key.to_string(),
        entry_type: "article".to_string(),
        title: "Origin of High Oscillator Strength in Nanocolumns".to_string(),
        main_title: "Origin of High Oscillator Strength in Nanocolumns".to_string(),
        year: Some(2006),
        names: names.iter().map(|n| n.to_string()).collect(),
        families: names
            .iter()
            .map(|n| n.split(", ").next().unwrap_or(n).to_string())
            .collect(),
        ..Candidate::default()
    };
    let index = MemoryIndex::new(vec![
        article(
            "kawakami_full",
            &["Kawakami, Yoichi", "Suzuki, S.", "Kaneta, A."],
        ),
        article(
            "kawakami_init",
            &["Kawakami, Y.", "Suzuki, S.", "Kaneta, A."],
        ),
    ]);
    let item = |names: &str| {
        let text = format!(
            "{names}, et al. “Origin of High Oscillator Strength in Nanocolumns.” Appl. Phys. \
             Lett., vol. 89, no. 16, 2006, p. 163124."
        );
        let mut c = Citation::inline(&text, (0, text.len()), CitationStyle::Reference);
        c.parts = crate::cite::read_reference(&text).parts.into();
        c
    };
    // The given name rules the initials-only entry out; the initials fit both, and the
    // other item took one.
    let got = run(&index, vec![item("Kawakami, Y."), item("Kawakami, Yoichi")]);
    assert_eq!(
        got[1].source.as_deref(),
        Some("kawakami_full"),
        "{:?}",
        got[1]
    );
    assert_eq!(
        got[0].source.as_deref(),
        Some("kawakami_init"),
        "{:?}",
        got[0]
    );
    assert!(
        got[0].reasons.iter().any(|r| r.contains("item #2")),
        "{:?}",
        got[0].reasons
    );
    // Two items alike: nothing tells them apart, both stay ambiguous.
    let got = run(&index, vec![item("Kawakami, Y."), item("Kawakami, Y.")]);
    assert!(
        got.iter()
            .all(|r| r.source.is_none() && r.candidates.len() == 2),
        "{got:?}"
    );
}

#[test]
fn a_whole_name_held_as_a_family_is_exact_too() {
    use CitationStyle::*;
    // A .bib's "Masahiro Suzuki, Takaaki Kaneko and Yutaka Matsuo" holds "Masahiro Suzuki" as
    // a family name; Chicago prints it whole. Both items fit the citation exactly: neither is
    // taken over the other.
    #[rustfmt::skip]
    let idx = MemoryIndex::new(vec![
        book("pixyz", "Pixyz: A Python Library", "", &["Masahiro Suzuki, Takaaki Kaneko", "Matsuo, Yutaka"], 2023, "", ""),
        book("mitigating", "Mitigating the Limitations of Multimodal VAEs", "", &["Suzuki, Masahiro", "Matsuo, Yutaka"], 2023, "", ""),
    ]);
    #[rustfmt::skip]
    let doc = vec![
        citation(Reference, "Masahiro Suzuki, Takaaki Kaneko, and Yutaka Matsuo. 2023. Pixyz: A Python Library.", "a=Masahiro Suzuki, Takaaki Kaneko|a=Yutaka Matsuo|t=Pixyz: A Python Library|y=2023"),
        citation(Reference, "Suzuki, Masahiro, and Yutaka Matsuo. 2023. Mitigating the Limitations of Multimodal VAEs.", "a=Suzuki, Masahiro|a=Yutaka Matsuo|t=Mitigating the Limitations of Multimodal VAEs|y=2023"),
        citation(AuthorDate, "Masahiro Suzuki and Matsuo 2023", "a=Masahiro Suzuki|a=Matsuo|y=2023"),
    ];
    let got = run(&idx, doc);
    assert_eq!(got[0].source.as_deref(), Some("pixyz"));
    assert_eq!(got[1].source.as_deref(), Some("mitigating"));
    assert_eq!(got[2].source, None, "{:?}", got[2]);
}

#[test]
fn a_short_note_of_authors_alone_fits_the_works_of_as_many_authors() {
    use CitationStyle::*;
    #[rustfmt::skip]
    let idx = MemoryIndex::new(vec![
        book("lecture", "Lecture 8: Multi-Agent Systems", "", &["Liu, Changliu"], 2019, "Carnegie Mellon University", ""),
        book("alloy", "Impact of Alloy Disorder on Auger Recombination", "", &["Liu, W.", "Rossbach, G.", "Avramescu, A."], 2019, "", ""),
    ]);
    #[rustfmt::skip]
    let doc = vec![
        citation(Note, "W. Liu et al., “Impact of Alloy Disorder on Auger Recombination,” 2019", "a=W. Liu et al.|t=Impact of Alloy Disorder on Auger Recombination|y=2019"),
        citation(Note, "Changliu Liu, “Lecture 8” (Carnegie Mellon University, 2019)", "a=Changliu Liu|t=Lecture 8: Multi-Agent Systems|p=Carnegie Mellon University|y=2019"),
        citation(Note, "Liu, 206–8.", "a=Liu"),
        citation(Note, "Liu et al., 12.", "a=Liu et al."),
    ];
    let got: Vec<Option<String>> = run(&idx, doc).into_iter().map(|r| r.source).collect();
    let s = |k: &str| Some(k.to_string());
    assert_eq!(
        got,
        vec![s("alloy"), s("lecture"), s("lecture"), s("alloy")]
    );
}

#[test]
fn a_short_title_that_fits_two_listed_works_alike_is_ambiguous() {
    use CitationStyle::*;
    #[rustfmt::skip]
    let idx = MemoryIndex::new(vec![
        book("prl", "Observation of a Wurtzite Form of Gallium Arsenide", "", &["McMahon, M. I.", "Nelmes, R. J."], 2005, "", ""),
        book("dup", "Observation of a Wurtzite Form of Gallium Arsenide", "", &["McMahon, M.", "Nelmes, R."], 2005, "", ""),
    ]);
    #[rustfmt::skip]
    let doc = vec![
        citation(Note, "McMahon and Nelmes, “Observation of a Wurtzite Form of Gallium Arsenide,” 258.", "a=McMahon|a=Nelmes|t=Observation of a Wurtzite Form of Gallium Arsenide"),
        citation(Reference, "McMahon, M. I., and R. J. Nelmes. “Observation of a Wurtzite Form of Gallium Arsenide.” 2005.", "a=McMahon, M. I.|a=R. J. Nelmes|t=Observation of a Wurtzite Form of Gallium Arsenide|y=2005"),
        citation(Reference, "McMahon, M., and R. Nelmes. “Observation of a Wurtzite Form of Gallium Arsenide.” 2005.", "a=McMahon, M.|a=R. Nelmes|t=Observation of a Wurtzite Form of Gallium Arsenide|y=2005"),
    ];
    let got = run(&idx, doc);
    assert_eq!(got[1].source.as_deref(), Some("prl"), "{:?}", got[1]);
    assert_eq!(got[2].source.as_deref(), Some("dup"), "{:?}", got[2]);
    assert_eq!(got[0].source, None, "{:?}", got[0]);
    assert_eq!(got[0].candidates.len(), 2);
}
