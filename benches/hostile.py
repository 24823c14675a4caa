#!/usr/bin/env python3
"""The hostile probes of issue 9 at doubling sizes: time and peak memory of the release binary.

Each probe generates its input at four sizes, each twice the one before, and runs the
command on it (`/usr/bin/time` gives the peak resident memory). A line per size: input bytes,
wall seconds, peak MB, the time ratio to the size before (2.0 is linear, 4.0 quadratic) and
whether the peak stays within the issue's bound, 10 x input + 50 MB.

    cargo build --release && python3 benches/hostile.py [--scale K] [--markdown]

--scale multiplies every size (default 1); --markdown prints the table for BENCHMARKS.md.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "annobib")
READINGS = os.path.join(ROOT, "bibliography", "readings.bib")


def repeated_fields(n):
    return {"r.bib": "@book{a, title={T}, " + ", ".join("title={xxxxxxxxxx}" for _ in range(n)) + "}\n"}


def duplicate_keys(n):
    return {"d.bib": "".join("@book{dup, title={T%d}} " % i for i in range(n)) + "\n"}


def crossref_chain(n):
    lines = ["@book{c0, title={Root}, author={Root, Ann}, date={1950}, publisher={P}}"]
    for i in range(1, n):
        lines.append("@inbook{c%d, crossref={c%d}, title={Part %d}}" % (i, i - 1, i))
    return {"chain.bib": "\n".join(lines) + "\n"}


def doubling_macros(n):
    # n macros doubling each other; no entry uses them.
    lines = ['@string{s0 = "ab"}'] + ["@string{s%d = s%d # s%d}" % (i, i - 1, i - 1) for i in range(1, n)]
    return {"m.bib": "\n".join(lines) + "\n@book{a, title={T}}\n"}


def ibid_lines(n):
    return {"ibid.txt": "A heading\n\n" + "\n".join("ibid." for _ in range(n)) + "\n"}


def big_essay(n):
    with open(os.path.join(ROOT, "bibliography", "us-korea-military-alliance.txt"), encoding="utf-8") as f:
        essay = f.read()
    return {"essay.txt": "\n\n".join([essay] * n)}


# name, generator, base size, commands run in order (the last is timed), files imported first
PROBES = [
    ("repeated fields on one line: import", repeated_fields, 2500, [["import", "r.bib"]]),
    ("duplicate keys on one line: import", duplicate_keys, 2500, [["import", "d.bib"]]),
    ("crossref chain: import", crossref_chain, 1250, [["import", "chain.bib"]]),
    ("crossref chain: check", crossref_chain, 1250, [["import", "chain.bib"], ["check", "--format", "short"]]),
    ("crossref chain: export bibtex", crossref_chain, 1250, [["import", "chain.bib"], ["export", "bibtex"]]),
    ("doubling @string macros: import", doubling_macros, 10, [["import", "m.bib"]]),
    ("bare ibid. lines: import", ibid_lines, 12500, [["import", "ibid.txt"]]),
    ("bare ibid. lines: check", ibid_lines, 12500, [["import", "ibid.txt"], ["check", "--format", "short"]]),
    ("essay repeated: export markdown", big_essay, 50, [["import", READINGS, "essay.txt"], ["export", "markdown", "essay.txt"]]),
]


def run(cmd, cwd):
    with tempfile.NamedTemporaryFile(mode="r", suffix=".time") as t:
        start = time.perf_counter()
        p = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", t.name, BIN, "-q", "--db", "lib.db"] + cmd,
                           cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        wall = time.perf_counter() - start
        kb = int(t.read().strip().splitlines()[-1])
    return p.returncode, wall, kb / 1024


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--markdown", action="store_true")
    a = ap.parse_args()
    if not os.path.exists(BIN):
        sys.exit("build first: cargo build --release")
    rows = []
    for name, gen, base, cmds in PROBES:
        prev = None
        for k in range(4):
            n = int(base * a.scale) * 2 ** k
            d = tempfile.mkdtemp()
            try:
                size = 0
                for fname, text in gen(n).items():
                    with open(os.path.join(d, fname), "w", encoding="utf-8") as f:
                        f.write(text)
                    size += len(text.encode())
                for cmd in cmds[:-1]:
                    run(cmd, d)
                rc, wall, mb = run(cmds[-1], d)
            finally:
                shutil.rmtree(d)
            bound = 10 * size / 2**20 + 50
            ratio = "" if prev is None else "%.1f" % (wall / max(prev, 1e-3))
            prev = wall
            rows.append((name, n, size, wall, mb, ratio, mb <= bound, rc))
            print("%-36s n=%-7d %9d B  %7.3f s  %7.1f MB  x%-4s %s rc=%d" % (
                name, n, size, wall, mb, ratio, "ok" if mb <= bound else "OVER", rc), flush=True)
    if a.markdown:
        print("\n| probe | n | input | wall s | peak MB | time ratio to n/2 | within 10x+50 MB | exit |")
        print("|---|---|---|---|---|---|---|---|")
        for name, n, size, wall, mb, ratio, ok, rc in rows:
            print("| %s | %d | %.1f KB | %.3f | %.1f | %s | %s | %d |" % (name, n, size / 1024, wall, mb, ratio, "yes" if ok else "no", rc))


if __name__ == "__main__":
    main()
