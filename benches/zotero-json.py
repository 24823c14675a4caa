#!/usr/bin/env python3
"""A CSL-JSON file of N items written the way Zotero exports them, for timing `annobib import`.

Usage: benches/zotero-json.py [--n 10000] [--seed 1] [--out target/bench/data/zotero_10k.json]

Each item has what Zotero's CSL JSON export writes: a URI id (one in five a numeric id, as in
Word fields), a type drawn from book / chapter / article-journal / webpage / report / thesis,
title, author or editor lists (one in ten a body as `literal`), `issued` with string
date-parts, container, publisher and place, pages, volume and issue, DOI, URL, ISBN, an
abstract, `accessed`, a `custom` object, and a `note` holding Zotero's Extra ("Citation Key:",
"original-date:"). Titles and names come from the shared corpus of labelled references
(../shared/corpus/references/core.xml beside the repository) when it is there, else from a
small built-in list. Tab-indented like Zotero's export. Deterministic for a seed.
"""
import argparse
import html
import json
import os
import random
import re

ap = argparse.ArgumentParser()
ap.add_argument("--n", type=int, default=10000)
ap.add_argument("--seed", type=int, default=1)
ap.add_argument("--out", default="target/bench/data/zotero_10k.json")
a = ap.parse_args()
rnd = random.Random(a.seed)

here = os.path.dirname(os.path.abspath(__file__))
titles, families = [], []
for base in (os.path.join(here, "..", "..", "shared"), os.path.join(here, "..", "..", "..", "shared")):
    core = os.path.join(base, "corpus", "references", "core.xml")
    if os.path.exists(core):
        text = open(core, encoding="utf-8").read()
        titles = [html.unescape(t).strip(" .,") for t in re.findall(r"<title>(.*?)</title>", text)]
        for au in re.findall(r"<author>(.*?)</author>", text):
            families += [w for w in re.findall(r"[A-Z][a-z]{2,}", html.unescape(au))]
        break
if not titles:
    titles = ["The history of the alliance", "Security relations since 1945", "One alliance, two lenses"]
    families = ["Curtis", "Finley", "Kwan", "Paik", "Shin", "Lee"]
givens = ["Anna", "B.", "Chae-Jin", "David", "E. F.", "Gi-Wook", "Jan", "Maria", "Tae-hwan"]
types = ["book", "chapter", "article-journal", "article-journal", "webpage", "report", "thesis"]


def person():
    if rnd.random() < 0.1:
        return {"literal": "Institute of " + rnd.choice(families) + " Studies"}
    return {"family": rnd.choice(families), "given": rnd.choice(givens)}


items = []
for i in range(a.n):
    ty = rnd.choice(types)
    year = str(rnd.randint(1900, 2024))
    it = {
        "id": i + 1 if rnd.random() < 0.2 else f"http://zotero.org/users/local/kQ3fRz7D/items/{i:08X}",
        "type": ty,
        "title": rnd.choice(titles),
    }
    if ty in ("chapter", "article-journal", "webpage"):
        it["container-title"] = rnd.choice(titles)
    if ty in ("book", "chapter", "report", "thesis"):
        it["publisher"] = "Press of " + rnd.choice(families)
        it["publisher-place"] = rnd.choice(["Seoul", "London", "New York", "Paris"])
        it["ISBN"] = f"978-0-{rnd.randint(100, 999)}-{rnd.randint(10000, 99999)}-{rnd.randint(0, 9)}"
    if ty in ("chapter", "article-journal"):
        first = rnd.randint(1, 400)
        it["page"] = f"{first}-{first + rnd.randint(5, 40)}"
    if ty == "article-journal":
        it["volume"] = str(rnd.randint(1, 80))
        it["issue"] = str(rnd.randint(1, 12))
        it["DOI"] = f"10.{rnd.randint(1000, 9999)}/{i:06d}"
        it["ISSN"] = "0140-2390"
    if rnd.random() < 0.5:
        it["abstract"] = " ".join(rnd.choice(titles) for _ in range(3))
    if rnd.random() < 0.3:
        it["URL"] = f"https://example.org/item/{i}?a=1&b=2"
        it["accessed"] = {"date-parts": [["2023", str(rnd.randint(1, 12)), str(rnd.randint(1, 28))]]}
    if rnd.random() < 0.3:
        extra = [f"Citation Key: k{i}"] if rnd.random() < 0.5 else []
        extra.append(f"original-date: {int(year) - 10}")
        it["note"] = "\n".join(extra)
    if rnd.random() < 0.2:
        it["custom"] = {"zoteroKey": f"{i:08X}", "dateAdded": "2023-01-05T10:33:12Z"}
    role = "editor" if ty == "book" and rnd.random() < 0.3 else "author"
    it[role] = [person() for _ in range(rnd.randint(1, 4))]
    if ty == "chapter":
        it["editor"] = [person()]
    it["issued"] = {"date-parts": [[year]]}
    items.append(it)

os.makedirs(os.path.dirname(a.out) or ".", exist_ok=True)
with open(a.out, "w", encoding="utf-8") as f:
    json.dump(items, f, indent="\t", ensure_ascii=False)
print(a.out, os.path.getsize(a.out), "bytes")
