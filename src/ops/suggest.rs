//! Suggestions for claims (`annobib suggest`, `check --suggest`): the pool of the library's
//! sources, and a claim read as the suggester needs it (its markers blanked, the sources it
//! already cites left out).

use std::collections::{HashMap, HashSet};

use crate::model::Claim;
use crate::store::{SourceFilter, SourceSort, Store, StoreError};
use crate::suggest::{Abstain, Pool, Suggestion};

/// How many suggestions a claim gets unless asked otherwise.
pub const DEFAULT_LIMIT: usize = 5;

/// Up to this many sources, a library is read whole and every source is scored for every
/// claim (with its abstract and keywords); above, the full-text index picks the sources whose
/// titles and names share the claim's words, and only those are read and scored (reading a
/// library of 100,000 sources whole takes seconds and hundreds of MB).
pub const WHOLE_LIBRARY_UP_TO: usize = 5_000;

/// How many sources the index picks for a claim in a large library.
const PICKED: usize = 300;

/// Where the sources a claim is scored against come from.
pub enum Suggester<'s> {
    /// The whole library, read once.
    Whole(Pool),
    /// A large library: the sources its index picks for each claim.
    Indexed {
        /// The library.
        store: &'s Store,
        /// How many sources it has.
        total: usize,
    },
}

/// The suggester for `store`: its sources read whole, or through its index when it is large.
pub fn pool(store: &Store) -> Result<Suggester<'_>, StoreError> {
    let total = store.source_count()?;
    if total <= WHOLE_LIBRARY_UP_TO {
        let sources = store.sources(&SourceFilter::default(), SourceSort::File)?;
        return Ok(Suggester::Whole(Pool::new(&sources)));
    }
    Ok(Suggester::Indexed { store, total })
}

impl Suggester<'_> {
    /// How many sources suggestions can come from.
    pub fn len(&self) -> usize {
        match self {
            Suggester::Whole(pool) => pool.len(),
            Suggester::Indexed { total, .. } => *total,
        }
    }

    /// Whether the library has no sources.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The sources that could back `claim`, best first (at most `limit`), besides those it
    /// cites; or why there are none.
    pub fn for_claim(
        &self,
        claim: &Claim,
        limit: usize,
    ) -> Result<Result<Vec<Suggestion>, Abstain>, StoreError> {
        let (text, cited) = as_asked(claim);
        match self {
            Suggester::Whole(pool) => Ok(pool.suggest_besides(&text, limit, &cited)),
            Suggester::Indexed { store, total } => {
                let terms = crate::suggest::query_terms(&text);
                let index = store.index();
                let keys = index.keys_matching(&terms, PICKED)?;
                let mut counts = HashMap::new();
                for t in &terms {
                    let n = u32::try_from(index.holding(t)?).unwrap_or(u32::MAX);
                    // The pool compares stemmed words: the count of the word as written
                    // stands for its stem too.
                    for w in crate::suggest::words(t) {
                        let c: &mut u32 = counts.entry(w).or_default();
                        *c = (*c).max(n);
                    }
                }
                index.finish()?;
                let filter = SourceFilter {
                    keys: Some(keys),
                    ..Default::default()
                };
                let picked = store.sources(&filter, SourceSort::File)?;
                let pool = Pool::new(&picked).within_library(*total, &counts);
                Ok(pool.suggest_besides(&text, limit, &cited))
            }
        }
    }
}

/// The claim as the suggester reads it: its text with its markers blanked (a marker's own
/// words, "Smith 2010", would match the source it names), as the needs-a-citation scorer reads
/// it, and the keys of the sources it already cites.
fn as_asked(claim: &Claim) -> (String, HashSet<String>) {
    let cited = claim
        .citations
        .iter()
        .filter_map(|c| c.resolution.source.clone())
        .collect();
    (crate::check::need::masked(claim), cited)
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
        assert!(matches!(pool, Suggester::Whole(_)));
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
        let got = pool.for_claim(claim, 5).unwrap().unwrap();
        assert_eq!(got.len(), 1, "the source it cites is left out: {got:?}");
        assert_eq!(got[0].key, "paik1990");
        // Through the index (as for a large library): the same answer.
        let indexed = Suggester::Indexed {
            store: &store,
            total: 2,
        };
        let got = indexed.for_claim(claim, 5).unwrap().unwrap();
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].key, "paik1990");
    }
}
