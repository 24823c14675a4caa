//! What `check`, `report` and `bibliography` look at: the documents named (or all), and the
//! sources in scope: those the documents cite or list in their reading list, the entries of
//! the project's .bib files (annobib.toml), and with `--all-sources` (or when the library holds
//! no document) every source.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

use anyhow::Result;

use annobib::check::{self, CheckInput, CheckOptions, CoverageRow};
use annobib::model::{Document, Finding, Source};
use annobib::store::{SourceFilter, SourceSort, Store};

use super::Ctx;

/// Documents (with their shown paths) and sources, paths shown from the working directory.
pub struct Scope {
    /// The documents: (shown path, document).
    pub docs: Vec<(String, Document)>,
    /// The sources in scope, their `origin.file` as shown.
    pub sources: Vec<Source>,
    /// The project's .bib files, as shown.
    pub project_files: Vec<String>,
}

impl Scope {
    /// Loads the scope.
    pub fn load(ctx: &Ctx, store: &Store, named: &[PathBuf], all_sources: bool) -> Result<Scope> {
        Self::load_with(ctx, store, named, all_sources, false)
    }

    /// Loads the scope for `check`, whose rules never read an entry's text as written: the
    /// sources come without it (their `raw` and their fields' `raw`), which is most of the
    /// memory of a large library checked whole.
    pub fn load_for_check(
        ctx: &Ctx,
        store: &Store,
        named: &[PathBuf],
        all_sources: bool,
    ) -> Result<Scope> {
        Self::load_with(ctx, store, named, all_sources, true)
    }

    fn load_with(
        ctx: &Ctx,
        store: &Store,
        named: &[PathBuf],
        all_sources: bool,
        without_text: bool,
    ) -> Result<Scope> {
        let docs = if named.is_empty() {
            ctx.load_documents(store, None)?
        } else {
            let mut docs = Vec::new();
            for p in named {
                docs.extend(ctx.load_documents(store, Some(p))?);
            }
            docs
        };
        let stored_files: Vec<String> = ctx
            .project
            .config
            .bib
            .iter()
            .map(|f| ctx.stored_path(&ctx.project.root.join(f)))
            .collect();
        // Each source as it is read: its file as shown (one path per file, not per source).
        let mut shown: HashMap<String, String> = HashMap::new();
        let mut load = |filter: &SourceFilter| -> Result<Vec<Source>> {
            let mut out = Vec::new();
            store.each_source(filter, SourceSort::File, |mut s| {
                if without_text {
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
                    s.origin.file = shown
                        .entry(file)
                        .or_insert_with_key(|f| ctx.display_path(f))
                        .clone();
                }
                out.push(s);
                Ok::<_, anyhow::Error>(())
            })?;
            Ok(out)
        };
        let sources = if all_sources || docs.is_empty() {
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
            if !stored_files.is_empty() {
                let by_file = SourceFilter {
                    files: Some(stored_files.clone()),
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
        let project_files = stored_files.iter().map(|f| ctx.display_path(f)).collect();
        Ok(Scope {
            docs,
            sources,
            project_files,
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
