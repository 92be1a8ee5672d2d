// Grouped key/value heads (model.py kv_heads, the 25m-kv2 shape): merging a trained model's heads
// (merge_heads.py) keeps what a shared head can stand for, and the export with fewer cache heads
// decodes in the engine as PyTorch does.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { readDecoderConfig } from '../../server/completion/modelConfig';
import { findModelFiles } from '../../server/completion/modelFiles';
import { OnnxDecoder } from '../../server/completion/onnxDecoder';

const run = promisify(execFile);
const PYTHON = '/usr/bin/python3'; // Debian's: a pyenv python3 earlier on PATH cannot see python3-torch
const SHIPPED = path.join(__dirname, '..', 'code-model');

// A small model with 4 query heads whose key and value heads come in pairs that a merge into 2 key/value
// heads can keep exactly, though the two of a pair differ: the second's keys are the first's with each
// rotary pair turned and scaled by its own complex factor, its values an invertible mix of the first's.
// Mean-pooling (what the merge replaced) changes such a model; the merge must not. Saved as a train.py
// --weights-out file. Printed, a line each: the merged and the pooled model's largest logit
// difference, then the lowest and highest ratio of a shared row's norm to its partners'; both again
// for a source whose 8 query heads already share 4 key/value heads, merged into 2; the value fit's
// error over an uneven input covariance against the least possible, and a fit that ignores the
// covariance against it; the same for keys with uneven query energies; the calibration covariance
// against the normed input's own; whether heads with nothing to fit merge to finite weights; the
// refusal of a change of shape.
const MAKE = `
import sys, torch
sys.path.insert(0, ${JSON.stringify(__dirname)})
from dataclasses import replace
from model import CodeModel, ModelConfig
from merge_heads import _merge_keys, _merge_values, _roots, calibration_statistics, merged_model

def paired(cfg):
    model = CodeModel(cfg).eval()
    d, half, pairs = cfg.head_dim, cfg.head_dim // 2, cfg.key_value_heads // 2
    with torch.no_grad():
        for b in model.blocks:
            # Sharper attention and larger values than a fresh init's, so that a wrong head pairing shows.
            b.q.weight.mul_(8.0)
            b.k.weight.mul_(4.0)
            b.v.weight.mul_(10.0)
            k, v = b.k.weight.view(pairs, 2, d, -1), b.v.weight.view(pairs, 2, d, -1)
            angle, size = torch.rand(pairs, half, 1) * 6.28, 0.5 + torch.rand(pairs, half, 1)
            re, im = k[:, 0, :half].clone(), k[:, 0, half:].clone()
            k[:, 1, :half] = size * (torch.cos(angle) * re - torch.sin(angle) * im)
            k[:, 1, half:] = size * (torch.cos(angle) * im + torch.sin(angle) * re)
            v[:, 1] = (torch.eye(d) + 0.3 * torch.randn(d, d)) @ v[:, 0]
        model.norm.weight.mul_(30.0)  # logits far apart, as a trained model's: no near-ties for int8 to flip
    return model

def pooled(model, cfg):
    d, pool = cfg.head_dim, model.cfg.key_value_heads // cfg.key_value_heads
    out = CodeModel(cfg).eval()
    out.load_state_dict({n: w.view(cfg.key_value_heads, pool, d, -1).mean(1).reshape(-1, w.shape[-1])
                         if n.endswith((".k.weight", ".v.weight")) else w for n, w in model.state_dict().items()})
    return out

def balance(model, grouped):
    # |shared row| / |what multiplies it| over the merged model, as (lowest, highest): 1 where rescaled.
    d, half, kv = grouped.head_dim, grouped.head_dim // 2, grouped.key_value_heads
    per = grouped.heads // kv
    ratios = []
    for b in model.blocks:
        q, k, v, o = b.q.weight.double(), b.k.weight.double(), b.v.weight.double(), b.o.weight.double()
        for g in range(kv):
            heads = range(g * per, (g + 1) * per)
            for j in range(half):
                rows = [h * d + j for h in heads] + [h * d + j + half for h in heads]
                ratios.append(float(k[[g * d + j, g * d + j + half]].norm() / q[rows].norm()))
            for i in range(d):
                ratios.append(float(v[g * d + i].norm() / o[:, [h * d + i for h in heads]].norm()))
    return min(ratios), max(ratios)

torch.manual_seed(0)
ids = torch.randint(0, ModelConfig().vocab_size, (1, 40))
for full in (ModelConfig(hidden=128, layers=2, heads=4, intermediate=256, context=64),
             ModelConfig(hidden=128, layers=2, heads=8, kv_heads=4, intermediate=256, context=64)):
    model, grouped = paired(full), replace(full, kv_heads=2)
    small = merged_model(model, grouped, torch.randint(0, full.vocab_size, (4, 64)))
    with torch.no_grad():
        print(float((model(ids) - small(ids)).abs().max()), float((model(ids) - pooled(model, grouped)(ids)).abs().max()))
    print(*balance(small, grouped))
    if full.heads == 4:
        torch.save({"model": {k: v.to(torch.bfloat16) for k, v in small.state_dict().items()}, "config": grouped.to_dict(),
                    "step": 1, "tokens": 1, "elapsed": 0.0, "args": {}, "init": None}, sys.argv[1])

# Two unrelated value heads into one, over inputs whose variance spans six orders of magnitude.
d, hidden = 16, 64
wv, wo = torch.randn(2 * d, hidden, dtype=torch.float64), torch.randn(hidden, 2 * d, dtype=torch.float64)
basis = torch.linalg.qr(torch.randn(hidden, hidden, dtype=torch.float64))[0]
root, inverse_root = _roots(basis @ torch.diag(torch.logspace(-3, 3, hidden, dtype=torch.float64)) @ basis.T)
maps = [wo[:, h * d:(h + 1) * d] @ wv[h * d:(h + 1) * d] for h in (0, 1)]
def error(rows, columns):
    return float(sum(((maps[h] - columns[:, h * d:(h + 1) * d] @ rows) @ root).pow(2).sum() for h in (0, 1)))
best = float(torch.linalg.svdvals(torch.cat([m @ root for m in maps]))[d:].pow(2).sum())
fit, plain = wo.clone(), wo.clone()
rows = _merge_values(wv, fit, root, inverse_root, [0, 1], lambda h: h, d)
eye = torch.eye(hidden, dtype=torch.float64)
plain_rows = _merge_values(wv, plain, eye, eye, [0, 1], lambda h: h, d)
print(error(rows, fit) / best, error(plain_rows, plain) / best)

# Two unrelated key heads into one, with queries 100 times stronger in head 0: per rotary pair the fit's
# energy-weighted error is the least possible (the second singular value), and one that weighs the
# heads alike is worse under the true weights.
half = d // 2
wk, wq = torch.randn(2 * d, hidden, dtype=torch.float64), torch.randn(2 * d, hidden, dtype=torch.float64)
energy = torch.stack([torch.full((half,), 100.0), torch.ones(half)]).double()
def key_error(fitted_q, shared):
    total = 0.0
    for j in range(half):
        u = torch.complex(shared[j], shared[j + half])
        for s in (0, 1):
            # The query pair was multiplied by conj(beta) / t and the shared keys by t: beta * key = conj(that) * shared.
            factor = (torch.complex(fitted_q[s * d + j], fitted_q[s * d + j + half]) / torch.complex(wq[s * d + j], wq[s * d + j + half]))[0].conj()
            w = torch.complex(wk[s * d + j], wk[s * d + j + half])
            total += float(energy[s, j]) * float((root.to(torch.complex128) @ (w - factor * u)).abs().pow(2).sum())
    return total
best = sum(float(torch.linalg.svdvals(torch.stack([float(energy[s, j]) ** 0.5 * (root.to(torch.complex128) @ torch.complex(wk[s * d + j], wk[s * d + j + half])) for s in (0, 1)]))[1] ** 2) for j in range(half))
fitted, alike = wq.clone(), wq.clone()
shared = _merge_keys(fitted, wk, energy, root, inverse_root, [0, 1], {0: [0], 1: [1]}, d)
shared_alike = _merge_keys(alike, wk, torch.ones_like(energy), root, inverse_root, [0, 1], {0: [0], 1: [1]}, d)
print(key_error(fitted, shared) / best, key_error(alike, shared_alike) / best)

# The covariance the fit uses is that of the attention's normed input (what the k and v rows read).
seen = []
model.blocks[1].attn_norm.register_forward_hook(lambda module, inputs, output: seen.append(output.reshape(-1, output.shape[-1]).double()))
windows = torch.randint(0, full.vocab_size, (2, 32))
covariance = calibration_statistics(model, windows)[1]["covariance"]
print(float((covariance - seen[0].T @ seen[0] / seen[0].shape[0]).abs().max() / covariance.abs().max()))
# Heads with nothing to fit (a group's keys of a rotary pair, or its values, all zero) merge to finite weights.
with torch.no_grad():
    for b in model.blocks:
        b.k.weight.view(4, full.head_dim, -1)[:2, [3, 3 + full.head_dim // 2]] = 0
        b.v.weight.view(4, full.head_dim, -1)[:2] = 0
print(all(bool(w.isfinite().all()) for w in merged_model(model, replace(full, kv_heads=2), windows).state_dict().values()))
try:
    merged_model(model, replace(full, kv_heads=2, layers=3), ids)
except ValueError as err:
    print(err)
`;

describe('grouped key/value heads (model.py kv_heads)', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hai-grouped-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('merges heads a shared head can stand for without changing the model, and the engine decodes its export as PyTorch does', async () => {
    writeFileSync(path.join(dir, 'make.py'), MAKE);
    const weights = path.join(dir, 'weights.pt');
    const made = (await run(PYTHON, [path.join(dir, 'make.py'), weights])).stdout.trim().split('\n');
    for (const [at, source] of [[0, '8 key/value heads'], [2, '4 key/value heads shared by 8 query heads']] as const) {
      const [merged, pooled] = made[at].split(' ').map(Number);
      assert.ok(merged < 1e-3, `${source}: the merged model's logits within ${merged} of the original's`);
      assert.ok(pooled > 1, `${source}: mean-pooled heads change this model (logits off by ${pooled}), so the case needs the fit`);
      // Each shared key pair and value row has the norm of what multiplies it (the test's model is
      // deliberately unbalanced: values x10, small output columns).
      const [lowest, highest] = made[at + 1].split(' ').map(Number);
      assert.ok(lowest > 1 - 1e-4 && highest < 1 + 1e-4, `${source}: shared rows / their partners' norms from ${lowest} to ${highest}`);
    }
    // Where no fit is exact, the value fit is the best over the inputs' covariance (Eckart-Young), and
    // one that ignores the covariance is clearly worse there; the key fit likewise with the queries' energy.
    const [fit, plain] = made[4].split(' ').map(Number);
    assert.ok(Math.abs(fit - 1) < 1e-6, `the value fit's error is ${fit} times the least possible`);
    assert.ok(plain > 1.5, `a value fit without the covariance: ${plain} times the least possible error`);
    const [keyFit, alike] = made[5].split(' ').map(Number);
    assert.ok(Math.abs(keyFit - 1) < 1e-6, `the key fit's weighted error is ${keyFit} times the least possible`);
    assert.ok(alike > 1.5, `a key fit that weighs the heads alike: ${alike} times the least possible error`);
    assert.ok(Number(made[6]) < 1e-9, `the calibration covariance is the normed input's (off by ${made[6]})`);
    assert.equal(made[7], 'True', 'heads with nothing to fit merge to finite weights');
    assert.match(made[8], /cannot become .* by grouping its key\/value heads/, 'another change of shape is refused');

    const work = path.join(dir, 'work');
    mkdirSync(path.join(work, 'tokenizer'), { recursive: true });
    for (const f of ['tokenizer.json', 'tokenizer_config.json']) cpSync(path.join(SHIPPED, f), path.join(work, 'tokenizer', f));
    // The int8 slots export.py writes by default (int8_cache.py) and the fp32 ones of --float-cache.
    for (const cache of ['int8', 'float32'] as const) {
      const out = path.join(dir, `model-${cache}`);
      await run(PYTHON, [path.join(__dirname, 'export.py'), '--work', work, '--out', out, '--checkpoint', weights, '--no-smooth', ...(cache === 'float32' ? ['--float-cache'] : [])]);
      await decodesAsPyTorch(out, cache);
    }
  });
});

/** The export in `out` decodes in the engine as PyTorch does, through a cache of 2 key/value heads per layer. */
async function decodesAsPyTorch(out: string, cache: 'int8' | 'float32'): Promise<void> {
  const files = findModelFiles(out, 'auto');
  const config = readDecoderConfig(files.config);
  assert.equal(config.numKvHeads, 2);
  assert.equal(config.numHeads, 4);
  const decoder = await OnnxDecoder.load(files.onnx, config, 1);
  try {
    assert.equal(decoder.layout.kvType, cache);
    const check = JSON.parse(readFileSync(path.join(out, 'export-check.json'), 'utf8')) as {
      cases: { prompt: number[]; greedy: number[]; top_ids: number[]; top_logits: number[] }[];
    };
    for (const c of check.cases) {
      let { state, lastLogits } = await decoder.forward(decoder.emptyState(), c.prompt);
      const diffs = c.top_ids.map((id, k) => Math.abs(lastLogits[id] - c.top_logits[k]));
      // int8 weights and activations round each logit by about a percent of its size (a wrong pairing
      // of query and key/value heads: by more than half of it).
      const worst = Math.max(...diffs);
      assert.ok(worst < 0.03 * Math.abs(c.top_logits[0]), `${cache}: top-20 logits within ${worst.toFixed(3)} of PyTorch's (largest ${c.top_logits[0]})`);
      // 2 layers x 2 heads x 128 slots (the first growth step) x keys and values of 32 dims: fp32, or
      // int8 and a float scale per head and slot.
      const perSlot = cache === 'int8' ? 2 * (32 + 4) : 2 * 32 * 4;
      assert.equal(state.slots!.bytes, 2 * 2 * 128 * perSlot, 'the cache holds 2 key/value heads per layer');
      // PyTorch's continuation one token per step through the grouped cache, against all of it at once
      // (whose tokens see each other in fp32): the same but for int8's rounding of the cached keys and
      // values, ~1 % of the largest logit (a wrong pairing of heads: tens of %).
      for (const id of c.greedy) ({ state, lastLogits } = await decoder.forward(state, [id]));
      const whole = await decoder.forward(decoder.emptyState(), [...c.prompt, ...c.greedy]);
      const apart = lastLogits.reduce((m, v, j) => Math.max(m, Math.abs(v - whole.lastLogits[j])), 0);
      const largest = Math.max(...whole.lastLogits.map(Math.abs));
      assert.ok(apart < (cache === 'int8' ? 0.03 : 1e-3) * largest, `${cache}: step by step within ${apart} of all at once (largest ${largest})`);
      // The last layer runs for the rows whose logits are asked for (model.SlotCacheDecoder's
      // logits_from): all rows agree with each prefix's last row computed on its own.
      const sequence = [...c.prompt, ...c.greedy];
      const all = (await decoder.forward(decoder.emptyState(), sequence, true)).allLogits!;
      assert.equal(all.length, sequence.length * config.vocabSize);
      for (const n of [1, c.prompt.length, sequence.length]) {
        const alone = (await decoder.forward(decoder.emptyState(), sequence.slice(0, n))).lastLogits;
        const row = all.subarray((n - 1) * config.vocabSize, n * config.vocabSize);
        const off = alone.reduce((m, v, j) => Math.max(m, Math.abs(v - row[j])), 0);
        assert.ok(off < 1e-3 * Math.max(...alone.map(Math.abs)), `${cache}: row ${n} of all within ${off} of the prefix's own last row`);
      }
    }
  } finally {
    await decoder.dispose();
  }
}
