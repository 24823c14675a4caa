-- 0003: footnotes and endnotes. A claim may be a note's body (kind 'note') and carry its
-- note's label and the span of its marker; a citation found in a note's body carries the
-- note's label (it is stored on the claim that holds the marker). SQLite cannot widen a CHECK
-- in place, so claim and citation are rebuilt with their ids: renaming a table rewrites the
-- REFERENCES of the tables that name it, so the old pair keeps referring to itself while the
-- rows are copied, and nothing cascades when the old pair is dropped.

ALTER TABLE citation RENAME TO citation_v2;
ALTER TABLE claim RENAME TO claim_v2;
DROP INDEX citation_claim;
DROP INDEX citation_source;
DROP INDEX claim_document;

CREATE TABLE claim (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,        -- order in the document
    kind        TEXT NOT NULL CHECK (kind IN ('claim', 'heading', 'title', 'byline', 'reference', 'note', 'other')),
    section     TEXT,
    paragraph   INTEGER NOT NULL,
    sentence    INTEGER NOT NULL,
    start       INTEGER NOT NULL,        -- byte offsets into document.text
    end         INTEGER NOT NULL,
    line        INTEGER NOT NULL,
    col         INTEGER NOT NULL,
    text        TEXT NOT NULL,
    prefix      TEXT NOT NULL,           -- context kept for re-anchoring
    suffix      TEXT NOT NULL,
    orphaned    INTEGER NOT NULL DEFAULT 0,  -- 1: lost in an edit; kept with the user's work
    anchored_by TEXT,                    -- how the last re-import found it (exact/context/fuzzy)
    exempt      TEXT,                    -- the user's reason why it needs no citation
    note_label  TEXT,                    -- kind 'note': the note's number or label as printed
    note_start  INTEGER,                 -- kind 'note': byte span of its marker in document.text
    note_end    INTEGER
);

CREATE TABLE citation (
    id            INTEGER PRIMARY KEY,
    claim_id      INTEGER NOT NULL REFERENCES claim(id) ON DELETE CASCADE,
    origin        TEXT NOT NULL CHECK (origin IN ('inline', 'manual')),
    marker        TEXT,                  -- exact text (inline)
    start         INTEGER,               -- byte offsets into document.text (inline)
    end           INTEGER,
    group_start   INTEGER,               -- the enclosing parenthesis or bracket group
    group_end     INTEGER,
    style         TEXT,
    detected      TEXT,                  -- why the finder took it for a citation
    parts         TEXT NOT NULL DEFAULT '{}',   -- JSON: what the marker says (authors, title...)
    locator_label TEXT,
    locator       TEXT,
    pages         TEXT,                  -- JSON [[start, end, roman], ...]
    source_id     INTEGER REFERENCES source(id) ON DELETE SET NULL,
    source_key    TEXT,                  -- the key it resolved or was linked to
    confidence    REAL NOT NULL DEFAULT 0,
    candidates    TEXT NOT NULL DEFAULT '[]',   -- JSON keys, best first
    reasons       TEXT NOT NULL DEFAULT '[]',   -- JSON strings: the evidence
    note          TEXT,
    quote         TEXT,
    created_at    TEXT NOT NULL,
    in_note       TEXT                   -- found in the body of this note (its label)
);

INSERT INTO claim(id, document_id, seq, kind, section, paragraph, sentence, start, end, line,
                  col, text, prefix, suffix, orphaned, anchored_by, exempt)
    SELECT id, document_id, seq, kind, section, paragraph, sentence, start, end, line,
           col, text, prefix, suffix, orphaned, anchored_by, exempt FROM claim_v2;
INSERT INTO citation(id, claim_id, origin, marker, start, end, group_start, group_end, style,
                     detected, parts, locator_label, locator, pages, source_id, source_key,
                     confidence, candidates, reasons, note, quote, created_at)
    SELECT id, claim_id, origin, marker, start, end, group_start, group_end, style,
           detected, parts, locator_label, locator, pages, source_id, source_key,
           confidence, candidates, reasons, note, quote, created_at FROM citation_v2;

DROP TABLE citation_v2;
DROP TABLE claim_v2;

CREATE INDEX claim_document ON claim(document_id, seq);
CREATE INDEX citation_claim ON citation(claim_id);
CREATE INDEX citation_source ON citation(source_id);
