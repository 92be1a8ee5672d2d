// A data worker: runs the jobs the pool sends (dataJobs.ts), one at a time, and posts back each
// result or error. Errors keep their name, their message to translate and, for expressions and fit
// models, the place they point at.
import { parentPort } from 'node:worker_threads';
import { ExpressionError, type ExpressionField } from '../expression/syntax';
import { FitModelError } from '../fit/fitModels';
import { type Message, messageOf } from '../../text/message';
import { type DataJob, runDataJob } from './dataJobs';

export interface JobRequest {
  readonly id: number;
  readonly job: DataJob;
}

export type JobReply =
  | { readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly id: number; readonly ok: false; readonly error: { readonly name: string; readonly message: string; readonly text?: Message; readonly start?: number; readonly end?: number; readonly field?: ExpressionField; readonly missing?: string } };

if (!parentPort) throw new Error('dataWorker.ts runs as a worker thread (see workerPool.ts)');
const port = parentPort;
port.on('message', (request: JobRequest) => {
  runDataJob(request.job).then(
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
