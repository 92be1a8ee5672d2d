// The data worker as it ships (dist/dataWorker.js, bundled with jsroot's I/O modules and its own ZSTD
// decoder in place of @oneidentity/zstd-js): run by the pool as the extension will run it, it reads
// the four compressions of the HZZ tree and histograms them with a cut exactly as the sources do, and a
// parquet file with hyparquet's bundled decompressors, and an HDF5 file with h5wasm.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { FileDescription, HistogramResult } from '../../core/data/workers/dataJobs';
import { DataWorkerPool } from '../../core/data/workers/workerPool';
import { ROOT } from '../../scripts/paths';

const BUNDLE = path.join(ROOT, 'dist', 'dataWorker.js');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'data', 'root');
const reference = JSON.parse(readFileSync(path.join(FIXTURES, 'reference.json'), 'utf8')) as { binning: { bins: number; low: number; high: number }; hist_Jet_Px_cut_NJet_ge_2: number[] };

describe('the bundled data worker (dist/dataWorker.js)', function () {
  this.timeout(60_000);
  let pool: DataWorkerPool;
  before(() => {
    assert.ok(existsSync(BUNDLE), 'npm run package builds dist/dataWorker.js');
    pool = new DataWorkerPool({ script: BUNDLE, size: 2, timeoutMs: 30_000 });
  });
  after(() => pool?.close());

  for (const name of ['uproot-HZZ.root', 'uproot-HZZ-lz4.root', 'uproot-HZZ-zstd.root', 'uproot-HZZ-lzma.root']) {
    it(`describes and histograms ${name} (Jet_Px with NJet >= 2)`, async () => {
      const file = path.join(FIXTURES, name);
      const d = await pool.run<FileDescription>({ op: 'describe', file });
      assert.equal(d.format === 'root' && d.trees[0].entries, 2421);
      const h = await pool.run<HistogramResult>({ op: 'histogram', file, tree: 'events', expression: 'Jet_Px', entryCut: 'NJet >= 2', axis: reference.binning });
      assert.deepEqual(h.histogram.sumw, reference.hist_Jet_Px_cut_NJet_ge_2);
    });
  }

  it('reads parquet as it ships: hyparquet and its decompressors (BROTLI here) bundled', async () => {
    const dir = path.join(ROOT, 'test', 'fixtures', 'data', 'parquet');
    const expected = JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8')) as { part_deta_cut: { bins: number; low: number; high: number; counts: number[]; entry_cut: string; element_cut: string } };
    const c = expected.part_deta_cut;
    const h = await pool.run<HistogramResult>({ op: 'histogram', file: path.join(dir, 'jets_brotli.parquet'), expression: 'part_deta', entryCut: c.entry_cut, elementCut: c.element_cut, axis: { bins: c.bins, low: c.low, high: c.high } });
    assert.deepEqual(h.histogram.sumw, c.counts);
  });

  it('reads HDF5 as it ships: h5wasm (libhdf5 in WebAssembly) bundled, chunks with shuffle and deflate', async () => {
    const dir = path.join(ROOT, 'test', 'fixtures', 'data', 'hdf5');
    const expected = JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8')) as { deta_cut: { bins: number; low: number; high: number; counts: number[]; entry_cut: string; element_cut: string } };
    const c = expected.deta_cut;
    const h = await pool.run<HistogramResult>({ op: 'histogram', file: path.join(dir, 'jets.h5'), tree: '/particles', expression: 'deta', entryCut: c.entry_cut, elementCut: c.element_cut, axis: { bins: c.bins, low: c.low, high: c.high } });
    assert.deepEqual(h.histogram.sumw, c.counts);
  });

  it('reads an RNTuple as it ships (jsroot/rntuple bundled)', async () => {
    const file = path.join(ROOT, 'test', 'fixtures', 'data', 'root', 'test_1jag_int_float_rntuple_v1-0-0-0.root');
    const h = await pool.run<HistogramResult>({ op: 'histogram', file, tree: 'ntuple', expression: 'len(one_v_integers)', axis: { bins: 10, low: -0.5, high: 9.5 } });
    // Entry i holds i % 10 values: ten entries of each length 0…9.
    assert.deepEqual(h.histogram.sumw.slice(1, -1), new Array(10).fill(10));
  });
});
