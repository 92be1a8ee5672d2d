#!/usr/bin/env python3
"""The corpus packed to travel to a lent GPU node in one call (at most 64 MiB with the project):
corpus/{train,heldout,unseen}.jsonl and manifest.json, tokenizer/, and tokens-check.json (the
SHA-256 of the engine's ids for the first files of each split, made by tokensCheck.ts), as one
xz-compressed tar. device.sh unpacks it there, encodes it with encode.py --check, and trains.
A pack too large for one call beside the checkout (the wider corpus, packages-more.txt) is cut
into parts, <out dir>/part-NN/, which successive `device.sh --prepare` calls carry one by one.

    python3 models/train/pack.py --work .cache/code-model --out .devpack/corpus.tar.xz
"""
import argparse
import glob
import hashlib
import json
import os
import shutil
import subprocess
import sys

LIMIT = 64 * 1024 * 1024
# Kept free in each call: files the checkout gains between packing and the call, and rounding.
MARGIN = 1024 * 1024


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--work", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--part-mib", type=float, help="cut the pack into parts of at most this size (default: what a call carries beside"
                   " the checkout; smaller to rehearse the parts here)")
    args = p.parse_args()
    members = ["corpus/train.jsonl", "corpus/heldout.jsonl", "corpus/unseen.jsonl", "corpus/manifest.json",
               "tokenizer/tokenizer.json", "tokenizer/tokenizer_config.json", "tokens-check.json"]
    missing = [m for m in members if not os.path.exists(os.path.join(args.work, m))]
    if missing:
        sys.exit(f"pack.py: {', '.join(missing)} missing under {args.work}; run the recipe's corpus, tokenizer and check steps first")
    out_dir = os.path.dirname(os.path.abspath(args.out))
    os.makedirs(out_dir, exist_ok=True)
    tmp = args.out + ".tmp"
    env = dict(os.environ, XZ_OPT="-6 -T0")
    subprocess.run(["tar", "-cJf", tmp, "-C", args.work, *members], check=True, env=env)
    # An earlier pack, whole or in parts, must not travel beside this one.
    for old in glob.glob(os.path.join(out_dir, "part-*")):
        shutil.rmtree(old)
    size = os.path.getsize(tmp)
    raw = sum(os.path.getsize(os.path.join(args.work, m)) for m in members)
    # What else travels: the checkout's tracked files (the shipped model's ONNX file among them).
    listed = subprocess.run(["git", "ls-files", "-z"], capture_output=True, check=True).stdout.decode().split("\0")
    tracked = sum(os.path.getsize(f) for f in listed if f and os.path.isfile(f))
    shipped = os.path.join("models", "code-model", "onnx")
    shipped_bytes = sum(os.path.getsize(os.path.join(shipped, f)) for f in os.listdir(shipped)) if os.path.isdir(shipped) else 0
    # What one call can carry beside the checkout with the shipped model moved aside.
    room = int(args.part_mib * 2**20) if args.part_mib else LIMIT - (tracked - shipped_bytes) - MARGIN
    if not args.part_mib and room < 2**20:
        os.remove(tmp)
        sys.exit(f"pack.py: the checkout without {shipped} is {(tracked - shipped_bytes) / 2**20:.1f} MiB: no room for the pack in a 64 MiB"
                 " device call; keep large files out of git")
    if size <= room:
        os.replace(tmp, args.out)
        print(json.dumps({"pack": args.out, "bytes": size, "raw_bytes": raw, "ratio": raw / size, "tracked_bytes": tracked,
                          "travels_bytes": size + tracked}))
        if size + tracked > LIMIT:
            print(f"pack.py: the pack and the checkout make {(size + tracked) / 2**20:.1f} MiB, over the 64 MiB a device call carries;"
                  f" move {shipped} aside for the call (the node does not need it): {(size + tracked - shipped_bytes) / 2**20:.1f} MiB", file=sys.stderr)
        return
    if os.path.exists(args.out):
        os.remove(args.out)
    parts = split_pack(tmp, out_dir, os.path.basename(args.out), room)
    os.remove(tmp)
    print(json.dumps({"pack": [os.path.relpath(d) for d in parts], "bytes": size, "raw_bytes": raw, "ratio": raw / size,
                      "tracked_bytes": tracked, "part_limit_bytes": room}))
    print(f"pack.py: {size / 2**20:.1f} MiB do not travel in one call beside the checkout ({(tracked - shipped_bytes) / 2**20:.1f} MiB"
          f" without {shipped}): {len(parts)} parts; call k of device.sh --prepare carries [\"{os.path.relpath(parts[0])[:-2]}<k>\"],"
          " one after the other on the same warm machine, the model moved aside", file=sys.stderr)


def split_pack(path, out_dir, name, room):
    """The xz tar cut into parts of equal size, at most `room` bytes each, in folders part-00, part-01, …
    (one call carries one folder). Each folder also holds parts.json: the number of parts and the whole
    pack's size and SHA-256, which device.sh checks before it joins the parts and unpacks them."""
    size = os.path.getsize(path)
    count = -(-size // room)
    step = -(-size // count)
    digest = hashlib.sha256()
    folders = []
    with open(path, "rb") as f:
        for k in range(count):
            chunk = f.read(step)
            digest.update(chunk)
            folder = os.path.join(out_dir, f"part-{k:02d}")
            os.makedirs(folder)
            with open(os.path.join(folder, f"{name}.part-{k:02d}"), "wb") as g:
                g.write(chunk)
            folders.append(folder)
    index = {"name": name, "parts": count, "bytes": size, "sha256": digest.hexdigest()}
    for folder in folders:
        with open(os.path.join(folder, "parts.json"), "w") as f:
            json.dump(index, f)
            f.write("\n")
    return folders


if __name__ == "__main__":
    main()
