// The hub in the extension: glue over core/hub/hubState.ts (catalog, filter, where files go and
// whether they are there) that adds the settings, the change event for the views, and the downloads
// with their progress notification, Cancel and a concurrency limit; extracting archives is in
// archiveFlows.ts. The tree view and the model card read from here.
import * as vscode from 'vscode';
import { logError, translate } from '../errorNotice';
import type { Catalog, HubDataset, HubModel } from '../../core/hub/catalog';
import type { DownloadRequest, DownloadResult } from '../../core/hub/download';
import { DownloadError } from '../../core/hub/downloadErrors';
import { DownloadQueue } from '../../core/hub/downloadQueue';
import { judgePlan, planDownload } from '../../core/hub/downloadPlan';
import type { ArchiveKind, Extraction } from '../../core/hub/extract';
import { HubState } from '../../core/hub/hubState';
import { rerunAfterRunning } from '../../core/jobs/sharedCall';
import { checksumOf, entryDirOf, type HubTarget, resolveDownloadDir } from '../../core/hub/hubTargets';
import { extractWithProgress } from './archiveFlows';
import { formatBytes } from '../../core/text/formatting';
import { readPathListSetting, readPathSetting, readSetting, refusedPathText } from '../settings';
import type { SettingPath } from '../../core/protocol/settings';
import { withStepProgress } from '../stepProgress';

export class HubController implements vscode.Disposable {
  private readonly state = new HubState(() => this.places());
  /** Path settings already warned about, so that a refused value is said once, not on every refresh. */
  private readonly warnedPaths = new Set<string>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private queue: { limit: number; queue: DownloadQueue } | undefined;

  constructor(
    private readonly builtInCatalog: string,
    private readonly output: vscode.LogOutputChannel,
  ) {}

  /**
   * Where downloads go and where weights are looked for. Relative paths resolve against the trusted
   * workspace folder only (extension/settings.ts); a refused download folder falls back to ~/.hai
   * and a refused weights folder is left out, each said once with what to do.
   */
  private places(): { downloadDir: string; weightsFolders: string[] } {
    const dir = readPathSetting('hai.hub.downloadDir');
    if ('refused' in dir) this.warnPath('hai.hub.downloadDir', dir);
    const folders = readPathListSetting('hai.hub.weightsFolders').flatMap((f) => {
      if ('path' in f) return [f.path];
      this.warnPath('hai.hub.weightsFolders', f);
      return [];
    });
    return { downloadDir: resolveDownloadDir('path' in dir ? dir.path : ''), weightsFolders: folders };
  }

  /**
   * hai.hub.sources: URLs as they are; files by the same rule as every path setting (relative ones
   * only against a trusted workspace folder), because a catalog read from a file may link to local files.
   */
  private sources(): string[] {
    const raw = readSetting('hai.hub.sources');
    const resolved = readPathListSetting('hai.hub.sources');
    return raw.flatMap((source, i) => {
      if (/^https?:\/\//i.test(source.trim())) return [source.trim()];
      const entry = resolved[i];
      if ('path' in entry) return entry.path ? [entry.path] : [];
      this.warnPath('hai.hub.sources', entry);
      return [];
    });
  }

  private warnPath(key: 'hai.hub.downloadDir' | 'hai.hub.weightsFolders' | 'hai.hub.sources', refused: Extract<SettingPath, { refused: string }>): void {
    const id = `${key}:${refused.refused}:${refused.relative}`;
    if (this.warnedPaths.has(id)) return;
    this.warnedPaths.add(id);
    const text = refusedPathText(key, refused);
    this.output.warn(text);
    void vscode.window.showWarningMessage(text);
  }

  current(): Catalog {
    return this.state.current();
  }

  /**
   * Loads (again) the built-in catalog and every hub in hai.hub.sources. Asked while a load runs (the
   * setting changed, Refresh), one more load follows it: the running one read the settings as they were.
   */
  readonly reload = rerunAfterRunning(async () => {
    try {
      const catalog = await this.state.load(this.builtInCatalog, this.sources(), { proxy: proxySetting() });
      for (const p of catalog.problems) this.output.warn(`Hub ${p.hub}${p.entry ? `, entry ${p.entry}` : ''}: ${p.message}`);
      this.output.info(`Hub catalog: ${catalog.models.length} models, ${catalog.datasets.length} datasets, ${catalog.problems.length} problems`);
    } finally {
      this.changed.fire();
    }
  });

  /** The filter in use (lower-case words; empty for none). */
  get filter(): string {
    return this.state.filter;
  }

  setFilter(text: string): void {
    this.state.setFilter(text);
    this.changed.fire();
  }

  matches(entry: HubModel | HubDataset): boolean {
    return this.state.matches(entry);
  }

  downloadDir(): string {
    return this.state.downloadDir();
  }

  destination(target: HubTarget): string {
    return this.state.destination(target);
  }

  localPath(target: HubTarget): string | undefined {
    return this.state.localPath(target);
  }

  archiveKind(target: HubTarget): ArchiveKind | undefined {
    return this.state.archiveKind(target);
  }

  extraction(target: HubTarget): Extraction | undefined {
    return this.state.extraction(target);
  }

  available(target: HubTarget): string | undefined {
    return this.state.available(target);
  }

  /** Reads again what is recorded for this archive (after an extraction or a removal) and refreshes the views. */
  async noteExtraction(archive: string): Promise<void> {
    await this.state.noteExtraction(archive);
    this.changed.fire();
  }

  private request(target: HubTarget): DownloadRequest {
    return { url: target.file.url, dest: this.destination(target), size: target.file.size, checksum: checksumOf(target.file) };
  }

  /**
   * Downloads the files one after another in a notification with bytes, speed and Cancel; first
   * `confirmDownload`, which may ask or refuse.
   */
  async download(targets: readonly HubTarget[]): Promise<void> {
    const todo = this.state.toDownload(targets);
    if (todo.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Already downloaded.'));
      return;
    }
    const title = todo.length === 1 ? todo[0].file.name : `${todo[0].owner.entry.name} (${todo.length})`;
    if (!(await this.confirmDownload(targets, todo, title))) return;
    const done: { target: HubTarget; result: DownloadResult }[] = [];
    await withStepProgress(vscode.l10n.t('Downloading {0}', title), todo, async (target, report, signal) => {
      try {
        const result = await this.downloads().run(
          this.request(target),
          {
            signal,
            proxy: proxySetting(),
            onWaiting: (holder) => {
              this.output.info(`Waiting for process ${holder?.pid ?? '?'} on ${holder?.hostname ?? '?'}, which is downloading ${target.file.url}`);
              report(0, [vscode.l10n.t('Another window is downloading {0}; waiting for it to finish…', target.file.name)]);
            },
            onProgress: (p) =>
              report(p.total ? p.received / p.total : 0, [
                p.total ? vscode.l10n.t('{0} of {1}', formatBytes(p.received), formatBytes(p.total)) : formatBytes(p.received),
                `${formatBytes(p.bytesPerSecond)}/s`,
              ]),
          },
        );
        this.output.info(
          `Downloaded ${target.file.url} to ${result.path}: ${result.bytes} bytes in ${result.seconds.toFixed(1)} s, ${result.attempts} attempt(s), resumed from ${result.resumedFrom}, ${result.verified ? 'checksum verified' : 'no checksum in the catalog'}${result.byAnotherProcess ? ' (downloaded by another window)' : ''}`,
        );
        done.push({ target, result });
        if (this.archiveKind(target)) await this.noteExtraction(result.path); // a new archive: not extracted yet
        return 'next';
      } catch (err) {
        const notice = logError(this.output, `Download of ${target.file.url} failed`, err);
        if (err instanceof DownloadError && err.kind === 'cancelled') {
          void vscode.window.showInformationMessage(vscode.l10n.t('Download of {0} cancelled; download it again to continue where it stopped.', target.file.name));
          return 'stop';
        }
        // Retry takes up this file and the ones after it (those already here are skipped).
        const retry = vscode.l10n.t('Retry');
        void vscode.window.showErrorMessage(vscode.l10n.t('Download of {0} failed: {1}', target.file.name, notice), retry).then((c) => {
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

  /**
   * Before a byte is downloaded: the sizes (the catalog's; the server is asked for the others, in a
   * cancellable notification), then a refusal when they cannot fit in the free space, and a modal
   * question when they come to 1 GiB or more or a size is not known (core/hub/downloadPlan.ts).
   * Small downloads of known size go ahead without a word. A server that cannot be reached fails
   * here with the download's own notice (and Retry).
   */
  private async confirmDownload(targets: readonly HubTarget[], todo: readonly HubTarget[], title: string): Promise<boolean> {
    const requests = todo.map((t) => this.request(t));
    const folder = entryDirOf(todo[0].owner, this.downloadDir());
    const plan = (signal?: AbortSignal) => planDownload(requests, folder, { proxy: proxySetting(), signal });
    try {
      const planned = requests.every((r) => r.size !== undefined)
        ? await plan()
        : await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Asking the server how large {0} is…', title), cancellable: true }, (_progress, token) => {
            const abort = new AbortController();
            token.onCancellationRequested(() => abort.abort());
            return plan(abort.signal);
          });
      const verdict = judgePlan(planned, title);
      if (!verdict.ask) return true;
      this.output.info(`Asking before downloading ${title} into ${folder}: ${planned.bytes} bytes known, ${planned.unknown} file(s) of unknown size, ${planned.free ?? '?'} bytes free`);
      const download = vscode.l10n.t('Download');
      const choice = await vscode.window.showWarningMessage(translate(verdict.text), { modal: true, detail: typeof verdict.detail === 'string' ? verdict.detail : translate(verdict.detail) }, download);
      return choice === download;
    } catch (err) {
      if (err instanceof DownloadError && err.kind === 'cancelled') return false;
      const notice = logError(this.output, `Download of ${title} not started`, err);
      if (err instanceof DownloadError && err.kind === 'space') {
        void vscode.window.showErrorMessage(notice);
        return false;
      }
      const retry = vscode.l10n.t('Retry');
      void vscode.window.showErrorMessage(vscode.l10n.t('Download of {0} failed: {1}', title, notice), retry).then((c) => {
        if (c === retry) void this.download(targets);
      });
      return false;
    }
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
    this.output.info(`Notice: ${text}`);
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
