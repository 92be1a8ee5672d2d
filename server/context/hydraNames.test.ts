import * as assert from 'node:assert/strict';
import { PythonSyntax } from '../completion/pythonSyntax';
import { nameRuleAt } from '../completion/memberNames';
import type { ConfigKeys } from './hydraConfig';
import { hydraKey, hydraMainsInText } from './hydraMain';
import { configLookup, configNamesAt } from './hydraNames';

/** A Hydra training application as the field writes them. */
const APP = `import hydra
import torch
from omegaconf import DictConfig


def build_model(cfg):
    return ParticleNet(cfg.model.fc_params.hidden, dropout=cfg.model.fc_params.dropout)


def train(cfg: DictConfig, model):
    loader = make_loader(cfg.data.train_files, batch_size=cfg.data.batch_size)
    CURSOR_TRAIN
    for epoch in range(cfg.epochs):
        pass


@hydra.main(version_base=None, config_path="conf", config_name="config")
def main(cfg: DictConfig) -> None:
    torch.manual_seed(cfg.seed)
    CURSOR_MAIN
    train(cfg, build_model(cfg))


if __name__ == "__main__":
    main()
`;

const KEYS: ConfigKeys = new Map<string, ReadonlySet<string> | null>([
  ['', new Set(['data', 'epochs', 'model', 'optimizer', 'seed'])],
  ['data', new Set(['batch_size', 'num_workers', 'train_files'])],
  ['model', new Set(['fc_params', 'name'])],
  ['model.fc_params', new Set(['dropout', 'hidden'])],
  ['optimizer', new Set(['lr', 'weight_decay'])],
  ['model_ref', null],
]);
const CONFIGS = new Map([[hydraKey({ configPath: 'conf', configName: 'config' }), KEYS]]);

describe('Hydra configs: after `cfg.`, the keys its files give', () => {
  let syntax: PythonSyntax;
  before(async () => {
    syntax = await PythonSyntax.load();
  });

  /** The keys after `chain.` where `line` replaces `marker` in `source` (the cursor at its end), DictConfig's private names left out. */
  const keysAt = (source: string, line: string, chain: string, marker = 'CURSOR_MAIN') => {
    const text = source.replace(marker, line).replace(/CURSOR_\w+/g, 'pass');
    const offset = text.indexOf(line) + line.length;
    return configNamesAt(syntax, text, offset, chain, CONFIGS)?.filter((n) => !n.startsWith('_'));
  };

  it('reads which configs a script names, from its text alone', () => {
    assert.deepEqual(hydraMainsInText(APP), [{ configPath: 'conf', configName: 'config' }]);
    assert.deepEqual(hydraMainsInText('from hydra import main\n@main(config_path="../conf", config_name="train")\ndef run(c): ...\n'), [{ configPath: '../conf', configName: 'train' }]);
    assert.deepEqual(hydraMainsInText('@main(config_path="conf", config_name="x")\ndef run(c): ...\n'), [], 'a main that is not Hydra’s');
    assert.deepEqual(hydraMainsInText('@hydra.main(config_path=CONF, config_name="x")\ndef run(c): ...\n'), [], 'a path that is not a literal');
  });

  it('gives the top-level keys in the application and in functions every call hands the config', () => {
    assert.deepEqual(keysAt(APP, 'x = cfg.', 'cfg'), ['data', 'epochs', 'model', 'optimizer', 'seed']);
    assert.deepEqual(keysAt(APP, 'x = cfg.op', 'cfg', 'CURSOR_TRAIN'), ['data', 'epochs', 'model', 'optimizer', 'seed']);
    assert.ok(keysAt(APP, 'x = cfg.', 'cfg')!.length < configNamesAt(syntax, APP.replace('CURSOR_MAIN', 'x = cfg.').replace('CURSOR_TRAIN', 'pass'), APP.indexOf('CURSOR_MAIN') + 8, 'cfg', CONFIGS)!.length, 'DictConfig’s private names are there too');
  });

  it('reads no cursor nested deeper than code is (each step up the tree walks down from its root)', () => {
    assert.equal(keysAt(APP, `x = ${'('.repeat(12_000)}cfg.`, 'cfg'), undefined);
    assert.ok(keysAt(APP, `x = ${'('.repeat(20)}cfg.`, 'cfg'), 'twenty brackets are code');
  });

  it('gives a node’s keys after its path', () => {
    assert.deepEqual(keysAt(APP, 'n = cfg.data.', 'cfg.data'), ['batch_size', 'num_workers', 'train_files']);
    assert.deepEqual(keysAt(APP, 'h = cfg.model.fc_params.', 'cfg.model.fc_params'), ['dropout', 'hidden']);
    assert.equal(keysAt(APP, 'x = cfg.seed.', 'cfg.seed'), undefined, 'a scalar has no keys');
    assert.equal(keysAt(APP, 'x = cfg.model_ref.', 'cfg.model_ref'), undefined, 'an interpolation’s keys are open');
  });

  it('gives no keys where the name may hold something else or the config may have other keys', () => {
    const cases: [string, string, string][] = [
      ['rebound in the application', APP.replace('torch.manual_seed(cfg.seed)', 'cfg = OmegaConf.to_container(cfg)'), 'cfg'],
      ['opened to new keys', APP.replace('torch.manual_seed(cfg.seed)', 'with open_dict(cfg):\n        cfg.extra = 1'), 'cfg'],
      ['struct mode turned off', APP.replace('torch.manual_seed(cfg.seed)', 'OmegaConf.set_struct(cfg, False)'), 'cfg'],
      ['merged with another config', APP.replace('torch.manual_seed(cfg.seed)', 'cfg = OmegaConf.merge(cfg, other)'), 'cfg'],
      ['a node rebound', APP.replace('torch.manual_seed(cfg.seed)', 'cfg.data = {"path": 1}'), 'cfg.data'],
      ['a config from a ConfigStore', `from hydra.core.config_store import ConfigStore\n${APP}`, 'cfg'],
      ['no decorator', APP.replace('@hydra.main(version_base=None, config_path="conf", config_name="config")\n', ''), 'cfg'],
      ['another config', APP.replace('config_name="config"', 'config_name="eval"'), 'cfg'],
      ['a node on the way rebound', APP.replace('torch.manual_seed(cfg.seed)', 'cfg.model = {"fc_params": {"width": 3}}'), 'cfg.model.fc_params'],
      ['a node rebound through an alias', APP.replace('torch.manual_seed(cfg.seed)', 'c = cfg\n    c["model"] = load_model_config()'), 'cfg.model'],
      ['struct mode turned off for a while', APP.replace('torch.manual_seed(cfg.seed)', 'with flag_override(cfg, "struct", False):\n        cfg.extra = 1'), 'cfg'],
      ['a config handed in the call', APP.replace('    main()', '    main(OmegaConf.load("conf/config.yaml"))'), 'cfg'],
      ['a decorator under Hydra’s', APP.replace('def main(cfg: DictConfig) -> None:', '@with_defaults\ndef main(cfg: DictConfig) -> None:'), 'cfg'],
      ['not the first parameter', APP.replace('def main(cfg: DictConfig) -> None:', 'def main(cfg: DictConfig, run=None) -> None:\n    print(run.seed)'), 'run'],
    ];
    for (const [what, source, chain] of cases) {
      const line = `x = ${chain}.`;
      const text = source.replace('CURSOR_MAIN', line).replace(/CURSOR_\w+/g, 'pass');
      const offset = text.indexOf(line) + line.length;
      const lookup = configLookup(text, offset, syntax, CONFIGS);
      assert.equal(lookup?.get(chain), undefined, what);
    }
  });

  it('still gives keys beside writes on other objects and decorators above Hydra’s', () => {
    const writes = APP.replace('torch.manual_seed(cfg.seed)', 'self_model = None\n    setattr(self_model, "x", 1) if False else None').replace('def build_model(cfg):', 'class Net:\n    def __init__(self, cfg):\n        self.model = cfg\n        setattr(self, "data", 1)\n\n\ndef build_model(cfg):');
    const text = writes.replace('CURSOR_MAIN', 'x = cfg.').replace(/CURSOR_\w+/g, 'pass');
    assert.equal(configLookup(text, text.indexOf('x = cfg.') + 8, syntax, CONFIGS)?.get('cfg'), undefined, 'setattr on something else than self refuses');
    const onSelf = APP.replace('def build_model(cfg):', 'class Net:\n    def __init__(self, width):\n        self.model = width\n        setattr(self, "data", 1)\n\n\ndef build_model(cfg):');
    assert.deepEqual(keysAt(onSelf, 'h = cfg.model.fc_params.', 'cfg.model.fc_params'), ['dropout', 'hidden'], '`self.model = …` and setattr on self');
    const above = APP.replace('@hydra.main(', '@record\n@hydra.main(');
    assert.deepEqual(keysAt(above, 'x = cfg.', 'cfg'), ['data', 'epochs', 'model', 'optimizer', 'seed']);
  });

  it('gives a node’s keys in a function every call of which hands it that node', () => {
    const helper = APP.replace('def build_model(cfg):\n    return ParticleNet(cfg.model.fc_params.hidden, dropout=cfg.model.fc_params.dropout)', 'def build_model(net_cfg):\n    CURSOR_NET\n    return ParticleNet(net_cfg.fc_params)').replace('train(cfg, build_model(cfg))', 'train(cfg, build_model(cfg.model))');
    assert.deepEqual(keysAt(helper, 'x = net_cfg.', 'net_cfg', 'CURSOR_NET'), ['fc_params', 'name']);
    assert.deepEqual(keysAt(helper, 'x = net_cfg.fc_params.', 'net_cfg.fc_params', 'CURSOR_NET'), ['dropout', 'hidden']);
    const twoNodes = helper.replace('torch.manual_seed(cfg.seed)', 'other = build_model(cfg.optimizer)');
    assert.equal(keysAt(twoNodes, 'x = net_cfg.', 'net_cfg', 'CURSOR_NET'), undefined, 'handed two nodes');
    const rebound = helper.replace('torch.manual_seed(cfg.seed)', 'm = cfg.model\n    m.fc_params = {"width": 1}');
    assert.equal(keysAt(rebound, 'x = net_cfg.fc_params.', 'net_cfg.fc_params', 'CURSOR_NET'), undefined, 'the node rebound through another holder');
    assert.deepEqual(keysAt(APP, 'm = cfg.model\n    x = m.fc_params.', 'm.fc_params'), ['dropout', 'hidden'], 'a node kept in a local');
    const refusing: [string, string][] = [
      ['a helper that writes the node when called with it, among other things', helper.replace('def train(', 'def tweak(m):\n    m.fc_params = {"width": 1}\n\n\ndef train(').replace('torch.manual_seed(cfg.seed)', 'tweak(cfg.model)\n    tweak(object())')],
      ['a key deleted', helper.replace('torch.manual_seed(cfg.seed)', 'del cfg.model.fc_params')],
      ['a key written through an instance', helper.replace('torch.manual_seed(cfg.seed)', 'self_like = Holder(cfg)\n    self_like.c.model.fc_params = {}')],
      ['a decorated helper', helper.replace('def build_model(net_cfg):', '@swap_args\ndef build_model(net_cfg):')],
    ];
    for (const [what, source] of refusing) assert.equal(keysAt(source, 'x = net_cfg.fc_params.', 'net_cfg.fc_params', 'CURSOR_NET'), undefined, what);
    const noGrad = helper.replace('def build_model(net_cfg):', '@torch.no_grad()\ndef build_model(net_cfg):');
    assert.deepEqual(keysAt(noGrad, 'x = net_cfg.', 'net_cfg', 'CURSOR_NET'), ['fc_params', 'name'], 'a decorator that hands the arguments on');
    const text = helper.replace('CURSOR_NET', 'x = net_cfg.').replace(/CURSOR_\w+/g, 'pass');
    assert.ok(configLookup(text, text.indexOf('x = net_cfg.') + 12, syntax, CONFIGS)?.get('net_cfg'), 'a name that reads a key of a node is asked');
  });

  it('gives no keys past a node whose keys are open, or a key named as a DictConfig method', () => {
    const open = new Map([[hydraKey({ configPath: 'conf', configName: 'config' }), new Map<string, ReadonlySet<string> | null>([
      ['', new Set(['model', 'data'])],
      ['model', null],
      ['model.fc_params', new Set(['dropout'])],
      ['data', new Set(['values', 'path'])],
      ['data.values', new Set(['a', 'b'])],
    ])]]);
    const at = (chain: string) => {
      const text = APP.replace('CURSOR_MAIN', `x = ${chain}.`).replace(/CURSOR_\w+/g, 'pass');
      return configNamesAt(syntax, text, text.indexOf(`x = ${chain}.`) + chain.length + 5, chain, open);
    };
    assert.equal(at('cfg.model.fc_params'), undefined, 'under an interpolated node');
    assert.equal(at('cfg.data.values'), undefined, '`values` is the method');
    assert.ok(at('cfg.data')?.includes('path'));
  });

  it('lists DictConfig’s methods only where the script calls them', () => {
    const all = (source: string) => {
      const text = source.replace('CURSOR_MAIN', 'x = cfg.').replace(/CURSOR_\w+/g, 'pass');
      return configNamesAt(syntax, text, text.indexOf('x = cfg.') + 8, 'cfg', CONFIGS)?.filter((n) => !n.startsWith('_'));
    };
    assert.deepEqual(all(APP), ['data', 'epochs', 'model', 'optimizer', 'seed']);
    assert.deepEqual(all(APP.replace('torch.manual_seed(cfg.seed)', 'for key, value in cfg.items():\n        print(key, value)')), ['data', 'epochs', 'items', 'model', 'optimizer', 'seed']);
  });

  it('lets no call follow a key (a value or a node), and lets one follow DictConfig\'s methods', () => {
    const source = APP.replace('torch.manual_seed(cfg.seed)', 'for key, value in cfg.items():\n        print(key, value)');
    const text = source.replace('CURSOR_MAIN', 'x = cfg.').replace(/CURSOR_\w+/g, 'pass');
    const lookup = configLookup(text, text.indexOf('x = cfg.') + 8, syntax, CONFIGS)!;
    assert.deepEqual([...(lookup.uncallable?.('cfg') ?? [])].sort(), ['data', 'epochs', 'model', 'optimizer', 'seed']);
    assert.equal(lookup.uncallable?.('nothing'), undefined);
    const rule = nameRuleAt(lookup, '    x = cfg.')!;
    assert.ok(rule.allows('epochs') && rule.allows('epochs)') && !rule.allows('epochs()') && rule.allows('items()'));
  });

  it('gives no keys in a function also called with something else', () => {
    const other = APP.replace('if __name__ == "__main__":\n    main()', 'if __name__ == "__main__":\n    train(load_yaml("x.yaml"), None)');
    assert.equal(keysAt(other, 'x = cfg.', 'cfg', 'CURSOR_TRAIN'), undefined);
    assert.deepEqual(keysAt(other, 'x = cfg.', 'cfg'), ['data', 'epochs', 'model', 'optimizer', 'seed'], 'the application itself still does');
  });

  it('asks only for names that may hold the config', () => {
    const text = APP.replace('CURSOR_MAIN', 'x = cfg.da').replace(/CURSOR_\w+/g, 'pass');
    const lookup = configLookup(text, text.indexOf('cfg.da') + 6, syntax, CONFIGS)!;
    assert.equal(lookup.get('torch'), undefined);
    assert.deepEqual(lookup.get('cfg.data')?.filter((n) => !n.startsWith('_')), ['batch_size', 'num_workers', 'train_files']);
    assert.equal(configLookup(text, 0, syntax, new Map()), undefined, 'no configs read');
  });
});
