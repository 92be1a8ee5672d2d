// Data files forged to exhaust memory or to lie about their size, as an adversarial review built them
// (test/fixtures/data/hostile/make_hostile.py): each must be refused with what is wrong, in well under
// a second and without allocating what the file claims, and legitimate wide rows must still draw.
// The readers run in worker threads of the extension host, whose heap limit does not bound typed
// arrays: only checks made before allocating keep the host alive.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { histogramDataset } from './dataset';
import { type FileDescription, type HistogramResult, runDataJob } from './workers/dataJobs';
import { english } from '../text/message';

const PYTHON = '/usr/bin/python3';
const FIXTURES = path.resolve(__dirname, '..', '..', 'test', 'fixtures', 'data');

describe('forged and damaged data files', function () {
  this.timeout(60_000);
  let dir: string;
  const file = (name: string): string => path.join(dir, name);

  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hai-hostile-'));
    execFileSync(PYTHON, [path.join(FIXTURES, 'hostile', 'make_hostile.py'), dir, path.join(FIXTURES, 'parquet', 'jets_uncompressed.parquet')], { stdio: 'pipe' });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses an .npy of 150 million rows of no values (128 bytes) before allocating its rows', async () => {
    await assert.rejects(
      runDataJob({ op: 'histogram', file: file('zero_width.npy'), expression: 'zero_width' }),
      /Reading 150000000 entries \(0 values\) at once is more than a read takes \(33554432 entries, 33554432 values\): the array's shape is damaged or forged/,
    );
  });

  it('refuses to split a file that claims 2^53 rows into parts (the extension host would build them all)', async () => {
    const request = { files: [{ file: file('zero_width_huge.npy'), bytes: statSync(file('zero_width_huge.npy')).size }], expression: 'zero_width_huge' };
    await assert.rejects(
      histogramDataset(request, (job) => runDataJob(job) as never, { wholeFileBytes: 0 }),
      /zero_width_huge\.npy says it holds 9007199254740991 entries, more than this explorer reads of one file: its description is damaged or forged/,
    );
  });

  it('draws rows of 150 000 values, without a multiplicity plot (it would need more bins than a histogram has)', async () => {
    const h = (await runDataJob({ op: 'histogram', file: file('wide.npy'), expression: 'wide', axis: { bins: 3, low: 0, high: 300_000 } })) as HistogramResult;
    assert.deepEqual(h.histogram.sumw, [0, 100_000, 100_000, 100_000, 0]);
    assert.equal(h.multiplicity, undefined);
    const whole = await histogramDataset({ files: [{ file: file('wide.npy'), bytes: statSync(file('wide.npy')).size }], expression: 'wide', axis: { bins: 3, low: 0, high: 300_000 } }, (job) => runDataJob(job) as never, { wholeFileBytes: 0 });
    assert.deepEqual([whole.histogram.entries, whole.multiplicity], [300_000, undefined]);
  });

  it('refuses an .npz whose members share one entry instead of opening each', async () => {
    await assert.rejects(runDataJob({ op: 'describe', file: file('overlapping.npz') }), /The archive's members a0\.npy and a1\.npy share their bytes, which NumPy never writes: the file is damaged or forged/);
  });

  it('refuses a parquet footer whose row count is not its row groups\', and a schema that claims more columns than it lists', async () => {
    await assert.rejects(runDataJob({ op: 'describe', file: file('forged_rows.parquet') }), /forged_rows\.parquet says it has 150000000 rows, but its row groups hold 300: the file is damaged/);
    await assert.rejects(runDataJob({ op: 'describe', file: file('schema_children.parquet') }), (err: Error) => err.name === 'ParquetError' && /schema_children\.parquet could not be read as parquet/.test(err.message));
  });

  it('reads an HDF5 dataset of wide rows a few rows a part, and refuses a read of more values than one read takes', async () => {
    // 1.4 KB on disk: (200, 200000) u1 whose chunks were never written (zeros), and (2, 40000000) likewise.
    execFileSync(PYTHON, ['-c', 'import sys, h5py\nwith h5py.File(sys.argv[1], "w") as f:\n    f.create_dataset("wide", shape=(200, 200000), dtype="u1", chunks=(1, 200000))\n    f.create_dataset("huge", shape=(2, 40000000), dtype="u1", chunks=(1, 1000000))', file('wide.h5')]);
    const bytes = statSync(file('wide.h5')).size;
    await assert.rejects(runDataJob({ op: 'rows', file: file('wide.h5'), tree: '/', columns: ['huge'], first: 0, count: 1 }), /Reading 1 entries \(40000000 values\) at once is more than a read takes/);
    const parts: number[] = [];
    const r = await histogramDataset({ files: [{ file: file('wide.h5'), bytes }], tree: '/', expression: 'wide', axis: { bins: 1, low: -1, high: 1 } }, (job) => {
      if (job.op === 'histogram' && job.count !== undefined) parts.push(job.count);
      return runDataJob(job) as never;
    });
    assert.equal(r.histogram.entries, 40_000_000);
    // 16 MiB over twice a row's 200 000 bytes is 41 rows a part: 5 parts, never the 1000 rows a part it was before.
    assert.deepEqual(parts, [41, 41, 41, 41, 36]);
  });

  it('describes an HDF5 group of thousands of hard links to itself at once, listing its dataset', async () => {
    execFileSync(PYTHON, ['-c', 'import sys, h5py\nwith h5py.File(sys.argv[1], "w") as f:\n    f["v"] = [1.0, 2.0]\n    for i in range(3000):\n        f["loop%04d" % i] = f["/"]', file('loops.h5')]);
    const started = performance.now();
    const d = (await runDataJob({ op: 'describe', file: file('loops.h5') })) as Extract<FileDescription, { format: 'hdf5' }>;
    assert.ok(performance.now() - started < 20_000);
    assert.deepEqual(d.groups.find((g) => g.path === '/')?.datasets.map((x) => x.name), ['v']);
    assert.ok(d.skipped.some((m) => english(m).endsWith('and later objects (more than 10000)')));
  });

  it('reads a ZSTD page of the size its header gives, and refuses one of 512 MiB from 16 KB before inflating it', async () => {
    const small = (await runDataJob({ op: 'histogram', file: file('zstd_small.parquet'), expression: 'x', axis: { bins: 1, low: -1, high: 1 } })) as HistogramResult;
    assert.deepEqual(small.histogram.sumw, [0, 1000, 0]);
    // A frame shorter than its page: refused, not read with zeros after its end.
    await assert.rejects(runDataJob({ op: 'histogram', file: file('zstd_short.parquet'), expression: 'x' }), /A ZSTD page says it holds 8000 bytes, but its frame says 7200: the file is damaged/);
    await assert.rejects(
      runDataJob({ op: 'histogram', file: file('zstd_bomb.parquet'), expression: 'x', first: 0, count: 10 }),
      /A page says it holds 536870912 bytes uncompressed, more than the 268435456 a parquet writer puts in a page: the file is damaged/,
    );
  });
});
