import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { specForResubmit } from './resubmitSpec';

describe('the spec a resubmitted job runs', () => {
  let dir: string;
  let file: string;
  const read = (f: string): string | undefined => {
    try {
      return readFileSync(f, 'utf8');
    } catch {
      return undefined;
    }
  };
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hai-resubmit-'));
    file = path.join(dir, 'train.hai-job.yaml');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('takes the spec file as it is now', () => {
    writeFileSync(file, 'name: now\ncommand: [python3, train.py]\n');
    const r = specForResubmit({ specPath: file, spec: { name: 'then', command: ['true'] } }, read);
    assert.ok(r.ok && r.from === 'file');
    assert.equal(r.spec.name, 'now');
  });

  it('shows the problems of a spec file that changed into an invalid one instead of using the stored spec', () => {
    writeFileSync(file, 'name: now\ncommand: [python3, train.py]\nresources: { gpus: -1 }\n');
    const r = specForResubmit({ specPath: file, spec: { name: 'then', command: ['true'] } }, read);
    assert.ok(!r.ok && r.from === 'file', JSON.stringify(r));
    assert.equal(r.problems[0].line, 2);
  });

  it('checks the stored spec again when the file is gone: a tampered record is refused with its problems', () => {
    const good = specForResubmit({ specPath: file, spec: { name: 'then', command: ['true'] } }, read);
    assert.ok(good.ok && good.from === 'record' && good.spec.name === 'then');
    for (const spec of [{ name: 'x$(id)', command: ['true'] }, { name: 'x', command: 'a\nb' }, { name: 'x', command: ['true'], slurm: { partition: '--uid=0' } }, 'name: x', null]) {
      const r = specForResubmit({ specPath: file, spec }, read);
      assert.ok(!r.ok && r.from === 'record' && r.problems.length > 0, JSON.stringify(spec));
    }
    assert.deepEqual(specForResubmit({ specPath: file }, read), { ok: false, from: 'none', problems: [] });
  });
});
