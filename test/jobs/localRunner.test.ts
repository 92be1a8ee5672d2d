// Service tier: the local runner with real processes, where the job record cannot be trusted (a
// tampered pid) and where /proc does not exist (macOS, a shipped target). There the runner reads
// process start times with ps; on Linux ps itself needs /proc, so the runner is told to look for
// /proc in a folder that does not exist rather than /proc being taken away from the machine.
import * as assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BackendError } from '../../core/jobs/backend';
import type { JobRecord } from '../../core/jobs/jobRecord';
import { LocalRunner, processStartTime } from '../../core/jobs/localRunner';
import { until } from '../support/until';

function exists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A process the tests did not start as a job: a sentinel that a wrong signal would kill. */
function sentinel(): ChildProcess & { pid: number } {
  const child = spawn('sleep', ['120'], { detached: true, stdio: 'ignore' });
  assert.ok(child.pid);
  return child as ChildProcess & { pid: number };
}

describe('local runner: records it did not write and machines without /proc', function () {
  this.timeout(60_000);
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'hai-local-'));
  const children: ChildProcess[] = [];
  /** Process groups of jobs started here, ended after the tests whatever their outcome. */
  const groups: number[] = [];
  after(() => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    for (const g of groups) if (exists(g)) process.kill(-g, 'SIGKILL');
    rmSync(tmp, { recursive: true, force: true });
  });

  it('never signals a process the record cannot prove it started (a tampered pid): the process lives on', async () => {
    const victim = sentinel();
    children.push(victim);
    const runner = new LocalRunner({ killGraceMs: 500 });
    const tampered: JobRecord = { id: 'tampered', name: 'tampered', backend: 'local', backendId: String(victim.pid), workdir: tmp, jobDir: path.join(tmp, 'tampered'), logPath: path.join(tmp, 'tampered', 'output.log'), weaverLog: true, submittedAt: Date.now(), state: 'running' };
    const withoutStart = await runner.cancel(tampered).then(
      (u) => u,
      (e: unknown) => e,
    );
    const otherStart = await runner.cancel({ ...tampered, processStartedAt: 1_000_000_000 }).then(
      (u) => u,
      (e: unknown) => e,
    );
    assert.ok(exists(victim.pid) && victim.signalCode === null, `the process ${victim.pid} was signalled (${String(victim.signalCode)})`);
    assert.ok(withoutStart instanceof BackendError, `expected a refusal, got ${JSON.stringify(withoutStart)}`);
    assert.match(withoutStart.message, /which process/);
    // A pid now held by another process means the job's own process is gone: it is over, not cancelled.
    assert.equal((otherStart as JobRecord).state, 'failed', JSON.stringify(otherStart));
    assert.match((otherStart as JobRecord).reason ?? '', /without an exit status/);
  });

  it('shows a job that another machine sharing the home folder started as running there, not failed, and ends it by its exit status', async () => {
    const here = new LocalRunner({ hostname: 'login02', killGraceMs: 500 });
    const jobDir = path.join(tmp, 'elsewhere');
    mkdirSync(jobDir, { recursive: true });
    // A pid that no process here has: on login01 it is the job's process.
    const rec: JobRecord = { id: 'elsewhere', name: 'elsewhere', backend: 'local', backendId: String(2 ** 22 - 7), processStartedAt: Math.floor(Date.now() / 1000), host: 'login01', workdir: tmp, jobDir, logPath: path.join(jobDir, 'output.log'), weaverLog: true, submittedAt: Date.now(), state: 'running' };
    const seen = { ...rec, ...(await here.refresh([rec])).get(rec.id) };
    assert.equal(seen.state, 'running');
    assert.match(seen.reason ?? '', /runs on login01/);
    const refused = await here.cancel(rec).then(
      (u) => u,
      (e: unknown) => e,
    );
    assert.ok(refused instanceof BackendError, `expected a refusal, got ${JSON.stringify(refused)}`);
    assert.match(refused.message, /runs on login01, not on this machine \(login02\): cancel it from a VS Code window on login01/);
    // The wrapper on login01 writes the exit status into the job folder, on the shared disk.
    writeFileSync(path.join(jobDir, 'exit_code'), '4\n');
    const done = (await here.refresh([seen])).get(rec.id);
    assert.deepEqual([done?.state, done?.exitCode], ['failed', 4]);
  });

  it('reads a process start time with ps when /proc is missing, the same as /proc gives', async () => {
    const before = Date.now();
    const child = sentinel();
    children.push(child);
    const viaPs = await processStartTime(child.pid, path.join(tmp, 'no-proc'));
    const viaProc = await processStartTime(child.pid);
    assert.ok(viaPs !== undefined && Math.abs(viaPs * 1000 - before) < 3000, `start ${String(viaPs)} s is not when the process started (${before / 1000} s)`);
    assert.ok(viaProc !== undefined && Math.abs(viaProc - viaPs) <= 1, `/proc says ${String(viaProc)}, ps says ${viaPs}`);
    assert.equal(await processStartTime(2 ** 22 + 12345, path.join(tmp, 'no-proc')), undefined, 'no process, no start time');
  });

  describe('the log\'s last line says how the job ended', () => {
    const runner = new LocalRunner({ killGraceMs: 2000 });
    const TIME = String.raw`\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}`;
    const lines = (file: string): string[] => readFileSync(file, 'utf8').split('\n');

    /** Submits, waits for the end the runner reports, and returns the log's lines (the last one empty: the log ends with a newline). */
    async function ended(name: string, command: string): Promise<{ rec: JobRecord; lines: string[] }> {
      const rec = await runner.submit({ id: name, spec: { name, command }, workdir: tmp, jobDir: path.join(tmp, name) });
      groups.push(Number(rec.backendId));
      await until(async () => ((await runner.refresh([rec])).get(rec.id)?.exitCode !== undefined ? true : undefined), `job ${name} ends`);
      return { rec, lines: lines(rec.logPath) };
    }

    it('a cancelled job: cancelled by the user, when, after how long, after everything the job wrote', async () => {
      // As the demo training does: epochs, then a progress bar without its newline when the user cancels.
      const rec = await runner.submit({ id: 'cancelled', spec: { name: 'cancelled', command: 'for e in 1 2 3 4 5 6 7; do echo "epoch $e train_loss 0.5"; done; printf "epoch 8:  40%%|####      |\\r"; trap "echo got SIGTERM; exit 143" TERM; sleep 300 & wait' }, workdir: tmp, jobDir: path.join(tmp, 'cancelled') });
      groups.push(Number(rec.backendId));
      await until(async () => (readFileSync(rec.logPath, 'utf8').includes('40%') ? true : undefined), 'the job has written its epochs');
      // A job that ends at SIGTERM is over then, even where nothing reaps its program (a container
      // without an init leaves it a zombie): Cancel does not wait out its grace period before SIGKILL.
      const asked = Date.now();
      const update = await new LocalRunner({ killGraceMs: 10_000 }).cancel(rec);
      assert.ok(Date.now() - asked < 5000, `Cancel took ${Date.now() - asked} ms`);
      assert.equal(update.state, 'cancelled');
      const log = lines(rec.logPath);
      assert.equal(log.at(-1), '', 'the log ends with a newline');
      assert.match(log.at(-2) ?? '', new RegExp(String.raw`^\[HAI\] job cancelled was cancelled by the user in VS Code at ${TIME} \(after \d+ s\)$`), log.join('\n'));
      // What the job wrote as it was killed comes before the end line.
      assert.match(log.at(-3) ?? '', /got SIGTERM$/, log.join('\n'));
      assert.ok(log.includes('epoch 7 train_loss 0.5'), log.join('\n'));
      assert.equal(log.filter((l) => l.startsWith('[HAI]')).length, 2, `the start line and one end line:\n${log.join('\n')}`);
      // Seen again later (another window, a reload): still one end line.
      await runner.refresh([{ ...rec, state: 'running' }]);
      assert.deepEqual(lines(rec.logPath), log);
    });

    it('a refresh while a cancel waits for the job to stop sees it running, and the log still ends with the cancel', async () => {
      // A program that takes its time to stop (saving a checkpoint): the shell wrapper is gone at once.
      const rec = await runner.submit({ id: 'slowstop', spec: { name: 'slowstop', command: 'echo training; trap "sleep 1.5; echo checkpoint saved; exit 143" TERM; sleep 300 & wait' }, workdir: tmp, jobDir: path.join(tmp, 'slowstop') });
      groups.push(Number(rec.backendId));
      await until(async () => (readFileSync(rec.logPath, 'utf8').includes('training') ? true : undefined), 'the job runs');
      const cancelling = new LocalRunner({ killGraceMs: 10_000 }).cancel(rec);
      // Another window's (or the timer's) refresh in the middle of it.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const seen = (await runner.refresh([rec])).get(rec.id);
      assert.ok(seen === undefined || seen.state === 'running', `seen as ${JSON.stringify(seen)}`);
      assert.equal((await cancelling).state, 'cancelled');
      const log = lines(rec.logPath);
      assert.match(log.at(-2) ?? '', /^\[HAI\] job slowstop was cancelled by the user in VS Code at /, log.join('\n'));
      assert.match(log.at(-3) ?? '', /checkpoint saved$/, log.join('\n'));
      assert.equal(log.filter((l) => l.startsWith('[HAI]')).length, 2, log.join('\n'));
    });

    it('a job that ends by itself: finished, failed with its exit code, or killed by a signal', async () => {
      const ok = await ended('finishes', 'echo hello');
      assert.match(ok.lines.at(-2) ?? '', new RegExp(String.raw`^\[HAI\] job finishes finished with exit code 0 at ${TIME} \(after \d+ s\)$`), ok.lines.join('\n'));
      const failed = await ended('fails', 'echo about to fail; exit 3');
      assert.match(failed.lines.at(-2) ?? '', new RegExp(String.raw`^\[HAI\] job fails failed with exit code 3 at ${TIME} \(after \d+ s\)$`), failed.lines.join('\n'));
      // The out-of-memory killer ends the program, not HAI's wrapper.
      const killed = await ended('killed', 'printf "half a line"; kill -KILL $$');
      assert.match(killed.lines.at(-3) ?? '', /^half a line/, killed.lines.join('\n'));
      assert.match(killed.lines.at(-2) ?? '', new RegExp(String.raw`^\[HAI\] job killed was killed by signal 9 \(SIGKILL\) at ${TIME} \(after \d+ s\)$`), killed.lines.join('\n'));
    });

    it('a job whose processes were all killed (no exit status): said once, whichever windows notice it', async () => {
      const rec = await runner.submit({ id: 'vanished', spec: { name: 'vanished', command: 'echo working; sleep 300' }, workdir: tmp, jobDir: path.join(tmp, 'vanished') });
      const pgid = Number(rec.backendId);
      groups.push(pgid);
      await until(async () => (readFileSync(rec.logPath, 'utf8').includes('working') ? true : undefined), 'the job has started');
      process.kill(-pgid, 'SIGKILL');
      await until(async () => (exists(pgid) ? undefined : true), 'the group is gone');
      const [a, b] = await Promise.all([runner.refresh([rec]), new LocalRunner().refresh([rec])]);
      assert.deepEqual([a.get(rec.id)?.state, b.get(rec.id)?.state], ['failed', 'failed']);
      const log = lines(rec.logPath);
      assert.match(log.at(-2) ?? '', new RegExp(String.raw`^\[HAI\] job vanished was found ended without an exit status \(its whole process group was killed, or the machine restarted\) at ${TIME}$`), log.join('\n'));
      assert.equal(log.filter((l) => l.startsWith('[HAI] job vanished was found')).length, 1, log.join('\n'));
    });
  });

  describe('without /proc', () => {
    const runner = new LocalRunner({ procRoot: path.join(tmp, 'no-proc'), killGraceMs: 2000 });

    it('sees a running job as running, and Cancel ends its process', async () => {
      const rec = await runner.submit({ id: 'np1', spec: { name: 'np1', command: ['sleep', '300'] }, workdir: tmp, jobDir: path.join(tmp, 'np1') });
      const pid = Number(rec.backendId);
      groups.push(pid);
      assert.ok(rec.processStartedAt !== undefined && Math.abs(rec.processStartedAt * 1000 - rec.submittedAt) < 3000, `start of the job's process: ${String(rec.processStartedAt)}`);
      const update = (await runner.refresh([rec])).get(rec.id);
      assert.ok(update === undefined || update.state === 'running', `refresh says ${JSON.stringify(update)}`);
      const cancelled = await runner.cancel(rec);
      assert.equal(cancelled.state, 'cancelled');
      await until(async () => (exists(pid) ? undefined : true), `the job's process ${pid} is gone`, 10_000);
    });

    it('reports how a finished job ended, with its exit code', async () => {
      const rec = await runner.submit({ id: 'np2', spec: { name: 'np2', command: 'sleep 1; exit 5' }, workdir: tmp, jobDir: path.join(tmp, 'np2') });
      groups.push(Number(rec.backendId));
      const seen: string[] = [];
      const done = await until(async () => {
        const u = (await runner.refresh([rec])).get(rec.id);
        seen.push(u?.state ?? 'running');
        return u?.state && u.state !== 'running' ? u : undefined;
      }, 'the job ends');
      assert.deepEqual([done.state, done.exitCode], ['failed', 5]);
      assert.ok(!seen.slice(0, -1).includes('failed'), `marked failed while it ran: ${seen.join(', ')}`);
    });
  });
});
