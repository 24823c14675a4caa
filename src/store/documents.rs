//! Documents, claims and citations: replacing a document on re-import (claims re-anchored,
//! the user's links, notes and exemptions kept), loading it back, and the user's edits
//! (links, exemptions).

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, params};

use super::{Result, Store, StoreError, json_col};
use crate::essay::anchor::{self, Anchored, OldClaim};
use crate::model::{
    Citation, CitationStyle, Claim, ClaimKind, Document, Locator, LocatorLabel, Note, Origin,
    PageRange, Parts, Resolution,
};

/// A document in the library, without its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentInfo {
    /// Its id.
    pub id: i64,
    /// Its recorded path.
    pub path: String,
    /// Its title, if found.
    pub title: Option<String>,
    /// Hash of its text.
    pub hash: String,
}

/// What replacing a document did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocumentSummary {
    /// Units in the new text.
    pub units: usize,
    /// Units that are new (no old claim found them).
    pub added: usize,
    /// Old claims found again with the same text.
    pub kept: usize,
    /// Old claims found again by context or similarity: (id, how).
    pub reanchored: Vec<(i64, String)>,
    /// Old claims not found and without user work: removed.
    pub removed: usize,
    /// Old claims not found that carry the user's links, notes or exemptions: kept, orphaned.
    pub orphaned: Vec<i64>,
    /// Inline citations stored.
    pub citations: usize,
}

/// Whether `link` added a link or changed an existing one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkOutcome {
    /// A new manual link.
    Added,
    /// The existing manual link between the two was changed.
    Updated,
}

/// Errors about claims a user named.
fn unknown_claim(id: i64) -> StoreError {
    StoreError::UnknownClaim(id)
}

impl Store {
    /// The claims of the document recorded at `path`, as re-anchoring remembers them
    /// (orphans of earlier edits included: a restored sentence finds its links again).
    pub fn previous_claims(&self, path: &str) -> Result<Vec<OldClaim>> {
        let mut st = self.conn.prepare_cached(
            "SELECT c.id, c.kind, c.text, c.prefix, c.suffix, \
             c.exempt IS NOT NULL OR EXISTS (SELECT 1 FROM citation x \
                 WHERE x.claim_id = c.id AND x.origin = 'manual') \
             FROM claim c JOIN document d ON d.id = c.document_id WHERE d.path = ?1 \
             ORDER BY c.orphaned, c.seq",
        )?;
        let rows = st.query_map([path], |r| {
            let kind = match known(ClaimKind::parse(&r.get::<_, String>(1)?), UNKNOWN_KIND) {
                Ok(kind) => kind,
                Err(e) => return Ok(Err(e)),
            };
            Ok(Ok(OldClaim {
                id: r.get(0)?,
                kind,
                text: r.get(2)?,
                prefix: r.get(3)?,
                suffix: r.get(4)?,
                carries_work: r.get(5)?,
            }))
        })?;
        rows.map(|row| row?).collect()
    }

    /// Stores `doc` (recorded at `doc.path`) in one transaction. `anchoring` says where each
    /// previous claim went ([`anchor::reanchor`] over [`Store::previous_claims`]): a found
    /// claim keeps its id (and so its manual links, notes and exemption); a lost claim that
    /// carries such work is kept as orphaned, any other is removed. Inline citations are
    /// replaced by `doc`'s. Sets the ids of `doc`'s claims and citations.
    pub fn replace_document(
        &mut self,
        doc: &mut Document,
        anchoring: &[Anchored],
    ) -> Result<DocumentSummary> {
        let tx = self.write_tx()?;
        tx.execute(
            "INSERT INTO document(path, title, text, hash, imported_at) \
             VALUES (?1, ?2, ?3, ?4, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')) \
             ON CONFLICT(path) DO UPDATE SET title = excluded.title, text = excluded.text, \
             hash = excluded.hash, imported_at = excluded.imported_at",
            params![doc.path, doc.title, doc.text, doc.hash],
        )?;
        let doc_id: i64 = tx.query_row(
            "SELECT id FROM document WHERE path = ?1",
            [&doc.path],
            |r| r.get(0),
        )?;
        doc.id = Some(doc_id);

        let mut summary = DocumentSummary {
            units: doc.claims.len(),
            ..Default::default()
        };
        let mut target: HashMap<usize, (i64, anchor::Method)> = HashMap::new();
        let mut lost = Vec::new();
        for a in anchoring {
            match a.to {
                Some((j, m)) => {
                    target.insert(j, (a.id, m));
                }
                None => lost.push(a.id),
            }
        }
        for id in lost {
            if has_user_work(&tx, id)? {
                tx.execute("UPDATE claim SET orphaned = 1 WHERE id = ?1", [id])?;
                summary.orphaned.push(id);
            } else {
                tx.execute("DELETE FROM claim WHERE id = ?1", [id])?;
                summary.removed += 1;
            }
        }
        tx.execute(
            "DELETE FROM citation WHERE origin = 'inline' AND claim_id IN \
             (SELECT id FROM claim WHERE document_id = ?1)",
            [doc_id],
        )?;

        for (seq, claim) in doc.claims.iter_mut().enumerate() {
            let (prefix, suffix) = anchor::context(&doc.text, claim.start, claim.end);
            let values = params![
                doc_id,
                seq as i64,
                claim.kind.as_str(),
                claim.section,
                claim.paragraph,
                claim.sentence,
                claim.start as i64,
                claim.end as i64,
                claim.line,
                claim.column,
                claim.text,
                prefix,
                suffix,
                claim.note.as_ref().map(|n| n.label.as_str()),
                note_marker(claim).map(|s| s.0 as i64),
                note_marker(claim).map(|s| s.1 as i64),
            ];
            let id = match target.get(&seq) {
                Some(&(id, method)) => {
                    tx.prepare_cached(
                        "UPDATE claim SET document_id = ?1, seq = ?2, kind = ?3, section = ?4, \
                         paragraph = ?5, sentence = ?6, start = ?7, end = ?8, line = ?9, \
                         col = ?10, text = ?11, prefix = ?12, suffix = ?13, note_label = ?14, \
                         note_start = ?15, note_end = ?16, orphaned = 0, anchored_by = ?17 \
                         WHERE id = ?18",
                    )?
                    .execute(rusqlite::params_from_iter(
                        values
                            .iter()
                            .copied()
                            .chain([&method.describe() as &dyn rusqlite::ToSql, &id]),
                    ))?;
                    match method {
                        anchor::Method::Exact => summary.kept += 1,
                        m => summary.reanchored.push((id, m.describe())),
                    }
                    claim.exempt =
                        tx.query_row("SELECT exempt FROM claim WHERE id = ?1", [id], |r| r.get(0))?;
                    id
                }
                None => {
                    tx.prepare_cached(
                        "INSERT INTO claim(document_id, seq, kind, section, paragraph, sentence, \
                         start, end, line, col, text, prefix, suffix, note_label, note_start, \
                         note_end) \
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, \
                         ?15, ?16)",
                    )?
                    .execute(values)?;
                    summary.added += 1;
                    tx.last_insert_rowid()
                }
            };
            claim.id = Some(id);
            claim.orphaned = false;
            for c in claim
                .citations
                .iter_mut()
                .filter(|c| c.origin == Origin::Inline)
            {
                c.id = Some(insert_citation(&tx, id, c)?);
                summary.citations += 1;
            }
        }
        tx.commit()?;
        Ok(summary)
    }

    /// The hash of each imported .bib file's bytes, by recorded path.
    pub fn bibfile_hashes(&self) -> Result<HashMap<String, String>> {
        let mut st = self.conn.prepare("SELECT path, hash FROM bibfile")?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The documents in the library, by path.
    pub fn documents(&self) -> Result<Vec<DocumentInfo>> {
        let mut st = self
            .conn
            .prepare("SELECT id, path, title, hash FROM document ORDER BY path")?;
        let rows = st.query_map([], |r| {
            Ok(DocumentInfo {
                id: r.get(0)?,
                path: r.get(1)?,
                title: r.get(2)?,
                hash: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A whole document: text, claims in order (orphans last, flagged), each claim's inline
    /// citations in text order, then its manual links.
    pub fn document(&self, path: &str) -> Result<Option<Document>> {
        let Some((id, title, text, hash)) = self
            .conn
            .query_row(
                "SELECT id, title, text, hash FROM document WHERE path = ?1",
                [path],
                |r| Ok((r.get::<_, i64>(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?
        else {
            return Ok(None);
        };
        let claims = self.claims_where(Claims::OfDocument, id)?;
        Ok(Some(Document {
            id: Some(id),
            path: path.to_string(),
            title,
            text,
            hash,
            claims,
        }))
    }

    /// The claims `which` selects (by `key`), in order (orphans last), each with its inline
    /// citations in text order, then its manual links.
    fn claims_where(&self, which: Claims, key: i64) -> Result<Vec<Claim>> {
        let mut claims = Vec::new();
        let mut index: HashMap<i64, usize> = HashMap::new();
        {
            let mut st = self.conn.prepare_cached(&format!(
                "SELECT id, kind, section, paragraph, sentence, start, end, line, col, text, \
                 exempt, orphaned, note_label, note_start, note_end, \
                 (SELECT count(*) FROM citation ci WHERE ci.claim_id = claim.id) FROM claim \
                 WHERE {} ORDER BY orphaned, seq",
                which.filter()
            ))?;
            let rows = st.query_map([key], |r| {
                let marker = span(r.get(13)?, r.get(14)?);
                let kind = match known(ClaimKind::parse(&r.get::<_, String>(1)?), UNKNOWN_KIND) {
                    Ok(kind) => kind,
                    Err(e) => return Ok(Err(e)),
                };
                Ok(Ok(Claim {
                    id: Some(r.get(0)?),
                    kind,
                    section: r.get(2)?,
                    paragraph: r.get(3)?,
                    sentence: r.get(4)?,
                    start: r.get::<_, i64>(5)? as usize,
                    end: r.get::<_, i64>(6)? as usize,
                    line: r.get(7)?,
                    column: r.get(8)?,
                    text: r.get(9)?,
                    // Sized once: a claim of 10^5 citations grown by doubling would hold
                    // up to twice their size.
                    citations: Vec::with_capacity(r.get::<_, i64>(15)?.max(0) as usize),
                    exempt: r.get(10)?,
                    orphaned: r.get(11)?,
                    note: r
                        .get::<_, Option<String>>(12)?
                        .map(|label| Note { label, marker }),
                }))
            })?;
            for claim in rows {
                let claim = claim??;
                index.insert(claim.id.unwrap_or_default(), claims.len());
                claims.push(claim);
            }
        }
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT {CITATION_COLUMNS} FROM citation c LEFT JOIN source s ON s.id = c.source_id \
             WHERE c.claim_id IN (SELECT id FROM claim WHERE {}) \
             ORDER BY c.origin, c.start, c.id",
            which.filter()
        ))?;
        let rows = st.query_map([key], citation_row)?;
        for row in rows {
            let (claim_id, citation) = row?;
            if let Some(&i) = index.get(&claim_id) {
                claims[i].citations.push(citation?);
            }
        }
        Ok(claims)
    }

    /// The document and position of a claim: (document path, claim).
    pub fn claim(&self, id: i64) -> Result<(String, Claim)> {
        let path: String = self
            .conn
            .query_row(
                "SELECT d.path FROM claim c JOIN document d ON d.id = c.document_id \
                 WHERE c.id = ?1",
                [id],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| unknown_claim(id))?;
        // One claim's rows, not its whole document's.
        let claim = self
            .claims_where(Claims::One, id)?
            .pop()
            .ok_or_else(|| unknown_claim(id))?;
        Ok((path, claim))
    }

    /// Links a claim to a source by hand, or changes the existing manual link between them
    /// (its locator, note and quote).
    pub fn link(
        &mut self,
        claim_id: i64,
        key: &str,
        locator: Option<&Locator>,
        note: Option<&str>,
        quote: Option<&str>,
    ) -> Result<LinkOutcome> {
        let tx = self.write_tx()?;
        ensure_claim(&tx, claim_id)?;
        let source_id: i64 = tx
            .query_row("SELECT id FROM source WHERE key = ?1", [key], |r| r.get(0))
            .optional()?
            .ok_or_else(|| StoreError::UnknownKey(key.to_string()))?;
        let existing: Option<i64> = tx
            .query_row(
                "SELECT id FROM citation WHERE claim_id = ?1 AND origin = 'manual' \
                 AND source_key = ?2",
                params![claim_id, key],
                |r| r.get(0),
            )
            .optional()?;
        let outcome = match existing {
            Some(id) => {
                let (label, value, pages) = locator_columns(locator);
                tx.execute(
                    "UPDATE citation SET locator_label = coalesce(?2, locator_label), \
                     locator = coalesce(?3, locator), pages = coalesce(?4, pages), \
                     note = coalesce(?5, note), quote = coalesce(?6, quote), source_id = ?7 \
                     WHERE id = ?1",
                    params![id, label, value, pages, note, quote, source_id],
                )?;
                LinkOutcome::Updated
            }
            None => {
                let mut c = Citation {
                    id: None,
                    origin: Origin::Manual,
                    marker: None,
                    span: None,
                    group: None,
                    style: None,
                    detected: None,
                    parts: Parts::default(),
                    locator: locator.cloned(),
                    resolution: Resolution {
                        source: Some(key.to_string()),
                        confidence: 1.0,
                        candidates: Vec::new(),
                        reasons: vec!["linked by hand".into()],
                    },
                    note: note.map(str::to_string),
                    quote: quote.map(str::to_string),
                    in_note: None,
                };
                c.id = Some(insert_citation(&tx, claim_id, &c)?);
                LinkOutcome::Added
            }
        };
        tx.commit()?;
        Ok(outcome)
    }

    /// Removes the manual links between a claim and a source; returns how many there were.
    pub fn unlink(&mut self, claim_id: i64, key: &str) -> Result<usize> {
        let tx = self.write_tx()?;
        ensure_claim(&tx, claim_id)?;
        let n = tx.execute(
            "DELETE FROM citation WHERE claim_id = ?1 AND origin = 'manual' AND source_key = ?2",
            params![claim_id, key],
        )?;
        tx.commit()?;
        Ok(n)
    }

    /// Marks a claim as needing no citation, with the user's reason; `None` removes the mark.
    pub fn set_exempt(&mut self, claim_id: i64, reason: Option<&str>) -> Result<()> {
        let n = self.conn.execute(
            "UPDATE claim SET exempt = ?2 WHERE id = ?1",
            params![claim_id, reason],
        )?;
        if n == 0 {
            return Err(unknown_claim(claim_id));
        }
        Ok(())
    }

    /// Stores new resolutions of inline citations (after the library changed), in one
    /// transaction.
    pub fn update_resolutions(&mut self, updates: &[(i64, Resolution)]) -> Result<()> {
        let tx = self.write_tx()?;
        {
            let mut st = tx.prepare_cached(
                "UPDATE citation SET source_id = (SELECT id FROM source WHERE key = ?2), \
                 source_key = ?2, confidence = ?3, candidates = ?4, reasons = ?5 WHERE id = ?1",
            )?;
            for (id, r) in updates {
                st.execute(params![
                    id,
                    r.source,
                    r.confidence,
                    to_json(&r.candidates),
                    to_json(&r.reasons)
                ])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// For each source key, the number of distinct claims citing it (inline or by hand).
    pub fn citing_claims(&self) -> Result<HashMap<String, usize>> {
        let mut st = self.conn.prepare(
            "SELECT s.key, count(DISTINCT c.claim_id) FROM citation c \
             JOIN source s ON s.id = c.source_id JOIN claim k ON k.id = c.claim_id \
             WHERE k.kind != 'reference' GROUP BY s.key",
        )?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as usize)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Where a source is used: (document path, claim, the citation), in document order.
    pub fn uses_of(&self, key: &str) -> Result<Vec<(String, Claim, Citation)>> {
        let mut st = self.conn.prepare(
            "SELECT DISTINCT d.path, c.claim_id FROM citation c \
             JOIN claim k ON k.id = c.claim_id JOIN document d ON d.id = k.document_id \
             WHERE c.source_key = ?1 AND c.source_id IS NOT NULL ORDER BY d.path, k.seq",
        )?;
        let rows: Vec<(String, i64)> = st
            .query_map([key], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        // Each citing claim by its own rows, not its whole document.
        let mut out = Vec::new();
        for (path, claim_id) in rows {
            for claim in self.claims_where(Claims::One, claim_id)? {
                for cit in &claim.citations {
                    if cit.resolution.source.as_deref() == Some(key) {
                        out.push((path.clone(), claim.clone(), cit.clone()));
                    }
                }
            }
        }
        Ok(out)
    }
}

fn ensure_claim(tx: &Connection, id: i64) -> Result<()> {
    let found: Option<i64> = tx
        .query_row("SELECT id FROM claim WHERE id = ?1", [id], |r| r.get(0))
        .optional()?;
    found.map(|_| ()).ok_or_else(|| unknown_claim(id))
}

fn has_user_work(tx: &Connection, claim_id: i64) -> Result<bool> {
    Ok(tx.query_row(
        "SELECT exists(SELECT 1 FROM citation WHERE claim_id = ?1 AND origin = 'manual') \
         OR exists(SELECT 1 FROM claim WHERE id = ?1 AND exempt IS NOT NULL)",
        [claim_id],
        |r| r.get(0),
    )?)
}

fn to_json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("plain data serialises")
}

fn locator_columns(l: Option<&Locator>) -> (Option<&str>, Option<&str>, Option<String>) {
    match l {
        Some(l) => (
            Some(l.label.as_str()),
            Some(l.value.as_str()),
            Some(to_json(
                &l.pages
                    .iter()
                    .map(|p| (p.start, p.end, p.roman))
                    .collect::<Vec<_>>(),
            )),
        ),
        None => (None, None, None),
    }
}

fn insert_citation(tx: &Connection, claim_id: i64, c: &Citation) -> Result<i64> {
    let (label, value, pages) = locator_columns(c.locator.as_ref());
    tx.prepare_cached(
        "INSERT INTO citation(claim_id, origin, marker, start, end, group_start, group_end, \
         style, detected, parts, locator_label, locator, pages, source_id, source_key, \
         confidence, candidates, reasons, note, quote, in_note, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, \
         (SELECT id FROM source WHERE key = ?14), ?14, ?15, ?16, ?17, ?18, ?19, ?20, \
         strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
    )?
    .execute(params![
        claim_id,
        c.origin.as_str(),
        c.marker,
        c.span.map(|s| s.0 as i64),
        c.span.map(|s| s.1 as i64),
        c.group.map(|s| s.0 as i64),
        c.group.map(|s| s.1 as i64),
        c.style.map(CitationStyle::as_str),
        c.detected,
        to_json(&c.parts),
        label,
        value,
        pages,
        c.resolution.source,
        c.resolution.confidence,
        to_json(&c.resolution.candidates),
        to_json(&c.resolution.reasons),
        c.note,
        c.quote,
        c.in_note,
    ])?;
    Ok(tx.last_insert_rowid())
}

const CITATION_COLUMNS: &str = "c.claim_id, c.id, c.origin, c.marker, c.start, c.end, \
     c.group_start, c.group_end, c.style, c.detected, c.parts, c.locator_label, c.locator, \
     c.pages, c.source_key, c.confidence, c.candidates, c.reasons, c.note, c.quote, \
     c.source_id IS NOT NULL, c.in_note";

/// The marker span of a note unit (none for other kinds).
fn note_marker(claim: &Claim) -> Option<(usize, usize)> {
    claim.note.as_ref().and_then(|n| n.marker)
}

/// Which claims [`Store::claims_where`] reads.
#[derive(Clone, Copy)]
enum Claims {
    /// Every claim of the document with this id.
    OfDocument,
    /// The claim with this id.
    One,
}

impl Claims {
    /// The condition on `claim`'s rows, with the id as `?1`.
    fn filter(self) -> &'static str {
        match self {
            Claims::OfDocument => "document_id = ?1",
            Claims::One => "id = ?1",
        }
    }
}

/// [`known`]'s errors, one per stored enum column.
const UNKNOWN_KIND: &str = "a claim's kind (claim.kind) is not one this annobib knows";
const UNKNOWN_ORIGIN: &str = "a citation's origin (citation.origin) is not one this annobib knows";
const UNKNOWN_STYLE: &str = "a citation's style (citation.style) is not one this annobib knows";
const UNKNOWN_LABEL: &str =
    "a locator's label (citation.locator_label) is not one this annobib knows";

/// A stored name of one of the model's enums, read back: a name this build does not know means
/// the file was edited by hand or is corrupt, and is an error (`why`, naming the column) rather
/// than a default.
fn known<T>(parsed: Option<T>, why: &'static str) -> Result<T> {
    parsed.ok_or(StoreError::Corrupt(why))
}

fn span(a: Option<i64>, b: Option<i64>) -> Option<(usize, usize)> {
    Some((a? as usize, b? as usize))
}

type CitationRow = (i64, Result<Citation>);

fn citation_row(r: &rusqlite::Row) -> rusqlite::Result<CitationRow> {
    let claim_id: i64 = r.get(0)?;
    let origin = match r.get::<_, String>(2)?.as_str() {
        "manual" => Some(Origin::Manual),
        "inline" => Some(Origin::Inline),
        _ => None,
    };
    let style: Option<String> = r.get(8)?;
    let parts: String = r.get(10)?;
    let label: Option<String> = r.get(11)?;
    let value: Option<String> = r.get(12)?;
    let pages: Option<String> = r.get(13)?;
    let source_key: Option<String> = r.get(14)?;
    let candidates: String = r.get(16)?;
    let reasons: String = r.get(17)?;
    let source_present: bool = r.get(20)?;
    let built = (|| -> Result<Citation> {
        let origin = known(origin, UNKNOWN_ORIGIN)?;
        let style = style
            .as_deref()
            .map(|s| known(CitationStyle::parse(s), UNKNOWN_STYLE))
            .transpose()?;
        let label = label
            .as_deref()
            .map(|l| known(LocatorLabel::parse(l), UNKNOWN_LABEL))
            .transpose()?;
        let locator = match (label, value) {
            (Some(label), Some(value)) => {
                let pages: Vec<(u32, u32, bool)> = match &pages {
                    Some(p) => json_col("citation.pages", p)?,
                    None => Vec::new(),
                };
                Some(Locator {
                    label,
                    value,
                    pages: pages
                        .into_iter()
                        .map(|(start, end, roman)| PageRange { start, end, roman })
                        .collect(),
                })
            }
            _ => None,
        };
        let mut reasons: Vec<String> = json_col("citation.reasons", &reasons)?;
        if origin == Origin::Manual
            && !source_present
            && let Some(k) = &source_key
        {
            reasons.push(format!("source '{k}' is no longer in the library"));
        }
        Ok(Citation {
            id: Some(r.get(1)?),
            origin,
            marker: r.get(3)?,
            span: span(r.get(4)?, r.get(5)?),
            group: span(r.get(6)?, r.get(7)?),
            style,
            detected: r.get(9)?,
            parts: json_col("citation.parts", &parts)?,
            locator,
            resolution: Resolution {
                source: source_key,
                confidence: r.get(15)?,
                candidates: json_col("citation.candidates", &candidates)?,
                reasons,
            },
            note: r.get(18)?,
            quote: r.get(19)?,
            in_note: r.get(21)?,
        })
    })();
    Ok((claim_id, built))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{BibFile, BibItem, Field, Source};
    use crate::store::ImportFile;

    /// A document whose units are its lines (the real splitter lives in `essay`).
    fn doc(path: &str, text: &str) -> Document {
        let mut claims = Vec::new();
        let mut pos = 0;
        for (n, line) in text.split_inclusive('\n').enumerate() {
            let t = line.trim_end_matches('\n');
            if !t.is_empty() {
                let mut c = Claim {
                    kind: ClaimKind::Claim,
                    paragraph: n as u32 + 1,
                    sentence: 1,
                    start: pos,
                    end: pos + t.len(),
                    line: n as u32 + 1,
                    column: 1,
                    text: t.to_string(),
                    ..Default::default()
                };
                if let Some(i) = t.find("(Finley 1983, 150)") {
                    let mut cit = Citation::inline(
                        "(Finley 1983, 150)",
                        (pos + i, pos + i + 18),
                        CitationStyle::AuthorDate,
                    );
                    cit.resolution.source = Some("finley1983".into());
                    cit.resolution.confidence = 0.97;
                    cit.locator = Some(Locator {
                        label: LocatorLabel::Page,
                        value: "150".into(),
                        pages: vec![PageRange {
                            start: 150,
                            end: 150,
                            roman: false,
                        }],
                    });
                    c.citations.push(cit);
                }
                claims.push(c);
            }
            pos += line.len();
        }
        Document {
            path: path.into(),
            text: text.into(),
            hash: format!("{:x}", text.len()),
            claims,
            ..Default::default()
        }
    }

    fn store_with_sources() -> Store {
        let mut store = Store::open_in_memory().unwrap();
        let source = |key: &str| {
            BibItem::Entry(Source {
                key: key.into(),
                entry_type: "book".into(),
                fields: vec![Field {
                    name: "title".into(),
                    raw: "{T}".into(),
                    value: "T".into(),
                }],
                raw: format!("@book{{{key}, title = {{T}}}}"),
                ..Default::default()
            })
        };
        let file = BibFile {
            path: "r.bib".into(),
            encoding: "utf-8".into(),
            items: vec![source("finley1983"), source("shin2010")],
        };
        store
            .import_bib(
                &[ImportFile {
                    file: &file,
                    hash: "h".into(),
                }],
                false,
            )
            .unwrap();
        store
    }

    fn import(store: &mut Store, text: &str) -> (Document, DocumentSummary) {
        let mut d = doc("essay.txt", text);
        let old = store.previous_claims("essay.txt").unwrap();
        let anchoring = anchor::reanchor(&old, &d.text, &d.claims);
        let s = store.replace_document(&mut d, &anchoring).unwrap();
        (d, s)
    }

    const V1: &str = "The treaty was signed on October 1, 1953.\n\
        Casualties were heavy (Finley 1983, 150).\n\
        Aid from 1953 to 1961 totaled an estimated $2.3B.\n\
        The CFC was established in October 1978.\n";

    #[test]
    fn a_document_round_trips_with_its_citations() {
        let mut store = store_with_sources();
        let (d, s) = import(&mut store, V1);
        assert_eq!((s.units, s.added, s.citations), (4, 4, 1));
        let loaded = store.document("essay.txt").unwrap().unwrap();
        assert_eq!(loaded.claims.len(), 4);
        assert_eq!(loaded.claims[1].id, d.claims[1].id);
        let c = &loaded.claims[1].citations[0];
        assert_eq!(c.marker.as_deref(), Some("(Finley 1983, 150)"));
        assert_eq!(
            &loaded.text[c.span.unwrap().0..c.span.unwrap().1],
            "(Finley 1983, 150)"
        );
        assert_eq!(c.resolution.source.as_deref(), Some("finley1983"));
        assert_eq!(c.locator.as_ref().unwrap().pages[0].start, 150);
        assert_eq!(store.citing_claims().unwrap()["finley1983"], 1);
    }

    /// A stored enum name this build does not know (a file edited by hand, or corrupt) is an
    /// error naming the column, not read as some default.
    #[test]
    fn unknown_stored_names_are_corrupt_not_defaults() {
        for (update, column) in [
            ("UPDATE claim SET kind = 'bogus'", "claim.kind"),
            ("UPDATE citation SET origin = 'bogus'", "citation.origin"),
            ("UPDATE citation SET style = 'bogus'", "citation.style"),
            (
                "UPDATE citation SET locator_label = 'bogus'",
                "citation.locator_label",
            ),
        ] {
            let mut store = store_with_sources();
            import(&mut store, V1);
            // The schema's CHECK constraints keep annobib's own writes right; another tool
            // may write without them.
            store
                .conn
                .execute_batch("PRAGMA ignore_check_constraints = ON")
                .unwrap();
            store.conn.execute(update, []).unwrap();
            let err = store.document("essay.txt").unwrap_err();
            assert!(
                matches!(err, StoreError::Corrupt(m) if m.contains(column)),
                "{update}: {err}"
            );
            if column == "claim.kind" {
                let err = store.previous_claims("essay.txt").unwrap_err();
                assert!(matches!(err, StoreError::Corrupt(_)), "{err}");
            }
        }
    }

    #[test]
    fn a_note_and_the_citation_from_its_body_round_trip() {
        let mut store = store_with_sources();
        let text = "Casualties were heavy.1\nNotes\n1. Finley, US Military Experience, 150.\n";
        let mut d = doc("essay.txt", text);
        d.claims[1].kind = ClaimKind::Heading;
        let note = &mut d.claims[2];
        note.kind = ClaimKind::Note;
        note.note = Some(Note {
            label: "1".into(),
            marker: Some((22, 23)),
        });
        let mut cit = Citation::inline(
            "Finley, US Military Experience, 150",
            (35, 70),
            CitationStyle::Note,
        );
        cit.in_note = Some("1".into());
        d.claims[0].citations.push(cit);
        let anchoring = anchor::reanchor(&[], &d.text, &d.claims);
        store.replace_document(&mut d, &anchoring).unwrap();
        let loaded = store.document("essay.txt").unwrap().unwrap();
        assert_eq!(loaded.claims[2].kind, ClaimKind::Note);
        assert_eq!(loaded.claims[2].note, d.claims[2].note);
        assert_eq!(loaded.claims[0].citations[0].in_note.as_deref(), Some("1"));
        assert_eq!(loaded.claims[0].citations[0].span, Some((35, 70)));
        assert_eq!(loaded.claims[1].note, None);
    }

    #[test]
    fn manual_links_notes_and_exemptions_follow_their_claim_through_edits() {
        let mut store = store_with_sources();
        let (d, _) = import(&mut store, V1);
        let aid = d.claims[2].id.unwrap();
        let cfc = d.claims[3].id.unwrap();
        let treaty = d.claims[0].id.unwrap();
        let page = Locator {
            label: LocatorLabel::Page,
            value: "24".into(),
            pages: vec![],
        };
        assert_eq!(
            store
                .link(aid, "shin2010", Some(&page), Some("the aid figure"), None)
                .unwrap(),
            LinkOutcome::Added
        );
        assert_eq!(
            store
                .link(aid, "shin2010", None, Some("the aid figure, p. 24"), None)
                .unwrap(),
            LinkOutcome::Updated
        );
        store.link(cfc, "finley1983", None, None, None).unwrap();
        store.set_exempt(treaty, Some("common knowledge")).unwrap();

        // Reword the aid sentence, delete the CFC one, insert a sentence before the treaty.
        let v2 = "A new opening sentence.\n\
            The treaty was signed on October 1, 1953.\n\
            Casualties were heavy (Finley 1983, 150).\n\
            US aid from 1953 to 1961 totaled roughly $2.3B.\n";
        let (d2, s) = import(&mut store, v2);
        assert_eq!(
            s.orphaned,
            vec![cfc],
            "the deleted claim with a link is kept"
        );
        assert_eq!(s.reanchored.len(), 1);
        assert_eq!(d2.claims[1].id, Some(treaty));
        assert_eq!(d2.claims[1].exempt.as_deref(), Some("common knowledge"));
        assert_eq!(d2.claims[3].id, Some(aid));
        let loaded = store.document("essay.txt").unwrap().unwrap();
        let aid_claim = loaded.claims.iter().find(|c| c.id == Some(aid)).unwrap();
        let link = &aid_claim.citations[0];
        assert_eq!(link.origin, Origin::Manual);
        assert_eq!(link.note.as_deref(), Some("the aid figure, p. 24"));
        assert_eq!(link.locator.as_ref().unwrap().value, "24");
        let orphan = loaded.claims.last().unwrap();
        assert_eq!((orphan.id, orphan.orphaned), (Some(cfc), true));
        assert_eq!(
            orphan.citations[0].resolution.source.as_deref(),
            Some("finley1983")
        );

        // Restoring the sentence finds the orphan again.
        let v3 = format!("{v2}The CFC was established in October 1978.\n");
        let (d3, s) = import(&mut store, &v3);
        assert!(s.orphaned.is_empty());
        assert_eq!(d3.claims[4].id, Some(cfc));
    }

    /// One claim read by its own rows is the claim as its whole document reads it, manual
    /// links and notes included.
    #[test]
    fn one_claim_reads_as_its_document_has_it() {
        let mut store = store_with_sources();
        let (d, _) = import(&mut store, V1);
        let id = d.claims[2].id.unwrap();
        store
            .link(
                id,
                "finley1983",
                Some(&crate::testing::page(7)),
                Some("a note"),
                None,
            )
            .unwrap();
        let doc = store.document("essay.txt").unwrap().unwrap();
        for c in &doc.claims {
            let (path, one) = store.claim(c.id.unwrap()).unwrap();
            assert_eq!(path, "essay.txt");
            assert_eq!(&one, c);
        }
        assert!(doc.claims.iter().any(|c| c.citations.len() == 1));
        assert!(matches!(
            store.claim(9999),
            Err(StoreError::UnknownClaim(9999))
        ));
    }

    #[test]
    fn unlink_and_unknown_claims() {
        let mut store = store_with_sources();
        let (d, _) = import(&mut store, V1);
        let id = d.claims[0].id.unwrap();
        store.link(id, "shin2010", None, None, None).unwrap();
        assert_eq!(store.unlink(id, "shin2010").unwrap(), 1);
        assert_eq!(store.unlink(id, "shin2010").unwrap(), 0);
        assert!(matches!(
            store.unlink(9999, "shin2010"),
            Err(StoreError::UnknownClaim(9999))
        ));
        assert!(matches!(
            store.link(id, "nosuch", None, None, None),
            Err(StoreError::UnknownKey(_))
        ));
        assert!(matches!(
            store.set_exempt(9999, Some("x")),
            Err(StoreError::UnknownClaim(_))
        ));
    }

    #[test]
    fn uses_of_a_source_lists_claims_and_pages() {
        let mut store = store_with_sources();
        import(&mut store, V1);
        let uses = store.uses_of("finley1983").unwrap();
        assert_eq!(uses.len(), 1);
        assert_eq!(uses[0].0, "essay.txt");
        assert_eq!(uses[0].2.locator.as_ref().unwrap().value, "150");
    }
}
