"""Sections of the model card that come from optional measurement files (card.py writes the rest):
the repository-level evaluation (quality.json's "<label>+similar" systems, bench/codeQuality.ts
--settings file,similar) and decode speed against the memory bound (decode.json, bench/decode.ts).
"""


KINDS = ("next-line", "line-rest", "fim")


def quality_cells(system):
    """EM and ES ± one standard error of a quality.json system, per case kind: six table cells."""
    return [f"{system[kind][key]:.3f} ± {system[kind][key + 'SE']:.3f}" for kind in KINDS for key in ("exactMatch", "editSimilarity")]


def _paired(diff, kind, key):
    d = diff[kind]
    return f"{d[key]:+.3f} ± {d[key + 'SE']:.3f}"


def repository_level(systems, labels, names, today, chosen):
    """The repository-level table and the issue's target line, or "" when the run has no such setting."""
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
        ratio = f"{n['exactMatch'] / b['exactMatch']:.1f}×" if b["exactMatch"] > 0 else "n/a (the model it replaces has none)"
        text += f"""
Against the model it replaces at the repository level, next line: EM {n['exactMatch']:.3f} vs {b['exactMatch']:.3f}
({ratio}; the target is 3×), ES {n['editSimilarity']:.3f} vs {b['editSimilarity']:.3f} ({n['editSimilarity'] - b['editSimilarity']:+.3f};
the target is +0.15).
"""
    return text


def decode_speed(decode):
    """The decode-speed section from bench/decode.ts's JSON, or "" without it."""
    if not decode:
        return ""
    bw = decode["readBandwidthGBps"]
    labels = {m["label"]: m for m in decode["models"]}
    rows = "\n".join(
        f"| {'this model' if r['model'] == 'model' else 'the previous export (' + labels[r['model']]['dir'] + ')'} | {r['context']} |"
        f" {r['decodeMsP50']} / {r['decodeMsP95']} | {r['weightBoundMs']} | {r['shareOfWeightBound']:.0%} | {r['boundWithCacheMs']} |"
        f" {r['shareOfBoundWithCache']:.0%} |"
        for r in decode["rows"])
    return f"""## Decode speed against the memory bound

`npm run bench:decode` ({decode['machine']}): a one-token step reads every weight once, so it
cannot beat the int8 file's bytes ÷ one core's read bandwidth ({bw['mainMemory']} GB/s from main memory,
{bw['modelSizedBuffer']} GB/s over a buffer the file's size; memchr, median). Attention also reads the
cached keys and values: every slot of the in-place cache, layers × 2 × heads × slots × head_dim × 4 bytes.
ms/token p50 / p95 of one-token steps after a prompt of the given length, through the engine's
decoder on one thread; "share" = bound ÷ measured.

| file | cached tokens | decode ms/token | weight bound ms | share | bound with the cache ms | share |
|---|---|---|---|---|---|---|
{rows}
"""
