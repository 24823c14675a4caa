//! Suggestions for claims (`annobib suggest`, `check --suggest`): the pool of the library's
//! sources, and a claim read as the suggester needs it (its markers blanked, the sources it
//! already cites left out).

use std::collections::HashSet;

use crate::model::{Claim, Origin};
use crate::store::{SourceFilter, SourceSort, Store, StoreError};
use crate::suggest::{Abstain, Pool, Suggestion};

/// How many suggestions a claim gets unless asked otherwise.
pub const DEFAULT_LIMIT: usize = 5;

/// Every source of the library, as the pool suggestions come from.
pub fn pool(store: &Store) -> Result<Pool, StoreError> {
    let sources = store.sources(&SourceFilter::default(), SourceSort::File)?;
    Ok(Pool::new(&sources))
}

/// The sources that could back `claim`, best first (at most `limit`), besides those it cites;
/// or why there are none.
pub fn for_claim(pool: &Pool, claim: &Claim, limit: usize) -> Result<Vec<Suggestion>, Abstain> {
    let mut text = claim.text.clone().into_bytes();
    let mut cited = HashSet::new();
    for c in &claim.citations {
        if let Some(key) = &c.resolution.source {
            cited.insert(key.clone());
        }
        // The marker's own words ("Smith 2010") would match the source it names.
        if c.origin == Origin::Inline
            && let Some((s, e)) = c.group.or(c.span)
            && s >= claim.start
            && e <= claim.start + text.len()
            && s < e
        {
            text[s - claim.start..e - claim.start].fill(b' ');
        }
    }
    // Blanking whole bytes of a marker keeps the text UTF-8 only when the marker's ends are
    // character boundaries, which spans into the document text always are.
    let text = String::from_utf8_lossy(&text);
    pool.suggest_besides(&text, limit, &cited)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bib;

    #[test]
    fn a_claim_is_matched_without_its_markers_and_without_what_it_cites() {
        let mut store = Store::open_in_memory().unwrap();
        let text = "@book{paik1990, author = {Paik, Seung-gi}, title = {US-Korean Security Relations since 1945}, year = 1990}\n\
            @book{finley1983, author = {Finley, James P.}, title = {The US Military Experience in Korea}, year = 1983}\n";
        let parsed = bib::parse("r.bib", text);
        store
            .import_bib(
                &[crate::store::ImportFile {
                    file: &parsed.file,
                    hash: "h".into(),
                }],
                false,
            )
            .unwrap();
        let pool = pool(&store).unwrap();
        assert_eq!(pool.len(), 2);
        let doc = crate::essay::parse(
            "e.txt",
            "Security relations in Korea changed after 1945 (Finley 1983).\n",
            &Default::default(),
        );
        let mut doc = doc;
        let index = crate::cite::memindex::MemoryIndex::new(
            parsed
                .file
                .sources()
                .map(crate::model::Candidate::from_source)
                .collect(),
        );
        crate::cite::cite_document(&mut doc, &index, &Default::default());
        let claim = &doc.claims[0];
        assert_eq!(
            claim.citations[0].resolution.source.as_deref(),
            Some("finley1983")
        );
        let got = for_claim(&pool, claim, 5).unwrap();
        assert_eq!(got.len(), 1, "the source it cites is left out: {got:?}");
        assert_eq!(got[0].key, "paik1990");
    }
}
