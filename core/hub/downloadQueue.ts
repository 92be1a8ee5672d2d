// Downloads run a few at a time (hai.hub.maxConcurrentDownloads), one per destination.
import { download, type DownloadOptions, type DownloadRequest, type DownloadResult } from './download';

const noop = () => undefined;
const sameFile = (a: DownloadRequest, b: DownloadRequest) => a.url === b.url && a.size === b.size && JSON.stringify(a.checksum) === JSON.stringify(b.checksum);

/**
 * Runs downloads with at most `limit` at once; the same destination is never downloaded twice at a
 * time. A request for the same file (URL and checksum) shares the running download; one for another
 * file at that path waits for it and then runs on its own, so that it never gets the other's file.
 */
export class DownloadQueue {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly active = new Map<string, { readonly request: DownloadRequest; readonly job: Promise<DownloadResult> }>();

  constructor(private readonly limit: number) {}

  run(request: DownloadRequest, options: DownloadOptions = {}): Promise<DownloadResult> {
    const same = this.active.get(request.dest);
    if (same && sameFile(same.request, request)) return same.job;
    const job = (same ? same.job.then(noop, noop) : Promise.resolve()).then(() => this.slot()).then(async () => {
      try {
        return await download(request, options);
      } finally {
        this.running--;
        if (this.active.get(request.dest)?.job === job) this.active.delete(request.dest);
        this.waiting.shift()?.();
      }
    });
    this.active.set(request.dest, { request, job });
    return job;
  }

  private slot(): Promise<void> {
    if (this.running < this.limit) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise((resolve) =>
      this.waiting.push(() => {
        this.running++;
        resolve();
      }),
    );
  }
}
