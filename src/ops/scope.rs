//! What `check`, `report` and `bibliography` look at: the documents named (or all), and the
//! sources in scope: those the documents cite or list in their reading list, the entries of
//! the project's .bib files, and with `all_sources` (or when there is no document) every
//! source.

use std::collections::{BTreeSet, HashMap};

use crate::check::{self, CheckInput, CheckOptions, CoverageRow};
use crate::model::{Attachment, Document, Finding, Source};
use crate::store::{SourceFilter, SourceSort, Store, StoreError};

/// Which sources a scope holds, and how.
#[derive(Debug, Clone, Default)]
pub struct ScopeRequest {
    /// The project's source files, as the library records them: their entries are in scope
    /// whether cited or not.
    pub project_files: Vec<String>,
    /// Every source of the library.
    pub all_sources: bool,
    /// Sources without their text as written (their `raw` and their fields' `raw`): what
    /// `check` reads, which never looks at it, and most of the memory of a large library.
    pub without_text: bool,
}

/// Documents (with their shown paths) and sources, paths shown as the caller shows them.
#[derive(Debug)]
pub struct Scope {
    /// The documents: (shown path, document).
    pub docs: Vec<(String, Document)>,
    /// The sources in scope, their `origin.file` as shown.
    pub sources: Vec<Source>,
    /// The project's source files, as shown.
    pub project_files: Vec<String>,
    /// The full texts attached to the sources the documents cite.
    pub attachments: Vec<Attachment>,
}

impl Scope {
    /// The scope of `docs` (as loaded, with their paths as shown): the sources they cite,
    /// those of the project's files, or all. `show` gives a stored path as the user sees it.
    pub fn load(
        store: &Store,
        docs: Vec<(String, Document)>,
        req: &ScopeRequest,
        show: &dyn Fn(&str) -> String,
    ) -> Result<Scope, StoreError> {
        // Each source as it is read: its file as shown (one path per file, not per source).
        let mut shown: HashMap<String, String> = HashMap::new();
        let mut load = |filter: &SourceFilter| -> Result<Vec<Source>, StoreError> {
            let mut out = Vec::new();
            store.each_source(filter, SourceSort::File, |mut s| {
                if req.without_text {
                    s.raw = String::new();
                    for f in &mut s.fields {
                        f.raw = String::new();
                    }
                    // Read in growing vectors; held until the check ends.
                    s.fields.shrink_to_fit();
                    s.persons.shrink_to_fit();
                }
                if !s.origin.file.is_empty() {
                    let file = std::mem::take(&mut s.origin.file);
                    s.origin.file = shown.entry(file).or_insert_with_key(|f| show(f)).clone();
                }
                out.push(s);
                Ok::<_, StoreError>(())
            })?;
            Ok(out)
        };
        let sources = if req.all_sources || docs.is_empty() {
            load(&SourceFilter::default())?
        } else {
            let keys: BTreeSet<String> = docs
                .iter()
                .flat_map(|(_, d)| &d.claims)
                .flat_map(|c| &c.citations)
                .filter_map(|c| c.resolution.source.clone())
                .collect();
            let by_key = SourceFilter {
                keys: Some(keys.into_iter().collect()),
                ..Default::default()
            };
            let mut found = load(&by_key)?;
            if !req.project_files.is_empty() {
                let by_file = SourceFilter {
                    files: Some(req.project_files.clone()),
                    ..Default::default()
                };
                for s in load(&by_file)? {
                    if !found.iter().any(|f| f.key == s.key) {
                        found.push(s);
                    }
                }
            }
            found
        };
        let project_files = req.project_files.iter().map(|f| show(f)).collect();
        let cited: BTreeSet<&str> = docs
            .iter()
            .flat_map(|(_, d)| &d.claims)
            .flat_map(|c| &c.citations)
            .filter_map(|c| c.resolution.source.as_deref())
            .collect();
        let mut attachments: Vec<Attachment> = store.attachments(cited)?.into_values().collect();
        attachments.sort_by(|a, b| a.key.cmp(&b.key));
        Ok(Scope {
            docs,
            sources,
            project_files,
            attachments,
        })
    }

    /// Runs the check rules (and, when asked, the coverage table) over the scope. The
    /// documents come back with their paths as shown, for outputs that name them.
    pub fn check(self, opts: &CheckOptions, coverage: bool) -> Checked {
        let (paths, mut documents): (Vec<String>, Vec<Document>) = self.docs.into_iter().unzip();
        let input = CheckInput {
            documents: &documents,
            display_paths: &paths,
            sources: &self.sources,
            project_files: &self.project_files,
            attachments: &self.attachments,
        };
        let findings = check::run(&input, opts);
        let coverage = coverage.then(|| check::coverage(&input, opts));
        for (d, p) in documents.iter_mut().zip(paths) {
            d.path = p;
        }
        Checked {
            documents,
            sources: self.sources,
            findings,
            coverage,
        }
    }
}

/// What checking a scope gave.
#[derive(Debug)]
pub struct Checked {
    /// The documents, paths as shown.
    pub documents: Vec<Document>,
    /// The sources in scope.
    pub sources: Vec<Source>,
    /// The findings, sorted.
    pub findings: Vec<Finding>,
    /// Coverage rows, when asked for.
    pub coverage: Option<Vec<CoverageRow>>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::import::{Input, Options, import};

    #[test]
    fn the_sources_cited_and_those_of_the_project_files_are_in_scope() {
        let mut store = Store::open_in_memory().unwrap();
        let input = |name: &str, bytes: &[u8]| Input {
            shown: name.to_string(),
            stored: name.to_string(),
            bytes: bytes.to_vec(),
        };
        let a = b"@book{smith2001, author = {Smith, Jane}, title = {A History of Paper}, year = 2001}\n@book{unused, title = {Never Cited}, year = 1990}\n";
        let b = b"@book{listed, title = {In the Project}, year = 1980}\n@book{other, title = {Elsewhere}, year = 1970}\n";
        let essay = b"Paper was made from rags (Smith 2001).\n";
        let inputs = vec![
            input("a.bib", a),
            input("b.bib", b),
            input("essay.txt", essay),
        ];
        import(&mut store, inputs, &Options::default(), &mut |_| {}).unwrap();
        let docs = vec![(
            "./essay.txt".to_string(),
            store.document("essay.txt").unwrap().unwrap(),
        )];
        let show = |p: &str| format!("./{p}");
        let keys = |req: &ScopeRequest| {
            let scope = Scope::load(&store, docs.clone(), req, &show).unwrap();
            let keys: Vec<String> = scope.sources.iter().map(|s| s.key.clone()).collect();
            (keys, scope)
        };
        let (cited, scope) = keys(&ScopeRequest::default());
        assert_eq!(cited, ["smith2001"]);
        assert_eq!(scope.sources[0].origin.file, "./a.bib");
        let (with_project, scope) = keys(&ScopeRequest {
            project_files: vec!["b.bib".into()],
            ..Default::default()
        });
        assert_eq!(with_project, ["smith2001", "listed", "other"]);
        assert_eq!(scope.project_files, ["./b.bib"]);
        let (all, _) = keys(&ScopeRequest {
            all_sources: true,
            without_text: true,
            ..Default::default()
        });
        assert_eq!(all.len(), 4);
        let (_, scope) = keys(&ScopeRequest {
            without_text: true,
            ..Default::default()
        });
        assert!(scope.sources[0].raw.is_empty());
        let checked = scope.check(&CheckOptions::default(), true);
        assert_eq!(checked.documents[0].path, "./essay.txt");
        assert!(checked.coverage.is_some());
    }
}
