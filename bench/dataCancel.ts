// A draw cancelled by the next one (a newer draw, Cancel, a dataset's files changed), as the explorer's
// pool meets it on this machine's cores (explorerPoolSize, one worker on 2 cores): the time from the
// cancel to the next draw's histogram, with the cancelled job stopped at its next read and its worker
// kept (jobStop.ts), against the baseline of ending the worker at once and starting another (what the
// pool did before: `stopGraceMs: 0` ends it as the cancel comes). The dataWorker bundle is the
// extension's (dist/dataWorker.js). Each draw reads one of the four compressions of uproot-HZZ.root.
// Prints JSON. Run: npm run bench:cancel [-- --reps N]
import * as path from 'node:path';
import type { DataJob, HistogramResult } from '../core/data/workers/dataJobs';
import { DataWorkerPool, EXPLORER_POOL, explorerPoolSize } from '../core/data/workers/workerPool';
import { ROOT } from '../scripts/paths';
import { arg } from './lspSession';

const FILES = ['uproot-HZZ.root', 'uproot-HZZ-lz4.root', 'uproot-HZZ-zstd.root', 'uproot-HZZ-lzma.root'].map((f) => path.join(ROOT, 'test', 'fixtures', 'data', 'root', f));
const draw = (file: string): DataJob => ({ op: 'histogram', file, tree: 'events', expression: 'Jet_Px', entryCut: 'NJet >= 2', elementCut: 'Jet_Px > 20', axis: { bins: 100, low: -100, high: 100 } });
const percentile = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const round = (x: number): number => Math.round(x * 10) / 10;

async function measure(stopGraceMs: number | undefined, reps: number): Promise<Record<string, number>> {
  const pool = new DataWorkerPool({ script: path.join(ROOT, 'dist', 'dataWorker.js'), size: explorerPoolSize(), maxHeapMb: EXPLORER_POOL.maxHeapMb, maxYoungMb: EXPLORER_POOL.maxYoungMb, ...(stopGraceMs === undefined ? {} : { stopGraceMs }) });
  try {
    // Warm: the first draw of a page starts the workers.
    await Promise.all(FILES.map((f) => pool.run(draw(f))));
    const ms: number[] = [];
    for (let i = 0; i < reps; i++) {
      const controller = new AbortController();
      const cancelled = FILES.map((f) => pool.run(draw(f), controller.signal).catch(() => undefined));
      // The draw is under way (its jobs sent) when the next one comes.
      await new Promise((resolve) => setTimeout(resolve, 2));
      const started = performance.now();
      controller.abort();
      const next = await Promise.all(FILES.map((f) => pool.run<HistogramResult>(draw(f))));
      ms.push(performance.now() - started);
      await Promise.all(cancelled);
      if (next.some((h) => h.entriesRead !== 2421)) throw new Error('a draw after the cancel read the wrong entries');
    }
    return { p50Ms: round(percentile(ms, 50)), p95Ms: round(percentile(ms, 95)), workersStarted: pool.workersStarted };
  } finally {
    await pool.close();
  }
}

async function main(): Promise<void> {
  const reps = Number(arg('reps', '40'));
  // The baseline first, then the pool as it is: each on a fresh pool.
  const ended = await measure(0, reps);
  const stopped = await measure(undefined, reps);
  console.log(JSON.stringify({ workers: explorerPoolSize(), reps, files: FILES.length, nextDrawAfterCancel: { workerEnded: ended, jobStopped: stopped } }, null, 2));
}

void main();
