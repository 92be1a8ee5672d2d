// The data explorer's dataset histogram against, in the same run: (a) the floor — reading and
// decompressing the same baskets and nothing else, as the explorer unpacks them and (a') with jsroot's
// own reads and decoders — and (b) jsroot's own treeDraw of the same branch
// into the same binning (and of the leading jet, Jet_Px[0]; the explorer also weighted by EventWeight;
// a profile of Jet_Py against Jet_Px, against the explorer's 2-D histogram of the same pairs: jsroot's
// treeDraw makes no profiles, and its "Jet_Py:Jet_Px" pairs every y of an entry with every x, Σn²
// fills — 5 485 for uproot-HZZ.root where ROOT pairs element by element, 2 773 — so it is no baseline);
// all on the same number of worker threads, with the same memory limits
// (the extension's EXPLORER_POOL: cores − 1, at least 1, at most 6). Also the time to show the
// structure of the largest file (cold: a new worker; warm), and the process's RSS while each runs
// (workers are threads of the extension host, so their memory counts; one pool at a time); and an entry
// range's time (the first 100 000 entries; 100 000 from the middle) against reading everything. Prints JSON.
//
// The dataset: copies of the four compressions of uproot-HZZ.root (zlib, LZ4, ZSTD, LZMA; 2,421 events,
// jagged Jet_Px counted by NJet — the largest jagged trees this project has; no ROOT writer is
// available here to make larger files), in turn, until their total passes --gib (1 by default), kept
// in .cache/bench-data/ for the next run. Files are read from the page cache after the copy: this
// measures the CPU work, not a disk.
// Run: npm run bench:data [-- --gib 1 --workers N]
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { histogramDataset } from '../core/data/dataset';
import type { DataJob, FileDescription } from '../core/data/workers/dataJobs';
import { DataWorkerPool, EXPLORER_POOL, explorerPoolSize } from '../core/data/workers/workerPool';
import { ROOT } from '../scripts/paths';
import { arg } from './lspSession';

const SOURCES = ['uproot-HZZ.root', 'uproot-HZZ-lz4.root', 'uproot-HZZ-zstd.root', 'uproot-HZZ-lzma.root'].map((n) => path.join(ROOT, 'test', 'fixtures', 'data', 'root', n));
const AXIS = { bins: 100, low: -450, high: 550 };

function buildDataset(dir: string, bytes: number): { file: string; bytes: number }[] {
  mkdirSync(dir, { recursive: true });
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.root'))
    .sort()
    .map((f) => ({ file: path.join(dir, f), bytes: statSync(path.join(dir, f)).size }));
  let total = files.reduce((a, f) => a + f.bytes, 0);
  for (let i = files.length; total < bytes; i++) {
    const file = path.join(dir, `hzz_${String(i).padStart(5, '0')}.root`);
    if (!existsSync(file)) copyFileSync(SOURCES[i % SOURCES.length], file);
    const size = statSync(file).size;
    files.push({ file, bytes: size });
    total += size;
  }
  return files;
}

/** Peak RSS, sampled every 20 ms while `work` runs. */
async function withRss<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number; peakRssMiB: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = performance.now();
  try {
    const result = await work();
    return { result, seconds: (performance.now() - started) / 1000, peakRssMiB: Math.round((Math.max(peak, process.memoryUsage().rss) / 1048576) * 10) / 10 };
  } finally {
    clearInterval(timer);
  }
}

const round = (x: number, digits = 1): number => Math.round(x * 10 ** digits) / 10 ** digits;

async function main(): Promise<void> {
  const gib = Number(arg('gib', '1'));
  const workers = Number(arg('workers', String(explorerPoolSize())));
  const dir = arg('dir', path.join(ROOT, '.cache', 'bench-data'));
  const files = buildDataset(dir, gib * 1024 ** 3);
  const datasetBytes = files.reduce((a, f) => a + f.bytes, 0);
  const script = path.join(ROOT, 'dist', 'dataWorker.js');
  if (!existsSync(script)) throw new Error('dist/dataWorker.js is missing: run node esbuild.config.mjs --production first (npm run bench:data does).');
  const rssBeforeMiB = round(process.memoryUsage().rss / 1048576);

  // Structure of the largest file: a new pool (worker start included), then the same worker again.
  const largest = [...files].sort((a, b) => b.bytes - a.bytes)[0];
  const limits = { maxHeapMb: EXPLORER_POOL.maxHeapMb, maxYoungMb: EXPLORER_POOL.maxYoungMb };
  const fresh = new DataWorkerPool({ script, size: 1, ...limits });
  let t = performance.now();
  await fresh.run<FileDescription>({ op: 'describe', file: largest.file });
  const structureColdMs = round(performance.now() - t);
  t = performance.now();
  await fresh.run<FileDescription>({ op: 'describe', file: largest.file });
  const structureWarmMs = round(performance.now() - t);
  await fresh.close();

  // Each pool first runs its work over a few files untimed: worker start and JIT warm-up are not what
  // is compared (the structure's cold time above shows the start).
  const warmUp = files.slice(0, 32 * workers);

  // The explorer first, in a process that has run no other pool (freed memory is not always given
  // back to the system, and would count in its RSS): one histogram, no cut, then both kinds of cut.
  const pool = new DataWorkerPool({ script, size: workers, timeoutMs: 600_000, ...limits });
  const run = <T>(job: DataJob, signal?: AbortSignal): Promise<T> => pool.run<T>(job, signal);
  await histogramDataset({ files: warmUp, tree: 'events', expression: 'Jet_Px', entryCut: 'NJet >= 2', elementCut: 'Jet_Px > 20', axis: AXIS }, run);
  const ours = await withRss(() => histogramDataset({ files, tree: 'events', expression: 'Jet_Px', axis: AXIS }, run));
  const oursCut = await withRss(() => histogramDataset({ files, tree: 'events', expression: 'Jet_Px', entryCut: 'NJet >= 2', elementCut: 'Jet_Px > 20', axis: AXIS }, run));
  // The leading jet by its index, and each jet weighted by its event's weight: what those paths cost over the plain one.
  const oursIndexed = await withRss(() => histogramDataset({ files, tree: 'events', expression: 'Jet_Px[0]', axis: AXIS }, run));
  const oursWeighted = await withRss(() => histogramDataset({ files, tree: 'events', expression: 'Jet_Px', weight: 'EventWeight', axis: AXIS }, run));
  // The mean Jet_Py in bins of Jet_Px (ROOT's "prof"), and the 2-D histogram of the same pairs.
  const pairs = { files, tree: 'events', expression: 'Jet_Px', yExpression: 'Jet_Py', axis: AXIS };
  const oursProfile = await withRss(() => histogramDataset({ ...pairs, profile: true }, run));
  const ours2d = await withRss(() => histogramDataset({ ...pairs, yAxis: AXIS }, run));
  // An entry range (TTree::Draw's firstentry, nentries): the first 100 000 entries, and 100 000 from
  // the middle, which needs every file before it described to count through them.
  const rangeCount = 100_000;
  const oursFirst = await withRss(() => histogramDataset({ files, tree: 'events', expression: 'Jet_Px', axis: AXIS, range: { first: 0, count: rangeCount } }, run));
  const middle = Math.floor(ours.result.entriesRead / 2);
  const oursMiddle = await withRss(() => histogramDataset({ files, tree: 'events', expression: 'Jet_Px', axis: AXIS, range: { first: middle, count: rangeCount } }, run));
  await pool.close();

  // (a) the floor: the baskets of NJet and Jet_Px read and inflated, file by file on the workers.
  const baselinePool = () => new DataWorkerPool({ script: path.join(__dirname, 'dataBaselineWorker.ts'), execArgv: ['--require', 'tsx/cjs'], size: workers, timeoutMs: 600_000, ...limits });
  // One pool at a time, so that each RSS figure holds only its own workers.
  let baseline = baselinePool();
  const asJob = (job: unknown): DataJob => job as DataJob;
  const floorOf = (some: typeof files, op = 'floor') =>
    Promise.all(some.map((f) => baseline.run<{ compressed: number; uncompressed: number; baskets: number }>(asJob({ op, file: f.file, tree: 'events', branches: ['NJet', 'Jet_Px'] }))));
  const drawOf = (some: typeof files, expression = 'Jet_Px') => Promise.all(some.map((f) => baseline.run<{ filled: number }>(asJob({ op: 'treeDraw', file: f.file, tree: 'events', expr: `${expression}>>h(${AXIS.bins},${AXIS.low},${AXIS.high})` }))));
  await floorOf(warmUp);
  const floor = await withRss(async () => {
    const parts = await floorOf(files);
    return parts.reduce((a, p) => ({ compressed: a.compressed + p.compressed, uncompressed: a.uncompressed + p.uncompressed, baskets: a.baskets + p.baskets }), { compressed: 0, uncompressed: 0, baskets: 0 });
  });

  await baseline.close();
  // (a') the same baskets with jsroot's own reads and decoders.
  baseline = baselinePool();
  await floorOf(warmUp, 'floorJsroot');
  const floorJsroot = await withRss(async () => {
    await floorOf(files, 'floorJsroot');
  });
  await baseline.close();

  // (b) jsroot's treeDraw of the same branch into the same binning.
  baseline = baselinePool();
  await drawOf(warmUp);
  const draw = await withRss(async () => {
    const parts = await drawOf(files);
    return parts.reduce((a, p) => a + p.filled, 0);
  });
  // And of the leading jet, Jet_Px[0], in TTree::Draw's own syntax.
  await drawOf(warmUp, 'Jet_Px[0]');
  const drawIndexed = await withRss(async () => {
    const parts = await drawOf(files, 'Jet_Px[0]');
    return parts.reduce((a, p) => a + p.filled, 0);
  });
  await baseline.close();

  const entries = ours.result.entriesRead;
  const rates = (seconds: number) => ({
    seconds: round(seconds, 2),
    entriesPerSecond: Math.round(entries / seconds),
    basketMBPerSecond: round(floor.result.compressed / 1e6 / seconds),
    datasetMBPerSecond: round(datasetBytes / 1e6 / seconds),
  });
  const filled = ours.result.histogram.sumw.reduce((a, b) => a + b, 0);
  console.log(
    JSON.stringify(
      {
        dataset: { files: files.length, bytes: datasetBytes, entries, jetPxValues: filled, basketsRead: floor.result.baskets, basketBytesCompressed: floor.result.compressed, basketBytesUncompressed: floor.result.uncompressed, how: 'copies of uproot-HZZ.root in zlib, LZ4, ZSTD and LZMA, in turn' },
        machine: { cores: os.availableParallelism(), workers, cpu: os.cpus()[0]?.model },
        structureOfLargestFile: { file: path.basename(largest.file), bytes: largest.bytes, coldMs: structureColdMs, warmMs: structureWarmMs },
        explorer: { ...rates(ours.seconds), peakRssMiB: ours.peakRssMiB, parts: ours.result.parts, failed: ours.result.failed.length },
        explorerWithCuts: { cuts: 'NJet >= 2 | Jet_Px > 20', ...rates(oursCut.seconds), peakRssMiB: oursCut.peakRssMiB, filled: oursCut.result.histogram.entries },
        explorerLeadingJet: { expression: 'Jet_Px[0]', ...rates(oursIndexed.seconds), peakRssMiB: oursIndexed.peakRssMiB, filled: oursIndexed.result.histogram.entries },
        explorerWeighted: { weight: 'EventWeight', ...rates(oursWeighted.seconds), peakRssMiB: oursWeighted.peakRssMiB, filled: oursWeighted.result.histogram.entries, sumOfWeights: round(oursWeighted.result.histogram.sumw.reduce((a, b) => a + b, 0), 3) },
        floorDecompressOnly: { ...rates(floor.seconds), peakRssMiB: floor.peakRssMiB },
        floorWithJsrootDecoders: { ...rates(floorJsroot.seconds), peakRssMiB: floorJsroot.peakRssMiB },
        unpackingSpeedupOverJsroot: round(floorJsroot.seconds / floor.seconds, 2),
        jsrootTreeDraw: { ...rates(draw.seconds), peakRssMiB: draw.peakRssMiB, filled: draw.result, sameCountAsExplorer: draw.result === filled },
        explorerShareOfFloor: round(floor.seconds / ours.seconds, 3),
        explorerSpeedupOverTreeDraw: round(draw.seconds / ours.seconds, 2),
        jsrootTreeDrawLeadingJet: { ...rates(drawIndexed.seconds), peakRssMiB: drawIndexed.peakRssMiB, filled: drawIndexed.result, sameCountAsExplorer: drawIndexed.result === oursIndexed.result.histogram.sumw.reduce((a, b) => a + b, 0) },
        explorerLeadingJetSpeedupOverTreeDraw: round(drawIndexed.seconds / oursIndexed.seconds, 2),
        explorerProfile: { expression: 'Jet_Py:Jet_Px (prof)', ...rates(oursProfile.seconds), peakRssMiB: oursProfile.peakRssMiB, filled: oursProfile.result.profile?.entries },
        explorer2d: { expression: 'Jet_Py:Jet_Px', ...rates(ours2d.seconds), peakRssMiB: ours2d.peakRssMiB, filled: ours2d.result.histogram2d?.entries },
        explorerProfileSpeedupOver2d: round(ours2d.seconds / oursProfile.seconds, 2),
        explorerFirstEntries: { range: `0 … ${rangeCount - 1}`, seconds: round(oursFirst.seconds, 2), entriesRead: oursFirst.result.entriesRead, parts: oursFirst.result.parts, peakRssMiB: oursFirst.peakRssMiB, shareOfWholeRead: round(oursFirst.seconds / ours.seconds, 4) },
        explorerMiddleEntries: { range: `${middle} … ${middle + rangeCount - 1}`, seconds: round(oursMiddle.seconds, 2), entriesRead: oursMiddle.result.entriesRead, parts: oursMiddle.result.parts, peakRssMiB: oursMiddle.peakRssMiB, shareOfWholeRead: round(oursMiddle.seconds / ours.seconds, 4) },
        rssBeforeMiB,
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
