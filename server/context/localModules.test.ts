import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveImport } from './localModules';

describe('local modules an import names', () => {
  let root: string;
  const exists = (f: string) => Promise.resolve(existsSync(f));
  before(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'hai-modules-'));
    for (const f of ['jets/__init__.py', 'jets/model.py', 'jets/train.py', 'jets/data/__init__.py', 'jets/data/loader.py', 'scripts/plot.py', 'scripts/style.py', 'src/hepkit/__init__.py', 'src/hepkit/units.py']) {
      mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
      writeFileSync(path.join(root, f), '');
    }
  });
  after(() => rmSync(root, { recursive: true, force: true }));
  const at = (f: string) => path.join(root, f);

  it('resolves relative imports against the importing file, a name that is a module to that module', async () => {
    assert.deepEqual(await resolveImport({ level: 1, module: 'model', names: ['Net'] }, at('jets/train.py'), [root], exists), [{ file: at('jets/model.py'), names: ['Net'] }]);
    assert.deepEqual(await resolveImport({ level: 1, module: '', names: ['model'] }, at('jets/train.py'), [root], exists), [{ file: at('jets/model.py'), names: [] }]);
    assert.deepEqual(await resolveImport({ level: 2, module: 'model', names: ['Net'] }, at('jets/data/loader.py'), [root], exists), [{ file: at('jets/model.py'), names: ['Net'] }]);
    assert.deepEqual(await resolveImport({ level: 1, module: 'loader', names: ['load'] }, at('jets/data/__init__.py'), [root], exists), [{ file: at('jets/data/loader.py'), names: ['load'] }]);
  });

  it('resolves absolute imports beside the script first, then at a workspace folder and its src/', async () => {
    assert.deepEqual(await resolveImport({ level: 0, module: 'style', names: [] }, at('scripts/plot.py'), [root], exists), [{ file: at('scripts/style.py'), names: [] }]);
    assert.deepEqual(await resolveImport({ level: 0, module: 'jets.data', names: ['loader', 'Thing'] }, at('scripts/plot.py'), [root], exists), [
      { file: at('jets/data/loader.py'), names: [] },
      { file: at('jets/data/__init__.py'), names: ['Thing'] },
    ]);
    assert.deepEqual(await resolveImport({ level: 0, module: 'hepkit.units', names: ['GeV'] }, at('scripts/plot.py'), [root], exists), [{ file: at('src/hepkit/units.py'), names: ['GeV'] }]);
    assert.deepEqual(await resolveImport({ level: 0, module: 'torch', names: ['nn'] }, at('scripts/plot.py'), [root], exists), [], 'an installed package is not a local module');
  });

  it('never names the importing file itself, nor a file outside the workspace and the file’s folder', async () => {
    assert.deepEqual(await resolveImport({ level: 0, module: 'train', names: [] }, at('jets/train.py'), [root], exists), []);
    // Three dots from jets/train.py climb above the workspace folder, where such a file does exist.
    const outside = path.join(path.dirname(root), `hai-outside-${process.pid}.py`);
    writeFileSync(outside, 'SECRET = 1\n');
    try {
      assert.deepEqual(await resolveImport({ level: 3, module: path.basename(outside, '.py'), names: [] }, at('jets/train.py'), [root], exists), []);
    } finally {
      rmSync(outside, { force: true });
    }
    assert.deepEqual(await resolveImport({ level: 0, module: 'style', names: [] }, at('scripts/plot.py'), [], exists), [{ file: at('scripts/style.py'), names: [] }], 'no workspace folder: the script’s own folder still counts');
  });
});
