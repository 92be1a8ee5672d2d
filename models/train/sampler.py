"""Training sequences drawn from the encoded corpus (tokens/<split>.bin and .docs.json).

Each sequence is, at random:
  - plain left-to-right text: files packed with <|endoftext|> between them;
  - fill-in-the-middle, in suffix-prefix-middle order
    (<fim_prefix> <fim_suffix> S <fim_middle> P M <|endoftext|>, the order the engine uses: typing
    only extends the prompt) or prefix-suffix-middle order
    (<fim_prefix> P <fim_suffix> S <fim_middle> M <|endoftext|>). Holes end where their line ends,
    are a span inside one line (as the engine's completions are), or are any span;
and, at --repo-rate, in the **repository-level format**: other files of the same package come
first, each behind its file header, then the file being written behind its own:

    # file: torch/nn/modules/conv.py\\n<its first tokens>\\n# file: torch/nn/modules/linear.py\\n<text being written>

In suffix-prefix-middle FIM sequences that block sits after <fim_middle>, before the prefix, where
the engine puts the workspace's context (it only ever precedes what the user types, so typing still
extends the prompt); in prefix-suffix-middle ones it opens the prefix, right after <fim_prefix>.
The header ids are made by the encode step (tokens/<split>.headers.bin), so they are the engine's.
Files are drawn in proportion to their length times their group's weight (packages.txt); context
files come from the same folder half of the time, else from anywhere in the package.
"""
import json
import os

import numpy as np

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
    def __init__(self, work, split, context, vocab_size, rng, fim_rate, spm_rate, line_hole_rate, inline_span_rate=0.0, repo_rate=0.0):
        tokens = os.path.join(work, "tokens")
        self.ids = np.memmap(os.path.join(tokens, f"{split}.bin"), dtype=np.uint16, mode="r")
        with open(os.path.join(tokens, f"{split}.docs.json"), encoding="utf-8") as f:
            docs = json.load(f)
        self.offsets = np.array([d["offset"] for d in docs], dtype=np.int64)
        self.lengths = np.array([d["length"] for d in docs], dtype=np.int64)
        mass = self.lengths * np.array([d["weight"] for d in docs], dtype=np.float64)
        self.cumulative = np.cumsum(mass / mass.sum())
        self.n = context + 1
        self.rng = rng
        self.fim_rate, self.spm_rate, self.line_hole_rate, self.inline_span_rate = fim_rate, spm_rate, line_hole_rate, inline_span_rate
        self.repo_rate = repo_rate
        self.newline = newline_tokens(work, vocab_size)
        headers = os.path.join(tokens, f"{split}.headers.bin")
        if repo_rate > 0:
            if not os.path.exists(headers) or "header_offset" not in docs[0]:
                raise SystemExit(f"--repo-rate needs {headers} (encode the corpus again with this recipe)")
            self.headers = np.memmap(headers, dtype=np.uint16, mode="r")
            self.h_offsets = np.array([d["header_offset"] for d in docs], dtype=np.int64)
            self.h_lengths = np.array([d["header_length"] for d in docs], dtype=np.int64)
            package_of, folder_of = {}, {}
            for i, d in enumerate(docs):
                package_of.setdefault(d["package"], []).append(i)
                folder_of.setdefault((d["package"], os.path.dirname(d["path"])), []).append(i)
            self.same_package = [package_of[d["package"]] for d in docs]
            self.same_folder = [folder_of[(d["package"], os.path.dirname(d["path"]))] for d in docs]

    def _doc(self):
        return int(min(np.searchsorted(self.cumulative, self.rng.random()), len(self.offsets) - 1))

    def _piece(self, max_len, d=None, from_start=False):
        """A stretch of up to max_len ids from one file (the whole file if it is shorter)."""
        if d is None:
            d = self._doc()
        length = int(self.lengths[d])
        start = 0 if from_start else self.rng.randrange(0, max(1, length - max_len + 1))
        end = min(length, start + max_len)
        return np.asarray(self.ids[self.offsets[d] + start:self.offsets[d] + end], dtype=np.int64), end == length

    def _header(self, d):
        return np.asarray(self.headers[self.h_offsets[d]:self.h_offsets[d] + self.h_lengths[d]], dtype=np.int64)

    def _repo_context(self, d, budget):
        """Other files of d's package, each behind its header, at most `budget` ids in all, then d's header."""
        parts, used = [], 0
        own = self._header(d)
        budget -= len(own)
        for _ in range(3):
            pool = self.same_folder[d] if self.rng.random() < 0.5 and len(self.same_folder[d]) > 1 else self.same_package[d]
            if len(pool) < 2 or budget - used < 32:
                break
            other = pool[self.rng.randrange(len(pool))]
            if other == d:
                continue
            header = self._header(other)
            room = budget - used - len(header) - 1
            if room < 16:
                break
            body, _ = self._piece(self.rng.randrange(16, room + 1), other, from_start=True)
            nl = np.flatnonzero(self.newline[body])
            if len(nl):
                body = body[:nl[-1] + 1]  # whole lines only: the engine cuts context files at line ends
            parts += [header, body]
            used += len(header) + len(body)
        parts.append(own)
        return np.concatenate(parts)

    def _fim(self, max_len, repo):
        d = self._doc()
        ctx = self._repo_context(d, self.rng.randrange(max_len // 4, max_len * 3 // 5)) if repo else np.zeros(0, dtype=np.int64)
        piece, _ = self._piece(max_len - 4 - len(ctx), d)
        n = len(piece)
        i = self.rng.randrange(0, n + 1)
        after = np.flatnonzero(self.newline[piece[i:]])
        line_end = i + int(after[0]) if len(after) else n
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
            return np.concatenate([[FIM_PREFIX, FIM_SUFFIX], suffix, [FIM_MIDDLE], ctx, prefix, middle, [EOT]])
        return np.concatenate([[FIM_PREFIX], ctx, prefix, [FIM_SUFFIX], suffix, [FIM_MIDDLE], middle, [EOT]])

    def sequence(self):
        repo = self.repo_rate > 0 and self.rng.random() < self.repo_rate
        if self.rng.random() < self.fim_rate:
            parts = [self._fim(self.n, repo)]
        else:
            parts = []
            if repo:
                d = self._doc()
                ctx = self._repo_context(d, self.rng.randrange(self.n // 4, self.n * 3 // 5))
                piece, whole_end = self._piece(self.n - len(ctx), d)
                parts += [ctx, piece] + ([np.array([EOT])] if whole_end else [])
        used = sum(len(p) for p in parts)
        while used < self.n:
            piece, whole_end = self._piece(self.n - used)
            parts += [piece] + ([np.array([EOT])] if whole_end else [])
            used += len(piece) + whole_end
        return np.concatenate(parts)[: self.n]

    def batch(self, size):
        return np.stack([self.sequence() for _ in range(size)])
