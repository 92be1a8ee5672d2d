// Writes one HTTP response body to a download's .part file (download.ts does the rest): counts,
// reports progress on a timer rather than per chunk, detects stalls, and cuts off a body that would
// take the file past its known size before the excess reaches the disk.
import { createWriteStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { LocalizedError, msg } from '../text/message';

/**
 * Appends the body to the part file, counting. Resolves with the size of the part file when the body
 * ends or fails (then with the error): no byte for stallMs is a failure too, and a body that
 * would take the file past `limit` is cut off before the excess is written (`overflow`).
 */
export function receive(
  body: Readable,
  part: string,
  offset: number,
  limit: number | undefined,
  stallMs: number,
  progress: (received: number) => void,
): Promise<{ received: number; error?: Error; overflow?: boolean }> {
  return new Promise((resolve) => {
    const out = createWriteStream(part, { flags: offset > 0 ? 'a' : 'w', highWaterMark: 1024 * 1024 });
    let received = offset;
    let settled = false;
    // One timer checks for a stall and reports progress, instead of work per chunk (thousands a second).
    let lastData = Date.now();
    let reported = received;
    const tick = setInterval(() => {
      if (received !== reported) {
        reported = received;
        progress(received);
      }
      if (Date.now() - lastData > stallMs) body.destroy(new LocalizedError(msg('no data for {0} ms', stallMs)));
    }, Math.min(100, stallMs / 4));
    const finish = (err?: Error, overflow?: boolean) => {
      if (settled) return;
      settled = true;
      clearInterval(tick);
      body.destroy();
      if (received !== reported) progress(received);
      // Whatever reached the disk counts; the next attempt continues after it.
      out.end(() => resolve({ received, error: err, overflow }));
    };
    body.on('data', (chunk: Buffer) => {
      if (settled) return;
      lastData = Date.now();
      if (limit !== undefined && received + chunk.length > limit) return finish(undefined, true);
      received += chunk.length;
      if (!out.write(chunk)) {
        body.pause();
        out.once('drain', () => body.resume());
      }
    });
    body.on('end', () => finish());
    body.on('error', (err) => finish(err));
    body.on('aborted', () => finish(new LocalizedError(msg('the connection was dropped'))));
    out.on('error', (err) => finish(err));
  });
}
