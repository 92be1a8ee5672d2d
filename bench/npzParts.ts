// A histogram of one array of a compressed .npz (np.savez_compressed) that is larger than a part, as
// the explorer makes it: split into parts of entries, run on a worker pool. Against, in the same run,
// the same array stored (np.savez): read in place, its time is the floor. The files (built once with
// NumPy into .cache/bench-npz/): N float64 values, 25 M by default.
// Run: npm run bench:npz -- [millions of values] [workers]  Prints JSON.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { histogramDataset } from '../core/data/dataset';
import type { DataJob } from '../core/data/workers/dataJobs';
import { DataWorkerPool } from '../core/data/workers/workerPool';
import { ROOT } from '../scripts/paths';

const BUILD = `
import numpy as np, sys
x = np.random.default_rng(7).exponential(50, int(sys.argv[3]) * 1_000_000)
np.savez(sys.argv[1], x=x)
np.savez_compressed(sys.argv[2], x=x)
`;
const round = (x: number): number => Math.round(x);

async function main(): Promise<void> {
  const millions = Number(process.argv[2] ?? 25);
  const workers = Number(process.argv[3] ?? 1);
  const dir = path.join(ROOT, '.cache', 'bench-npz');
  const stored = path.join(dir, `stored-${millions}m.npz`);
  const compressed = path.join(dir, `compressed-${millions}m.npz`);
  mkdirSync(dir, { recursive: true });
  if (!existsSync(compressed)) execFileSync('/usr/bin/python3', ['-c', BUILD, stored, compressed, String(millions)], { stdio: 'inherit' });
  const pool = new DataWorkerPool({ script: path.join(ROOT, 'core', 'data', 'workers', 'dataWorker.ts'), execArgv: ['--require', 'tsx/cjs'], size: workers, timeoutMs: 600_000 });
  const run = <T>(job: DataJob, signal?: AbortSignal): Promise<T> => pool.run<T>(job, signal);
  const time = async (file: string): Promise<{ ms: number; parts: number; entries: number }> => {
    const t = performance.now();
    const r = await histogramDataset({ files: [{ file, bytes: statSync(file).size }], expression: 'x', axis: { bins: 100, low: 0, high: 500 } }, run);
    return { ms: round(performance.now() - t), parts: r.parts, entries: r.entriesRead };
  };
  // Worker start and JIT warm-up are not what is compared.
  await time(stored);
  const result = { values: millions * 1_000_000, workers, storedMs: await time(stored), compressedMs: await time(compressed) };
  await pool.close();
  console.log(JSON.stringify(result, null, 2));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
