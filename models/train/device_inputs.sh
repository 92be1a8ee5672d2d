#!/usr/bin/env bash
# What the next lent GPU's three calls carry (README.md, "A wider corpus for the next lent GPU"), made
# on this machine in one go: a session's machine starts from a clean checkout, without .cache/,
# .devpack/ or .devinit/, and the device's 15 minutes count only from its first call, so this runs
# before it (~10 minutes on 2 cores, most of it apt downloads and xz).
#
#   .cache/v3/          the wider corpus (corpus.py, packages.txt + packages-more.txt + packages-scripts.txt),
#                       the shipped tokenizer, tokens-check.json (tokensCheck.ts: the engine's ids for
#                       1,500 files), and the scripts evaluation split (scripts.py) against that corpus
#   .devpack/part-NN/   that corpus packed in parts, one per `device.sh --prepare` call (pack.py)
#   .devinit/           the shipped 25m's weights read back from its int8 file (recover.py --check),
#                       xz-compressed, for train.py --init there
#
# Each step is skipped when its output is there already, so running it again goes on where it stopped.
# Needs python3 with numpy, onnx and torch (Debian's python3-numpy, python3-onnx, python3-torch: installed
# here when run as root) and the npm packages (npm ci).
#
#   bash models/train/device_inputs.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=/usr/bin/python3
V3=.cache/v3
RUN=models/train/runs/h200-v2-2026-11-29

if ! "$PY" -c 'import numpy, onnx, torch' 2>/dev/null; then
  if [[ $(id -u) == 0 ]]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-numpy python3-onnx python3-torch
  else
    echo "device_inputs.sh: $PY lacks numpy, onnx or torch; as root: apt-get install -y python3-numpy python3-onnx python3-torch" >&2
    exit 1
  fi
fi
# Without OpenBLAS Debian's torch multiplies with a reference BLAS ~10x slower (recover.py): worth
# installing, not worth stopping for.
if [[ $(id -u) == 0 ]] && ! dpkg-query -W -f='${Status}' libopenblas0-pthread 2>/dev/null | grep -q "ok installed"; then
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libopenblas0-pthread; } ||
    echo "device_inputs.sh: libopenblas0-pthread could not be installed; going on with the slower BLAS" >&2
fi
[[ -x node_modules/.bin/tsx ]] || { echo "device_inputs.sh: no node_modules; run npm ci first" >&2; exit 1; }

LISTS=(packages.txt packages-more.txt packages-scripts.txt)
# A corpus made from other lists (before packages-scripts.txt) is made again, and what came from it with it.
if [[ -f $V3/corpus/manifest.json ]] &&
  ! "$PY" -c 'import json, sys; sys.exit(json.load(open(sys.argv[1]))["package_lists"] != sys.argv[2:])' "$V3/corpus/manifest.json" "${LISTS[@]}"; then
  echo "== corpus: $V3 was made from other package lists; making it again"
  rm -rf "$V3/corpus" "$V3/tokens-check.json" .devpack
fi
if [[ ! -f $V3/corpus/manifest.json ]]; then
  echo "== corpus: 383 packages into $V3/corpus (apt-get download)"
  "$PY" models/train/corpus.py --work "$V3" "${LISTS[@]/#/--packages=models/train/}"
fi
if [[ ! -f $V3/corpus/scripts.json ]]; then
  echo "== scripts: the evaluation split (scripts.txt) without copies of this corpus"
  "$PY" models/train/scripts.py --work "$V3"
fi
mkdir -p "$V3/tokenizer"
for f in tokenizer.json tokenizer_config.json; do
  [[ -f $V3/tokenizer/$f ]] || cp "models/code-model/$f" "$V3/tokenizer/$f"
done
if [[ ! -f $V3/tokens-check.json ]]; then
  echo "== tokens check: the engine's ids for the first 1,500 files of each split"
  # Written whole or not at all: pack.py refuses a pack without it.
  npx tsx models/train/tokensCheck.ts --work "$V3" --files 1500 > "$V3/tokens-check.json.tmp"
  mv "$V3/tokens-check.json.tmp" "$V3/tokens-check.json"
fi
if [[ ! -f .devpack/part-00/parts.json ]]; then
  echo "== pack: .devpack/part-NN"
  "$PY" models/train/pack.py --work "$V3" --out .devpack/corpus.tar.xz
fi
if [[ ! -f .devinit/weights-25m.pt.xz ]]; then
  echo "== weights: the shipped 25m read back (recover.py --check), xz"
  mkdir -p .cache/v2/h200 .devinit
  [[ -f .cache/v2/h200/weights-25m.pt ]] ||
    "$PY" models/train/recover.py --model models/code-model --check --log "$RUN/train-25m.log.jsonl" --out .cache/v2/h200/weights-25m.pt
  xz -T2 -1 -c .cache/v2/h200/weights-25m.pt > .devinit/weights-25m.pt.xz.tmp
  mv .devinit/weights-25m.pt.xz.tmp .devinit/weights-25m.pt.xz
fi
echo "== ready for the three calls:"
ls -l .devpack/part-*/ .devinit/
