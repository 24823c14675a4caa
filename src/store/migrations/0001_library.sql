-- 0001: the source library. See docs/schema.md.

-- A .bib file that was imported, identified by its path as given (relative paths are kept
-- relative to the project directory so a library can move with its project).
CREATE TABLE bibfile (
    id          INTEGER PRIMARY KEY,
    path        TEXT NOT NULL UNIQUE,
    encoding    TEXT NOT NULL,
    hash        TEXT NOT NULL,          -- hex SHA-256 of the file's bytes at the last import
    imported_at TEXT NOT NULL           -- RFC 3339, UTC
);

-- The file's top-level items that are not entries, kept for faithful export.
CREATE TABLE bibitem (
    id       INTEGER PRIMARY KEY,
    file_id  INTEGER NOT NULL REFERENCES bibfile(id) ON DELETE CASCADE,
    ordinal  INTEGER NOT NULL,          -- position among the file's items (entries included)
    kind     TEXT NOT NULL CHECK (kind IN ('string', 'preamble', 'comment')),
    name     TEXT,                      -- @string name
    raw      TEXT NOT NULL,             -- as written
    value    TEXT,                      -- @string value as plain text
    line     INTEGER NOT NULL
);
CREATE INDEX bibitem_file ON bibitem(file_id, ordinal);

-- One entry. Its id is stable: re-importing a changed entry updates the row in place.
CREATE TABLE source (
    id          INTEGER PRIMARY KEY,
    key         TEXT NOT NULL UNIQUE,
    entry_type  TEXT NOT NULL,
    file_id     INTEGER REFERENCES bibfile(id) ON DELETE SET NULL,
    ordinal     INTEGER NOT NULL,
    line        INTEGER NOT NULL,
    col         INTEGER NOT NULL,
    raw         TEXT NOT NULL,          -- the entry exactly as written
    fields      TEXT NOT NULL,          -- JSON [[name, raw, plain], ...] in file order
    persons     TEXT NOT NULL,          -- JSON [[role, [person, ...]], ...]
    gone        INTEGER NOT NULL DEFAULT 0,  -- 1: its file no longer has it (kept until --prune)
    -- Derived from the fields, for listing, filtering and citation resolution:
    title       TEXT,                   -- title: subtitle, plain
    main_title  TEXT,
    short_title TEXT,
    year        INTEGER,
    creators    TEXT,                   -- "Family, Given; Family, Given" (authors, else editors)
    families    TEXT,                   -- JSON array of the creators' family (or corporate) names
    publisher   TEXT,
    location    TEXT,
    pages       TEXT,
    pagetotal   TEXT,
    annotation  TEXT
);
CREATE INDEX source_file ON source(file_id, ordinal);
CREATE INDEX source_year ON source(year);

-- crossref / xdata / xref edges, by key (the target may not be imported yet).
CREATE TABLE relation (
    source_id INTEGER NOT NULL REFERENCES source(id) ON DELETE CASCADE,
    kind      TEXT NOT NULL CHECK (kind IN ('crossref', 'xdata', 'xref')),
    target    TEXT NOT NULL
);
CREATE INDEX relation_source ON relation(source_id);
CREATE INDEX relation_target ON relation(target);

-- Candidate retrieval for citation resolution: title words and creator names, rowid = source.id.
-- Full detail: bm25 needs each word's frequency in a row (with detail=column or none every rank
-- is 0 and the first rows by id come back instead of the best ones).
CREATE VIRTUAL TABLE source_fts USING fts5(
    title, names,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);
