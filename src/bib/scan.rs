//! The scanner: a whole .bib text to items, errors and warnings, recovering after each broken
//! entry at the next line that starts with `@`.
//!
//! Owns the top-level grammar (entries, `@string`, `@preamble`, `@comment`, free text), what
//! each error says and where it points, and the file-level warnings (repeated keys and fields,
//! undefined macros, missing crossref/xdata targets). Byte-level syntax lives in `lex`, values
//! in `value`, names in `names`.

use std::fmt;

use rustc_hash::FxHashMap;

use super::diagnostic::{Diagnostic, Locator};
use super::lex::{self, Piece, PieceKind, ValueError};
use super::names::persons;
use super::relations::references;
use super::value::{Gaps, Growth, Macros, expand, expanded_len, field_value};
use crate::model::{BibItem, Field, NAME_FIELDS, Person, Source, SourceOrigin};

/// Why an item could not be read: where to point and what to say.
struct Failure {
    at: usize,
    message: String,
}

fn fail<T>(at: usize, message: String) -> Result<T, Failure> {
    Err(Failure { at, message })
}

/// A value whose macros were not all defined where it was read; biber expands macros defined
/// anywhere in the file, so it is expanded again once the whole file is read.
pub(super) struct Deferred {
    /// The item's ordinal (its position among the file's items).
    pub(super) item: usize,
    /// Index among the entry's fields; `None` for an `@string`.
    pub(super) field: Option<usize>,
    /// Offset of the value in the text.
    pub(super) at: usize,
}

/// A crossref/xdata reference, checked once every key is known.
pub(super) struct Reference {
    pub(super) target: String,
    pub(super) at: usize,
    pub(super) key: String,
}

pub(crate) struct Scanner<'t> {
    pub(super) path: &'t str,
    pub(super) text: &'t str,
    pub(super) b: &'t [u8],
    pub(super) loc: Locator<'t>,
    pub(super) items: Vec<BibItem>,
    /// The ordinal of `items[0]`: items read before were handed over already (see `stream`).
    pub(super) base: usize,
    /// Items handed over late because a value waits for a macro defined further down, by
    /// ordinal (all below `base`).
    pub(super) held: Vec<(usize, BibItem)>,
    pub(super) errors: Vec<Diagnostic>,
    pub(super) warnings: Vec<Diagnostic>,
    pub(super) macros: Macros,
    /// What macro expansion may still add to the file's values.
    pub(super) growth: Growth,
    /// First line of each key seen.
    pub(super) keys: FxHashMap<&'t str, u32>,
    pub(super) pieces: Vec<Piece>,
    pub(super) fields: Vec<Field>,
    pub(super) gaps: Gaps,
    pub(super) deferred: Vec<Deferred>,
    pub(super) references: Vec<Reference>,
    /// The part of the text this scanner reads: items starting in `[start, end)`.
    pub(super) start: usize,
    pub(super) end: usize,
    /// Where reading stopped: `end`, or past it when the last item ran over.
    pub(super) stop: usize,
}

impl<'t> Scanner<'t> {
    /// A scanner for the items starting in `text[start..end]`; `start` begins line `line`.
    pub(crate) fn new(path: &'t str, text: &'t str, start: usize, end: usize, line: u32) -> Self {
        Scanner {
            path,
            text,
            b: text.as_bytes(),
            loc: Locator::starting_at(text, start, line),
            start,
            end,
            stop: end,
            items: Vec::new(),
            base: 0,
            held: Vec::new(),
            errors: Vec::new(),
            warnings: Vec::new(),
            macros: Macros::default(),
            growth: Growth::for_text(text.len()),
            keys: FxHashMap::default(),
            pieces: Vec::new(),
            fields: Vec::new(),
            gaps: Gaps::default(),
            deferred: Vec::new(),
            references: Vec::new(),
        }
    }

    /// Reads the items that start in `[self.start, self.end)`; the last may run past `end`,
    /// and `self.stop` says where reading stopped.
    pub(super) fn scan(&mut self) {
        let mut pos = self.start;
        let mut text_from = pos;
        let mut comments = lex::CommentLines::new();
        while let Some(p) = self.b[pos..self.end].iter().position(|&c| c == b'@') {
            let at = pos + p;
            let head = lex::entry_head(self.b, at);
            let stray = head.is_none() && !lex::at_line_start(self.b, at);
            if stray || comments.at(self.b, at) {
                // An `@` inside free text (an e-mail address, a remark) or on a `%` line
                // starts nothing.
                pos = at + 1;
                continue;
            }
            self.free_text(text_from, at);
            match self.item(at, head) {
                Ok(end) => pos = end,
                Err(f) => {
                    let key = self.key_of(head);
                    let d = self.loc.diagnostic(self.path, f.at, f.message, key);
                    self.errors.push(d);
                    pos = lex::next_line_start_at(self.b, at + 1);
                }
            }
            text_from = pos;
            if pos >= self.end {
                break;
            }
        }
        self.free_text(text_from.min(self.end), self.end);
        self.stop = pos.max(self.end);
    }

    /// The key of a broken entry, for its diagnostic, when one can be read at all.
    fn key_of(&self, head: Option<(usize, usize, usize)>) -> Option<&'t str> {
        let (_, _, open) = head?;
        let start = lex::skip_blanks(self.b, open + 1);
        let end = lex::key_end(self.b, start, b')');
        let after = lex::skip_blanks(self.b, end);
        (end > start && self.b.get(after) != Some(&b'=')).then(|| &self.text[start..end])
    }

    /// Keeps the text between items as a comment when it is not blank.
    fn free_text(&mut self, from: usize, to: usize) {
        let raw = self.text[from..to].trim();
        if !raw.is_empty() {
            let offset =
                from + (self.text[from..to].len() - self.text[from..to].trim_start().len());
            let line = self.loc.locate(offset).0;
            self.items.push(BibItem::Comment {
                raw: raw.to_string(),
                line,
            });
        }
    }

    pub(super) fn warn(&mut self, at: usize, message: String, key: Option<&str>) {
        let d = self.loc.diagnostic(self.path, at, message, key);
        self.warnings.push(d);
    }

    /// One item starting with the `@` at `at`; returns the offset after it.
    fn item(&mut self, at: usize, head: Option<(usize, usize, usize)>) -> Result<usize, Failure> {
        let Some((ts, te, open)) = head else {
            let ts = lex::skip_blanks(self.b, at + 1);
            let te = lex::name_end(self.b, ts);
            if te == ts {
                return fail(at + 1, "expected an entry type after '@'".into());
            }
            let kind = &self.text[ts..te];
            if kind.eq_ignore_ascii_case("comment") {
                // `@comment` with no delimiter comments out the rest of its line, as in BibTeX.
                let end = self.b[te..]
                    .iter()
                    .position(|&c| c == b'\n')
                    .map_or(self.b.len(), |p| te + p);
                return Ok(self.push_comment(at, end));
            }
            return fail(
                lex::skip_blanks(self.b, te),
                format!("expected '{{' or '(' after '@{kind}'"),
            );
        };
        let kind = &self.text[ts..te];
        let closer = if self.b[open] == b'{' { b'}' } else { b')' };
        if kind.eq_ignore_ascii_case("comment") {
            self.comment(at, open, closer)
        } else if kind.eq_ignore_ascii_case("preamble") {
            self.preamble(at, open, closer)
        } else if kind.eq_ignore_ascii_case("string") {
            self.string(at, open, closer)
        } else {
            self.entry(at, kind, open, closer)
        }
    }

    fn unclosed(&self, open: usize) -> Failure {
        Failure {
            at: open,
            message: format!("unclosed '{}' opened here", char::from(self.b[open])),
        }
    }

    fn comment(&mut self, at: usize, open: usize, closer: u8) -> Result<usize, Failure> {
        let opener = self.b[open];
        let mut depth = 0usize;
        for (i, &c) in self.b.iter().enumerate().skip(open) {
            if c == opener {
                depth += 1;
            } else if c == closer {
                depth -= 1;
                if depth == 0 {
                    return Ok(self.push_comment(at, i + 1));
                }
            }
        }
        // BibTeX ignores the word `@comment` and takes what follows as text between entries,
        // so unbalanced delimiters are no error: the comment runs to the next entry.
        let end = lex::next_line_start_at(self.b, open);
        Ok(self.push_comment(at, end))
    }

    fn push_comment(&mut self, at: usize, end: usize) -> usize {
        let line = self.loc.locate(at).0;
        let raw = self.text[at..end].trim_end().to_string();
        self.items.push(BibItem::Comment { raw, line });
        end
    }

    /// Reads a value into `self.pieces`, turning lexing failures into messages.
    fn value(&mut self, i: usize, what: fmt::Arguments<'_>) -> Result<lex::Value, Failure> {
        self.pieces.clear();
        lex::value(self.b, i, &mut self.pieces).map_err(|e| match e {
            ValueError::UnclosedBrace(at) => self.unclosed(at),
            ValueError::UnterminatedQuote(at) => Failure {
                at,
                message: "unterminated quoted value".into(),
            },
            ValueError::Missing(at) => Failure {
                at,
                message: format!("expected a value for {what}"),
            },
        })
    }

    fn close(&self, i: usize, closer: u8, open: usize, what: &str) -> Result<usize, Failure> {
        match self.b.get(i) {
            Some(&c) if c == closer => Ok(i + 1),
            None => Err(self.unclosed(open)),
            Some(_) => fail(i, format!("expected '{}' after {what}", char::from(closer))),
        }
    }

    fn preamble(&mut self, at: usize, open: usize, closer: u8) -> Result<usize, Failure> {
        let i = lex::skip_blanks_comments(self.b, open + 1);
        let end = if self.b.get(i) == Some(&closer) {
            i + 1
        } else {
            let v = self.value(i, format_args!("@preamble"))?;
            self.close(v.next, closer, open, "the @preamble value")?
        };
        let line = self.loc.locate(at).0;
        let raw = self.text[at..end].to_string();
        self.items.push(BibItem::Preamble { raw, line });
        Ok(end)
    }

    /// `@string{name = value}`; btparse also takes several definitions separated by commas,
    /// and each becomes an item of its own.
    fn string(&mut self, at: usize, open: usize, closer: u8) -> Result<usize, Failure> {
        let mut defs: Vec<(&'t str, Vec<Piece>)> = Vec::new();
        let mut i = lex::skip_blanks_comments(self.b, open + 1);
        let end = loop {
            let ne = lex::name_end(self.b, i);
            if ne == i {
                return fail(i, "expected a macro name in @string".into());
            }
            let name = &self.text[i..ne];
            let eq = lex::skip_blanks_comments(self.b, ne);
            if self.b.get(eq) != Some(&b'=') {
                return fail(ne, format!("expected '=' after @string name '{name}'"));
            }
            let v = self.value(eq + 1, format_args!("@string '{name}'"))?;
            defs.push((name, self.pieces.clone()));
            i = v.next;
            let comma = self.b.get(i) == Some(&b',');
            if comma {
                i = lex::skip_blanks_comments(self.b, i + 1);
            }
            if !comma || self.b.get(i) == Some(&closer) || self.b.get(i).is_none() {
                let what = format!("the value of @string '{name}'");
                break self.close(i, closer, open, &what)?;
            }
        };
        let line = self.loc.locate(at).0;
        for (name, pieces) in defs {
            let (first, last) = (pieces[0].start, pieces[pieces.len() - 1].end);
            let len = expanded_len(self.text, &pieces, &self.macros);
            if let Err(why) = self.growth.take(last - first, len) {
                // Not defined: its uses warn as undefined.
                let d =
                    self.loc
                        .diagnostic(self.path, first, format!("@string '{name}' {why}"), None);
                self.errors.push(d);
                continue;
            }
            self.gaps.clear();
            let tex = expand(self.text, &pieces, &self.macros, &mut self.gaps).into_owned();
            let complete = !self.gaps.any();
            if !complete {
                self.deferred.push(Deferred {
                    item: self.base + self.items.len(),
                    field: None,
                    at: first,
                });
            }
            let value = field_value("", &tex);
            self.macros.define(name, tex, complete);
            self.items.push(BibItem::String {
                name: name.to_string(),
                raw: self.text[first..last].to_string(),
                value,
                line,
            });
        }
        Ok(end)
    }

    fn entry(&mut self, at: usize, kind: &str, open: usize, closer: u8) -> Result<usize, Failure> {
        let ks = lex::skip_blanks(self.b, open + 1);
        let ke = lex::key_end(self.b, ks, closer);
        let key = &self.text[ks..ke];
        let mut i = lex::skip_blanks(self.b, ke);
        match self.b.get(i) {
            Some(b'=') => return fail(ks, "entry has no citation key".into()),
            Some(b',') | Some(b'}') | Some(b')') if key.is_empty() => {
                return fail(ks, "entry has no citation key".into());
            }
            Some(b',') => i += 1,
            Some(&c) if c == closer => {}
            None => return Err(self.unclosed(open)),
            Some(_) => return fail(ke, format!("expected ',' after citation key '{key}'")),
        }
        // A scratch list reused across entries, so each entry's list is allocated once at its
        // final size.
        let mut fields = std::mem::take(&mut self.fields);
        let mut persons = Vec::new();
        let mut deferred = Vec::new();
        // Where the crossref and xdata values start, for locating warnings about them.
        let mut refs_at = [None, None];
        let mut repeated = Vec::new();
        // The opening delimiter of the last value, and where a value ran across an entry head.
        let mut last_value: Option<Piece> = None;
        let mut suspect = None;
        let end = loop {
            i = lex::skip_blanks_comments(self.b, i);
            // A stray comma (`a = {x}, , b = {y}`) separates nothing; reference managers
            // write it and read it back, so it is skipped rather than refused.
            while self.b.get(i) == Some(&b',') {
                i = lex::skip_blanks_comments(self.b, i + 1);
            }
            let step = self.field(i, closer, &mut last_value, &mut suspect);
            match step {
                Ok(FieldStep::End(end)) => break end,
                Ok(FieldStep::Field {
                    name,
                    at: name_at,
                    value_at,
                    next,
                }) => {
                    i = next;
                    if fields.iter().any(|f| f.name == name) {
                        repeated.push((name_at, name));
                        continue;
                    }
                    let index = fields.len();
                    let (field, names, undefined) = match self.make_field(name, value_at) {
                        Ok(made) => made,
                        Err(f) => {
                            fields.clear();
                            self.fields = fields;
                            return Err(f);
                        }
                    };
                    if let Some(names) = names {
                        persons.push((field.name.clone(), names));
                    }
                    if undefined {
                        deferred.push((index, value_at));
                    }
                    match field.name.as_str() {
                        "crossref" => refs_at[0] = Some(value_at),
                        "xdata" => refs_at[1] = Some(value_at),
                        _ => {}
                    }
                    fields.push(field);
                }
                Err(f) => {
                    fields.clear();
                    self.fields = fields;
                    return Err(self.explain(f, open, at, last_value, suspect));
                }
            }
        };
        if let Some(&first) = self.keys.get(key) {
            self.warn(
                ks,
                format!("key '{key}' repeated (first at line {first}); this entry is ignored"),
                Some(key),
            );
            fields.clear();
            self.fields = fields;
            return Ok(end);
        }
        let (line, column) = self.loc.locate(at);
        self.keys.insert(key, line);
        for (name_at, name) in repeated {
            let msg = format!("field '{name}' repeated in entry '{key}'; the first is kept");
            self.warn(name_at, msg, Some(key));
        }
        let item = self.base + self.items.len();
        for (field, value_at) in deferred {
            self.deferred.push(Deferred {
                item,
                field: Some(field),
                at: value_at,
            });
        }
        let source = Source {
            id: None,
            key: key.to_string(),
            entry_type: kind.to_ascii_lowercase(),
            fields: {
                // Moved into a list of the exact size; the scratch list keeps its capacity.
                let mut own = Vec::with_capacity(fields.len());
                own.append(&mut fields);
                own
            },
            persons,
            raw: self.text[at..end].to_string(),
            origin: SourceOrigin {
                file: self.path.to_string(),
                line,
                column,
                ordinal: item as u32,
            },
        };
        let (crossref, xdata) = references(&source);
        let targets = crossref.map(|t| (t, refs_at[0])).into_iter();
        for (target, value_at) in targets.chain(xdata.into_iter().map(|t| (t, refs_at[1]))) {
            self.references.push(Reference {
                target: target.to_string(),
                at: value_at.unwrap_or(at),
                key: key.to_string(),
            });
        }
        self.items.push(BibItem::Entry(source));
        self.fields = fields;
        Ok(end)
    }

    /// One field (or the entry's end) at `i`.
    fn field(
        &mut self,
        i: usize,
        closer: u8,
        last_value: &mut Option<Piece>,
        suspect: &mut Option<usize>,
    ) -> Result<FieldStep, Failure> {
        match self.b.get(i) {
            None => return fail(self.b.len(), "unexpected end of file".into()),
            Some(&c) if c == closer => return Ok(FieldStep::End(i + 1)),
            _ => {}
        }
        let ne = lex::name_end(self.b, i);
        if ne == i {
            let found = self.text[i..].chars().next().unwrap_or(' ');
            return fail(i, format!("expected a field name, found '{found}'"));
        }
        let name = self.text[i..ne].to_ascii_lowercase();
        let eq = lex::skip_blanks_comments(self.b, ne);
        if self.b.get(eq) != Some(&b'=') {
            return fail(ne, format!("expected '=' after field name '{name}'"));
        }
        let v = self.value(eq + 1, format_args!("field '{name}'"))?;
        *suspect = suspect.or(v.suspect);
        *last_value = self.pieces.last().copied();
        let value_at = self.pieces[0].start;
        let next = match self.b.get(v.next) {
            Some(b',') => v.next + 1,
            Some(&c) if c == closer => v.next,
            None => return fail(self.b.len(), "unexpected end of file".into()),
            Some(&c) if matches!(c, b'}' | b')') => {
                let msg = format!(
                    "'{}' does not close this entry, which was opened with '{}'",
                    char::from(c),
                    if closer == b'}' { '{' } else { '(' }
                );
                return fail(v.next, msg);
            }
            Some(_) => {
                let closer = char::from(closer);
                let msg = format!("expected ',' or '{closer}' after the value of field '{name}'");
                return fail(v.end, msg);
            }
        };
        Ok(FieldStep::Field {
            name,
            at: i,
            value_at,
            next,
        })
    }

    /// Rewrites a failure inside an entry when the entry evidently ran into the next one or
    /// the end of the file: then a delimiter was never closed, and the message points at it.
    fn explain(
        &self,
        f: Failure,
        open: usize,
        at: usize,
        last_value: Option<Piece>,
        suspect: Option<usize>,
    ) -> Failure {
        if let Some(s) = suspect {
            return match self.b[s] {
                b'"' => Failure {
                    at: s,
                    message: "unterminated quoted value".into(),
                },
                _ => self.unclosed(s),
            };
        }
        if f.at <= at || !lex::runs_into_entry(self.b, f.at) {
            return f;
        }
        // A braced last value whose `}` stands alone on its line took the entry's closer.
        if let Some(p) = last_value.filter(|p| p.kind == PieceKind::Braced)
            && lex::at_line_start(self.b, p.end - 1)
            && self.text[p.start..p.end].contains('\n')
        {
            return self.unclosed(p.start);
        }
        self.unclosed(open)
    }

    /// A field from the value now in `self.pieces`, with its persons when it is a name list;
    /// the flag says some macro was not defined (yet).
    fn make_field(
        &mut self,
        name: String,
        value_at: usize,
    ) -> Result<(Field, Option<Vec<Person>>, bool), Failure> {
        let first = self.pieces[0].start;
        let last = self.pieces[self.pieces.len() - 1].end;
        let len = expanded_len(self.text, &self.pieces, &self.macros);
        if let Err(why) = self.growth.take(last - first, len) {
            return fail(value_at, format!("the value of field '{name}' {why}"));
        }
        self.gaps.clear();
        let tex = expand(self.text, &self.pieces, &self.macros, &mut self.gaps);
        let value = field_value(&name, &tex);
        let names = NAME_FIELDS.contains(&name.as_str()).then(|| persons(&tex));
        let field = Field {
            raw: self.text[first..last].to_string(),
            value,
            name,
        };
        Ok((field, names, self.gaps.any()))
    }
}

enum FieldStep {
    End(usize),
    Field {
        name: String,
        at: usize,
        value_at: usize,
        next: usize,
    },
}
