#!/usr/bin/env python3
"""How often a model writes a name that only the project knows: over the cases of bench/codeQuality.ts
--outputs files, the identifiers (4 characters or more) of the target's first line that are not in the
case's own file (prefix + suffix) but stand in at least two files of its package; per system, the
share of those names that its suggestion's first line contains. Prints JSON.

The workspace context is there to bring such names into the prompt; the bench's averages mix these
cases with many that do not need it.

    /usr/bin/python3 models/train/copy_rate.py --work .cache/v2 /tmp/outputs-s13.json /tmp/outputs-s29.json
"""
import argparse
import collections
import json
import os
import re

IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]{3,}")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--work", required=True)
    p.add_argument("outputs", nargs="+")
    args = p.parse_args()
    in_files = collections.defaultdict(collections.Counter)  # package -> name -> files that have it
    with open(os.path.join(args.work, "corpus", "unseen.jsonl"), encoding="utf-8") as f:
        for line in f:
            if line.strip():
                row = json.loads(line)
                in_files[row["package"]].update(set(IDENTIFIER.findall(row["text"])))
    report = {}
    for path in args.outputs:
        with open(path, encoding="utf-8") as f:
            cases = json.load(f)
        systems = [k for k in cases[0] if "+" in k]
        found, needed, count = collections.Counter(), 0, 0
        for c in cases:
            own = set(IDENTIFIER.findall(c["prefix"] + c["suffix"]))
            package = in_files[c["file"].split("/")[0]]
            names = [n for n in set(IDENTIFIER.findall(c["target"].split("\n")[0])) if n not in own and package[n] >= 2]
            if not names:
                continue
            count += 1
            needed += len(names)
            for s in systems:
                first = c[s].split("\n")[0]
                found[s] += sum(1 for n in names if n in first)
        report[os.path.basename(path)] = {"cases": count, "names": needed, "written": {s: round(found[s] / needed, 4) for s in systems} if needed else {}}
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
