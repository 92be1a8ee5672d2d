#!/usr/bin/env python3
"""Scripts that use the libraries, as users write them: an evaluation split next to corpus.py's.

The corpus (corpus.py) is the Python sources of libraries, and its unseen split is libraries too.
What HAI's users type is mostly scripts that call such libraries: load data, build a model, fit it,
plot. Debian's documentation packages ship the example galleries of some libraries as plain .py
files (scikit-learn's, scikit-image's, h5py's, and lmfit's, whose library is held out of training
as well). No model here trains on them; this split measures completion on that kind of code.

Reads scripts.txt (the same columns as packages.txt), downloads and unpacks each package as
corpus.py does, and keeps every .py and .py.gz under usr/share/doc/ that is readable UTF-8 of
sensible size. A file that is an exact or near copy (corpus.py's MinHash test) of a file of the
corpus's train, heldout or unseen split, or of an earlier script, is dropped, so that the split
never scores what a model has seen. Run it after corpus.py, on the same work folder (corpus.py
removes a split made against the corpus it replaces).

Writes, under the work folder:
    corpus/scripts.jsonl   one {"group", "weight", "package", "path", "text"} per line, as corpus.py's
    corpus/scripts.json    package versions, licences, counts, what was dropped, SHA-256 of the split

`path` is the file's path under its documentation folder, a gallery's download folder
(html/_downloads/<hash>/) shortened to gallery/ where that name is not taken.
"""
import argparse
import hashlib
import json
import os
import sys

from corpus import HERE, doc_scripts, fetch, licence_of, near_duplicates, read_packages, read_source, unpack


def read_corpus(corpus_dir):
    docs = []
    for split in ("train", "heldout", "unseen"):
        path = os.path.join(corpus_dir, f"{split}.jsonl")
        if not os.path.isfile(path):
            sys.exit(f"scripts: {path} is missing: run corpus.py on this work folder first")
        with open(path, encoding="utf-8") as f:
            docs.extend({"text": json.loads(line)["text"], "corpus": True} for line in f)
    return docs


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--work", required=True, help="the work folder corpus.py wrote (e.g. .cache/v2)")
    parser.add_argument("--packages", default=os.path.join(HERE, "scripts.txt"), help="the documentation packages (default scripts.txt)")
    args = parser.parse_args()
    rows = read_packages(args.packages)
    fetch(rows, os.path.join(args.work, "debs"))
    corpus_dir = os.path.join(args.work, "corpus")
    docs = read_corpus(corpus_dir)
    corpus_keys = {hashlib.sha256(d["text"].encode("utf-8")).hexdigest() for d in docs}
    script_keys = set()
    first_script = len(docs)
    skipped = {"unreadable": 0, "too_large": 0, "not_utf8": 0, "unusable": 0, "duplicate": 0, "near_duplicate": 0, "copy_of_corpus": 0}
    for r in rows:
        dest = unpack(r, os.path.join(args.work, "root"))
        r["copyright_licence"] = licence_of(dest, r["package"])
        for full, path, zipped in doc_scripts(dest):
            text, why = read_source(full, zipped)
            if why:
                skipped[why] += 1
                continue
            key = hashlib.sha256(text.encode("utf-8")).hexdigest()
            if key in corpus_keys or key in script_keys:
                skipped["copy_of_corpus" if key in corpus_keys else "duplicate"] += 1
                continue
            script_keys.add(key)
            docs.append({"group": r["group"], "weight": r["weight"], "package": r["package"], "path": path, "text": text})
    print(f"scripts: {len(docs) - first_script} files; looking for near copies among them and the corpus's {first_script}", flush=True)
    # The corpus first, so that a script that nearly copies a corpus file is the one dropped.
    dropped = near_duplicates(docs, range(len(docs)))
    for i, twin in dropped.items():
        if i >= first_script:
            skipped["copy_of_corpus" if docs[twin].get("corpus") else "near_duplicate"] += 1

    counts, by_package = {"files": 0, "bytes": 0}, {}
    final = os.path.join(corpus_dir, "scripts.jsonl")
    with open(final + ".tmp", "w", encoding="utf-8") as f:
        for i in sorted(range(first_script, len(docs)), key=lambda i: (docs[i]["package"], docs[i]["path"])):
            if i in dropped:
                continue
            d = docs[i]
            f.write(json.dumps({k: d[k] for k in ("group", "weight", "package", "path", "text")}, ensure_ascii=False) + "\n")
            n = len(d["text"].encode("utf-8"))
            counts["files"] += 1
            counts["bytes"] += n
            pkg = by_package.setdefault(d["package"], {"files": 0, "bytes": 0})
            pkg["files"] += 1
            pkg["bytes"] += n
    os.replace(final + ".tmp", final)
    manifest = {
        "package_list": os.path.basename(args.packages),
        "packages": [{**{k: r[k] for k in ("group", "package", "version", "licence", "copyright_licence")},
                      **by_package.get(r["package"], {"files": 0, "bytes": 0})} for r in rows],
        "skipped": skipped,
        "split": counts,
        "sha256": hashlib.sha256(open(final, "rb").read()).hexdigest(),
    }
    with open(os.path.join(corpus_dir, "scripts.json.tmp"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=1)
    os.replace(os.path.join(corpus_dir, "scripts.json.tmp"), os.path.join(corpus_dir, "scripts.json"))
    print(json.dumps({"split": counts, "skipped": skipped, "sha256": manifest["sha256"]}))


if __name__ == "__main__":
    main()
