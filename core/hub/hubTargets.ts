// The files of the hub as things to download, find and unpack: which entry a file belongs to, where
// it goes on this machine, which checksum verifies it, which entries a filter shows, and the paper
// figures a training job from a template is compared with. Pure functions over the catalog, so that
// the extension's controller is only glue (progress, notifications, tree refresh).
import { createHash } from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';
import { BUILT_IN_HUB, type Catalog, type FromHub, type HubDataset, type HubFile, type HubModel } from './catalog';
import { type ArchiveKind, archiveKindOf } from './extract';

export type HubOwner = { readonly kind: 'model'; readonly entry: FromHub<HubModel> } | { readonly kind: 'dataset'; readonly entry: FromHub<HubDataset> };

/** A file of the catalog with the entry it belongs to. */
export interface HubTarget {
  readonly owner: HubOwner;
  readonly file: HubFile;
}

export const modelTargets = (model: FromHub<HubModel>): HubTarget[] => (model.weights ?? []).map((file) => ({ owner: { kind: 'model', entry: model }, file }));

export const datasetTargets = (dataset: FromHub<HubDataset>): HubTarget[] => dataset.files.map((file) => ({ owner: { kind: 'dataset', entry: dataset }, file }));

/** Every file of the catalog: the weights of each model, then the files of each dataset. */
export const catalogTargets = (catalog: Catalog): HubTarget[] => [...catalog.models.flatMap(modelTargets), ...catalog.datasets.flatMap(datasetTargets)];

/** The filter as typed (words, any case) in the form `matchesFilter` takes. */
export const normalizeFilter = (text: string): string => text.trim().toLowerCase();

/** Whether every word of the (normalized) filter appears in the entry's id, name, description, task or format. */
export function matchesFilter(entry: HubModel | HubDataset, filter: string): boolean {
  if (!filter) return true;
  const hay = [entry.id, entry.name, entry.description, 'task' in entry ? entry.task : entry.format].join(' ').toLowerCase();
  return filter.split(/\s+/).every((word) => hay.includes(word));
}

/** `hai.hub.downloadDir` as a folder: empty means `~/.hai` (the HAI platform's), `~/` is the home folder. */
export function resolveDownloadDir(setting: string, home = os.homedir()): string {
  const dir = setting.trim();
  if (!dir) return path.join(home, '.hai');
  return dir.startsWith('~/') ? path.join(home, dir.slice(2)) : dir;
}

/**
 * The folder name of a hub in download paths: its name when that is already a plain lower-case
 * name, else a plain form of it with a short hash of the exact name, so that "Lab A", "lab-a" and
 * "LAB A" (same folder on a case-insensitive disk) stay apart.
 */
export function hubFolderName(hub: string): string {
  const plain = hub.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}_-]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 40);
  return plain === hub ? plain : `${plain || 'hub'}-${createHash('sha256').update(hub).digest('hex').slice(0, 8)}`;
}

/**
 * The folder of an entry's downloads under `weights/` or `datasets/`: its id, as the HAI platform
 * lays them out; when another hub has an entry of the same id, `<id>@<hub>`. Those are other files
 * under the same name (another lab's weights), and a file under the bare id cannot say which hub it
 * came from (.part.json, which names the URL, is deleted once the file is complete), so the other
 * hubs do not claim it: one download too many rather than training with another lab's weights. The
 * built-in catalog keeps the bare id, so that what it downloaded before (JetClass, a hundred GB
 * extracted) stays found when a lab's catalog adds an entry of the same id.
 */
export function entryFolderOf(entry: FromHub<HubModel | HubDataset>): string {
  return entry.alsoIn?.length && entry.hub !== BUILT_IN_HUB ? `${entry.id}@${hubFolderName(entry.hub)}` : entry.id;
}

/**
 * Where a file goes when downloaded: `<dir>/weights/<model>/<file>` (the HAI platform's layout) or
 * `<dir>/datasets/<dataset>/<file>`, inside the file's folder when it has one (`weights/<model>/onnx/…`);
 * `<model>` is `entryFolderOf`.
 */
export function destinationOf(target: HubTarget, downloadDir: string): string {
  return path.join(entryDirOf(target.owner, downloadDir), ...(target.file.folder ? [target.file.folder] : []), target.file.name);
}

/** The folder of an entry's downloads: `<dir>/weights/<model>` or `<dir>/datasets/<dataset>`. */
export function entryDirOf(owner: HubOwner, downloadDir: string): string {
  return path.join(downloadDir, owner.kind === 'model' ? 'weights' : 'datasets', entryFolderOf(owner.entry));
}

/** The model folder of a code model's downloads (`<dir>/weights/<model>`): what hai.completion.modelPath names. */
export function completionModelDir(model: FromHub<HubModel>, downloadDir: string): string {
  return entryDirOf({ kind: 'model', entry: model }, downloadDir);
}

/** How a dataset file is packed, if it is an archive: by its name, else as the dataset says. */
export function archiveKindOfTarget(target: HubTarget): ArchiveKind | undefined {
  if (target.owner.kind !== 'dataset') return undefined;
  return archiveKindOf(target.file.name) ?? target.owner.entry.archive;
}

/** The checksum a download is verified with: sha256 when the catalog gives it, else md5, else none. */
export function checksumOf(file: HubFile): { readonly algorithm: 'sha256' | 'md5'; readonly value: string } | undefined {
  if (file.sha256) return { algorithm: 'sha256', value: file.sha256 };
  if (file.md5) return { algorithm: 'md5', value: file.md5 };
  return undefined;
}

/** A reference line for the metrics view: a published figure of the model a job trains. */
export interface HubReference {
  readonly metric: string;
  readonly value: number;
  readonly label: string;
}

/** The published accuracies of `job.model` on `job.dataset`, each labelled with the model, its feature set and the source. */
export function hubReferences(models: readonly HubModel[], job: { readonly model: string; readonly dataset: string } | undefined): HubReference[] {
  if (!job) return [];
  const model = models.find((m) => m.id === job.model);
  if (!model) return [];
  return (model.results ?? [])
    .filter((r) => r.dataset === job.dataset && r.metric.toLowerCase() === 'accuracy')
    .map((r) => ({ metric: 'accuracy', value: r.value, label: `${model.name}${r.featureSet ? ` (${r.featureSet})` : ''}, ${r.source}` }));
}
