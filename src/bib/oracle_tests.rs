//! The biblatex crate as an oracle: where it can read a file at all, the plain text of plain
//! values and the persons of name lists it reads must be the ones we read. (We do not parse
//! with it: it stops at the first error, has no line numbers, rejects syntax biber accepts and
//! recurses without bound on crossref cycles; see the module doc of `bib`.)

use std::path::Path;

use biblatex::{Bibliography, ChunksExt, Person as BlPerson, Type};

use super::parse;
use crate::model::BibItem;

/// Values the two can be compared on: no command (biblatex keeps `\textit{x}` as literal text
/// where we keep `x`), no math, no dash ligature (it writes `--` as an en dash too, but `---`
/// differently).
fn comparable(raw: &str) -> bool {
    !raw.contains(['\\', '$', '~']) && !raw.contains("---") && !raw.contains('#')
}

#[test]
fn plain_values_and_names_agree_with_the_biblatex_crate() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<_> = std::fs::read_dir(root.join("tests/fixtures/valid"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.push(root.join("bibliography/readings.bib"));
    let mut compared = 0;
    for file in files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "bib"))
    {
        let text = std::fs::read_to_string(file).unwrap();
        let Ok(theirs) = Bibliography::parse(&text) else {
            continue; // syntax the crate does not accept (parentheses, %-comments...)
        };
        let ours = parse("oracle.bib", &text);
        for item in &ours.file.items {
            let BibItem::Entry(source) = item else {
                continue;
            };
            let Some(entry) = theirs.get(&source.key) else {
                continue;
            };
            // The crate copies crossref/xdata fields into children; compare own fields only.
            if source.get("crossref").is_some() || source.get("xdata").is_some() {
                continue;
            }
            for name in ["title", "publisher", "location", "address", "journaltitle"] {
                let (Some(field), Some(chunks)) = (source.field(name), entry.get(name)) else {
                    continue;
                };
                if comparable(&field.raw) {
                    let theirs = chunks.format_verbatim();
                    let theirs = theirs.split_whitespace().collect::<Vec<_>>().join(" ");
                    assert_eq!(
                        field.value,
                        theirs,
                        "{}: {} {name}",
                        file.display(),
                        source.key
                    );
                    compared += 1;
                }
            }
            for (role, ours) in &source.persons {
                let Some(chunks) = entry.get(role) else {
                    continue;
                };
                if !comparable(source.field(role).map_or("", |f| f.raw.as_str())) {
                    continue;
                }
                let Ok(theirs) = <Vec<BlPerson> as Type>::from_chunks(chunks) else {
                    continue;
                };
                let theirs: Vec<(String, String)> = theirs
                    .into_iter()
                    .filter(|p| p.name != "others")
                    .map(|p| (p.name, p.given_name))
                    .collect();
                let ours: Vec<(String, String)> = ours
                    .iter()
                    .map(|p| (p.family.clone(), p.given.clone()))
                    .collect();
                assert_eq!(ours, theirs, "{}: {} {role}", file.display(), source.key);
                compared += 1;
            }
        }
    }
    assert!(compared >= 20, "only {compared} values compared");
}
