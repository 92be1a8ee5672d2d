// The data benchmark's baselines, as a worker of a DataWorkerPool (same request/reply messages as
// core/data/workers/dataWorker.ts), so that they run on as many threads as the explorer's histogram:
//   floor       — read and unpack the baskets of the given branches, nothing else, as the explorer
//                 does (openJsrootFile: our positioned reads, the blocks checked and the zlib and lzma
//                 ones unpacked ahead, core/data/root/unpackedBlocks.ts; jsroot's R__unzip for the rest);
//   floorJsroot — the same with jsroot's own reads and decoders (its openFile and R__unzip alone): what
//                 the explorer's unpacking is measured against;
//   treeDraw    — jsroot's own TTree::Draw of an expression into a fixed binning, over jsroot's own
//                 reads and decoders (no cut: jsroot's cuts have the bugs issue 16 lists), the peer the
//                 explorer is compared with.
import { parentPort } from 'node:worker_threads';
import { boundedZstd } from '../core/data/root/compressedKey';
import { openJsrootFile } from '../core/data/root/rootFile';

interface JsBranch {
  fName: string;
  fWriteBasket: number;
  fBasketSeek: number[];
  fBasketBytes: number[];
  fBranches?: { arr: JsBranch[] };
}
type Job = { op: 'floor' | 'floorJsroot'; file: string; tree: string; branches: string[] } | { op: 'treeDraw'; file: string; tree: string; expr: string };

/** A file opened by jsroot alone: its own reads, and its own zstd decoder rather than ours. */
async function openPlain(file: string): Promise<Awaited<ReturnType<typeof openJsrootFile>>['opened']> {
  const [{ openFile }, { internals }] = await Promise.all([import('jsroot/io'), import('jsroot/core')]);
  if (internals._ZstdStream === boundedZstd) delete internals._ZstdStream;
  return openFile(file);
}

async function floor(job: Extract<Job, { op: 'floor' | 'floorJsroot' }>): Promise<{ compressed: number; uncompressed: number; baskets: number }> {
  const { R__unzip } = await import('jsroot/io');
  const opened = job.op === 'floorJsroot' ? await openPlain(job.file) : (await openJsrootFile(job.file)).opened;
  const file = opened as unknown as { readObject(n: string): Promise<{ fBranches: { arr: JsBranch[] } }>; readBuffer(place: number[]): Promise<DataView>; delete(): void };
  try {
    const tree = await file.readObject(job.tree);
    let compressed = 0;
    let uncompressed = 0;
    let baskets = 0;
    for (const name of job.branches) {
      const b = tree.fBranches.arr.find((x) => x.fName === name);
      if (!b) throw new Error(`no branch ${name} in ${job.file}`);
      for (let i = 0; i < b.fWriteBasket; i++) {
        const blob = await file.readBuffer([b.fBasketSeek[i], b.fBasketBytes[i]]);
        // The basket's key: fNbytes (int32), version (int16), fObjlen (int32), datime (uint32), fKeylen (int16) at 14.
        const objlen = blob.getInt32(6);
        const keylen = blob.getInt16(14);
        const stored = b.fBasketBytes[i] - keylen;
        if (stored !== objlen) {
          const out = await R__unzip(blob, objlen, false, keylen);
          if (!out || out.byteLength !== objlen) throw new Error(`basket ${i} of ${name} did not inflate`);
        }
        compressed += b.fBasketBytes[i];
        uncompressed += objlen;
        baskets++;
      }
    }
    return { compressed, uncompressed, baskets };
  } finally {
    file.delete();
  }
}

async function treeDraw(job: Extract<Job, { op: 'treeDraw' }>): Promise<{ filled: number }> {
  const { treeDraw: draw } = await import('jsroot/tree');
  const opened = await openPlain(job.file);
  try {
    const h = await draw(await opened.readObject(job.tree), { expr: job.expr });
    // jsroot leaves fEntries at 0 (a bug issue 16 names): the bins, under- and overflow included, are summed.
    let filled = 0;
    for (let i = 0; i < h.fArray.length; i++) filled += h.fArray[i];
    return { filled };
  } finally {
    opened.delete();
  }
}

const port = parentPort!;
port.on('message', (request: { id: number; job: Job }) => {
  const work = request.job.op === 'treeDraw' ? treeDraw(request.job) : floor(request.job);
  work.then(
    (result) => port.postMessage({ id: request.id, ok: true, result }),
    (err: unknown) => port.postMessage({ id: request.id, ok: false, error: { name: err instanceof Error ? err.name : 'Error', message: err instanceof Error ? err.message : String(err) } }),
  );
});
