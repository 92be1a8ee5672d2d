// The explorer's table over a dataset (TChain::Scan, core/data/chainRows.ts) and its definitions, on the
// dataset of `npm run bench:data` (copies of uproot-HZZ.root until 1 GiB: 4,700 files, 11.4 M entries,
// kept in .cache/bench-data/). Times, on the same workers:
// - a page of 100 rows from entry 0 (eight files counted), from the middle of the chain (every file
//   before it counted: cold), the page after it (warm: counted once), and a page of the entries passing
//   `NJet >= 4` from the middle (scanned on through files); against the histogram of 100,000 entries
//   from the same middle (TTree::Draw's firstentry: the same counting through the files), the baseline,
//   and that histogram again with the counts the table made (one page's histograms and table share them);
// - a histogram of `ht` (a jet HT) with the cut `ht > 150`, with `ht` defined once against the same
//   expression written out in the expression and the cut, over the first 400 files (~94 MB): a
//   definition is computed once per chunk however often it is used;
// - over all the files, NJet with the cut `Entry$ % 2 == 0` (every file counted first, for its first
//   entry in the chain), then `Entry$ % 2 == 1` on the same page (the counts kept), against the same
//   histogram with a cut that needs no numbers, `NJet >= 0`;
// - finding the dataset's files again (datasetFiles.ts), as the page does before each draw: the median
//   of five, against the histogram of 100,000 entries from the middle it comes before.
// Prints JSON. Run: npm run bench:table [-- --workers N]
import { existsSync, readdirSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ChainTable } from '../core/data/chainRows';
import { histogramDataset } from '../core/data/dataset';
import { datasetFiles } from '../core/data/datasetFiles';
import { EntryCounts } from '../core/data/entryCounts';
import type { DataJob } from '../core/data/workers/dataJobs';
import { DataWorkerPool, EXPLORER_POOL, explorerPoolSize } from '../core/data/workers/workerPool';
import { ROOT } from '../scripts/paths';
import { arg } from './lspSession';

const round = (x: number, digits = 2): number => Math.round(x * 10 ** digits) / 10 ** digits;

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number }> {
  const started = performance.now();
  const result = await work();
  return { result, seconds: round((performance.now() - started) / 1000, 3) };
}

async function main(): Promise<void> {
  const workers = Number(arg('workers', String(explorerPoolSize())));
  const dir = arg('dir', path.join(ROOT, '.cache', 'bench-data'));
  if (!existsSync(dir)) throw new Error(`${dir} is missing: npm run bench:data makes it.`);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.root'))
    .sort()
    .map((f) => ({ file: path.join(dir, f), bytes: statSync(path.join(dir, f)).size }));
  const script = path.join(ROOT, 'dist', 'dataWorker.js');
  if (!existsSync(script)) throw new Error('dist/dataWorker.js is missing: run node esbuild.config.mjs --production first (npm run bench:table does).');
  const pool = new DataWorkerPool({ script, size: workers, timeoutMs: 600_000, maxHeapMb: EXPLORER_POOL.maxHeapMb, maxYoungMb: EXPLORER_POOL.maxYoungMb });
  const run = <T>(job: DataJob, signal?: AbortSignal): Promise<T> => pool.run<T>(job, signal);
  const names = files.map((f) => f.file);
  // Workers started and warm: a page of another table first.
  await new ChainTable(names.slice(0, 16), run).rows({ tree: 'events', columns: ['NJet'], first: 0, count: 100 });

  const counts = new EntryCounts();
  const table = new ChainTable(names, run, undefined, counts);
  const page = { tree: 'events', columns: ['NJet', 'Jet_Px'], count: 100 };
  const first = await timed(() => table.rows({ ...page, first: 0 }));
  // The middle: half of the entries of all files, each holding 2,421.
  const middle = Math.floor((files.length * 2421) / 2);
  const middlePage = await timed(() => table.rows({ ...page, first: middle }));
  const nextPage = await timed(() => table.rows({ ...page, first: middlePage.result.next }));
  const cutPage = await timed(() => table.rows({ ...page, first: middle, entryCut: 'NJet >= 4' }));
  // The baseline: 100,000 entries from the same middle histogrammed, which counts through the same files.
  const middleRange = { files, tree: 'events', expression: 'Jet_Px', axis: { bins: 100, low: -450, high: 550 }, range: { first: middle, count: 100_000 } };
  const histogramMiddle = await timed(() => histogramDataset(middleRange, run));
  const histogramMiddleShared = await timed(() => histogramDataset(middleRange, run, { counts }));

  // Definitions: ht used twice, defined once or written out twice.
  const some = files.slice(0, 400);
  const axis = { bins: 50, low: 0, high: 500 };
  const ht = 'sum(hypot(Jet_Px, Jet_Py))';
  await histogramDataset({ files: some.slice(0, 32), tree: 'events', expression: ht, axis }, run);
  const written = await timed(() => histogramDataset({ files: some, tree: 'events', expression: ht, entryCut: `${ht} > 150`, axis }, run));
  const defined = await timed(() => histogramDataset({ files: some, tree: 'events', expression: 'ht', entryCut: 'ht > 150', definitions: `ht = ${ht}`, axis }, run));

  // Entry$: the files counted before they are read, against the same read without numbers.
  const njet = { files, tree: 'events', expression: 'NJet', axis: { bins: 20, low: 0, high: 20 } };
  const unnumbered = await timed(() => histogramDataset({ ...njet, entryCut: 'NJet >= 0' }, run));
  // A page keeps the counts: its next draw with Entry$ counts no file again.
  const pageCounts = new EntryCounts();
  const numbered = await timed(() => histogramDataset({ ...njet, entryCut: 'Entry$ % 2 == 0' }, run, { counts: pageCounts }));
  const numberedAgain = await timed(() => histogramDataset({ ...njet, entryCut: 'Entry$ % 2 == 1' }, run, { counts: pageCounts }));
  await pool.close();

  // Found again before each draw: the median of five (the folder's entries in the page cache, as on a page in use).
  const findings: { result: Awaited<ReturnType<typeof datasetFiles>>; seconds: number }[] = [];
  for (let i = 0; i < 5; i++) findings.push(await timed(() => datasetFiles(dir, '**/*.root')));
  const finding = findings.map((f) => f.seconds).sort((a, b) => a - b)[2];

  const pageOf = (r: typeof first, what: string) => ({ what, seconds: r.seconds, rows: r.result.rows.length, firstEntry: r.result.entries[0], filesCounted: r.result.counted, of: r.result.files, atLeast: r.result.atLeast });
  console.log(
    JSON.stringify(
      {
        dataset: { files: files.length, bytes: files.reduce((a, f) => a + f.bytes, 0), how: 'npm run bench:data’s copies of uproot-HZZ.root' },
        machine: { cores: os.availableParallelism(), workers, cpu: os.cpus()[0]?.model },
        table: {
          firstPage: pageOf(first, '100 rows from entry 0'),
          middlePageCold: pageOf(middlePage, `100 rows from entry ${middle}: every file before it counted`),
          nextPageWarm: pageOf(nextPage, 'the page after it: counted already'),
          middleCutPage: pageOf(cutPage, '100 rows passing NJet >= 4 from the middle'),
          baselineHistogramOfMiddleRange: { seconds: histogramMiddle.seconds, entriesRead: histogramMiddle.result.entriesRead, what: '100,000 entries from the middle histogrammed: the same counting through the files' },
          histogramOfMiddleRangeAfterTable: { seconds: histogramMiddleShared.seconds, entriesRead: histogramMiddleShared.result.entriesRead, what: 'the same, with the counts the table made', sameHistogram: JSON.stringify(histogramMiddleShared.result.histogram) === JSON.stringify(histogramMiddle.result.histogram) },
        },
        definitions: {
          files: some.length,
          bytes: some.reduce((a, f) => a + f.bytes, 0),
          writtenOutTwice: { seconds: written.seconds, kept: written.result.entriesKept },
          definedOnce: { seconds: defined.seconds, kept: defined.result.entriesKept },
          sameHistogram: JSON.stringify(written.result.histogram) === JSON.stringify(defined.result.histogram),
          speedup: round(written.seconds / defined.seconds),
        },
        findingFiles: {
          files: findings[0].result.files.length,
          seconds: finding,
          what: "the dataset's files found again before a draw (**/*.root): the median of five",
          shareOfMiddleRangeHistogram: round(finding / histogramMiddle.seconds, 3),
        },
        entryNumbers: {
          files: files.length,
          baselineNJetGe0: { seconds: unnumbered.seconds, read: unnumbered.result.entriesRead, kept: unnumbered.result.entriesKept, parts: unnumbered.result.parts },
          entryEven: { seconds: numbered.seconds, read: numbered.result.entriesRead, kept: numbered.result.entriesKept, parts: numbered.result.parts, what: 'Entry$ % 2 == 0: every file counted first' },
          entryOddNextDraw: { seconds: numberedAgain.seconds, read: numberedAgain.result.entriesRead, kept: numberedAgain.result.entriesKept, what: 'Entry$ % 2 == 1 next, on the same page: the counts kept' },
          costOfCounting: round(numbered.seconds - unnumbered.seconds),
          costOfCountingNextDraw: round(numberedAgain.seconds - unnumbered.seconds),
        },
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
