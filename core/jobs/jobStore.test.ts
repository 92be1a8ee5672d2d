import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { JobRecord } from './jobRecord';
import { JobStore } from './jobStore';

// A running local job as the runner records it: its process group and that process's start time.
const record = (id: string): JobRecord => ({ id, name: id, backend: 'local', backendId: '4242', processStartedAt: 1_700_000_000, workdir: '/w', jobDir: '/w/j', logPath: '/w/j/output.log', weaverLog: true, submittedAt: 1, state: 'running' });

describe('job store', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hai-store-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps records across instances and applies updates', async () => {
    const file = path.join(dir, 'jobs.json');
    const a = new JobStore(file);
    await a.load();
    await a.add(record('one'));
    await a.add(record('two'));
    assert.ok(await a.update('one', { state: 'completed', exitCode: 0 }));
    assert.equal(await a.update('one', { state: 'completed', exitCode: 0 }), undefined, 'no change, no write');
    const b = new JobStore(file);
    await b.load();
    assert.deepEqual(b.all().map((j) => [j.id, j.state]), [['two', 'running'], ['one', 'completed']]);
    assert.deepEqual(readdirSync(path.join(dir, 'jobs')).sort(), ['one.json', 'two.json'], 'one file per job, no temporary file left');
  });

  it('clears "unreachable" once the backend answers again', async () => {
    const s = new JobStore(path.join(dir, 'jobs.json'));
    await s.add(record('r'));
    await s.update('r', { unreachable: 'controller down' });
    assert.equal(s.get('r')?.unreachable, 'controller down');
    await s.update('r', { state: 'completed' });
    assert.equal(s.get('r')?.unreachable, undefined);
  });

  it('writes an "ended" job as format 3, which versions that know only 2 leave alone, and reads it back as final', async () => {
    const file = path.join(dir, 'jobs.json');
    const a = new JobStore(file);
    await a.add(record('gone'));
    assert.ok(await a.update('gone', { state: 'ended', reason: 'Slurm no longer knows this job' }));
    assert.equal(JSON.parse(readFileSync(path.join(dir, 'jobs', 'gone.json'), 'utf8')).version, 3);
    assert.equal(await a.update('gone', { state: 'running' }), undefined, 'an ended job keeps its end');
    const b = new JobStore(file);
    await b.load();
    assert.deepEqual(b.all().map((j) => [j.id, j.state]), [['gone', 'ended']]);
    assert.deepEqual(b.problems, []);
  });

  it('keeps an unreadable file aside instead of overwriting it', async () => {
    const file = path.join(dir, 'jobs.json');
    writeFileSync(file, '{"version": 1, "jobs": [ truncated');
    const s = new JobStore(file);
    await s.load();
    assert.match(s.problem ?? '', /could not be read/);
    const aside = readdirSync(dir).find((f) => f.startsWith('jobs.json.unreadable-'));
    assert.ok(aside);
    assert.equal(readFileSync(path.join(dir, aside), 'utf8'), '{"version": 1, "jobs": [ truncated');
    await s.add(record('new'));
    const again = new JobStore(file);
    await again.load();
    assert.deepEqual(again.all().map((j) => j.id), ['new']);
  });

  it('puts aside tampered records of an old jobs.json (local pid 1, a Slurm id that is an option) and never lists them', async () => {
    const file = path.join(dir, 'jobs.json');
    const evilLocal = { ...record('evil-local'), backendId: '1' };
    const evilSlurm = { ...record('evil-slurm'), backend: 'slurm-cli', backendId: '--user=x' };
    const noStart = { ...record('no-start'), processStartedAt: undefined };
    const text = JSON.stringify({ version: 1, jobs: [evilLocal, evilSlurm, noStart, record('good')] });
    writeFileSync(file, text);
    const s = new JobStore(file);
    await s.load();
    assert.deepEqual(s.all().map((j) => j.id), ['good']);
    assert.equal(s.get('evil-local'), undefined);
    assert.equal(s.get('evil-slurm'), undefined);
    assert.match(s.problem ?? '', /evil-local.*pid/s);
    assert.match(s.problem ?? '', /evil-slurm.*--user=x/s);
    assert.match(s.problem ?? '', /no-start/);
    // Nothing is lost: the old file is kept whole under another name, and the problem names it.
    const kept = readdirSync(dir).find((f) => f.startsWith('jobs.json.migrated-'));
    assert.ok(kept, readdirSync(dir).join(', '));
    assert.equal(readFileSync(path.join(dir, kept), 'utf8'), text);
    assert.ok((s.problem ?? '').includes(kept));
  });

  it('puts aside a tampered or unreadable record file and keeps the others', async () => {
    const file = path.join(dir, 'jobs.json');
    const s = new JobStore(file);
    await s.add(record('good'));
    const jobs = path.join(dir, 'jobs');
    writeFileSync(path.join(jobs, 'evil.json'), JSON.stringify({ version: 2, job: { ...record('evil'), backend: 'slurm-rest', backendId: '12; rm -rf ~' } }));
    writeFileSync(path.join(jobs, 'broken.json'), '{"version": 2, "job": {');
    const t = new JobStore(file);
    await t.load();
    assert.deepEqual(t.all().map((j) => j.id), ['good']);
    assert.match(t.problem ?? '', /evil/);
    assert.match(t.problem ?? '', /broken/);
    const left = readdirSync(jobs).sort();
    assert.ok(left.some((f) => f.startsWith('evil.json.unreadable-')), left.join(', '));
    assert.ok(left.some((f) => f.startsWith('broken.json.unreadable-')), left.join(', '));
    assert.ok(!left.includes('evil.json') && !left.includes('broken.json'), 'not read (or reported) again');
  });

  it('sees jobs another store added or removed after a reload, and an update re-reads the record first', async () => {
    const file = path.join(dir, 'jobs.json');
    const a = new JobStore(file);
    const b = new JobStore(file);
    await a.load();
    await b.load();
    await a.add(record('from-a'));
    await b.add(record('from-b'));
    await b.update('from-a', { state: 'completed', exitCode: 0 });
    assert.ok(await a.load(), 'the reload reports a change');
    assert.deepEqual(a.all().map((j) => [j.id, j.state]).sort(), [['from-a', 'completed'], ['from-b', 'running']]);
    await a.remove('from-b');
    assert.equal(await b.update('from-b', { state: 'failed' }), undefined, 'a removed job is not brought back');
    await b.load();
    assert.deepEqual(b.all().map((j) => j.id), ['from-a']);
  });

  it('tells a watching window when another one adds or removes a job', async () => {
    const file = path.join(dir, 'jobs.json');
    const watching = new JobStore(file);
    await watching.load();
    let notify: () => void = () => undefined;
    const watch = watching.watch(() => notify(), 50);
    try {
      const other = new JobStore(file);
      const added = new Promise<void>((resolve) => (notify = resolve));
      await other.add(record('elsewhere'));
      await added;
      assert.deepEqual(watching.all().map((j) => j.id), ['elsewhere']);
      const removed = new Promise<void>((resolve) => (notify = resolve));
      await other.remove('elsewhere');
      await removed;
      assert.deepEqual(watching.all(), []);
    } finally {
      watch.dispose();
    }
  });

  it('updates and removes a record whose lock a killed window left behind', async () => {
    const s = new JobStore(path.join(dir, 'jobs.json'));
    await s.add(record('left'));
    await s.add(record('gone'));
    // A window that died holding the locks: a process of this host that has exited.
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    const jobs = path.join(dir, 'jobs');
    for (const id of ['left', 'gone']) {
      writeFileSync(path.join(jobs, `${id}.json.lock`), JSON.stringify({ pid: dead, hostname: os.hostname(), nonce: `dead-${id}`, acquiredAt: new Date(0).toISOString() }));
    }
    assert.equal((await s.update('left', { state: 'completed', exitCode: 0 }))?.state, 'completed');
    await s.remove('gone');
    const t = new JobStore(path.join(dir, 'jobs.json'));
    await t.load();
    assert.deepEqual(t.all().map((j) => [j.id, j.state]), [['left', 'completed']]);
    assert.deepEqual(readdirSync(jobs), ['left.json'], 'the stale locks were taken over and released');
    assert.ok(!existsSync(path.join(jobs, 'gone.json')));
  });

  it('refuses a job id that is not a plain file name', async () => {
    const s = new JobStore(path.join(dir, 'jobs.json'));
    await assert.rejects(s.add(record('../escape')), /job id/);
    assert.deepEqual(readdirSync(dir), []);
  });
});
