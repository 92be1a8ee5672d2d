// Reading a growing file is not reentrant: two reads at once from one position would each take the
// same new bytes. A follower's update is therefore shared by every caller while it runs.
// A load that reads its inputs as it starts (the hub's catalog, from the settings) is not shared but
// followed: a call while it runs wants what the inputs say now, so one more run comes after it.

/** `fn`, such that calls made while one is under way get that one's promise instead of starting another. */
export function sharedWhileRunning<T>(fn: () => Promise<T>): () => Promise<T> {
  let running: Promise<T> | undefined;
  return () => {
    running ??= fn().finally(() => {
      running = undefined;
    });
    return running;
  };
}

/**
 * `fn`, such that a call made while one is under way is answered by one more run after it (calls
 * made meanwhile share that run), never by the run that began before the call, nor by a second run
 * at once. A run that fails does not stop the one after it.
 */
export function rerunAfterRunning(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  let next: Promise<void> | undefined;
  const start = (): Promise<void> => {
    running = fn().finally(() => {
      running = undefined;
    });
    return running;
  };
  return () => {
    // A run queued already is the answer, even once the one before has just ended and not yet started it.
    if (next) return next;
    if (!running) return start();
    next = running
      .catch(() => undefined)
      .then(() => {
        next = undefined;
        return start();
      });
    return next;
  };
}
