// A pool of data workers (worker_threads) that run the data explorer's jobs off the extension host's
// thread, one job per worker at a time, as many workers as cores (less one for the editor). A worker
// that dies — a reader throwing from a callback, running out of its memory limit — or that does not
// finish in time is replaced; only its job fails, with a message that says so. A job cancelled or
// past its time is answered at once and asked to stop at its next read (jobStop.ts); its worker is
// ended only if it does not stop within STOP_GRACE_MS: ending a thread while its reads are in flight
// once aborted the whole extension host.
import * as os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ExpressionField } from '../expression/syntax';
import { LocalizedError, type Message, msg } from '../../text/message';
import type { DataJob } from './dataJobs';
import type { JobReply, JobRequest, StopRequest } from './dataWorker';

export interface PoolOptions {
  /** The worker's script: dist/dataWorker.js in the extension, core/data/workers/dataWorker.ts in tests. */
  readonly script: string;
  /** Node options for the workers (tests load TypeScript with ['--require', 'tsx/cjs']). */
  readonly execArgv?: readonly string[];
  readonly size?: number;
  /** A job running longer than this fails and is stopped (its worker ended if it will not stop). */
  readonly timeoutMs?: number;
  /** Heap limit of each worker: a file that makes a reader allocate without bound fails alone. */
  readonly maxHeapMb?: number;
  /** Young-generation limit of each worker (V8's default lets every worker keep tens of MB). */
  readonly maxYoungMb?: number;
  /** How long a cancelled job may take to stop before its worker is ended (STOP_GRACE_MS); 0: ended at once. */
  readonly stopGraceMs?: number;
}

/**
 * A cancelled job stops at its next read, within milliseconds: a read brings at most a basket or a
 * column chunk, and a dataset's part is bounded (dataset.ts). Past this its worker is ended, as a
 * job past its time is; the next job waits for the free worker meanwhile.
 */
const STOP_GRACE_MS = 5_000;

/**
 * The explorer's pool, in the extension and in bench/data alike. Each worker is a V8 isolate with the
 * readers loaded. V8's default young generation let each keep 60–130 MB; with a 16 MB young
 * generation (about 6 % slower; 8 MB cost 20 %) a worker still holds about 60 MB once it has read a
 * few hundred files (bench/data --workers 8: 588 MiB; a lower old-generation limit did not change it).
 * At most 6 workers keep a dataset histogram under 500 MiB of RSS on any machine (--workers 6:
 * 478 MiB); a part's columns (dataset.ts bounds them to ~16 MB of branch data) fit the heap easily.
 */
export const EXPLORER_POOL = { maxWorkers: 6, maxHeapMb: 256, maxYoungMb: 16 } as const;

/** Workers for the explorer: the cores less one for the editor, at least 1, at most EXPLORER_POOL.maxWorkers (6). */
export function explorerPoolSize(cores = os.availableParallelism()): number {
  return Math.max(1, Math.min(EXPLORER_POOL.maxWorkers, cores - 1));
}

/** A job that failed in its worker, with the error's name (RootError, NpyError, ExpressionError…) kept. */
export class DataJobError extends LocalizedError {
  constructor(
    name: string,
    message: string | Message,
    readonly start?: number,
    readonly end?: number,
    /** For an expression error: the field it points into. */
    readonly field?: ExpressionField,
    /** The branch, column or array the file lacks, when that is the mistake. */
    readonly missing?: string,
  ) {
    super(message);
    this.name = name;
  }
}

/** What a cancelled job (or one of a closed pool) is answered with. */
const cancelled = (): DataJobError => new DataJobError('AbortError', msg('Cancelled.'));

interface Slot {
  worker: Worker;
  busy?: { id: number; resolve: (v: unknown) => void; reject: (e: Error) => void; timer?: NodeJS.Timeout; abort?: () => void };
  /** A cancelled job (its caller answered already) the worker is stopping: free once it answers. */
  stopping?: { id: number; timer: NodeJS.Timeout };
}

export class DataWorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: { request: JobRequest; resolve: (v: unknown) => void; reject: (e: Error) => void; signal?: AbortSignal; unlisten?: () => void }[] = [];
  private nextId = 1;
  private closed = false;
  private started = 0;
  private stoppedAtRead = 0;
  readonly size: number;

  constructor(private readonly options: PoolOptions) {
    this.size = Math.max(1, options.size ?? os.availableParallelism() - 1);
  }

  /** Runs a job in the next free worker. Aborting the signal answers it with an AbortError at once and stops it at its next read. */
  run<T>(job: DataJob, signal?: AbortSignal): Promise<T> {
    // Closed (the extension going away): a job is cancelled, never taken for its file's fault (chainRows.ts skips a file that failed).
    if (this.closed) return Promise.reject(cancelled());
    if (signal?.aborted) return Promise.reject(cancelled());
    return new Promise<T>((resolve, reject) => {
      const queued: (typeof this.queue)[number] = { request: { id: this.nextId++, job }, resolve: resolve as (v: unknown) => void, reject, signal };
      if (signal) {
        // Cancelled while it waits (behind a job being stopped, say): answered at once, not when a worker frees.
        const onAbort = (): void => {
          const i = this.queue.indexOf(queued);
          if (i < 0) return;
          this.queue.splice(i, 1);
          reject(cancelled());
        };
        signal.addEventListener('abort', onAbort, { once: true });
        queued.unlisten = () => signal.removeEventListener('abort', onAbort);
      }
      this.queue.push(queued);
      this.dispatch();
    });
  }

  /** Workers started so far: one per slot, and one for each worker ended (a crash, a job that would not stop). */
  get workersStarted(): number {
    return this.started;
  }

  /** Jobs asked to stop that ended at a read (their worker answered with the stop's AbortError), not run to their end. */
  get jobsStoppedAtRead(): number {
    return this.stoppedAtRead;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const q of this.queue.splice(0)) {
      q.unlisten?.();
      q.reject(cancelled());
    }
    // Ended at once (the extension or the server is going away): a busy worker's reads may be in
    // flight, the one case left where a worker is ended so (a worker that would not stop is the other).
    await Promise.all(
      this.slots.splice(0).map((s) => {
        const busy = s.busy;
        this.finish(s);
        busy?.reject(cancelled());
        if (s.stopping) clearTimeout(s.stopping.timer);
        return s.worker.terminate();
      }),
    );
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => !s.busy && !s.stopping);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const { request, resolve, reject, signal, unlisten } = this.queue.shift()!;
      unlisten?.();
      if (signal?.aborted) {
        reject(cancelled());
        continue;
      }
      const busy: NonNullable<Slot['busy']> = { id: request.id, resolve, reject };
      slot.busy = busy;
      const current = slot;
      if (this.options.timeoutMs) {
        busy.timer = setTimeout(() => this.stop(current, new DataJobError('TimeoutError', msg('Reading did not finish within {0} s and was stopped; the file may be damaged, or try fewer entries.', Math.round(this.options.timeoutMs! / 1000)))), this.options.timeoutMs);
      }
      if (signal) {
        const onAbort = (): void => this.stop(current);
        signal.addEventListener('abort', onAbort, { once: true });
        busy.abort = () => signal.removeEventListener('abort', onAbort);
      }
      slot.worker.ref();
      slot.worker.postMessage(request);
    }
  }

  private spawn(): Slot {
    const worker = new Worker(this.options.script, {
      execArgv: [...(this.options.execArgv ?? [])],
      resourceLimits: { maxOldGenerationSizeMb: this.options.maxHeapMb ?? 1024, ...(this.options.maxYoungMb ? { maxYoungGenerationSizeMb: this.options.maxYoungMb } : {}) },
    });
    // An idle worker must not keep the process alive; a busy one must (ref'd in dispatch).
    worker.unref();
    this.started++;
    const slot: Slot = { worker };
    worker.on('message', (reply: JobReply) => {
      if (slot.stopping?.id === reply.id) {
        clearTimeout(slot.stopping.timer);
        slot.stopping = undefined;
        worker.unref();
        if (!reply.ok && reply.error.name === 'AbortError') this.stoppedAtRead++;
        this.dispatch();
        return;
      }
      const busy = slot.busy;
      if (!busy || busy.id !== reply.id) return;
      this.finish(slot);
      if (reply.ok) busy.resolve(reply.result);
      else busy.reject(new DataJobError(reply.error.name, reply.error.text ?? reply.error.message, reply.error.start, reply.error.end, reply.error.field, reply.error.missing));
      this.dispatch();
    });
    worker.on('error', (err: Error) => this.fail(slot, new DataJobError('ReaderCrash', msg('The reader stopped on this file ({0}); the file may be damaged. Other files are not affected.', err.message))));
    worker.on('exit', (code) => {
      if (slot.busy) this.fail(slot, new DataJobError('ReaderCrash', msg('The reader stopped on this file (exit code {0}); the file may be damaged or too large for the worker\'s memory.', code)));
      else this.end(slot);
    });
    this.slots.push(slot);
    return slot;
  }

  /** Fails the job of a worker that died (an error thrown out of reach, its memory limit), ends it and lets the queue go on with a new one. */
  private fail(slot: Slot, error: Error): void {
    const busy = slot.busy;
    if (!busy) return;
    this.finish(slot);
    this.remove(slot);
    void slot.worker.terminate();
    busy.reject(error);
    this.dispatch();
  }

  /** Answers a cancelled job (or one past its time: `error`) at once and asks its worker to stop it; the worker is ended if it has not within the grace. */
  private stop(slot: Slot, error: Error = cancelled()): void {
    const busy = slot.busy;
    if (!busy) return;
    this.finish(slot);
    const grace = this.options.stopGraceMs ?? STOP_GRACE_MS;
    if (grace === 0) {
      this.end(slot, true);
      busy.reject(error);
      return;
    }
    // The worker is held until it answers (a job queued behind it waits on it), the timer not: it ends the
    // worker. A read that never returns (a hung network file system) is still in flight then: that worker
    // is ended with it, as before, the one way to free the slot.
    slot.worker.ref();
    const timer = setTimeout(() => this.end(slot, true), grace).unref();
    slot.stopping = { id: busy.id, timer };
    slot.worker.postMessage({ stop: busy.id } satisfies StopRequest);
    busy.reject(error);
  }

  /** A worker gone (exited, or `terminate`d: a job that would not stop), no job of a caller on it: the queue goes on with another. */
  private end(slot: Slot, terminate = false): void {
    if (slot.stopping) clearTimeout(slot.stopping.timer);
    slot.stopping = undefined;
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    this.remove(slot);
    if (terminate) void slot.worker.terminate();
    this.dispatch();
  }

  private finish(slot: Slot): void {
    slot.worker.unref();
    if (slot.busy?.timer) clearTimeout(slot.busy.timer);
    slot.busy?.abort?.();
    slot.busy = undefined;
  }

  private remove(slot: Slot): void {
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
  }
}
