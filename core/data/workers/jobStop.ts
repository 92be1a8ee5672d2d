// A job the pool asks to stop (a newer draw, Cancel, a dataset's files changed) ends at its next file
// read: every reader's reads come through jsrootFile.ts, parquetFile.ts or npyFile.ts's fileSource,
// which call throwIfStopAsked. The worker then serves the next job. Ending the thread instead
// (worker.terminate) while its reads were in flight once aborted the whole extension host: Node 20
// asserted while freeing the worker (a CI run on 2026-12-07, SIGABRT in node::worker::Worker::Run's
// cleanup). A worker runs one job at a time, so one flag is enough; outside a worker it is never set.

let asked = false;

/** The running job is asked to stop (dataWorker.ts, on the pool's stop message). */
export function askStop(): void {
  asked = true;
}

/** A new job starts: nothing is asked of it yet. */
export function clearStop(): void {
  asked = false;
}

/** What a stopped job ends with: the readers pass it on as it is, not as a damaged file. */
export class JobStopped extends Error {
  constructor() {
    super('The job was stopped.');
    this.name = 'AbortError';
  }
}

/** Ends the running job with JobStopped where it was asked to stop. */
export function throwIfStopAsked(): void {
  if (asked) throw new JobStopped();
}
