import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { JobRecord } from './jobRecord';
import { JobStore } from './jobStore';

const record = (id: string): JobRecord => ({ id, name: id, backend: 'local', backendId: '1', workdir: '/w', jobDir: '/w/j', logPath: '/w/j/output.log', weaverLog: true, submittedAt: 1, state: 'running' });

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
    assert.deepEqual(readdirSync(dir), ['jobs.json'], 'no temporary file left');
  });

  it('clears "unreachable" once the backend answers again', async () => {
    const s = new JobStore(path.join(dir, 'jobs.json'));
    await s.add(record('r'));
    await s.update('r', { unreachable: 'controller down' });
    assert.equal(s.get('r')?.unreachable, 'controller down');
    await s.update('r', { state: 'completed' });
    assert.equal(s.get('r')?.unreachable, undefined);
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
    assert.ok(existsSync(file));
  });
});
