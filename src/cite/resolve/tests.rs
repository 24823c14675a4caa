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
    ]);
    MemoryIndex::new(v)
}

/// Marker parts from `a=Finley|t=Title|y=1983|p=Publisher|l=Place|k=key` (`a` repeats).
fn parts(spec: &str) -> MarkerParts {
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
    c.parts = parts(spec);
    c
}

fn run(index: &MemoryIndex, mut doc: Vec<Citation>) -> Vec<Resolution> {
    let mut refs: Vec<&mut Citation> = doc.iter_mut().collect();
    resolve_all(&mut refs, index, &ResolveOptions::default());
    doc.into_iter().map(|c| c.resolution).collect()
}

#[test]
fn dump() {
    use CitationStyle::*;
    let idx = library();
    let cases = [
        (
            Note,
            "(see The History ..., 24)",
            "t=The History of the ROK-US Alliance: 1953-2013|l=Seoul|p=Institute of Military History|y=2014",
        ),
        (
            Note,
            "(see James P. Finley, ..., 150)",
            "a=James P. Finley|t=The U.S. Experience in Korea, 1871-1982: In the Vanguard of ROK-US Relations|l=San Francisco|p=USFK",
        ),
        (AuthorDate, "(Finley 1983, 150)", "a=Finley|y=1983"),
        (Mla, "(Finley 150)", "a=Finley"),
        (AuthorDate, "(Kwak 1982)", "a=Kwak|y=1982"),
        (AuthorDate, "(Smith 2010a)", "a=Smith|y=2010a"),
        (AuthorDate, "(Smith 2010b)", "a=Smith|y=2010b"),
        (
            AuthorDate,
            "(USGCRP, 2014a)",
            "a=U.S. Global Change Research Program [USGCRP]|y=2014a",
        ),
        (
            AuthorDate,
            "(NOAA 2020)",
            "a=National Oceanic and Atmospheric Administration|y=2020",
        ),
        (AuthorDate, "(x)", "t=COVID-19 Coronavirus Pandemic|y=2021"),
        (Pandoc, "[@finley1938]", "k=finley1938"),
        (AuthorDate, "(Seth 2016)", "a=Seth|y=2016"),
        (Note, "(x)", "t=The U.S. Experience in Korea, 1871-1982"),
        (
            AuthorDate,
            "(Institute for Military History, 2014)",
            "a=Institute for Military History|y=2014",
        ),
    ];
    for (style, marker, spec) in cases {
        let r = run(&idx, vec![citation(style, marker, spec)]);
        println!(
            "{marker} {spec}\n   => {:?} {:.3} {:?}\n      {}",
            r[0].source,
            r[0].confidence,
            r[0].candidates,
            r[0].reasons.join("; ")
        );
    }
}
