"""Sections of the model card that come from optional measurement files (card.py writes the rest):
the repository-level evaluation (quality.json's "<label>+similar" systems, bench/codeQuality.ts
--settings file,similar), a later sitting with the engine as it is now (card.py --engine: the
"+similar-model" and "+similar" systems), runs on more seeds pooled with their per-case differences
(card.py --more-seeds, --paired) and decode speed against the memory bound (decode.json,
bench/decode.ts).
"""


KINDS = ("next-line", "line-rest", "fim")


def quality_cells(system):
    """EM and ES ± one standard error of a quality.json system, per case kind: six table cells."""
    return [f"{system[kind][key]:.3f} ± {system[kind][key + 'SE']:.3f}" for kind in KINDS for key in ("exactMatch", "editSimilarity")]


def own_suggestions(systems):
    """quality.json's systems with each model's own suggestions where the run has them: a "+file-model"
    or "+similar-model" system (hai.completion.repeatedLines off) stands in for the "file" or "+similar"
    one, so that models are compared on what they generate, not on lines repeated from the project."""
    view = dict(systems)
    for key, value in systems.items():
        if key.endswith("+file-model"):
            view[key[: -len("+file-model")]] = value
        elif key.endswith("+similar-model"):
            view[key[: -len("-model")]] = value
    return view


def _paired(diff, kind, key):
    d = diff[kind]
    return f"{d[key]:+.3f} ± {d[key + 'SE']:.3f}"


def repository_level(systems, labels, names, today, chosen, today_name="the model it replaces"):
    """The repository-level table and the issue's target line (against today_name, the baseline's plain name),
    or "" when the run has no such setting."""
    rows = []
    for label in labels:
        repo = systems.get(f"{label}+similar")
        if not repo:
            continue
        cells = quality_cells(repo)
        diff = repo.get("vsFileAlone")
        paired = (f"{_paired(diff, 'next-line', 'editSimilarity')} / {_paired(diff, 'fim', 'editSimilarity')}" if diff else "—")
        rows.append(f"| {names[label]} | " + " | ".join(cells) + f" | {paired} | {repo['coldLatencyMs']['p50']} / {repo['coldLatencyMs']['p95']} |")
    if not rows:
        return ""
    short = [names[label] for label in labels if systems.get(f"{label}+similar", {}).get("context", 0) <= 512 and f"{label}+similar" in systems]
    short_note = (f" For {', '.join(short)}, a 512-token context leaves fewer positions than the engine's minimum for workspace"
                  " context after the prefix window and the suffix, so these rows equal the file-alone ones." if short else "")
    text = f"""## Quality at the repository level

The same cases and run, with the project around the file (`--settings similar`): each unseen package
is on disk as the server's workspace, the case's file open with three others of its package beside
it, and the engine's default workspace context (chunks of open files like the code at the cursor,
behind `# file: <path>` headers: the repository-level format the model trained on) in the prompt.
"vs file alone" is the paired difference in ES against the same model on the same cases without the
workspace (next line / FIM). Cold = every case a newly opened document, ms p50 / p95.{short_note}

| system | next line EM | next line ES | rest of line EM | rest of line ES | FIM EM | FIM ES | vs file alone | cold |
|---|---|---|---|---|---|---|---|---|
{chr(10).join(rows)}
"""
    base, new = systems.get(f"{today}+similar"), systems.get(f"{chosen}+similar")
    if base and new:
        b, n = base["next-line"], new["next-line"]
        ratio = f"{n['exactMatch'] / b['exactMatch']:.1f}×" if b["exactMatch"] > 0 else f"n/a ({today_name} has none)"
        text += f"""
Against {today_name} at the repository level, next line: EM {n['exactMatch']:.3f} vs {b['exactMatch']:.3f}
({ratio}; the target is 3×), ES {n['editSimilarity']:.3f} vs {b['editSimilarity']:.3f} ({n['editSimilarity'] - b['editSimilarity']:+.3f};
the target is +0.15).
"""
    return text


def _target(systems, today, chosen, setting):
    b, n = systems[f"{today}+{setting}"]["next-line"], systems[f"{chosen}+{setting}"]["next-line"]
    ratio = f"{n['exactMatch'] / b['exactMatch']:.1f}×" if b["exactMatch"] > 0 else "n/a"
    gap = n["editSimilarity"] - b["editSimilarity"]
    se = (n["editSimilaritySE"] ** 2 + b["editSimilaritySE"] ** 2) ** 0.5
    return f"EM {n['exactMatch']:.3f} vs {b['exactMatch']:.3f} ({ratio}), ES {n['editSimilarity']:.3f} vs {b['editSimilarity']:.3f} ({gap:+.3f} ± {se:.3f})"


def current_engine(quality, labels, today, chosen, names, folder, same_run=False, today_name="the model it replaces"):
    """The section on today's model and the chosen one (and any other of labels) with and without lines
    repeated from the project (quality.json with --settings similar-model,similar): from a later sitting
    with the engine as it is now, or from the card's own run (same_run); "" without it."""
    if not quality:
        return ""
    systems = quality["systems"]
    settings = (("similar-model", "the model's own"), ("similar", "with repeated lines"))
    rows = []
    for label in labels:
        for setting, how in settings:
            sysq = systems.get(f"{label}+{setting}")
            if sysq:
                rows.append(f"| {names[label]} | {how} | " + " | ".join(quality_cells(sysq)) + f" | {sysq['coldLatencyMs']['p50']} / {sysq['coldLatencyMs']['p95']} |")
    if not rows:
        return ""
    cases = quality["cases"]
    targets = ";\n".join(f"- {how}: {_target(systems, today, chosen, setting)}" for setting, how in settings
                         if f"{today}+{setting}" in systems and f"{chosen}+{setting}" in systems) + "."

    if same_run:
        intro = """## What users get: lines repeated from the project

The same run and cases as above, at the repository level,"""
    else:
        intro = f"""## With the engine as it is now

The tables above come from one sitting; the engine has learned more since (similar chunks cut to
fit and offering the lines after their match, and lines repeated from the project). A later sitting
(`{folder}/`, {quality['machine']}) measured {today_name} and this one again, at the repository level as above,
on {cases['next-line']} cases of each kind (seed {cases['seed']}),"""
    return f"""
{intro} two ways: the model's own suggestions
(`--settings similar-model`: `hai.completion.repeatedLines` off), and what users get by default (`similar`):
where the line above the cursor stands elsewhere in the file or the project, the line that followed it
there, with no model run (`server/context/repeatedLines.ts`). Both models give that same line there,
so it raises both and narrows the difference between them: the models are compared on their own
suggestions. Cold as above: ms p50 / p95, every case a newly opened document, on this sitting's machine.

| system | suggestions | next line EM | next line ES | rest of line EM | rest of line ES | FIM EM | FIM ES | cold |
|---|---|---|---|---|---|---|---|---|
{chr(10).join(rows)}

Against {today_name}, next line (the target is EM 3× and ES +0.15; ± combines the two
standard errors):

{targets}
"""


def decode_speed(decode, step_loss=None):
    """The decode-speed section from bench/decode.ts's JSON, or "" without it; with bench/stepLoss.ts's
    JSON (this model against the previous export, paired), a paragraph on what its int8 cache costs."""
    if not decode:
        return ""
    bw = decode["readBandwidthGBps"]
    labels = {m["label"]: m for m in decode["models"]}
    rows = "\n".join(
        f"| {'this model' if r['model'] == 'model' else 'the previous export (' + labels[r['model']]['dir'] + ')'} | {r['context']} |"
        f" {r['decodeMsP50']} / {r['decodeMsP95']} | {r['weightBoundMs']} | {r['shareOfWeightBound']:.0%} | {r['boundWithCacheMs']} |"
        f" {r['shareOfBoundWithCache']:.0%} |"
        for r in decode["rows"])
    # Files before 2026-12-04 name no cache type: their slots were fp32.
    int8 = any(r.get("cacheType") == "int8" for r in decode["rows"])
    cache_bytes = ("layers × 2 × heads × slots × (head_dim int8 bytes + a 4-byte scale) for this model's int8 slots"
                   + (", × head_dim × 4 bytes for fp32 ones" if any(r.get("cacheType", "float32") == "float32" for r in decode["rows"]) else "")
                   if int8 else "layers × 2 × heads × slots × head_dim × 4 bytes")
    loss = ""
    if step_loss and "paired" in step_loss:
        p = step_loss["paired"]
        model = next(m for m in step_loss["models"] if m["label"] == "model")
        loss = f"""
Its int8 slots (`int8_cache.py`: a scale per head and token) against the previous export's fp32 ones,
`npm run bench:step-loss` on {step_loss['files']} files of the unseen packages ({step_loss['promptTokens']} tokens prefilled, then
{step_loss['decodeSteps']} steps through the cache, {step_loss['positions']:,} positions): next-token loss {model['lossNatsPerToken']} nats per token,
{p['lossDifference']:+.4f} ± {p['standardError']:.4f} against the fp32 slots; the same most likely token at {p['top1Agreement']:.1%} of
positions; KL divergence {p['klFromBaseline']:.5f} nats per token.
"""
    return f"""## Decode speed against the memory bound

`npm run bench:decode` ({decode['machine']}): a one-token step reads every weight once, so it
cannot beat the int8 file's bytes ÷ one core's read bandwidth ({bw['mainMemory']} GB/s from main memory,
{bw['modelSizedBuffer']} GB/s over a buffer the file's size; memchr, median). Attention also reads the
cached keys and values: every slot of the in-place cache, {cache_bytes}.
ms/token p50 / p95 of one-token steps after a prompt of the given length, through the engine's
decoder on one thread; "share" = bound ÷ measured.

| file | cached tokens | decode ms/token | weight bound ms | share | bound with the cache ms | share |
|---|---|---|---|---|---|---|
{rows}
{loss}"""


def _system_name(label, names):
    """A quality.json system label ("today+similar-model") as the card names its model; a later sitting
    may name a candidate by its size alone (`--models 25m=models/code-model`)."""
    model = label.split("+", 1)[0]
    return names.get(model) or names.get(f"v2-{model}", label)


def _pooled(qualities, paireds, names):
    """quality.json files of several seeds pooled (case-weighted means, standard errors combined) as table
    rows, bench/qualityPaired.ts's per-case differences as rows, and the issue's target lines."""
    labels = [k for k in qualities[0]["systems"] if "+" in k and all(k in q["systems"] for q in qualities)]
    rows = []
    next_em = {}
    for label in labels:
        cells = []
        for kind in KINDS:
            parts = [q["systems"][label][kind] for q in qualities]
            n = sum(p["cases"] for p in parts)
            for key in ("exactMatch", "editSimilarity"):
                mean = sum(p[key] * p["cases"] for p in parts) / n
                se = sum((p[key + "SE"] * p["cases"]) ** 2 for p in parts) ** 0.5 / n
                cells.append(f"{mean:.3f} ± {se:.3f}")
                if kind == "next-line" and key == "exactMatch":
                    next_em[label] = mean
        rows.append(f"| {_system_name(label, names)} | " + " | ".join(cells) + " |")
    diffs, pairs, targets = [], set(), []
    for paired in paireds:
        for label, diff in paired["against"].items():
            # The floors (n-gram) are in the tables above; a pair already listed the other way round is left out.
            if "+" not in label or frozenset((label, paired["base"])) in pairs:
                continue
            pairs.add(frozenset((label, paired["base"])))
            cells = [_paired(diff, kind, key) for kind in KINDS for key in ("exactMatch", "editSimilarity")]
            diffs.append(f"| {_system_name(label, names)} − {_system_name(paired['base'], names)} | " + " | ".join(cells) + " |")
            base_em = next_em.get(paired["base"], 0)
            if label in next_em and base_em > 0:
                targets.append(f"{_system_name(label, names)} against {_system_name(paired['base'], names)}, next line: EM {next_em[label]:.3f} vs"
                               f" {base_em:.3f} ({next_em[label] / base_em:.1f}×; the issue's target is 3×), ES {_paired(diff, 'next-line', 'editSimilarity')}"
                               " (the target is +0.15).")
    return labels, rows, diffs, targets


def _sitting(qualities, labels, names, folder, setting):
    """" in a later sitting (folder, machine, context budget), …" for files from a later sitting than the card's run."""
    budget = qualities[0].get("repositoryLevel", {}).get("contextTokens")
    pinned = f", the workspace context budget pinned at {budget} tokens" if isinstance(budget, int) else ""
    sitting = f" in a later sitting (`{folder}/`, {qualities[0]['machine']}{pinned}), with the engine as it was then"
    short = [_system_name(label, names) for label in labels if 0 < qualities[0]["systems"][label].get("context", 0) <= 512]
    if short and setting.startswith("similar"):
        sitting += (f" ({', '.join(short)}: a 512-token context leaves no room for workspace context after the prefix"
                    " window and the suffix, so its rows are the file alone)")
    return sitting


def _tables(rows, diffs, targets, per_kind):
    return f"""| system | next line EM | next line ES | rest of line EM | rest of line ES | FIM EM | FIM ES |
|---|---|---|---|---|---|---|
{chr(10).join(rows)}

Paired per case over the same {per_kind} cases of each kind (`bench/qualityPaired.ts`; ± one standard
error of the mean difference):

| difference | next line EM | next line ES | rest of line EM | rest of line ES | FIM EM | FIM ES |
|---|---|---|---|---|---|---|
{chr(10).join(diffs)}
{"".join(chr(10) + t + chr(10) for t in targets)}"""


def larger_sample(qualities, paireds, names, folder=""):
    """Next line, rest of line and FIM on more cases than the main run: quality.json files of other seeds
    pooled, and bench/qualityPaired.ts's per-case differences over the same cases; "" without them.
    `folder`: where the files are, when they come from a later sitting than the card's run
    (card.py --later-sitting)."""
    if not qualities:
        return ""
    labels, rows, diffs, targets = _pooled(qualities, paireds, names)
    seeds = ", ".join(str(q["cases"]["seed"]) for q in qualities)
    per_kind = sum(q["cases"]["next-line"] for q in qualities)
    setting = labels[0].split("+", 1)[1] if labels else ""
    own = ", the models' own suggestions" if setting.endswith("-model") else ""
    sitting = _sitting(qualities, labels, names, folder, setting) if folder else ""
    return f"""
## On a larger sample

A sample of 200 cases moves next-line figures by a few hundredths from one seed to another, so the
models were also run on {per_kind} cases of each kind (seeds {seeds}; `--settings {setting}`{own}){sitting}, pooled:

{_tables(rows, diffs, targets, per_kind)}"""


def scripts_split(qualities, paireds, names, manifest, folder):
    """The same comparison on the "scripts" split (scripts.py: example galleries of documentation packages,
    code that calls the libraries as users write it); "" without its quality.json files. `folder`: where
    they are when they come from a later sitting than the card's run, "" when from the run itself."""
    if not qualities:
        return ""
    labels, rows, diffs, targets = _pooled(qualities, paireds, names)
    lines = [q["systems"]["previousLine"]["next-line"] for q in qualities if "previousLine" in q["systems"]]
    floor = (f"; copying the previous line, the floor, scores next-line ES"
             f" {sum(f['editSimilarity'] * f['cases'] for f in lines) / sum(f['cases'] for f in lines):.3f}") if lines else ""
    seeds = ", ".join(str(q["cases"]["seed"]) for q in qualities)
    per_kind = sum(q["cases"]["next-line"] for q in qualities)
    setting = labels[0].split("+", 1)[1] if labels else ""
    own = ", the models' own suggestions" if setting.endswith("-model") else ""
    galleries = ", ".join(f"{p['package']} ({p['files']} files)" for p in manifest["packages"])
    return f"""
## On scripts that use the libraries

The unseen packages above are libraries; what users type is mostly scripts that call libraries (load
data, build a model, fit it, plot). The `scripts` split (`models/train/scripts.py`, `scripts.txt`) is
the example galleries of Debian's documentation packages, which no model here trained on: {galleries};
{manifest['split']['files']} files, {manifest['split']['bytes'] / 2**20:.1f} MiB, after dropping every exact or near copy of a corpus file
({manifest['skipped']['copy_of_corpus']} of them). Each package is the workspace, as for the unseen packages.
{per_kind} cases of each kind (seeds {seeds}; `--settings {setting}`{own}){_sitting(qualities, labels, names, folder, setting) if folder else ""}{floor}, pooled:

{_tables(rows, diffs, targets, per_kind)}"""
