//! `unused-source`: a source that a document lists in its reading list, or that belongs to
//! the project's bibliography, and that no claim cites.
//!
//! Owns what "listed" and "cited" mean: listed is a reference-list item (`ClaimKind::Reference`)
//! whose citation resolved to the source; cited is any inline citation or manual link on a
//! claim that is not a reference-list item and not orphaned. A reading-list item is reported in
//! its document, at the item; a project source that no checked document cites or lists is
//! reported once, at its entry in the .bib file.

use std::collections::BTreeMap;

use rustc_hash::FxHashSet as HashSet;

use crate::model::{Claim, ClaimKind, Document, Finding};

use super::{At, CheckInput, Library, Rule, at_source};

/// Keys cited by the claims of `doc`, and its reading list (key -> first item naming it).
fn cited_and_listed(doc: &Document) -> (HashSet<&str>, BTreeMap<&str, &Claim>) {
    let mut cited = HashSet::default();
    let mut listed = BTreeMap::new();
    for claim in doc.claims.iter().filter(|c| !c.orphaned) {
        for key in claim
            .citations
            .iter()
            .filter_map(|c| c.resolution.source.as_deref())
        {
            if claim.kind == ClaimKind::Reference {
                listed.entry(key).or_insert(claim);
            } else {
                cited.insert(key);
            }
        }
    }
    (cited, listed)
}

pub(super) fn unused(input: &CheckInput, library: &Library, out: &mut Vec<Finding>) {
    let project: HashSet<&str> = input.project_files.iter().map(String::as_str).collect();
    let in_project = |key: &str| {
        library
            .get(key)
            .is_some_and(|s| project.contains(s.origin.file.as_str()))
    };
    let mut cited_anywhere: HashSet<&str> = HashSet::default();
    let mut listed_anywhere: HashSet<&str> = HashSet::default();
    for (i, doc) in input.documents.iter().enumerate() {
        let (cited, listed) = cited_and_listed(doc);
        let at = At::new(doc, input.display(i));
        for (&key, &item) in &listed {
            listed_anywhere.insert(key);
            if cited.contains(key) {
                continue;
            }
            let mut reasons = vec![format!("listed: {}", item.text.trim())];
            reasons.push(format!(
                "no claim of {} cites it, inline or by a manual link",
                at.path
            ));
            if in_project(key) {
                reasons.push("also in the project's bibliography".into());
            }
            let mut f = at.claim(
                Rule::UnusedSource,
                item,
                format!("{key} is in the reading list but no claim cites it"),
                reasons,
            );
            f.source = Some(key.to_string());
            out.push(f);
        }
        cited_anywhere.extend(cited);
    }
    if input.documents.is_empty() {
        return;
    }
    for source in library.sources {
        let key = source.key.as_str();
        if !project.contains(source.origin.file.as_str())
            || cited_anywhere.contains(key)
            || listed_anywhere.contains(key)
        {
            continue;
        }
        out.push(at_source(
            Rule::UnusedSource,
            source,
            format!("{key} is in the project's bibliography but no claim cites it"),
            vec![format!(
                "not cited by any claim, nor listed, in the {} checked document(s)",
                input.documents.len()
            )],
        ));
    }
}
