#!/usr/bin/env python3
"""Runs the snippets' checks with Python 3 and PyTorch (Debian's python3-torch): reads a JSON list of
{"id", "language", "file", "test"} on stdin, where "file" is a path to the snippet expanded with its
default placeholders (plus its imports, for Python), and prints one JSON object per snippet:
{"id", "ok", "detail"}. Each file runs in a namespace of its own.

- construct / inputs / outputShapes: builds the module, runs forward on the inputs, compares every
  output's shape, then sums the outputs, runs backward and requires a finite gradient for every
  parameter that takes part.
- script: runs the statements after the snippet's code; they assert what the snippet must do.
- yaml: parses the file and checks what weaver-core's DataConfig requires: inputs with a length,
  a pad_mode weaver knows and variables as [name, ...] lists or names; labels of type simple with
  values; the declared number of variables per group and of labels.
"""
import contextlib
import io
import json
import math
import sys
import traceback

import torch


def check_module(ns, test):
    torch.manual_seed(0)
    module = eval(test["construct"], ns)
    module.train()
    inputs = [eval(expr, ns) for expr in test["inputs"]]
    out = module(*inputs)
    outs = list(out) if isinstance(out, (tuple, list)) else [out]
    shapes = [list(o.shape) for o in outs]
    if shapes != test["outputShapes"]:
        return False, f"output shapes {shapes}, expected {test['outputShapes']}"
    total = sum(o.float().sum() for o in outs)
    if not math.isfinite(float(total)):
        return False, "the output is not finite"
    total.backward()
    missing = [n for n, p in module.named_parameters() if p.requires_grad and p.grad is None]
    if missing:
        return False, f"no gradient reaches {missing[:5]}"
    bad = [n for n, p in module.named_parameters() if p.grad is not None and not torch.isfinite(p.grad).all()]
    if bad:
        return False, f"non-finite gradients in {bad[:5]}"
    params = sum(p.numel() for p in module.parameters())
    return True, f"shapes {shapes}, {params} parameters, finite gradients"


def check_yaml(path, test):
    import yaml

    with open(path, encoding="utf-8") as f:
        config = yaml.safe_load(f)
    inputs = config.get("inputs")
    if not isinstance(inputs, dict) or not inputs:
        return False, "no inputs"
    for name, group in inputs.items():
        if not isinstance(group.get("length"), int) or group["length"] <= 0:
            return False, f"inputs.{name}.length must be a positive integer"
        if group.get("pad_mode", "constant") not in ("constant", "wrap"):
            return False, f"inputs.{name}.pad_mode must be constant or wrap"
        variables = group.get("vars")
        if not isinstance(variables, list) or not all(isinstance(v, str) or (isinstance(v, list) and v and isinstance(v[0], str)) for v in variables):
            return False, f"inputs.{name}.vars must be names or [name, ...] lists"
        want = test["inputGroups"].get(name)
        if want != len(variables):
            return False, f"inputs.{name} has {len(variables)} variables, expected {want}"
    if set(inputs) != set(test["inputGroups"]):
        return False, f"input groups {sorted(inputs)}, expected {sorted(test['inputGroups'])}"
    labels = config.get("labels")
    if not isinstance(labels, dict) or labels.get("type") != "simple" or not isinstance(labels.get("value"), list):
        return False, "labels must be {type: simple, value: [...]}"
    if len(labels["value"]) != test["labels"]:
        return False, f"{len(labels['value'])} labels, expected {test['labels']}"
    for key in ("new_variables",):
        if key in config and not isinstance(config[key], dict):
            return False, f"{key} must be a mapping"
    if "observers" in config and not isinstance(config["observers"], list):
        return False, "observers must be a list"
    return True, f"{len(inputs)} input groups, {len(labels['value'])} labels"


def run(item):
    test = item["test"]
    if "yaml" in test:
        return check_yaml(item["file"], test["yaml"])
    with open(item["file"], encoding="utf-8") as f:
        code = compile(f.read(), item["file"], "exec")
    ns = {"__name__": f"snippet_{item['id'].replace('-', '_')}"}
    exec(code, ns)
    if "script" in test:
        exec(compile("\n".join(test["script"]), f"<test of {item['id']}>", "exec"), ns)
        return True, "script passed"
    return check_module(ns, test)


def main():
    torch.set_num_threads(1)
    for item in json.load(sys.stdin):
        try:
            # What the snippet prints (a training loop's progress) must not mix with the report.
            with contextlib.redirect_stdout(io.StringIO()):
                ok, detail = run(item)
        except Exception:  # the report names the snippet and the error; the next snippet still runs
            ok, detail = False, traceback.format_exc(limit=3)
        print(json.dumps({"id": item["id"], "ok": ok, "detail": detail}), flush=True)


if __name__ == "__main__":
    main()
