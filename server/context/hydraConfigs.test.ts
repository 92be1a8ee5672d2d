import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HydraConfigs } from './hydraConfigs';

const SCRIPT = 'import hydra\n\n\n@hydra.main(version_base=None, config_path="conf", config_name="config")\ndef main(cfg):\n    print(cfg.lr)\n';

describe('Hydra configs per document: read again when their files change', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'hai-hydra-docs-'));
    mkdirSync(path.join(root, 'conf', 'model'), { recursive: true });
    writeFileSync(path.join(root, 'conf', 'config.yaml'), 'defaults:\n  - model: a\nlr: 1\n');
    writeFileSync(path.join(root, 'conf', 'model', 'a.yaml'), 'width: 8\n');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const keys = (configs: HydraConfigs, uri: string, at = '') => [...([...configs.of(uri).values()][0]?.get(at) ?? [])].sort();

  it('reads the configs a document names, and again after an edit, a new option or a deleted group', async () => {
    const logged: string[] = [];
    const configs = new HydraConfigs((m) => logged.push(m));
    const file = path.join(root, 'train.py');
    await configs.read('file:///train.py', file, SCRIPT, () => true);
    assert.deepEqual(keys(configs, 'file:///train.py'), ['lr', 'model']);
    assert.deepEqual(keys(configs, 'file:///train.py', 'model'), ['width']);
    writeFileSync(path.join(root, 'conf', 'model', 'b.yaml'), 'depth: 3\n');
    await configs.read('file:///train.py', file, SCRIPT, () => true);
    assert.deepEqual(keys(configs, 'file:///train.py', 'model'), ['depth', 'width']);
    rmSync(path.join(root, 'conf', 'model'), { recursive: true });
    await configs.read('file:///train.py', file, SCRIPT, () => true);
    assert.equal(configs.of('file:///train.py').size, 0, 'a group with no folder: no keys');
    assert.equal(logged.length, 1, 'said once');
    assert.match(logged[0], /config group model has no folder/);
  });

  it('names the documents a change concerns: a config file, a file created in a group, the config folder itself', async () => {
    const configs = new HydraConfigs(() => undefined);
    await configs.read('file:///train.py', path.join(root, 'train.py'), SCRIPT, () => true);
    await configs.read('file:///other.py', path.join(root, 'other.py'), 'print(1)\n', () => true);
    assert.deepEqual(configs.readersOf([path.join(root, 'conf', 'config.yaml')]), ['file:///train.py']);
    assert.deepEqual(configs.readersOf([path.join(root, 'conf', 'model', 'new.yaml')]), ['file:///train.py']);
    assert.deepEqual(configs.readersOf([path.join(root, 'conf')]), ['file:///train.py']);
    assert.deepEqual(configs.readersOf([path.join(root, 'data', 'x.yaml')]), []);
  });

  it('keeps a reading only while it is the document’s latest', async () => {
    const configs = new HydraConfigs(() => undefined);
    await configs.read('file:///train.py', path.join(root, 'train.py'), SCRIPT, () => false);
    assert.equal(configs.of('file:///train.py').size, 0);
  });
});
