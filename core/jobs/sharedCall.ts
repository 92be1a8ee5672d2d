// Reading a growing file is not reentrant: two reads at once from one position would each take the
// same new bytes. A follower's update is therefore shared by every caller while it runs.

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
