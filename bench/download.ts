// Download throughput over loopback: the hub's downloader (axios stream, hashing, .part + rename)
// against a plain `curl` of the same file from the same server (its own process), in the same run.
// Prints JSON.
// Run: npm run bench:download [-- --mib 256]
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { download } from '../core/hub/download';
import { createInterface } from 'node:readline';
import { arg } from './lspSession';

async function main(): Promise<void> {
  const mib = Number(arg('mib', '256'));
  // The server runs in a process of its own, as a real one would: neither client shares its event loop.
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'fileServerProcess.ts'), String(mib)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const first = await new Promise<string>((resolve) => createInterface({ input: proc.stdout! }).once('line', resolve));
  const server = JSON.parse(first) as { base: string; sha256: string; bytes: number };
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hai-bench-dl-'));
  const rate = (bytes: number, seconds: number) => Math.round((bytes / 1e6 / seconds) * 10) / 10;
  try {
    const runs: { hai: number; curl: number }[] = [];
    for (let i = 0; i < 3; i++) {
      const curlFile = path.join(dir, `curl${i}.bin`);
      const t0 = performance.now();
      // Asynchronous: the server runs in this process and must keep answering.
      await promisify(execFile)('curl', ['-s', '-S', '-f', '-o', curlFile, `${server.base}/file.bin`]);
      const curlSeconds = (performance.now() - t0) / 1000;
      const t1 = performance.now();
      await download({ url: `${server.base}/file.bin`, dest: path.join(dir, `hai${i}.bin`), checksum: { algorithm: 'sha256', value: server.sha256 } });
      const haiSeconds = (performance.now() - t1) / 1000;
      runs.push({ hai: rate(statSync(path.join(dir, `hai${i}.bin`)).size, haiSeconds), curl: rate(statSync(curlFile).size, curlSeconds) });
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    console.log(
      JSON.stringify(
        {
          bench: 'download',
          machine: `${os.cpus().length} cores, ${os.cpus()[0]?.model ?? 'unknown CPU'}, node ${process.versions.node}`,
          fileMiB: mib,
          haiMBps: median(runs.map((r) => r.hai)),
          curlMBps: median(runs.map((r) => r.curl)),
          note: 'hai verifies sha256 while it downloads; curl only writes the bytes',
          runs,
        },
        null,
        2,
      ),
    );
  } finally {
    proc.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
