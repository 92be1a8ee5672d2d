#!/usr/bin/env bash
# The recipe's GPU step, for a lent GPU node reached through the workplace's device tool: python3
# with torch there, no Node.js, no network. It unpacks the corpus pack (pack.py), encodes it with
# encode.py (stopping if the ids differ from the engine's: tokens-check.json), trains the candidate
# sizes side by side on the one GPU for the same minutes, and leaves in $HAI_DEVICE_WORK/out/ each
# candidate's bf16 weights in 15 MiB parts (weights-<size>.pt.part-00, -01, ...) and its logs.
# $OUT gets the logs and the parts listed in HAI_RETURN (a device call brings back at most 8 files
# of 16 MiB); later short calls copy the rest from the same, still warm, machine:
#
#   bash models/train/device.sh                        # train, then copy logs + HAI_RETURN parts to $OUT
#   bash models/train/device.sh --fetch 'weights-12m*' # a later call: copy more of out/ to $OUT
#
# A pack in parts (pack.py: .devpack/part-00, part-01, …): one `--prepare` call per part folder, the
# last one unpacks and encodes.
#
# Training further a model an earlier run returned (train.py --init): its weights, xz-compressed
# (~38 MiB for the 25m), and the corpus pack do not fit one call's 64 MiB together, so two calls on
# the same warm machine share the work folder:
#
#   bash models/train/device.sh --prepare              # call 1, carrying the pack: unpack and encode only
#   HAI_PACK=none HAI_INIT=.devinit bash models/train/device.sh   # call 2, carrying .devinit/weights-<size>.pt.xz
#
# Here, join the parts (cat weights-25m.pt.part-* > weights-25m.pt) and export:
#   /usr/bin/python3 models/train/export.py --work W --out models/code-model --checkpoint weights-25m.pt
set -uo pipefail
cd "$(dirname "$0")/../.."
W=${HAI_DEVICE_WORK:-/tmp/hai-work}
PY=${HAI_MODEL_PYTHON:-python3}
# Copies the files of $W/out matching a glob pattern to $OUT; fails when none matches.
copy_out() {
  local files
  # shellcheck disable=SC2206  # the pattern is meant to expand here
  files=("$W"/out/$1)
  ((${#files[@]})) || { echo "device.sh: nothing in $W/out matches $1 (was the machine given back?)" >&2; return 1; }
  cp "${files[@]}" "$OUT"/
}
shopt -s nullglob
if [[ ${1:-} == --fetch ]]; then
  copy_out "$2" && ls -l "$OUT"
  exit
fi
PACK=${HAI_PACK:-.devpack/corpus.tar.xz}
# A pack in parts (pack.py cuts one too large for a call): each --prepare call carries one part
# folder, .devpack/part-NN/; the parts wait in $W/pack until all have come, are checked against
# parts.json (count, size, SHA-256 of the whole) and joined into the pack that is unpacked below.
carried=(.devpack/part-*/parts.json)
if ((${#carried[@]})); then
  mkdir -p "$W/pack"
  # Parts of another pack, left by an earlier call on this machine, are not mixed with these.
  cmp -s "${carried[0]}" "$W/pack/parts.json" || rm -f "$W"/pack/*
  cp "${carried[0]}" "$W/pack/parts.json" && cp .devpack/part-*/*.part-* "$W/pack/" || exit 1
  read -r name count bytes sha < <("$PY" -c 'import json,sys; i=json.load(open(sys.argv[1])); print(i["name"], i["parts"], i["bytes"], i["sha256"])' "$W/pack/parts.json") || exit 1
  here=("$W/pack/$name".part-*)
  if ((${#here[@]} < count)); then
    echo "== stored $(cd .devpack && echo part-*): ${#here[@]} of $count parts on this machine; carry the next part folder in the next call $(date -u +%T)"
    exit 0
  fi
  cat "${here[@]}" >"$W/pack/$name" || exit 1
  got="$(stat -c %s "$W/pack/$name") bytes, SHA-256 $(sha256sum "$W/pack/$name" | cut -d' ' -f1)"
  [[ $got == "$bytes bytes, SHA-256 $sha" ]] ||
    { echo "device.sh: the $count parts joined ($got) are not the pack pack.py wrote ($bytes bytes, SHA-256 $sha): carry the part folders again, one per call" >&2; exit 1; }
  echo "== joined $count parts ($bytes bytes, SHA-256 checked) $(date -u +%T)"
  PACK=$W/pack/$name
fi
MINUTES=${HAI_MINUTES:-7}
SIZES=${HAI_SIZES:-12m 25m}
BATCH=${HAI_BATCH:-64}
mkdir -p "$W/out"
if [[ -f $PACK ]]; then
  echo "== unpack $(date -u +%T)"
  tar -xJf "$PACK" -C "$W" || exit 1
  echo "== encode $(date -u +%T)"
  "$PY" models/train/encode.py --work "$W" --check "$W/tokens-check.json" | tee "$W/out/encode.log" || exit 1
elif [[ -f $W/tokens/train.bin ]]; then
  echo "== corpus encoded by an earlier call on this machine ($W/tokens)"
else
  echo "device.sh: no $PACK and no encoded corpus in $W (was the machine given back after --prepare?)" >&2
  exit 1
fi
[[ ${1:-} == --prepare ]] && { echo "== prepared $(date -u +%T)"; exit 0; }
echo "== train $SIZES for $MINUTES minutes $(date -u +%T)"
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
# Every size's starting weights are unpacked before any training starts: a missing one stops the
# call before it has spent device time on the others.
if [[ -n ${HAI_INIT:-} ]]; then
  for size in $SIZES; do
    src=$HAI_INIT/weights-$size.pt.xz
    # A shape with grouped key/value heads (25m-kv2) starts from its base shape's weights (train.py
    # merges the heads, merge_heads.py), so one file serves both: two would not fit a call's 64 MiB.
    [[ -f $src ]] || src=$HAI_INIT/weights-${size%%-*}.pt.xz
    [[ -f $src ]] || { echo "device.sh: no $HAI_INIT/weights-$size.pt.xz to continue" >&2; exit 1; }
    xz -dc "$src" >"$W/weights-$size.pt" || exit 1
  done
fi
for size in $SIZES; do
  mkdir -p "$W/$size"
  for d in corpus tokenizer tokens; do ln -sfn "../$d" "$W/$size/$d"; done
  lr=2e-3
  [[ $size == 25m ]] && lr=1.5e-3
  lr=${HAI_LR:-$lr}
  init=()
  [[ -n ${HAI_INIT:-} ]] && init=(--init "$W/weights-$size.pt")
  (
    "$PY" models/train/train.py --work "$W/$size" --size "$size" --minutes "$MINUTES" --batch "$BATCH" --lr "$lr" \
      --repo-rate 0.35 --compile --loader-workers 3 --log-every 20 --eval-every 200 ${init[@]+"${init[@]}"} \
      --weights-out "$W/out/weights-$size.pt" >"$W/$size/stdout.log" 2>&1
    echo "train $size exit $?" >>"$W/$size/stdout.log"
  ) &
done
wait
echo "== done $(date -u +%T)"
for size in $SIZES; do
  cp "$W/$size/train.log.jsonl" "$W/out/train-$size.log.jsonl" 2>/dev/null
  cp "$W/$size/stdout.log" "$W/out/stdout-$size.log"
  tail -n 3 "$W/$size/stdout.log" | cut -c1-400
  [[ -f $W/out/weights-$size.pt ]] && (cd "$W/out" && split -b 15M -d "weights-$size.pt" "weights-$size.pt.part-" && rm "weights-$size.pt")
done
ls -l "$W/out"
if [[ -n ${OUT:-} ]]; then
  tar -czf "$OUT/logs.tar.gz" -C "$W/out" --exclude='weights-*' .
  read -ra patterns <<<"${HAI_RETURN:-}"
  for pattern in "${patterns[@]}"; do
    copy_out "$pattern"
  done
  ls -l "$OUT"
fi
