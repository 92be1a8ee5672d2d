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
# Debian's python by default: a pyenv python3 earlier on PATH cannot see python3-torch. On a GPU node
# with its own PyTorch (a venv, conda), HAI_MODEL_PYTHON=python3 uses that one instead.
PY=${HAI_MODEL_PYTHON:-/usr/bin/python3}
mkdir -p "$WORK"

if [[ $PY == /usr/bin/python3 ]] && command -v dpkg-query >/dev/null; then
  missing=()
  # libopenblas0-pthread: without it Debian's torch falls back to a reference BLAS ~10x slower.
  for pkg in python3-torch python3-onnx python3-numpy libopenblas0-pthread; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
  done
  if ((${#missing[@]})); then
    echo "recipe: installing ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
  fi
fi
if ! "$PY" -c "import torch, onnx, numpy" 2>/dev/null; then
  echo "recipe: $PY cannot import torch, onnx and numpy; install them or point HAI_MODEL_PYTHON at a python that can" >&2
  exit 1
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
if ! command -v npx >/dev/null; then
  # A GPU node without Node.js: the model is exported; the evaluation needs the language server.
  echo "recipe: exported to models/code-model; Node.js is not here, so run 'npm run model:build' again" >&2
  echo "recipe: on a machine with it (same HAI_MODEL_WORK) to evaluate the model and write its card." >&2
  exit 0
fi
step evaluate
npm run --silent package >/dev/null
npx tsx bench/codeQuality.ts --work "$WORK" --model models/code-model --out "$WORK/quality.json"
npx tsx bench/completion.ts --model models/code-model --out "$WORK/completion.json" >/dev/null
step card
"$PY" models/train/card.py --work "$WORK" --out models/code-model --compare models/train/runs/*.jsonl
step done
