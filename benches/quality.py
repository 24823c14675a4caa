#!/usr/bin/env python3
"""How well annobib reads citation styles: the style matrix and the real documents, scored.

usage: benches/quality.py [--seeds 1,2,3] [--styles a,b,...] [--bin PATH] [--keep DIR]
                          [--corpus-documents] [--only-corpus] [--json FILE]
                          [--formats txt,md,docx,tex]

For each seed, ../shared/tools/style-matrix.py renders documents in real CSL styles into a
temporary folder (needs pandoc and Debian's citation-style-language-styles). Each doc.txt is
imported with its doc.bib into a fresh library (`annobib import doc.bib doc.txt`), read back
with `annobib claims --format json`, and scored against the generator's gold:

  claims linked     each (gold citation, key): the unit carrying the citation (the one holding
                    its first byte: the marker, for a note) has a citation resolved to the key
  links right       each resolved inline citation of running text: its key is among the gold
                    keys of the citations its unit carries
  locators right    each linked (citation, key): a citation of the unit to that key has the gold
                    locator (label and value; none when the gold has none). A shortened range
                    is its full numbers ("373–74" is 373-374). What the style does not print
                    is not scored: a locator whose value the rendered citation (or note) does
                    not show at all (Vancouver, Nature) is left out of this figure and counted
                    apart ("hidden locators": right when annobib reads none), and one whose
                    label it does not show (ASA "2007:24" for a chapter) is scored on its value
  references        each entry of the rendered reference list: the unit holding it resolves to
                    its key

Figures are per class of style (author-date, author, note, numeric) and overall, for each seed.
With --corpus-documents, the documents of ../shared/corpus/documents with exact gold are scored
too, per group (source, OpenStax book, rendered style): markers found (a gold citation span
overlapped by a citation annobib found, or by the marker of a note it found) and wrong links
(links on a gold span to a key the gold does not give); and, on gold that gives keys, claims
linked and links right as for the style matrix. Each corpus document is imported with
--skip-invalid (one JOSS .bib holds an entry without a key). --misses writes every citation not
found, not linked or linked wrongly, for reading.

With --formats, each listed format of every document (doc.txt, doc.md, doc.docx, doc.tex, as
style-matrix.py writes them with the same citations in the same order) is imported instead
and scored by order (score_by_order: offsets differ between formats), per format and class:
keys linked, locators right (LaTeX: every locator, since the file holds them all), hidden
locators, and citations aligned (the share of annobib's resolved citations aligned with a gold
key). txt is scored the same way, so the formats compare with it. `odt` (which style-matrix.py
does not write) is doc.docx converted by pandoc (`pandoc -f docx -t odt`), made when missing.
Standard library only; builds nothing: pass
--bin or build target/debug/annobib first.
"""
import argparse, collections, csv, glob, json, os, re, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def shared():
    for p in (os.path.join(ROOT, "..", "shared"), os.path.join(ROOT, "..", "..", "shared")):
        if os.path.isdir(os.path.join(p, "tools")):
            return os.path.abspath(p)
    sys.exit("quality: ../shared (the shared corpus and tools) not found")


def run_annobib(binary, folder, files, flags=()):
    env = dict(os.environ, ANNOBIB_DB=os.path.join(folder, "annobib.db"))
    r = subprocess.run([binary, "import", *flags, *files], cwd=folder, capture_output=True,
                       text=True, env=env)
    if r.returncode != 0:
        raise RuntimeError(f"import failed in {folder}: {r.stderr.strip()}")
    r = subprocess.run([binary, "claims", "--format", "json"], cwd=folder, capture_output=True,
                       text=True, env=env)
    if r.returncode != 0:
        raise RuntimeError(f"claims failed in {folder}: {r.stderr.strip()}")
    return json.loads(r.stdout)


def norm_value(v):
    v = (v or "").strip().replace("\u2013", "-").replace("\u2014", "-").replace("\u2212", "-")
    return re.sub(r"\s+", "", v).lower()


LABEL = {"pages": "page", "page": "page", "chapter": "chapter", "section": "section",
         "paragraph": "paragraph", "figure": "figure", "note": "note", "volume": "volume",
         "line": "line", "folio": "folio"}


def full_range(v):
    """A page range as its full numbers: "373-74" is 373-374, as Chicago and MLA shorten it."""
    m = re.fullmatch(r"(\d+)-(\d+)", v)
    if m and len(m[2]) < len(m[1]):
        end = m[1][: len(m[1]) - len(m[2])] + m[2]
        if int(end) > int(m[1]):
            return f"{m[1]}-{end}"
    return v


# The words a style prints a label with; a label none of them shows (ASA's "2007:24" for a
# chapter) cannot be read from the text, so only the value is scored.
LABEL_WORDS = {"chapter": r"\bch(ap)?\.|\bchapters?\b", "section": r"\bsecs?\.|\bsections?\b|§",
               "paragraph": r"\bparas?\.|\bparagraphs?\b|¶", "figure": r"\bfigs?\.|\bfigures?\b",
               "note": r"\bnn?\.|\bnotes?\b", "volume": r"\bvols?\.|\bvolumes?\b",
               "line": r"\bl{1,2}\.|\blines?\b", "folio": r"\bfols?\.|\bfolios?\b"}


def shown(want, printed):
    """What of a gold locator the rendered citation shows: None when its value is not printed
    at all (Vancouver and Nature print no locators), "value" when the value is printed but
    not its label, "all" otherwise."""
    label, value = want
    first = re.match(r"[0-9]+|[ivxlcdm]+|\w+", value)
    if not first:
        return None
    edge = r"(?<![0-9])" if first[0].isdigit() else r"\b"
    if not re.search(edge + re.escape(first[0]) + r"(?![0-9])", printed, re.I):
        return None
    words = LABEL_WORDS.get(label)
    if words and not re.search(words, printed, re.I):
        return "value"
    return "all"


def gold_locators(field):
    out = {}
    for part in filter(None, (field or "").split(";")):
        key, _, loc = part.partition("=")
        label, _, value = loc.partition(":")
        out[key] = (LABEL.get(label, label), full_range(norm_value(value))) if value else None
    return out


def carrier(units, pos):
    """The unit of running text holding byte `pos` (units are in document order)."""
    best = None
    for i, u in enumerate(units):
        if u["kind"] in ("note", "reference"):
            continue
        if u["start"] <= pos < u["end"]:
            return i
        if u["start"] <= pos:
            best = i
    return best


class Tally:
    def __init__(self):
        self.c = collections.Counter()

    def add(self, name, ok, n=1):
        self.c[name + "_n"] += n
        self.c[name + "_ok"] += n if ok else 0

    def ratio(self, name):
        n = self.c[name + "_n"]
        return (self.c[name + "_ok"] / n) if n else None

    def merge(self, other):
        self.c.update(other.c)


def score_matrix_doc(folder, units):
    t = Tally()
    gold = list(csv.DictReader(open(os.path.join(folder, "gold.tsv"), encoding="utf-8"),
                               delimiter="\t"))
    refs = list(csv.DictReader(open(os.path.join(folder, "refs.tsv"), encoding="utf-8"),
                               delimiter="\t"))
    carried = collections.defaultdict(set)
    for g in gold:
        keys = [k for k in g["keys"].split(";") if k]
        locs = gold_locators(g["locators"])
        i = carrier(units, int(g["start"]))
        if i is not None:
            carried[i].update(keys)
        cites = units[i]["citations"] if i is not None else []
        for k in keys:
            mine = [c for c in cites if c["source"] == k]
            t.add("linked", bool(mine))
            if mine:
                want = locs.get(k)
                got = [(c["locator_label"], full_range(norm_value(c["locator"])))
                       if c["locator"] else None for c in mine]
                seen = shown(want, g["text"] + " " + g["note_text"]) if want else "all"
                if seen is None:
                    # The style prints no locator here: right when annobib reads none.
                    t.add("locator_hidden", None in got)
                elif seen == "value":
                    t.add("locator", any(x and x[1] == want[1] for x in got))
                else:
                    t.add("locator", want in got)
    for i, u in enumerate(units):
        if u["kind"] == "reference":
            continue
        for c in u["citations"]:
            if c["origin"] == "inline" and c["source"]:
                t.add("right", c["source"] in carried.get(i, ()))
    for r in refs:
        s, e = int(r["start"]), int(r["end"])
        hit = [u for u in units if u["kind"] == "reference" and u["start"] < e and s < u["end"]]
        ok = any(c["source"] == r["key"] for u in hit for c in u["citations"])
        t.add("refs", ok)
    return t


def score_links(units, gold, name, misses):
    """Claims linked and links right on a corpus document whose gold gives keys: as for the
    style matrix, the unit carrying a gold citation (its first byte) must have a citation
    resolved to each gold key, and each resolved inline citation of running text must be to a
    key the gold gives for its unit."""
    t = Tally()
    carried = collections.defaultdict(set)
    for start, keys, text in gold:
        i = carrier(units, start)
        if i is not None:
            carried[i].update(keys)
        got = {c["source"] for c in units[i]["citations"]} if i is not None else set()
        for k in keys:
            t.add("linked", k in got)
            if k not in got and misses is not None:
                misses.append((name, "UNLINKED " + k, text))
    for i, u in enumerate(units):
        if u["kind"] == "reference":
            continue
        for c in u["citations"]:
            if c["origin"] == "inline" and c["source"]:
                ok = c["source"] in carried.get(i, ())
                t.add("right", ok)
                if not ok and misses is not None:
                    misses.append((name, "NOT-IN-GOLD " + c["source"], u["text"][:200]))
    return t


def in_order(units):
    """The resolved citations of a document in reading order, as (key, locator) pairs: the
    citations of each unit of running text (a note's citations sit on the unit carrying its
    marker), by their place, then those left on note units."""
    out = []
    for u in units:
        if u["kind"] == "reference":
            continue
        for c in sorted(u["citations"], key=lambda c: (c["start"] is None, c["start"] or 0)):
            if c["source"]:
                loc = (c["locator_label"], full_range(norm_value(c["locator"]))) if c["locator"] \
                    else None
                out.append((c["source"], loc))
    return out


def score_by_order(folder, units, every_locator=False):
    """A document of any format against the gold of its doc.txt, by order: the gold's
    (citation, key) pairs and the document's resolved citations in reading order are aligned
    by key (difflib's longest matching blocks; a key a style printed in another order inside
    one citation is then matched between its aligned neighbours). A gold key aligned with a
    citation is linked; its locator is scored as score_matrix_doc scores it. Offsets differ
    between formats (a .docx's text is written by its reader), order and keys do not. With
    every_locator (LaTeX: the file holds the source's keys and locators, not a style's
    rendering) no locator is hidden."""
    import difflib
    t = Tally()
    gold = list(csv.DictReader(open(os.path.join(folder, "gold.tsv"), encoding="utf-8"),
                               delimiter="\t"))
    want = []
    for g in gold:
        locs = gold_locators(g["locators"])
        for k in filter(None, g["keys"].split(";")):
            want.append((k, locs.get(k), g["text"] + " " + g["note_text"]))
    got = in_order(units)
    sm = difflib.SequenceMatcher(None, [w[0] for w in want], [g[0] for g in got],
                                 autojunk=False)
    pair = {}
    for a, b, n in sm.get_matching_blocks():
        for i in range(n):
            pair[a + i] = b + i
    used = set(pair.values())
    for i, w in enumerate(want):
        if i in pair:
            continue
        lo = max([pair[j] for j in pair if j < i], default=-1)
        hi = min([pair[j] for j in pair if j > i], default=len(got))
        for j in range(lo + 1, hi):
            if j not in used and got[j][0] == w[0]:
                pair[i] = j
                used.add(j)
                break
    for i, (key, loc, printed) in enumerate(want):
        t.add("linked", i in pair)
        if i not in pair:
            continue
        mine = got[pair[i]][1]
        seen = shown(loc, printed) if loc and not every_locator else "all"
        if seen is None:
            t.add("locator_hidden", mine is None)
        elif seen == "value":
            t.add("locator", bool(mine) and mine[1] == loc[1])
        else:
            t.add("locator", mine == loc)
    t.c["found_n"] += len(got)
    t.c["found_ok"] += len(pair)
    return t


def formats_table(out, formats, binary, tmp, results, seed):
    """Each format of every document of a generated seed, scored by order (score_by_order),
    per class of style and overall."""
    rows = collections.defaultdict(Tally)
    for m in csv.DictReader(open(os.path.join(out, "MANIFEST.tsv"), encoding="utf-8"),
                            delimiter="\t"):
        folder = os.path.join(out, m["doc"])
        for f in formats:
            doc = os.path.join(folder, "doc." + f)
            if f == "odt" and not os.path.exists(doc):
                # OpenDocument: the Word file as LibreOffice users would have it.
                subprocess.run(["pandoc", "-f", "docx", "-t", "odt", "-o", doc,
                                os.path.join(folder, "doc.docx")], check=True)
            if not os.path.exists(doc):
                sys.exit(f"quality: {doc} missing (regenerate with --keep into a new folder)")
            work = tempfile.mkdtemp(dir=tmp)
            for name in ("doc.bib", "doc." + f):
                os.symlink(os.path.join(folder, name), os.path.join(work, name))
            units = run_annobib(binary, work, ["doc.bib", "doc." + f])
            t = score_by_order(folder, units, every_locator=f == "tex")
            rows[(f, m["class"])].merge(t)
            rows[(f, "all")].merge(t)
    for f in formats:
        for cls in sorted({c for g, c in rows if g == f}, key=lambda c: (c == "all", c)):
            t = rows[(f, cls)]
            row = [t.ratio("linked"), t.ratio("locator"), t.ratio("locator_hidden"),
                   t.ratio("found")]
            results[f"seed{seed}/{f}/{cls}"] = dict(
                zip(("linked", "locator", "hidden_locators", "found_aligned"), row))
            print(f"| {seed} | {f} | {cls} | " + " | ".join(map(fmt, row)) + " |")
        sys.stdout.flush()


def genre(name):
    """The group of a corpus document, for the per-group figures: its source and, for OpenStax,
    its book; a rendered variant by its style."""
    if ".rendered-" in name:
        return "rendered-" + name.split(".rendered-")[1].split(".")[0]
    parts = name.split("-")
    return "-".join(parts[:2]) if parts[0] == "openstax" else parts[0]


def corpus_documents(binary, tmp, misses=None):
    base = os.path.join(shared(), "corpus", "documents")
    t = Tally()
    groups = collections.defaultdict(Tally)
    for gpath in sorted(glob.glob(os.path.join(base, "*.gold.json"))):
        g = json.load(open(gpath, encoding="utf-8"))
        cites = [c for c in g["citations"] if c.get("gold") == "exact"]
        if not cites or not g["document"].endswith((".txt", ".md", ".tex")):
            continue
        folder = tempfile.mkdtemp(dir=tmp)
        doc = os.path.join(base, g["document"])
        os.symlink(doc, os.path.join(folder, g["document"]))
        files = [g["document"]]
        if g.get("bib") and os.path.exists(os.path.join(base, g["bib"])):
            os.symlink(os.path.join(base, g["bib"]), os.path.join(folder, g["bib"]))
            files.insert(0, g["bib"])
        try:
            # --skip-invalid: a real .bib may hold an entry annobib refuses (sigmajs has one
            # without a key); a writer imports the rest, and so does the benchmark.
            units = run_annobib(binary, folder, files, ["--skip-invalid"])
        except RuntimeError as e:
            print(f"  {g['document']}: {e}", file=sys.stderr)
            t.add("markers", False, len(cites))
            continue
        spans = [(c["start"], c["end"], c["source"]) for u in units for c in u["citations"]
                 if c["origin"] == "inline" and c["start"] is not None]
        markers = [(u["note"]["marker_start"], u["note"]["marker_end"]) for u in units
                   if u.get("note") and u["note"]["marker_start"] is not None]
        gt = groups[genre(g["document"])]
        keyed = [c for c in cites if c.get("keys")]
        if keyed:
            lt = score_links(units, [(c["start"], c["keys"], c["text"]) for c in keyed],
                             g["document"], misses)
            t.merge(lt)
            gt.merge(lt)
        for c in cites:
            s, e = c["start"], c["end"]
            found = any(a < e and s < b for a, b, _ in spans) or any(a < e and s < b for a, b in markers)
            t.add("markers", found)
            gt.add("markers", found)
            if not found and misses is not None:
                misses.append((g["document"], c.get("form", ""), c["text"]))
            if "keys" in c:
                for a, b, src in spans:
                    if src and a < e and s < b:
                        t.add("wrong", src not in c["keys"])
                        gt.add("wrong", src not in c["keys"])
                        if src not in c["keys"] and misses is not None:
                            misses.append((g["document"], "WRONG " + src, c["text"]))
    return t, groups


def fmt(x):
    return "  -  " if x is None else f"{x:.3f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seeds", default="1,2,3")
    ap.add_argument("--styles", default=None, help="CSL styles (default: the generator's 16)")
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "debug", "annobib"))
    ap.add_argument("--keep", default=None, help="generate into (and keep) this folder")
    ap.add_argument("--corpus-documents", action="store_true")
    ap.add_argument("--only-corpus", action="store_true")
    ap.add_argument("--json", default=None, help="also write the figures as JSON here")
    ap.add_argument("--misses", default=None,
                    help="write the corpus citations not found (and wrong links) here, as TSV")
    ap.add_argument("--formats", default=None,
                    help="score these formats of each document by order instead (txt,md,docx,"
                         "tex: score_by_order)")
    a = ap.parse_args()
    binary = os.path.abspath(a.bin)
    if not os.path.exists(binary):
        sys.exit(f"quality: {binary} not found (cargo build first, or --bin)")
    tmp = a.keep or tempfile.mkdtemp(prefix="annobib-quality-")
    os.makedirs(tmp, exist_ok=True)
    results = {}
    formats = [f for f in (a.formats or "").split(",") if f]
    # What style-matrix.py writes: odt is made from docx here.
    written = [f for f in formats if f != "odt"]
    if "odt" in formats and "docx" not in written:
        written.append("docx")
    for seed in (a.seeds.split(",") if formats else []):
        out = os.path.join(tmp, f"seed{seed}")
        if not os.path.exists(os.path.join(out, "MANIFEST.tsv")):
            cmd = [sys.executable, os.path.join(shared(), "tools", "style-matrix.py"), "--out", out,
                   "--seed", seed, "--formats", ",".join(written)]
            if a.styles:
                cmd += ["--styles", a.styles]
            r = subprocess.run(cmd, capture_output=True, text=True)
            if r.returncode != 0:
                sys.exit(f"quality: style-matrix.py failed: {r.stderr.strip()[-500:]}")
        if seed == a.seeds.split(",")[0]:
            print("| seed | format | class | keys linked | locators right | hidden locators "
                  "| citations aligned |")
            print("|---|---|---|---:|---:|---:|---:|")
        formats_table(out, formats, binary, tmp, results, seed)
    if formats:
        if a.json:
            json.dump(results, open(a.json, "w"), indent=1)
        return
    print("| seed | class | docs | claims linked | links right | locators right | references "
          "| hidden locators |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for seed in ([] if a.only_corpus else a.seeds.split(",")):
        out = os.path.join(tmp, f"seed{seed}")
        if not os.path.exists(os.path.join(out, "MANIFEST.tsv")):
            cmd = [sys.executable, os.path.join(shared(), "tools", "style-matrix.py"), "--out", out,
                   "--seed", seed, "--formats", "txt"]
            if a.styles:
                cmd += ["--styles", a.styles]
            r = subprocess.run(cmd, capture_output=True, text=True)
            if r.returncode != 0:
                sys.exit(f"quality: style-matrix.py failed: {r.stderr.strip()[-500:]}")
        classes = collections.defaultdict(Tally)
        docs = collections.Counter()
        for m in csv.DictReader(open(os.path.join(out, "MANIFEST.tsv"), encoding="utf-8"),
                                delimiter="\t"):
            folder = os.path.join(out, m["doc"])
            work = tempfile.mkdtemp(dir=tmp)
            for f in ("doc.bib", "doc.txt"):
                os.symlink(os.path.join(folder, f), os.path.join(work, f))
            units = run_annobib(binary, work, ["doc.bib", "doc.txt"])
            t = score_matrix_doc(folder, units)
            classes[m["class"]].merge(t)
            classes["all"].merge(t)
            docs[m["class"]] += 1
            docs["all"] += 1
        for cls in sorted(classes, key=lambda c: (c == "all", c)):
            t = classes[cls]
            row = [t.ratio(x) for x in ("linked", "right", "locator", "refs", "locator_hidden")]
            results[f"seed{seed}/{cls}"] = dict(
                zip(("linked", "right", "locator", "refs", "hidden_locators"), row),
                docs=docs[cls])
            print(f"| {seed} | {cls} | {docs[cls]} | " + " | ".join(map(fmt, row)) + " |")
        sys.stdout.flush()
    if a.corpus_documents or a.only_corpus:
        misses = [] if a.misses else None
        t, groups = corpus_documents(binary, tmp, misses)
        results["corpus-documents"] = {"markers": t.ratio("markers"), "wrong": t.ratio("wrong"),
                                       "citations": t.c["markers_n"]}
        print("\n| corpus group | citations | markers found | wrong links | links | "
              "claims linked | links right |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for name in sorted(groups):
            gt = groups[name]
            results[f"corpus/{name}"] = {"markers": gt.ratio("markers"), "wrong": gt.ratio("wrong"),
                                         "linked": gt.ratio("linked"), "right": gt.ratio("right"),
                                         "citations": gt.c["markers_n"]}
            print(f"| {name} | {gt.c['markers_n']} | {fmt(gt.ratio('markers'))} | "
                  f"{fmt(gt.ratio('wrong'))} | {gt.c['wrong_n']} | {fmt(gt.ratio('linked'))} | "
                  f"{fmt(gt.ratio('right'))} |")
        if misses is not None:
            with open(a.misses, "w", encoding="utf-8") as f:
                for row in misses:
                    f.write("\t".join(x.replace("\t", " ").replace("\n", " ") for x in row) + "\n")
        print(f"\ncorpus/documents (exact gold, {t.c['markers_n']} citations): markers found "
              f"{fmt(t.ratio('markers'))}, wrong links {fmt(t.ratio('wrong'))} "
              f"of {t.c['wrong_n']} links on gold citations with keys; with keys: claims linked "
              f"{fmt(t.ratio('linked'))}, links right {fmt(t.ratio('right'))}")
    if a.json:
        json.dump(results, open(a.json, "w"), indent=1)


if __name__ == "__main__":
    main()
