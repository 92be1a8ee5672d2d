// Damaged files through the real readers in the worker pool: bit flips at seeded places and
// truncations of a ROOT file, npz archives, parquet files and an HDF5 file. Every job must end — with a result or with an error
// that names what happened — and never hang or take the process down; the pool answers a good file
// afterwards.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DataJob } from './dataJobs';
import { DataWorkerPool } from './workerPool';

const FIXTURES = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'data');
/** What a damaged file may end in: the readers' own errors, or the pool stopping a crashed or stuck reader. */
const EXPECTED_ERRORS = new Set(['RootError', 'NpyError', 'ParquetError', 'Hdf5Error', 'ReaderCrash', 'TimeoutError', 'RangeError', 'ExpressionError']);

function* damaged(bytes: Buffer, flips: number, seed: number): Generator<{ label: string; bytes: Buffer }> {
  let state = seed;
  const next = (): number => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let i = 0; i < flips; i++) {
    const copy = Buffer.from(bytes);
    const at = Math.floor(next() * copy.length);
    const bit = Math.floor(next() * 8);
    copy[at] ^= 1 << bit;
    yield { label: `bit ${bit} of byte ${at}`, bytes: copy };
  }
  for (const fraction of [0.1, 0.5, 0.9, 0.999]) yield { label: `cut at ${fraction * 100} %`, bytes: bytes.subarray(0, Math.floor(bytes.length * fraction)) };
}

describe('damaged files in the data workers (seeded fuzzing)', function () {
  this.timeout(180_000);
  let pool: DataWorkerPool;
  let tmp: string;
  before(() => {
    pool = new DataWorkerPool({ script: path.join(__dirname, 'dataWorker.ts'), execArgv: ['--require', 'tsx/cjs'], size: 1, timeoutMs: 20_000, maxHeapMb: 256 });
    tmp = mkdtempSync(path.join(os.tmpdir(), 'hai-fuzz-'));
  });
  after(async () => {
    await pool.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  const cases: [string, string, (file: string) => DataJob[]][] = [
    ['uproot-HZZ.root', path.join(FIXTURES, 'root', 'uproot-HZZ.root'), (file) => [{ op: 'describe', file }, { op: 'histogram', file, tree: 'events', expression: 'Jet_Px', entryCut: 'NJet >= 2', elementCut: 'Jet_Px > 20' }]],
    // Its lzma blocks are unpacked by xz-embedded in WebAssembly (core/data/root/unpackedBlocks.ts), not by jsroot.
    ['uproot-HZZ-lzma.root', path.join(FIXTURES, 'root', 'uproot-HZZ-lzma.root'), (file) => [{ op: 'describe', file }, { op: 'histogram', file, tree: 'events', expression: 'Jet_Px', entryCut: 'NJet >= 2', elementCut: 'Jet_Px > 20' }]],
    ['jets_compressed.npz', path.join(FIXTURES, 'npy', 'jets_compressed.npz'), (file) => [{ op: 'describe', file }, { op: 'histogram', file, expression: 'part_deta * 2' }]],
    ['jets.npz', path.join(FIXTURES, 'npy', 'jets.npz'), (file) => [{ op: 'histogram', file, expression: 'jet_pt', entryCut: 'jet_pt > 10' }]],
    ['jets_gzip.parquet', path.join(FIXTURES, 'parquet', 'jets_gzip.parquet'), (file) => [{ op: 'describe', file }, { op: 'histogram', file, expression: 'part_deta', entryCut: 'jet_nparticles >= 3', elementCut: 'part_deta > 0' }]],
    ['jets.parquet', path.join(FIXTURES, 'parquet', 'jets.parquet'), (file) => [{ op: 'histogram', file, expression: 'jet_pt * 2' }]],
    ['jets.h5', path.join(FIXTURES, 'hdf5', 'jets.h5'), (file) => [{ op: 'describe', file }, { op: 'histogram', file, tree: '/particles', expression: 'deta', entryCut: 'n >= 3', elementCut: 'deta > 0' }]],
  ];
  for (const [name, original, jobsFor] of cases) {
    it(`ends every job on 40 bit-flipped and 4 truncated copies of ${name} with a result or a named error`, async () => {
      const outcomes = new Map<string, number>();
      let i = 0;
      for (const d of damaged(readFileSync(original), 40, 20261130 + name.length)) {
        const file = path.join(tmp, `${i++}-${name}`);
        writeFileSync(file, d.bytes);
        for (const job of jobsFor(file)) {
          const outcome = await pool.run(job).then(
            () => 'result',
            (err: Error) => err.name,
          );
          assert.ok(outcome === 'result' || EXPECTED_ERRORS.has(outcome), `${d.label}, ${job.op}: ${outcome}`);
          outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
        }
      }
      assert.ok([...outcomes.keys()].some((k) => k !== 'result'), `some damage is noticed: ${JSON.stringify([...outcomes])}`);
      const good = await pool.run({ op: 'describe', file: original });
      assert.ok(good);
    });
  }
});
