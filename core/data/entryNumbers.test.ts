// Entry$, LocalEntry$ and rdfentry_: each entry's number as a value. In the evaluator, numbered from
// where the entries read start; over a dataset (real workers, copies of uproot-HZZ.root), through the
// files in order as over a TChain — whole or split into parts, with an entry range, in the cut and in
// the table —; and ROOT's other special names get what to write instead.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ChainTable } from './chainRows';
import { copyAsPython } from './copyAsPython';
import { copyAsPython2D } from './copyAsPython2d';
import { histogramDataset } from './dataset';
import { flat, jaggedOf, listsOf } from './expression/columns';
import { parseDefinitions } from './expression/definitions';
import { evaluate } from './expression/evaluate';
import { parseExpression } from './expression/syntax';
import type { DataJob } from './workers/dataJobs';
import { DataWorkerPool } from './workers/workerPool';
import { columnsOf, expressionError } from '../testing/expressionData';
import { assertSameCutflow, lineFinder } from '../testing/pythonScripts';
import { english } from '../text/message';

const ROOT_DIR = path.resolve(__dirname, '..', '..', 'test', 'fixtures', 'data', 'root');
const NPZ = ['jets.npz', 'jets_compressed.npz'].map((n) => path.resolve(__dirname, '..', '..', 'test', 'fixtures', 'data', 'npy', n));
const PYTHON = '/usr/bin/python3';
const FILES = ['uproot-HZZ.root', 'uproot-HZZ-zstd.root', 'uproot-HZZ-lz4.root'].map((n) => path.join(ROOT_DIR, n));
const N = 2421;
const sized = (file: string): { file: string; bytes: number } => ({ file, bytes: statSync(file).size });

describe('entry numbers (Entry$, LocalEntry$, rdfentry_)', function () {
  this.timeout(120_000);

  describe('in the evaluator', () => {
    const numbered = { ...columnsOf({ Jet_Px: jaggedOf([[1, 2], [], [3]]), NJet: flat(Float64Array.of(2, 0, 1)) }, 3), numbering: { first: 10, offset: 100 } };
    const lists = (text: string) => listsOf(evaluate(parseExpression(text), numbered), 3);

    it('numbers the entries read from where they start in the chain (Entry$, rdfentry_) and in the file (LocalEntry$)', () => {
      assert.deepEqual(lists('Entry$'), [[110], [111], [112]]);
      assert.deepEqual(lists('rdfentry_'), [[110], [111], [112]]);
      assert.deepEqual(lists('LocalEntry$'), [[10], [11], [12]]);
      assert.deepEqual(lists('Entry$ % 2 == 0'), [[1], [0], [1]]);
      // One number per entry meets each of its elements.
      assert.deepEqual(lists('Jet_Px + Entry$'), [[111, 112], [], [115]]);
    });

    it('reads a column of that name instead, when the file has one', () => {
      const own = { ...columnsOf({ Entry$: flat(Float64Array.of(7, 8, 9)) }, 3), numbering: { first: 0, offset: 0 } };
      assert.deepEqual(listsOf(evaluate(parseExpression('Entry$'), own), 3), [[7], [8], [9]]);
    });

    it("says how to write ROOT's Iteration$ and Entries$, and refuses a definition named Entry$", () => {
      assert.match(english(expressionError(() => lists('Iteration$ < 4')).message), /local_index\(x\)/);
      const entries = expressionError(() => lists('Entry$ < Entries$ / 2'));
      assert.match(english(entries.message), /Entries\$ is not read here/);
      assert.deepEqual([entries.start, entries.end], [9, 17]);
      assert.match(english(expressionError(() => parseDefinitions('Entry$ = NJet')).message), /has a meaning of its own/);
      assert.match(english(expressionError(() => lists('entry$')).message), /Did you mean "Entry\$"/);
    });
  });

  describe('over a dataset, by real workers', () => {
    let pool: DataWorkerPool;
    let ops: string[] = [];
    const run = <T>(job: DataJob, signal?: AbortSignal): Promise<T> => {
      ops.push(job.op);
      return pool.run<T>(job, signal);
    };
    let tmp: string;
    before(() => {
      pool = new DataWorkerPool({ script: path.join(__dirname, 'workers', 'dataWorker.ts'), execArgv: ['--require', 'tsx/cjs'], size: 2, timeoutMs: 60_000 });
      tmp = mkdtempSync(path.join(os.tmpdir(), 'hai-entry-'));
    });
    after(async () => {
      await pool.close();
      rmSync(tmp, { recursive: true, force: true });
    });

    it('numbers through the files as one chain, whole or in parts: each of the 7,263 numbers once', async () => {
      const request = { files: FILES.map(sized), tree: 'events', expression: 'Entry$', axis: { bins: 3, low: 0, high: 3 * N } };
      ops = [];
      const whole = await histogramDataset(request, run);
      assert.deepEqual(whole.histogram.sumw, [0, N, N, N, 0]);
      // The files are counted before anything is read: each needs its first entry in the chain.
      assert.deepEqual([ops.filter((o) => o === 'describe').length, ops.filter((o) => o === 'histogram').length], [3, 3]);
      const one = await histogramDataset({ ...request, axis: { bins: 3 * N, low: 0, high: 3 * N } }, run, { partBytes: 1024, wholeFileBytes: 0 });
      assert.ok(one.parts > 6, `${one.parts} parts`);
      assert.ok(one.histogram.sumw.slice(1, -1).every((c) => c === 1), 'every number once');
      assert.equal(one.histogram.tsumwx, ((3 * N - 1) * 3 * N) / 2);
      // Each file's own numbers: 0 to 2,420 three times.
      const local = await histogramDataset({ ...request, expression: 'LocalEntry$', axis: { bins: N, low: 0, high: N } }, run, { partBytes: 1024, wholeFileBytes: 0 });
      assert.ok(local.histogram.sumw.slice(1, -1).every((c) => c === 3), 'each number once in each file');
      assert.equal(local.histogram.sumw[N + 1], 0);
    });

    it('bins Entry$ over every entry read when no binning is given (not the first part’s file alone), also for one file read in parts', async () => {
      const chain = await histogramDataset({ files: FILES.map(sized), tree: 'events', expression: 'Entry$' }, run);
      assert.deepEqual([chain.histogram.axis.low, chain.histogram.sumw[0], chain.histogram.sumw[chain.histogram.axis.bins + 1]], [0, 0, 0]);
      assert.ok(chain.histogram.axis.high >= 3 * N, JSON.stringify(chain.histogram.axis));
      const one = await histogramDataset({ files: FILES.slice(0, 1).map(sized), tree: 'events', expression: 'Entry$', range: { first: 1000 } }, run, { partBytes: 1024, wholeFileBytes: 0 });
      assert.ok(one.parts > 2, `${one.parts} parts`);
      assert.deepEqual([one.histogram.entries, one.histogram.sumw[0], one.histogram.sumw[one.histogram.axis.bins + 1]], [N - 1000, 0, 0]);
      assert.ok(one.histogram.axis.low <= 1000 && one.histogram.axis.high >= N, JSON.stringify(one.histogram.axis));
    });

    it('keeps the even entries with Entry$ % 2 == 0, and numbers an entry range as it reads it', async () => {
      const even = await histogramDataset({ files: FILES.map(sized), tree: 'events', expression: 'NJet', entryCut: 'Entry$ % 2 == 0' }, run);
      assert.deepEqual([even.entriesRead, even.entriesKept], [3 * N, Math.ceil((3 * N) / 2)]);
      const range = await histogramDataset({ files: FILES.map(sized), tree: 'events', expression: 'Entry$', axis: { bins: 10, low: 2000, high: 3000 }, range: { first: 2000, count: 1000 } }, run);
      assert.deepEqual(range.histogram.sumw, [0, ...Array(10).fill(100), 0]);
    });

    it('numbers the table through the chain too: in its expressions and in its cut', async () => {
      const table = new ChainTable(FILES, run);
      const page = await table.rows({ tree: 'events', columns: ['NJet'], expressions: ['Entry$', 'LocalEntry$'], first: 2400, count: 50 });
      assert.deepEqual(page.entries, Array.from({ length: 50 }, (_, i) => 2400 + i));
      assert.deepEqual(page.rows.map((r) => r[1]), page.entries);
      assert.deepEqual(page.rows.map((r) => r[2]), page.entries.map((e) => (e < N ? e : e - N)));
      const cut = await table.rows({ tree: 'events', columns: ['NJet'], entryCut: 'Entry$ % 1000 == 0', first: 0, count: 100 });
      assert.deepEqual(cut.entries, [0, 1000, 2000, 3000, 4000, 5000, 6000, 7000]);
    });

    /** The NumPy script of a histogram over the archives, run: it prints the worker's counts, entries and cut flow. */
    async function scriptAndWorker(files: string[], spec: { expression: string; yExpression?: string; entryCut?: string; range?: { first: number; count?: number } }): Promise<void> {
      const axis = { bins: 10, low: 0, high: 40 };
      const full = { file: files[0], files: files.length > 1 ? files : undefined, format: 'npz' as const, ...spec, axis };
      const ours = await histogramDataset({ files: files.map(sized), ...spec, axis, yAxis: spec.yExpression ? axis : undefined }, run);
      const known = ['jet_pt', 'part_deta', 'fortran_f8'];
      const script = spec.yExpression ? copyAsPython2D({ ...full, yExpression: spec.yExpression, yAxis: axis }, known) : copyAsPython(full, known);
      const scriptFile = path.join(tmp, 'entries.py');
      writeFileSync(scriptFile, script);
      const printed = execFileSync(PYTHON, ['-W', 'ignore', scriptFile], { encoding: 'utf8' }).trim().split('\n');
      if (spec.yExpression) {
        const nx = axis.bins + 2;
        const cells = Array.from({ length: axis.bins }, (_, iy) => Array.from({ length: axis.bins }, (_, ix) => ours.histogram2d!.sumw[(iy + 1) * nx + ix + 1]));
        assert.deepEqual(JSON.parse(printed[1]), cells, script);
      } else assert.deepEqual(JSON.parse(printed[1]), ours.histogram.sumw.slice(1, -1), script);
      assert.ok(ours.histogram.entries > 0, 'something filled');
      assertSameCutflow(printed, ours.cutflow, ours.entriesRead, script);
    }

    it("Copy as Python numbers the entries as the explorer does: through the archives, in each, with a range and a cut flow (NumPy, run)", async () => {
      await scriptAndWorker(NPZ.slice(0, 1), { expression: 'Entry$', entryCut: 'Entry$ % 3 == 0 and max(part_deta) > 0' });
      await scriptAndWorker(NPZ, { expression: 'Entry$', entryCut: 'Entry$ % 3 == 0 and max(part_deta) > 0' });
      await scriptAndWorker(NPZ, { expression: 'LocalEntry$ + part_deta[0]', entryCut: 'rdfentry_ >= 5', range: { first: 15, count: 20 } });
      await scriptAndWorker(NPZ, { expression: 'part_deta[0] * 10 + 20', yExpression: 'Entry$', entryCut: 'Entry$ % 2 == 1', range: { first: 15 } });
    });

    it('Copy as Python adds the numbers to what uproot and awkward read, before the range and the cuts (awkward, line-checked)', () => {
      const spec = { format: 'root' as const, tree: 'events', expression: 'Jet_Px', entryCut: 'Entry$ % 2 == 0', axis: { bins: 4, low: 0, high: 100 }, range: { first: 10, count: 20 } };
      const dataset = lineFinder(copyAsPython({ ...spec, file: '/d/a.root', files: ['/d/a.root', '/d/b.root'] }, ['Jet_Px']));
      const loop = dataset('for arrays, report in uproot.iterate({f: "events" for f in FILES}, ["Jet_Px"], step_size="100 MB", report=True):');
      const numbered = dataset('    arrays["Entry$"] = np.arange(report.global_entry_start, report.global_entry_start + len(arrays), dtype=np.float64)');
      assert.ok(loop < numbered && numbered < dataset('    size = len(arrays)'));
      assert.ok(dataset('    entry_cut = (np.fmod(arrays["Entry$"], 2) == 0)') > numbered);
      const one = lineFinder(copyAsPython({ ...spec, file: '/d/a.root' }, ['Jet_Px']));
      assert.ok(one('    arrays = f["events"].arrays(["Jet_Px"], entry_start=FIRST, entry_stop=STOP)') < one('arrays["Entry$"] = np.arange(FIRST, FIRST + len(arrays), dtype=np.float64)'));
      const parquet = lineFinder(copyAsPython({ ...spec, format: 'parquet', expression: 'LocalEntry$', entryCut: 'Entry$ > 3', file: '/d/a.parquet', files: ['/d/a.parquet', '/d/b.parquet'] }, ['pt']));
      assert.ok(parquet('entry = 0  # the next file\'s first entry, through the files in order (HAI\'s Entry$, as over a TChain)') < parquet('for path in FILES:'));
      const local = parquet('    arrays["LocalEntry$"] = np.arange(0, 0 + len(arrays), dtype=np.float64)');
      assert.ok(parquet('    arrays = ak.from_parquet(path, columns=["pt"])') < local && local < parquet('    entry += len(arrays)'));
    });
  });
});
