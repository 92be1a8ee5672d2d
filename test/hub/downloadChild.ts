// A second window, as a process: downloads one URL to one destination with core/hub/download.ts and
// prints what happened (first progress, waiting for another process, the result or the error as
// JSON), for the two-process download tests.
import { download } from '../../core/hub/download';
import { DownloadError } from '../../core/hub/downloadErrors';

const [url, dest, size, md5] = process.argv.slice(2);
let told = false;
download(
  { url, dest, size: size ? Number(size) : undefined, checksum: md5 ? { algorithm: 'md5', value: md5 } : undefined },
  {
    backoffMs: 10,
    onProgress: (p) => {
      if (!told && p.received > 0) console.log(`progress ${p.received}`);
      told = true;
    },
    onWaiting: (holder) => console.log(`waiting ${holder?.pid ?? '?'}`),
  },
).then(
  (result) => console.log(`done ${JSON.stringify(result)}`),
  (err: unknown) => {
    console.log(`failed ${JSON.stringify({ kind: err instanceof DownloadError ? err.kind : 'raw', message: String((err as Error).message) })}`);
    process.exitCode = 1;
  },
);
