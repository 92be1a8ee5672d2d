// "HAI: New Training Job from Template…": a hub model on a hub dataset, trained as its authors'
// script does, written as a spec file beside the user's code and opened for review. Nothing runs
// until the user submits it.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { FEATURE_TYPES, HUB_DATASET_IDS, jetClassLayout, SCRIPT_URLS, specYaml, WEAVER_DATASETS, WEAVER_MODELS, type WeaverDataset, type WeaverModel, weaverSpec } from '../../core/jobs/weaverTemplates';
import { BUILT_IN_HUB } from '../../core/hub/catalog';
import { entryDirOf } from '../../core/hub/hubTargets';
import type { HubController } from '../hub/hubController';

const MODEL_NAMES: Record<WeaverModel, string> = { ParT: 'Particle Transformer (ParT)', PN: 'ParticleNet', PFN: 'Particle Flow Network (PFN)', PCNN: 'P-CNN' };

export async function templateFlow(hub: HubController, preset?: { model?: WeaverModel; dataset?: WeaverDataset }): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Open a folder first: the job spec is written into it.'));
    return;
  }
  const model = preset?.model ?? (await vscode.window.showQuickPick(WEAVER_MODELS.map((m) => ({ label: MODEL_NAMES[m], value: m })), { title: vscode.l10n.t('New training job: model') }))?.value;
  if (!model) return;
  const dataset =
    preset?.dataset ??
    (await vscode.window.showQuickPick(WEAVER_DATASETS.map((d) => ({ label: d, description: SCRIPT_URLS[d].split('/').pop(), value: d })), { title: vscode.l10n.t('New training job: dataset') }))?.value;
  if (!dataset) return;
  const features = FEATURE_TYPES[dataset];
  const featureType = features.length === 1 ? features[0] : (await vscode.window.showQuickPick(features.map((f, i) => ({ label: f, description: i === 0 ? vscode.l10n.t('as the authors’ script by default') : '', value: f })), { title: vscode.l10n.t('Input features') }))?.value;
  if (!featureType) return;
  const gpus = (await vscode.window.showQuickPick([1, 2, 4, 8].map((n) => ({ label: n === 1 ? vscode.l10n.t('1 GPU') : vscode.l10n.t('{0} GPUs', n), description: n > 1 && dataset === 'JetClass' ? vscode.l10n.t('torchrun, distributed data parallel') : '', value: n })), { title: vscode.l10n.t('GPUs') }))?.value;
  if (!gpus) return;
  // Data already downloaded from the hub is the default; else the folder the authors' scripts use.
  // The built-in entry is the authors' dataset; a lab hub's entry of the same id has its own folder.
  const entries = hub.current().datasets.filter((d) => d.id === HUB_DATASET_IDS[dataset]);
  const hubEntry = entries.find((d) => d.hub === BUILT_IN_HUB) ?? entries[0];
  const hubDir = hubEntry ? entryDirOf({ kind: 'dataset', entry: hubEntry }, hub.downloadDir()) : path.join(hub.downloadDir(), 'datasets', HUB_DATASET_IDS[dataset]);
  const defaultDir = existsSync(hubDir) ? hubDir : `./datasets/${dataset}`;
  const extracted = hubEntry?.files.some((file) => hub.extraction({ owner: { kind: 'dataset', entry: hubEntry }, file })) ?? false;
  const dataDir = await vscode.window.showInputBox({
    title: vscode.l10n.t('Dataset folder (the scripts’ DATADIR)'),
    value: defaultDir,
    prompt: !existsSync(hubDir)
      ? vscode.l10n.t('Where the extracted {0} files are.', dataset)
      : extracted
        ? vscode.l10n.t('From the hub download, where its archives were extracted.')
        : vscode.l10n.t('From the hub download; extract its archives first (Extract in the Hub view).'),
    validateInput: (v) => (/[\n\r\0]/.test(v) || v.trim() === '' ? vscode.l10n.t('One line, not empty.') : undefined),
  });
  if (!dataDir) return;
  // Extracted JetClass archives may hold the split folders with or without the Pythia level.
  const layout = dataset === 'JetClass' ? jetClassLayout(dataDir.trim(), folder.uri.fsPath) : { dataDir: dataDir.trim() };
  const spec = weaverSpec({ model, dataset, featureType, gpus, ...layout });
  let file = vscode.Uri.joinPath(folder.uri, `${spec.name}.hai-job.yaml`);
  for (let i = 2; existsSync(file.fsPath); i++) file = vscode.Uri.joinPath(folder.uri, `${spec.name}-${i}.hai-job.yaml`);
  const text = specYaml(spec, [`${MODEL_NAMES[model]} on ${dataset}, as ${SCRIPT_URLS[dataset]} trains it.`, 'Check the data folder and the resources, then submit with the CodeLens above or "HAI: Submit Training Job".']);
  await vscode.workspace.fs.writeFile(file, Buffer.from(text, 'utf8'));
  await vscode.window.showTextDocument(file);
}
