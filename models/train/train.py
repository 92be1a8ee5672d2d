#!/usr/bin/env python3
"""Step 4 of the recipe: trains the decoder on the encoded corpus, with fill-in-the-middle.

Each training sequence is, at random: plain left-to-right text (files packed with <|endoftext|>
between them), or a fill-in-the-middle example in prefix-suffix-middle order
(<fim_prefix> P <fim_suffix> S <fim_middle> M <|endoftext|>) or suffix-prefix-middle order
(<fim_prefix> <fim_suffix> S <fim_middle> P M <|endoftext|>, the order the engine uses: typing only
extends the prompt). Holes end where their line ends (40 %), are a span inside one line (30 %), as
the engine's completions are, or are any span (30 %).
Files are sampled in proportion to their length times their group's weight (packages.txt).

Precision and device: CUDA when a GPU exists; bf16 autocast on a CPU with AMX or AVX512-BF16;
fp32 otherwise. Checkpoints (model, optimizer, data-sampler RNG, step) are written atomically every
--checkpoint-minutes (and on Ctrl-C or SIGTERM) to <work>/checkpoints/last.pt; --resume continues from there, with the same
learning-rate schedule, so one long run can be split over several sittings. Logs one JSON line per
--log-every steps to <work>/train.log.jsonl, with held-out loss at every --eval-every.

    /usr/bin/python3 models/train/train.py --work .cache/code-model --tokens 8000000 [--resume]
"""
import argparse
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
from model import CodeModel, ModelConfig  # noqa: E402

EOT, FIM_PREFIX, FIM_MIDDLE, FIM_SUFFIX = 0, 1, 2, 3


def newline_tokens(work, vocab_size):
    """Ids whose text contains a line break, from tokenizer.json's byte-level vocabulary."""
    with open(os.path.join(work, "tokenizer", "tokenizer.json"), encoding="utf-8") as f:
        vocab = json.load(f)["model"]["vocab"]
    flags = np.zeros(vocab_size, dtype=bool)
    for token, i in vocab.items():
        flags[i] = "\u010a" in token  # ByteLevel's printable stand-in for b"\n"
    return flags


class Sampler:
    """Draws training sequences of context + 1 ids from the encoded corpus."""

    def __init__(self, work, split, cfg, rng, fim_rate, spm_rate, line_hole_rate, inline_span_rate=0.0):
        self.ids = np.memmap(os.path.join(work, "tokens", f"{split}.bin"), dtype=np.uint16, mode="r")
        with open(os.path.join(work, "tokens", f"{split}.docs.json"), encoding="utf-8") as f:
            docs = json.load(f)
        self.offsets = np.array([d["offset"] for d in docs], dtype=np.int64)
        self.lengths = np.array([d["length"] for d in docs], dtype=np.int64)
        mass = self.lengths * np.array([d["weight"] for d in docs], dtype=np.float64)
        self.cumulative = np.cumsum(mass / mass.sum())
        self.n = cfg.context + 1
        self.rng = rng
        self.fim_rate, self.spm_rate, self.line_hole_rate, self.inline_span_rate = fim_rate, spm_rate, line_hole_rate, inline_span_rate
        self.newline = newline_tokens(work, cfg.vocab_size)

    def _doc(self):
        return int(min(np.searchsorted(self.cumulative, self.rng.random()), len(self.offsets) - 1))

    def _piece(self, max_len):
        """A random stretch of up to max_len ids from one file (the whole file if it is shorter)."""
        d = self._doc()
        length = int(self.lengths[d])
        start = self.rng.randrange(0, max(1, length - max_len + 1))
        end = min(length, start + max_len)
        return [int(t) for t in self.ids[self.offsets[d] + start:self.offsets[d] + end]], end == length

    def _fim(self, max_len):
        piece, _ = self._piece(max_len - 4)
        n = len(piece)
        i = self.rng.randrange(0, n + 1)
        line_end = i
        while line_end < n and not self.newline[piece[line_end]]:
            line_end += 1
        r = self.rng.random()
        if r < self.line_hole_rate:
            # The hole runs from the cursor to the end of its line (the line break stays in the suffix).
            j = line_end
        elif r < self.line_hole_rate + self.inline_span_rate:
            # A span inside the line: what is missing between code before and after the cursor.
            j = self.rng.randrange(i, line_end + 1)
        else:
            j = self.rng.randrange(i, n + 1)
        prefix, middle, suffix = piece[:i], piece[i:j], piece[j:]
        if self.rng.random() < self.spm_rate:
            return [FIM_PREFIX, FIM_SUFFIX, *suffix, FIM_MIDDLE, *prefix, *middle, EOT]
        return [FIM_PREFIX, *prefix, FIM_SUFFIX, *suffix, FIM_MIDDLE, *middle, EOT]

    def sequence(self):
        out = self._fim(self.n) if self.rng.random() < self.fim_rate else []
        while len(out) < self.n:
            piece, whole_end = self._piece(self.n - len(out))
            out += piece + ([EOT] if whole_end else [])
        return out[: self.n]

    def batch(self, size):
        return torch.tensor([self.sequence() for _ in range(size)], dtype=torch.long)


def heldout_windows(work, cfg, count):
    """Fixed plain-text windows of the held-out split, for the loss logged during training."""
    ids = np.memmap(os.path.join(work, "tokens", "heldout.bin"), dtype=np.uint16, mode="r")
    step = max(1, (len(ids) - cfg.context - 1) // count)
    return torch.tensor(np.stack([ids[i * step:i * step + cfg.context + 1] for i in range(count)]).astype(np.int64))


def cpu_has_bf16():
    try:
        flags = open("/proc/cpuinfo").read()
    except OSError:
        return False
    return "amx_bf16" in flags or "avx512_bf16" in flags


def lr_at(tokens, args):
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
    p.add_argument("--tokens", type=int, required=True, help="training budget in tokens (the schedule's length)")
    p.add_argument("--resume", action="store_true")
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

    # Debian's torch starts with one thread whatever the core count, so "all cores" must be asked for.
    torch.set_num_threads(args.threads or len(os.sched_getaffinity(0)))
    device = "cuda" if torch.cuda.is_available() else "cpu"
    amp = device == "cuda" or cpu_has_bf16()
    ckpt_dir = os.path.join(args.work, "checkpoints")
    os.makedirs(ckpt_dir, exist_ok=True)
    last = os.path.join(ckpt_dir, "last.pt")

    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    cfg = ModelConfig()
    model = CodeModel(cfg).to(device)
    decay = [p_ for n, p_ in model.named_parameters() if p_.dim() >= 2]
    no_decay = [p_ for n, p_ in model.named_parameters() if p_.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": args.weight_decay}, {"params": no_decay, "weight_decay": 0.0}],
                            lr=args.lr, betas=(0.9, 0.95), eps=1e-8)
    step, tokens_seen = 0, 0
    if args.resume and os.path.exists(last):
        # The checkpoint holds RNG states and arguments besides tensors; torch >= 2.6 loads tensors only by default.
        state = torch.load(last, map_location=device, weights_only=False)
        model.load_state_dict(state["model"])
        opt.load_state_dict(state["optimizer"])
        step, tokens_seen = state["step"], state["tokens"]
        rng.setstate(state["rng"])
        torch.set_rng_state(state["torch_rng"].cpu())  # map_location moved it to the GPU; the CPU generator wants it back
        print(f"resumed at step {step}, {tokens_seen} tokens", flush=True)
        if tokens_seen >= args.tokens:
            # Finished already (say on a GPU node, the recipe now rerun where Node.js is): log no
            # empty sitting, leave the checkpoint as it is.
            print(f"{last} has reached the budget of {args.tokens} tokens; nothing to train", flush=True)
            return
    elif os.path.exists(last):
        sys.exit(f"{last} exists: pass --resume to continue it, or remove it to start over.")

    sampler = Sampler(args.work, "train", cfg, rng, args.fim_rate, args.spm_rate, args.line_hole_rate, args.inline_span_rate)
    heldout = heldout_windows(args.work, cfg, 32).to(device)
    log = open(os.path.join(args.work, "train.log.jsonl"), "a", encoding="utf-8")
    header = {"event": "start", "step": step, "tokens": tokens_seen, "args": vars(args), "config": cfg.to_dict(),
              "params": sum(p_.numel() for p_ in model.parameters()), "device": device,
              "gpu": torch.cuda.get_device_name() if device == "cuda" else None, "bf16_autocast": amp,
              "threads": torch.get_num_threads(), "python": platform.python_version(), "torch": torch.__version__,
              "numpy": np.__version__, "machine": platform.machine(), "processor": platform.processor()}
    log.write(json.dumps(header) + "\n")
    log.flush()
    print(json.dumps(header), flush=True)

    def evaluate():
        model.eval()
        with torch.no_grad(), torch.autocast(device, dtype=torch.bfloat16, enabled=amp):
            total = 0.0
            for i in range(0, len(heldout), 8):
                x = heldout[i:i + 8]
                logits = model(x[:, :-1]).float()
                total += F.cross_entropy(logits.reshape(-1, cfg.vocab_size), x[:, 1:].reshape(-1), reduction="sum").item()
        model.train()
        return total / (heldout.shape[0] * cfg.context)

    def checkpoint():
        save_atomic({"model": model.state_dict(), "optimizer": opt.state_dict(), "step": step, "tokens": tokens_seen,
                     "rng": rng.getstate(), "torch_rng": torch.get_rng_state(), "config": cfg.to_dict(), "args": vars(args)}, last)

    # Ctrl-C or a kill: finish the step, write the checkpoint, and stop (run again with --resume).
    stop = []
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.append(True))
    started = time.time()
    last_ckpt = time.time()
    window_tokens, window_start, loss_sum = 0, time.time(), 0.0
    model.train()
    while tokens_seen < args.tokens:
        lr = lr_at(tokens_seen, args)
        for group in opt.param_groups:
            group["lr"] = lr
        x = sampler.batch(args.batch).to(device)
        with torch.autocast(device, dtype=torch.bfloat16, enabled=amp):
            logits = model(x[:, :-1])
        loss = F.cross_entropy(logits.float().reshape(-1, cfg.vocab_size), x[:, 1:].reshape(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        step += 1
        n = args.batch * cfg.context
        tokens_seen += n
        window_tokens += n
        loss_sum += loss.item()
        if step % args.log_every == 0:
            now = time.time()
            entry = {"step": step, "tokens": tokens_seen, "loss": loss_sum / args.log_every, "lr": lr,
                     "tokens_per_s": window_tokens / (now - window_start)}
            if step % args.eval_every == 0:
                entry["heldout_loss"] = evaluate()
            log.write(json.dumps(entry) + "\n")
            log.flush()
            print(json.dumps(entry), flush=True)
            window_tokens, window_start, loss_sum = 0, time.time(), 0.0
        if time.time() - last_ckpt > args.checkpoint_minutes * 60:
            checkpoint()
            last_ckpt = time.time()
        if stop or (args.stop_after_minutes and time.time() - started > args.stop_after_minutes * 60):
            break
    checkpoint()
    done = {"event": "stop", "step": step, "tokens": tokens_seen, "heldout_loss": evaluate(), "minutes": (time.time() - started) / 60}
    log.write(json.dumps(done) + "\n")
    log.close()
    print(json.dumps(done), flush=True)
    if tokens_seen < args.tokens:
        # Stopped before the budget (time limit or signal): the checkpoint is not a finished model,
        # so the recipe must not export it. 75 = EX_TEMPFAIL, "try again": run with --resume.
        sys.exit(STOPPED_EARLY)


if __name__ == "__main__":
    main()
