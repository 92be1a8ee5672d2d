// Opening a PyTorch checkpoint in the data explorer against what a physicist does today, in the same
// run: Python's torch.load of the whole file (map_location="cpu"; weights_only=False, PyTorch's
// default before 2.6, since 1.13's weights_only refuses the optimizer's floats), then NumPy's
// histogram of one tensor. The checkpoint is a real torch.save of a transformer-sized training state
// (a token embedding, N encoder blocks, Adam's two moments for every parameter), written once by
// Debian's PyTorch into .cache/bench-checkpoint/. HAI's times: the structure (open, unpickle, list),
// and a histogram of the largest tensor (read by positioned reads, 100 bins), each median of --runs.
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
      },
      null,
      2,
    ),
  );
}

void main();
