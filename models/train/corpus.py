#!/usr/bin/env python3
"""Step 1 of the recipe: the training corpus, from the Python sources of pinned Debian packages.

Reads packages.txt (and any further lists given with --packages: packages-more.txt widens the
corpus), downloads each package's .deb at its pinned version with `apt-get download`
(no installation, no root needed) into <work>/debs, unpacks it with `dpkg-deb -x`, and keeps
readable UTF-8 source of sensible size. Exact duplicates are dropped (a file shipped by two
packages, or twice in one), then near duplicates (MinHash over line shingles, Jaccard >= 0.8
checked exactly): a near copy of a held-out file is dropped from training, so that the evaluation
never scores what the model has seen.

A package of group "scripts" (packages-scripts.txt: documentation and example packages) gives only its
example scripts: the .py and .py.gz files under usr/share/doc/, each named by its path under its
documentation folder (doc_scripts), not the library files the package may also ship.

Splits:
    unseen   whole packages of group "heldout" in packages.txt: projects the model never sees,
             the evaluation that predicts what users get on their own code
    heldout  ~2 % of the files of the trained packages, chosen by a hash of their content: the
             file-level figures kept for continuity with the first model's card
    train    the rest

Writes, under the work folder:
    corpus/{train,heldout,unseen}.jsonl   one {"group", "weight", "package", "path", "text"} per line
    corpus/manifest.json                  package versions, licences, counts, bytes, SHA-256 of the files
and removes corpus/scripts.json(l), a scripts split (scripts.py) made against the corpus it replaces.

`path` is the file's path inside its package's import root (e.g. torch/nn/modules/conv.py), the
path the repository-level training format puts in its file headers. Files are sorted by package
and path, so the output does not depend on the order archives list them in.
"""
import argparse
import collections
import gzip
import hashlib
import json
import os
import re
import subprocess
import sys
import zlib

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
MAX_BYTES = 300_000  # larger files are generated tables, not code anyone types
MAX_MEAN_LINE = 120  # minified or data-heavy sources
HELDOUT_PER_MILLE = 20
NEAR_DUP_JACCARD = 0.8
MINHASH_PERMS, LSH_BANDS = 64, 16
ROOTS = ("usr/lib/python3/dist-packages/", "usr/lib/python3.11/", "usr/lib/python3/")
DOC_ROOT = "usr/share/doc/"
DOWNLOADS = re.compile(r"^html/_downloads/[0-9a-f]+/")


def read_packages(path=os.path.join(HERE, "packages.txt")):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                group, weight, package, version, licence = line.split()
                rows.append({"group": group, "weight": int(weight), "package": package, "version": version, "licence": licence})
    return rows


def deb_path(debs, package, version):
    """apt-get download's file name: <package>_<version, ":" as %3a>_<arch>.deb."""
    stem = f"{package}_{version.replace(':', '%3a')}_"
    for name in sorted(os.listdir(debs)):
        if name.startswith(stem) and name.endswith(".deb"):
            return os.path.join(debs, name)
    return None


def fetch(rows, debs):
    os.makedirs(debs, exist_ok=True)
    missing = [r for r in rows if deb_path(debs, r["package"], r["version"]) is None]
    if missing:
        specs = [f"{r['package']}={r['version']}" for r in missing]
        print(f"corpus: downloading {len(specs)} packages with apt-get", flush=True)
        out = subprocess.run(["apt-get", "download", "-qq", *specs], cwd=debs, capture_output=True, text=True)
        if out.returncode != 0:
            sys.exit(f"corpus: apt-get download failed:\n{out.stderr.strip()}\n"
                     "Run `apt-get update` (as root) and try again; a version no longer in the archive must be re-pinned in packages.txt.")
    for r in rows:
        path = deb_path(debs, r["package"], r["version"])
        if path is None:
            sys.exit(f"corpus: {r['package']} {r['version']} was not downloaded")
        version = subprocess.run(["dpkg-deb", "-f", path, "Version"], capture_output=True, text=True, check=True).stdout.strip()
        if version != r["version"]:
            sys.exit(f"corpus: {path} is version {version}, its list pins {r['version']}")
        r["deb"] = path


def unpack(r, root):
    dest = os.path.join(root, r["package"])
    if not os.path.isfile(os.path.join(dest, ".unpacked")):
        os.makedirs(dest, exist_ok=True)
        subprocess.run(["dpkg-deb", "-x", r["deb"], dest], check=True)
        open(os.path.join(dest, ".unpacked"), "w").close()
    return dest


def python_files(dest):
    found = []
    for top, dirs, files in os.walk(dest):
        dirs.sort()
        for name in sorted(files):
            full = os.path.join(top, name)
            if name.endswith(".py") and os.path.isfile(full) and not os.path.islink(full):
                rel = os.path.relpath(full, dest)
                for prefix in ROOTS:
                    if rel.startswith(prefix):
                        rel = rel[len(prefix):]
                        break
                found.append((full, rel))
    return found


def doc_scripts(dest):
    """(full path, path under the documentation folder, gzipped) of each .py and .py.gz under usr/share/doc/:
    a documentation package's example scripts (group "scripts"; Debian gzips some of them). A gallery's
    download folder (html/_downloads/<hash>/) is shortened to gallery/ where that name is not taken."""
    found, taken = [], set()
    root = os.path.join(dest, DOC_ROOT)
    for top, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            full = os.path.join(top, name)
            if not (name.endswith(".py") or name.endswith(".py.gz")) or os.path.islink(full) or not os.path.isfile(full):
                continue
            rel = os.path.relpath(full, root).split(os.sep, 1)[1]  # below <doc folder>/
            zipped = name.endswith(".gz")
            rel = rel[:-3] if zipped else rel
            short = DOWNLOADS.sub("gallery/", rel)
            path = short if short not in taken else rel
            taken.add(path)
            found.append((full, path, zipped))
    return found


def read_source(full, zipped=False):
    """The file's text with \n line ends, or None and why it is skipped (too_large, not_utf8, unusable, unreadable)."""
    try:
        data = gzip.open(full).read(MAX_BYTES + 1) if zipped else open(full, "rb").read()
    except (OSError, EOFError, zlib.error):
        return None, "unreadable"
    if len(data) > MAX_BYTES:
        return None, "too_large"
    try:
        text = data.decode("utf-8").replace("\r\n", "\n")
    except UnicodeDecodeError:
        return None, "not_utf8"
    return (text, None) if usable(text) else (None, "unusable")


def usable(text):
    if not text.strip() or "\x00" in text:
        return False
    lines = text.count("\n") + 1
    return len(text) / lines <= MAX_MEAN_LINE


def shingles(text):
    """Hashes of 3-line windows of the file's stripped, non-empty lines (a set)."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if len(lines) < 3:
        lines = lines + [""] * (3 - len(lines))
    return np.unique(np.array([zlib.crc32("\n".join(lines[i:i + 3]).encode("utf-8")) for i in range(len(lines) - 2)], dtype=np.uint64))


def near_duplicates(docs, keep_first):
    """Indices of docs that are near copies (Jaccard >= NEAR_DUP_JACCARD of their 3-line shingles) of
    an earlier doc; docs are visited in keep_first order (held-out packages first)."""
    rng = np.random.default_rng(20261129)
    prime = np.uint64((1 << 61) - 1)
    a = rng.integers(1, 1 << 31, MINHASH_PERMS, dtype=np.uint64)
    b = rng.integers(0, 1 << 31, MINHASH_PERMS, dtype=np.uint64)
    rows = MINHASH_PERMS // LSH_BANDS
    buckets = [dict() for _ in range(LSH_BANDS)]
    sets, dropped = {}, {}
    for i in keep_first:
        s = shingles(docs[i]["text"])
        sets[i] = s
        sig = ((s[:, None] * a[None, :] + b[None, :]) % prime).min(axis=0)
        candidates = set()
        keys = []
        for band in range(LSH_BANDS):
            key = sig[band * rows:(band + 1) * rows].tobytes()
            keys.append(key)
            candidates.update(buckets[band].get(key, ()))
        twin = None
        for j in sorted(candidates):
            inter = len(np.intersect1d(s, sets[j], assume_unique=True))
            if inter / (len(s) + len(sets[j]) - inter) >= NEAR_DUP_JACCARD:
                twin = j
                break
        if twin is not None:
            dropped[i] = twin
            del sets[i]
            continue
        for band, key in enumerate(keys):
            buckets[band].setdefault(key, []).append(i)
    return dropped


def licence_of(dest, package):
    """The first License: of the package's DEP-5 copyright file (its Files: * paragraph), recorded beside packages.txt's."""
    path = os.path.join(dest, "usr/share/doc", package, "copyright")
    try:
        text = open(path, encoding="utf-8", errors="replace").read()
    except OSError:
        return None
    m = re.search(r"^Files:\s*\*\s*$.*?^License:\s*(\S+)", text, re.M | re.S)
    return m.group(1) if m else None


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--work", required=True, help="work folder (the recipe uses .cache/code-model)")
    parser.add_argument("--packages", action="append", metavar="LIST",
                        help="a package list (repeat for several; default packages.txt, the shipped model's data;"
                             " packages.txt and packages-more.txt make the wider corpus)")
    args = parser.parse_args()
    lists = args.packages or [os.path.join(HERE, "packages.txt")]
    rows = [r for path in lists for r in read_packages(path)]
    twice = sorted(p for p, n in collections.Counter(r["package"] for r in rows).items() if n > 1)
    if twice:
        sys.exit(f"corpus: {', '.join(twice)} listed more than once in {', '.join(lists)}")
    fetch(rows, os.path.join(args.work, "debs"))

    docs, seen = [], {}
    skipped = {"too_large": 0, "not_utf8": 0, "unusable": 0, "unreadable": 0, "duplicate": 0, "near_duplicate": 0, "near_duplicate_of_unseen": 0}
    for r in rows:
        dest = unpack(r, os.path.join(args.work, "root"))
        r["copyright_licence"] = licence_of(dest, r["package"])
        # A "scripts" package (packages-scripts.txt) gives its example scripts only, not its library's files.
        files = doc_scripts(dest) if r["group"] == "scripts" else [(full, rel, False) for full, rel in python_files(dest)]
        for full, rel, zipped in files:
            text, why = read_source(full, zipped)
            if why:
                skipped[why] += 1
                continue
            key = hashlib.sha256(text.encode("utf-8")).hexdigest()
            if key in seen:
                skipped["duplicate"] += 1
                # The same file in a held-out package and a trained one stays held out.
                if r["group"] != "heldout" or docs[seen[key]]["group"] == "heldout":
                    continue
                docs[seen[key]]["drop"] = True
            seen[key] = len(docs)
            docs.append({"group": r["group"], "weight": r["weight"], "package": r["package"], "path": rel, "text": text, "key": key})
    docs = [d for d in docs if not d.get("drop")]
    order = sorted(range(len(docs)), key=lambda i: (docs[i]["group"] != "heldout", docs[i]["package"], docs[i]["path"]))
    print(f"corpus: {len(docs)} files; looking for near duplicates", flush=True)
    dropped = near_duplicates(docs, order)
    for i, twin in dropped.items():
        skipped["near_duplicate_of_unseen" if docs[twin]["group"] == "heldout" and docs[i]["group"] != "heldout" else "near_duplicate"] += 1

    out_dir = os.path.join(args.work, "corpus")
    os.makedirs(out_dir, exist_ok=True)
    splits = ("train", "heldout", "unseen")
    counts = {s: {"files": 0, "bytes": 0} for s in splits}
    by_package = {}
    tmp = {s: open(os.path.join(out_dir, f"{s}.jsonl.tmp"), "w", encoding="utf-8") for s in splits}
    for i in sorted(range(len(docs)), key=lambda i: (docs[i]["package"], docs[i]["path"])):
        if i in dropped:
            continue
        d = docs[i]
        if d["group"] == "heldout":
            split = "unseen"
        else:
            split = "heldout" if int(d["key"][:8], 16) % 1000 < HELDOUT_PER_MILLE else "train"
        n = len(d["text"].encode("utf-8"))
        tmp[split].write(json.dumps({k: d[k] for k in ("group", "weight", "package", "path", "text")}, ensure_ascii=False) + "\n")
        counts[split]["files"] += 1
        counts[split]["bytes"] += n
        pkg = by_package.setdefault(d["package"], {"files": 0, "bytes": 0})
        pkg["files"] += 1
        pkg["bytes"] += n
    # A scripts split (scripts.py) was checked against the corpus this replaces: it goes with it.
    for stale in ("scripts.jsonl", "scripts.json"):
        if os.path.exists(os.path.join(out_dir, stale)):
            os.remove(os.path.join(out_dir, stale))
    hashes = {}
    for split, f in tmp.items():
        f.close()
        final = os.path.join(out_dir, f"{split}.jsonl")
        os.replace(f.name, final)
        hashes[split] = hashlib.sha256(open(final, "rb").read()).hexdigest()
    manifest = {
        "package_lists": [os.path.basename(path) for path in lists],
        "packages": [{**{k: r[k] for k in ("group", "weight", "package", "version", "licence", "copyright_licence")},
                      **by_package.get(r["package"], {"files": 0, "bytes": 0})} for r in rows],
        "skipped": skipped,
        "splits": counts,
        "sha256": hashes,
    }
    with open(os.path.join(out_dir, "manifest.json.tmp"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=1)
    os.replace(os.path.join(out_dir, "manifest.json.tmp"), os.path.join(out_dir, "manifest.json"))
    print(json.dumps({"splits": counts, "skipped": skipped, "sha256": hashes}))


if __name__ == "__main__":
    main()
