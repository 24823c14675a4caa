#!/usr/bin/env python3
"""Benchmark inputs for annobib: libraries of 1k, 10k and 100k entries and a 1 MB essay.

Usage: benches/corpus.py [--corpus DIR] [--out DIR] [--seed N]

Writes into OUT (default target/bench/data):
  lib_1k.bib, lib_10k.bib, lib_100k.bib   N entries each (N counts the readings)
  essay_1mb.txt                           the example essay, repeated to 1 MB, cited against lib_100k
  essay_1mb.expected.tsv                  each varied citation and the key it was written from
  manifest.json                           how they were made: source, pool, sizes, seed

The entries come from the shared corpus (../shared/corpus/bib beside the repository) when it is
there: real entries, each keeping its own bytes, with only its key renamed to be unique. Without
the corpus they come from the repository's own fixtures (tests/fixtures/valid) and
bibliography/readings.bib. A corpus entry used again (the pool is smaller than 100k) gets words
added to its main title and its year moved by 1 to 40 years ("Title: Sub", 2010 becomes "Title
Basin Edition: Sub", 2011), so that no two entries of a library are the same work and a
citation by author and year, or by title, can tell the copies apart; in the fixture fallback
every generated entry is varied so.

Every library starts with the entries of bibliography/readings.bib under their own keys, so the
essay's original citations resolve; the smaller libraries are prefixes of the largest.

Only entries that every tool benchmarked can read are taken (annobib, bibtexparser, bibtex-tidy,
pandoc, biber):
- standard BibTeX syntax, `@type{key, name = value, ...}` with braces and an alphabetic type;
  values braced, quoted, a number or a month macro (jan..dec), joined with `#`; braces balanced;
- field names of [a-z][a-z0-9_:+-]*, each once (pandoc rejects others);
- no `\\{` or `\\}` in a value (BibTeX counts them as braces, pandoc as escaped characters),
  no `%` inside a quoted value (pandoc reads a comment), no "@word{" inside a value
  (bibtexparser reads a block start), no name with more than two commas or an empty part
  ("Wall,, Larry") and no empty name ("A and and B"): biber drops such entries;
- standing alone: no crossref, xref, xdata, entryset, related or set fields, no granular
  `xdata=` values, no @xdata or @set entries;
- no control characters, from files that are valid UTF-8.

Deterministic: the same inputs and seed give byte-identical outputs (Python's random.Random with
a fixed seed; file order sorted).
"""
import argparse
import glob
import json
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
# `../shared/corpus/bib` beside the checkout, or beside the folder of a worktree (`wt/NAME`).
_CORPUS_PLACES = [os.path.join(REPO, *up, "shared", "corpus", "bib") for up in ([".."], ["..", ".."])]
DEFAULT_CORPUS = next((p for p in _CORPUS_PLACES if os.path.isdir(p)), _CORPUS_PLACES[0])
SIZES = (("1k", 1_000), ("10k", 10_000), ("100k", 100_000))
ESSAY_BYTES = 1_000_000
SEED = 20261129

MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}
RELATIONS = {"crossref", "xref", "xdata", "entryset", "related", "set"}
NOT_ENTRIES = {"string", "preamble", "comment"}
# Entry types that only exist to be referred to (biblatex's @xdata, @set): not works.
CONTAINERS = {"xdata", "set"}
HEAD = re.compile(r"@[ \t]*([A-Za-z]+)[ \t]*\{")
KEY = re.compile(r"[ \t\r\n]*([^\s,{}()\"#%='\\]+)[ \t\r\n]*,")
FIELD_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_:+-]*")
NUMBER = re.compile(r"[0-9]+")
WORD = re.compile(r"[A-Za-z]+")
YEAR = re.compile(r"(?<![0-9])(1[5-9]|20)[0-9]{2}(?![0-9])")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# bibtexparser v2 takes "@word{" (or "@ {") anywhere, even inside a value, for a block start.
BLOCK_START = re.compile(r"@\w*[ \t]*\{")


# Fields biber reads as name lists; it skips an entry with a name it cannot split.
NAME_FIELDS = {
    "author", "editor", "editora", "editorb", "editorc", "translator", "annotator",
    "commentator", "introduction", "foreword", "afterword", "bookauthor", "holder",
    "shortauthor", "shorteditor", "namea", "nameb", "namec",
}


class Reject(Exception):
    """An entry that some tool benchmarked might not read; the message says why."""


class Entry:
    """One entry: its text, where its key is, and its fields as (name, value span, parts)."""

    def __init__(self, text, typ, key_span, fields):
        self.text = text
        self.type = typ
        self.key_span = key_span
        # name -> (start, end) of the whole value in text, and the parts [(kind, start, end)]
        self.fields = fields

    @property
    def key(self):
        return self.text[self.key_span[0]:self.key_span[1]]

    def value(self, name):
        """The raw text of a field's value with its outer delimiters, or None."""
        f = self.fields.get(name)
        return None if f is None else self.text[f[0][0]:f[0][1]]

    def renamed(self, key, variant=0):
        """The entry's text with a new key; for a variant (n >= 1), a different work: words
        added to the main title (before its first colon) and the year moved."""
        t = self.text
        edits = [(self.key_span[0], self.key_span[1], key)]
        if variant:
            edits.append(self.title_insertion(" " + suffix_words(variant)))
            edits += self.year_edits(variant)
        for a, b, new in sorted(edits, reverse=True):
            t = t[:a] + new + t[b:]
        return t

    def title_insertion(self, words):
        """An edit putting `words` at the end of the main title: before the first top-level
        ': ' of the title's value, or before its closing delimiter."""
        if "title" not in self.fields:
            raise Reject("no title to vary")
        _span, parts = self.fields["title"]
        for kind, s, e in parts:
            depth = 0
            for i in range(s, e):
                c = self.text[i]
                depth += (c == "{") - (c == "}")
                top = 1 if kind == "{" else 0
                if c == ":" and depth == top and self.text.startswith(": ", i):
                    return (i, i, words)
        kind, s, e = parts[-1]
        if kind not in "{\"":
            raise Reject("title ends with a bare value")
        return (e - 1, e - 1, words)

    def year_edits(self, variant):
        """Edits moving the year of the year and date fields by 1 to 40 years."""
        shift = (variant - 1) % 40 + 1
        edits = []
        for name in ("year", "date"):
            if name in self.fields:
                (s, e), _parts = self.fields[name]
                m = YEAR.search(self.text, s, e)
                if m:
                    y = int(m.group(0))
                    y = y + shift if y + shift <= 2099 else y - shift
                    edits.append((m.start(), m.end(), str(y)))
        return edits


def skip_ws(s, i):
    n = len(s)
    while i < n and s[i] in " \t\r\n":
        i += 1
    return i


def braced_end(s, i):
    """s[i] == '{': the index after its matching '}'."""
    depth = 0
    n = len(s)
    while i < n:
        c = s[i]
        if c == "\\" and i + 1 < n and s[i + 1] in "{}":
            raise Reject("escaped brace")
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        elif c == "@" and depth == 1 and s[i - 1] == "\n":
            raise Reject("an entry starts inside a value")
        i += 1
    raise Reject("unbalanced braces")


def quoted_end(s, i):
    """s[i] == '"': the index after the closing quote at brace depth 0."""
    depth = 0
    n = len(s)
    i += 1
    while i < n:
        c = s[i]
        if c == "\\" and i + 1 < n and s[i + 1] in "{}":
            raise Reject("escaped brace")
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth < 0:
                raise Reject("closing brace in a quoted value")
        elif c == "%":
            raise Reject("'%' in a quoted value")
        elif c == '"' and depth == 0:
            return i + 1
        i += 1
    raise Reject("unterminated quoted value")


def parse_entry(s, at):
    """Reads the entry whose '@' is s[at]. Returns (end, Entry) or raises Reject."""
    m = HEAD.match(s, at)
    if not m:
        raise Reject("not '@type{'")
    typ = m.group(1).lower()
    if typ in NOT_ENTRIES:
        raise Reject("@" + typ)
    if typ in CONTAINERS:
        raise Reject("container type @" + typ)
    mk = KEY.match(s, m.end())
    if not mk:
        raise Reject("no key")
    key_span = (mk.start(1) - at, mk.end(1) - at)
    fields = {}
    j = mk.end()
    while True:
        j = skip_ws(s, j)
        if j < len(s) and s[j] == "}":
            break
        mn = FIELD_NAME.match(s, j)
        if not mn:
            raise Reject("bad field name")
        name = mn.group(0).lower()
        if name in fields:
            raise Reject("field repeated")
        if name in RELATIONS:
            raise Reject("cross-entry field " + name)
        j = skip_ws(s, mn.end())
        if j >= len(s) or s[j] != "=":
            raise Reject("no '=' after field name")
        parts = []
        j += 1
        while True:
            j = skip_ws(s, j)
            if j >= len(s):
                raise Reject("end of file in a value")
            c = s[j]
            if c == "{":
                e = braced_end(s, j)
            elif c == '"':
                e = quoted_end(s, j)
            elif c.isdigit():
                e = NUMBER.match(s, j).end()
            else:
                mw = WORD.match(s, j)
                if not mw or mw.group(0).lower() not in MONTHS:
                    raise Reject("macro other than a month")
                e = mw.end()
            if s.startswith("xdata=", j + 1):
                raise Reject("granular xdata reference")
            parts.append((c if c in "{\"" else "bare", j - at, e - at))
            j = skip_ws(s, e)
            if j < len(s) and s[j] == "#":
                j += 1
                continue
            break
        fields[name] = ((parts[0][1], parts[-1][2]), parts)
        if j < len(s) and s[j] == ",":
            j += 1
            continue
        j = skip_ws(s, j)
        if j < len(s) and s[j] == "}":
            break
        raise Reject("no ',' or '}' after a value")
    if not fields:
        raise Reject("no fields")
    end = j + 1
    text = s[at:end]
    if CONTROL.search(text):
        raise Reject("control character")
    if BLOCK_START.search(text, m.end() - at):
        raise Reject("'@...{' inside a value")
    entry = Entry(text, typ, key_span, fields)
    for name in NAME_FIELDS.intersection(fields):
        check_names(entry.value(name))
    return end, entry


def check_names(raw):
    """Raises Reject when a name list has a name biber skips (or silently drops) the entry for:
    more than two commas, an empty part between commas ("Wall,, Larry"), an empty name
    ("A and and B")."""
    depth, parts, cur = 0, [], []
    inner = raw[1:-1] if raw[:1] in "{\"" else raw
    for word in re.split(r"(\s+)", inner):
        depth += word.count("{") - word.count("}")
        if depth == 0 and word.lower() == "and":
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(word)
    parts.append("".join(cur))
    if len(parts) > 1 and any(not p.strip() for p in parts):
        raise Reject("an empty name ('and and')")
    for name in parts:
        depth, pieces, piece = 0, [], ""
        for c in name:
            depth += (c == "{") - (c == "}")
            if c == "," and depth == 0:
                pieces.append(piece)
                piece = ""
            else:
                piece += c
        pieces.append(piece)
        if len(pieces) > 3 or (len(pieces) > 1 and any(not p.strip() for p in pieces)):
            raise Reject("a name biber cannot split")


def entries_of(text):
    """Every acceptable entry of a .bib text, in order; and how many were rejected, by reason."""
    out, rejected = [], {}
    for m in re.finditer(r"(?m)^[ \t]*@", text):
        try:
            _end, entry = parse_entry(text, m.end() - 1)
        except Reject as r:
            why = str(r)
            if not why.startswith("@"):
                rejected[why] = rejected.get(why, 0) + 1
            continue
        out.append(entry)
    return out, rejected


def read_utf8(path):
    try:
        with open(path, encoding="utf-8", newline="") as f:
            t = f.read()
    except UnicodeDecodeError:
        return None
    return t[1:] if t.startswith("\ufeff") else t


def pool_of(paths):
    """Entries of the files in order, first copy of each text (keys ignored) only."""
    pool, seen, rejected, skipped_files = [], set(), {}, 0
    for p in paths:
        text = read_utf8(p)
        if text is None:
            skipped_files += 1
            continue
        entries, rej = entries_of(text)
        for why, n in rej.items():
            rejected[why] = rejected.get(why, 0) + n
        for e in entries:
            a, b = e.key_span
            body = e.text[:a] + e.text[b:]
            if body in seen:
                continue
            seen.add(body)
            pool.append(e)
    return pool, rejected, skipped_files


# Words that make a repeated entry's title a distinct one: never digits or punctuation that a
# citation finder could read as a locator or a year.
WORDS = (
    "Amber Basin Cedar Delta Ember Fjord Garnet Harbor Island Juniper Kestrel Lantern Meadow "
    "Nimbus Orchard Prairie Quarry Raven Saffron Tundra Umber Valley Willow Xenon Yarrow Zephyr "
    "Atlas Beacon Canyon Dune Estuary Falcon Glacier Heron Iris Jasper Kelp Lagoon Mesa Nectar "
    "Oasis Pebble Quartz Reef Sierra Thistle Upland Vesper Wharf Yonder Zenith Aurora Bramble "
    "Cobalt Drift Echo Fern Grove Hollow Indigo Jetty Knoll Lichen"
).split()


def suffix_words(n):
    """A distinct phrase for every n >= 1: "Basin Edition", "Cedar Edition", ..."""
    words = []
    while True:
        n, r = divmod(n, len(WORDS))
        words.append(WORDS[r])
        if n == 0:
            break
    return " ".join(words + ["Edition"])


def clean_key(key, n):
    k = re.sub(r"[^A-Za-z0-9_:.-]", "_", key)[:40].strip("_.:-") or "entry"
    return f"{k}-{n}"


def build_libraries(pool, readings, seed, vary_all):
    """The entries (text, variant number or 0) of the 100k library; the smaller ones are its
    prefixes. The pool is shuffled (seeded) and taken in turn, shuffled again when used up.

    Without vary_all, the entries of the second pass through the pool are variant 1, of the
    third variant 2, and so on; with vary_all (the fixture fallback: few entries, many copies)
    every generated entry is a variant of its own.
    """
    rnd = random.Random(seed)
    total = SIZES[-1][1]
    out = [(r.text, 0) for r in readings]
    n, cycle = 0, 0
    while len(out) < total:
        order = list(range(len(pool)))
        rnd.shuffle(order)
        for idx in order:
            if len(out) >= total:
                break
            e = pool[idx]
            n += 1
            variant = n if vary_all else cycle
            try:
                out.append((e.renamed(clean_key(e.key, n), variant), variant))
            except Reject:
                continue  # a variant needs a title to vary
        cycle += 1
    return out


# ---- plain text of a few fields, for the essay's citations ----------------------------------

LATEX_CMD = re.compile(r"\\[A-Za-z]+|\\.|[$^_~]")


def plain(raw):
    """A value's plain text if it is plain enough to be quoted in prose, else None."""
    if raw is None:
        return None
    v = raw.strip()
    if v[:1] in "{\"":
        v = v[1:-1]
    if LATEX_CMD.search(v) or "#" in v:
        return None
    v = re.sub(r"\s+", " ", v.replace("{", "").replace("}", "")).strip()
    return v or None


NAME_WORD = re.compile(r"^[^\W\d_]+(?:[-'’][^\W\d_]+)*\.?$")


def first_author(raw):
    """(given, family) of the first author, or None when it is not a plain personal name."""
    v = plain(raw)
    if not v:
        return None
    first = re.split(r"\s+and\s+", v)[0].strip()
    if first.lower() == "others":
        return None
    if "," in first:
        parts = [p.strip() for p in first.split(",")]
        if len(parts) != 2:
            return None
        family, given = parts
    else:
        words = first.split()
        if len(words) < 2:
            return None
        family, given = words[-1], " ".join(words[:-1])
    words = family.split() + given.split()
    if not family or not given or not all(NAME_WORD.match(w) for w in words):
        return None
    if len(family.split()) != 1 or len(family) < 2 or not family[0].isupper():
        return None
    return given, family


def year_of(entry):
    for f in ("year", "date"):
        v = plain(entry.value(f))
        if v and re.fullmatch(r"(1[5-9]|20)[0-9]{2}(-[0-9]{2}){0,2}", v):
            return v[:4]
    return None


def citable(entry):
    """What a prose citation of this entry needs (given, family, title, year), or None."""
    a = first_author(entry.value("author"))
    y = year_of(entry)
    t = plain(entry.value("title"))
    if not (a and y and t) or not (12 <= len(t) <= 120) or re.search(r"[()\[\];]", t):
        return None
    if re.search(r"\d", t) or t.count(",") > 1:
        return None
    return a[0], a[1], t, y


# ---- the essay -------------------------------------------------------------------------------

ORIGINAL_CITATION = re.compile(
    r"\((?:see )?(?:The History of the ROK-US Alliance|James P\. Finley)[^()]*\)"
)


def build_essay(essay, cite_next, rnd):
    """The example essay's body repeated to ESSAY_BYTES; copies after the first cite generated
    entries (rotating author-date, full note and short note forms) instead of the readings.
    `cite_next()` gives the next (key, (given, family, title, year)) to cite.
    Returns (text, [(marker, key)])."""
    start = essay.index("\nIntroduction\n") + 1
    end = essay.index("\nRecommended Readings\n") + 1
    head, body, tail = essay[:start], essay[start:end], essay[end:]
    marks = list(ORIGINAL_CITATION.finditer(body))
    if len(marks) != 4:
        sys.exit(f"corpus.py: expected the essay's 4 citations, found {len(marks)}: update ORIGINAL_CITATION")
    pieces, expected = [head, body], []
    size = len(head.encode()) + len(body.encode()) + len(tail.encode())
    while size < ESSAY_BYTES:
        last = 0
        for i, m in enumerate(marks):
            key, (given, family, title, year) = cite_next()
            page = rnd.randint(2, 400)
            if i % 3 == 0:
                marker = f"({family} {year}, {page})"
            elif i % 3 == 1:
                marker = f"(see {given} {family}, {title}, {year}, {page})"
            else:
                marker = f"({title}, {page})"
            pieces += [body[last:m.start()], marker]
            size += len(body[last:m.start()].encode()) + len(marker.encode())
            expected.append((marker, key))
            last = m.end()
        pieces.append(body[last:])
        size += len(body[last:].encode())
    pieces.append(tail)
    return "".join(pieces), expected


def citations_from(entries, rnd):
    """A function giving, at each call, another entry of `entries` (in a seeded random order)
    that prose can cite, with what the citation needs."""
    order = list(range(len(entries)))
    rnd.shuffle(order)
    order = iter(order)

    def next_citable():
        for i in order:
            # Read back as written, so a repeated entry is cited with its varied title and year.
            _end, e = parse_entry(entries[i][0], 0)
            c = citable(e)
            if c:
                return e.key, c
        sys.exit("corpus.py: too few entries with a plain author, year and title to cite")

    return next_citable


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", default=DEFAULT_CORPUS, help="the shared .bib corpus (default: %(default)s)")
    ap.add_argument("--out", default=os.path.join(REPO, "target", "bench", "data"))
    ap.add_argument("--seed", type=int, default=SEED)
    args = ap.parse_args()
    generate(args.corpus, args.out, args.seed)


def generate(corpus, out, seed=SEED):
    """Writes the inputs into `out` and returns the manifest (a dict)."""
    readings_path = os.path.join(REPO, "bibliography", "readings.bib")
    readings, _ = entries_of(read_utf8(readings_path))
    corpus = os.path.normpath(corpus)
    files = sorted(glob.glob(os.path.join(corpus, "*", "*.bib")))
    if files:
        source = f"shared corpus ({corpus}): {len(files)} .bib files"
        vary_all = False
    else:
        files = sorted(glob.glob(os.path.join(REPO, "tests", "fixtures", "valid", "*.bib"))) + [readings_path]
        source = "repository fixtures (tests/fixtures/valid, bibliography/readings.bib): corpus not found"
        vary_all = True
    pool, rejected, skipped_files = pool_of(files)
    if not pool:
        sys.exit("corpus.py: no usable entries")
    entries = build_libraries(pool, readings, seed, vary_all)
    os.makedirs(out, exist_ok=True)
    manifest = {
        "source": source,
        "seed": seed,
        "pool_entries": len(pool),
        "rejected_entries": dict(sorted(rejected.items(), key=lambda kv: -kv[1])),
        "non_utf8_files": skipped_files,
        "readings": len(readings),
        "libraries": {},
    }
    for label, n in SIZES:
        path = os.path.join(out, f"lib_{label}.bib")
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            for text, _mark in entries[:n]:
                f.write(text)
                f.write("\n\n")
        varied = sum(1 for _text, mark in entries[:n] if mark)
        manifest["libraries"][label] = {
            "file": os.path.basename(path),
            "entries": n,
            "bytes": os.path.getsize(path),
            "entries_varied": varied,
        }
    rnd = random.Random(seed + 1)
    cite_next = citations_from(entries[len(readings):], rnd)
    with open(os.path.join(REPO, "bibliography", "us-korea-military-alliance.txt"), encoding="utf-8") as f:
        essay, expected = build_essay(f.read(), cite_next, rnd)
    with open(os.path.join(out, "essay_1mb.txt"), "w", encoding="utf-8", newline="\n") as f:
        f.write(essay)
    with open(os.path.join(out, "essay_1mb.expected.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("marker\tkey\n")
        for marker, key in expected:
            f.write(f"{marker}\t{key}\n")
    manifest["essay"] = {
        "file": "essay_1mb.txt",
        "bytes": len(essay.encode()),
        "citations_varied": len(expected),
    }
    with open(os.path.join(out, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")
    return manifest


if __name__ == "__main__":
    main()
