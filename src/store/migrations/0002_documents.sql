-- 0002: documents, their claims, and citations (inline markers and manual links).

CREATE TABLE document (
    id          INTEGER PRIMARY KEY,
    path        TEXT NOT NULL UNIQUE,    -- as recorded (relative to the project root)
    title       TEXT,
    text        TEXT NOT NULL,           -- exactly as imported (decoded to UTF-8)
    hash        TEXT NOT NULL,           -- hex SHA-256 of text
    imported_at TEXT NOT NULL
);

-- A unit of a document: a sentence, a heading, a reference-list item... Its id is stable:
-- a re-import re-anchors it to the edited text and keeps the id.
CREATE TABLE claim (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,        -- order in the document
    kind        TEXT NOT NULL CHECK (kind IN ('claim', 'heading', 'title', 'byline', 'reference', 'other')),
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
    exempt      TEXT                     -- the user's reason why it needs no citation
);
CREATE INDEX claim_document ON claim(document_id, seq);

-- An inline citation found in a claim's text, or a manual link made by the user.
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
    created_at    TEXT NOT NULL
);
CREATE INDEX citation_claim ON citation(claim_id);
CREATE INDEX citation_source ON citation(source_id);
