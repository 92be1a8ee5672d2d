// The table over a dataset (TChain::Scan) read by real workers from copies of uproot-HZZ.root: the
// files are numbered through as one chain, a page runs from one file into the next, an entry cut scans
// on through the files, and the rows are those NumPy finds from the file by an independent decoder
// (test/fixtures/data/root/reference.py). Files are counted only as far as a page needs; a file that
// cannot be read is left out, named, and holds no entries of the chain; one lacking a name read is left
// out of that list, named, and keeps its entries' numbers.
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ChainTable, STOP_READING } from './chainRows';
import { histogramDataset } from './dataset';
import { EntryCounts } from './entryCounts';
import type { DataJob, FileDescription } from './workers/dataJobs';
import { rows as fileRows } from './workers/rowsJob';
import { DataWorkerPool } from './workers/workerPool';
import { english } from '../text/message';

const ROOT_DIR = path.resolve(__dirname, '..', '..', 'test', 'fixtures', 'data', 'root');
const reference = JSON.parse(readFileSync(path.join(ROOT_DIR, 'reference.json'), 'utf8')) as {
  entries: number;
  NJet_first: number[];
  scan_NJet_ge_4: { entries: number[]; NJet: number[] };
};
const N = reference.entries;
const FOUR = ['uproot-HZZ.root', 'uproot-HZZ-zstd.root', 'uproot-HZZ-lz4.root', 'uproot-HZZ-lzma.root'].map((n) => path.join(ROOT_DIR, n));

describe('the table over a dataset (TChain::Scan)', function () {
  this.timeout(120_000);
  let pool: DataWorkerPool;
  let tmp: string;
  /** The files each job opened, in order, and the jobs' kinds. */
  let opened: string[] = [];
  let ops: string[] = [];
  const run = <T>(job: DataJob, signal?: AbortSignal): Promise<T> => {
    ops.push(job.op);
    if ('file' in job) opened.push(path.basename(job.file));
    return pool.run<T>(job, signal);
  };
  before(() => {
    pool = new DataWorkerPool({ script: path.join(__dirname, 'workers', 'dataWorker.ts'), execArgv: ['--require', 'tsx/cjs'], size: 2, timeoutMs: 60_000 });
    tmp = mkdtempSync(path.join(os.tmpdir(), 'hai-chain-'));
  });
  beforeEach(() => (opened = []));
  after(async () => {
    await pool.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('numbers the entries through the files: a page from entry 2400 is the first file’s last 21 and the second’s first 79', async () => {
    const table = new ChainTable(FOUR, run);
    const page = await table.rows({ tree: 'events', columns: ['NJet'], first: N - 21, count: 100 });
    assert.deepEqual(page.entries, Array.from({ length: 100 }, (_, i) => N - 21 + i));
    const lastOfFirst = await fileRows({ op: 'rows', file: FOUR[0], tree: 'events', columns: ['NJet'], first: N - 21, count: 21 });
    assert.deepEqual(page.rows.slice(0, 21), lastOfFirst.rows);
    // The second file (zstd) holds the same events: its first entries are the file's first.
    assert.deepEqual(page.rows.slice(21, 31).map((r) => r[0]), reference.NJet_first);
    assert.deepEqual(page.segments, [
      { file: 'uproot-HZZ.root', offset: 0, rows: 21 },
      { file: 'uproot-HZZ-zstd.root', offset: N, rows: 79 },
    ]);
    // Four files, all counted at once: the end of the list is known.
    assert.deepEqual([page.next, page.total, page.atLeast, page.files, page.counted], [N + 79, 4 * N, false, 4, 4]);
    // The next page goes on from there.
    const next = await table.rows({ tree: 'events', columns: ['NJet'], first: page.next, count: 10 });
    assert.deepEqual(next.entries[0], N + 79);
    assert.deepEqual(next.rows.map((r) => r[0]), (await fileRows({ op: 'rows', file: FOUR[1], tree: 'events', columns: ['NJet'], first: 79, count: 10 })).rows.map((r) => r[0]));
  });

  it('with an entry cut, scans on through the files: each file’s 36 events with NJet >= 4, at its place in the chain', async () => {
    const want = reference.scan_NJet_ge_4;
    const table = new ChainTable(FOUR, run);
    const all = await table.rows({ tree: 'events', columns: ['NJet'], first: 0, count: 1000, entryCut: 'NJet >= 4' });
    assert.deepEqual(all.entries, [0, 1, 2, 3].flatMap((k) => want.entries.map((e) => e + k * N)));
    assert.deepEqual(all.rows.map((r) => r[0]), [0, 1, 2, 3].flatMap(() => want.NJet));
    assert.deepEqual([all.next, all.total, all.atLeast], [4 * N, 4 * N, false]);
    // In pages of 50, across the files' ends, the same list.
    const pages = [];
    for (let first = 0; first < 4 * N; first = pages[pages.length - 1].next) pages.push(await table.rows({ tree: 'events', columns: ['NJet'], first, count: 50, entryCut: 'NJet >= 4' }));
    assert.deepEqual(pages.map((p) => p.rows.length), [50, 50, 44]);
    assert.deepEqual(pages.flatMap((p) => p.entries), all.entries);
    // Within a range of the chain (the form's First entry 2000, Entries 1000): the first file's 2040…2408 and the second's first 56 and 64… below 579.
    const ranged = await table.rows({ tree: 'events', columns: ['NJet'], first: 2000, count: 100, entryCut: 'NJet >= 4', stop: 3000 });
    assert.deepEqual(ranged.entries, [...want.entries.filter((e) => e >= 2000), ...want.entries.filter((e) => e < 3000 - N).map((e) => e + N)]);
    assert.deepEqual([ranged.next, ranged.total, ranged.atLeast], [3000, 3000, false]);
  });

  it('counts files only as far as a page needs: 20 files, the first page opens 8, a jump to entry 30,000 counts to the 13th; the histogram’s entry range shares the counts', async () => {
    const files = Array.from({ length: 20 }, (_, i) => path.join(tmp, `hzz_${String(i).padStart(2, '0')}.root`));
    for (const f of files) copyFileSync(FOUR[0], f);
    const table = new ChainTable(files, run);
    const first = await table.rows({ tree: 'events', columns: ['NJet'], first: 0, count: 100 });
    assert.deepEqual(first.rows.slice(0, 10).map((r) => r[0]), reference.NJet_first);
    assert.deepEqual([first.total, first.atLeast, first.counted, first.files], [8 * N, true, 8, 20]);
    assert.deepEqual(new Set(opened), new Set(files.slice(0, 8).map((f) => path.basename(f))));
    opened = [];
    const jump = await table.rows({ tree: 'events', columns: ['NJet'], first: 30_000, count: 10 });
    // Entry 30,000 is entry 30,000 - 12 × 2421 = 948 of the 13th file (hzz_12).
    assert.deepEqual(jump.entries, Array.from({ length: 10 }, (_, i) => 30_000 + i));
    assert.deepEqual(jump.segments, [{ file: 'hzz_12.root', offset: 12 * N, rows: 10 }]);
    assert.deepEqual(jump.rows, (await fileRows({ op: 'rows', file: files[12], tree: 'events', columns: ['NJet'], first: 30_000 - 12 * N, count: 10 })).rows);
    // Files 9 to 16 counted (one batch), 1 to 8 not again, 17 to 20 not opened.
    assert.deepEqual([jump.counted, jump.atLeast, jump.total], [16, true, 16 * N]);
    assert.ok(!opened.some((f) => files.slice(0, 8).concat(files.slice(16)).map((x) => path.basename(x)).includes(f)), opened.join(' '));
    // Past the last file: nothing, and the end is known.
    const past = await table.rows({ tree: 'events', columns: ['NJet'], first: 20 * N, count: 10 });
    assert.deepEqual([past.rows.length, past.total, past.atLeast, past.counted], [0, 20 * N, false, 20]);

    // The page's histogram and table share what they counted: a range drawn from entry 30,000, then
    // listed, counts the files once; and the other way round, no file is described again.
    const sized = files.map((file) => ({ file, bytes: statSync(file).size }));
    const range = { files: sized, tree: 'events', expression: 'NJet', axis: { bins: 10, low: 0, high: 10 }, range: { first: 30_000, count: 100 } };
    let counts = new EntryCounts();
    opened = [];
    const drawn = await histogramDataset(range, run, { counts });
    assert.equal(drawn.entriesRead, 100);
    assert.ok(opened.length > 13, `${opened.length} jobs to count through the files`);
    opened = [];
    const listed = await new ChainTable(files, run, undefined, counts).rows({ tree: 'events', columns: ['NJet'], first: 30_000, count: 100 });
    assert.deepEqual(listed.entries[0], 30_000);
    assert.deepEqual(opened, ['hzz_12.root']);
    counts = new EntryCounts();
    await new ChainTable(files, run, undefined, counts).rows({ tree: 'events', columns: ['NJet'], first: 30_000, count: 100 });
    ops = [];
    opened = [];
    const again = await histogramDataset(range, run, { counts });
    assert.deepEqual(again.histogram, drawn.histogram);
    assert.ok(!ops.includes('describe'), ops.join(' '));
    assert.deepEqual([...new Set(opened)], ['hzz_12.root']);
  });

  it('says how far the files are counted on the way to a page, and stops counting when asked to', async () => {
    const files = Array.from({ length: 40 }, (_, i) => path.join(tmp, `many_${String(i).padStart(2, '0')}.root`));
    for (const f of files) copyFileSync(FOUR[0], f);
    const heard: number[] = [];
    const page = await new ChainTable(files, run).rows({ tree: 'events', columns: ['NJet'], first: 35 * N, count: 10 }, undefined, (counted, all) => {
      assert.equal(all, 40);
      heard.push(counted);
    });
    assert.deepEqual(heard, [8, 16, 24, 32, 40]);
    assert.equal(page.entries[0], 35 * N);
    // A newer request stops an older one: it fails as cancelled, nothing is held against a file, and the next one reads on.
    const table = new ChainTable(files, run);
    const stop = new AbortController();
    const stopped = table.rows({ tree: 'events', columns: ['NJet'], first: 35 * N, count: 10 }, stop.signal, (counted) => counted >= 16 && stop.abort());
    await assert.rejects(stopped, (err: Error) => err.name === 'AbortError');
    const after = await table.rows({ tree: 'events', columns: ['NJet'], first: 35 * N, count: 10 });
    assert.deepEqual([after.entries[0], after.skipped.length, after.counted], [35 * N, 0, 40]);
  });

  it('ends a scan the user stopped where it got to: the files scanned to their end count, and the next request goes on from there', async () => {
    const files = Array.from({ length: 12 }, (_, i) => path.join(tmp, `scan_${String(i).padStart(2, '0')}.root`));
    for (const f of files) copyFileSync(FOUR[0], f);
    const stop = new AbortController();
    let scans = 0;
    // Stopped once three files have been scanned for a cut no entry passes.
    const counting = <T>(job: DataJob, signal?: AbortSignal): Promise<T> =>
      run<T>(job, signal).then((r) => {
        if (job.op === 'rows' && job.count > 0 && ++scans === 3) stop.abort(STOP_READING);
        return r;
      });
    const table = new ChainTable(files, counting);
    const request = { tree: 'events', columns: ['NJet'], entryCut: 'NJet > 100', first: 0, count: 10 };
    const stopped = await table.rows(request, stop.signal);
    assert.equal(stopped.stopped, true);
    assert.deepEqual([stopped.rows.length, stopped.next], [0, 3 * N]);
    // Read on from there to the end: nothing passes in the other nine files either.
    const rest = await table.rows({ ...request, first: stopped.next });
    assert.deepEqual([rest.stopped, rest.rows.length, rest.next, rest.total], [undefined, 0, 12 * N, 12 * N]);
    // Aborted for a newer request instead, a page fails as cancelled.
    const newer = new AbortController();
    newer.abort();
    await assert.rejects(new ChainTable(files, run).rows(request, newer.signal), (err: Error) => err.name === 'AbortError');
  });

  it('does not take a read that timed out for the file’s fault: the request fails, the next one reads the file', async () => {
    const hasty = new DataWorkerPool({ script: path.join(__dirname, 'workers', 'dataWorker.ts'), execArgv: ['--require', 'tsx/cjs'], size: 1, timeoutMs: 1 });
    let slow = true;
    const table = new ChainTable(FOUR.slice(0, 2), <T>(job: DataJob, signal?: AbortSignal) => (slow ? hasty : pool).run<T>(job, signal), (f) => `data/${path.basename(f)}`);
    try {
      await assert.rejects(table.rows({ tree: 'events', columns: ['NJet'], first: 0, count: 10 }), (err: Error) => err.name === 'TimeoutError');
    } finally {
      await hasty.close();
    }
    slow = false;
    const page = await table.rows({ tree: 'events', columns: ['NJet'], first: N - 2, count: 4 });
    assert.deepEqual(page.skipped, []);
    assert.deepEqual(page.entries, [N - 2, N - 1, N, N + 1]);
    // Files are named as the dataset names them (relative to its folder).
    assert.deepEqual(page.segments.map((s) => s.file), ['data/uproot-HZZ.root', 'data/uproot-HZZ-zstd.root']);
  });

  it('leaves out a file that cannot be read, names it, and counts it as holding no entries', async () => {
    const damaged = path.join(tmp, 'damaged.root');
    writeFileSync(damaged, readFileSync(FOUR[0]).subarray(0, 2000));
    const table = new ChainTable([FOUR[0], damaged, FOUR[1]], run);
    const page = await table.rows({ tree: 'events', columns: ['NJet'], first: N - 5, count: 10 });
    assert.deepEqual(page.entries, Array.from({ length: 10 }, (_, i) => N - 5 + i));
    assert.deepEqual(page.segments.map((s) => [s.file, s.offset, s.rows]), [
      ['uproot-HZZ.root', 0, 5],
      ['uproot-HZZ-zstd.root', N, 5],
    ]);
    assert.deepEqual(page.rows.slice(5).map((r) => r[0]), reference.NJet_first.slice(0, 5));
    assert.deepEqual(page.skipped.map((s) => s.file), ['damaged.root']);
    assert.equal(page.total, 2 * N);
    // A file whose header and tree read but whose baskets are damaged (bytes 20,000 to 200,000 overwritten): its
    // entries keep their numbers in the chain, and are left out of the list.
    const baskets = path.join(tmp, 'baskets.root');
    const bytes = readFileSync(FOUR[0]);
    bytes.fill(0x55, 20_000, 200_000);
    writeFileSync(baskets, bytes);
    const around = await new ChainTable([baskets, FOUR[1]], run).rows({ tree: 'events', columns: ['NJet'], first: 0, count: 10 });
    assert.deepEqual(around.entries, Array.from({ length: 10 }, (_, i) => N + i));
    assert.deepEqual(around.rows.map((r) => r[0]), reference.NJet_first);
    assert.deepEqual(around.skipped.map((s) => s.file), ['baskets.root']);
    assert.match(english(around.skipped[0].message), /does not check out/);
    // Nothing readable at all: the first file's error, not an empty list.
    await assert.rejects(new ChainTable([damaged], run).rows({ tree: 'events', columns: ['NJet'], first: 0, count: 10 }), /damaged\.root/);
    // A column no file has is said as a file's error; a wrong cut at once, for the whole chain.
    await assert.rejects(table.rows({ tree: 'events', columns: ['NJet'], first: 0, count: 10, entryCut: 'NJet >=' }), (err: Error) => err.name === 'ExpressionError');
  });

  it('leaves out a file that lacks a column, or a name of the cut or the expressions, the structure has (uproot-Zmumu.root between two HZZ copies); a name the structure lacks fails the page, whichever file says so', async () => {
    const want = reference.scan_NJet_ge_4;
    const zmumu = path.join(ROOT_DIR, 'uproot-Zmumu.root');
    const Z = 2304;
    // The structure shown: the HZZ file's tree and its branches.
    const described = await run<FileDescription>({ op: 'describe', file: FOUR[0] });
    const hzzNames = described.format === 'root' ? described.trees[0].branches.map((b) => b.name) : [];
    const structureNames = (tree: string | undefined) => (tree === 'events' ? hzzNames : undefined);
    const table = new ChainTable([FOUR[0], zmumu, FOUR[1]], run, undefined, undefined, structureNames);
    // Zmumu's entries keep their numbers: the third file's events come after them.
    const chained = [...want.entries, ...want.entries.map((e) => e + N + Z)];
    const ticked = await table.rows({ tree: 'events', columns: ['NJet'], first: 0, count: 100, entryCut: 'NJet >= 4' });
    assert.deepEqual(ticked.entries, chained);
    assert.deepEqual(ticked.skipped.map((f) => [f.file, english(f.message)]), [['uproot-Zmumu.root', 'There is no branch or column "NJet".']]);
    // No column ticked: the cut and an expression name what Zmumu lacks.
    const typed = await new ChainTable([FOUR[0], zmumu, FOUR[1]], run, undefined, undefined, structureNames).rows({ tree: 'events', columns: [], expressions: ['NJet * 2'], first: 0, count: 100, entryCut: 'NJet >= 4' });
    assert.deepEqual(typed.entries, chained);
    assert.deepEqual(typed.rows.map((r) => r[0]), [...want.NJet, ...want.NJet].map((n) => 2 * n));
    assert.deepEqual(typed.skipped.map((f) => f.file), ['uproot-Zmumu.root']);
    assert.deepEqual([typed.total, typed.atLeast], [2 * N + Z, false]);
    // Left out only while a name it lacks is read: Entry$ alone lists its entries, numbered in the chain.
    const numbers = await table.rows({ tree: 'events', columns: [], expressions: ['Entry$'], first: N - 1, count: 3 });
    assert.deepEqual([numbers.entries, numbers.rows, numbers.skipped], [[N - 1, N, N + 1], [[N - 1], [N], [N + 1]], []]);
    assert.deepEqual(numbers.segments.map((g) => g.file), ['uproot-HZZ.root', 'uproot-Zmumu.root']);
    // A name the structure lacks is a mistake in the request: said at once, whichever files have it, also on
    // a page that starts in Zmumu or in the third file (the structure's own file not read).
    for (const [expression, first] of [['NJets', 0], ['E1', 0], ['NJets', N], ['E1', N + Z]] as const) {
      await assert.rejects(table.rows({ tree: 'events', columns: [], expressions: [expression], first, count: 10 }), (err: Error) => err.name === 'ExpressionError' && err.message.includes(`"${expression}"`));
    }
  });
});
