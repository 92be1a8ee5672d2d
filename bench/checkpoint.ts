// Opening a PyTorch checkpoint in the data explorer against what a physicist does today, in the same
// run: Python's torch.load of the whole file (map_location="cpu"; weights_only=False, PyTorch's
// default before 2.6, since 1.13's weights_only refuses the optimizer's floats), then NumPy's
// histogram of one tensor. The checkpoint is a real torch.save of a transformer-sized training state
// (a token embedding, N encoder blocks, Adam's two moments for every parameter), written once by
// Debian's PyTorch into .cache/bench-checkpoint/. HAI's times: the structure (open, unpickle, list),
// and a histogram of the largest tensor (read by positioned reads, 100 bins), each median of --runs.
// The same for the model's weights as safetensors (safetensorsRuns).
// Run: npm run bench:checkpoint [-- --layers 12 --runs 5]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { type FileDescription, runDataJob } from '../core/data/workers/dataJobs';
import { ROOT } from '../scripts/paths';
import { arg } from './lspSession';

const PYTHON = '/usr/bin/python3';

function makeCheckpoint(file: string, layers: number): void {
  const script = `
import sys, torch
torch.manual_seed(0)
layer = lambda: torch.nn.TransformerEncoderLayer(512, 8, 2048, batch_first=True)
model = torch.nn.ModuleDict({"embed": torch.nn.Embedding(32000, 512), "blocks": torch.nn.ModuleList([layer() for _ in range(${layers})]), "head": torch.nn.Linear(512, 10)})
opt = torch.optim.Adam(model.parameters())
for p in model.parameters():
    p.grad = torch.randn_like(p)
opt.step()
torch.save({"epoch": 30, "model": model.state_dict(), "optimizer": opt.state_dict()}, sys.argv[1])
`;
  execFileSync(PYTHON, ['-c', script, file], { stdio: 'inherit' });
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x: number): number => Math.round(x * 10) / 10;

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

async function main(): Promise<void> {
  const layers = Number(arg('layers', '12'));
  const runs = Number(arg('runs', '5'));
  const dir = path.join(ROOT, '.cache', 'bench-checkpoint');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `transformer-${layers}.pt`);
  if (!existsSync(file)) makeCheckpoint(file, layers);
  const described = (await runDataJob({ op: 'describe', file })) as Extract<FileDescription, { format: 'torch' }>;
  const largest = described.tensors.filter((t) => t.table === 'model').reduce((a, b) => (b.bytes > a.bytes ? b : a));
  const expression = `\`${largest.name}\``;
  const structureMs: number[] = [];
  const histogramMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    structureMs.push(await timed(() => runDataJob({ op: 'describe', file })));
    histogramMs.push(await timed(() => runDataJob({ op: 'histogram', file, tree: 'model', expression })));
  }
  // Python, in one process per run as a user's script is: import torch is timed apart from the load.
  const python = `
import sys, time
t0 = time.perf_counter()
import torch, numpy as np
t1 = time.perf_counter()
ck = torch.load(sys.argv[1], map_location="cpu", weights_only=False)
t2 = time.perf_counter()
v = ck["model"][sys.argv[2]].detach().to(torch.float64).numpy().ravel()
np.histogram(v, bins=100, range=(v.min(), v.max()))
t3 = time.perf_counter()
print((t1 - t0) * 1000, (t2 - t1) * 1000, (t3 - t2) * 1000)
`;
  const py = Array.from({ length: runs }, () => execFileSync(PYTHON, ['-W', 'ignore', '-c', python, file, largest.name], { encoding: 'utf8' }).trim().split(' ').map(Number));
  const weights = await safetensorsRuns(file, largest.name, runs);
  console.log(
    JSON.stringify(
      {
        file: path.relative(ROOT, file),
        fileMiB: round(statSync(file).size / 2 ** 20),
        tensors: described.tensors.length,
        largest: { name: largest.name, shape: largest.shape, MiB: round(largest.bytes / 2 ** 20) },
        runs,
        hai: { structureMs: round(median(structureMs)), histogramLargestMs: round(median(histogramMs)) },
        python: { importTorchMs: round(median(py.map((r) => r[0]))), torchLoadMs: round(median(py.map((r) => r[1]))), histogramLargestMs: round(median(py.map((r) => r[2]))) },
        safetensors: weights,
      },
      null,
      2,
    ),
  );
}

/**
 * The model's weights alone as safetensors (what save_pretrained writes), laid out by the format's
 * specification, and the same state_dict as a .pt: HAI's structure and histogram of the largest
 * tensor against Python's torch.load(weights_only=True) of the .pt (the safetensors package is not
 * in Debian, so its own load cannot be timed here).
 */
async function safetensorsRuns(checkpoint: string, largest: string, runs: number): Promise<object> {
  const file = checkpoint.replace(/\.pt$/, '.safetensors');
  const pt = checkpoint.replace(/\.pt$/, '-weights.pt');
  if (!existsSync(file) || !existsSync(pt)) {
    const write = `
import json, struct, sys, torch
state = torch.load(sys.argv[1], map_location="cpu", weights_only=False)["model"]
torch.save(state, sys.argv[3])
names = sorted(state, key=lambda k: (-state[k].element_size(), k))
header, at = {"__metadata__": {"format": "pt"}}, 0
for k in names:
    n = state[k].numel() * state[k].element_size()
    header[k] = {"dtype": {torch.float32: "F32", torch.float64: "F64", torch.float16: "F16", torch.int64: "I64"}[state[k].dtype], "shape": list(state[k].shape), "data_offsets": [at, at + n]}
    at += n
text = json.dumps(header).encode()
text += b" " * (-len(text) % 8)
with open(sys.argv[2], "wb") as f:
    f.write(struct.pack("<Q", len(text)) + text)
    for k in names:
        f.write(state[k].contiguous().numpy().tobytes())
`;
    execFileSync(PYTHON, ['-W', 'ignore', '-c', write, checkpoint, file, pt], { stdio: 'inherit' });
  }
  const expression = `\`${largest}\``;
  const structureMs: number[] = [];
  const histogramMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    structureMs.push(await timed(() => runDataJob({ op: 'describe', file })));
    histogramMs.push(await timed(() => runDataJob({ op: 'histogram', file, expression })));
  }
  const python = `
import sys, time
import torch, numpy as np
t0 = time.perf_counter()
state = torch.load(sys.argv[1], map_location="cpu", weights_only=True)
t1 = time.perf_counter()
v = state[sys.argv[2]].to(torch.float64).numpy().ravel()
np.histogram(v, bins=100, range=(v.min(), v.max()))
print((t1 - t0) * 1000, (time.perf_counter() - t1) * 1000)
`;
  const py = Array.from({ length: runs }, () => execFileSync(PYTHON, ['-W', 'ignore', '-c', python, pt, largest], { encoding: 'utf8' }).trim().split(' ').map(Number));
  return {
    file: path.relative(ROOT, file),
    fileMiB: round(statSync(file).size / 2 ** 20),
    hai: { structureMs: round(median(structureMs)), histogramLargestMs: round(median(histogramMs)) },
    pythonWeightsPt: { torchLoadWeightsOnlyMs: round(median(py.map((r) => r[0]))), histogramLargestMs: round(median(py.map((r) => r[1]))) },
  };
}

void main();
