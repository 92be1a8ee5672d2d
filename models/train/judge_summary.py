#!/usr/bin/env python3
"""One table of what judge.sh measured in a folder (RUN/judged): per model the int8 file, unseen loss,
next-line exact match and edit similarity on each split and seed, names only the project has, decode
against the weight bound; then the paired differences, with issue 18's item 3 targets against the
model the 25m replaced (EM at least 3x, ES at least +0.15) and, where both were trained, the kv2
against the 25m trained beside it (the kv2 ships only if it is as good). Writes summary.md and
summary.json there and prints the first.

    /usr/bin/python3 models/train/judge_summary.py models/train/runs/<run>/judged
"""
import glob
import json
import os
import re
import sys

SHIPPED = "v2-25m-earlier"
KINDS = ("next-line", "line-rest", "fim")


def read(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def label_of(system):
    return system.split("+")[0]


def quality_runs(judged):
    """(split, seed, systems by model label) per quality file, in file-name order."""
    runs = []
    for path in sorted(glob.glob(os.path.join(judged, "quality-*-s*.json"))):
        q = read(path)
        systems = {label_of(k): v for k, v in q["systems"].items() if "+" in k}
        runs.append((q["split"], q["cases"]["seed"], systems, q["systems"].get("previousLine")))
    # The unseen libraries first: the split the targets are set on.
    return sorted(runs, key=lambda r: (r[0] != "unseen", r[0], r[1]))


def decode_rows(judged):
    """Per model label and context: decode ms p50, its share of the weight bound, and for a candidate
    its time over the shipped file's in the same file (bench/decode.ts runs the two in turns; this
    machine's speed drifts between sittings, so only that ratio compares candidates). The shipped
    file's own row comes from the first decode file."""
    rows = {}
    shipped_from = None
    for path in sorted(glob.glob(os.path.join(judged, "decode-*.json"))):
        size = re.match(r"decode-(.+)\.json$", os.path.basename(path)).group(1)
        got = {(r["model"], r["context"]): r for r in read(path)["rows"]}
        for (model, context), r in got.items():
            base = got.get(("baseline", context))
            if model == "model":
                ratio = r["decodeMsP50"] / base["decodeMsP50"] if base else None
                rows.setdefault(f"v2-{size}", {})[context] = (r["decodeMsP50"], r["shareOfWeightBound"], ratio)
            elif shipped_from in (None, path):
                shipped_from = path
                rows.setdefault(SHIPPED, {})[context] = (r["decodeMsP50"], r["shareOfWeightBound"], None)
    return rows


def decode_cell(d):
    contexts = sorted(d)
    if not contexts:
        return "—"
    cell = " / ".join(f"{d[c][0]:.2f} ({d[c][1]:.2f})" for c in contexts)
    if all(d[c][2] for c in contexts):
        cell += "; ×" + " / ".join(f"{d[c][2]:.2f}" for c in contexts) + " the shipped file's"
    return cell


def pm(value, se):
    return f"{value:+.3f} ± {se:.3f}"


def main():
    judged = sys.argv[1]
    loss = read(os.path.join(judged, "unseen-loss.json"))["models"] if os.path.exists(os.path.join(judged, "unseen-loss.json")) else {}
    names_path = os.path.join(judged, "cross-file-names.json")
    names = read(names_path)["summary"] if os.path.exists(names_path) else {}
    runs = quality_runs(judged)
    decode = decode_rows(judged)
    labels = []
    for _, _, systems, _ in runs:
        labels += [label for label in systems if label not in labels]
    for label in list(loss) + list(decode):
        if label not in labels:
            labels.append(label)

    head = ["model", "int8 MB", "unseen loss"] + [f"{split} s{seed}: next line EM / ES" for split, seed, _, _ in runs]
    head += ["names (similar / imports / all)", "decode ms p50 at 64 / 300 / 700 (share of the weight bound)"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    summary = {"models": {}, "paired": {}}
    for label in labels:
        entry = {}
        size = next((s[label]["bytes"] for _, _, s, _ in runs if label in s), None)
        cells = [label, f"{size / 1e6:.1f}" if size else "—", f"{loss[label]['all']:.3f}" if label in loss else "—"]
        for split, seed, systems, _ in runs:
            nl = systems.get(label, {}).get("next-line")
            cells.append(f"{nl['exactMatch']:.3f} / {nl['editSimilarity']:.3f}" if nl else "—")
            if nl:
                entry[f"{split}-s{seed}"] = {k: systems[label][k] for k in KINDS}
        got = [names.get(f"{label}+{s}") for s in ("similar", "imports", "all")]
        cells.append(" / ".join(g or "—" for g in got))
        d = decode.get(label, {})
        cells.append(decode_cell(d))
        lines.append("| " + " | ".join(cells) + " |")
        entry.update(bytes=size, unseenLoss=loss.get(label, {}).get("all"), names=got,
                     decode={c: {"msP50": v[0], "shareOfWeightBound": v[1], "overShipped": v[2]} for c, v in d.items()})
        summary["models"][label] = entry
    floors = [f"{split} s{seed} {prev['next-line']['editSimilarity']:.3f}" for split, seed, _, prev in runs if prev]
    if floors:
        lines.append("\nCopying the previous line, next line ES: " + ", ".join(floors) + ".")

    lines.append("\n| paired, next line: model − base | base | split, seed | EM | ES | rest of line ES | FIM ES |")
    lines.append("|---|---|---|---|---|---|---|")
    for path in sorted(glob.glob(os.path.join(judged, "paired-*.json")), key=lambda p: (not os.path.basename(p).startswith("paired-unseen-"), p)):
        p = read(path)
        m = re.match(r"paired-(.+)-s(\d+)-vs-.+\.json$", os.path.basename(path))
        base = label_of(p["base"])
        for system, d in p["against"].items():
            if "+" not in system:
                continue
            cells = [label_of(system), base, f"{m.group(1)} s{m.group(2)}"]
            cells += [pm(d["next-line"]["exactMatch"], d["next-line"]["exactMatchSE"]), pm(d["next-line"]["editSimilarity"], d["next-line"]["editSimilaritySE"])]
            cells += [pm(d[k]["editSimilarity"], d[k]["editSimilaritySE"]) for k in ("line-rest", "fim")]
            lines.append("| " + " | ".join(cells) + " |")
            summary["paired"].setdefault(f"{m.group(1)}-s{m.group(2)}", {}).setdefault(base, {})[label_of(system)] = d

    targets = []
    quality_by_key = {f"{split}-s{seed}": systems for split, seed, systems, _ in runs}
    for key, by_base in summary["paired"].items():
        systems = quality_by_key.get(key, {})
        for label, d in by_base.get("today", {}).items():
            if label == "today":
                continue
            if "today" not in systems or label not in systems:
                targets.append(f"- {label}, {key}: not assessed (no quality file of {key} with both it and the model the 25m replaced)")
                continue
            today_em = systems["today"]["next-line"]["exactMatch"]
            mine = systems[label]["next-line"]["exactMatch"]
            es, es_se = d["next-line"]["editSimilarity"], d["next-line"]["editSimilaritySE"]
            es_text = f"ES {es:+.4f} ± {es_se:.4f} (target +0.15)"
            if not today_em:
                # A few cases can leave the model it replaced with no exact match: "3×" says nothing then.
                targets.append(f"- {label}, {key}: next line EM {mine:.3f} against 0 for the model the 25m replaced (3× not assessable), {es_text}: not met")
                continue
            # In whole cases: 0.3 >= 3 * 0.1 is false in floating point, though 3.00× is printed.
            hits = round(mine * systems[label]["next-line"]["cases"])
            today_hits = round(today_em * systems["today"]["next-line"]["cases"])
            met = hits >= 3 * today_hits and es >= 0.15
            targets.append(f"- {label}, {key}: next line EM {mine / today_em:.2f}× the model the 25m replaced (target 3×), {es_text}: "
                           + ("both met" if met else "not met"))
    if targets:
        lines += ["", "Issue 18, item 3 (against the model the 25m replaced, paired):", *targets]
    text = "\n".join(lines) + "\n"
    with open(os.path.join(judged, "summary.md"), "w", encoding="utf-8") as f:
        f.write(text)
    with open(os.path.join(judged, "summary.json"), "w", encoding="utf-8") as f:
        json.dump(summary, f, indent=1)
    print(text)


if __name__ == "__main__":
    main()
