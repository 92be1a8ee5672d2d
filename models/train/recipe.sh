#!/usr/bin/env bash
# The default code model, end to end, from a clean checkout (npm ci done), on this machine's CPUs:
#
#   npm run model:build        # HAI_MODEL_SIZE (5m|12m|25m, default 12m), HAI_MODEL_TOKENS, HAI_MODEL_WORK, HAI_MODEL_MINUTES
#
# corpus (Debian packages, downloaded at pinned versions) → tokenizer (the shipped one; bpe.ts
# learns a new one with HAI_MODEL_NEW_TOKENIZER=1) → token ids → training (resumable) → export (ONNX,
# int8) into $HAI_MODEL_OUT (default models/code-model) → evaluation on the unseen packages over LSP,
# against the model it replaces and the floors → latency benches. Each step whose output exists is
# skipped, so running it again after an interruption continues the training from its checkpoint.
# Work files go to $HAI_MODEL_WORK (default .cache/code-model).
#
# The shipped model was trained on a lent GPU instead (models/train/README.md: pack.py + device.sh);
# on 2 CPU cores a 12M model trains at ~2k tokens/s, so the CPU path is for small rehearsals
# (HAI_MODEL_TOKENS=200000 HAI_MODEL_SIZE=5m HAI_MODEL_OUT=.cache/rehearsal-model: minutes).
set -euo pipefail
cd "$(dirname "$0")/../.."
WORK=${HAI_MODEL_WORK:-.cache/code-model}
SIZE=${HAI_MODEL_SIZE:-12m}
TOKENS=${HAI_MODEL_TOKENS:-280000000}
MINUTES=${HAI_MODEL_MINUTES:-0}
OUTDIR=${HAI_MODEL_OUT:-models/code-model}
# Debian's python by default: a pyenv python3 earlier on PATH cannot see python3-torch.
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
# Example galleries of documentation packages, minus copies of the corpus: the "scripts" evaluation split.
[[ -f $WORK/corpus/scripts.json ]] || "$PY" models/train/scripts.py --work "$WORK"
step tokenizer
if [[ ! -f $WORK/tokenizer/tokenizer.json ]]; then
  if [[ ${HAI_MODEL_NEW_TOKENIZER:-0} == 1 ]]; then
    npx tsx models/train/bpe.ts --work "$WORK" --vocab 8192 --context 1024
  else
    mkdir -p "$WORK/tokenizer"
    cp models/code-model/tokenizer.json models/code-model/tokenizer_config.json "$WORK/tokenizer/"
  fi
fi
step tokens
# headers.bin: a work folder of the first recipe has token ids but not the repository-level headers.
[[ -f $WORK/tokens/train.docs.json && -f $WORK/tokens/train.headers.bin ]] || npx tsx models/train/encode.ts --work "$WORK"
if [[ ! -f $WORK/tokens-check.json ]]; then
  npx tsx models/train/tokensCheck.ts --work "$WORK" --files 1500 >"$WORK/tokens-check.json.tmp"
  mv "$WORK/tokens-check.json.tmp" "$WORK/tokens-check.json"
fi
step train
resume=()
[[ -f $WORK/checkpoints/last.pt ]] && resume=(--resume)
rc=0
"$PY" models/train/train.py --work "$WORK" --size "$SIZE" --tokens "$TOKENS" --repo-rate 0.35 \
  --stop-after-minutes "$MINUTES" "${resume[@]}" || rc=$?
if ((rc == 75)); then
  echo "recipe: training stopped before $TOKENS tokens; its checkpoint is in $WORK/checkpoints/last.pt." >&2
  echo "recipe: run 'npm run model:build' again (same HAI_MODEL_WORK) to continue; nothing was exported." >&2
  exit 75
elif ((rc != 0)); then
  exit "$rc"
fi
step export
# The model it replaces, kept for the comparison before the export overwrites it.
[[ -d $WORK/previous-model ]] || cp -r "$OUTDIR" "$WORK/previous-model" 2>/dev/null || cp -r models/code-model "$WORK/previous-model"
"$PY" models/train/export.py --work "$WORK" --out "$OUTDIR"
step evaluate
npm run --silent package >/dev/null
# The file alone and the default workspace context, the models' own suggestions (no lines repeated
# from the project, which both models would give alike): the comparison a model is chosen by (every
# setting for two models would take ~40 minutes here; bench/codeQuality.ts --settings to add more).
npx tsx bench/codeQuality.ts --work "$WORK" --models "today=$WORK/previous-model,v2-$SIZE=$OUTDIR" --settings file-model,similar-model --out "$WORK/quality.json"
# Scripts that call the libraries, as users write them (scripts.py's split), with the project's context.
npx tsx bench/codeQuality.ts --work "$WORK" --split scripts --bpb-files none --ngram off --models "today=$WORK/previous-model,v2-$SIZE=$OUTDIR" \
  --settings similar-model --out "$WORK/quality-scripts.json" --outputs "$WORK/outputs-scripts.json"
npx tsx bench/qualityPaired.ts "$WORK/outputs-scripts.json" --base today+similar-model --out "$WORK/paired-scripts.json" >/dev/null
npx tsx bench/completion.ts --model "$OUTDIR" --out "$WORK/completion-v2-$SIZE.json" >/dev/null
npx tsx bench/coldStart.ts --model "$OUTDIR" --out "$WORK/cold-v2-$SIZE.json" >/dev/null
step card
mkdir -p "$WORK/run"
cp "$WORK/quality.json" "$WORK/quality-scripts.json" "$WORK/paired-scripts.json" "$WORK/completion-v2-$SIZE.json" "$WORK/cold-v2-$SIZE.json" "$WORK/run/"
cp "$WORK/train.log.jsonl" "$WORK/run/train-$SIZE.log.jsonl"
"$PY" models/train/card.py --work "$WORK" --run "$WORK/run" --chosen "$SIZE" \
  --scripts "$WORK/run/quality-scripts.json" --scripts-paired "$WORK/run/paired-scripts.json" --out "$OUTDIR"
step done
