// The automatic range of a dataset's histogram, as ROOT's TTree::Draw takes it from its first selected
// values (its estimate) and not from whichever part happens to come first: an empty first file or a
// cut that passes few entries of the first part does not fix the binning; infinities stay out of the
// range and land in the under- and overflow.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { histogramDataset } from './dataset';
import { Histogram1D, Histogram2D, niceAxis } from './histogram';
import { type HistogramResult, runDataJob } from './workers/dataJobs';
import { DataWorkerPool } from './workers/workerPool';

const ROOT_DIR = path.resolve(__dirname, '..', '..', 'test', 'fixtures', 'data', 'root');
const HZZ = path.join(ROOT_DIR, 'uproot-HZZ.root');

describe('datasets: the automatic range from the first selected values, not the first part', function () {
  this.timeout(120_000);
  let pool: DataWorkerPool;
  let tmp: string;
  const run = <T>(job: Parameters<DataWorkerPool['run']>[0], signal?: AbortSignal) => pool.run<T>(job, signal);
  /** Writes one .npz per Python expression of its arrays (e.g. "x=np.arange(3.0)"), in order. */
  const npz = (...members: string[]): { file: string; bytes: number }[] =>
    members.map((m, i) => {
      const file = path.join(tmp, `f${Date.now()}_${i}.npz`);
      execFileSync('/usr/bin/python3', ['-c', `import sys, numpy as np; np.savez(sys.argv[1], ${m})`, file]);
      return { file, bytes: statSync(file).size };
    });
  before(() => {
    pool = new DataWorkerPool({ script: path.join(__dirname, 'workers', 'dataWorker.ts'), execArgv: ['--require', 'tsx/cjs'], size: 2, timeoutMs: 60_000 });
    tmp = mkdtempSync(path.join(os.tmpdir(), 'hai-autorange-'));
  });
  after(async () => {
    await pool.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('an empty first file does not fix the range at [0, 1): the 20 values of the next two are all in range', async () => {
    const files = npz('x=np.zeros(0)', 'x=np.arange(10.0)', 'x=10 + np.arange(10.0)');
    const r = await histogramDataset({ files, expression: 'x' }, run);
    assert.deepEqual(r.histogram.axis, { bins: 100, low: 0, high: 20 });
    const s = Histogram1D.fromData(r.histogram).statistics();
    assert.deepEqual([s.entries, s.integral, s.underflow, s.overflow], [20, 20, 0, 0]);
  });

  it('MET_px with NJet >= 5 read in parts of a few entries has the range of the whole file: its 4 entries in range', async () => {
    const files = [{ file: HZZ, bytes: statSync(HZZ).size }];
    const request = { files, tree: 'events', expression: 'MET_px', entryCut: 'NJet >= 5' };
    const whole = await histogramDataset(request, run);
    const split = await histogramDataset(request, run, { wholeFileBytes: 0, partBytes: 2000 });
    assert.ok(split.parts > 10, `${split.parts} parts`);
    assert.deepEqual(split.histogram.axis, whole.histogram.axis);
    assert.deepEqual(split.histogram.sumw, whole.histogram.sumw);
    const s = Histogram1D.fromData(split.histogram).statistics();
    assert.deepEqual([s.entries, s.integral, s.underflow, s.overflow], [4, 4, 0, 0]);
  });

  it('one value in the first file does not make the range ±10% around it', async () => {
    const files = npz('x=np.array([50.0])', 'x=np.arange(100.0)');
    const r = await histogramDataset({ files, expression: 'x' }, run);
    assert.deepEqual(r.histogram.axis, { bins: 100, low: 0, high: 100 });
    const s = Histogram1D.fromData(r.histogram).statistics();
    assert.deepEqual([s.entries, s.underflow, s.overflow], [101, 0, 0]);
  });

  it("a 2-D histogram's y axis too comes from the values after an empty first file", async () => {
    const files = npz('x=np.zeros(0), y=np.zeros(0)', 'x=np.arange(10.0), y=100 + np.arange(10.0)');
    const r = await histogramDataset({ files, expression: 'x', yExpression: 'y' }, run);
    const h = Histogram2D.fromData(r.histogram2d!);
    assert.deepEqual([h.x, h.y], [niceAxis(0, 9, 40), niceAxis(100, 109, 40)]);
    const s = h.statistics();
    assert.deepEqual([s.entries, s.integral, s.outside], [10, 10, 0]);
  });

  it('a part past the estimate takes the earlier values into its range (one value of -50, then 3 M values 0 … 9)', async () => {
    const files = npz('x=np.array([-50.0])', 'x=np.arange(3_000_000) % 10 * 1.0');
    const r = await histogramDataset({ files, expression: 'x' }, run);
    assert.deepEqual(r.histogram.axis, niceAxis(-50, 9));
    const s = Histogram1D.fromData(r.histogram).statistics();
    assert.deepEqual([s.entries, s.underflow, s.overflow], [3_000_001, 0, 0]);
  });

  it('in waves of parts at once (the pool), a cut that keeps a few values per file gives what one file at a time gives', async () => {
    const files = npz('x=np.zeros(0)', 'x=np.arange(40.0)', 'x=-30 + np.arange(40.0)', 'x=np.array([7.0])', 'x=200 + np.arange(40.0)', 'x=np.arange(40.0)');
    const request = { files, expression: 'x', entryCut: 'x % 10 == 3' };
    const serial = await histogramDataset(request, run);
    let running = 0;
    let most = 0;
    const counted = async <T>(job: Parameters<DataWorkerPool['run']>[0], signal?: AbortSignal): Promise<T> => {
      most = Math.max(most, ++running);
      try {
        return await run<T>(job, signal);
      } finally {
        running--;
      }
    };
    const waves = await histogramDataset(request, counted, { concurrency: 3 });
    assert.equal(most, 3, 'three parts at once while the range is open');
    assert.deepEqual(waves.histogram.axis, serial.histogram.axis);
    assert.deepEqual(waves.histogram.sumw, serial.histogram.sumw);
    assert.deepEqual(serial.histogram.axis, niceAxis(3, 233)); // -27 % 10 is -7, as in C++
    const s = Histogram1D.fromData(waves.histogram).statistics();
    assert.deepEqual([s.entries, s.underflow, s.overflow, waves.entriesRead], [13, 0, 0, 161]);
  });

  it('two parts of one wave past their share of the estimate: one fixes the range, the other is read again in it, each counted once', async () => {
    const files = npz('x=np.arange(600_000) % 10 * 1.0', 'x=100 + np.arange(600_000) % 10 * 1.0');
    const jobs: string[] = [];
    const r = await histogramDataset({ files, expression: 'x' }, (job, signal) => (jobs.push(job.op), run(job, signal)), { concurrency: 2 });
    assert.deepEqual(jobs, ['histogram', 'histogram', 'histogram'], 'the part that lost read again');
    assert.ok([niceAxis(0, 9), niceAxis(100, 109)].some((a) => a.low === r.histogram.axis.low && a.high === r.histogram.axis.high), JSON.stringify(r.histogram.axis));
    const s = Histogram1D.fromData(r.histogram).statistics();
    assert.deepEqual([s.entries, s.integral, s.underflow + s.overflow, r.entriesRead], [1_200_000, 600_000, 600_000, 1_200_000]);
  });

  it('takes the range from the parts in their order, whichever worker finishes first', async () => {
    const files = npz('x=np.arange(600_000) % 10 * 1.0', 'x=np.arange(600_000) % 1000 * 1.0');
    // The first file's answer held back: the second's comes first.
    const late = <T>(job: Parameters<DataWorkerPool['run']>[0], signal?: AbortSignal): Promise<T> =>
      job.op === 'histogram' && job.file === files[0].file && !job.axis ? run<T>(job, signal).then((r) => new Promise<T>((resolve) => setTimeout(() => resolve(r), 400))) : run<T>(job, signal);
    const r = await histogramDataset({ files, expression: 'x' }, late, { concurrency: 2 });
    assert.deepEqual(r.histogram.axis, niceAxis(0, 9), "the first file's values decide, as in ROOT");
    const s = Histogram1D.fromData(r.histogram).statistics();
    assert.deepEqual([s.entries, r.entriesRead], [1_200_000, 1_200_000]);
  });

  it("widens a part's own range to the values an earlier part of its wave kept, and reads that part again in it", async () => {
    const files = npz('x=np.array([-50.0])', 'x=np.arange(600_000) % 10 * 1.0');
    const jobs: string[] = [];
    const r = await histogramDataset({ files, expression: 'x' }, (job, signal) => (jobs.push(job.op), run(job, signal)), { concurrency: 2 });
    assert.deepEqual(r.histogram.axis, niceAxis(-50, 10));
    const s = Histogram1D.fromData(r.histogram).statistics();
    assert.deepEqual([s.entries, s.underflow, s.overflow], [600_001, 0, 0]);
    assert.equal(jobs.length, 3, jobs.join(' '));
  });

  it('leaves +Inf and -Inf out of the automatic range, in the overflow and underflow (a file alone, and a dataset)', async () => {
    const [file] = npz('x=np.array([1.0, 2.0, 3.0, np.inf, -np.inf])');
    const alone = ((await runDataJob({ op: 'histogram', file: file.file, expression: 'x' })) as HistogramResult).histogram;
    const dataset = (await histogramDataset({ files: [file], expression: 'x' }, run)).histogram;
    for (const h of [alone, dataset]) {
      assert.deepEqual(h.axis, niceAxis(1, 3));
      const s = Histogram1D.fromData(h).statistics();
      assert.deepEqual([s.entries, s.integral, s.underflow, s.overflow], [5, 3, 1, 1]);
    }
  });

  it('histograms values near ±1e308 in a finite automatic range, each in a bin', async () => {
    const [file] = npz('x=np.array([-1e308, 0.0, 1e308, 1.7e308])');
    const h = ((await runDataJob({ op: 'histogram', file: file.file, expression: 'x' })) as HistogramResult).histogram;
    const s = Histogram1D.fromData(h).statistics();
    assert.deepEqual([s.entries, s.integral, s.underflow, s.overflow], [4, 4, 0, 0]);
    // Each in its bin along the values' own range, just opened at the top: 0 at 37 % of the way, and so on.
    assert.deepEqual(h.axis, { bins: 100, low: -1e308, high: 1.7e308 + 2.7e302 });
    assert.deepEqual(h.sumw.flatMap((w, b) => (w > 0 ? [b] : [])), [1, 38, 75, 100]);
  });
});
