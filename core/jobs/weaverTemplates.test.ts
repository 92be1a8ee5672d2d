import * as assert from 'node:assert/strict';
import { parseJobSpec } from './jobSpec';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HUB_MODEL_IDS, jetClassLayout, specYaml, WEAVER_MODELS, weaverArgs, weaverSpec, type WeaverDataset, type WeaverModel } from './weaverTemplates';

/** weaver's argparse view of a command line: each flag with its values, the last one kept. */
function flags(args: readonly string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let current: string | undefined;
  for (const a of args) {
    if (a.startsWith('--')) {
      current = a;
      out.set(a, []);
    } else if (current) out.get(current)!.push(a);
  }
  return out;
}

// Expected flags, read off the authors' scripts in jet-universe/particle_transformer (train_JetClass.sh
// and train_QuarkGluon.sh at 512fcd14, train_TopLandscape.sh at 149b3c58), for DATADIR=/data.
const LR: Record<WeaverModel, string> = { ParT: '1e-3', PN: '1e-2', PFN: '2e-2', PCNN: '2e-2' };
const BATCH: Record<WeaverModel, string> = { ParT: '512', PN: '512', PFN: '4096', PCNN: '4096' };
const NET: Record<WeaverModel, string> = { ParT: 'networks/example_ParticleTransformer.py', PN: 'networks/example_ParticleNet.py', PFN: 'networks/example_PFN.py', PCNN: 'networks/example_PCNN.py' };
const CLASSES = ['HToBB', 'HToCC', 'HToGG', 'HToWW2Q1L', 'HToWW4Q', 'TTBar', 'TTBarLep', 'WToQQ', 'ZToQQ', 'ZJetsToNuNu'];

function expected(model: WeaverModel, dataset: WeaverDataset): Record<string, string[]> {
  const amp: Record<string, string[]> = model === 'ParT' ? { '--use-amp': [] } : {};
  const common = { '--batch-size': [BATCH[model]], '--start-lr': [LR[model]], '--optimizer': ['ranger'], '--gpus': ['0'], '--predict-output': ['pred.root'] };
  if (dataset === 'JetClass') {
    return {
      ...common,
      '--data-train': CLASSES.map((c) => `${c}:/data/Pythia/train_100M/${c}_*.root`),
      '--data-val': ['/data/Pythia/val_5M/*.root'],
      '--data-test': CLASSES.map((c) => `${c}:/data/Pythia/test_20M/${c}_*.root`),
      '--data-config': ['data/JetClass/JetClass_full.yaml'],
      '--network-config': [NET[model]],
      '--model-prefix': [`training/JetClass/Pythia/full/${model}/{auto}/net`],
      '--num-workers': ['2'],
      '--fetch-step': ['0.01'],
      '--samples-per-epoch': ['10240000'],
      '--samples-per-epoch-val': ['1280000'],
      '--num-epochs': ['50'],
      '--log': [`logs/JetClass_Pythia_full_${model}_{auto}.log`],
      '--tensorboard': [`JetClass_Pythia_full_${model}`],
      ...amp,
    };
  }
  const part: Record<string, string[]> = model === 'ParT' ? { '--use-amp': [], '--optimizer-option': ['weight_decay', '0.01'] } : {};
  if (dataset === 'TopLandscape') {
    return {
      ...common,
      ...part,
      '--data-train': ['/data/train_file.parquet'],
      '--data-val': ['/data/val_file.parquet'],
      '--data-test': ['/data/test_file.parquet'],
      '--data-config': ['data/TopLandscape/top_kin.yaml'],
      '--network-config': [NET[model]],
      '--model-prefix': [`training/TopLandscape/${model}/{auto}/net`],
      '--num-workers': ['1'],
      '--fetch-step': ['1'],
      '--in-memory': [],
      '--samples-per-epoch': [String(2400 * 512)],
      '--samples-per-epoch-val': [String(800 * 512)],
      '--num-epochs': ['20'],
      '--log': [`logs/TopLandscape_${model}_{auto}.log`],
      '--tensorboard': [`TopLandscape_kin_${model}`],
    };
  }
  return {
    ...common,
    ...part,
    '--data-train': ['/data/train_file_*.parquet'],
    '--data-test': ['/data/test_file_*.parquet'],
    '--data-config': ['data/QuarkGluon/qg_kinpid.yaml'],
    '--network-config': [NET[model]],
    '--model-prefix': [`training/QuarkGluon/${model}/{auto}/net`],
    '--num-workers': ['1'],
    '--fetch-step': ['1'],
    '--in-memory': [],
    '--train-val-split': ['0.8889'],
    '--samples-per-epoch': ['1600000'],
    '--samples-per-epoch-val': ['200000'],
    '--num-epochs': ['20'],
    '--log': [`logs/QuarkGluon_${model}_{auto}.log`],
    '--tensorboard': [`QuarkGluon_kinpid_${model}`],
  };
}

describe('weaver templates', () => {
  for (const dataset of ['JetClass', 'TopLandscape', 'QuarkGluon'] as const) {
    for (const model of ['ParT', 'PN', 'PFN', 'PCNN'] as const) {
      it(`${model} on ${dataset}: the authors' flags, flag by flag`, () => {
        const got = Object.fromEntries(flags(weaverArgs({ model, dataset, dataDir: '/data/' })));
        assert.deepEqual(got, expected(model, dataset));
      });
    }
  }

  it('splits the samples per epoch over GPUs and uses torchrun for DDP on JetClass', () => {
    const spec = weaverSpec({ model: 'ParT', dataset: 'JetClass', dataDir: '/data', gpus: 4 });
    assert.equal(typeof spec.command, 'string');
    assert.match(String(spec.command), /^torchrun --standalone --nnodes=1 --nproc_per_node=4 "\$\(which weaver\)" --backend nccl /);
    assert.match(String(spec.command), /--samples-per-epoch 2560000 /);
    assert.equal(spec.resources?.gpus, 4);
  });

  it('quotes a data folder with spaces in the DDP command line', () => {
    const spec = weaverSpec({ model: 'PN', dataset: 'JetClass', dataDir: "/data/my jets/it's", gpus: 2 });
    assert.ok(String(spec.command).includes(`'HToBB:/data/my jets/it'\\''s/Pythia/train_100M/HToBB_*.root'`));
  });

  it('writes a spec file that validates and reads back the same', () => {
    const spec = weaverSpec({ model: 'PFN', dataset: 'QuarkGluon', featureType: 'kinpidplus', dataDir: '/data/qg' });
    const text = specYaml(spec, ['PFN on QuarkGluon']);
    assert.match(text, /^# PFN on QuarkGluon\n/);
    const back = parseJobSpec(text);
    assert.ok(back.ok, JSON.stringify(back));
    assert.deepEqual(back.spec, spec);
    assert.ok((back.spec.command as string[]).includes('data/QuarkGluon/qg_kinpidplus.yaml'));
  });

  it('gives the same command lines as the hub catalog’s training recipes (the model cards show those)', () => {
    const catalog = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'hub', 'catalog.json'), 'utf8')) as { models: { id: string; recipe?: { args: string[] } }[] };
    for (const model of WEAVER_MODELS) {
      const recipe = catalog.models.find((m) => m.id === HUB_MODEL_IDS[model])?.recipe;
      assert.deepEqual(recipe?.args, weaverArgs({ model, dataset: 'JetClass', dataDir: '<JetClass>' }), model);
    }
  });

  it('finds where extracted JetClass archives put the split folders, and points weaver there', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'hai-jetclass-'));
    try {
      const args = (dataDir: string) => weaverArgs({ model: 'ParT', dataset: 'JetClass', ...jetClassLayout(dataDir) });
      const at = (a: string[], flag: string) => a[a.indexOf(flag) + 1];
      // Nothing there yet: the authors' layout.
      assert.deepEqual(jetClassLayout(path.join(root, 'none')), { dataDir: path.join(root, 'none'), sampleDir: 'Pythia' });
      // The split folders right in the dataset folder (no Pythia level).
      mkdirSync(path.join(root, 'flat', 'val_5M'), { recursive: true });
      assert.equal(at(args(path.join(root, 'flat')), '--data-val'), `${root}/flat/val_5M/*.root`);
      assert.equal(at(args(path.join(root, 'flat')), '--data-train'), `HToBB:${root}/flat/train_100M/HToBB_*.root`);
      // The authors' DATADIR/Pythia/…
      mkdirSync(path.join(root, 'authors', 'Pythia', 'train_100M'), { recursive: true });
      assert.equal(at(args(`${root}/authors/`), '--data-val'), `${root}/authors/Pythia/val_5M/*.root`);
      // One level above DATADIR: JetClass/Pythia/…
      mkdirSync(path.join(root, 'above', 'JetClass', 'Pythia', 'test_20M'), { recursive: true });
      assert.deepEqual(jetClassLayout(path.join(root, 'above')), { dataDir: `${root}/above/JetClass`, sampleDir: 'Pythia' });
      // Relative folders are looked up from the workspace.
      assert.deepEqual(jetClassLayout('./flat', root), { dataDir: './flat', sampleDir: '' });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('refuses a feature type the dataset does not have', () => {
    assert.throws(() => weaverArgs({ model: 'ParT', dataset: 'TopLandscape', featureType: 'kinpid', dataDir: '/d' }), /no feature type/);
  });
});
