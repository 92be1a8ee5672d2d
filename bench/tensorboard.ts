// Reading TensorBoard event files for the metrics view, printed as JSON:
// - firstReadMs: a run's file read whole the first time the view shows it (1M scalar events, ~49 MB:
//   what a script logging one value per batch writes in a long training), through LogdirRun
//   (search, framing with CRC checks, protobuf decoding, thinning), median of --runs, and the longest
//   time the event loop (the extension host's) was held meanwhile;
// - floors in the same run: the file read from disk alone, and read plus framing with CRC checks
//   (no decoding), so that the decoding's share is visible;
// - tickMs: one poll of the view while the run goes on (the file gained one event), median.
// The events are the fixture's per-batch ones (test/fixtures/tensorboard/batches), repeated.
// Run: npx tsx bench/tensorboard.ts [-- --runs 5 --copies 200]
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { LogdirRun } from '../core/jobs/logdir/logdirRun';
import { TfRecordReader } from '../core/jobs/logdir/tfRecord';
import { arg } from './lspSession';

const median = (xs: number[]): number => Math.round([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] * 10) / 10;

async function time(f: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await f();
  return performance.now() - t0;
}

async function main(): Promise<void> {
  const runs = Number(arg('runs', '5'));
  const copies = Number(arg('copies', '200'));
  const fixture = readFileSync(path.join(__dirname, '../test/fixtures/tensorboard/batches/events.out.tfevents.1764583200.node1.99.0'));
  const records = new TfRecordReader();
  const framed = [...records.feed(fixture)];
  // The file's first record (its version) once, then the per-batch events `copies` times.
  const head = recordBytes(fixture, 0, framed[0].length);
  const events = fixture.subarray(head.length);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hai-bench-tb-'));
  try {
    const submitted = Date.now();
    const file = path.join(dir, 'runs', 'Dec01_10-00-00_node1', `events.out.tfevents.${Math.floor(submitted / 1000) + 1}.node1.1.0`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, head);
    for (let i = 0; i < copies; i++) appendFileSync(file, events);
    // Other runs' folders beside it, as a runs/ folder has after a while.
    for (let i = 0; i < 50; i++) {
      const other = path.join(dir, 'runs', `Nov${10 + (i % 20)}_09-00-${String(i).padStart(2, '0')}_node1`);
      mkdirSync(other, { recursive: true });
      writeFileSync(path.join(other, `events.out.tfevents.${Math.floor(submitted / 1000) - 86_400 * (i + 1)}.node1.1.0`), head);
    }
    const bytes = readFileSync(file).length;
    const eventCount = (framed.length - 1) * copies;

    const readMs: number[] = [];
    const framingMs: number[] = [];
    const firstReadMs: number[] = [];
    const longestBlockMs: number[] = [];
    let points = 0;
    for (let r = 0; r < runs; r++) {
      readMs.push(await time(() => readFile(file)));
      framingMs.push(await time(async () => {
        for (const record of new TfRecordReader().feed(await readFile(file))) void record;
      }));
      const run = LogdirRun.ofJob([path.join(dir, 'runs')], { from: submitted });
      const delay = monitorEventLoopDelay({ resolution: 5 });
      delay.enable();
      firstReadMs.push(await time(() => run.update()));
      delay.disable();
      longestBlockMs.push(delay.max / 1e6);
      points = run.series().points.length;
    }

    const run = LogdirRun.ofJob([path.join(dir, 'runs')], { from: submitted });
    await run.update();
    const one = recordBytes(events, 0, framed[1].length);
    const tickMs: number[] = [];
    for (let r = 0; r < 20; r++) {
      appendFileSync(file, one);
      tickMs.push(await time(() => run.update()));
    }
    const result = {
      file: { megabytes: Math.round(bytes / 1e5) / 10, events: eventCount },
      firstReadMs: median(firstReadMs),
      eventsPerSecond: Math.round(eventCount / (median(firstReadMs) / 1000)),
      longestEventLoopBlockMs: median(longestBlockMs),
      pointsShown: points,
      floors: { readFileMs: median(readMs), readAndFrameWithCrcMs: median(framingMs) },
      tickMs: median(tickMs),
      runs,
      machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, node ${process.version}`,
    };
    console.log(JSON.stringify(result, null, 2));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The bytes of the record of `dataLength` bytes at `offset` of `file`: 12 of header, the data, 4 of footer. */
function recordBytes(file: Buffer, offset: number, dataLength: number): Buffer {
  return file.subarray(offset, offset + 12 + dataLength + 4);
}

void main();
