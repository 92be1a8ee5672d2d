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
# For each size whose weight parts came back: the parts joined (.cache/v2/h200/weights-<size>-<run>.pt)
# and exported (.cache/v2/cand-<size>-<run>/); then, the shipped model (label v2-25m-earlier, as the
# card names it) beside them and the candidates labelled v2-<size>:
#   unseen-loss.json                unseen_loss.py, fp32 from the weights (the shipped ones read back)
#   decode-<size>.json              bench/decode.ts, the candidate and the shipped file in turns
#   cross-file-names.json           bench/crossFileNames.ts: names only another file of the project has
#   quality-<split>-s<seed>.json    bench/codeQuality.ts, the models' own suggestions, the context pinned
#                                   at 384 tokens, with the model the 25m replaced (label today) too
#   paired-<split>-s<seed>-vs-<label>.json   bench/qualityPaired.ts against the shipped model, today's
#                                   and, with both, the kv2 against the 25m trained beside it
#   summary.md, summary.json        judge_summary.py: one table of all of it
# Each step whose output exists is skipped, so an interrupted run goes on where it stopped.
#
# HAI_JUDGE_SPLITS (default "unseen scripts"), HAI_JUDGE_SEEDS (41), HAI_JUDGE_CASES (400 per kind),
# HAI_JUDGE_SCRIPTS_WORK: the work folder of the scripts split (default .cache/v3, whose scripts.jsonl
# device_inputs.sh made against the wider corpus; .cache/v2 when there is no .cache/v3).
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
SCRIPTS_WORK=${HAI_JUDGE_SCRIPTS_WORK:-$([[ -f .cache/v3/corpus/scripts.jsonl ]] && echo .cache/v3 || echo $V2)}
J=$RUN/judged
mkdir -p "$J" "$V2/h200" "$V2/judged-$NAME"
step() { echo "== $1 ($(date -u +%H:%M:%S))"; }

step "logs and weights"
sizes=()
for dir in "$@"; do
  [[ -d $dir ]] || { echo "judge: $dir is not a folder" >&2; exit 1; }
  [[ -f $dir/logs.tar.gz ]] && tar -xzf "$dir/logs.tar.gz" -C "$RUN"
  [[ -f $dir/device.log ]] && cp "$dir/device.log" "$RUN/"
  for part in "$dir"/weights-*.pt.part-00; do
    [[ -f $part ]] || continue
    size=${part##*/weights-}; sizes+=("${size%.pt.part-00}")
  done
done
((${#sizes[@]})) || { echo "judge: no weights-<size>.pt.part-00 in $*: fetch them (device.sh --fetch)" >&2; exit 1; }
readarray -t sizes < <(printf '%s\n' "${sizes[@]}" | sort -u)
models=()
for size in "${sizes[@]}"; do
  pt=$V2/h200/weights-$size-$NAME.pt
  cand=$V2/cand-$size-$NAME
  if [[ ! -f $pt ]]; then
    # The parts of one size may have come back in different calls: 00, 01, ... from whichever folder.
    parts=()
    for i in $(seq -w 0 99); do
      found=
      for dir in "$@"; do [[ -z $found && -f $dir/weights-$size.pt.part-$i ]] && found=$dir/weights-$size.pt.part-$i; done
      [[ -n $found ]] || break
      parts+=("$found")
    done
    cat "${parts[@]}" >"$pt.tmp"
    # A part missing or cut short leaves a file torch cannot read: say so before anything is measured.
    "$PY" -c 'import sys, torch; s = torch.load(sys.argv[1], map_location="cpu", weights_only=False); print(sys.argv[2], s["config"], s.get("tokens"))' "$pt.tmp" "$size" ||
      { echo "judge: the ${#parts[@]} parts of weights-$size.pt do not make a checkpoint: fetch them again (device.sh --fetch 'weights-$size.pt*')" >&2; rm -f "$pt.tmp"; exit 1; }
    mv "$pt.tmp" "$pt"
  fi
  [[ -f $cand/onnx/model_int8.onnx ]] || "$PY" models/train/export.py --work "$V2" --out "$cand" --checkpoint "$pt"
  models+=("v2-$size=$cand")
done
shipped_pt=$V2/h200/weights-25m.pt
[[ -f $shipped_pt ]] || "$PY" models/train/recover.py --model models/code-model --check \
  --log models/train/runs/h200-v2-2026-11-29/train-25m.log.jsonl --out "$shipped_pt"
# The model the 25m replaced (item 3's comparison), as committed before the 25m shipped.
if [[ ! -f $V2/today/onnx/model_int8.onnx ]]; then
  mkdir -p "$V2/today/onnx"
  for f in config.json export-check.json tokenizer.json tokenizer_config.json onnx/model_int8.onnx; do
    git show "aa50e98:models/code-model/$f" >"$V2/today/$f"
  done
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
  if [[ $split == scripts ]]; then
    work=$SCRIPTS_WORK
    # Made against that folder's corpus (device_inputs.sh does it for .cache/v3): copies of it dropped.
    [[ -f $work/corpus/scripts.jsonl ]] || { step "the scripts split of $work"; "$PY" models/train/scripts.py --work "$work"; }
  fi
  for seed in ${HAI_JUDGE_SEEDS:-41}; do
    q=$J/quality-$split-s$seed.json
    # Every case's answers (several MB): kept beside the weights, not in git.
    outputs=$V2/judged-$NAME/outputs-$split-s$seed.json
    step "quality: $split, seed $seed ($work)"
    [[ -f $q ]] || npx tsx bench/codeQuality.ts --work "$work" --split "$split" --cases "${HAI_JUDGE_CASES:-400}" --seed "$seed" \
      --settings similar-model --warm-cases 0 --bpb-files none --ngram off --context-tokens 384 \
      --models "today=$V2/today,$all" --out "$q" --outputs "$outputs" >/dev/null
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
