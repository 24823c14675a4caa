//! A whole document's citations: markers found claim by claim (spans made relative to the
//! document), reference-list items read as full references, and everything resolved in
//! document order (so "ibid." and short forms see what came before).

use crate::model::{Citation, CitationStyle, ClaimKind, Document, Origin, SourceIndex};

use super::{ResolveOptions, find, read_reference, resolve_all};

/// Finds the inline citations of every claim (replacing any found before; manual links are
/// kept) and resolves them against `index`.
pub fn cite_document(doc: &mut Document, index: &dyn SourceIndex, opts: &ResolveOptions) {
    for claim in &mut doc.claims {
        let mut found = match claim.kind {
            ClaimKind::Claim => find(&claim.text),
            ClaimKind::Reference => vec![reference_citation(&claim.text)],
            _ => Vec::new(),
        };
        for c in &mut found {
            c.shift(claim.start);
        }
        let manual = claim
            .citations
            .drain(..)
            .filter(|c| c.origin == Origin::Manual);
        found.extend(manual);
        claim.citations = found;
    }
    resolve_document(doc, index, opts);
}

/// Resolves (again) the inline citations of a document already cited, e.g. after the
/// library changed.
pub fn resolve_document(doc: &mut Document, index: &dyn SourceIndex, opts: &ResolveOptions) {
    let mut inline: Vec<&mut Citation> = doc
        .claims
        .iter_mut()
        .filter(|c| !c.orphaned)
        .flat_map(|c| c.citations.iter_mut())
        .filter(|c| c.origin == Origin::Inline)
        .collect();
    resolve_all(&mut inline, index, opts);
}

/// An item of the document's reference list, read as one full reference.
fn reference_citation(text: &str) -> Citation {
    let mut c = Citation::inline(text, (0, text.len()), CitationStyle::Reference);
    c.parts = read_reference(text).parts;
    c.detected = Some("item of the document's reference list".into());
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cite::memindex::MemoryIndex;
    use crate::essay;
    use crate::model::Candidate;

    fn readings() -> MemoryIndex {
        let c =
            |key: &str, title: &str, main: &str, year, names: &[&str], publisher: &str| Candidate {
                key: key.into(),
                entry_type: "book".into(),
                title: title.into(),
                main_title: main.into(),
                year: Some(year),
                names: names.iter().map(|n| n.to_string()).collect(),
                families: names
                    .iter()
                    .map(|n| n.split(',').next().unwrap().to_string())
                    .collect(),
                publisher: Some(publisher.into()),
                ..Default::default()
            };
        MemoryIndex::new(vec![
            c(
                "history2014",
                "The History of the ROK-US Alliance: 1953-2013",
                "The History of the ROK-US Alliance",
                2014,
                &[],
                "Institute for Military History",
            ),
            c(
                "finley1983",
                "The US Military Experience in Korea, 1871-1982: In the Vanguard of ROK-US Relations",
                "The US Military Experience in Korea, 1871-1982",
                1983,
                &["Finley, James P."],
                "USFK",
            ),
            c(
                "paik1990",
                "US-Korean Security Relations since 1945",
                "US-Korean Security Relations since 1945",
                1990,
                &["Paik, Seung-gi"],
                "Seoul Press",
            ),
        ])
    }

    #[test]
    fn the_example_essay_is_cited_end_to_end() {
        let text = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("bibliography/us-korea-military-alliance.txt"),
        )
        .unwrap();
        let mut doc = essay::parse("essay.txt", &text, &essay::Options::default());
        cite_document(&mut doc, &readings(), &ResolveOptions::default());
        let inline: Vec<(&str, Option<&str>, Option<&str>)> = doc
            .claims
            .iter()
            .filter(|c| c.kind == ClaimKind::Claim)
            .flat_map(|c| &c.citations)
            .map(|c| {
                let (s, e) = c.span.unwrap();
                (
                    &text[s..e],
                    c.resolution.source.as_deref(),
                    c.locator.as_ref().map(|l| l.value.as_str()),
                )
            })
            .collect();
        assert_eq!(inline.len(), 4, "{inline:#?}");
        assert_eq!(inline[0].1, Some("history2014"));
        assert_eq!(inline[0].2, Some("24"));
        assert_eq!(inline[1].1, Some("history2014"));
        assert_eq!(inline[1].2, Some("25"));
        assert_eq!(inline[2].1, Some("finley1983"));
        assert_eq!(inline[2].2, Some("150"));
        assert_eq!(inline[3].1, Some("history2014"));
        assert_eq!(inline[3].2, Some("60"));
        assert!(
            inline[2].0.starts_with("see James P. Finley")
                || inline[2].0.starts_with("(see James P. Finley")
        );
        let references: Vec<Option<&str>> = doc
            .claims
            .iter()
            .filter(|c| c.kind == ClaimKind::Reference)
            .map(|c| c.citations[0].resolution.source.as_deref())
            .collect();
        assert_eq!(references.len(), 6);
        assert_eq!(references[0], Some("history2014"));
        assert_eq!(references[2], Some("finley1983"));
        assert_eq!(references[4], Some("paik1990"));
    }
}
