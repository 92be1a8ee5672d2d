// Job templates for the jet-tagging models of the hub, as their authors train them: the weaver
// command lines of train_JetClass.sh, train_TopLandscape.sh and train_QuarkGluon.sh in
// jet-universe/particle_transformer (commit 512fcd14; TopLandscape 149b3c58). Where a script passes
// a flag twice (PFN and P-CNN add a second --batch-size), the value weaver's argparse keeps is written once.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { stringify } from 'yaml';
import type { BackendKind, JobSpec } from './jobSpec';
import { LocalizedError, msg } from '../text/message';
import { shellJoin } from '../text/shellQuote';

export type WeaverModel = 'ParT' | 'PN' | 'PFN' | 'PCNN';
export type WeaverDataset = 'JetClass' | 'TopLandscape' | 'QuarkGluon';

export const WEAVER_MODELS: readonly WeaverModel[] = ['ParT', 'PN', 'PFN', 'PCNN'];
export const WEAVER_DATASETS: readonly WeaverDataset[] = ['JetClass', 'TopLandscape', 'QuarkGluon'];
/** The hub's ids for them. */
export const HUB_MODEL_IDS: Readonly<Record<WeaverModel, string>> = { ParT: 'particle-transformer', PN: 'particlenet', PFN: 'pfn', PCNN: 'p-cnn' };
export const HUB_DATASET_IDS: Readonly<Record<WeaverDataset, string>> = { JetClass: 'jetclass', TopLandscape: 'toplandscape', QuarkGluon: 'quarkgluon' };

export const FEATURE_TYPES: Readonly<Record<WeaverDataset, readonly string[]>> = {
  JetClass: ['full', 'kin', 'kinpid'],
  TopLandscape: ['kin'],
  QuarkGluon: ['kinpid', 'kin', 'kinpidplus'],
};

export const SCRIPT_URLS: Readonly<Record<WeaverDataset, string>> = {
  JetClass: 'https://github.com/jet-universe/particle_transformer/blob/main/train_JetClass.sh',
  TopLandscape: 'https://github.com/jet-universe/particle_transformer/blob/main/train_TopLandscape.sh',
  QuarkGluon: 'https://github.com/jet-universe/particle_transformer/blob/main/train_QuarkGluon.sh',
};

const NETWORKS: Readonly<Record<WeaverModel, string>> = {
  ParT: 'networks/example_ParticleTransformer.py',
  PN: 'networks/example_ParticleNet.py',
  PFN: 'networks/example_PFN.py',
  PCNN: 'networks/example_PCNN.py',
};

const JETCLASS_CLASSES = ['HToBB', 'HToCC', 'HToGG', 'HToWW2Q1L', 'HToWW4Q', 'TTBar', 'TTBarLep', 'WToQQ', 'ZToQQ', 'ZJetsToNuNu'];

export interface WeaverTemplateOptions {
  readonly model: WeaverModel;
  readonly dataset: WeaverDataset;
  readonly featureType?: string;
  /** The dataset folder (the scripts' DATADIR). */
  readonly dataDir: string;
  /** GPUs: 1 trains on one; more run JetClass with torchrun (DDP), as the script does with DDP_NGPUS. */
  readonly gpus?: number;
  /** The scripts' COMMENT, appended to run names. */
  readonly comment?: string;
  /**
   * JetClass only: the folder below `dataDir` that holds the split folders (train_100M, val_5M,
   * test_20M): "Pythia" in the authors' layout (the default), "" when they are in `dataDir` itself.
   */
  readonly sampleDir?: string;
}

const JETCLASS_SPLITS = ['train_100M', 'val_5M', 'test_20M'];

/**
 * Where JetClass's split folders are under a data folder, as extracted archives may lay them out:
 * `<dir>/Pythia/train_100M` (the authors' DATADIR), `<dir>/train_100M`, or `<dir>/JetClass/Pythia/…`
 * (the folder above DATADIR). Nothing found: the authors' layout, for data still to come.
 */
export function jetClassLayout(dataDir: string, base = '.'): { dataDir: string; sampleDir: string } {
  const has = (...parts: string[]) => JETCLASS_SPLITS.some((split) => existsSync(path.resolve(base, dataDir, ...parts, split)));
  const d = dataDir.replace(/\/+$/, '');
  if (has('Pythia')) return { dataDir: d, sampleDir: 'Pythia' };
  if (has()) return { dataDir: d, sampleDir: '' };
  if (has('JetClass', 'Pythia')) return { dataDir: `${d}/JetClass`, sampleDir: 'Pythia' };
  return { dataDir: d, sampleDir: 'Pythia' };
}

function options(model: WeaverModel, dataset: WeaverDataset): { network: string[]; batch: number; lr: string } {
  if (dataset === 'JetClass') {
    const batch = model === 'PFN' || model === 'PCNN' ? 4096 : 512;
    const lr = { ParT: '1e-3', PN: '1e-2', PFN: '2e-2', PCNN: '2e-2' }[model];
    return { network: model === 'ParT' ? [NETWORKS.ParT, '--use-amp'] : [NETWORKS[model]], batch, lr };
  }
  const lr = { ParT: '1e-3', PN: '1e-2', PFN: '2e-2', PCNN: '2e-2' }[model];
  const network = model === 'ParT' ? [NETWORKS.ParT, '--use-amp', '--optimizer-option', 'weight_decay', '0.01'] : [NETWORKS[model]];
  return { network, batch: model === 'PFN' || model === 'PCNN' ? 4096 : 512, lr };
}

/** weaver's arguments (after `weaver`) for a model on a dataset. */
export function weaverArgs(o: WeaverTemplateOptions): string[] {
  const feature = o.featureType ?? FEATURE_TYPES[o.dataset][0];
  if (!FEATURE_TYPES[o.dataset].includes(feature)) throw new LocalizedError(msg('{0} has no feature type "{1}" ({2})', o.dataset, feature, FEATURE_TYPES[o.dataset].join(', ')));
  const suffix = o.comment ?? '';
  const d = o.dataDir.replace(/\/+$/, '');
  const { network, batch, lr } = options(o.model, o.dataset);
  const gpus = Math.max(1, o.gpus ?? 1);
  switch (o.dataset) {
    case 'JetClass': {
      const sample = 'Pythia';
      const splits = o.sampleDir === '' ? d : `${d}/${o.sampleDir ?? sample}`;
      return [
        '--data-train', ...JETCLASS_CLASSES.map((c) => `${c}:${splits}/train_100M/${c}_*.root`),
        '--data-val', `${splits}/val_5M/*.root`,
        '--data-test', ...JETCLASS_CLASSES.map((c) => `${c}:${splits}/test_20M/${c}_*.root`),
        '--data-config', `data/JetClass/JetClass_${feature}.yaml`,
        '--network-config', ...network,
        '--model-prefix', `training/JetClass/${sample}/${feature}/${o.model}/{auto}${suffix}/net`,
        '--num-workers', '2', '--fetch-step', '0.01',
        '--batch-size', String(batch), '--start-lr', lr,
        '--samples-per-epoch', String(Math.floor((10000 * 1024) / gpus)), '--samples-per-epoch-val', String(10000 * 128),
        '--num-epochs', '50', '--gpus', '0',
        '--optimizer', 'ranger', '--log', `logs/JetClass_${sample}_${feature}_${o.model}_{auto}${suffix}.log`, '--predict-output', 'pred.root',
        '--tensorboard', `JetClass_${sample}_${feature}_${o.model}${suffix}`,
      ];
    }
    case 'TopLandscape':
      return [
        '--data-train', `${d}/train_file.parquet`, '--data-val', `${d}/val_file.parquet`, '--data-test', `${d}/test_file.parquet`,
        '--data-config', `data/TopLandscape/top_${feature}.yaml`,
        '--model-prefix', `training/TopLandscape/${o.model}/{auto}${suffix}/net`,
        '--num-workers', '1', '--fetch-step', '1', '--in-memory',
        '--batch-size', String(batch), '--samples-per-epoch', String(2400 * 512), '--samples-per-epoch-val', String(800 * 512), '--num-epochs', '20', '--gpus', '0',
        '--start-lr', lr, '--optimizer', 'ranger', '--log', `logs/TopLandscape_${o.model}_{auto}${suffix}.log`, '--predict-output', 'pred.root',
        '--tensorboard', `TopLandscape_${feature}_${o.model}${suffix}`,
        '--network-config', ...network,
      ];
    case 'QuarkGluon':
      return [
        '--data-train', `${d}/train_file_*.parquet`, '--data-test', `${d}/test_file_*.parquet`,
        '--data-config', `data/QuarkGluon/qg_${feature}.yaml`, '--network-config', ...network,
        '--model-prefix', `training/QuarkGluon/${o.model}/{auto}${suffix}/net`,
        '--num-workers', '1', '--fetch-step', '1', '--in-memory', '--train-val-split', '0.8889',
        '--batch-size', String(batch), '--samples-per-epoch', '1600000', '--samples-per-epoch-val', '200000', '--num-epochs', '20', '--gpus', '0',
        '--start-lr', lr, '--optimizer', 'ranger', '--log', `logs/QuarkGluon_${o.model}_{auto}${suffix}.log`, '--predict-output', 'pred.root',
        '--tensorboard', `QuarkGluon_${feature}_${o.model}${suffix}`,
      ];
  }
}

/** The job spec: `weaver …`, or torchrun with DDP for several GPUs on JetClass (as the script does). */
export function weaverSpec(o: WeaverTemplateOptions & { readonly backend?: BackendKind }): JobSpec {
  const feature = o.featureType ?? FEATURE_TYPES[o.dataset][0];
  const gpus = Math.max(1, o.gpus ?? 1);
  const args = weaverArgs(o);
  const ddp = o.dataset === 'JetClass' && gpus > 1;
  const command = ddp ? `torchrun --standalone --nnodes=1 --nproc_per_node=${gpus} "$(which weaver)" --backend nccl ${shellJoin(args)}` : ['weaver', ...args];
  return {
    name: `${o.model}-${o.dataset}-${feature}`.replace(/[^A-Za-z0-9._-]/g, '-'),
    description: `${o.model} on ${o.dataset} (${feature} features), as ${SCRIPT_URLS[o.dataset]} trains it. Run it from a clone of jet-universe/particle_transformer (networks/ and data/ come from there) with weaver-core installed.`,
    backend: o.backend ?? 'local',
    workdir: '.',
    command,
    resources: { gpus, cpus: 4, memory: '32G', time: '2-00:00:00' },
    metrics: { log: 'weaver' },
    hub: { model: HUB_MODEL_IDS[o.model], dataset: HUB_DATASET_IDS[o.dataset] },
    outputs: [`training/${o.dataset}/**`, 'logs/*.log'],
  };
}

/** The spec as the YAML file we write for the user. */
export function specYaml(spec: JobSpec, header: readonly string[] = []): string {
  const comments = header.map((h) => `# ${h}\n`).join('');
  return `${comments}${stringify(spec, { lineWidth: 0 })}`;
}
