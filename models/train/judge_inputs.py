#!/usr/bin/env python3
"""judge.sh's first step: what the device calls brought back, made ready to measure, or a clear stop.

- each size's weights from its parts, weights-<size>.pt.part-NN, from whichever FETCHED folder they
  came back in: numbered from 00 with none missing, a part fetched twice byte for byte the same; joined
  into <work>/h200/weights-<size>-<run>.pt and read with torch (a part cut short leaves a file torch
  cannot read); a file joined before from other bytes is not overwritten but stops the run;
- RUN/judged/inputs.json: what the measurements are of (each candidate's weights, the shipped file,
  the scripts split, the number of cases). judge.sh skips each step whose output exists, so a run
  with other inputs into the same folder would mix two sittings: it stops instead, before it changes
  anything there;
- then the device's logs (logs.tar.gz: train-<size>.log.jsonl, stdout-<size>.log; device.log) into RUN.

Prints the sizes, one a line.

    /usr/bin/python3 models/train/judge_inputs.py --run RUN --work .cache/v2 --shipped models/code-model/onnx/model_int8.onnx \
      --scripts .cache/v3/corpus/scripts.jsonl --cases 400 FETCHED [FETCHED ...]
"""
import argparse
import hashlib
import json
import os
import re
import shutil
import sys
import tarfile

# device.sh cuts with `split -d`: two-digit suffixes up to part-89, then GNU split widens them (part-9000).
PART = re.compile(r"^weights-(.+)\.pt\.part-(\d+)$")


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def same_bytes(a, b):
    return os.path.getsize(a) == os.path.getsize(b) and sha256(a) == sha256(b)


def stop(message):
    sys.exit(f"judge: {message}")


def unpack_logs(archive, run):
    """device.sh's logs.tar.gz (its out/ folder without the weights) into the run folder: plain files
    only, by their own names (this Python's tarfile has no extraction filter to rely on)."""
    with tarfile.open(archive) as tar:
        for member in tar.getmembers():
            # device.sh tars its out/ folder as "./<file>": anything with another path is not its own.
            name = member.name[2:] if member.name.startswith("./") else member.name
            if not member.isfile() or "/" in name or name in ("", ".", ".."):
                continue
            with tar.extractfile(member) as src, open(os.path.join(run, name), "wb") as dst:
                shutil.copyfileobj(src, dst)


def fingerprint(entry):
    """What of an inputs.json entry must match: the SHA-256s and counts, not the paths they were read at."""
    if isinstance(entry, dict):
        return {k: fingerprint(v) for k, v in entry.items() if k not in ("file", "weights")}
    return entry


def parts_by_size(folders):
    """{size: [path of part 00, 01, ...]}; stops on a gap or on two different copies of a part."""
    found = {}
    for folder in folders:
        for name in sorted(os.listdir(folder)):
            m = PART.match(name)
            if not m:
                continue
            if len(m.group(2)) != 2:
                stop(f"{name}: more than 90 parts of one size, which this reads in two-digit order only")
            size, number = m.group(1), int(m.group(2))
            path = os.path.join(folder, name)
            earlier = found.setdefault(size, {}).get(number)
            if earlier and not same_bytes(earlier, path):
                stop(f"{earlier} and {path} differ: two fetches of one part from different runs? Fetch weights-{size}.pt* again into one folder")
            found[size].setdefault(number, path)
    joined = {}
    for size, parts in sorted(found.items()):
        missing = [f"{n:02d}" for n in range(max(parts) + 1) if n not in parts]
        if missing:
            stop(f"weights-{size}.pt.part-{', part-'.join(missing)} did not come back: fetch them (device.sh --fetch 'weights-{size}.pt*')")
        joined[size] = [parts[n] for n in sorted(parts)]
    return joined


def join(size, parts, out):
    """The parts joined into `out` (through a temporary file), checked by loading it with torch."""
    import torch

    tmp = out + ".tmp"
    with open(tmp, "wb") as dst:
        for part in parts:
            with open(part, "rb") as src:
                shutil.copyfileobj(src, dst)
    try:
        state = torch.load(tmp, map_location="cpu", weights_only=False)
        if not isinstance(state, dict) or "config" not in state or "model" not in state:
            raise ValueError("no config and model in it, as train.py --weights-out writes")
    except Exception as err:  # torch's own message says what it could not read
        os.remove(tmp)
        stop(f"the {len(parts)} parts of weights-{size}.pt do not make a checkpoint ({type(err).__name__}: {err}); "
             f"the last may be cut short: fetch them again (device.sh --fetch 'weights-{size}.pt*')")
    if os.path.exists(out):
        unchanged = same_bytes(tmp, out)
        os.remove(tmp)
        if not unchanged:
            stop(f"{out} was joined before from other parts: these are another run's; judge them into another run folder")
    else:
        os.replace(tmp, out)
    before = (state.get("init") or {}).get("tokens")
    print(f"judge: weights-{size}.pt: {len(parts)} parts, {state.get('tokens')} tokens trained"
          + (f" after {before} of the weights it started from" if before else ""), file=sys.stderr)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--run", required=True)
    p.add_argument("--work", required=True)
    p.add_argument("--shipped", required=True, help="the shipped int8 file the candidates are measured beside")
    p.add_argument("--scripts", required=True, help="the scripts split's file (corpus/scripts.jsonl)")
    p.add_argument("--cases", required=True, type=int)
    p.add_argument("fetched", nargs="+")
    args = p.parse_args()
    name = os.path.basename(os.path.normpath(args.run))
    os.makedirs(args.run, exist_ok=True)
    for folder in args.fetched:
        if not os.path.isdir(folder):
            stop(f"{folder} is not a folder")
    sizes = parts_by_size(args.fetched)
    if not sizes:
        stop(f"no weights-<size>.pt.part-NN in {' '.join(args.fetched)}: fetch them (device.sh --fetch 'weights-*')")
    os.makedirs(os.path.join(args.work, "h200"), exist_ok=True)
    # The paths are kept to read; only the bytes (and the number of cases) say whether two runs match.
    inputs = {"shipped": {"file": args.shipped, "sha256": sha256(args.shipped)},
              "scripts": {"file": args.scripts, "sha256": sha256(args.scripts)}, "cases": args.cases, "candidates": {}}
    for size, parts in sizes.items():
        out = os.path.join(args.work, "h200", f"weights-{size}-{name}.pt")
        join(size, parts, out)
        inputs["candidates"][f"v2-{size}"] = {"weights": out, "sha256": sha256(out)}
    judged = os.path.join(args.run, "judged")
    os.makedirs(judged, exist_ok=True)
    path = os.path.join(judged, "inputs.json")
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            before = json.load(f)
        changed = [k for k in inputs if fingerprint(before.get(k)) != fingerprint(inputs[k])]
        if changed:
            stop(f"{judged} holds measurements of other inputs ({', '.join(changed)} changed since): "
                 "judge into another run folder, or remove that one to measure again")
    else:
        with open(path + ".tmp", "w", encoding="utf-8") as f:
            json.dump(inputs, f, indent=1)
        os.replace(path + ".tmp", path)
    # Only now the logs: a run stopped above leaves the run folder's logs those of the sitting measured.
    for folder in args.fetched:
        logs = os.path.join(folder, "logs.tar.gz")
        if os.path.exists(logs):
            unpack_logs(logs, args.run)
        if os.path.exists(os.path.join(folder, "device.log")):
            shutil.copyfile(os.path.join(folder, "device.log"), os.path.join(args.run, "device.log"))
    for log in sorted(os.listdir(args.run)):
        m = re.match(r"^train-(.+)\.log\.jsonl$", log)
        if m and m.group(1) not in sizes:
            print(f"judge: {log} came back but no weights-{m.group(1)}.pt parts: that size is not measured", file=sys.stderr)
    print("\n".join(sizes))


if __name__ == "__main__":
    main()
