// An entry range (TTree::Draw's firstentry and nentries) read by real workers: over two copies of
// uproot-HZZ.root as one dataset it counts through the files in order, as over a TChain, and gives
// the contents NumPy finds from the file by an independent decoder (test/fixtures/data/root/reference.py),
// whole or split into parts; files after the range are not opened. Copy as Python keeps the same
// entries: its NumPy scripts, run, print the worker's counts for one file and for a dataset.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { copyAsPython } from './copyAsPython';
import { copyAsPython2D } from './copyAsPython2d';
import { type DatasetProgress, histogramDataset } from './dataset';
import { EntryCounts } from './entryCounts';
import { rangeInFile } from './entryRange';
import { DataWorkerPool } from './workers/workerPool';
import { LocalizedError } from '../text/message';
import { assertSameCutflow, lineFinder } from '../testing/pythonScripts';

const DATA = path.resolve(__dirname, '..', '..', 'test', 'fixtures', 'data');
const reference = JSON.parse(readFileSync(path.join(DATA, 'root', 'reference.json'), 'utf8')) as {
  binning: { bins: number; low: number; high: number };
  NJet_first: number[];
  hist_Jet_Px_entries_2000_to_2999_of_two: number[];
  jets_in_entries_2000_to_2999_of_two: number;
};
const sized = (file: string): { file: string; bytes: number } => ({ file, bytes: statSync(file).size });
const TWO = ['uproot-HZZ.root', 'uproot-HZZ-zstd.root'].map((n) => sized(path.join(DATA, 'root', n)));
const NPZ = ['jets.npz', 'jets_compressed.npz'].map((n) => path.join(DATA, 'npy', n));
const PYTHON = '/usr/bin/python3';

describe('entry ranges (TTree::Draw firstentry, nentries)', function () {
  this.timeout(120_000);
  let pool: DataWorkerPool;
  let tmp: string;
  const jobs: string[] = [];
  const run = <T>(job: Parameters<DataWorkerPool['run']>[0], signal?: AbortSignal): Promise<T> => {
    jobs.push(job.op);
    return pool.run<T>(job, signal);
  };
  before(() => {
    pool = new DataWorkerPool({ script: path.join(__dirname, 'workers', 'dataWorker.ts'), execArgv: ['--require', 'tsx/cjs'], size: 2, timeoutMs: 60_000 });
    tmp = mkdtempSync(path.join(os.tmpdir(), 'hai-range-'));
  });
  after(async () => {
    await pool.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it("gives each file its share of the range: before, across, inside, after it, and to the end", () => {
    assert.deepEqual(rangeInFile({ first: 2000, count: 1000 }, 0, 2421), { start: 2000, stop: 2421 });
    assert.deepEqual(rangeInFile({ first: 2000, count: 1000 }, 2421, 2421), { start: 0, stop: 579 });
    assert.deepEqual(rangeInFile({ first: 2000, count: 1000 }, 4842, 2421), { start: 0, stop: 0 });
    assert.deepEqual(rangeInFile({ first: 5000 }, 0, 2421), { start: 2421, stop: 2421 });
    assert.deepEqual(rangeInFile({ first: 5000 }, 4842, 2421), { start: 158, stop: 2421 });
    assert.deepEqual(rangeInFile({ first: 3, count: 5 }, 0, 2421), { start: 3, stop: 8 });
  });

  it('counts through two files as one chain: entries 2000 to 2999 are the first file’s last 421 and the second’s first 579, as NumPy finds them', async () => {
    const request = { files: TWO, tree: 'events', expression: 'Jet_Px', axis: reference.binning, range: { first: 2000, count: 1000 } };
    const whole = await histogramDataset(request, run);
    assert.deepEqual(whole.histogram.sumw, reference.hist_Jet_Px_entries_2000_to_2999_of_two);
    assert.equal(whole.histogram.entries, reference.jets_in_entries_2000_to_2999_of_two);
    assert.deepEqual([whole.entriesRead, whole.filesDone, whole.bytesDone], [1000, 2, whole.bytes]);
    // Split into parts of a few entries each: the same contents.
    const split = await histogramDataset(request, run, { partBytes: 1024 });
    assert.ok(split.parts > 4, `${split.parts} parts`);
    assert.deepEqual(split.histogram.sumw, whole.histogram.sumw);
    assert.equal(split.entriesRead, 1000);
  });

  it('reads a few entries of one file (NJet of entries 3 to 7: 3 + 2 + 2 + 1 + 1 jets)', async () => {
    const r = await histogramDataset({ files: TWO.slice(0, 1), tree: 'events', expression: 'Jet_Px', axis: reference.binning, range: { first: 3, count: 5 } }, run);
    assert.equal(r.entriesRead, 5);
    assert.equal(r.histogram.entries, reference.NJet_first.slice(3, 8).reduce((a, b) => a + b, 0));
  });

  it('opens no file after the range ends, and counts them done', async () => {
    jobs.length = 0;
    const files = Array.from({ length: 12 }, (_, i) => TWO[i % 2]);
    const r = await histogramDataset({ files, tree: 'events', expression: 'NJet', range: { first: 0, count: 100 } }, run);
    assert.equal(r.entriesRead, 100);
    // One batch of descriptions (8 files), one histogram part.
    assert.deepEqual([jobs.filter((j) => j === 'describe').length, jobs.filter((j) => j === 'histogram').length], [8, 1]);
    assert.deepEqual([r.files, r.filesDone, r.bytesDone], [12, 12, r.bytes]);
  });

  it('says how far the files have been counted through before anything is read', async () => {
    const files = Array.from({ length: 12 }, (_, i) => TWO[i % 2]);
    const seen: DatasetProgress[] = [];
    // Entry 20,000 is in the ninth file: the first eight are counted through, then skipped.
    const r = await histogramDataset({ files, tree: 'events', expression: 'NJet', range: { first: 20_000, count: 100 } }, run, { onProgress: (p) => seen.push(p) });
    assert.equal(r.entriesRead, 100);
    const first = seen[0];
    assert.deepEqual([first.filesDone, first.entriesRead, first.histogram], [8, 0, undefined]);
    assert.equal(first.bytesDone, files.slice(0, 8).reduce((a, f) => a + f.bytes, 0));
  });

  it('describes no file after the first entry when the range has no count: they are read whole', async () => {
    jobs.length = 0;
    const files = Array.from({ length: 12 }, (_, i) => TWO[i % 2]);
    const r = await histogramDataset({ files, tree: 'events', expression: 'NJet', range: { first: 3000 } }, run);
    assert.equal(r.entriesRead, 12 * 2421 - 3000);
    // The first batch of 8 reaches entry 3000; the last 4 files are one part each, undescribed.
    assert.deepEqual([jobs.filter((j) => j === 'describe').length, jobs.filter((j) => j === 'histogram').length], [8, 11]);
  });

  it("lets a file's job say what is wrong with a name, as without a range, rather than count no entries", async () => {
    const request = { files: NPZ.map(sized), expression: 'sqrt(part_detaa)' };
    const without = await histogramDataset(request, run).then(
      () => undefined,
      (err: unknown) => err,
    );
    // Errors cross the worker boundary by name.
    assert.ok(without instanceof Error && without.name === 'ExpressionError', String(without));
    await assert.rejects(histogramDataset({ ...request, range: { first: 0, count: 5 } }, run), (err: unknown) => err instanceof Error && err.name === 'ExpressionError' && err.message === without.message);
  });

  it('says where the files end when the range starts past them', async () => {
    await assert.rejects(
      histogramDataset({ files: TWO, tree: 'events', expression: 'NJet', range: { first: 5000 } }, run),
      (err: unknown) => err instanceof LocalizedError && /starts at entry 5000, but the files hold 4842 entries/.test(err.message),
    );
    // A damaged file among them: still the range is what to change (not "no file could be read").
    const damaged = path.join(tmp, '0-damaged.root');
    writeFileSync(damaged, Buffer.alloc(100, 7));
    await assert.rejects(
      histogramDataset({ files: [sized(damaged), TWO[0]], tree: 'events', expression: 'NJet', range: { first: 5000 } }, run),
      (err: unknown) => err instanceof LocalizedError && /starts at entry 5000, but the files hold 2421 entries/.test(err.message),
    );
  });

  it("counts a file again when its size changed since it was counted (a job still writing it), and trusts the count while it has not", async () => {
    const file = TWO[0];
    const request = { files: [file], tree: 'events', expression: 'NJet', range: { first: 0, count: 5000 } };
    // A count of 10 entries, taken when the file had another size: counted again, all 2,421 read.
    const counts = new EntryCounts();
    counts.set(file.file, 'events', 10, file.bytes - 1);
    jobs.length = 0;
    assert.equal((await histogramDataset(request, run, { counts })).entriesRead, 2421);
    assert.equal(jobs.filter((j) => j === 'describe').length, 1);
    assert.equal(counts.get(file.file, 'events', file.bytes), 2421);
    // The same count at the file's size now is taken as it is (10, to see that it was used): nothing described.
    counts.set(file.file, 'events', 10, file.bytes);
    jobs.length = 0;
    assert.equal((await histogramDataset(request, run, { counts })).entriesRead, 10);
    assert.equal(jobs.filter((j) => j === 'describe').length, 0);
  });

  it('counts the cut flow over the range only', async () => {
    const r = await histogramDataset({ files: TWO, tree: 'events', expression: 'Jet_Px', entryCut: 'NJet >= 1 and MET_px > 0', axis: reference.binning, range: { first: 2400, count: 50 } }, run);
    assert.equal(r.entriesRead, 50);
    assert.ok(r.cutflow![0].passed > 0 && r.cutflow![0].passed < 50 && r.cutflow![1].passed === r.entriesKept, JSON.stringify(r.cutflow));
  });

  /** The NumPy script's printed lines for a spec, and the worker's histogram of it. */
  async function scriptAndWorker(files: string[], range: { first: number; count?: number }, twoD: boolean): Promise<void> {
    const spec = { file: files[0], files: files.length > 1 ? files : undefined, format: 'npz' as const, expression: 'part_deta', entryCut: 'max(part_deta) > 0.4 and sum(part_deta) > -1', axis: { bins: 8, low: -1, high: 1 }, range };
    const ours = await histogramDataset({ files: files.map(sized), expression: spec.expression, entryCut: spec.entryCut, axis: spec.axis, yExpression: twoD ? 'part_deta[0]' : undefined, yAxis: twoD ? spec.axis : undefined, range }, run);
    const known = ['jet_pt', 'part_deta', 'fortran_f8'];
    const script = twoD ? copyAsPython2D({ ...spec, yExpression: 'part_deta[0]', yAxis: spec.axis }, known) : copyAsPython(spec, known);
    const scriptFile = path.join(tmp, 'range.py');
    writeFileSync(scriptFile, script);
    const printed = execFileSync(PYTHON, ['-W', 'ignore', scriptFile], { encoding: 'utf8' }).trim().split('\n');
    if (twoD) {
      const nx = spec.axis.bins + 2;
      const cells = Array.from({ length: spec.axis.bins }, (_, iy) => Array.from({ length: spec.axis.bins }, (_, ix) => ours.histogram2d!.sumw[(iy + 1) * nx + ix + 1]));
      assert.deepEqual(JSON.parse(printed[1]), cells, script);
    } else {
      assert.deepEqual(JSON.parse(printed[1]), ours.histogram.sumw.slice(1, -1), script);
    }
    assert.equal(Number(/^entries (\d+)/.exec(printed[0])![1]), twoD ? ours.histogram2d!.entries : ours.histogram.entries);
    // The cut flow counts the range's entries, as the explorer does.
    assertSameCutflow(printed, ours.cutflow, ours.entriesRead, script);
    assert.equal(ours.entriesRead, Math.min(range.count ?? Infinity, 20 * files.length - range.first));
  }

  it("Copy as Python keeps the range's entries of one file, and of a dataset through its files (NumPy, run)", async () => {
    await scriptAndWorker(NPZ.slice(0, 1), { first: 4, count: 9 }, false);
    await scriptAndWorker(NPZ, { first: 15, count: 10 }, false);
    await scriptAndWorker(NPZ, { first: 23 }, false);
    await scriptAndWorker(NPZ, { first: 15, count: 10 }, true);
  });

  it('Copy as Python reads only the range of one ROOT file (entry_start, entry_stop), and slices the steps of a dataset (awkward, line-checked)', () => {
    const one = copyAsPython({ file: '/d/HZZ.root', format: 'root', tree: 'events', expression: 'Jet_Px', axis: reference.binning, range: { first: 2000, count: 1000 } }, ['Jet_Px']).split('\n');
    assert.ok(one.includes("FIRST, STOP = 2000, 3000  # entries FIRST to STOP - 1 only (TTree::Draw's firstentry, nentries)"), one.join('\n'));
    assert.ok(one.includes('    arrays = f["events"].arrays(["Jet_Px"], entry_start=FIRST, entry_stop=STOP)'), one.join('\n'));
    const dataset = copyAsPython({ file: '/d/a.root', files: ['/d/a.root', '/d/b.root'], format: 'root', tree: 'events', expression: 'Jet_Px', axis: reference.binning, range: { first: 2000, count: 1000 } }, ['Jet_Px']);
    const at = lineFinder(dataset);
    // Each step: counted, skipped before the range, sliced, and the loop left once past it.
    assert.ok(at('    size = len(arrays)') < at('    arrays = arrays[max(FIRST - seen + size, 0):STOP - seen + size]'));
    assert.ok(at('    arrays = arrays[max(FIRST - seen + size, 0):STOP - seen + size]') < at('    arrays = {name: ak.values_astype(arrays[name], np.float64) for name in arrays.fields}'));
    assert.ok(at('    entries += int(np.sum(ok))') < at('    if seen >= STOP:'));
  });
});
