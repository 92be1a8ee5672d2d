import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathEntries, pathField, pathInsert, workdirOf } from './specPaths';

describe('path fields of a job spec (completion)', () => {
  let dir: string;
  const names = async (field: string, typed: string, base = dir) => (await pathEntries(pathField(field)!, typed, base)).entries.map((e) => (e.folder ? `${e.name}/` : e.name));

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
    assert.equal(workdirOf('name: a\nworkdir:\n', spec), dir);
    assert.equal(workdirOf('name: [broken\n', spec), dir);
    // As the job reads it: a '#' inside a word is not a comment.
    assert.equal(workdirOf('workdir: run#2\nname: a\n', spec), path.join(dir, 'run#2'));
  });

  it('offers no name with a control character, and says when a huge folder was read in part', async () => {
    const big = path.join(dir, 'big');
    mkdirSync(big);
    writeFileSync(path.join(big, 'evil\nsetup: [x].sh'), '');
    for (let i = 0; i < 600; i++) writeFileSync(path.join(big, `run${i}.sh`), '');
    const all = await pathEntries(pathField('script')!, 'big/', dir);
    assert.equal(all.complete, false);
    assert.equal(all.entries.length, 500);
    assert.ok(all.entries.every((e) => !e.name.includes('\n')));
    const few = await pathEntries(pathField('script')!, 'big/run59', dir);
    assert.deepEqual([few.complete, few.entries.map((e) => e.name)], [true, ['run59.sh', 'run590.sh', 'run591.sh', 'run592.sh', 'run593.sh', 'run594.sh', 'run595.sh', 'run596.sh', 'run597.sh', 'run598.sh', 'run599.sh']]);
    assert.equal(pathField('constructor'), undefined);
  });

  it('writes a chosen name so that YAML reads it back as the same path', () => {
    const script = pathField('script')!;
    const logdir = pathField('metrics.logdir')!;
    const file = (name: string) => ({ name, folder: false });
    const folder = (name: string) => ({ name, folder: true });
    assert.deepEqual(pathInsert(file('train.sh'), script, { typed: 'scripts/t', quote: '', after: '' }), { text: 'train.sh', whole: false });
    // A folder on the way to a file goes on; a folder that is the value ends there.
    assert.deepEqual(pathInsert(folder('scripts'), script, { typed: 's', quote: '', after: '' }), { text: 'scripts/', whole: false });
    assert.deepEqual(pathInsert(folder('runs'), logdir, { typed: '', quote: '', after: '' }), { text: 'runs', whole: false });
    // Names YAML would read otherwise: the whole value quoted.
    assert.deepEqual(pathInsert(file('run #1.sh'), script, { typed: 'a/r', quote: '', after: '' }), { text: '"a/run #1.sh"', whole: true });
    assert.deepEqual(pathInsert(folder('2024'), logdir, { typed: '', quote: '', after: '' }), { text: '"2024"', whole: true });
    assert.deepEqual(pathInsert(folder('[old]'), script, { typed: '', quote: '', after: '' }), { text: '"[old]/', whole: true });
    // Inside quotes: escaped for them, closed unless closed already.
    assert.deepEqual(pathInsert(file('say "hi".sh'), script, { typed: '', quote: '"', after: '' }), { text: 'say \\"hi\\".sh"', whole: false });
    assert.deepEqual(pathInsert(file("it's.sh"), script, { typed: '', quote: "'", after: "'" }), { text: "it''s.sh", whole: false });
  });
});
