// The workspace index (server/context/workspaceIndex.ts) on a large project of real Python (by default
// PyTorch's own Python package from the recipe's corpus: more than the index's bounds take): how long the
// first scan takes, how much memory the index holds, and how long one search takes, against the
// ranking a request did before it in the same run (open documents' chunks compared one by one, at
// the cap of 6,000 chunks). Searches use the code before random places of the indexed files as the
// query, as a completion there would. At the same places, the lookup of a line repeated from the project
// (server/context/repeatedLines.ts: what followed the line above in every indexed file's text, as
// WorkspaceContext.followingLines does it when a line is new), timed alike.
// Run: npm run bench:index [-- --folder DIR (default: .cache/v2/root/python3-torch/usr/lib/python3/dist-packages/torch,
//        unpacked by models/train/corpus.py)] [--queries 300] [--seed 1] [--out FILE]
import { existsSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../scripts/paths';
import { seededRandom } from '../server/completion/sampling';
import { chooseLine, type FollowingLine, followingLines, lineQuery } from '../server/context/repeatedLines';
import { type Chunk, chunksOf, queryWords, rankChunks } from '../server/context/similarChunks';
import { WorkspaceIndex } from '../server/context/workspaceIndex';
import { arg, percentile, report } from './lspSession';

const OPEN_CHUNKS_CAP = 6_000;

function heapMiB(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

async function main(): Promise<void> {
  const folder = path.resolve(arg('folder', path.join(ROOT, '.cache', 'v2', 'root', 'python3-torch', 'usr', 'lib', 'python3', 'dist-packages', 'torch')));
  if (!existsSync(folder)) throw new Error(`${folder} does not exist: give --folder, or unpack the corpus first (models/train/corpus.py --work .cache/v2)`);
  const queries = Number(arg('queries', '300'));
  const random = seededRandom(Number(arg('seed', '1')));

  const heapBefore = heapMiB();
  const index = new WorkspaceIndex();
  const started = performance.now();
  await index.setRoots([folder]);
  const scanMs = performance.now() - started;
  const heapAfter = heapMiB();

  // Queries: the 16 lines before a random line of a random indexed file.
  const files = index.indexedFiles();
  const searchMs: number[] = [];
  const baselineMs: number[] = [];
  const repeatedMs: number[] = [];
  let repeatedQueries = 0;
  let repeatedFound = 0;
  // The baseline's candidates: as many chunks of indexed files as the open-documents cap allowed.
  const open: { file: string; chunks: readonly Chunk[] }[] = [];
  let openChunks = 0;
  for (const f of files) {
    if (openChunks >= OPEN_CHUNKS_CAP) break;
    const chunks = chunksOf(readFileSync(f, 'utf8')).slice(0, OPEN_CHUNKS_CAP - openChunks);
    open.push({ file: f, chunks });
    openChunks += chunks.length;
  }
  let found = 0;
  for (let q = 0; q < queries; q++) {
    const file = files[Math.floor(random() * files.length)];
    const lines = readFileSync(file, 'utf8').split('\n');
    const at = Math.floor(random() * lines.length);
    const query = queryWords(lines.slice(Math.max(0, at - 16), at).join('\n') + '\n');
    let t = performance.now();
    const hits = index.search(query, 4, 0.1, (f) => f === file);
    searchMs.push(performance.now() - t);
    if (hits.length > 0) found++;
    t = performance.now();
    rankChunks(query, open, 4, 0.1);
    baselineMs.push(performance.now() - t);
    // The cursor after the place's indentation, nothing typed yet.
    const indent = /^[ \t]*/.exec(lines[at] ?? '')![0];
    const line = lineQuery(lines.slice(0, at).join('\n') + '\n' + indent, '\n');
    if (line) {
      repeatedQueries++;
      t = performance.now();
      const following: FollowingLine[] = [];
      for (const { text } of index.texts((f) => f === file)) following.push(...followingLines(text, line));
      if (chooseLine(following, line) !== undefined) repeatedFound++;
      repeatedMs.push(performance.now() - t);
    }
  }
  repeatedMs.sort((a, b) => a - b);
  searchMs.sort((a, b) => a - b);
  baselineMs.sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 100) / 100;
  report({
    bench: 'workspace-index',
    machine: `${os.availableParallelism()} cores, ${os.cpus()[0]?.model ?? 'unknown CPU'}, node ${process.versions.node}`,
    folder: path.relative(ROOT, folder) || folder,
    indexedFiles: index.fileCount,
    chunks: index.chunkCount,
    firstScanMs: Math.round(scanMs),
    heapMiB: round(heapAfter - heapBefore),
    heapMeasured: typeof (globalThis as { gc?: unknown }).gc === 'function' ? 'after gc' : 'without gc (run node with --expose-gc for exact figures)',
    queries,
    queriesWithChunks: found,
    searchMs: { p50: round(percentile(searchMs, 50)), p95: round(percentile(searchMs, 95)), max: round(searchMs[searchMs.length - 1]) },
    baseline: { what: `open documents' chunks ranked one by one, ${openChunks} chunks (the cap)`, p50: round(percentile(baselineMs, 50)), p95: round(percentile(baselineMs, 95)) },
    repeatedLine: {
      what: 'the lines that followed the line above in every indexed file (places whose line above can be matched)',
      indexedChars: [...index.texts(() => false)].reduce((n, f) => n + f.text.length, 0),
      queries: repeatedQueries,
      found: repeatedFound,
      ms: { p50: round(percentile(repeatedMs, 50)), p95: round(percentile(repeatedMs, 95)), max: round(repeatedMs[repeatedMs.length - 1] ?? 0) },
    },
  });
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
