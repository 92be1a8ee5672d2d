import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readHydraConfig } from './hydraConfig';

/** Writes `files` (relative path → text) under a new folder, and returns it. */
function configFolder(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hai-hydra-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** The keys read at each node, sorted, or null where a file leaves them open. */
async function keysOf(files: Record<string, string>, name = 'config'): Promise<Record<string, string[] | null> | string> {
  const dir = configFolder(files);
  try {
    const reading = await readHydraConfig(dir, name);
    if (!reading.keys) return reading.reason!;
    return Object.fromEntries([...reading.keys].map(([at, keys]) => [at, keys ? [...keys].sort() : null]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A ParticleNet training application's configs, as a physicist lays them out. */
const APP = {
  'config.yaml': `defaults:
  - model: particlenet
  - optimizer: adamw
  - override hydra/launcher: submitit_slurm
  - _self_

data:
  train_files: /data/jetclass/train_*.root
  batch_size: 512
  num_workers: 8
epochs: 20
seed: 42
hydra:
  run:
    dir: outputs/\${now:%Y-%m-%d}
`,
  'model/particlenet.yaml': `# @package _group_
name: particlenet
conv_params: [[16, [64, 64, 64]], [16, [128, 128, 128]]]
fc_params:
  dropout: 0.1
  hidden: 256
`,
  'model/part.yaml': `name: part
embed_dims: [128, 512, 128]
num_heads: 8
`,
  'optimizer/adamw.yaml': `lr: 1.0e-3
weight_decay: 0.01
`,
};

describe('Hydra configs: the keys Hydra composes from the files', () => {
  it('reads the primary config, every option of each group at its package, without defaults and hydra', async () => {
    assert.deepEqual(await keysOf(APP), {
      '': ['data', 'epochs', 'model', 'optimizer', 'seed'],
      data: ['batch_size', 'num_workers', 'train_files'],
      model: ['conv_params', 'embed_dims', 'fc_params', 'name', 'num_heads'],
      'model.fc_params': ['dropout', 'hidden'],
      optimizer: ['lr', 'weight_decay'],
    });
  });

  it('places packages from the defaults list and from directives', async () => {
    const keys = await keysOf({
      'config.yaml': 'defaults:\n  - db@db.src: mysql\n  - server/apache\n  - extra@_global_\n',
      'db/mysql.yaml': 'host: localhost\nport: 3306\n',
      'server/apache.yaml': 'defaults:\n  - db: sqlite\nname: apache\n',
      'server/db/sqlite.yaml': 'file: x.db\n',
      'extra.yaml': 'debug: false\n',
      'global/flags.yaml': '# @package _global_\nverbose: true\n',
    });
    assert.deepEqual(keys, {
      '': ['db', 'debug', 'server'],
      db: ['src'],
      'db.src': ['host', 'port'],
      server: ['db', 'name'],
      'server.db': ['file'],
    });
    const directive = await keysOf({ 'config.yaml': 'defaults:\n  - flags: on\n', 'flags/on.yaml': '# @package _global_\nverbose: true\n', 'flags/off.yaml': '# @package _global_\nverbose: false\nquiet: true\n' });
    assert.deepEqual(directive, { '': ['quiet', 'verbose'] });
  });

  it('leaves a node open where it is an interpolation, and reads merge keys', async () => {
    const keys = await keysOf({ 'config.yaml': 'base: &b\n  lr: 1\ntrain:\n  <<: *b\n  epochs: 3\nmodel: ${oc.create:{}}\n' });
    assert.deepEqual(keys, { '': ['base', 'model', 'train'], base: ['lr'], model: null, train: ['epochs', 'lr'] });
  });

  it('gives no keys where the files do not say them all', async () => {
    const cases: [string, Record<string, string>][] = [
      ['no primary config (a ConfigStore one)', {}],
      ['a group with no folder', { 'config.yaml': 'defaults:\n  - model: resnet\n' }],
      ['an option not on disk', { 'config.yaml': 'defaults:\n  - model: vit\n', 'model/resnet.yaml': 'depth: 50\n' }],
      ['a search path', { 'config.yaml': 'hydra:\n  searchpath:\n    - pkg://other.conf\n' }],
      ['not a mapping', { 'config.yaml': '- 1\n- 2\n' }],
      ['broken YAML', { 'config.yaml': 'a: [1, 2\n' }],
      ['a package that cannot be read', { 'config.yaml': 'defaults:\n  - db@${x}: mysql\n', 'db/mysql.yaml': 'a: 1\n' }],
      ['a directive that cannot be read', { 'config.yaml': 'defaults:\n  - db: mysql\n', 'db/mysql.yaml': '# @package foo-bar\na: 1\n' }],
      ['a defaults list that is not a list', { 'config.yaml': 'defaults: model\n' }],
      ['a config path going up', { 'config.yaml': 'defaults:\n  - ../other\n' }],
    ];
    for (const [what, files] of cases) assert.equal(typeof (await keysOf(files)), 'string', what);
  });

  it('lets an optional group or a null option be absent', async () => {
    assert.deepEqual(await keysOf({ 'config.yaml': 'defaults:\n  - optional local: me\n  - sweep: null\nlr: 1\n' }), { '': ['lr'] });
  });

  it('reads a config that names itself again without looping', async () => {
    assert.deepEqual(await keysOf({ 'config.yaml': 'defaults:\n  - config\na: 1\n' }), { '': ['a'] });
  });
});
