// A histogram of one group of an HDF5 file that holds many groups (runs, events or detector modules
// each in a group of their own), as the explorer makes it: the file split into parts over the
// explorer's worker pool, each part reading that group's datasets. Against, in the same run, the
// floor: the same dataset read whole once with h5wasm, and the file's description (the walk every
// part made before the group was read alone). The file (built once with h5py into .cache/bench-hdf5/):
// 3 000 groups of 3 small datasets, then /jets/pt of 8 M float32 values in chunks of 64 Ki.
// Run: npm run bench:hdf5  Prints JSON.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { histogramDataset } from '../core/data/dataset';
import { Hdf5File } from '../core/data/hdf5/hdf5File';
import type { DataJob } from '../core/data/workers/dataJobs';
import { DataWorkerPool, EXPLORER_POOL, explorerPoolSize } from '../core/data/workers/workerPool';
import { ROOT } from '../scripts/paths';

const BUILD = `
import h5py, numpy as np, sys
with h5py.File(sys.argv[1], "w") as f:
    for i in range(3000):
        g = f.create_group(f"run{i:04d}")
        for k in "abc":
            g[k] = np.arange(3.0)
    f.create_dataset("jets/pt", data=np.random.default_rng(7).exponential(50, 8_000_000).astype("f4"), chunks=(65536,))
`;
const AXIS = { bins: 100, low: 0, high: 500 };
const round = (x: number): number => Math.round(x * 10) / 10;

async function main(): Promise<void> {
  const dir = path.join(ROOT, '.cache', 'bench-hdf5');
  const file = path.join(dir, 'runs.h5');
  mkdirSync(dir, { recursive: true });
  if (!existsSync(file)) execFileSync('/usr/bin/python3', ['-c', BUILD, file], { stdio: 'inherit' });
  const script = path.join(ROOT, 'dist', 'dataWorker.js');
  if (!existsSync(script)) throw new Error('dist/dataWorker.js is missing: run node esbuild.config.mjs --production first (npm run bench:hdf5 does).');

  // The floor: the description's walk, and the dataset read whole, in this thread.
  const h5 = await Hdf5File.open(file);
  let t = performance.now();
  const described = h5.describe();
  const describeMs = round(performance.now() - t);
  t = performance.now();
  const values = h5.read('/jets', ['pt'], 0, 8_000_000).get('pt')!;
  const readWholeMs = round(performance.now() - t);
  h5.close();

  const workers = explorerPoolSize();
  const pool = new DataWorkerPool({ script, size: workers, timeoutMs: 600_000, maxHeapMb: EXPLORER_POOL.maxHeapMb, maxYoungMb: EXPLORER_POOL.maxYoungMb });
  const run = <T>(job: DataJob, signal?: AbortSignal): Promise<T> => pool.run<T>(job, signal);
  const request = { files: [{ file, bytes: statSync(file).size }], tree: '/jets', expression: 'pt', axis: AXIS };
  // Worker start and JIT warm-up are not what is compared.
  await histogramDataset(request, run);
  const times: number[] = [];
  let result;
  for (let i = 0; i < 3; i++) {
    t = performance.now();
    result = await histogramDataset(request, run);
    times.push(performance.now() - t);
  }
  await pool.close();
  console.log(
    JSON.stringify(
      {
        file: { bytes: statSync(file).size, groups: 3001, groupsDescribed: described.groups.length, values: values.kind === 'flat' ? values.values.length : 0 },
        machine: { cores: os.availableParallelism(), workers, cpu: os.cpus()[0]?.model },
        explorerHistogramMs: { median: round(times.sort((a, b) => a - b)[1]), runs: times.map(round), parts: result!.parts, entries: result!.entriesRead },
        floor: { readWholeDatasetMs: readWholeMs, describeWholeFileMs: describeMs },
      },
      null,
      2,
    ),
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
