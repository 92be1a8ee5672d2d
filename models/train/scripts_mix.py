"""A training corpus weighted towards scripts, for continuing a trained model's training on a CPU.

The wider corpus (.cache/v3, "A wider corpus for the next lent GPU") holds the example scripts of
packages-scripts.txt, 1 % of its bytes: a few CPU hours of training draw almost none of them. This
keeps every file of group "scripts" and a random share of the other files (whole files, so the
repository-level format still finds other files of the same package), and takes the held-out and
unseen token files of the shipped model's corpus unchanged, so that losses stay comparable with it.

    python3 models/train/scripts_mix.py --wide .cache/v3 --base .cache/v2 --out .cache/ft1 --other-fraction 0.02
    npx tsx models/train/encode.ts --work .cache/ft1        # encodes only the train split
"""
import argparse
import json
import os
import random
import shutil


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--wide", required=True, help="work folder of the wider corpus (corpus/train.jsonl with group 'scripts')")
    p.add_argument("--base", required=True, help="work folder of the shipped model's corpus (tokenizer/, tokens/heldout.*, tokens/unseen.*)")
    p.add_argument("--out", required=True)
    p.add_argument("--other-fraction", type=float, default=0.02, help="share of the non-script files kept")
    p.add_argument("--seed", type=int, default=41)
    args = p.parse_args()

    rng = random.Random(args.seed)
    os.makedirs(os.path.join(args.out, "corpus"), exist_ok=True)
    os.makedirs(os.path.join(args.out, "tokens"), exist_ok=True)
    counts = {"scripts": [0, 0], "other": [0, 0]}
    target = os.path.join(args.out, "corpus", "train.jsonl")
    with open(os.path.join(args.wide, "corpus", "train.jsonl"), encoding="utf-8") as src, \
            open(target + ".tmp", "w", encoding="utf-8") as out:
        for line in src:
            doc = json.loads(line)
            kind = "scripts" if doc["group"] == "scripts" else "other"
            if kind == "other" and rng.random() >= args.other_fraction:
                continue
            out.write(line)
            counts[kind][0] += 1
            counts[kind][1] += len(doc["text"].encode("utf-8"))
    if counts["scripts"][0] == 0:
        os.remove(target + ".tmp")
        raise SystemExit(f"no file of group 'scripts' in {args.wide}/corpus/train.jsonl: run models/train/device_inputs.sh first")
    os.replace(target + ".tmp", target)

    shutil.copytree(os.path.join(args.base, "tokenizer"), os.path.join(args.out, "tokenizer"), dirs_exist_ok=True)
    for split in ("heldout", "unseen"):
        for ext in ("bin", "docs.json", "headers.bin"):
            shutil.copy2(os.path.join(args.base, "tokens", f"{split}.{ext}"), os.path.join(args.out, "tokens", f"{split}.{ext}"))
    print(json.dumps({kind: {"files": c[0], "bytes": c[1]} for kind, c in counts.items()}))


if __name__ == "__main__":
    main()
