"""The default code model: a small Llama-style decoder (RMSNorm, rotary positions, SwiGLU, tied
embeddings) in plain PyTorch 1.13 (Debian 12's), used for training and for the ONNX export.

Training calls CodeModel.forward (no cache). Two export signatures share the blocks: CachedDecoder,
Optimum's past_key_values.{i}.key|value -> present.{i}.key|value (what public models use), and
SlotCacheDecoder, the engine's in-place cache (what the shipped model uses: see its docstring).
"""
import math
from dataclasses import asdict, dataclass

import torch
from torch import nn
from torch.nn import functional as F


@dataclass
class ModelConfig:
    vocab_size: int = 8192
    hidden: int = 256
    layers: int = 4
    heads: int = 4
    intermediate: int = 688
    context: int = 512
    rope_theta: float = 10000.0
    eps: float = 1e-5
    # Key/value heads (grouped-query attention: each serves heads / kv_heads query heads); 0: one per
    # query head. Fewer of them make the cache a decode step reads that many times smaller.
    kv_heads: int = 0

    def __post_init__(self):
        if self.heads % self.key_value_heads:
            raise ValueError(f"{self.heads} query heads cannot share {self.key_value_heads} key/value heads evenly")

    @property
    def head_dim(self):
        return self.hidden // self.heads

    @property
    def key_value_heads(self):
        return self.kv_heads or self.heads

    @property
    def group(self):
        """Query heads per key/value head."""
        return self.heads // self.key_value_heads

    def to_dict(self):
        return asdict(self)


# The recipe's model shapes (train.py --size). "5m" is the first default model; the larger ones
# read 1024 tokens. Parameter counts include the tied embedding (8,192 x hidden).
SHAPES = {
    "5m": dict(hidden=256, layers=4, heads=4, intermediate=688, context=512),
    "12m": dict(hidden=384, layers=6, heads=6, intermediate=1024, context=1024),
    "25m": dict(hidden=512, layers=8, heads=8, intermediate=1152, context=1024),
    # The 25m with 2 key/value heads for its 8 query heads: a quarter of the cache per token, which a
    # decode step reads whole (at 700 cached tokens, 24 MiB in fp32 for the 25m: as much as its weights).
    # Made from the 25m's weights (train.py --init merges the heads: merge_heads.py), then trained further.
    "25m-kv2": dict(hidden=512, layers=8, heads=8, kv_heads=2, intermediate=1152, context=1024),
}


def shape_config(size):
    if size not in SHAPES:
        raise ValueError(f"unknown --size {size!r}; one of {', '.join(SHAPES)}")
    return ModelConfig(**SHAPES[size])


class RMSNorm(nn.Module):
    def __init__(self, dim, eps):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(dim))
        self.eps = eps

    def forward(self, x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.weight


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat([-x[..., half:], x[..., :half]], dim=-1)


class Block(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        self.attn_norm = RMSNorm(cfg.hidden, cfg.eps)
        self.q = nn.Linear(cfg.hidden, cfg.hidden, bias=False)
        self.k = nn.Linear(cfg.hidden, cfg.key_value_heads * cfg.head_dim, bias=False)
        self.v = nn.Linear(cfg.hidden, cfg.key_value_heads * cfg.head_dim, bias=False)
        self.o = nn.Linear(cfg.hidden, cfg.hidden, bias=False)
        self.mlp_norm = RMSNorm(cfg.hidden, cfg.eps)
        self.gate = nn.Linear(cfg.hidden, cfg.intermediate, bias=False)
        self.up = nn.Linear(cfg.hidden, cfg.intermediate, bias=False)
        self.down = nn.Linear(cfg.intermediate, cfg.hidden, bias=False)

    def project(self, x, cos, sin):
        """Queries [batch, heads, seq, head_dim], keys and values [batch, kv heads, seq, head_dim] of
        [batch, seq, hidden] x, rotated."""
        b, s, _ = x.shape
        h, kv, d = self.cfg.heads, self.cfg.key_value_heads, self.cfg.head_dim
        y = self.attn_norm(x)
        q = self.q(y).view(b, s, h, d).transpose(1, 2)
        k = self.k(y).view(b, s, kv, d).transpose(1, 2)
        v = self.v(y).view(b, s, kv, d).transpose(1, 2)
        return q * cos + rotate_half(q) * sin, k * cos + rotate_half(k) * sin, v

    def finish(self, x, out):
        """The residual stream after attention's output `out` [batch, heads, seq, head_dim] and the MLP."""
        b, h, s, d = out.shape
        x = x + self.o(out.transpose(1, 2).reshape(b, s, h * d))
        y = self.mlp_norm(x)
        return x + self.down(F.silu(self.gate(y)) * self.up(y))

    def forward(self, x, cos, sin, bias, past_k=None, past_v=None):
        q, k, v = self.project(x, cos, sin)
        if past_k is not None:
            k = torch.cat([past_k, k], dim=2)
            v = torch.cat([past_v, v], dim=2)
        # Query head i reads key/value head i // group (the cache keeps each of those once).
        g = self.cfg.group
        ka, va = (k.repeat_interleave(g, dim=1), v.repeat_interleave(g, dim=1)) if g > 1 else (k, v)
        if bias is None:
            # Training on torch >= 2.0: the fused causal kernel (flash attention on a GPU), same maths.
            out = F.scaled_dot_product_attention(q, ka, va, is_causal=True)
        else:
            out = torch.softmax(q @ ka.transpose(-1, -2) / math.sqrt(self.cfg.head_dim) + bias, dim=-1) @ va
        return self.finish(x, out), k, v


class CodeModel(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        self.embed = nn.Embedding(cfg.vocab_size, cfg.hidden)
        self.blocks = nn.ModuleList(Block(cfg) for _ in range(cfg.layers))
        self.norm = RMSNorm(cfg.hidden, cfg.eps)
        inv_freq = 1.0 / (cfg.rope_theta ** (torch.arange(0, cfg.head_dim, 2).float() / cfg.head_dim))
        self.register_buffer("inv_freq", inv_freq, persistent=False)
        self.apply(self._init)
        # GPT-2's scaled init of the residual projections keeps the stream's variance flat with depth.
        for block in self.blocks:
            for proj in (block.o, block.down):
                nn.init.normal_(proj.weight, std=0.02 / math.sqrt(2 * cfg.layers))

    @staticmethod
    def _init(module):
        if isinstance(module, (nn.Linear, nn.Embedding)):
            nn.init.normal_(module.weight, std=0.02)

    def rope(self, position_ids):
        freqs = position_ids[..., None].float() * self.inv_freq
        emb = torch.cat([freqs, freqs], dim=-1)
        return emb.cos()[:, None], emb.sin()[:, None]

    def forward(self, input_ids):
        """Training: logits for every position of [batch, seq] ids, causal, no cache."""
        s = input_ids.shape[1]
        positions = torch.arange(s, device=input_ids.device)[None]
        cos, sin = self.rope(positions)
        fused = hasattr(F, "scaled_dot_product_attention")  # torch >= 2.0; Debian 12's 1.13 has not
        bias = None if fused else torch.full((s, s), float("-inf"), device=input_ids.device).triu(1)
        x = self.embed(input_ids)
        for block in self.blocks:
            x, _, _ = block(x, cos, sin, bias)
        return self.norm(x) @ self.embed.weight.t()


class CachedDecoder(nn.Module):
    """The export signature: Optimum's input_ids, attention_mask, position_ids and the cache."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask, position_ids, *past):
        m = self.model
        s = input_ids.shape[1]
        cos, sin = m.rope(position_ids)
        past_len = past[0].shape[2]
        q_pos = torch.arange(s) + past_len
        k_pos = torch.arange(past_len + s)
        allowed = (k_pos[None, :] <= q_pos[:, None])[None, None] & (attention_mask[:, None, None, :] > 0)
        bias = torch.where(allowed, torch.zeros(()), torch.full((), -1e9))
        x = m.embed(input_ids)
        presents = []
        for i, block in enumerate(m.blocks):
            x, k, v = block(x, cos, sin, bias, past[2 * i], past[2 * i + 1])
            presents += [k, v]
        logits = m.norm(x) @ m.embed.weight.t()
        return (logits, *presents)


class RotaryEmbedding(torch.autograd.Function):
    """Rotary positions of [1, seq, heads * head_dim] queries or keys (Llama's rotate-half form), which
    the export writes as one com.microsoft.RotaryEmbedding node instead of the ~7 nodes per tensor
    (slices, negation, concatenation, products) the same maths traces to. cos_cache, sin_cache:
    [positions, head_dim / 2], the angles of model.rope."""

    @staticmethod
    def forward(ctx, x, position_ids, cos_cache, sin_cache, heads):
        t = x.reshape(1, x.shape[1], heads, -1)
        cos = torch.cat([cos_cache[position_ids]] * 2, dim=-1)[:, :, None]
        sin = torch.cat([sin_cache[position_ids]] * 2, dim=-1)[:, :, None]
        half = t.shape[-1] // 2
        return (t * cos + torch.cat([-t[..., half:], t[..., :half]], dim=-1) * sin).reshape(x.shape)

    @staticmethod
    def symbolic(g, x, position_ids, cos_cache, sin_cache, heads):
        out = g.op("com.microsoft::RotaryEmbedding", x, position_ids, cos_cache, sin_cache, interleaved_i=0, num_heads_i=heads)
        out.setType(x.type())
        return out


class SlotCacheDecoder(nn.Module):
    """The export signature the shipped model uses: the engine keeps each layer's cache as a buffer of
    `capacity` slots and writes new keys and values into it in place; the graph only reads it (slots
    from `cache_length` on are masked) and returns the new tokens' keys and values. A decode step then
    copies no cache, where Optimum's layout concatenates and returns the whole cache at every step
    (at 700 cached tokens, most of a step's time). Same maths as CachedDecoder.

    The graph is also kept lean for one-token decode steps, where a node's fixed cost matters as
    much as its arithmetic: the query/key/value projections are one MatMul, as are gate and up, and
    every reshape has a constant shape (batch 1, the engine's only one; -1 for the sequence), so
    that no Shape/Gather/Concat chains are computed per layer and step.

    Inputs: input_ids, position_ids [1, seq]; cache_length [1]; logits_from [1]; cache_key.{i},
    cache_value.{i} [1, kv heads, capacity, head_dim]. Outputs: logits [1, seq - logits_from, vocab],
    those of the rows from logits_from on; new_key.{i}, new_value.{i} [1, kv heads, seq, head_dim].
    export.py then makes the slots int8 (int8_cache.py), unless --float-cache.
    A completion needs the last row's logits only (the engine sends seq - 1): the last layer then
    attends, projects and runs its MLP for that row alone, and the vocabulary head (the largest
    matrix) runs once, where a prefill of n tokens ran them n times. Positions run from 0 to the
    context length - 1 (the rotary tables end there; onnxruntime refuses a later one, and the engine
    never sends one).
    """

    def __init__(self, model):
        super().__init__()
        self.model = model
        # Fused copies of each block's projection weights (rows of q, k, v; of gate, up): the same
        # columns, so per-column int8 quantization gives the same values as for the separate ones.
        # Buffers, so that the exporter stores them as initializers (quantize.py rewrites those; as
        # plain attributes they became Constant nodes).
        for i, b in enumerate(model.blocks):
            # The queries' rows carry attention's 1/sqrt(head_dim): the rotation is linear, so the
            # scores are the same, and onnxruntime then runs q @ keys without a scale, the form its
            # one-row (GEMV) kernel takes.
            q = b.q.weight / math.sqrt(model.cfg.head_dim)
            self.register_buffer(f"qkv_{i}", torch.cat([q, b.k.weight, b.v.weight]).detach(), persistent=False)
            self.register_buffer(f"gate_up_{i}", torch.cat([b.gate.weight, b.up.weight]).detach(), persistent=False)
        positions = torch.arange(model.cfg.context, dtype=torch.float32)[:, None] * model.inv_freq[None]
        self.register_buffer("cos_cache", positions.cos(), persistent=False)
        self.register_buffer("sin_cache", positions.sin(), persistent=False)

    def forward(self, input_ids, position_ids, cache_length, logits_from, *cache):
        m = self.model
        cfg = m.cfg
        h, kvh, g, d, hidden, inter = cfg.heads, cfg.key_value_heads, cfg.group, cfg.head_dim, cfg.hidden, cfg.intermediate
        kv_width = kvh * d
        capacity = cache[0].shape[2]
        past_bias = torch.where(torch.arange(capacity) < cache_length, torch.zeros(()), torch.full((), -1e9))
        q_pos = torch.arange(input_ids.shape[1])

        def causal_bias(positions):
            """The new tokens' mask for queries at `positions`. With grouped key/value heads the queries of
            a group are the rows of one matrix, [1, kv heads, group * n, head_dim], multiplied once with
            the keys they share: the positions repeat once per query head of the group."""
            rows = positions.repeat(g) if g > 1 else positions
            return torch.where(q_pos[None, :] <= rows[:, None], torch.zeros(()), torch.full((), -1e9))

        new_bias = causal_bias(q_pos)

        def heads(t, n):
            return t.reshape(1, -1, n, d).transpose(1, 2)

        def rotate(t, n):
            return RotaryEmbedding.apply(t, position_ids, self.cos_cache, self.sin_cache, n)

        x = m.embed(input_ids)
        news = []
        for i, block in enumerate(m.blocks):
            qkv = block.attn_norm(x) @ getattr(self, f"qkv_{i}").t()
            q = heads(rotate(qkv[..., :hidden], h), h)
            k = heads(rotate(qkv[..., hidden:hidden + kv_width], kvh), kvh)
            v = heads(qkv[..., hidden + kv_width:], kvh)
            bias = new_bias
            if i == len(m.blocks) - 1:
                # Only the rows whose logits are asked for go on; every row's key and value are new.
                start = logits_from[0]
                q, x, bias = q[:, :, start:], x[:, start:], causal_bias(q_pos[start:])
            if g > 1:
                q = q.reshape(1, kvh, -1, d)
            cache_k, cache_v = cache[2 * i], cache[2 * i + 1]
            scores = torch.cat([q @ cache_k.transpose(-1, -2) + past_bias, q @ k.transpose(-1, -2) + bias], dim=-1)
            p = torch.softmax(scores, dim=-1)
            out = p[..., :capacity] @ cache_v + p[..., capacity:] @ v
            if g > 1:
                out = out.reshape(1, h, -1, d)
            x = x + block.o(out.transpose(1, 2).reshape(1, -1, hidden))
            gate_up = block.mlp_norm(x) @ getattr(self, f"gate_up_{i}").t()
            x = x + block.down(F.silu(gate_up[..., :inter]) * gate_up[..., inter:])
            news += [k, v]
        logits = m.norm(x) @ m.embed.weight.t()
        return (logits, *news)
