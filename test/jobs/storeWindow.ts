// One "VS Code window" for the job store race tests: a separate Node process with its own JobStore
// over the shared global-storage folder, as two windows have. It says "ready" once its store is
// constructed, waits for "go" on stdin so that both windows start working at the same moment, then
// adds its own jobs, updates the seeded jobs it owns and removes some of its own, interleaved.
// Two more roles work on the SAME records, as two windows polling one backend do: "finisher" marks
// seed-<i> completed and removes doomed-<i>, once each; "poller" keeps writing running/unreachable
// updates to the next records the finisher will get to, until all have ended or the test sends "stop".
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
  // One listener for the whole run, so that a "stop" sent early is not missed; the test ends stdin.
  let stopped = false;
  const lines = readline.createInterface({ input: process.stdin });
  await new Promise<void>((resolve) =>
    lines.on('line', (line) => {
      if (line === 'stop') stopped = true;
      else resolve();
    }),
  );
  const started = Date.now();
  await store.load();
  if (role === 'finisher' || role === 'poller') {
    const writes = await sharedRecords(store, role, count, () => stopped);
    process.stdout.write(`done ${started} ${Date.now()} ${writes}\n`);
    return;
  }
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

/** Returns how many updates this window wrote. */
async function sharedRecords(store: JobStore, role: 'finisher' | 'poller', count: number, stopped: () => boolean): Promise<number> {
  let writes = 0;
  if (role === 'finisher') {
    for (let i = 0; i < count; i++) {
      if (await store.update(`seed-${i}`, { state: 'completed', exitCode: 0, endedAt: 5000 + i })) writes++;
      await store.remove(`doomed-${i}`);
    }
    return writes;
  }
  // The poller chases the finisher: it keeps updating the next few records the finisher will get
  // to, each update a real read-merge-write (setting or clearing "unreachable") that races the
  // finisher's write or removal of that record, and moves on past records it finds ended and removed.
  let front = 0;
  let said = false;
  for (let round = 0; front < count && !stopped(); round++) {
    const update = round % 2 === 0 ? { state: 'running' as const, unreachable: 'slurmctld is not responding' } : { state: 'running' as const };
    for (let i = front; i < Math.min(count, front + 4); i++) {
      if (await store.update(`doomed-${i}`, update)) writes++;
      if (await store.update(`seed-${i}`, update)) writes++;
    }
    // The test starts the finisher once the poller has written: then the two race from the start.
    if (!said && writes > 0) {
      said = true;
      process.stdout.write('polling\n');
    }
    // update() leaves in the store what it read: the record as it is now, or none once removed.
    while (front < count && store.get(`seed-${front}`)?.state === 'completed' && !store.get(`doomed-${front}`)) front++;
  }
  return writes;
}

main().catch((err: unknown) => {
  process.stderr.write(`${String((err as Error).stack ?? err)}\n`);
  process.exit(1);
});
