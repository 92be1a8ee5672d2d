#!/usr/bin/env python3
"""Step 4 of the recipe: trains the decoder on the encoded corpus, with fill-in-the-middle.

Training sequences (sampler.py): plain text, fill-in-the-middle (SPM and PSM; holes to the line
end, inside one line, or any span), and at --repo-rate the repository-level format (other files of
the package behind "# file: <path>" headers, then the file being written). --size picks a shape of
model.py's SHAPES (5m: the first model, context 512; 12m and 25m: context 1024).

Budget: --tokens N (the schedule runs over N tokens), or --minutes M (over M minutes of training:
candidates of different sizes compared at equal time, as on a lent GPU).

Precision and device: CUDA when a GPU exists; bf16 autocast on a CPU with AMX or AVX512-BF16;
fp32 otherwise. Checkpoints (model, optimizer, data-sampler RNG, step) are written atomically every
--checkpoint-minutes (and on Ctrl-C or SIGTERM) to <work>/checkpoints/last.pt; --resume continues from there, with the same
learning-rate schedule, so one long run can be split over several sittings. --init WEIGHTS starts
instead from a trained model's weights (a --weights-out file: what a GPU node hands back), with a new
optimizer and schedule: more tokens for a model a shorter run left still improving. Logs one JSON line per
--log-every steps to <work>/train.log.jsonl, with held-out loss at every --eval-every.

    /usr/bin/python3 models/train/train.py --work .cache/code-model --tokens 8000000 [--resume]
    python3 models/train/train.py --work W --size 25m --minutes 7 --batch 64 --repo-rate 0.35 --compile --loader-workers 4
"""
import argparse
import hashlib
import json
import math
import os
import platform
import random
import signal
import sys
import time

import numpy as np
import torch
from torch.nn import functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from merge_heads import MERGE_WINDOWS, calibration_windows, check_grouping, merged_model  # noqa: E402
from model import SHAPES, CodeModel, ModelConfig, shape_config  # noqa: E402
from sampler import Sampler  # noqa: E402


class BatchStream(torch.utils.data.IterableDataset):
    """Batches from --loader-workers processes, each with its own Sampler and seed, so that drawing
    sequences (Python) keeps up with a GPU. The order then depends on the workers' timing; a resumed
    run gets fresh seeds (exact resumption is the single-process path's, the CPU default)."""

    def __init__(self, make_sampler, batch, seed):
        self.make_sampler, self.batch, self.seed = make_sampler, batch, seed

    def __iter__(self):
        info = torch.utils.data.get_worker_info()
        sampler = self.make_sampler(random.Random(self.seed * 1000 + (info.id if info else 0)))
        while True:
            yield torch.from_numpy(sampler.batch(self.batch))


def heldout_windows(work, cfg, count, split="heldout"):
    """Fixed plain-text windows of a held-out split, for the loss logged during training."""
    path = os.path.join(work, "tokens", f"{split}.bin")
    if not os.path.exists(path):
        return None
    ids = np.memmap(path, dtype=np.uint16, mode="r")
    step = max(1, (len(ids) - cfg.context - 1) // count)
    return torch.tensor(np.stack([ids[i * step:i * step + cfg.context + 1] for i in range(count)]).astype(np.int64))


def cpu_has_bf16():
    try:
        flags = open("/proc/cpuinfo").read()
    except OSError:
        return False
    return "amx_bf16" in flags or "avx512_bf16" in flags


def lr_at(tokens, args, elapsed=0.0):
    """Linear warm-up, then cosine decay to min_lr_ratio, over the token budget or, with --minutes,
    over the wall-clock budget (candidates trained "for the same minutes")."""
    if args.minutes:
        done, warm = elapsed / (args.minutes * 60), args.warmup_fraction
        if done < warm:
            return args.lr * done / warm
        progress = min(1.0, (done - warm) / (1 - warm))
    else:
        warm = args.warmup_tokens
        if tokens < warm:
            return args.lr * tokens / warm
        progress = min(1.0, (tokens - warm) / max(1, args.tokens - warm))
    return args.lr * (args.min_lr_ratio + (1 - args.min_lr_ratio) * 0.5 * (1 + math.cos(math.pi * progress)))


def save_atomic(obj, path):
    torch.save(obj, path + ".tmp")
    os.replace(path + ".tmp", path)


STOPPED_EARLY = 75


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--work", required=True)
    p.add_argument("--tokens", type=int, default=0, help="training budget in tokens (the schedule's length)")
    p.add_argument("--minutes", type=float, default=0.0, help="or a wall-clock budget: the schedule runs over this many minutes of training")
    p.add_argument("--warmup-fraction", type=float, default=0.03, help="with --minutes: warm-up share of the budget")
    p.add_argument("--size", choices=sorted(SHAPES), help="model shape (model.py SHAPES; default: --init's, else 5m)")
    p.add_argument("--repo-rate", type=float, default=0.0, help="share of sequences in the repository-level format (sampler.py)")
    p.add_argument("--compile", action="store_true", help="torch.compile the model (CUDA; falls back to eager if it fails)")
    p.add_argument("--loader-workers", type=int, default=0, help="processes drawing batches (0: in the training loop, exactly resumable)")
    p.add_argument("--weights-out", help="also write the final weights in bf16 here (small enough to bring back from a GPU node)")
    p.add_argument("--resume", action="store_true")
    p.add_argument("--init", help="start from these weights (a --weights-out file or a checkpoint) with a new optimizer and schedule")
    p.add_argument("--batch", type=int, default=8)
    p.add_argument("--lr", type=float, default=2e-3)
    p.add_argument("--min-lr-ratio", type=float, default=0.1)
    p.add_argument("--warmup-tokens", type=int, default=400_000)
    p.add_argument("--weight-decay", type=float, default=0.1)
    p.add_argument("--fim-rate", type=float, default=0.6)
    p.add_argument("--spm-rate", type=float, default=0.66)
    p.add_argument("--line-hole-rate", type=float, default=0.4, help="FIM holes that end where their line ends")
    p.add_argument("--inline-span-rate", type=float, default=0.3, help="FIM holes that are a span inside one line")
    p.add_argument("--seed", type=int, default=1234)
    p.add_argument("--threads", type=int, default=0, help="CPU threads (0: all cores)")
    p.add_argument("--log-every", type=int, default=10)
    p.add_argument("--eval-every", type=int, default=200)
    p.add_argument("--checkpoint-minutes", type=float, default=5.0)
    p.add_argument("--stop-after-minutes", type=float, default=0.0, help="checkpoint and exit after this long (0: run to the budget)")
    args = p.parse_args()
    if not args.tokens and not args.minutes:
        p.error("give --tokens or --minutes")

    # Debian's torch starts with one thread whatever the core count, so "all cores" must be asked for.
    torch.set_num_threads(args.threads or len(os.sched_getaffinity(0)))
    device = "cuda" if torch.cuda.is_available() else "cpu"
    amp = device == "cuda" or cpu_has_bf16()
    ckpt_dir = os.path.join(args.work, "checkpoints")
    os.makedirs(ckpt_dir, exist_ok=True)
    last = os.path.join(ckpt_dir, "last.pt")

    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    # The checkpoint holds RNG states and arguments besides tensors; torch >= 2.6 loads tensors only by default.
    state = torch.load(last, map_location=device, weights_only=False) if args.resume and os.path.exists(last) else None
    init = None
    if args.init and not state:
        init = torch.load(args.init, map_location="cpu", weights_only=False)
        source = ModelConfig(**init["config"])
        if args.size and source != shape_config(args.size):
            # The one change of shape weights can make: fewer key/value heads (grouped-query attention).
            try:
                check_grouping(source, shape_config(args.size))
            except ValueError as err:
                sys.exit(f"{args.init} holds a model of another shape than --size {args.size}: {err}")
            # Fitted on windows of the training data (merge_heads.py): the calibration run on the device
            # that trains, the fit on the CPU.
            base = CodeModel(source).to(device)
            base.load_state_dict({k: v.float() for k, v in init["model"].items()})
            windows = calibration_windows(args.work, MERGE_WINDOWS, source.context, args.seed).to(device)
            init["model"] = {k: v.cpu() for k, v in merged_model(base.eval(), shape_config(args.size), windows).state_dict().items()}
            del base, windows
            if device == "cuda":
                torch.cuda.empty_cache()  # the calibration's attention scores, before two trainings share the GPU
            init["config"] = shape_config(args.size).to_dict()
            print(f"{args.init}: {source.key_value_heads} key/value heads merged into {shape_config(args.size).key_value_heads} "
                  f"(fitted on {MERGE_WINDOWS} windows of the training data)", flush=True)
        args.size = args.size or next((name for name in SHAPES if shape_config(name) == ModelConfig(**init["config"])), None)
    if not init:
        args.size = args.size or "5m"
    cfg = ModelConfig(**state["config"]) if state else (ModelConfig(**init["config"]) if init else shape_config(args.size))
    model = CodeModel(cfg).to(device)
    # What the weights were trained on before this run (kept in checkpoints, so a resumed run knows).
    prior = state.get("init") if state else None
    if init:
        model.load_state_dict({k: v.float() for k, v in init["model"].items()})
        earlier = init.get("init") or {}
        with open(args.init, "rb") as f:
            digest = hashlib.sha256(f.read()).hexdigest()
        prior = {"from": os.path.basename(args.init), "sha256": digest, "step": init["step"] + earlier.get("step", 0),
                 "tokens": init["tokens"] + earlier.get("tokens", 0), "elapsed": init.get("elapsed", 0.0) + earlier.get("elapsed", 0.0)}
        print(f"starting from {args.init}: {prior['tokens']} tokens trained before", flush=True)
    # Weights trained further draw other windows than their first run did: the data's seed moves on
    # by the steps already taken (a resumed run restores its sampler state from the checkpoint).
    seed = args.seed + (prior or {}).get("step", 0)
    if init:
        torch.manual_seed(seed)
        rng = random.Random(seed)
    decay = [p_ for n, p_ in model.named_parameters() if p_.dim() >= 2]
    no_decay = [p_ for n, p_ in model.named_parameters() if p_.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": args.weight_decay}, {"params": no_decay, "weight_decay": 0.0}],
                            lr=args.lr, betas=(0.9, 0.95), eps=1e-8)
    step, tokens_seen = 0, 0
    if state:
        model.load_state_dict(state["model"])
        opt.load_state_dict(state["optimizer"])
        step, tokens_seen = state["step"], state["tokens"]
        rng.setstate(state["rng"])
        torch.set_rng_state(state["torch_rng"].cpu())  # map_location moved it to the GPU; the CPU generator wants it back
        print(f"resumed at step {step}, {tokens_seen} tokens", flush=True)
        if (args.tokens and tokens_seen >= args.tokens) or (args.minutes and state.get("elapsed", 0.0) >= args.minutes * 60):
            # Finished already (say on a GPU node, the recipe now rerun where Node.js is): log no
            # empty sitting, leave the checkpoint as it is.
            budget = f"{args.minutes:g} minutes" if args.minutes else f"{args.tokens} tokens"
            print(f"{last} has reached its budget of {budget}; nothing to train", flush=True)
            return
    elif os.path.exists(last):
        sys.exit(f"{last} exists: pass --resume to continue it, or remove it to start over.")

    def make_sampler(r):
        return Sampler(args.work, "train", cfg.context, cfg.vocab_size, r, args.fim_rate, args.spm_rate, args.line_hole_rate,
                       args.inline_span_rate, args.repo_rate)

    if args.loader_workers:
        stream = iter(torch.utils.data.DataLoader(BatchStream(make_sampler, args.batch, seed + step), batch_size=None,
                                                  num_workers=args.loader_workers, pin_memory=device == "cuda", prefetch_factor=4))
        next_batch = lambda: next(stream)  # noqa: E731
    else:
        sampler = make_sampler(rng)
        next_batch = lambda: torch.from_numpy(sampler.batch(args.batch))  # noqa: E731
    heldout = heldout_windows(args.work, cfg, 32).to(device)
    unseen = heldout_windows(args.work, cfg, 64, "unseen")
    unseen = unseen.to(device) if unseen is not None else None
    forward = model
    compile_checked = True
    if args.compile and device == "cuda":
        forward = torch.compile(model)
        compile_checked = False
    log = open(os.path.join(args.work, "train.log.jsonl"), "a", encoding="utf-8")
    header = {"event": "start", "step": step, "tokens": tokens_seen, "init": prior, "args": vars(args), "config": cfg.to_dict(),
              "params": sum(p_.numel() for p_ in model.parameters()), "device": device,
              "gpu": torch.cuda.get_device_name() if device == "cuda" else None, "bf16_autocast": amp,
              "threads": torch.get_num_threads(), "python": platform.python_version(), "torch": torch.__version__,
              "numpy": np.__version__, "machine": platform.machine(), "processor": platform.processor()}
    log.write(json.dumps(header) + "\n")
    log.flush()
    print(json.dumps(header), flush=True)

    def evaluate(windows=heldout):
        model.eval()
        with torch.no_grad(), torch.autocast(device, dtype=torch.bfloat16, enabled=amp):
            total = 0.0
            for i in range(0, len(windows), 8):
                x = windows[i:i + 8]
                logits = model(x[:, :-1]).float()
                total += F.cross_entropy(logits.reshape(-1, cfg.vocab_size), x[:, 1:].reshape(-1), reduction="sum").item()
        model.train()
        return total / (windows.shape[0] * cfg.context)

    def checkpoint():
        save_atomic({"model": model.state_dict(), "optimizer": opt.state_dict(), "step": step, "tokens": tokens_seen, "elapsed": elapsed,
                     "rng": rng.getstate(), "torch_rng": torch.get_rng_state(), "config": cfg.to_dict(), "args": vars(args),
                     "init": prior}, last)

    # Ctrl-C or a kill: finish the step, write the checkpoint, and stop (run again with --resume).
    stop = []
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.append(True))
    started = time.time()
    last_ckpt = time.time()
    window_tokens, window_start, loss_sum = 0, time.time(), 0.0
    model.train()
    elapsed = 0.0  # training seconds, sittings summed (resume restarts the clock at the checkpoint's)
    if state:
        elapsed = state.get("elapsed", 0.0)
    sitting_start, elapsed_at_start = time.time(), elapsed

    def step_loss(batch):
        with torch.autocast(device, dtype=torch.bfloat16, enabled=amp):
            logits = forward(batch[:, :-1])
        return F.cross_entropy(logits.float().reshape(-1, cfg.vocab_size), batch[:, 1:].reshape(-1))

    while (tokens_seen < args.tokens) if not args.minutes else (elapsed < args.minutes * 60):
        lr = lr_at(tokens_seen, args, elapsed)
        for group in opt.param_groups:
            group["lr"] = lr
        x = next_batch().to(device, non_blocking=True)
        opt.zero_grad(set_to_none=True)
        if not compile_checked:
            compile_checked = True
            try:
                loss = step_loss(x)
                loss.backward()
            except Exception as err:  # a compiler that fails on this machine costs the speed-up, not the run
                print(f"torch.compile failed ({type(err).__name__}: {err}); training eagerly", flush=True)
                forward = model
                opt.zero_grad(set_to_none=True)
                loss = step_loss(x)
                loss.backward()
        else:
            loss = step_loss(x)
            loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        step += 1
        n = args.batch * cfg.context
        tokens_seen += n
        window_tokens += n
        loss_sum += loss.detach()  # a tensor: .item() each step would wait for the GPU
        if step % args.log_every == 0:
            now = time.time()
            entry = {"step": step, "tokens": tokens_seen, "loss": float(loss_sum) / args.log_every, "lr": lr,
                     "tokens_per_s": window_tokens / (now - window_start)}
            if step % args.eval_every == 0:
                entry["heldout_loss"] = evaluate()
                if unseen is not None:
                    entry["unseen_loss"] = evaluate(unseen)
            log.write(json.dumps(entry) + "\n")
            log.flush()
            print(json.dumps(entry), flush=True)
            window_tokens, window_start, loss_sum = 0, time.time(), 0.0
        if time.time() - last_ckpt > args.checkpoint_minutes * 60:
            checkpoint()
            last_ckpt = time.time()
        elapsed = elapsed_at_start + time.time() - sitting_start
        if stop or (args.stop_after_minutes and time.time() - started > args.stop_after_minutes * 60):
            break
    checkpoint()
    done = {"event": "stop", "step": step, "tokens": tokens_seen, "heldout_loss": evaluate(), "minutes": (time.time() - started) / 60,
            "elapsed": elapsed}
    if unseen is not None:
        done["unseen_loss"] = evaluate(unseen)
    if args.weights_out:
        save_atomic({"model": {k: v.to(torch.bfloat16) for k, v in model.state_dict().items()}, "config": cfg.to_dict(),
                     "step": step, "tokens": tokens_seen, "elapsed": elapsed, "args": vars(args), "init": prior}, args.weights_out)
    log.write(json.dumps(done) + "\n")
    log.close()
    print(json.dumps(done), flush=True)
    if (tokens_seen < args.tokens) if not args.minutes else (elapsed < args.minutes * 60):
        # Stopped before the budget (time limit or signal): the checkpoint is not a finished model,
        # so the recipe must not export it. 75 = EX_TEMPFAIL, "try again": run with --resume.
        sys.exit(STOPPED_EARLY)


if __name__ == "__main__":
    main()
