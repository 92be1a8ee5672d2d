#!/usr/bin/env bash
# The default code model, end to end, from a clean checkout (npm ci done):
#
#   npm run model:build                      # HAI_MODEL_TOKENS=14000000 by default (the shipped model)
#
# corpus (Debian packages) → tokenizer (BPE) → token ids → training (resumable) → export (ONNX,
# int8) into models/code-model → quality evaluation over LSP (bench/codeQuality.ts). Each step
# whose output exists is skipped, so running it again after an interruption continues the training
# from its last checkpoint. Work files go to $HAI_MODEL_WORK (default .cache/code-model).
# Stop training early and keep the checkpoint: HAI_MODEL_MINUTES=N (then run again to continue).
set -euo pipefail
cd "$(dirname "$0")/../.."
WORK=${HAI_MODEL_WORK:-.cache/code-model}
TOKENS=${HAI_MODEL_TOKENS:-14000000}
MINUTES=${HAI_MODEL_MINUTES:-0}
PY=/usr/bin/python3   # Debian's: a pyenv python3 earlier on PATH cannot see python3-torch
mkdir -p "$WORK"

missing=()
for pkg in python3-torch python3-onnx python3-numpy libopenblas0-pthread; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  echo "recipe: installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi

step() { echo "== $1 ($(date -u +%H:%M:%S))"; }

step corpus
[[ -f $WORK/corpus/manifest.json ]] || "$PY" models/train/corpus.py --work "$WORK"
step tokenizer
[[ -f $WORK/tokenizer/tokenizer.json ]] || npx tsx models/train/bpe.ts --work "$WORK" --vocab 8192 --context 512
if cmp -s "$WORK/tokenizer/tokenizer.json" models/code-model/tokenizer.json; then
  echo "tokenizer.json is identical, byte for byte, to the shipped one"
else
  echo "tokenizer.json differs from models/code-model/tokenizer.json (other corpus or trainer)"
fi
step tokens
[[ -f $WORK/tokens/train.docs.json ]] || npx tsx models/train/encode.ts --work "$WORK"
step train
resume=()
[[ -f $WORK/checkpoints/last.pt ]] && resume=(--resume)
rc=0
"$PY" models/train/train.py --work "$WORK" --tokens "$TOKENS" --stop-after-minutes "$MINUTES" "${resume[@]}" || rc=$?
if ((rc == 75)); then
  echo "recipe: training stopped before $TOKENS tokens; its checkpoint is in $WORK/checkpoints/last.pt." >&2
  echo "recipe: run 'npm run model:build' again (same HAI_MODEL_WORK) to continue; nothing was exported." >&2
  exit 75
elif ((rc != 0)); then
  exit "$rc"
fi
step export
"$PY" models/train/export.py --work "$WORK" --out models/code-model
step evaluate
npm run --silent package >/dev/null
npx tsx bench/codeQuality.ts --work "$WORK" --model models/code-model --out "$WORK/quality.json"
npx tsx bench/completion.ts --model models/code-model --out "$WORK/completion.json" >/dev/null
step card
"$PY" models/train/card.py --work "$WORK" --out models/code-model
step done
