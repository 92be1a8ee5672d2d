// The hub's state in the extension: the merged catalog (built-in + hai.hub.sources), the text
// filter, where files go and whether they are there (downloaded, extracted), and the downloads (with
// progress, cancel and a concurrency limit); extracting archives is in archiveFlows.ts. The tree
// view and the model card read from here.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { type Catalog, findLocalWeight, type FromHub, type HubDataset, type HubFile, type HubModel, mergeCatalogs, parseCatalog } from '../../core/hub/catalog';
import { loadSources } from '../../core/hub/catalogSources';
import { type DownloadError, DownloadQueue, type DownloadResult } from '../../core/hub/download';
import { type ArchiveKind, archiveKindOf, type Extraction, extractionOf } from '../../core/hub/extract';
import { extractWithProgress } from './archiveFlows';
import { formatBytes } from '../../core/text/formatting';
import { readSetting } from '../settings';
import { withStepProgress } from '../stepProgress';

export type HubOwner = { readonly kind: 'model'; readonly entry: FromHub<HubModel> } | { readonly kind: 'dataset'; readonly entry: FromHub<HubDataset> };

/** A file of the catalog with the entry it belongs to. */
export interface HubTarget {
  readonly owner: HubOwner;
  readonly file: HubFile;
}

export class HubController implements vscode.Disposable {
  private catalog: Catalog = { models: [], datasets: [], problems: [] };
  private loading: Promise<void> | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  filter = '';
  private queue: { limit: number; queue: DownloadQueue } | undefined;
  /** Extractions recorded beside downloaded archives, by archive path (read at load and after each change). */
  private extractions = new Map<string, Extraction>();

  constructor(
    private readonly builtInCatalog: string,
    private readonly output: vscode.LogOutputChannel,
  ) {}

  current(): Catalog {
    return this.catalog;
  }

  /** Loads (again) the built-in catalog and every hub in hai.hub.sources. */
  reload(): Promise<void> {
    this.loading ??= (async () => {
      try {
        const builtIn = parseCatalog(await readFile(this.builtInCatalog, 'utf8'), 'HAI built-in');
        const extra = await loadSources(readSetting('hai.hub.sources'), { proxy: proxySetting(), baseDir: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath });
        this.catalog = mergeCatalogs([builtIn, ...extra]);
        for (const p of this.catalog.problems) this.output.warn(`Hub ${p.hub}${p.entry ? `, entry ${p.entry}` : ''}: ${p.message}`);
        this.output.info(`Hub catalog: ${this.catalog.models.length} models, ${this.catalog.datasets.length} datasets, ${this.catalog.problems.length} problems`);
        await this.readExtractions();
      } finally {
        this.loading = undefined;
        this.changed.fire();
      }
    })();
    return this.loading;
  }

  setFilter(text: string): void {
    this.filter = text.trim().toLowerCase();
    this.changed.fire();
  }

  matches(entry: HubModel | HubDataset): boolean {
    if (!this.filter) return true;
    const hay = [entry.id, entry.name, entry.description, 'task' in entry ? entry.task : entry.format].join(' ').toLowerCase();
    return this.filter.split(/\s+/).every((word) => hay.includes(word));
  }

  downloadDir(): string {
    const setting = readSetting('hai.hub.downloadDir').trim();
    if (!setting) return path.join(os.homedir(), '.hai');
    return setting.startsWith('~/') ? path.join(os.homedir(), setting.slice(2)) : setting;
  }

  /** Where a file goes when downloaded (weights: <dir>/weights/<model>/, the HAI platform's layout). */
  destination(target: HubTarget): string {
    const kind = target.owner.kind === 'model' ? 'weights' : 'datasets';
    return path.join(this.downloadDir(), kind, target.owner.entry.id, target.file.name);
  }

  /** The file on this machine, if it is there (weights also in ~/.hai/weights and hai.hub.weightsFolders). */
  localPath(target: HubTarget): string | undefined {
    const dest = this.destination(target);
    if (existsSync(dest)) return dest;
    if (target.owner.kind === 'model') return findLocalWeight(target.owner.entry.id, target.file.name, readSetting('hai.hub.weightsFolders'));
    return undefined;
  }

  /** How a downloaded dataset file is packed, if it is an archive. */
  archiveKind(target: HubTarget): ArchiveKind | undefined {
    if (target.owner.kind !== 'dataset') return undefined;
    return archiveKindOf(target.file.name) ?? target.owner.entry.archive;
  }

  /** What HAI's Extract recorded for this archive: extracted as it is now, or extracted and then removed. */
  extraction(target: HubTarget): Extraction | undefined {
    return this.archiveKind(target) ? this.extractions.get(this.destination(target)) : undefined;
  }

  /** Where the file's content is on this machine: the file, or for a removed archive its folder. */
  available(target: HubTarget): string | undefined {
    return this.localPath(target) ?? (this.extraction(target)?.archiveRemovedAt ? path.dirname(this.destination(target)) : undefined);
  }

  private async readExtractions(): Promise<void> {
    const archives = this.catalog.datasets
      .flatMap((dataset) => dataset.files.map((file): HubTarget => ({ owner: { kind: 'dataset', entry: dataset }, file })))
      .filter((t) => this.archiveKind(t))
      .map((t) => this.destination(t));
    const found = await Promise.all(archives.map(async (dest) => [dest, await extractionOf(dest)] as const));
    this.extractions = new Map(found.filter((e): e is readonly [string, Extraction] => e[1] !== undefined));
  }

  /** Reads again what is recorded for this archive (after an extraction or a removal) and refreshes the views. */
  async noteExtraction(archive: string): Promise<void> {
    const extraction = await extractionOf(archive);
    if (extraction) this.extractions.set(archive, extraction);
    else this.extractions.delete(archive);
    this.changed.fire();
  }

  /** Downloads the files one after another in a notification with bytes, speed and Cancel. */
  async download(targets: readonly HubTarget[]): Promise<void> {
    // A dataset-wide download skips archives deleted after extraction (their files are here); asked
    // for on its own, such an archive is downloaded again.
    const todo = targets.filter((t) => !this.localPath(t) && (targets.length === 1 || !this.available(t)));
    if (todo.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Already downloaded.'));
      return;
    }
    const title = todo.length === 1 ? todo[0].file.name : `${todo[0].owner.entry.name} (${todo.length})`;
    const done: { target: HubTarget; result: DownloadResult }[] = [];
    await withStepProgress(vscode.l10n.t('Downloading {0}', title), todo, async (target, report, signal) => {
      try {
        const checksum = target.file.sha256 ? { algorithm: 'sha256' as const, value: target.file.sha256 } : target.file.md5 ? { algorithm: 'md5' as const, value: target.file.md5 } : undefined;
        const result = await this.downloads().run(
          { url: target.file.url, dest: this.destination(target), size: target.file.size, checksum },
          {
            signal,
            proxy: proxySetting(),
            onProgress: (p) =>
              report(p.total ? p.received / p.total : 0, [
                p.total ? vscode.l10n.t('{0} of {1}', formatBytes(p.received), formatBytes(p.total)) : formatBytes(p.received),
                `${formatBytes(p.bytesPerSecond)}/s`,
              ]),
          },
        );
        this.output.info(
          `Downloaded ${target.file.url} to ${result.path}: ${result.bytes} bytes in ${result.seconds.toFixed(1)} s, ${result.attempts} attempt(s), resumed from ${result.resumedFrom}, ${result.verified ? 'checksum verified' : 'no checksum in the catalog'}`,
        );
        done.push({ target, result });
        if (this.archiveKind(target)) await this.noteExtraction(result.path); // a new archive: not extracted yet
        return 'next';
      } catch (err) {
        const e = err as DownloadError;
        this.output.error(`Download of ${target.file.url} failed: ${e.message} ${e.hint ?? ''}`);
        if (e.kind === 'cancelled') {
          void vscode.window.showInformationMessage(vscode.l10n.t('Download of {0} cancelled; download it again to continue where it stopped.', target.file.name));
          return 'stop';
        }
        // Retry takes up this file and the ones after it (those already here are skipped).
        const retry = vscode.l10n.t('Retry');
        void vscode.window.showErrorMessage(vscode.l10n.t('Download of {0} failed: {1} {2}', target.file.name, e.message, e.hint ?? ''), retry).then((c) => {
          if (c === retry) void this.download(targets);
        });
        return 'stop';
      } finally {
        this.changed.fire();
      }
    });
    // After the progress notification has gone, so that the notice does not move under the pointer.
    this.notifyDownloaded(done);
  }

  /** One notice for what was downloaded (a whole dataset: one notice, not one per file), with Extract and Reveal. */
  private notifyDownloaded(done: readonly { target: HubTarget; result: DownloadResult }[]): void {
    if (done.length === 0) return;
    const archives = done.filter((d) => this.archiveKind(d.target)).map((d) => d.target);
    const unverified = done.filter((d) => !d.result.verified).length;
    const first = done[0];
    let text: string;
    if (done.length === 1) {
      text = first.result.verified
        ? vscode.l10n.t('Downloaded {0}; checksum verified.', first.target.file.name)
        : vscode.l10n.t('Downloaded {0}; the catalog gives no checksum to verify it.', first.target.file.name);
    } else {
      const size = formatBytes(done.reduce((sum, d) => sum + d.result.bytes, 0));
      text =
        unverified === 0
          ? vscode.l10n.t('Downloaded {0} files of {1} ({2}); checksums verified.', done.length, first.target.owner.entry.name, size)
          : vscode.l10n.t('Downloaded {0} files of {1} ({2}); {3} had no checksum in the catalog to verify.', done.length, first.target.owner.entry.name, size, unverified);
    }
    const reveal = vscode.l10n.t('Reveal');
    const extract = archives.length > 1 ? vscode.l10n.t('Extract All') : vscode.l10n.t('Extract');
    void vscode.window.showInformationMessage(text, ...(archives.length ? [extract, reveal] : [reveal])).then((c) => {
      if (c === reveal) void vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(first.result.path));
      if (c === extract) void extractWithProgress(this, archives, this.output);
    });
  }

  /** The queue for the current limit; a new limit applies to downloads started after the change. */
  private downloads(): DownloadQueue {
    const limit = readSetting('hai.hub.maxConcurrentDownloads');
    if (this.queue?.limit !== limit) this.queue = { limit, queue: new DownloadQueue(limit) };
    return this.queue.queue;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** VS Code's proxy setting (http.proxy), honoured for catalogs and downloads. */
function proxySetting(): string | undefined {
  const proxy = vscode.workspace.getConfiguration('http').get<string>('proxy');
  return proxy ? proxy : undefined;
}
