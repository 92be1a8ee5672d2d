#!/usr/bin/env python3
"""Step 1 of the recipe: the training corpus, from the Python sources of pinned Debian packages.

Reads packages.txt, installs missing packages with apt (as root), lists each package's .py files
with `dpkg -L`, keeps readable UTF-8 source of sensible size, drops exact duplicates (a file
shipped by two packages, or twice in one), and splits by file: about 2 % of files, chosen by a hash
of their content, are held out for evaluation and never trained on. Writes, under the work folder:

    corpus/train.jsonl  corpus/heldout.jsonl   one {"group", "weight", "package", "path", "text"} per line
    corpus/manifest.json                       package versions, counts, bytes, SHA-256 of the two files

Files are sorted by content hash, so the output does not depend on the order dpkg lists them in.
"""
import argparse
import hashlib
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
MAX_BYTES = 300_000  # larger files are generated tables, not code anyone types
MAX_MEAN_LINE = 120  # minified or data-heavy sources
HELDOUT_PER_MILLE = 20


def read_packages():
    rows = []
    with open(os.path.join(HERE, "packages.txt"), encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                group, weight, package, version, licence = line.split()
                rows.append({"group": group, "weight": int(weight), "package": package, "version": version, "licence": licence})
    return rows


def installed_version(package):
    out = subprocess.run(["dpkg-query", "-W", "-f=${Status}\t${Version}", package], capture_output=True, text=True)
    if out.returncode != 0 or not out.stdout.startswith("install ok installed"):
        return None
    return out.stdout.split("\t")[1]


def ensure_installed(rows):
    missing = [r["package"] for r in rows if installed_version(r["package"]) is None]
    if not missing:
        return
    if os.geteuid() != 0:
        sys.exit(f"corpus: missing Debian packages {' '.join(missing)}; install them with apt-get (needs root).")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", *missing], check=True, env=env)


def python_files(package):
    out = subprocess.run(["dpkg", "-L", package], capture_output=True, text=True, check=True).stdout
    return [p for p in out.splitlines() if p.endswith(".py") and os.path.isfile(p) and not os.path.islink(p)]


def usable(text):
    if not text.strip() or "\x00" in text:
        return False
    lines = text.count("\n") + 1
    return len(text) / lines <= MAX_MEAN_LINE


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--work", required=True, help="work folder (the recipe uses .cache/code-model)")
    parser.add_argument("--allow-version-drift", action="store_true")
    args = parser.parse_args()
    rows = read_packages()
    ensure_installed(rows)
    drift = []
    for r in rows:
        r["installed"] = installed_version(r["package"])
        if r["installed"] != r["version"]:
            drift.append(f"{r['package']}: pinned {r['version']}, installed {r['installed']}")
    if drift and not args.allow_version_drift:
        sys.exit("corpus: installed versions differ from packages.txt:\n  " + "\n  ".join(drift)
                 + "\nInstall the pinned versions, or pass --allow-version-drift (the model will differ).")

    docs = {}
    skipped = {"too_large": 0, "not_utf8": 0, "unusable": 0, "duplicate": 0}
    for r in rows:
        for path in python_files(r["package"]):
            data = open(path, "rb").read()
            if len(data) > MAX_BYTES:
                skipped["too_large"] += 1
                continue
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                skipped["not_utf8"] += 1
                continue
            text = text.replace("\r\n", "\n")
            if not usable(text):
                skipped["unusable"] += 1
                continue
            key = hashlib.sha256(text.encode("utf-8")).hexdigest()
            if key in docs:
                skipped["duplicate"] += 1
                continue
            docs[key] = {"group": r["group"], "weight": r["weight"], "package": r["package"], "path": path, "text": text}

    out_dir = os.path.join(args.work, "corpus")
    os.makedirs(out_dir, exist_ok=True)
    counts = {}
    for split in ("train", "heldout"):
        counts[split] = {"files": 0, "bytes": 0}
    tmp = {s: open(os.path.join(out_dir, f"{s}.jsonl.tmp"), "w", encoding="utf-8") for s in counts}
    for key in sorted(docs):
        split = "heldout" if int(key[:8], 16) % 1000 < HELDOUT_PER_MILLE else "train"
        tmp[split].write(json.dumps(docs[key], ensure_ascii=False) + "\n")
        counts[split]["files"] += 1
        counts[split]["bytes"] += len(docs[key]["text"].encode("utf-8"))
    hashes = {}
    for split, f in tmp.items():
        f.close()
        final = os.path.join(out_dir, f"{split}.jsonl")
        os.replace(f.name, final)
        hashes[split] = hashlib.sha256(open(final, "rb").read()).hexdigest()
    manifest = {
        "packages": [{k: r[k] for k in ("group", "weight", "package", "version", "installed", "licence")} for r in rows],
        "skipped": skipped,
        "splits": counts,
        "sha256": hashes,
    }
    with open(os.path.join(out_dir, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=1)
    print(json.dumps({"splits": counts, "skipped": skipped, "sha256": hashes}))


if __name__ == "__main__":
    main()
