import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readHydraConfig, stillCurrent } from './hydraConfig';

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
async function keysOf(files: Record<string, string>, name = 'config', under = '', links: Record<string, string> = {}): Promise<Record<string, string[] | null> | string> {
  const dir = configFolder(files);
  for (const [link, target] of Object.entries(links)) symlinkSync(target, path.join(dir, link));
  try {
    const reading = await readHydraConfig(path.join(dir, under), name);
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
    const directive = await keysOf({ 'config.yaml': 'defaults:\n  - flags: loud\n', 'flags/loud.yaml': '# @package _global_\nverbose: true\n', 'flags/quiet.yaml': '\n# @package _global_\nverbose: false\nquiet: true\n' });
    assert.deepEqual(directive, { '': ['quiet', 'verbose'] });
  });

  it('reads a header as Hydra does: only `# @key value` lines before anything else', async () => {
    const group = (header: string) => keysOf({ 'config.yaml': 'defaults:\n  - model: pn\n', 'model/pn.yaml': `${header}\nk: 1\n` });
    assert.deepEqual(await group('# ParticleNet\n# @package _global_'), { '': ['model'], model: ['k'] }, 'a comment before it ends the header');
    assert.deepEqual(await group('# @package: _global_'), { '': ['model'], model: ['k'] }, '`@package:` is another key');
    assert.deepEqual(await group('# @package _global_'), { '': ['k'] });
    assert.equal(typeof (await group('# @package _global_ extra')), 'string', 'a header line Hydra refuses');
  });

  it('places a `_group_` package of a nested list from the top, and drops `hydra` wherever it lands at the top', async () => {
    const keys = await keysOf({
      'config.yaml': 'defaults:\n  - server: apache\n  - tune: null\n',
      'server/apache.yaml': 'defaults:\n  - db@_group_.x: mysql\nname: apache\n',
      'server/db/mysql.yaml': 'host: h\n',
      'tune/optuna.yaml': '# @package _global_\ndefaults:\n  - override /hydra/sweeper: optuna\n  - override /server: apache\nhydra:\n  sweeper:\n    n_trials: 20\nlr: 0.1\n',
    });
    assert.deepEqual(keys, { '': ['lr', 'server'], server: ['db', 'name'], 'server.db': ['x'], 'server.db.x': ['host'] });
  });

  it('reads the layout of lightning-hydra-template: experiments at the top that override groups', async () => {
    const keys = await keysOf({
      'train.yaml': 'defaults:\n  - _self_\n  - model: mnist\n  - optional local: default.yaml\n  - experiment: null\n  - debug: null\ntask_name: train\n',
      'model/mnist.yaml': 'lr: 0.001\nnet:\n  hidden: 64\n',
      'experiment/example.yaml': '# @package _global_\ndefaults:\n  - override /model: mnist.yaml\nseed: 12345\nmodel:\n  net:\n    dropout: 0.1\n',
      'debug/default.yaml': '# @package _global_\ndefaults:\n  - override /hydra/hydra_logging: colorlog\nextras:\n  print_config: true\n',
    }, 'train');
    assert.deepEqual(keys, { '': ['extras', 'model', 'seed', 'task_name'], extras: ['print_config'], model: ['lr', 'net'], 'model.net': ['dropout', 'hidden'] });
  });

  it('counts option files that are links, and an option written with its extension', async () => {
    const keys = await keysOf({ 'config.yaml': 'defaults:\n  - model: a.yaml\n', 'model/a.yaml': 'x: 1\n', 'shared/b.yaml': 'y: 2\nn: 3\n' }, 'config', '', { 'model/b.yaml': '../shared/b.yaml' });
    assert.deepEqual(keys, { '': ['model'], model: ['n', 'x', 'y'] });
  });

  it('sees a config file saved, created or deleted since a reading', async () => {
    const dir = configFolder({ 'config.yaml': 'defaults:\n  - model: a\n', 'model/a.yaml': 'x: 1\n' });
    try {
      const reading = await readHydraConfig(dir, 'config');
      assert.equal(await stillCurrent(reading.stamps), true);
      writeFileSync(path.join(dir, 'model', 'b.yaml'), 'y: 1\n');
      assert.equal(await stillCurrent(reading.stamps), false, 'an option created');
      const again = await readHydraConfig(dir, 'config');
      writeFileSync(path.join(dir, 'model', 'a.yaml'), 'x: 1\nz: 2\n');
      assert.equal(await stillCurrent(again.stamps), false, 'an option saved');
      const third = await readHydraConfig(dir, 'config');
      rmSync(path.join(dir, 'model'), { recursive: true });
      assert.equal(await stillCurrent(third.stamps), false, 'the group deleted');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
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
      ['an override of a group nothing lists', { 'config.yaml': 'defaults:\n  - override model: b\n', 'model/b.yaml': 'a: 1\n' }],
      ['a group listed under a config moved to the top', { 'config.yaml': 'defaults:\n  - exp: a\n', 'exp/a.yaml': '# @package _global_\ndefaults:\n  - model: b\n', 'exp/model/b.yaml': 'a: 1\n' }],
      ['a YAML alias that holds itself', { 'config.yaml': 'a: &x\n  b: *x\n' }],
      ['a primary config in a subfolder', { 'exp/config.yaml': 'a: 1\n' }],
    ];
    for (const [what, files] of cases) assert.equal(typeof (await keysOf(files, what === 'a primary config in a subfolder' ? 'exp/config' : 'config')), 'string', what);
    const up = { 'conf/config.yaml': 'defaults:\n  - ../other\n', 'other.yaml': 'a: 1\n' };
    assert.equal(typeof (await keysOf(up, 'config', 'conf')), 'string', 'a config path going up, to a file that is there');
    assert.equal(typeof (await keysOf({ 'conf/config.yaml': 'defaults:\n  - ../other: x\n', 'other/x.yaml': 'a: 1\n' }, 'config', 'conf')), 'string', 'a group going up');
  });

  it('lets an optional group or option, or a null option, be absent', async () => {
    assert.deepEqual(await keysOf({ 'config.yaml': 'defaults:\n  - optional local: me\n  - sweep: null\nlr: 1\n' }), { '': ['lr'] });
    assert.deepEqual(await keysOf({ 'config.yaml': 'defaults:\n  - optional local: me\n', 'local/other.yaml': 'a: 1\n' }), { '': ['local'], local: ['a'] });
  });

  it('reads a config that names itself again without looping', async () => {
    assert.deepEqual(await keysOf({ 'config.yaml': 'defaults:\n  - config\na: 1\n' }), { '': ['a'] });
  });
});
