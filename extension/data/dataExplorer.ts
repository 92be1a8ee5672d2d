// The data explorer: a read-only custom editor for ROOT, NumPy and parquet files, and the same page for a
// dataset (a folder and a glob, opened as a panel). The page (webviews/dataExplorer/) shows the
// structure at once and asks for histograms and table rows; every read runs in the data workers
// (DataService), by positioned reads, so a 100 GB file opens as fast as a small one and never travels
// into the webview. What each page shows and asks is its ExplorerSession's (explorerSession.ts).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { datasetFiles, suggestedPattern } from '../../core/data/datasetFiles';
import { DATA_EXPLORER_REQUESTS, type DataExplorerRequests, type DataExplorerUpdates, type PlotRequest } from '../../core/protocol/dataExplorerMessages';
import { DATA_EXPLORER_VIEW_TYPE } from '../../core/protocol/views';
import { formatBytes } from '../../core/text/formatting';
import { errorText } from '../errorNotice';
import { pickLocalFolder } from '../folderPicker';
import { escapeHtml } from '../webviewHtml';
import { type PanelPage, WebviewHost } from '../webviewHost';
import type { PanelOptions } from '../webviewPanels';
import type { DataService } from './dataService';
import { explorerCss, explorerLabels } from './explorerPage';
import { OverlayBoard } from './overlays';
import { ExplorerSession } from './explorerSession';
import { type ExplorerSource, type PendingDraw, sourceTitle } from './explorerSource';
import type { FormMemory } from './formMemory';

class DataDocument implements vscode.CustomDocument {
  constructor(readonly uri: vscode.Uri) {}
  dispose(): void {}
}

export class DataExplorer implements vscode.CustomReadonlyEditorProvider<DataDocument>, vscode.Disposable {
  private readonly host: WebviewHost;
  /** The open explorers by file, the most recently opened last. */
  private readonly sessions = new Map<string, ExplorerSession[]>();
  /** Plots and stored objects asked for (from the Data view) before their file's explorer was ready. */
  private readonly pending = new Map<string, PendingDraw>();
  private panels = 0;
  private readonly overlays = new OverlayBoard();
  /** Every open page, files and datasets alike: told when the overlays change. */
  private readonly pages = new Set<ExplorerSession>();

  constructor(
    extensionUri: vscode.Uri,
    private readonly data: DataService,
    private readonly output: vscode.LogOutputChannel,
    /** The form last drawn per file or dataset (the workspace's storage). */
    private readonly memory?: FormMemory,
  ) {
    this.host = new WebviewHost(extensionUri, output);
    this.overlays.onDidChange(() => {
      for (const page of this.pages) void page.postOverlays();
    });
  }

  register(): vscode.Disposable {
    // Retained when hidden: the page holds the user's histogram, form and table, which would be lost.
    return vscode.window.registerCustomEditorProvider(DATA_EXPLORER_VIEW_TYPE, this, { supportsMultipleEditorsPerDocument: true, webviewOptions: { retainContextWhenHidden: true } });
  }

  openCustomDocument(uri: vscode.Uri): DataDocument {
    return new DataDocument(uri);
  }

  resolveCustomEditor(document: DataDocument, panel: vscode.WebviewPanel): void {
    const key = document.uri.toString();
    const session = new ExplorerSession(
      { kind: 'file', uri: document.uri },
      this.data,
      this.output,
      this.overlays,
      () => {
        const pending = this.pending.get(key);
        this.pending.delete(key);
        return pending;
      },
      this.memory,
    );
    const hosted = this.host.adopt<DataExplorerRequests, DataExplorerUpdates>(panel, this.page(`${key}#${++this.panels}`, { kind: 'file', uri: document.uri }, session));
    const list = this.sessions.get(key) ?? [];
    list.push(session);
    this.sessions.set(key, list);
    this.pages.add(session);
    hosted.track({
      dispose: () => {
        this.pages.delete(session);
        session.dispose();
        const left = (this.sessions.get(key) ?? []).filter((s) => s !== session);
        if (left.length) this.sessions.set(key, left);
        else this.sessions.delete(key);
      },
    });
  }

  /**
   * Opens a folder's data files as one dataset: the folder (asked for when not given), a glob for its
   * files (suggested from what it holds), then the explorer page over all of them.
   */
  async openDataset(folder?: vscode.Uri): Promise<void> {
    const chosen = await pickLocalFolder(folder, { openLabel: vscode.l10n.t('Open as Dataset'), title: vscode.l10n.t('Choose the folder of the dataset') }, (uri) =>
      vscode.l10n.t('The data explorer reads files on this machine only; {0} is not one.', uri),
    );
    if (!chosen) return;
    const pattern = await vscode.window.showInputBox({
      title: vscode.l10n.t('Files of the dataset in {0}', path.basename(chosen.fsPath)),
      prompt: vscode.l10n.t('A glob relative to the folder: **/*.root for every ROOT file under it, train_*/*.root for some.'),
      value: await suggestedPattern(chosen.fsPath),
      validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Give a pattern, e.g. **/*.root.')),
    });
    if (!pattern?.trim()) return;
    let listing;
    try {
      listing = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Finding the files of the dataset…') }, () => datasetFiles(chosen.fsPath, pattern.trim()));
    } catch (err) {
      void vscode.window.showErrorMessage(errorText(err));
      return;
    }
    const source: ExplorerSource = { kind: 'dataset', folder: chosen.fsPath, pattern: pattern.trim(), listing };
    const session = new ExplorerSession(source, this.data, this.output, this.overlays, undefined, this.memory);
    const { panel, created } = this.host.show<DataExplorerRequests, DataExplorerUpdates>(this.page(`dataset:${source.folder}\u0000${source.pattern}`, source, session));
    if (created) {
      this.pages.add(session);
      panel.track({
        dispose: () => {
          this.pages.delete(session);
          session.dispose();
        },
      });
    }
    this.output.info(`Dataset ${sourceTitle(source)}: ${listing.files.length} files, ${formatBytes(listing.bytes)}`);
  }

  /** The page of an explorer: one script and protocol for files and datasets alike. */
  private page(key: string, source: ExplorerSource, session: ExplorerSession): PanelOptions<DataExplorerRequests, DataExplorerUpdates> & PanelPage {
    const title = sourceTitle(source);
    return {
      key,
      name: 'data explorer',
      viewType: DATA_EXPLORER_VIEW_TYPE,
      title,
      css: explorerCss,
      script: 'dataExplorer.js',
      stylesheets: ['dataExplorer.css'],
      // The page's words come with it as well as with the structure: a file that cannot be opened sends no structure.
      body: () => `<h1>${escapeHtml(title)}</h1><div id="app" data-source="${source.kind}" data-labels="${escapeHtml(JSON.stringify(explorerLabels()))}"></div>`,
      // The page holds the user's plot, form and table, which would be lost each time it is hidden.
      retainContextWhenHidden: true,
      requests: DATA_EXPLORER_REQUESTS,
      handlers: (p) => session.handlers(p),
    };
  }

  /** Opens the file's explorer (or shows it) and draws `request` there. */
  async plot(uri: vscode.Uri, request: PlotRequest): Promise<void> {
    await this.draw(uri, { kind: 'plot', request });
  }

  /** Opens the file's explorer (or shows it) and draws the histogram or graph stored under `name`. */
  async drawObject(uri: vscode.Uri, name: string): Promise<void> {
    await this.draw(uri, { kind: 'object', name });
  }

  private async draw(uri: vscode.Uri, what: PendingDraw): Promise<void> {
    const key = uri.toString();
    const open = this.sessions.get(key)?.at(-1);
    if (open?.ready) {
      open.reveal();
      await (what.kind === 'plot' ? open.plot(what.request) : open.storedObject(what.name));
      return;
    }
    this.pending.set(key, what);
    await this.openFile(uri);
  }

  async openFile(uri: vscode.Uri): Promise<void> {
    await vscode.commands.executeCommand('vscode.openWith', uri, DATA_EXPLORER_VIEW_TYPE);
  }

  dispose(): void {
    this.host.dispose();
    this.overlays.dispose();
  }
}
