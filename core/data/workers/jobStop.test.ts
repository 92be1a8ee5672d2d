// A job asked to stop ends at its next file read, whichever reader reads it (ROOT, parquet, NumPy),
// with an AbortError; the next job, asked nothing, reads as before. The pool's side (the worker kept,
// or ended when it will not stop) is in workerPool.test.ts.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { type DataJob, type HistogramResult, runDataJob } from './dataJobs';
import { askStop, clearStop } from './jobStop';

const FIXTURES = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'data');

const jobs: readonly [string, DataJob][] = [
  ['a ROOT tree', { op: 'histogram', file: path.join(FIXTURES, 'root', 'uproot-HZZ.root'), tree: 'events', expression: 'Jet_Px' }],
  ['a parquet file', { op: 'histogram', file: path.join(FIXTURES, 'parquet', 'jets.parquet'), expression: 'jet_pt' }],
  ['an npz archive', { op: 'histogram', file: path.join(FIXTURES, 'npy', 'jets.npz'), expression: 'jet_pt' }],
  ['a compressed npz archive (np.savez_compressed: its members inflated as they are read)', { op: 'histogram', file: path.join(FIXTURES, 'npy', 'jets_compressed.npz'), expression: 'jet_pt' }],
  ['an npy array', { op: 'histogram', file: path.join(FIXTURES, 'npy', 'jet_pt.npy'), expression: 'jet_pt' }],
];

describe('a data job asked to stop', function () {
  this.timeout(30_000);
  afterEach(() => clearStop());

  for (const [what, job] of jobs) {
    it(`ends at its next read of ${what}, and the next job reads it whole`, async () => {
      askStop();
      await assert.rejects(runDataJob(job), (err: Error) => err.name === 'AbortError');
      clearStop();
      const whole = (await runDataJob(job)) as HistogramResult;
      assert.ok(whole.entriesRead > 0, JSON.stringify(whole.entriesRead));
    });
  }
});
