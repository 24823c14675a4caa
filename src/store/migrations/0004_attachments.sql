-- 0004: the full text of a source, page by page (`annobib attach KEY FILE`). Keyed by the
-- source's key, not its row: the text stays when the entry is pruned and comes back, as a
-- manual link does.

CREATE TABLE attachment (
    key         TEXT PRIMARY KEY,        -- the source's citation key
    file        TEXT NOT NULL,           -- the file attached, as given
    kind        TEXT NOT NULL CHECK (kind IN ('pdf', 'text')),
    numbering   TEXT NOT NULL,           -- how printed page numbers were found (see docs/attach.md)
    attached_at TEXT NOT NULL            -- RFC 3339, UTC
);

CREATE TABLE attachment_page (
    key      TEXT NOT NULL REFERENCES attachment(key) ON DELETE CASCADE,
    physical INTEGER NOT NULL,           -- 1-based page of the file
    label    TEXT NOT NULL,              -- the page number printed on it ('233', 'xii')
    text     TEXT NOT NULL,
    PRIMARY KEY (key, physical)
);
