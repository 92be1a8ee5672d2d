// A job the pool asks to stop (a newer draw, Cancel, a dataset's files changed, its time up) ends at
// its next file read: the ROOT, parquet, NumPy (npy, npz, inflated npz members) and checkpoint readers'
// reads call throwIfStopAsked (jsrootFile.ts, parquetFile.ts, npyFile.ts's fileSource, npzFile.ts),
// and a reader that labels what failed says JobStopped rather than "damaged" while a stop is asked.
// HDF5 has no check: h5wasm reads synchronously (nothing in flight to end), and an error thrown
// through its WebAssembly frames could leave the module every HDF5 job of the worker shares broken;
// an HDF5 job runs to its end, or its worker is ended after the grace. The worker then serves the next job. Ending the thread instead
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

/** Whether the running job was asked to stop: a failure then is the stop's, not the file's. */
export function stopAsked(): boolean {
  return asked;
}

/** Ends the running job with JobStopped where it was asked to stop. */
export function throwIfStopAsked(): void {
  if (asked) throw new JobStopped();
}
