#!/usr/bin/env python3
"""How well annobib reads citation styles: the style matrix and the real documents, scored.

usage: benches/quality.py [--seeds 1,2,3] [--styles a,b,...] [--bin PATH] [--keep DIR]
                          [--corpus-documents] [--only-corpus] [--json FILE]

For each seed, ../shared/tools/style-matrix.py renders documents in real CSL styles into a
temporary folder (needs pandoc and Debian's citation-style-language-styles). Each doc.txt is
imported with its doc.bib into a fresh library (`annobib import doc.bib doc.txt`), read back
with `annobib claims --format json`, and scored against the generator's gold:

  claims linked     each (gold citation, key): the unit carrying the citation (the one holding
                    its first byte: the marker, for a note) has a citation resolved to the key
  links right       each resolved inline citation of running text: its key is among the gold
                    keys of the citations its unit carries
  locators right    each linked (citation, key): a citation of the unit to that key has the gold
                    locator (label and value; none when the gold has none)
  references        each entry of the rendered reference list: the unit holding it resolves to
                    its key

Figures are per class of style (author-date, author, note, numeric) and overall, for each seed.
With --corpus-documents, the documents of ../shared/corpus/documents with exact gold are scored
too: markers found (a gold citation span overlapped by a citation annobib found, or by the
marker of a note it found) and wrong links (links to a key the gold does not give). Standard
library only; builds nothing: pass --bin or build target/debug/annobib first.
"""
import argparse, collections, csv, glob, json, os, re, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def shared():
    for p in (os.path.join(ROOT, "..", "shared"), os.path.join(ROOT, "..", "..", "shared")):
        if os.path.isdir(os.path.join(p, "tools")):
            return os.path.abspath(p)
    sys.exit("quality: ../shared (the shared corpus and tools) not found")


def run_annobib(binary, folder, files):
    env = dict(os.environ, ANNOBIB_DB=os.path.join(folder, "annobib.db"))
    r = subprocess.run([binary, "import", *files], cwd=folder, capture_output=True, text=True, env=env)
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


def gold_locators(field):
    out = {}
    for part in filter(None, (field or "").split(";")):
        key, _, loc = part.partition("=")
        label, _, value = loc.partition(":")
        out[key] = (LABEL.get(label, label), norm_value(value)) if value else None
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
                got = [(c["locator_label"], norm_value(c["locator"])) if c["locator"] else None
                       for c in mine]
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


def corpus_documents(binary, tmp):
    base = os.path.join(shared(), "corpus", "documents")
    t = Tally()
    for gpath in sorted(glob.glob(os.path.join(base, "*.gold.json"))):
        g = json.load(open(gpath, encoding="utf-8"))
        cites = [c for c in g["citations"] if c.get("gold") == "exact"]
        if not cites or not g["document"].endswith((".txt", ".md")):
            continue
        folder = tempfile.mkdtemp(dir=tmp)
        doc = os.path.join(base, g["document"])
        os.symlink(doc, os.path.join(folder, g["document"]))
        files = [g["document"]]
        if g.get("bib") and os.path.exists(os.path.join(base, g["bib"])):
            os.symlink(os.path.join(base, g["bib"]), os.path.join(folder, g["bib"]))
            files.insert(0, g["bib"])
        try:
            units = run_annobib(binary, folder, files)
        except RuntimeError as e:
            print(f"  {g['document']}: {e}", file=sys.stderr)
            t.add("markers", False, len(cites))
            continue
        spans = [(c["start"], c["end"], c["source"]) for u in units for c in u["citations"]
                 if c["origin"] == "inline" and c["start"] is not None]
        markers = [(u["note"]["marker_start"], u["note"]["marker_end"]) for u in units
                   if u.get("note") and u["note"]["marker_start"] is not None]
        for c in cites:
            s, e = c["start"], c["end"]
            found = any(a < e and s < b for a, b, _ in spans) or any(a < e and s < b for a, b in markers)
            t.add("markers", found)
            if "keys" in c:
                for a, b, src in spans:
                    if src and a < e and s < b:
                        t.add("wrong", src not in c["keys"])
    return t


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
    a = ap.parse_args()
    binary = os.path.abspath(a.bin)
    if not os.path.exists(binary):
        sys.exit(f"quality: {binary} not found (cargo build first, or --bin)")
    tmp = a.keep or tempfile.mkdtemp(prefix="annobib-quality-")
    os.makedirs(tmp, exist_ok=True)
    results = {}
    print("| seed | class | docs | claims linked | links right | locators right | references |")
    print("|---|---|---:|---:|---:|---:|---:|")
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
            row = [t.ratio(x) for x in ("linked", "right", "locator", "refs")]
            results[f"seed{seed}/{cls}"] = dict(zip(("linked", "right", "locator", "refs"), row),
                                                docs=docs[cls])
            print(f"| {seed} | {cls} | {docs[cls]} | " + " | ".join(map(fmt, row)) + " |")
        sys.stdout.flush()
    if a.corpus_documents or a.only_corpus:
        t = corpus_documents(binary, tmp)
        results["corpus-documents"] = {"markers": t.ratio("markers"), "wrong": t.ratio("wrong"),
                                       "citations": t.c["markers_n"]}
        print(f"\ncorpus/documents (exact gold, {t.c['markers_n']} citations): markers found "
              f"{fmt(t.ratio('markers'))}, wrong links {fmt(t.ratio('wrong'))} "
              f"of {t.c['wrong_n']} links on gold citations with keys")
    if a.json:
        json.dump(results, open(a.json, "w"), indent=1)


if __name__ == "__main__":
    main()
