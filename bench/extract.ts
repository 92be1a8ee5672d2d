// Extraction throughput: the hub's Extract (node-tar or yauzl into a staging folder, then renames)
// against GNU `tar -xf` and `tar -xzf` of the same archive, in the same run. The archive is laid out
// like a JetClass part: one split folder of ROOT-sized files. Prints JSON.
// Run: npm run bench:extract [-- --mib 512 --files 32]
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { extractArchive } from '../core/hub/extract';
import { arg } from './lspSession';

const run = promisify(execFile);

async function writeFile(file: string, bytes: number, block: Buffer): Promise<void> {
  const out = createWriteStream(file);
  for (let left = bytes; left > 0; left -= block.length) {
    if (!out.write(left >= block.length ? block : block.subarray(0, left))) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
}

async function main(): Promise<void> {
  const mib = Number(arg('mib', '512'));
  const files = Number(arg('files', '32'));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hai-bench-extract-'));
  const rate = (bytes: number, seconds: number) => Math.round((bytes / 1e6 / seconds) * 10) / 10;
  try {
    // Random bytes (incompressible, as ROOT's compressed baskets nearly are), archived by GNU tar.
    const src = path.join(dir, 'src');
    mkdirSync(path.join(src, 'train_100M'), { recursive: true });
    const block = randomBytes(4 * 1024 * 1024);
    const perFile = Math.floor((mib * 1024 * 1024) / files);
    for (let i = 0; i < files; i++) await writeFile(path.join(src, 'train_100M', `HToBB_${String(i).padStart(3, '0')}.root`), perFile, block);
    await run('tar', ['-cf', path.join(dir, 'part.tar'), '-C', src, 'train_100M']);
    await run('tar', ['-czf', path.join(dir, 'part.tar.gz'), '-C', src, 'train_100M']);
    rmSync(src, { recursive: true, force: true });

    const results: Record<string, { hai: number; gnuTar: number }[]> = { tar: [], 'tar.gz': [] };
    const sizes: Record<string, number> = {};
    const extracted = perFile * files;
    for (let i = 0; i < 3; i++) {
      for (const kind of ['tar', 'tar.gz'] as const) {
        const archive = path.join(dir, `part.${kind}`);
        sizes[kind] = statSync(archive).size;
        const gnu = path.join(dir, `gnu-${kind}`);
        mkdirSync(gnu);
        const t0 = performance.now();
        await run('tar', [kind === 'tar' ? '-xf' : '-xzf', archive, '-C', gnu]);
        const gnuSeconds = (performance.now() - t0) / 1000;
        rmSync(gnu, { recursive: true, force: true });
        // Ours extracts beside the archive: a folder of its own per run.
        const own = path.join(dir, `hai-${kind}-${i}`);
        mkdirSync(own);
        const copy = path.join(own, path.basename(archive));
        await run('cp', [archive, copy]);
        const t1 = performance.now();
        await extractArchive(copy, kind);
        const haiSeconds = (performance.now() - t1) / 1000;
        rmSync(own, { recursive: true, force: true });
        results[kind].push({ hai: rate(extracted, haiSeconds), gnuTar: rate(extracted, gnuSeconds) });
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    console.log(
      JSON.stringify(
        {
          bench: 'extract',
          machine: `${os.cpus().length} cores, ${os.cpus()[0]?.model ?? 'unknown CPU'}, node ${process.versions.node}`,
          archive: { mib, files, layout: 'train_100M/*.root', bytes: sizes },
          unit: 'MB/s of files written',
          medians: Object.fromEntries(Object.entries(results).map(([k, runs]) => [k, { hai: median(runs.map((r) => r.hai)), gnuTar: median(runs.map((r) => r.gnuTar)) }])),
          runs: results,
        },
        null,
        2,
      ),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
