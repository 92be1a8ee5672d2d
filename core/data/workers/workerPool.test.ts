// The data worker pool with the real worker script and readers: describing and histogramming files in
// workers, expression errors that keep their place across the boundary, and the failures a damaged
// file or a slow read bring — each failing only its own job while the pool goes on.
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Histogram1D } from '../histogram';
import type { FileDescription, HistogramResult, RowsResult } from './dataJobs';
import type { FitResult } from '../fit/histogramFit';
import { errorText } from '../../text/message';
import { DataJobError, DataWorkerPool, explorerPoolSize } from './workerPool';
import { inChinese } from '../../testing/inChinese';

const FIXTURES = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'data');
const HZZ = path.join(FIXTURES, 'root', 'uproot-HZZ.root');
const reference = JSON.parse(readFileSync(path.join(FIXTURES, 'root', 'reference.json'), 'utf8')) as { binning: { bins: number; low: number; high: number }; hist_Jet_Px_cut_Jet_Px_gt_20: number[]; multiplicity_Jet_Px_gt_20: number[]; both_cuts: BothCuts };
interface BothCuts {
  entries: number;
  entries_kept: number;
  mean: number;
  std_dev: number;
  underflow: number;
  overflow: number;
  integral: number;
  multiplicity: number[];
}
const npyReference = JSON.parse(readFileSync(path.join(FIXTURES, 'npy', 'histograms.json'), 'utf8')) as Record<string, { bins: number; low: number; high: number; counts: number[] }>;

describe('data worker pool (worker_threads, real readers)', function () {
  this.timeout(60_000);
  let pool: DataWorkerPool;
  let tmp: string;
  before(() => {
    pool = new DataWorkerPool({ script: path.join(__dirname, 'dataWorker.ts'), execArgv: ['--require', 'tsx/cjs'], size: 2, timeoutMs: 30_000 });
    tmp = mkdtempSync(path.join(os.tmpdir(), 'hai-pool-'));
  });
  after(async () => {
    await pool.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('applies an entry cut and an element cut together: the statistics box and multiplicity NumPy gives', async () => {
    const r = await pool.run<HistogramResult>({ op: 'histogram', file: HZZ, tree: 'events', expression: 'Jet_Px', entryCut: 'NJet >= 2', elementCut: 'Jet_Px > 20', axis: reference.binning });
    const want = reference.both_cuts;
    const s = Histogram1D.fromData(r.histogram).statistics();
    assert.deepEqual([s.entries, s.underflow, s.overflow, s.integral, r.entriesKept], [want.entries, want.underflow, want.overflow, want.integral, want.entries_kept]);
    assert.ok(Math.abs(s.mean - want.mean) < 1e-9 && Math.abs(s.stdDev - want.std_dev) < 1e-9, `${s.mean} ± ${s.stdDev}`);
    assert.deepEqual(r.multiplicity!.sumw.slice(1, -1), want.multiplicity);
  });

  it('lists the first entries of chosen branches, a list per jagged value, page by page', async () => {
    const page = await pool.run<RowsResult>({ op: 'rows', file: HZZ, tree: 'events', columns: ['NJet', 'Jet_Px'], first: 0, count: 4 });
    assert.equal(page.total, 2421);
    assert.deepEqual(page.rows.map((row) => row[0]), [0, 1, 0, 3]);
    assert.deepEqual(page.rows.map((row) => (row[1] as number[]).length), [0, 1, 0, 3]);
    const last = await pool.run<RowsResult>({ op: 'rows', file: HZZ, tree: 'events', columns: ['NJet'], first: 2420, count: 100 });
    assert.equal(last.rows.length, 1);
    await assert.rejects(pool.run({ op: 'rows', file: HZZ, tree: 'events', columns: ['Jet_Mass'], first: 0, count: 1 }), /no column "Jet_Mass"/);
  });

  it('refuses to combine NumPy arrays of different lengths, which do not line up entry by entry', async () => {
    await assert.rejects(
      pool.run({ op: 'histogram', file: path.join(FIXTURES, 'npy', 'jets.npz'), expression: 'jet_pt + sum(part_deta)' }),
      (err: DataJobError) => err.name === 'NpyError' && /jet_pt has 50 entries along its first axis and part_deta 20: arrays read together must have the same length/.test(err.message),
    );
  });

  it('fills a constant once per entry of a tree, and refuses one that reads no array of an array file, which has no count of its own', async () => {
    const yields = await pool.run<HistogramResult>({ op: 'histogram', file: HZZ, tree: 'events', expression: '1', entryCut: 'NJet >= 2', axis: { bins: 2, low: 0, high: 2 } });
    // 2421 events, of which those with two jets or more.
    assert.deepEqual([yields.entriesRead, yields.histogram.sumw[2]], [2421, yields.entriesKept]);
    assert.ok(yields.entriesKept > 0 && yields.entriesKept < 2421);
    await assert.rejects(
      pool.run({ op: 'histogram', file: path.join(FIXTURES, 'npy', 'jets.npz'), expression: '2 * pi' }),
      (err: DataJobError) => err.name === 'ExpressionError' && err.field === 'expression' && /^This reads no array, and the arrays of this file need not have the same number of entries/.test(err.message),
    );
    const cut = await pool.run<HistogramResult>({ op: 'histogram', file: path.join(FIXTURES, 'npy', 'jets.npz'), expression: '1', entryCut: 'jet_pt > 50', axis: { bins: 2, low: 0, high: 2 } });
    assert.deepEqual([cut.entriesRead, cut.histogram.sumw[2]], [50, cut.entriesKept]);
  });

  it('sizes the explorer’s pool by the cores, one left for the editor, at least 1 and at most 6 (memory)', () => {
    assert.deepEqual([1, 2, 4, 7, 16, 128].map((cores) => explorerPoolSize(cores)), [1, 1, 3, 6, 6, 6]);
  });

  it('describes a ROOT file and an npz archive', async () => {
    const root = await pool.run<FileDescription>({ op: 'describe', file: HZZ });
    assert.equal(root.format, 'root');
    if (root.format === 'root') assert.deepEqual(root.trees.map((t) => [t.name, t.entries]), [['events', 2421]]);
    const npz = await pool.run<FileDescription>({ op: 'describe', file: path.join(FIXTURES, 'npy', 'jets_compressed.npz') });
    assert.equal(npz.format, 'npz');
    if (npz.format === 'npz') assert.deepEqual(npz.arrays.map((a) => [a.name, a.header.shape]), [['jet_pt', [50]], ['part_deta', [20, 8]], ['fortran_f8', [6, 4, 2]]]);
  });

  it('histograms a jagged branch with an element cut, and its multiplicity, as NumPy does', async () => {
    const r = await pool.run<HistogramResult>({ op: 'histogram', file: HZZ, tree: 'events', expression: 'Jet_Px', elementCut: 'Jet_Px > 20', axis: reference.binning });
    assert.deepEqual(r.histogram.sumw, reference.hist_Jet_Px_cut_Jet_Px_gt_20);
    assert.deepEqual([r.entriesRead, r.entriesKept], [2421, 2421]);
    const multiplicity = r.multiplicity!.sumw.slice(1, -1);
    assert.deepEqual(multiplicity, reference.multiplicity_Jet_Px_gt_20);
  });

  it('histograms an array of an npz archive, with ROOT\'s automatic range when none is given', async () => {
    const want = npyReference['jet_pt.npy'];
    const r = await pool.run<HistogramResult>({ op: 'histogram', file: path.join(FIXTURES, 'npy', 'jets.npz'), expression: 'jet_pt', axis: { bins: want.bins, low: want.low, high: want.high } });
    assert.deepEqual(r.histogram.sumw, want.counts);
    const auto = await pool.run<HistogramResult>({ op: 'histogram', file: path.join(FIXTURES, 'npy', 'jets.npz'), expression: 'jet_pt' });
    assert.equal(auto.histogram.axis.bins, 100);
    assert.equal(auto.histogram.sumw[0] + auto.histogram.sumw[101], 0, 'the automatic range holds every value');
  });

  it('keeps an expression error\'s place across the worker boundary', async () => {
    await assert.rejects(pool.run({ op: 'histogram', file: HZZ, tree: 'events', expression: 'Jet_Pq > 1' }), (err: DataJobError) => err.name === 'ExpressionError' && err.start === 0 && err.end === 6 && /Did you mean "Jet_P[xyz]"/.test(err.message));
  });

  it('fits the histogram of a branch in a worker, with the parameters set, a formula with MINOS errors, and keeps a fit model error\'s place', async () => {
    const h = (await pool.run<HistogramResult>({ op: 'histogram', file: HZZ, tree: 'events', expression: 'MET_px', axis: { bins: 50, low: -100, high: 100 } })).histogram;
    const fit = await pool.run<FitResult>({ op: 'fit', histogram: h, model: 'gaus', method: 'likelihood', parameters: [{ name: 'Mean', value: 0, fixed: true }, { name: 'Sigma', low: 1, high: 10 }] });
    assert.deepEqual([fit.fixed, fit.atLimit, fit.values[1], fit.values[2]], [['Mean'], ['Sigma'], 0, 10]);
    // A formula with MINOS errors through the worker: the interval around the fitted mean.
    const formula = await pool.run<FitResult>({ op: 'fit', histogram: h, model: '[A]*exp(-0.5*((x-[mu])/[s])^2)', method: 'likelihood', parameters: [{ name: 'A', value: 100 }, { name: 's', value: 20 }], minos: true });
    assert.deepEqual(formula.names, ['A', 'mu', 's']);
    assert.ok(formula.minos!.lower[1] < 0 && formula.minos!.upper[1] > 0, JSON.stringify(formula.minos));
    await assert.rejects(pool.run({ op: 'fit', histogram: h, model: 'gaus + polly', method: 'chi2' }), (err: unknown) => err instanceof DataJobError && err.name === 'FitModelError' && err.start === 7 && err.end === 12);
  });

  it('brings a reader\'s message back translatable: a Chinese user reads it in Chinese', async () => {
    const translate = inChinese;
    const failed = async (job: Parameters<DataWorkerPool['run']>[0]): Promise<DataJobError> => {
      try {
        await pool.run(job);
      } catch (err) {
        return err as DataJobError;
      }
      throw new Error('the job did not fail');
    };
    const typo = await failed({ op: 'histogram', file: HZZ, tree: 'events', expression: 'Jet_Pq > 1' });
    assert.match(typo.message, /^There is no branch or column "Jet_Pq"\. Did you mean "Jet_P[xyz]"\?$/);
    assert.match(errorText(typo, translate), /^没有名为“Jet_Pq”的分支或列。您是否想输入“Jet_P[xyz]”？$/);
    const notHdf5 = path.join(tmp, 'not-hdf5.h5');
    writeFileSync(notHdf5, 'plain text, not HDF5\n'.repeat(100));
    const wrong = await failed({ op: 'describe', file: notHdf5 });
    assert.equal(wrong.message, 'not-hdf5.h5 is not an HDF5 file (no HDF5 signature).');
    assert.equal(errorText(wrong, translate), 'not-hdf5.h5 不是 HDF5 文件（没有 HDF5 签名）。');
  });

  it('fails only the job of a file that crashes its reader, and goes on with the next', async () => {
    // A bit flipped in a Jet_Px basket's header makes jsroot throw from inside its basket callback,
    // out of reach of any promise: in the extension host that would be an uncaught exception.
    const bytes = readFileSync(HZZ);
    bytes[88437] ^= 1;
    const damaged = path.join(tmp, 'damaged.root');
    writeFileSync(damaged, bytes);
    await assert.rejects(pool.run({ op: 'histogram', file: damaged, tree: 'events', expression: 'Jet_Px', axis: reference.binning }), (err: DataJobError) => err.name === 'ReaderCrash' && /may be damaged/.test(err.message));
    const after = await pool.run<HistogramResult>({ op: 'histogram', file: HZZ, tree: 'events', expression: 'Jet_Px', elementCut: 'Jet_Px > 20', axis: reference.binning });
    assert.deepEqual(after.histogram.sumw, reference.hist_Jet_Px_cut_Jet_Px_gt_20);
  });

  it('says a basket is damaged instead of reading its bytes as numbers, and reads the file\'s other branches', async () => {
    // A bit flipped inside a Jet_Px basket's zlib data: jsroot's inflate (no checksum) decoded it into
    // other numbers; Node's zlib finds the Adler-32 wrong.
    const bytes = readFileSync(HZZ);
    bytes[99372] ^= 1;
    const damaged = path.join(tmp, 'flipped.root');
    writeFileSync(damaged, bytes);
    await assert.rejects(pool.run({ op: 'histogram', file: damaged, tree: 'events', expression: 'Jet_Px', axis: reference.binning }), (err: DataJobError) =>
      /^flipped\.root is damaged: the compressed data at byte \d+ does not check out \(.+\)\. Copy or download the file again\.$/.test(err.message),
    );
    const njet = await pool.run<HistogramResult>({ op: 'histogram', file: damaged, tree: 'events', expression: 'NJet' });
    assert.equal(njet.entriesRead, 2421);
  });

  it('reads an lzma-compressed copy as the zlib one (xz-embedded unpacks it), and says where a flipped bit breaks its xz check', async () => {
    const lzma = path.join(path.dirname(HZZ), 'uproot-HZZ-lzma.root');
    const same = await pool.run<HistogramResult>({ op: 'histogram', file: lzma, tree: 'events', expression: 'Jet_Px', elementCut: 'Jet_Px > 20', axis: reference.binning });
    assert.deepEqual(same.histogram.sumw, reference.hist_Jet_Px_cut_Jet_Px_gt_20);
    // A bit in the middle of Jet_Px's first basket, inside its xz stream.
    const { openFile } = await import('jsroot/io');
    const tree = (await (await openFile(lzma)).readObject('events')) as unknown as { fBranches: { arr: { fName: string; fBasketSeek: number[]; fBasketBytes: number[] }[] } };
    const basket = tree.fBranches.arr.find((b) => b.fName === 'Jet_Px')!;
    const bytes = readFileSync(lzma);
    bytes[basket.fBasketSeek[0] + Math.floor(basket.fBasketBytes[0] / 2)] ^= 1;
    const damaged = path.join(tmp, 'flipped-lzma.root');
    writeFileSync(damaged, bytes);
    await assert.rejects(pool.run({ op: 'histogram', file: damaged, tree: 'events', expression: 'Jet_Px', axis: reference.binning }), (err: DataJobError) =>
      /^flipped-lzma\.root is damaged: the compressed data at byte \d+ does not check out \(lzma: .+\)\. Copy or download the file again\.$/.test(err.message),
    );
  });

  it('stops a job that runs past its time and one that is cancelled', async () => {
    const quick = new DataWorkerPool({ script: path.join(__dirname, 'dataWorker.ts'), execArgv: ['--require', 'tsx/cjs'], size: 1, timeoutMs: 1 });
    try {
      await assert.rejects(quick.run({ op: 'histogram', file: HZZ, tree: 'events', expression: 'Jet_Px' }), (err: DataJobError) => err.name === 'TimeoutError' && /did not finish within/.test(err.message));
    } finally {
      await quick.close();
    }
    const controller = new AbortController();
    const running = pool.run({ op: 'histogram', file: HZZ, tree: 'events', expression: 'Jet_Px' }, controller.signal);
    controller.abort();
    await assert.rejects(running, (err: DataJobError) => err.name === 'AbortError');
    const still = await pool.run<FileDescription>({ op: 'describe', file: HZZ });
    assert.equal(still.format, 'root');
  });

  it('answers a cancelled job at once and keeps its worker, which stops the job at its next read and reads the next', async () => {
    // Ending the thread instead, with its reads in flight, once aborted the whole extension host (jobStop.ts).
    const one = new DataWorkerPool({ script: path.join(__dirname, 'dataWorker.ts'), execArgv: ['--require', 'tsx/cjs'], size: 1 });
    try {
      await one.run({ op: 'describe', file: HZZ });
      for (let i = 0; i < 3; i++) {
        // A file the worker has not opened: a file it keeps open in memory could be read to the end
        // before the stop is heard (nothing to stop then), where this one waits on opening it first.
        const copy = path.join(tmp, `stopped-${i}.root`);
        copyFileSync(HZZ, copy);
        const controller = new AbortController();
        const running = one.run({ op: 'histogram', file: copy, tree: 'events', expression: 'Jet_Px', axis: reference.binning }, controller.signal);
        controller.abort();
        await assert.rejects(running, (err: DataJobError) => err.name === 'AbortError' && err.message === 'Cancelled.');
        // A job cancelled while it waits for the stopping worker is answered at once and never sent to it.
        const waiting = new AbortController();
        const queued = one.run({ op: 'histogram', file: copy, tree: 'events', expression: 'Jet_Px' }, waiting.signal);
        waiting.abort();
        await assert.rejects(queued, (err: DataJobError) => err.name === 'AbortError');
        assert.equal(one.jobsStoppedAtRead, i, 'answered before the worker answered the stop');
        // Read once the worker is free again (the stop answered).
        assert.equal((await one.run<FileDescription>({ op: 'describe', file: HZZ })).format, 'root');
      }
      const next = await one.run<HistogramResult>({ op: 'histogram', file: HZZ, tree: 'events', expression: 'Jet_Px', elementCut: 'Jet_Px > 20', axis: reference.binning });
      assert.deepEqual(next.histogram.sumw, reference.hist_Jet_Px_cut_Jet_Px_gt_20);
      // Each stopped at a read rather than run to its end, all in the one worker.
      assert.deepEqual([one.workersStarted, one.jobsStoppedAtRead], [1, 3]);
      // Closed with a job running (the window going away): its caller hears it was cancelled, not that the file failed.
      const running = assert.rejects(one.run({ op: 'histogram', file: HZZ, tree: 'events', expression: 'Jet_Px' }), (err: DataJobError) => err.name === 'AbortError');
      await one.close();
      await running;
    } finally {
      await one.close();
    }
  });

  it('ends the worker of a cancelled job that does not stop in time (a fit reads no file), and reads the next job in a new one', async () => {
    const h = (await pool.run<HistogramResult>({ op: 'histogram', file: HZZ, tree: 'events', expression: 'MET_px', axis: { bins: 50, low: -100, high: 100 } })).histogram;
    const hasty = new DataWorkerPool({ script: path.join(__dirname, 'dataWorker.ts'), execArgv: ['--require', 'tsx/cjs'], size: 1, stopGraceMs: 0 });
    try {
      await hasty.run({ op: 'describe', file: HZZ });
      const controller = new AbortController();
      const fitting = hasty.run({ op: 'fit', histogram: h, model: '[A]*exp(-0.5*((x-[mu])/[s])^2)', method: 'likelihood', parameters: [{ name: 'A', value: 100 }, { name: 's', value: 20 }], minos: true }, controller.signal);
      controller.abort();
      await assert.rejects(fitting, (err: DataJobError) => err.name === 'AbortError');
      const next = await hasty.run<FileDescription>({ op: 'describe', file: HZZ });
      assert.equal(next.format, 'root');
      assert.deepEqual([hasty.workersStarted, hasty.jobsStoppedAtRead], [2, 0]);
    } finally {
      await hasty.close();
    }
  });
});
