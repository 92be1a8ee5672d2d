#!/usr/bin/env bash
# What a lent GPU returned (device.sh), measured here in one sitting against the shipped model, so that
# the choice of what ships rests on one run's figures:
#
#   bash models/train/judge.sh RUN FETCHED [FETCHED ...]
#
# RUN      the run's folder, models/train/runs/<gpu>-<date>: the device's logs (logs.tar.gz, device.log)
#          are unpacked there, the measurements go to RUN/judged/
# FETCHED  the folders the device calls' files came back in (files_at): logs.tar.gz, device.log and
#          weights-<size>.pt.part-NN, whichever call brought which
#
# For each size whose weight parts came back: the parts joined (.cache/v2/h200/weights-<size>-<run>.pt;
# judge_inputs.py, which stops on a part missing, cut short or fetched twice with other bytes) and
# exported (.cache/v2/cand-<size>-<run>/); then, the shipped model (label v2-25m-earlier, as the card
# names it) beside them and the candidates labelled v2-<size>:
#   unseen-loss.json                unseen_loss.py, fp32 from the weights (the shipped ones read back
#                                   from its int8 file, so with int8's rounding, which the candidates'
#                                   bf16 weights do not have yet: slightly in their favour)
#   decode-<size>.json              bench/decode.ts, the candidate and the shipped file in turns
#   cross-file-names.json           bench/crossFileNames.ts: names only another file of the project has
#   quality-<split>-s<seed>.json    bench/codeQuality.ts, the models' own suggestions, the context pinned
#                                   at 384 tokens, with the model the 25m replaced (label today) too
#   paired-<split>-s<seed>-vs-<label>.json   bench/qualityPaired.ts against the shipped model, today's
#                                   and, with both, the kv2 against the 25m trained beside it
#   summary.md, summary.json        judge_summary.py: one table of all of it
# Each step whose output exists is skipped, so an interrupted run goes on where it stopped; judged/
# inputs.json says what it measured (the weights, the shipped file, the scripts split, the cases), and
# a run with other inputs into the same folder stops rather than mix two sittings.
#
# HAI_JUDGE_SPLITS (default "unseen scripts"), HAI_JUDGE_SEEDS (41), HAI_JUDGE_CASES (400 per kind),
# HAI_JUDGE_SCRIPTS_WORK: the work folder of the scripts split (default .cache/v3, whose scripts.jsonl
# device_inputs.sh made against the wider corpus the candidates trained on).
# About 9 minutes per model, split and seed on 2 cores: the defaults with two candidates ~80 minutes.
set -euo pipefail
(($# >= 2)) || { sed -n 2,12p "$0" >&2; exit 2; }
# The folders as the caller named them, before the cd to the checkout's root.
args=()
for a in "$@"; do args+=("$(realpath -m "$a")"); done
set -- "${args[@]}"
cd "$(dirname "$0")/../.."
RUN=$1; shift
NAME=$(basename "$RUN")
PY=${HAI_MODEL_PYTHON:-/usr/bin/python3}
V2=.cache/v2
# The scripts split made against the corpus the candidates trained on (device_inputs.sh: .cache/v3), so
# that it holds no copy of their training files; one made against another corpus would flatter them.
SCRIPTS_WORK=${HAI_JUDGE_SCRIPTS_WORK:-.cache/v3}
[[ -f $SCRIPTS_WORK/corpus/scripts.jsonl ]] || {
  echo "judge: no $SCRIPTS_WORK/corpus/scripts.jsonl: run bash models/train/device_inputs.sh (or set HAI_JUDGE_SCRIPTS_WORK to the corpus the candidates trained on)" >&2
  exit 1
}
CASES=${HAI_JUDGE_CASES:-400}
J=$RUN/judged
mkdir -p "$J" "$V2/judged-$NAME"
step() { echo "== $1 ($(date -u +%H:%M:%S))"; }

# The weights first: a part missing or cut short stops the run before anything slow.
step "logs and weights"
readarray -t sizes < <("$PY" models/train/judge_inputs.py --run "$RUN" --work "$V2" --shipped models/code-model/onnx/model_int8.onnx \
  --scripts "$SCRIPTS_WORK/corpus/scripts.jsonl" --cases "$CASES" "$@")
# judge_inputs.py prints the sizes last, so any failure leaves none (a process substitution's exit status is lost).
((${#sizes[@]})) || exit 1

# The shipped model's corpus and token ids (corpus.py pins each package's version, so the unseen split is
# the same file, SHA-256 2de6402c…): the export's calibration and the unseen loss read them.
if [[ ! -f $V2/tokens/train.bin || ! -f $V2/tokens/unseen.bin ]]; then
  step "the shipped model's corpus ($V2)"
  [[ -f $V2/corpus/manifest.json ]] || "$PY" models/train/corpus.py --work "$V2" --packages models/train/packages.txt
  mkdir -p "$V2/tokenizer" && cp models/code-model/tokenizer.json models/code-model/tokenizer_config.json "$V2/tokenizer/"
  npx tsx models/train/encode.ts --work "$V2"
fi
# The shipped weights read back from the shipped file, again if they were read from another one.
shipped_pt=$V2/h200/weights-25m.pt
shipped_sha=$(sha256sum models/code-model/onnx/model_int8.onnx | cut -d' ' -f1)
if [[ ! -f $shipped_pt ]] || ! "$PY" -c 'import sys, torch; sys.exit(torch.load(sys.argv[1], map_location="cpu", weights_only=False)["args"].get("sha256") != sys.argv[2])' "$shipped_pt" "$shipped_sha" 2>/dev/null; then
  step "the shipped weights, read back"
  "$PY" models/train/recover.py --model models/code-model --check \
    --log models/train/runs/h200-v2-2026-11-29/train-25m.log.jsonl --out "$shipped_pt"
fi

models=()
for size in "${sizes[@]}"; do
  cand=$V2/cand-$size-$NAME
  pt=$V2/h200/weights-$size-$NAME.pt
  weights_sha=$(sha256sum "$pt" | cut -d' ' -f1)
  # Exported again when cut short (export-check.json is the export's last file) or from other weights.
  if [[ ! -f $cand/export-check.json || $(cat "$cand/weights.sha256" 2>/dev/null) != "$weights_sha" ]]; then
    step "export $size"
    rm -rf "$cand"
    "$PY" models/train/export.py --work "$V2" --out "$cand" --checkpoint "$pt"
    echo "$weights_sha" >"$cand/weights.sha256"
  fi
  models+=("v2-$size=$cand")
done
# The model the 25m replaced (item 3's comparison), as committed before the 25m shipped.
if [[ ! -f $V2/today/.complete ]]; then
  mkdir -p "$V2/today/onnx"
  for f in config.json export-check.json tokenizer.json tokenizer_config.json onnx/model_int8.onnx; do
    git show "aa50e98:models/code-model/$f" >"$V2/today/$f.tmp"
    mv "$V2/today/$f.tmp" "$V2/today/$f"
  done
  touch "$V2/today/.complete"
fi
all=$(IFS=,; echo "v2-25m-earlier=models/code-model,${models[*]}")

step "unseen loss"
if [[ ! -f $J/unseen-loss.json ]]; then
  losses=("v2-25m-earlier=$shipped_pt")
  for size in "${sizes[@]}"; do losses+=("v2-$size=$V2/h200/weights-$size-$NAME.pt"); done
  "$PY" models/train/unseen_loss.py --work "$V2" --windows 24 --threads 2 "${losses[@]}" >"$J/unseen-loss.json.tmp"
  mv "$J/unseen-loss.json.tmp" "$J/unseen-loss.json"
fi

node esbuild.config.mjs --production >/dev/null
step "decode"
for size in "${sizes[@]}"; do
  [[ -f $J/decode-$size.json ]] || npx tsx bench/decode.ts --model "$V2/cand-$size-$NAME" --baseline models/code-model \
    --steps 240 --rounds 20 --out "$J/decode-$size.json" >/dev/null
done

step "names only the project has"
[[ -f $J/cross-file-names.json ]] || npx tsx bench/crossFileNames.ts --models "$all" --out "$J/cross-file-names.json" >/dev/null

for split in ${HAI_JUDGE_SPLITS:-unseen scripts}; do
  work=$V2
  [[ $split == scripts ]] && work=$SCRIPTS_WORK
  for seed in ${HAI_JUDGE_SEEDS:-41}; do
    q=$J/quality-$split-s$seed.json
    # Every case's answers (several MB): kept beside the weights, not in git.
    outputs=$V2/judged-$NAME/outputs-$split-s$seed.json
    step "quality: $split, seed $seed ($work)"
    if [[ ! -f $q ]]; then
      # Comparisons made from an earlier quality file no longer hold for this one.
      rm -f "$J/paired-$split-s$seed-vs-"*.json
      npx tsx bench/codeQuality.ts --work "$work" --split "$split" --cases "$CASES" --seed "$seed" \
        --settings similar-model --warm-cases 0 --bpb-files none --ngram off --context-tokens 384 \
        --models "today=$V2/today,$all" --out "$q" --outputs "$outputs" >/dev/null
    fi
    bases=(v2-25m-earlier today)
    [[ " ${sizes[*]} " == *" 25m "* && " ${sizes[*]} " == *" 25m-kv2 "* ]] && bases+=(v2-25m)
    for base in "${bases[@]}"; do
      p=$J/paired-$split-s$seed-vs-$base.json
      [[ -f $p ]] || npx tsx bench/qualityPaired.ts "$outputs" --base "$base+similar-model" --out "$p" >/dev/null
    done
  done
done

step summary
"$PY" models/train/judge_summary.py "$J"
