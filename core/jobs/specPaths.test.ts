import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PATH_FIELDS, pathEntries, workdirOf } from './specPaths';

describe('path fields of a job spec (completion)', () => {
  let dir: string;
  const names = async (field: string, typed: string, base = dir) => (await pathEntries(PATH_FIELDS[field], typed, base)).map((e) => (e.folder ? `${e.name}/` : e.name));

  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hai-specpaths-'));
    mkdirSync(path.join(dir, 'scripts', 'slurm'), { recursive: true });
    mkdirSync(path.join(dir, 'runs'));
    mkdirSync(path.join(dir, '.git'));
    mkdirSync(path.join(dir, 'elsewhere'));
    for (const f of ['train.sh', 'train.py', 'notes.txt', 'metrics.jsonl', 'scripts/run.sh', 'scripts/slurm/big.bash', '.hidden.sh']) writeFileSync(path.join(dir, f), '');
    symlinkSync(path.join(dir, 'elsewhere'), path.join(dir, 'data'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('offers folders to go into and the files a field takes: bash scripts for script', async () => {
    assert.deepEqual(await names('script', ''), ['data/', 'elsewhere/', 'runs/', 'scripts/', 'train.sh']);
    assert.deepEqual(await names('script', 'scripts/'), ['slurm/', 'run.sh']);
    assert.deepEqual(await names('script', 'scripts/slurm/b'), ['big.bash']);
    assert.deepEqual(await names('metrics.jsonl', 'm'), ['metrics.jsonl']);
  });

  it('offers only folders for a folder field, links to folders among them', async () => {
    assert.deepEqual(await names('metrics.logdir', ''), ['data/', 'elsewhere/', 'runs/', 'scripts/']);
    assert.deepEqual(await names('workdir', 'r'), ['runs/']);
  });

  it('shows hidden entries only when the name typed begins with a dot; absolute paths as they are', async () => {
    assert.ok(!(await names('script', '')).some((n) => n.startsWith('.')));
    assert.deepEqual(await names('script', '.'), ['.git/', '.hidden.sh']);
    assert.deepEqual(await names('script', `${dir}/scripts/r`, '/nowhere'), ['run.sh']);
  });

  it('offers nothing for a folder that is not there, or a file taken for one', async () => {
    assert.deepEqual(await names('script', 'nope/'), []);
    assert.deepEqual(await names('script', 'train.sh/'), []);
  });

  it('finds the working directory from the text being typed, relative to the spec', () => {
    const spec = path.join(dir, 'job.hai-job.yaml');
    assert.equal(workdirOf('name: a\nworkdir: scripts # there\n', spec), path.join(dir, 'scripts'));
    assert.equal(workdirOf('name: a\nworkdir: "/abs/w"\n', spec), '/abs/w');
    assert.equal(workdirOf('name: a\n  workdir: nested\nworkdir:\n', spec), dir);
    assert.equal(workdirOf('name: [broken\n', spec), dir);
  });
});
