//! CSL-JSON and CSL-YAML items into sources, read through `serde_json::Value` with one
//! tolerant mapper (strict CSL crates fail on what Zotero writes: NOTES-formats §3): ids
//! numeric or string, date-parts numbers or strings, `raw` and `literal` dates, `custom`
//! objects, Zotero's `note` carrying "Citation Key: ..." and other variables one per line
//! (its Extra field), pandoc's YAML with EDTF date strings.
//!
//! A JSON item is kept exactly as written (its bytes in the file); a YAML item as its JSON.
//! Variables with no BibLaTeX field are kept as `csl-<variable>` fields (the CSL export
//! writes them back); values that are not text are kept as their JSON.

use serde_json::Value;
use serde_json::value::RawValue;

use super::map::{self, DATES, EDITOR_TYPES, NAMES, PLAIN};
use super::{Built, Read, RecordError, keyed, usable_key};
use crate::model::{Person, SourceOrigin};

/// CSL types whose `container-title` is a journal (BibLaTeX `journaltitle`).
const PERIODICAL: &[&str] = &[
    "article",
    "article-journal",
    "article-magazine",
    "article-newspaper",
    "periodical",
    "review",
    "review-book",
    "post-weblog",
];

/// Keys an item has that are not variables to keep.
const NOT_KEPT: &[&str] = &["id", "type", "citation-key", "citationKey"];

/// Reads a CSL-JSON file: an array of items.
pub fn read_csl_json(file: &str, text: &str) -> Read {
    let mut read = Read::default();
    let body = text.trim_start_matches('\u{feff}');
    let fail = |line: usize, path: &str, message: String| RecordError {
        file: file.to_string(),
        line: line as u32,
        record: 0,
        path: Some(path.to_string()),
        message,
    };
    let first = body.trim_start().chars().next();
    if first != Some('[') {
        let what = match first {
            Some('{') => "an object",
            None => "empty",
            Some(_) => "not JSON",
        };
        read.errors.push(fail(
            0,
            "$",
            format!("CSL-JSON is an array of items; this is {what}"),
        ));
        return read;
    }
    let items: Vec<&RawValue> = match serde_json::from_str(body) {
        Ok(v) => v,
        Err(e) => {
            read.errors.push(RecordError {
                file: file.to_string(),
                line: e.line() as u32,
                record: 0,
                path: None,
                message: format!("not valid JSON: {e}"),
            });
            return read;
        }
    };
    let mut built = Vec::with_capacity(items.len());
    // Lines counted as the items come (they come in file order).
    let (mut counted_to, mut line) = (0usize, 1usize);
    for (i, raw) in items.iter().enumerate() {
        let at = (raw.get().as_ptr() as usize)
            .saturating_sub(body.as_ptr() as usize)
            .min(body.len());
        line += body.as_bytes()[counted_to..at]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        counted_to = at;
        let value: Value = match serde_json::from_str(raw.get()) {
            Ok(v) => v,
            Err(e) => {
                read.errors
                    .push(fail(line, &format!("$[{i}]"), format!("{e}")));
                continue;
            }
        };
        take(
            &mut built,
            &mut read,
            file,
            i,
            line,
            &value,
            raw.get().to_string(),
        );
    }
    keyed(file, built, &mut read);
    read
}

/// Reads a CSL-YAML file: a list of items, or a mapping whose `references` is one (pandoc's
/// bibliography YAML, Better BibTeX's export), with or without `---` and `...` around it.
pub fn read_csl_yaml(file: &str, text: &str) -> Read {
    let mut read = Read::default();
    let body = text.trim_start_matches('\u{feff}');
    let value: Value = match serde_yaml::from_str(body) {
        Ok(v) => v,
        Err(e) => {
            read.errors.push(RecordError {
                file: file.to_string(),
                line: e.location().map_or(0, |l| l.line() as u32),
                record: 0,
                path: None,
                message: format!("not valid YAML: {e}"),
            });
            return read;
        }
    };
    let (items, prefix) = match &value {
        Value::Array(a) => (a, "$"),
        Value::Object(m) => match m.get("references") {
            Some(Value::Array(a)) => (a, "$.references"),
            _ => {
                read.errors.push(RecordError {
                    file: file.to_string(),
                    line: 0,
                    record: 0,
                    path: Some("$".into()),
                    message: "CSL-YAML is a list of items or a mapping with a 'references' list; this mapping has none".into(),
                });
                return read;
            }
        },
        _ => {
            read.errors.push(RecordError {
                file: file.to_string(),
                line: 0,
                record: 0,
                path: Some("$".into()),
                message: "CSL-YAML is a list of items or a mapping with a 'references' list".into(),
            });
            return read;
        }
    };
    let mut built = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let raw = serde_json::to_string(item).unwrap_or_default();
        let path = format!("{prefix}[{i}]");
        take_at(&mut built, &mut read, file, i, 0, item, raw, &path);
    }
    keyed(file, built, &mut read);
    read
}

type Taken = Vec<(Built, String, SourceOrigin, usize)>;

#[allow(clippy::too_many_arguments)]
fn take(
    built: &mut Taken,
    read: &mut Read,
    file: &str,
    i: usize,
    line: usize,
    v: &Value,
    raw: String,
) {
    take_at(built, read, file, i, line, v, raw, &format!("$[{i}]"));
}

#[allow(clippy::too_many_arguments)]
fn take_at(
    built: &mut Taken,
    read: &mut Read,
    file: &str,
    i: usize,
    line: usize,
    v: &Value,
    raw: String,
    path: &str,
) {
    match map_item(v, path) {
        Ok((b, warnings)) => {
            for (p, m) in warnings {
                read.warnings.push(RecordError {
                    file: file.to_string(),
                    line: line as u32,
                    record: i + 1,
                    path: Some(p),
                    message: m,
                });
            }
            built.push((
                b,
                raw,
                SourceOrigin {
                    file: file.to_string(),
                    line: line.max(1) as u32,
                    column: 1,
                    ordinal: i as u32,
                },
                i + 1,
            ))
        }
        Err(problems) => read
            .errors
            .extend(problems.into_iter().map(|(p, m)| RecordError {
                file: file.to_string(),
                line: line as u32,
                record: i + 1,
                path: Some(p),
                message: m,
            })),
    }
}

/// The fields one CSL item (JSON as written) maps to; `None` when it is not a good item. The
/// export compares this with a source's fields to know whether the item kept in
/// [`crate::model::Source::raw`] still says what the library says.
pub fn csl_item_source(raw: &str) -> Option<super::Mapped> {
    let v: Value = serde_json::from_str(raw).ok()?;
    let (b, _) = map_item(&v, "$").ok()?;
    Some((b.entry_type, b.fields, b.persons))
}

type Problems = Vec<(String, String)>;

/// A value as text: strings as they are, numbers as written; `None` for others.
fn as_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Maps one item; warnings (path, message) for what was read with a guess; the problems
/// when it cannot be read.
fn map_item(v: &Value, path: &str) -> Result<(Built, Problems), Problems> {
    let Value::Object(obj) = v else {
        return Err(vec![(
            path.to_string(),
            "not a CSL item (an object with 'id' and 'type')".into(),
        )]);
    };
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    // Zotero's Extra, in `note`: "Citation Key: k" and other variables, one per line.
    let mut extra: Vec<(String, Value)> = Vec::new();
    let mut note_lines: Vec<String> = Vec::new();
    if let Some(Value::String(note)) = obj.get("note") {
        for l in note.lines() {
            match l.split_once(':') {
                Some((name, val)) if is_extra_name(name) => {
                    let name = name.trim();
                    let var = if name.eq_ignore_ascii_case("citation key") {
                        "citation-key".to_string()
                    } else {
                        name.to_ascii_lowercase().replace(' ', "-")
                    };
                    extra.push((var, Value::String(val.trim().to_string())));
                }
                _ => note_lines.push(l.to_string()),
            }
        }
    }
    let get = |name: &str| -> Option<&Value> {
        obj.get(name)
            .or_else(|| extra.iter().find(|(n, _)| n == name).map(|(_, v)| v))
    };
    let csl_type = match obj.get("type") {
        Some(Value::String(t)) if !t.trim().is_empty() => t.trim().to_string(),
        Some(_) => {
            problems.push((
                format!("{path}.type"),
                "'type' is not a CSL type name (a string)".into(),
            ));
            String::new()
        }
        None => {
            problems.push((path.to_string(), "item has no 'type'".into()));
            String::new()
        }
    };
    let id = match obj.get("id") {
        Some(Value::String(s)) => Some(s.trim().to_string()),
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(_) => {
            problems.push((
                format!("{path}.id"),
                "'id' is neither a string nor a number".into(),
            ));
            None
        }
        None => {
            problems.push((path.to_string(), "item has no 'id'".into()));
            None
        }
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    if !map::known_csl_type(&csl_type) {
        warnings.push((
            format!("{path}.type"),
            format!("unknown CSL type '{csl_type}': imported as misc"),
        ));
    }
    let (bib_type, subtype) = map::biblatex_of_csl(&csl_type);
    let mut b = Built {
        entry_type: bib_type.to_string(),
        ..Default::default()
    };
    let own_key = get("citation-key")
        .or_else(|| obj.get("citationKey"))
        .and_then(as_text)
        .map(|k| k.trim().to_string())
        .filter(|k| usable_key(k));
    b.key = own_key.or(id.filter(|k| usable_key(k)));
    let mut used: Vec<&str> = NOT_KEPT.to_vec();
    used.push("note");

    // Titles.
    let periodical = PERIODICAL.contains(&csl_type.as_str());
    for (var, field) in [
        ("title", "title"),
        ("title-short", "shorttitle"),
        ("shortTitle", "shorttitle"),
        (
            "container-title",
            if periodical {
                "journaltitle"
            } else {
                "booktitle"
            },
        ),
        ("collection-title", "series"),
        ("event-title", "eventtitle"),
        ("event", "eventtitle"),
        ("original-title", "origtitle"),
    ] {
        if let Some(v) = get(var) {
            used.push(var);
            match as_text(v) {
                Some(t) => {
                    let (raw, plain) = markup(&t);
                    b.put_raw(field, raw, plain);
                }
                None => problems.push((format!("{path}.{var}"), format!("'{var}' is not text"))),
            }
        }
    }
    // Names.
    let mut roles: Vec<(&str, &str)> = NAMES.iter().map(|&(bib, csl)| (bib, csl)).collect();
    for &(_, csl) in EDITOR_TYPES {
        roles.push(("editor", csl));
    }
    for (role, var) in roles {
        let Some(v) = get(var) else { continue };
        used.push(var);
        if role == "editor" && var != "editor" {
            if b.persons.iter().any(|(r, _)| r == "editor") {
                // A second editor-like list has no field of its own: keep it as written.
                b.put(&format!("csl-{var}"), &v.to_string());
                continue;
            }
            let et = EDITOR_TYPES
                .iter()
                .find(|(_, c)| *c == var)
                .map(|(t, _)| *t)
                .unwrap_or("editor");
            b.put("editortype", et);
        }
        match names(v, &format!("{path}.{var}")) {
            Ok(list) => b.add_persons(role, list),
            Err(p) => problems.extend(p),
        }
    }
    // Dates.
    for (var, prefix) in DATES {
        let Some(v) = get(var) else { continue };
        used.push(var);
        match date(v) {
            Some(Date::Edtf(d)) => b.put(&format!("{prefix}date"), &d),
            Some(Date::Literal(l)) if prefix.is_empty() => b.put("year", &l),
            Some(Date::Literal(l)) => b.put(&format!("csl-{var}"), &l),
            None => problems.push((
                format!("{path}.{var}"),
                format!("'{var}' is not a date (date-parts, raw, literal or an EDTF string)"),
            )),
        }
    }
    // Plain variables.
    let journalish = periodical;
    let institution = matches!(csl_type.as_str(), "thesis" | "report");
    let mut plain: Vec<(&str, &str)> = PLAIN.iter().map(|&(v, f)| (v, f[0])).collect();
    plain.extend([
        (
            "publisher",
            if institution {
                "institution"
            } else {
                "publisher"
            },
        ),
        ("issue", if journalish { "number" } else { "issue" }),
        ("number", "number"),
        ("collection-number", "number"),
        ("genre", "type"),
        ("DOI", "doi"),
        ("language", "language"),
        ("call-number", "library"),
    ]);
    for (var, field) in plain {
        let Some(v) = get(var) else { continue };
        used.push(var);
        match as_text(v) {
            Some(t) if field == "pages" => b.put_pages(&t),
            Some(t) if field == "doi" => b.put(field, bare_doi(&t)),
            Some(t) if b.has(field) => b.put(&format!("csl-{var}"), &t),
            Some(t) => b.put(field, &t),
            None => b.put(&format!("csl-{var}"), &v.to_string()),
        }
    }
    let note = note_lines.join("\n");
    b.put("note", note.trim());
    // BBT's "tex.field: value" lines in Extra are BibLaTeX fields.
    for (name, v) in &extra {
        if let Some(field) = name.strip_prefix("tex.") {
            used.push(name);
            if let Some(t) = as_text(v) {
                b.put(&field.to_ascii_lowercase(), &t);
            }
        }
    }
    // Everything else, kept.
    for (name, v) in obj.iter().chain(extra.iter().map(|(n, v)| (n, v))) {
        if used.contains(&name.as_str()) {
            continue;
        }
        let text = as_text(v).unwrap_or_else(|| v.to_string());
        b.put(&format!("csl-{name}"), &text);
    }
    if !subtype.is_empty() {
        b.put("entrysubtype", subtype);
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok((b, warnings))
}

/// True for a line of Zotero's Extra that sets a variable: "Citation Key", a CSL variable
/// name ("original-date", "publisher-place"), or BBT's "tex.field".
fn is_extra_name(name: &str) -> bool {
    let n = name.trim();
    if n.eq_ignore_ascii_case("citation key") {
        return true;
    }
    if let Some(f) = n.strip_prefix("tex.") {
        return !f.is_empty() && f.bytes().all(|b| b.is_ascii_alphanumeric());
    }
    let var = n.to_ascii_lowercase().replace(' ', "-");
    !n.is_empty()
        && (DATES.iter().any(|(v, _)| *v == var)
            || PLAIN.iter().any(|(v, _)| v.eq_ignore_ascii_case(&var))
            || NAMES.iter().any(|(_, v)| *v == var)
            || matches!(
                var.as_str(),
                "original-title"
                    | "publisher"
                    | "genre"
                    | "issue"
                    | "number"
                    | "collection-number"
                    | "event-title"
                    | "container-title"
                    | "collection-title"
            ))
}

/// A DOI without the resolver some writers put before it.
fn bare_doi(d: &str) -> &str {
    let d = d.trim();
    for p in [
        "https://doi.org/",
        "http://doi.org/",
        "https://dx.doi.org/",
        "http://dx.doi.org/",
        "doi:",
    ] {
        if d.len() >= p.len() && d[..p.len()].eq_ignore_ascii_case(p) {
            return d[p.len()..].trim();
        }
    }
    d
}

/// A CSL name list: an array of name objects (or of strings, which some writers use for a
/// body).
fn names(v: &Value, path: &str) -> Result<Vec<Person>, Problems> {
    let Value::Array(list) = v else {
        return Err(vec![(
            path.to_string(),
            "a name list is an array of names".into(),
        )]);
    };
    let mut out = Vec::with_capacity(list.len());
    let mut problems = Vec::new();
    for (i, n) in list.iter().enumerate() {
        match n {
            Value::String(s) => out.push(Person {
                family: s.trim().to_string(),
                corporate: true,
                ..Default::default()
            }),
            Value::Object(m) => {
                let get = |k: &str| {
                    m.get(k)
                        .and_then(as_text)
                        .unwrap_or_default()
                        .trim()
                        .to_string()
                };
                let literal = get("literal");
                if !literal.is_empty() {
                    out.push(Person {
                        family: literal,
                        corporate: true,
                        ..Default::default()
                    });
                    continue;
                }
                let family = get("family");
                let given = get("given");
                if family.is_empty() && given.is_empty() {
                    problems.push((
                        format!("{path}[{i}]"),
                        "a name with neither 'family' nor 'given' nor 'literal'".into(),
                    ));
                    continue;
                }
                let prefix = [get("dropping-particle"), get("non-dropping-particle")]
                    .into_iter()
                    .filter(|p| !p.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ");
                let (family, given) = if family.is_empty() {
                    (given, String::new())
                } else {
                    (family, given)
                };
                out.push(Person {
                    family,
                    given,
                    prefix,
                    suffix: get("suffix"),
                    corporate: false,
                });
            }
            _ => problems.push((
                format!("{path}[{i}]"),
                "a name is an object ('family', 'given' or 'literal')".into(),
            )),
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// A CSL date read.
enum Date {
    /// An EDTF date or range biblatex reads ("2014-05-22", "1990/1995", "2001~").
    Edtf(String),
    /// Text that is no date biblatex reads ("Spring 1983", "n.d.").
    Literal(String),
}

/// A CSL date: an object with `date-parts` (numbers or strings; two for a range, `[0]` open),
/// `season`, `circa`, `raw` or `literal`; an EDTF string or a year (YAML); the old
/// pandoc-citeproc list of `{year, month, day}`.
fn date(v: &Value) -> Option<Date> {
    match v {
        Value::String(s) => Some(text_date(s)),
        Value::Number(n) => Some(text_date(&n.to_string())),
        Value::Array(list) => {
            let parts: Vec<Option<String>> = list
                .iter()
                .map(|p| {
                    let Value::Object(m) = p else { return None };
                    let n = |k: &str| {
                        m.get(k)
                            .and_then(as_text)
                            .and_then(|s| s.trim().parse::<i32>().ok())
                    };
                    Some(ymd(n("year")?, n("month"), n("day")))
                })
                .collect();
            let parts: Option<Vec<String>> = parts.into_iter().collect();
            let parts = parts?;
            (!parts.is_empty()).then(|| Date::Edtf(parts.join("/")))
        }
        Value::Object(m) => {
            if let Some(Value::Array(dp)) = m.get("date-parts") {
                let mut sides = Vec::new();
                for side in dp.iter().take(2) {
                    let Value::Array(nums) = side else {
                        return None;
                    };
                    let n: Vec<Option<i32>> = nums
                        .iter()
                        .map(|x| as_text(x).and_then(|s| s.trim().parse::<i32>().ok()))
                        .collect();
                    match n.as_slice() {
                        [Some(0)] if !sides.is_empty() => sides.push(String::new()),
                        [Some(y), rest @ ..] => {
                            let m = rest.first().copied().flatten();
                            let d = rest.get(1).copied().flatten();
                            sides.push(ymd(*y, m, d));
                        }
                        [] if dp.len() == 1 => {}
                        _ => return None,
                    }
                }
                if sides.is_empty() {
                    return m
                        .get("literal")
                        .or(m.get("raw"))
                        .and_then(as_text)
                        .map(|s| text_date(&s));
                }
                if let Some(season) = m
                    .get("season")
                    .and_then(as_text)
                    .and_then(|s| s.parse::<u8>().ok())
                    && (1..=4).contains(&season)
                    && sides.len() == 1
                    && sides[0].len() == 4
                {
                    sides[0] = format!("{}-{}", sides[0], 20 + season);
                }
                let mut s = sides.join("/");
                if m.get("circa").is_some_and(|c| {
                    matches!(c, Value::Bool(true))
                        || as_text(c).is_some_and(|t| t == "1" || t == "true")
                }) {
                    s.push('~');
                }
                return Some(Date::Edtf(s));
            }
            if let Some(raw) = m.get("raw").and_then(as_text) {
                return Some(text_date(&raw));
            }
            if let Some(lit) = m.get("literal").and_then(as_text) {
                return Some(Date::Literal(lit));
            }
            None
        }
        _ => None,
    }
}

fn ymd(y: i32, m: Option<i32>, d: Option<i32>) -> String {
    let year = if y < 0 {
        format!("-{:04}", -y)
    } else {
        format!("{y:04}")
    };
    match (
        m.filter(|m| (1..=24).contains(m)),
        d.filter(|d| (1..=31).contains(d)),
    ) {
        (Some(m), Some(d)) => format!("{year}-{m:02}-{d:02}"),
        (Some(m), None) => format!("{year}-{m:02}"),
        _ => year,
    }
}

/// A date written as text: EDTF as biblatex reads it, else a literal.
fn text_date(s: &str) -> Date {
    let s = s.trim();
    let edtf_side = |p: &str| {
        let p = p.trim_end_matches(['~', '?', '%']);
        let p = p.strip_prefix('-').unwrap_or(p);
        let mut it = p.split('-');
        let y = it.next().unwrap_or("");
        y.len() == 4
            && y.bytes().all(|b| b.is_ascii_digit())
            && it.all(|x| x.len() == 2 && x.bytes().all(|b| b.is_ascii_digit()))
            && p.split('-').count() <= 3
    };
    let ok = match s.split_once('/') {
        Some((a, b)) => edtf_side(a) && (b.is_empty() || edtf_side(b)),
        None => edtf_side(s),
    };
    if ok {
        Date::Edtf(s.to_string())
    } else {
        Date::Literal(s.to_string())
    }
}

/// CSL rich text (`<i>`, `<b>`, `<sup>`, `<sub>`, `<span class="nocase">`, small caps) as a
/// BibLaTeX value and as plain text: nocase spans become braces, which keep their case, the
/// other tags are left out of both.
fn markup(t: &str) -> (String, String) {
    if !t.contains('<') {
        return (crate::bib::braced(t), t.to_string());
    }
    let mut plain = String::new();
    let mut raw_inner = String::new();
    let mut rest = t;
    // Which open tags are nocase spans.
    let mut stack: Vec<bool> = Vec::new();
    let esc = |s: &str| {
        let b = crate::bib::braced(s);
        b[1..b.len() - 1].to_string()
    };
    while let Some(open) = rest.find('<') {
        let (text, after) = rest.split_at(open);
        plain.push_str(text);
        raw_inner.push_str(&esc(text));
        let Some(close) = after.find('>') else {
            plain.push_str(after);
            raw_inner.push_str(&esc(after));
            rest = "";
            break;
        };
        let tag = &after[1..close];
        let known = tag.starts_with("span")
            || matches!(
                tag.trim_start_matches('/'),
                "i" | "b" | "sup" | "sub" | "span" | "sc"
            );
        if !known {
            plain.push_str(&after[..=close]);
            raw_inner.push_str(&esc(&after[..=close]));
        } else if tag.starts_with('/') {
            if stack.pop() == Some(true) {
                raw_inner.push('}');
            }
        } else {
            let nocase = tag.contains("nocase");
            stack.push(nocase);
            if nocase {
                raw_inner.push('{');
            }
        }
        rest = &after[close + 1..];
    }
    plain.push_str(rest);
    raw_inner.push_str(&esc(rest));
    for open in stack {
        if open {
            raw_inner.push('}');
        }
    }
    (format!("{{{raw_inner}}}"), plain)
}
