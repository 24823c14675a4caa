//! `entry-invalid`: an entry that breaks biblatex's data model, as `biber --validate-datamodel`
//! reports it: a mandatory field missing for its type (after BibTeX aliases and, when the
//! parent is in scope, `crossref`/`xdata` inheritance), an unknown entry type, a malformed
//! `date`, a `year` that is no year, a `month` that is no month, `pages` that are no page
//! range, an `isbn` that fails its checksum. One finding per entry, every problem a reason.
//!
//! Owns reading an entry against the tables of `datamodel` and the grammars of `date`,
//! `pages` and `ident`. It does not parse .bib files (`bib`) nor fix anything.

#[cfg(test)]
mod biber;
mod chains;
mod datamodel;
mod date;

use crate::model::{Finding, Source};

use super::{Library, Rule, at_source, ident, pages};
use datamodel::Required;

/// Checks every source in scope.
pub(super) fn check(library: &Library, out: &mut Vec<Finding>) {
    let mut chains = chains::Chains::new(library);
    for source in library.sources {
        let (entry_type, mut reasons) = canonical_type(&source.entry_type);
        if entry_type == "xdata" {
            continue;
        }
        reasons.extend(field_problems(source));
        let fields = available(source, entry_type, library, &mut chains, &mut reasons);
        reasons.extend(missing(entry_type, &fields));
        if reasons.is_empty() {
            continue;
        }
        let summary: Vec<&str> = reasons.iter().map(|r| short(r)).collect();
        out.push(at_source(
            Rule::EntryInvalid,
            source,
            format!(
                "{} (@{}) breaks biblatex's data model: {}",
                source.key,
                source.entry_type,
                summary.join("; ")
            ),
            reasons,
        ));
    }
}

/// The reason up to its first parenthesis, for the one-line message.
fn short(reason: &str) -> &str {
    reason.split(" (").next().unwrap_or(reason)
}

/// The model's name for an entry type (BibTeX aliases mapped), and a reason when the type is
/// unknown: biber then reads the entry as `@misc`.
fn canonical_type(written: &str) -> (&'static str, Vec<String>) {
    if let Some(known) = datamodel::TYPES
        .iter()
        .find(|k| k.eq_ignore_ascii_case(written))
    {
        return (known, Vec::new());
    }
    let alias = datamodel::TYPE_ALIASES
        .iter()
        .find(|(a, ..)| a.eq_ignore_ascii_case(written));
    if let Some((_, model, _)) = alias {
        return (model, Vec::new());
    }
    let reason = format!(
        "unknown entry type '@{written}' (not in biblatex's data model; biber reads it as @misc)"
    );
    ("misc", vec![reason])
}

/// The model's name for a field (BibTeX aliases mapped).
fn canonical_field(name: &str) -> &str {
    datamodel::FIELD_ALIASES
        .iter()
        .find(|(alias, _)| *alias == name)
        .map_or(name, |(_, model)| model)
}

/// Problems with the values of date-like fields, pages and ISBNs.
fn field_problems(source: &Source) -> Vec<String> {
    let mut out = Vec::new();
    for f in &source.fields {
        let v = f.value.as_str();
        let problem = match f.name.as_str() {
            "date" | "urldate" | "origdate" | "eventdate" => date::check_date(v).err(),
            "year" => date::check_year(v).err(),
            "month" => date::check_month(v).err(),
            "pages" => pages::parse(v).err(),
            "isbn" => ident::isbn13(v).err(),
            _ => None,
        };
        out.extend(problem.map(|p| match f.name.as_str() {
            "urldate" | "origdate" | "eventdate" => p.replacen("date", &f.name, 1),
            _ => p,
        }));
    }
    out
}

/// Field names (canonical, non-empty, well-formed where it matters) the entry has, its own and
/// inherited; a crossref parent out of scope is noted in `reasons`.
fn available<'a>(
    source: &'a Source,
    entry_type: &str,
    library: &Library<'a>,
    chains: &mut chains::Chains<'_, 'a>,
    reasons: &mut Vec<String>,
) -> Fields<'a> {
    let mut fields = own_fields(source);
    // The thesis and report aliases imply their `type`.
    if datamodel::TYPE_ALIASES
        .iter()
        .any(|(a, _, implied)| a.eq_ignore_ascii_case(&source.entry_type) && implied.is_some())
    {
        fields.push("type");
    }
    // The crossref chain (biber resolves grandparents too), each ancestor's pairs once.
    let inherited = chains.inherited(source);
    if let Some(parent_key) = inherited.missing {
        reasons.push(format!(
            "crossref '{parent_key}' is not in scope, so fields it would give are unknown"
        ));
    }
    for (parent_type, f) in inherited.given {
        fields.extend(datamodel::inherited_as(parent_type, entry_type, f));
    }
    // `xdata = {a, b}`: fields copied under their own names.
    for key in source.get("xdata").into_iter().flat_map(|x| x.split(',')) {
        if let Some(x) = library.get(key.trim()) {
            fields.extend(own_fields(x));
        }
    }
    fields
}

/// An entry's own non-empty fields, canonical names; a malformed date or year does not count
/// (biber ignores it, then misses it).
fn own_fields(source: &Source) -> Fields<'_> {
    let mut fields: Fields = source
        .fields
        .iter()
        .filter(|f| !f.value.trim().is_empty())
        .filter(|f| match f.name.as_str() {
            "date" => date::check_date(&f.value).is_ok(),
            "year" => date::check_year(&f.value).is_ok(),
            _ => true,
        })
        .map(|f| canonical_field(&f.name))
        .collect();
    for (role, persons) in &source.persons {
        if !persons.is_empty() {
            fields.push(role.as_str());
        }
    }
    fields
}

/// Field names; an entry has a handful, so a list beats a hash set.
type Fields<'a> = Vec<&'a str>;

/// The mandatory constraints of the type that `fields` do not meet.
fn missing(entry_type: &str, fields: &Fields) -> Vec<String> {
    let mut out = Vec::new();
    for req in datamodel::mandatory(entry_type) {
        match req {
            Required::Field(f) if !fields.contains(f) => {
                let either = *f == "author" && !fields.contains(&"editor");
                let note = if either { ", and no editor either" } else { "" };
                out.push(format!("missing {f} (mandatory for @{entry_type}{note})"));
            }
            Required::AnyOf(any) if !any.iter().any(|f| fields.contains(f)) => {
                out.push(format!(
                    "missing {} (@{entry_type} needs one of them)",
                    any.join(" or ")
                ));
            }
            _ => {}
        }
    }
    if datamodel::DATED.contains(&entry_type)
        && !fields.contains(&"date")
        && !fields.contains(&"year")
    {
        out.push(format!(
            "missing date or year (mandatory for @{entry_type})"
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::source;

    /// The reasons `entry-invalid` gives for one entry among `others` in scope.
    fn reasons_among(entry: &Source, others: &[Source]) -> Vec<String> {
        let mut all = vec![entry.clone()];
        all.extend(others.iter().cloned());
        let library = Library::new(&all);
        let mut out = Vec::new();
        check(&library, &mut out);
        out.into_iter()
            .filter(|f| f.source.as_deref() == Some(entry.key.as_str()))
            .flat_map(|f| f.reasons)
            .map(|r| short(&r).to_string())
            .collect()
    }

    fn reasons(entry_type: &str, fields: &[(&str, &str)]) -> Vec<String> {
        reasons_among(&source("k", entry_type, fields), &[])
    }

    #[test]
    fn mandatory_fields_by_type() {
        let t = ("title", "T");
        let a = ("author", "Doe, Jane");
        let e = ("editor", "Roe, Rick");
        let d = ("date", "2014");
        type Fields<'a> = &'a [(&'a str, &'a str)];
        #[rustfmt::skip]
        let cases: &[(&str, Fields, &[&str])] = &[
            ("book", &[a, t, d], &[]),
            ("book", &[t, d], &["missing author"]),
            ("book", &[a, t], &["missing date or year"]),
            ("book", &[a, t, ("year", "1983")], &[]),
            ("collection", &[e, t, d], &[]),
            ("collection", &[a, t, d], &["missing editor"]),
            ("article", &[a, t, ("journal", "J"), d], &[]),
            ("article", &[a, t, d], &["missing journaltitle"]),
            ("incollection", &[a, e, t, ("booktitle", "B"), d], &[]),
            ("incollection", &[a, t, ("booktitle", "B"), d], &["missing editor"]),
            ("booklet", &[e, t, d], &[]),
            ("booklet", &[t, d], &["missing author or editor"]),
            ("online", &[t, d, ("url", "https://x.org")], &[]),
            ("online", &[t, d], &["missing url or doi or eprint"]),
            ("phdthesis", &[a, t, ("school", "S"), d], &[]),
            ("mastersthesis", &[a, t, d], &["missing institution"]),
            ("techreport", &[a, t, ("institution", "I"), d], &[]),
            ("report", &[a, t, ("institution", "I"), d], &["missing type"]),
            ("misc", &[t], &["missing date or year"]),
            ("software", &[t], &[]),
            ("artwork", &[], &[]),
            ("foo", &[t, d], &["unknown entry type '@foo'"]),
            ("xdata", &[], &[]),
        ];
        for (ty, fields, want) in cases {
            assert_eq!(&reasons(ty, fields), want, "@{ty} {fields:?}");
        }
    }

    #[test]
    fn malformed_values() {
        let ok = [("author", "Doe, J."), ("title", "T")];
        #[rustfmt::skip]
        let cases: &[((&str, &str), &[&str])] = &[
            (("date", "2014-13-40"), &["date '2014-13-40' is not a date biblatex reads", "missing date or year"]),
            (("year", "n.d."), &["year 'n.d.' is not a year", "missing date or year"]),
            (("month", "13"), &["month '13' is not a month", "missing date or year"]),
            (("pages", "abc"), &["pages 'abc' is not a page range", "missing date or year"]),
            (("isbn", "0-306-40615-X"), &["isbn '0-306-40615-X' fails its ISBN-10 checksum", "missing date or year"]),
            (("urldate", "yesterday"), &["urldate 'yesterday' is not a date biblatex reads", "missing date or year"]),
        ];
        for (field, want) in cases {
            let got = reasons("book", &[ok[0], ok[1], *field]);
            assert_eq!(&got, want, "{field:?}");
        }
    }

    #[test]
    fn crossref_inheritance_when_the_parent_is_in_scope() {
        let parent = source(
            "coll",
            "collection",
            &[("editor", "Roe, R."), ("title", "Book"), ("date", "2001")],
        );
        let child = source(
            "ch",
            "incollection",
            &[("author", "Doe, J."), ("title", "Ch"), ("crossref", "coll")],
        );
        assert_eq!(
            reasons_among(&child, std::slice::from_ref(&parent)),
            Vec::<String>::new()
        );
        assert_eq!(
            reasons_among(&child, &[]),
            [
                "crossref 'coll' is not in scope, so fields it would give are unknown",
                "missing editor",
                "missing booktitle",
                "missing date or year"
            ]
        );
        // A parent's shorttitle is not inherited, its title becomes the child's booktitle.
        let book = source(
            "b",
            "book",
            &[("author", "Doe, J."), ("title", "B"), ("date", "2001")],
        );
        let part = source("p", "inbook", &[("title", "Part"), ("crossref", "b")]);
        assert_eq!(reasons_among(&part, &[book]), Vec::<String>::new());
        let cyclic = source("x", "incollection", &[("title", "X"), ("crossref", "x")]);
        assert!(reasons_among(&cyclic, &[]).contains(&"missing booktitle".to_string()));
    }
}
