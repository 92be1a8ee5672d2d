// One "VS Code window" for the job store race tests: a separate Node process with its own JobStore
// over the shared global-storage folder, as two windows have. It says "ready" once its store is
// constructed, waits for "go" on stdin so that both windows start working at the same moment, then
// adds its own jobs, updates the seeded jobs it owns and removes some of its own, interleaved.
// Usage: node --import tsx storeWindow.ts <jobs.json> <role> <count> <seeds>
import * as readline from 'node:readline';
import type { JobRecord } from '../../core/jobs/jobRecord';
import { JobStore } from '../../core/jobs/jobStore';

const [file, role, countText, seedsText] = process.argv.slice(2);
const count = Number(countText);
const seeds = Number(seedsText);

/** A finished local job: its pid is never acted on, so any valid-looking number will do. */
function record(id: string, submittedAt: number): JobRecord {
  return { id, name: id, backend: 'local', backendId: '4242', workdir: '/w', jobDir: `/w/.hai/jobs/${id}`, logPath: `/w/.hai/jobs/${id}/output.log`, weaverLog: true, submittedAt, state: 'completed', exitCode: 0 };
}

async function main(): Promise<void> {
  const store = new JobStore(file);
  process.stdout.write('ready\n');
  const lines = readline.createInterface({ input: process.stdin });
  await new Promise<void>((resolve) => lines.once('line', () => resolve()));
  lines.close();
  const started = Date.now();
  await store.load();
  const parity = role === 'A' ? 0 : 1;
  for (let i = 0; i < count; i++) {
    await store.add(record(`${role}-${i}`, 1000 + i));
    const seed = 2 * i + parity;
    if (seed < seeds) await store.update(`seed-${seed}`, { state: 'failed', exitCode: 10 + parity, reason: `updated by ${role}` });
    if (i % 5 === 4) await store.remove(`${role}-${i - 2}`);
  }
  // The test checks that the two windows' work overlapped in time.
  process.stdout.write(`done ${started} ${Date.now()}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${String((err as Error).stack ?? err)}\n`);
  process.exit(1);
});
