// A data worker: runs the jobs the pool sends (dataJobs.ts), one at a time, and posts back each
// result or error. Errors keep their name, their message to translate and, for expressions and fit
// models, the place they point at. A job the pool no longer wants is asked to stop (jobStop.ts): it
// ends at its next file read and is answered like any other, so that the pool knows the worker is free.
import { parentPort } from 'node:worker_threads';
import { ExpressionError, type ExpressionField } from '../expression/syntax';
import { FitModelError } from '../fit/fitModels';
import { type Message, messageOf } from '../../text/message';
import { type DataJob, runDataJob } from './dataJobs';
import { askStop, clearStop } from './jobStop';

export interface JobRequest {
  readonly id: number;
  readonly job: DataJob;
}

/** The pool no longer wants the answer to job `stop`: it ends at its next read. */
export interface StopRequest {
  readonly stop: number;
}

export type JobReply =
  | { readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly id: number; readonly ok: false; readonly error: { readonly name: string; readonly message: string; readonly text?: Message; readonly start?: number; readonly end?: number; readonly field?: ExpressionField; readonly missing?: string } };

if (!parentPort) throw new Error('dataWorker.ts runs as a worker thread (see workerPool.ts)');
const port = parentPort;
/** The job running now; the pool sends the next only once this one is answered. */
let running: number | undefined;
port.on('message', (request: JobRequest | StopRequest) => {
  if ('stop' in request) {
    // A stop that crossed the answer on its way is for a job already done: the next one must not end.
    if (request.stop === running) askStop();
    return;
  }
  running = request.id;
  clearStop();
  runDataJob(request.job).finally(() => {
    running = undefined;
  }).then(
    (result) => port.postMessage({ id: request.id, ok: true, result } satisfies JobReply),
    (err: unknown) => {
      const e = err instanceof Error ? err : new Error(String(err));
      const place = e instanceof ExpressionError ? { start: e.start, end: e.end, field: e.field } : e instanceof FitModelError ? { start: e.start, end: e.end } : {};
      const text = messageOf(e);
      const missing = (e as { missing?: unknown }).missing;
      port.postMessage({ id: request.id, ok: false, error: { name: e.name, message: e.message, ...(typeof text === 'string' ? {} : { text }), ...place, ...(typeof missing === 'string' ? { missing } : {}) } } satisfies JobReply);
    },
  );
});
