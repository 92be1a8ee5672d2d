#!/usr/bin/env python3
"""Step 7 of the recipe: writes the model card, models/code-model/README.md, from what the earlier
steps logged: the corpus manifest, the training log, the quality evaluation (bench/codeQuality.ts)
and the latency benchmark (bench/completion.ts). Every figure in the card comes from those files.

    /usr/bin/python3 models/train/card.py --work .cache/code-model --out models/code-model
"""
import argparse
import hashlib
import json
import os


def read_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def read_log(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def precision(start):
    return "bf16 autocast" if start["bf16_autocast"] else "fp32"


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def mib(n):
    return f"{n / 1024 / 1024:.1f} MiB"


def training_minutes(log):
    """Minutes of training over all sittings: a sitting's own total when it stopped cleanly, else
    the time its logged steps took (tokens / tokens per second), for a run that was killed."""
    total, sitting = 0.0, []

    def close(entries):
        stop = next((e for e in entries if e.get("event") == "stop"), None)
        if stop:
            return stop["minutes"]
        start = next((e for e in entries if e.get("event") == "start"), None)
        if not start:
            return 0.0
        per_log = start["args"]["batch"] * start["config"]["context"] * start["args"]["log_every"]
        return sum(per_log / e["tokens_per_s"] for e in entries if "tokens_per_s" in e) / 60

    for entry in log:
        if entry.get("event") == "start" and sitting:
            total += close(sitting)
            sitting = []
        sitting.append(entry)
    return total + close(sitting)


def run_row(name, log, quality):
    start = next(e for e in log if e.get("event") == "start")
    stop = [e for e in log if e.get("event") == "stop"][-1]
    device = start.get("gpu") or f"{start['device']}, {start['threads']} threads"
    sittings = sum(1 for e in log if e.get("event") == "start")
    if quality:
        cm = quality["codeModel"]
        scores = (f"{cm['bitsPerByte']:.3f} | {cm['nextLine']['exactMatch']:.3f} | {cm['nextLine']['editSimilarity']:.3f} |"
                  f" {cm['fim']['exactMatch']:.3f} | {cm['fim']['editSimilarity']:.3f}")
    else:
        scores = "n/a | n/a | n/a | n/a | n/a"
    return (f"| {name} | {device} | {precision(start)} | {start['torch']} | {training_minutes(log):.1f} | {sittings} |"
            f" {stop['heldout_loss']:.4f} | {scores} |")


def reproduction_rows(log, quality, others):
    """This model's run, then each other run's log (<name>.train.log.jsonl) with its evaluation
    (<name>.quality.json beside it) where one was kept."""
    rows = [run_row("this model", log, quality)]
    for path in others:
        other = read_log(path)
        evaluation = path.replace(".train.log.jsonl", ".quality.json")
        name = os.path.basename(path).replace(".train.log.jsonl", "")
        rows.append(run_row(f"`{name}`", other, read_json(evaluation) if os.path.exists(evaluation) else None))
    return "\n".join(rows)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--work", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--compare", nargs="*", default=[], help="training logs of other runs of this recipe (models/train/runs/)")
    args = p.parse_args()
    w = args.work
    manifest = read_json(os.path.join(w, "corpus", "manifest.json"))
    quality = read_json(os.path.join(w, "quality.json"))
    latency = read_json(os.path.join(w, "completion.json"))
    config = read_json(os.path.join(args.out, "config.json"))
    log = read_log(os.path.join(w, "train.log.jsonl"))
    starts = [e for e in log if e.get("event") == "start"]
    stops = [e for e in log if e.get("event") == "stop"]
    steps = [e for e in log if "loss" in e and "event" not in e]
    evals = [e for e in steps if "heldout_loss" in e]
    last_stop = stops[-1]
    minutes = training_minutes(log)
    first = starts[0]
    train_docs = read_json(os.path.join(w, "tokens", "train.docs.json"))
    train_tokens = sum(d["length"] for d in train_docs)
    train_bytes = manifest["splits"]["train"]["bytes"]
    onnx_path = os.path.join(args.out, "onnx", "model_int8.onnx")
    export_fp32 = os.path.join(w, "export", "model.onnx")
    cm, ng = quality["codeModel"], quality["ngram4"]
    end, mid = latency["typingAtEnd"], latency["typingInMiddle"]
    decode_ms = 1000 / end["decodeTokensPerSecond"] if end.get("decodeTokensPerSecond") else None

    def row(name, a, b, fmt="{:.3f}", lower_better=False, se=(None, None)):
        better = (a < b) if lower_better else (a > b)
        shown = [fmt.format(x) + (f" ± {e:.3f}" if e is not None else "") for x, e in zip((a, b), se)]
        left, right = (f"**{shown[0]}**", shown[1]) if better else (shown[0], f"**{shown[1]}**")
        return f"| {name} | {left} | {right} | {'yes' if better else 'no'} |"

    def measure(name, kind, key):
        a, b = cm[kind], ng[kind]
        return row(name, a[key], b[key], se=(a.get(key + "SE"), b.get(key + "SE")))

    packages = "\n".join(
        f"| {r['package']} | {r['version']} | {r['group']} | {r['weight']} | {r['licence']} |" for r in manifest["packages"])
    history = "; ".join(
        f"from {e['tokens'] / 1e6:.2f}M tokens with a {e['args']['tokens'] / 1e6:.1f}M-token schedule"
        f" ({e['args'].get('line_hole_rate', 0.5):.0%} line-end holes, {e['args'].get('inline_span_rate', 0.0):.0%} in-line spans)"
        for e in starts)
    where = f"one {first['gpu']} GPU" if first.get("gpu") else f"{first['threads']} CPU threads"
    reruns = reproduction_rows(log, quality, args.compare)
    curve = ", ".join(f"{e['tokens'] / 1e6:.1f}M: {e['heldout_loss']:.2f}" for e in evals[:: max(1, len(evals) // 8)])
    text = f"""# HAI code model — model card

The default model of HAI's inline completion: a small Python code model that runs on the CPU with
ONNX Runtime inside the language server, with no network. It is loaded when
`hai.completion.modelPath` is empty; any model in the same layout can replace it.

**What it is good for, and not**: short completions of PyTorch / numpy-style Python — the rest of a
line, the next line, a fill-in between code you have written — that continue names and patterns
the same file already has. It is tiny ({first['params'] / 1e6:.1f}M parameters, trained for
{minutes:.1f} minutes on {where}): expect it to be wrong often and never to know an API it
has not seen in the file or in its corpus. Point `hai.completion.modelPath` at a larger exported
model (Qwen2.5-Coder, DeepSeek-Coder, StarCoder) for better suggestions.

## Files

| file | what |
|---|---|
| `config.json` | Llama-style decoder: {config['num_hidden_layers']} layers, hidden {config['hidden_size']}, {config['num_attention_heads']} heads, SwiGLU {config['intermediate_size']}, RoPE, tied embeddings, context {config['max_position_embeddings']}; `fim_order: "spm"` |
| `tokenizer.json`, `tokenizer_config.json` | byte-level BPE, {config['vocab_size']} tokens, StarCoder's `<fim_prefix>`/`<fim_suffix>`/`<fim_middle>`; SHA-256 `{sha256(os.path.join(args.out, 'tokenizer.json'))[:16]}…` |
| `onnx/model_int8.onnx` | the decoder in the Hugging Face Optimum layout (`past_key_values.{{i}}.key/value`), int8 weights: {mib(os.path.getsize(onnx_path))} (fp32 export: {mib(os.path.getsize(export_fp32)) if os.path.exists(export_fp32) else 'n/a'}) |
| `export-check.json` | PyTorch's fp32 outputs for reference prompts; the unit tests compare the int8 file with them |

## Data

Python sources shipped by Debian 12 packages (pinned in `models/train/packages.txt`), exact
duplicates removed, {manifest['skipped']['too_large']} files over 300 kB and {manifest['skipped']['unusable']} with
mean lines over 120 characters (tables, generated code) dropped. Files held out by content hash
are never trained on: {manifest['splits']['heldout']['files']} files, {mib(manifest['splits']['heldout']['bytes'])}.
Training split: {manifest['splits']['train']['files']} files, {mib(train_bytes)}, {train_tokens / 1e6:.1f}M tokens
({train_bytes / train_tokens:.2f} bytes/token). Groups are sampled by weight × length.

| package | version | group | weight | licence |
|---|---|---|---|---|
{packages}

All sources are under permissive licences (BSD, MIT, PSF, MPL-2.0 for tqdm); the model contains
no code verbatim by design, but like any code model it can reproduce common snippets.

## Training

`models/train/train.py`: {last_stop['tokens'] / 1e6:.2f}M tokens ({last_stop['step']} steps of
{first['args']['batch']} × {config['max_position_embeddings']}), AdamW (lr {first['args']['lr']}, cosine to
{first['args']['min_lr_ratio']}×, warm-up {first['args']['warmup_tokens'] / 1e6:.1f}M tokens, weight decay
{first['args']['weight_decay']}), {first['args']['fim_rate']:.0%} fill-in-the-middle
({first['args']['spm_rate']:.0%} of it suffix-prefix-middle, the order the engine uses), seed {first['args']['seed']}.
Device: {first.get('gpu') or first['device']}, {precision(first)}, {first['threads']} threads;
{minutes:.1f} minutes in {len(starts)} sittings, the later ones resuming the last checkpoint: {history};
torch {first['torch']}, Python {first['python']}, numpy {first['numpy']}.
Held-out loss (nats/token, 32 fixed windows) by tokens seen: {curve}; at the end {last_stop['heldout_loss']:.3f}.

## Quality

`npm run bench:quality` — {quality['cases']['nextLine']} next-line and {quality['cases']['fim']} fill-in-the-middle
cases cut from the held-out files (seed {quality['cases']['seed']}), sent to the language server over LSP (the
engine's prompts, token healing and post-processing: what users get); the baseline is a 4-gram
token model with back-off (Witten–Bell for probabilities) counted on the same training tokens.
Bits/byte over all {quality['heldoutFiles']} held-out files ({mib(quality['heldoutBytes'])}) in {config['max_position_embeddings']}-token chunks.

| measure | code model | 4-gram | better |
|---|---|---|---|
{row('held-out bits/byte (lower is better)', cm['bitsPerByte'], ng['bitsPerByte'], lower_better=True)}
{measure('next line: exact match', 'nextLine', 'exactMatch')}
{measure('next line: edit similarity', 'nextLine', 'editSimilarity')}
{measure('fill-in-the-middle: exact match', 'fim', 'exactMatch')}
{measure('fill-in-the-middle: edit similarity', 'fim', 'editSimilarity')}

Figures after ± are standard errors of the mean over the cases.

## Speed ({latency['machine']})

- Load (ONNX session + tokenizer + grammar): {latency['model']['loadMs']} ms; server memory after the benchmark: {latency['serverRssMiB']} MiB.
- Decode: {f'{decode_ms:.2f} ms/token' if decode_ms else 'n/a'} ({end.get('decodeTokensPerSecond')} tokens/s, {latency['model'].get('threads')} thread: the engine leaves one core to the editor) with the KV cache, as the engine measures it (post-processing included); prefill {end['prefillTokensPerSecond']} tokens/s.
- `npm run bench:completion` (typing `{latency['file']}` character by character over LSP):
  at the end of the file p50 {end['p50']} ms, p95 {end['p95']} ms, p99 {end['p99']} ms, {end['meanPrefillTokens']} tokens prefilled per request;
  in the middle of the file (fill-in-the-middle) p50 {mid['p50']} ms, p95 {mid['p95']} ms, p99 {mid['p99']} ms, {mid['meanPrefillTokens']} tokens prefilled per request.

## Rebuild

`npm run model:build` (as root on Debian 12; `models/train/README.md`). The corpus and the tokenizer
come out identical, byte for byte (the recipe compares the tokenizer with the shipped one);
training is seeded (data order, initialisation) and resumes exactly, so a rerun differs only by
floating-point rounding (CPU vs GPU, fp32 vs bf16, thread counts). This model's run and other runs
of the same recipe (`models/train/runs/`: their training logs and evaluations), all over the same
token schedule; the differences between them are what such rounding alone makes:

| run | device | precision | torch | minutes | sittings | held-out loss (32 windows) | bits/byte | next line EM | next line ES | FIM EM | FIM ES |
|---|---|---|---|---|---|---|---|---|---|---|---|
{reruns}

Time on 2 CPU cores: corpus ~5 s, tokenizer ~1 min, encoding ~3.5 min, training as in the table,
export ~10 s, evaluation ~7 min. On a GPU node, `HAI_MODEL_PYTHON=python3 npm run model:build` (any Python
with torch and onnx) trains and exports there; run it again where Node.js is to evaluate and write
this card. Set `HAI_MODEL_TOKENS` for a longer run.
"""
    tmp = os.path.join(args.out, "README.md.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, os.path.join(args.out, "README.md"))


if __name__ == "__main__":
    main()
