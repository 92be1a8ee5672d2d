#!/usr/bin/env python3
"""Last step of the recipe: writes the model card, models/code-model/README.md, from what the
earlier steps logged — every figure in the card comes from these files:

    <work>/corpus/manifest.json, <work>/tokens/train.docs.json     the corpus
    <run>/train-<size>.log.jsonl                                    each candidate's training log
    <run>/quality.json                                              bench/codeQuality.ts on the unseen packages
                                                                    (today's model, the candidates, the floors)
    <run>/completion-<label>.json, <run>/cold-<label>.json          bench/completion.ts and bench/coldStart.ts
    <run>/decode.json (optional)                                    bench/decode.ts: decode against the memory bound

--measured DIR reads quality.json, the latency files and decode.json from DIR instead of <run>: the
measurements of a later export of the same weights (the training logs stay in <run>). --engine DIR
adds a section from DIR/quality.json: today's model and the chosen one measured again with the
engine as it is now (--settings similar-model,similar).

    /usr/bin/python3 models/train/card.py --work .cache/code-model --run models/train/runs/<run> --chosen 12m --out models/code-model
"""
import argparse
import hashlib
import json
import os
import sys

import onnx

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from card_sections import current_engine, decode_speed, larger_sample, own_suggestions, quality_cells, repository_level, scripts_split  # noqa: E402



def slot_signature(onnx_path):
    """How the card names the file's cache inputs and outputs: fp32 slots, or int8 ones (int8_cache.py)."""
    names = {i.name for i in onnx.load(onnx_path, load_external_data=False).graph.input}
    if "cache_key_scale.0" in names:
        return ("`cache_key.{i}`/`cache_value.{i}` int8 slots and `cache_key_scale.{i}`/`cache_value_scale.{i}`, a scale per head and"
                " token, in (`int8_cache.py`: attention reads a quarter of fp32's bytes); the step's keys and values out already so,"
                " as `new_keys`/`new_values`/`new_scales`")
    return "`cache_key.{i}`/`cache_value.{i}` slots in, `new_key.{i}`/`new_value.{i}` out"


def heads_text(heads, kv_heads):
    """"8 heads", or "8 heads (2 key/value)" for a shape with grouped key/value heads (model.py kv_heads)."""
    return f"{heads} heads" + (f" ({kv_heads} key/value)" if kv_heads != heads else "")

def read_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def read_log(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def mib(n):
    return f"{n / 1024 / 1024:.1f} MiB"


def latency(run, label):
    comp = os.path.join(run, f"completion-{label}.json")
    cold = os.path.join(run, f"cold-{label}.json")
    return (read_json(comp) if os.path.exists(comp) else None), (read_json(cold) if os.path.exists(cold) else None)


def start_and_stop(log):
    """A training log's "start" entry and its last "stop" entry."""
    return next(e for e in log if e.get("event") == "start"), [e for e in log if e.get("event") == "stop"][-1]


def earlier_name(log):
    """How the card names an earlier model: its shape and what it was trained on."""
    start, stop = start_and_stop(log)
    tokens = stop["tokens"] + (start.get("init") or {}).get("tokens", 0)
    return f"the {start['args']['size']} it continues ({tokens / 1e6:.3g}M tokens)"


def later_folder(measurement, run):
    """The folder of a measurement file relative to the card's run folder; "" when it is the run folder itself."""
    folder = os.path.relpath(os.path.dirname(os.path.abspath(measurement)), os.path.abspath(run))
    return "" if folder == "." else folder


def unseen_loss_note(loss, names, bpb_files):
    """A paragraph under the candidates' table: unseen_loss.py's fp32 losses over all six packages (bits/byte
    reads the split's first files, nearly all of one package)."""
    models = loss["models"]
    first = next(iter(models.values()))["byPackage"]
    per_package = "; ".join(f"{package}: " + " → ".join(f"{m['byPackage'][package]['loss']:.3f}" for m in models.values()) for package in first)
    labels = " → ".join(names.get(label, label) for label in models)
    return f"""
Bits/byte reads the unseen split's first {bpb_files} files, nearly all of them one package's. Over {loss['windows']} windows of
1024 tokens spread over all six packages, in fp32 PyTorch from the training weights (`models/train/unseen_loss.py`,
`unseen-loss.json`), the loss in nats/token of {labels} is {" → ".join(f"{m['all']:.3f}" for m in models.values())}
({per_package}).
"""


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--work", required=True)
    p.add_argument("--run", required=True, help="folder with the candidates' logs, quality.json and latency files")
    p.add_argument("--chosen", required=True, help="the size that ships (a train-<size>.log.jsonl in --run)")
    p.add_argument("--today", default="today", help="quality.json's label of the model this one replaces")
    p.add_argument("--today-name", default="the model it replaces",
                   help="how the card names that model (the baseline of issue 18's targets: \"the first default model\")")
    p.add_argument("--measured", default=None, help="folder with quality.json, latency files and decode.json (default: --run)")
    p.add_argument("--engine", default=None, help="folder with a later sitting's quality.json: today's model and the chosen one with the engine as it is now")
    p.add_argument("--earlier", action="append", default=[], metavar="LABEL=LOG",
                   help="an earlier model measured beside the candidates (quality.json's LABEL, the latency files' too) and its training log,"
                        " e.g. the weights a --init run continued: v2-25m-earlier=models/train/runs/<run>/train-25m.log.jsonl")
    p.add_argument("--more-seeds", nargs="*", default=[], metavar="QUALITY_JSON",
                   help="bench/codeQuality.ts runs on other seeds, pooled in a section of their own")
    p.add_argument("--later-sitting", action="store_true",
                   help="the --more-seeds files come from a sitting after the card's run (the card says where, on which machine, with which context budget)")
    p.add_argument("--paired", nargs="*", default=[], metavar="PAIRED_JSON",
                   help="bench/qualityPaired.ts over those runs' outputs joined: per-case differences")
    p.add_argument("--scripts", nargs="*", default=[], metavar="QUALITY_JSON",
                   help="bench/codeQuality.ts --split scripts runs (scripts.py's split: example galleries), pooled in a section of their own;"
                        " the split's counts come from <work>/corpus/scripts.json")
    p.add_argument("--scripts-paired", nargs="*", default=[], metavar="PAIRED_JSON",
                   help="bench/qualityPaired.ts over the --scripts runs' outputs joined")
    p.add_argument("--unseen-loss", default=None, metavar="JSON",
                   help="unseen_loss.py's output: fp32 loss on windows over every unseen package, for the candidates' note")
    p.add_argument("--decode", default=None, metavar="JSON",
                   help="bench/decode.ts's output of a later sitting (the file re-exported or rewritten, weights the same), instead of --measured's decode.json")
    p.add_argument("--step-loss", default=None, metavar="JSON",
                   help="bench/stepLoss.ts's output, this model against the previous export (paired): under the decode section")
    p.add_argument("--out", required=True)
    args = p.parse_args()
    w, run = args.work, args.run
    measured = args.measured or run
    manifest = read_json(os.path.join(w, "corpus", "manifest.json"))
    quality = read_json(os.path.join(measured, "quality.json"))
    decode_path = args.decode or os.path.join(measured, "decode.json")
    decode_bench = read_json(decode_path) if os.path.exists(decode_path) else None
    config = read_json(os.path.join(args.out, "config.json"))
    systems = own_suggestions(quality["systems"])
    own_note = (" The models' own suggestions: `--settings file-model,similar-model`, with `hai.completion.repeatedLines` off."
                if any(k.endswith("-model") for k in quality["systems"]) else "")
    sizes = sorted((f[len("train-"):-len(".log.jsonl")] for f in os.listdir(run) if f.startswith("train-") and f.endswith(".log.jsonl")),
                   key=lambda s: float(s.rstrip("m")))
    logs = {s: read_log(os.path.join(run, f"train-{s}.log.jsonl")) for s in sizes}
    earlier = dict(e.split("=", 1) for e in args.earlier)
    earlier_logs = {label: read_log(path) for label, path in earlier.items()}
    chosen_log = logs[args.chosen]
    start, stop = start_and_stop(chosen_log)
    a = start["args"]
    train_docs = read_json(os.path.join(w, "tokens", "train.docs.json"))
    train_tokens = sum(d["length"] for d in train_docs)
    splits = manifest["splits"]
    # Corpora built before corpus.py took several lists came from packages.txt alone.
    pinned_in = " and ".join(f"`models/train/{name}`" for name in manifest.get("package_lists", ["packages.txt"]))
    onnx_path = os.path.join(args.out, "onnx", "model_int8.onnx")
    cache_signature = slot_signature(onnx_path)

    labels = ["empty", "previousLine", "ngram4", args.today] + list(earlier) + [f"v2-{s}" for s in sizes]
    today_cfg = os.path.join(systems.get(args.today, {}).get("dir", ""), "config.json")
    today_cfg = read_json(today_cfg) if args.today in systems and os.path.exists(today_cfg) else None
    today_shape = (f"{today_cfg['num_hidden_layers']}×{today_cfg['hidden_size']}, {today_cfg['num_attention_heads']} heads,"
                   f" SwiGLU {today_cfg['intermediate_size']}") if today_cfg else "—"
    today_context = today_cfg["max_position_embeddings"] if today_cfg else "—"
    names = {"empty": "empty suggestion", "previousLine": "copy the previous line", "ngram4": "4-gram (same training tokens)",
             args.today: f"{args.today_name} ({today_shape})"}
    for s in sizes:
        names[f"v2-{s}"] = f"**{s}** (this card's model)" if s == args.chosen else f"{s} candidate"
    for label, log in earlier_logs.items():
        names[label] = earlier_name(log)
    quality_rows = []
    for label in labels:
        if label not in systems:
            continue
        sysq = systems[label]
        cells = quality_cells(sysq)
        comment = f"{sysq['next-line']['commentRate']:.3f}"
        bpb = f"{sysq['bitsPerByte']:.3f}" if "bitsPerByte" in sysq else "—"
        quality_rows.append(f"| {names[label]} | {bpb} | " + " | ".join(cells) + f" | {comment} |")

    candidate_rows = []
    for s, label, log in [(start_and_stop(log)[0]["args"]["size"], label, log) for label, log in earlier_logs.items()] + [(s, f"v2-{s}", logs[s]) for s in sizes]:
        st, sp = start_and_stop(log)
        rate = [e["tokens_per_s"] for e in log if "tokens_per_s" in e]
        before = (st.get("init") or {}).get("tokens", 0)
        q = systems.get(label, {})
        comp, cold = latency(measured, label)
        typing = f"{comp['typingAtEnd']['p50']} / {comp['typingAtEnd']['p95']}" if comp else "n/a"
        decode = f"{1000 / comp['typingAtEnd']['decodeTokensPerSecond']:.1f}" if comp and comp["typingAtEnd"].get("decodeTokensPerSecond") else "n/a"
        load = f"{comp['model']['loadMs']}" if comp else "n/a"
        coldp95 = f"{cold['withWarmUp']['p95']} ({cold['withoutWarmUp']['p95']})" if cold else "n/a"
        c = st["config"]
        candidate_rows.append(
            f"| {names[label] if label in earlier else s + (' (ships)' if s == args.chosen else '')} | {st['params'] / 1e6:.1f}M | {c['layers']}×{c['hidden']}, {heads_text(c['heads'], c.get('kv_heads') or c['heads'])}, SwiGLU {c['intermediate']} | {c['context']} |"
            f" {(sp['tokens'] + before) / 1e6:.3g}M | {sum(rate) / len(rate) / 1e3:.0f}k | {sp['heldout_loss']:.3f} | {sp.get('unseen_loss', float('nan')):.3f} |"
            f" {q.get('bitsPerByte', float('nan')):.3f} | {q['next-line']['exactMatch']:.3f} / {q['next-line']['editSimilarity']:.3f} |"
            f" {mib(q['bytes']) if 'bytes' in q else 'n/a'} | {load} | {decode} | {typing} | {coldp95} |")
    today_comp, today_cold = latency(measured, args.today)
    today_row = ""
    if today_comp and args.today in systems:
        q = systems[args.today]
        today_row = (f"| {args.today_name} | — | {today_shape} | {today_context} | — | — | — | — | {q['bitsPerByte']:.3f} |"
                     f" {q['next-line']['exactMatch']:.3f} / {q['next-line']['editSimilarity']:.3f} | {mib(q['bytes'])} | {today_comp['model']['loadMs']} |"
                     f" {1000 / today_comp['typingAtEnd']['decodeTokensPerSecond']:.1f} | {today_comp['typingAtEnd']['p50']} / {today_comp['typingAtEnd']['p95']} |"
                     f" {today_cold['withWarmUp']['p95']} ({today_cold['withoutWarmUp']['p95']}) |")

    # A run that continued earlier weights (train.py --init) says so; the token counts add up.
    init = start.get("init") or {}
    prior_tokens = init.get("tokens", 0)
    continued = (f"continuing `{init['from']}`, trained on {prior_tokens / 1e6:.3g}M tokens before, with a new optimizer and schedule: "
                 if init else "")
    evals = [e for e in chosen_log if "unseen_loss" in e and "event" not in e]
    curve = ", ".join(f"{(e['tokens'] + prior_tokens) / 1e6:.0f}M: {e['heldout_loss']:.2f} / {e['unseen_loss']:.2f}" for e in evals[:: max(1, len(evals) // 8)])
    packages = "\n".join(
        f"| {r['package']} | {r['version']} | {r['group']} | {r['weight']} | {r['licence']} | {r.get('files', 0)} | {mib(r.get('bytes', 0))} |"
        for r in manifest["packages"])
    unseen = [r["package"] for r in manifest["packages"] if r["group"] == "heldout"]
    # Training time over every sitting (elapsed is carried across --resume); older logs have minutes only.
    train_minutes = (stop.get("elapsed", stop["minutes"] * 60) + init.get("elapsed", 0.0)) / 60
    same_tokenizer = today_cfg is not None and os.path.exists(os.path.join(systems[args.today]["dir"], "tokenizer.json")) and \
        sha256(os.path.join(systems[args.today]["dir"], "tokenizer.json")) == sha256(os.path.join(args.out, "tokenizer.json"))
    where = start.get("gpu") or f"{start['device']} ({start['threads']} threads)"
    budget = (f"the same {a['minutes']:g} minutes on one {where}" if a.get("minutes")
              else f"a budget of {a['tokens'] / 1e6:g}M tokens on {where}")
    heading = (f"one run: the same corpus, {budget}, side by side" if not earlier else
               f"the same corpus; this model and {', '.join(names[label] for label in earlier)}, measured in one sitting")
    comp, cold = latency(measured, f"v2-{args.chosen}")
    measured_note = (f"This model was exported by `export.py` as it is now and {', '.join(names[label] for label in earlier)} is the file that shipped"
                     f" before it; both were measured in the runs in `{os.path.relpath(measured, run)}/`." if earlier and args.measured else
                     f"Every candidate was exported again from its training weights by `export.py` as it is now, and measured in the runs in `{os.path.relpath(measured, run)}/`."
                     if args.measured else "The latency files of a candidate that does not ship may have been measured before its export's smoothing: the same graph, operators and sizes.")
    repo_section = repository_level(systems, labels, names, args.today, f"v2-{args.chosen}", args.today_name)
    decode_section = decode_speed(decode_bench, read_json(args.step_loss) if args.step_loss else None)
    same_run = bool(args.engine) and os.path.samefile(os.path.join(args.engine, "quality.json"), os.path.join(measured, "quality.json"))
    engine_section = current_engine(read_json(os.path.join(args.engine, "quality.json")) if args.engine else None,
                                    [args.today, *earlier, f"v2-{args.chosen}"], args.today, f"v2-{args.chosen}", names,
                                    os.path.relpath(args.engine, run) if args.engine else "", same_run, args.today_name)
    chosen_q = systems[f"v2-{args.chosen}"]
    loss_note = unseen_loss_note(read_json(args.unseen_loss), names, quality["bitsPerByteFiles"]) if args.unseen_loss else ""
    larger_section = larger_sample([read_json(f) for f in args.more_seeds], [read_json(f) for f in args.paired], names,
                                   os.path.relpath(os.path.dirname(args.more_seeds[0]), run) if args.more_seeds and args.later_sitting else "")
    scripts_section = scripts_split([read_json(f) for f in args.scripts], [read_json(f) for f in args.scripts_paired], names,
                                    read_json(os.path.join(w, "corpus", "scripts.json")) if args.scripts else None,
                                    later_folder(args.scripts[0], run) if args.scripts else "")
    text = f"""# HAI code model — model card

The default model of HAI's inline completion: a small Python code model that runs on the CPU with
ONNX Runtime inside the language server, with no network. It is loaded when
`hai.completion.modelPath` is empty; any model in the same layout can replace it.

**What it is good for, and not**: short completions of PyTorch / numpy / scientific Python — the
rest of a line, the next line, a fill-in between code you have written — that continue names and
patterns the file already has. It is small ({start['params'] / 1e6:.1f}M parameters, {(stop['tokens'] + prior_tokens) / 1e6:.3g}M training
tokens, {train_minutes:.1f} minutes on {where}): it is wrong more often than right,
and it does not know APIs that are in neither the file nor its corpus. A larger exported model
(Qwen2.5-Coder, DeepSeek-Coder) can be set in `hai.completion.modelPath`.

## Files

| file | what |
|---|---|
| `config.json` | Llama-style decoder: {config['num_hidden_layers']} layers, hidden {config['hidden_size']}, {heads_text(config['num_attention_heads'], config.get('num_key_value_heads', config['num_attention_heads']))}, SwiGLU {config['intermediate_size']}, RoPE, tied embeddings, context {config['max_position_embeddings']}; `fim_order: "spm"` |
| `tokenizer.json`, `tokenizer_config.json` | byte-level BPE, {config['vocab_size']} tokens, StarCoder's `<fim_prefix>`/`<fim_suffix>`/`<fim_middle>`; SHA-256 `{sha256(os.path.join(args.out, 'tokenizer.json'))[:16]}…`{f' (the same as {args.today_name})' if same_tokenizer else ''} |
| `onnx/model_int8.onnx` | the decoder with HAI's in-place cache signature ({cache_signature}, and `logits_from`: logits of the rows from it on only, the last one for a completion; `export.py --layout optimum` writes the Hugging Face Optimum one), 8-bit weights per column in `MatMulNBits` (int8 arithmetic, activations quantized per block of 128), query/key/value and gate/up each one MatMul, rotary positions as one node: {mib(os.path.getsize(onnx_path))} |
| `export-check.json` | PyTorch's fp32 outputs for reference prompts; the unit tests compare the int8 file with them |

## Quality on projects it never saw

`bench/codeQuality.ts --split unseen`, one run, the same cases for every system: {quality['cases']['next-line']} next-line
(cursor after the indentation), {quality['cases']['line-rest']} rest-of-line (cursor inside a line's code) and
{quality['cases']['fim']} fill-in-the-middle cases (seed {quality['cases']['seed']}) cut from **{len(unseen)} whole packages
that no model here trained on** ({', '.join(unseen)}; {quality['files']} files), each sent
to the language server over LSP with the file alone as the document (the engine's prompts, token
healing and post-processing: what users get).{own_note} EM = exact match, ES = edit similarity of the first
line (of the span for FIM), ± one standard error; bits/byte over the first {quality['bitsPerByteFiles']} files in chunks of
the model's context; "comments" = share of next-line suggestions that are comment lines. With the
project's other files in the prompt (the model trained on that format in {a['repo_rate']:.0%} of its
sequences): the repository-level section below{'' if repo_section else ', when the run has it'}.

| system | bits/byte | next line EM | next line ES | rest of line EM | rest of line ES | FIM EM | FIM ES | comments |
|---|---|---|---|---|---|---|---|---|
{chr(10).join(quality_rows)}

{repo_section}{engine_section}{larger_section}{scripts_section}
## Candidates ({heading})

Latency on this project's 2-core machine, one inference thread: `npm run bench:completion` (typing
`demo/train.py` character by character; warm typing p50 / p95 ms at the end of the file, decode
ms/token from it) and `npm run bench:cold` (first request in a newly opened document, p95 ms with
the idle-time warm-up, and without it in brackets). Budget: warm typing p50 ≤ 80, p95 ≤ 200, cold
p95 ≤ 250 ms, int8 file ≤ 48 MiB. Losses in nats/token on 32 held-out-file windows / 64 windows
of the unseen packages, each window the model's context long (512 tokens for 5m, so its losses
are not comparable with the others'; bits/byte, over whole files, is). {measured_note}

| size | params | shape | context | tokens | tokens/s | held-out loss | unseen loss | unseen bits/byte | next line EM / ES | int8 | load ms | decode ms/token | typing p50 / p95 | cold p95 |
|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
{chr(10).join(candidate_rows)}
{today_row}
{loss_note}
## Data

Python sources shipped by {len(manifest['packages'])} Debian 12 packages, pinned in {pinned_in} and
downloaded at exactly those versions (`apt-get download`; nothing is installed). Exact duplicates
removed ({manifest['skipped']['duplicate']}), near duplicates removed ({manifest['skipped']['near_duplicate']}, plus
{manifest['skipped']['near_duplicate_of_unseen']} near copy(ies) of a held-out package's file: MinHash over 3-line
shingles, Jaccard ≥ 0.8), {manifest['skipped']['too_large']} files over 300 kB and {manifest['skipped']['unusable']} with mean lines over
120 characters (tables, generated code) dropped. Only permissive licences (BSD, MIT, Apache-2.0, PSF,
HPND, Matplotlib's, MPL-2.0 + MIT for tqdm); copyleft packages are left out, since the weights ship.

- training: {splits['train']['files']} files, {mib(splits['train']['bytes'])}, {train_tokens / 1e6:.1f}M tokens ({splits['train']['bytes'] / train_tokens:.2f} bytes/token); groups sampled by weight × length;
- held out by file (~2 % of the trained packages' files, by content hash): {splits['heldout']['files']} files, {mib(splits['heldout']['bytes'])};
- held out by package (group `heldout`, never trained on): {splits['unseen']['files']} files, {mib(splits['unseen']['bytes'])}.

| package | version | group | weight | licence | files | bytes |
|---|---|---|---|---|---|---|
{packages}

The model contains no code verbatim by design, but like any code model it can reproduce common snippets.

## Training

`models/train/train.py --size {args.chosen} {f"--minutes {a['minutes']:g}" if a.get('minutes') else f"--tokens {a['tokens']}"} --batch {a['batch']} --lr {a['lr']} --repo-rate {a['repo_rate']}{' --compile' if a.get('compile') else ''}{f" --init {init['from']}" if init else ''}`:
{continued}{stop['tokens'] / 1e6:.3g}M tokens ({stop['step']} steps of {a['batch']} × {config['max_position_embeddings']}), AdamW (cosine to
{a['min_lr_ratio']}× over the budget, warm-up {f"{a['warmup_fraction']:.0%}" if a.get('minutes') else f"{a['warmup_tokens'] / 1e6:g}M tokens"}, weight decay {a['weight_decay']}), {a['fim_rate']:.0%} fill-in-the-middle
({a['spm_rate']:.0%} of it suffix-prefix-middle, the order the engine uses), {a['repo_rate']:.0%} of sequences in the
repository-level format (other files of the package behind `# file: <path>` headers, then the file
being written; `sampler.py`), seed {a['seed']}. Device: {where}, {'bf16 autocast' if start['bf16_autocast'] else 'fp32'}, torch
{start['torch']}, Python {start['python']}; {train_minutes:.1f} minutes of training. Loss (nats/token, held-out files / unseen
packages) by tokens seen: {curve}; at the end {stop['heldout_loss']:.3f} / {stop.get('unseen_loss', float('nan')):.3f}.

## Speed ({comp['machine'] if comp else 'n/a'})

- Load (ONNX session + tokenizer + grammar): {comp['model']['loadMs'] if comp else 'n/a'} ms; server memory after the benchmark: {comp['serverRssMiB'] if comp else 'n/a'} MiB.
- Typing at the end of `{comp['file'] if comp else ''}`: p50 {comp['typingAtEnd']['p50'] if comp else 'n/a'} ms, p95 {comp['typingAtEnd']['p95'] if comp else 'n/a'} ms; in the middle (FIM) p50 {comp['typingInMiddle']['p50'] if comp else 'n/a'} ms, p95 {comp['typingInMiddle']['p95'] if comp else 'n/a'} ms.
- First request in a newly opened document: p95 {cold['withWarmUp']['p95'] if cold else 'n/a'} ms after the idle-time warm-up, {cold['withoutWarmUp']['p95'] if cold else 'n/a'} ms without.
- Cold case in the quality run (every case a newly opened document, full prompt prefilled): p50 {chosen_q['coldLatencyMs']['p50']} ms, p95 {chosen_q['coldLatencyMs']['p95']} ms.

{decode_section}
## Rebuild

On a GPU node reached through the device tool (15 minutes, 64 MiB in, 8 files of 16 MiB back):
`models/train/README.md` gives the commands — the corpus is built and packed here
(`pack.py`, ~38 MiB), `device.sh` encodes, trains the candidates side by side and returns their
bf16 weights, `export.py` exports here. On a CPU only: `npm run model:build` with
`HAI_MODEL_SIZE` and `HAI_MODEL_TOKENS` (a 12M model at ~2k tokens/s on 2 cores: days, not minutes).
"""
    tmp = os.path.join(args.out, "README.md.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, os.path.join(args.out, "README.md"))


if __name__ == "__main__":
    main()
