#!/usr/bin/env python3
"""The corpus packed to travel to a lent GPU node in one call (at most 64 MiB with the project):
corpus/{train,heldout,unseen}.jsonl and manifest.json, tokenizer/, and tokens-check.json (the
SHA-256 of the engine's ids for the first files of each split, made by tokensCheck.ts), as one
xz-compressed tar. device.sh unpacks it there, encodes it with encode.py --check, and trains.

    python3 models/train/pack.py --work .cache/code-model --out .devpack/corpus.tar.xz
"""
import argparse
import json
import os
import subprocess
import sys

LIMIT = 64 * 1024 * 1024


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--work", required=True)
    p.add_argument("--out", required=True)
    args = p.parse_args()
    members = ["corpus/train.jsonl", "corpus/heldout.jsonl", "corpus/unseen.jsonl", "corpus/manifest.json",
               "tokenizer/tokenizer.json", "tokenizer/tokenizer_config.json", "tokens-check.json"]
    missing = [m for m in members if not os.path.exists(os.path.join(args.work, m))]
    if missing:
        sys.exit(f"pack.py: {', '.join(missing)} missing under {args.work}; run the recipe's corpus, tokenizer and check steps first")
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    tmp = args.out + ".tmp"
    env = dict(os.environ, XZ_OPT="-6 -T0")
    subprocess.run(["tar", "-cJf", tmp, "-C", args.work, *members], check=True, env=env)
    os.replace(tmp, args.out)
    size = os.path.getsize(args.out)
    raw = sum(os.path.getsize(os.path.join(args.work, m)) for m in members)
    # What else travels: the checkout's tracked files (the shipped model's ONNX file among them).
    listed = subprocess.run(["git", "ls-files", "-z"], capture_output=True, check=True).stdout.decode().split("\0")
    tracked = sum(os.path.getsize(f) for f in listed if f and os.path.isfile(f))
    shipped = os.path.join("models", "code-model", "onnx")
    shipped_bytes = sum(os.path.getsize(os.path.join(shipped, f)) for f in os.listdir(shipped)) if os.path.isdir(shipped) else 0
    print(json.dumps({"pack": args.out, "bytes": size, "raw_bytes": raw, "ratio": raw / size, "tracked_bytes": tracked,
                      "travels_bytes": size + tracked}))
    if size + tracked > LIMIT:
        if size + tracked - shipped_bytes <= LIMIT:
            print(f"pack.py: the pack and the checkout make {(size + tracked) / 2**20:.1f} MiB, over the 64 MiB a device call carries;"
                  f" move {shipped} aside for the call (the node does not need it): {(size + tracked - shipped_bytes) / 2**20:.1f} MiB", file=sys.stderr)
        else:
            sys.exit(f"pack.py: the pack ({size / 2**20:.1f} MiB) and the checkout ({tracked / 2**20:.1f} MiB) exceed the 64 MiB a device call carries")


if __name__ == "__main__":
    main()
