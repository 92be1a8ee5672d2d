// The data explorer: a read-only custom editor for ROOT and NumPy files. The page (webviews/dataExplorer/)
// shows the file's structure at once and asks for histograms and table rows; every read runs in the
// data workers (DataService), by positioned reads, so a 100 GB file opens as fast as a small one and
// never travels into the webview. The last histogram drawn is kept here, for Copy as Python and the
// CSV, so that what is copied or saved is exactly what is shown.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { copyAsPython } from '../../core/data/copyAsPython';
import { dataFormatOf } from '../../core/data/dataFormats';
import { type Axis, Histogram1D } from '../../core/data/histogram';
import { histogramCsv } from '../../core/data/histogramCsv';
import type { HistogramResult, RowsResult } from '../../core/data/workers/dataJobs';
import { DataJobError } from '../../core/data/workers/workerPool';
import { DATA_EXPLORER_REQUESTS, type DataExplorerRequests, type DataExplorerUpdates, type PlotRequest, type StructurePayload } from '../../core/protocol/dataExplorerMessages';
import { DATA_EXPLORER_VIEW_TYPE } from '../../core/protocol/views';
import { logError } from '../errorNotice';
import { escapeHtml } from '../webviewHtml';
import { WebviewHost } from '../webviewHost';
import type { HostedPanel, RequestHandlers } from '../webviewPanels';
import type { DataService } from './dataService';
import { explorerCss, explorerLabels } from './explorerPage';

class DataDocument implements vscode.CustomDocument {
  constructor(readonly uri: vscode.Uri) {}
  dispose(): void {}
}

interface Drawn {
  readonly request: PlotRequest;
  readonly axis: Axis;
  readonly result: HistogramResult;
}

export class DataExplorer implements vscode.CustomReadonlyEditorProvider<DataDocument>, vscode.Disposable {
  private readonly host: WebviewHost;
  /** The open explorers by file, the most recently opened last. */
  private readonly sessions = new Map<string, ExplorerSession[]>();
  /** Plots asked for (from the Data view) before their file's explorer was ready. */
  private readonly pending = new Map<string, PlotRequest>();
  private panels = 0;

  constructor(
    extensionUri: vscode.Uri,
    private readonly data: DataService,
    private readonly output: vscode.LogOutputChannel,
  ) {
    this.host = new WebviewHost(extensionUri, output);
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
    const session = new ExplorerSession(document.uri, this.data, this.output, () => this.pending.get(key), () => this.pending.delete(key));
    const hosted = this.host.adopt<DataExplorerRequests, DataExplorerUpdates>(panel, {
      key: `${key}#${++this.panels}`,
      name: 'data explorer',
      viewType: DATA_EXPLORER_VIEW_TYPE,
      title: path.basename(document.uri.fsPath),
      css: explorerCss,
      script: 'dataExplorer.js',
      stylesheets: ['dataExplorer.css'],
      body: () => `<h1>${escapeHtml(path.basename(document.uri.fsPath))}</h1><div id="app"></div>`,
      requests: DATA_EXPLORER_REQUESTS,
      handlers: (p) => session.handlers(p),
    });
    const list = this.sessions.get(key) ?? [];
    list.push(session);
    this.sessions.set(key, list);
    hosted.track({
      dispose: () => {
        session.dispose();
        const left = (this.sessions.get(key) ?? []).filter((s) => s !== session);
        if (left.length) this.sessions.set(key, left);
        else this.sessions.delete(key);
      },
    });
  }

  /** Opens the file's explorer (or shows it) and draws `request` there. */
  async plot(uri: vscode.Uri, request: PlotRequest): Promise<void> {
    const key = uri.toString();
    const open = this.sessions.get(key)?.at(-1);
    if (open?.ready) {
      open.reveal();
      await open.plot(request);
      return;
    }
    this.pending.set(key, request);
    await this.openFile(uri);
  }

  async openFile(uri: vscode.Uri): Promise<void> {
    await vscode.commands.executeCommand('vscode.openWith', uri, DATA_EXPLORER_VIEW_TYPE);
  }

  dispose(): void {
    this.host.dispose();
  }
}

class ExplorerSession {
  ready = false;
  private panel: HostedPanel<DataExplorerUpdates> | undefined;
  private structure: StructurePayload | undefined;
  private running: AbortController | undefined;
  private drawn: Drawn | undefined;
  private readonly file: string;

  constructor(
    private readonly uri: vscode.Uri,
    private readonly data: DataService,
    private readonly output: vscode.LogOutputChannel,
    private readonly takePending: () => PlotRequest | undefined,
    private readonly clearPending: () => void,
  ) {
    this.file = uri.fsPath;
  }

  handlers(panel: HostedPanel<DataExplorerUpdates>): RequestHandlers<DataExplorerRequests> {
    this.panel = panel;
    return {
      ready: () => this.start(),
      histogram: (m) => this.plot(m),
      cancel: async () => this.running?.abort(),
      copyPython: () => this.copyPython(),
      saveCsv: () => this.saveCsv(),
      savePng: (m) => this.savePng(m.dataUrl),
      rows: (m) => this.rows(m.table, m.columns, m.first, m.count),
    };
  }

  reveal(): void {
    this.panel?.reveal();
  }

  private async start(): Promise<void> {
    this.ready = false;
    if (this.uri.scheme !== 'file') {
      await this.fail(new Error(vscode.l10n.t('The data explorer reads files on this machine only; {0} is not one.', this.uri.toString())));
      return;
    }
    try {
      this.structure = await this.data.structure(this.file);
    } catch (err) {
      await this.fail(err);
      return;
    }
    await this.panel?.post({ type: 'structure', structure: this.structure, labels: explorerLabels() });
    this.ready = true;
    const pending = this.takePending();
    if (pending) {
      this.clearPending();
      await this.panel?.post({ type: 'plot', request: pending });
      await this.plot(pending);
    }
  }

  async plot(request: PlotRequest): Promise<void> {
    this.running?.abort();
    const running = new AbortController();
    this.running = running;
    const format = dataFormatOf(this.file);
    const axis = axisOf(request);
    if (typeof axis === 'string') {
      await this.panel?.post({ type: 'error', message: axis });
      return;
    }
    const tree = format === 'root' ? request.table || this.structure?.tables[0]?.name : undefined;
    await this.panel?.post({ type: 'busy', text: vscode.l10n.t('Reading {0}…', path.basename(this.file)) });
    const started = performance.now();
    try {
      const result = await this.data.run<HistogramResult>(
        { op: 'histogram', file: this.file, tree, expression: request.expression, entryCut: request.entryCut, elementCut: request.elementCut, axis, bins: request.bins },
        running.signal,
      );
      if (running !== this.running) return;
      const drawn = { ...request, table: tree ?? '' };
      this.drawn = { request: drawn, axis: result.histogram.axis, result };
      await this.panel?.post({
        type: 'histogram',
        request: drawn,
        histogram: result.histogram,
        statistics: Histogram1D.fromData(result.histogram).statistics(),
        multiplicity: result.multiplicity,
        entriesRead: result.entriesRead,
        entriesKept: result.entriesKept,
        millis: Math.round(performance.now() - started),
      });
    } catch (err) {
      if (running !== this.running) return;
      if (err instanceof DataJobError && err.name === 'AbortError') {
        await this.panel?.post({ type: 'notice', text: vscode.l10n.t('Cancelled.') });
        return;
      }
      await this.fail(err);
    } finally {
      if (this.running === running) this.running = undefined;
    }
  }

  private async rows(table: string, columns: readonly string[], first: number, count: number): Promise<void> {
    const known = this.structure?.tables.find((t) => t.name === table);
    if (!known || columns.some((c) => !known.columns.some((k) => k.name === c))) return;
    try {
      const result = await this.data.run<RowsResult>({ op: 'rows', file: this.file, tree: table || undefined, columns, first, count });
      await this.panel?.post({ type: 'rows', table, columns: result.columns, first: result.first, total: result.total, rows: result.rows });
    } catch (err) {
      await this.fail(err);
    }
  }

  private async copyPython(): Promise<void> {
    const drawn = this.drawn;
    const format = dataFormatOf(this.file);
    if (!drawn || (format !== 'root' && format !== 'npy' && format !== 'npz')) return;
    const known = this.structure?.tables.find((t) => t.name === drawn.request.table)?.columns.map((c) => c.name) ?? [];
    const code = copyAsPython(
      { file: this.file, format, tree: drawn.request.table || undefined, expression: drawn.request.expression, entryCut: drawn.request.entryCut, elementCut: drawn.request.elementCut, axis: drawn.axis },
      known,
    );
    await vscode.env.clipboard.writeText(code);
    await this.panel?.post({ type: 'notice', text: vscode.l10n.t('Copied: the Python that reproduces this histogram is on the clipboard.') });
    const openIt = vscode.l10n.t('Open in Editor');
    const choice = await vscode.window.showInformationMessage(vscode.l10n.t('The Python that reproduces the histogram of {0} is on the clipboard.', drawn.request.expression), openIt);
    if (choice === openIt) await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'python', content: code }));
  }

  private async saveCsv(): Promise<void> {
    const drawn = this.drawn;
    if (!drawn) return;
    const cuts = [drawn.request.entryCut.trim(), drawn.request.elementCut.trim()].filter(Boolean);
    // The title the chart shows: the expression, then its cuts in braces, as ROOT's TTree::Draw titles.
    const title = cuts.length ? `${drawn.request.expression} {${cuts.join(' && ')}}` : drawn.request.expression;
    await this.save('csv', vscode.l10n.t('CSV'), new TextEncoder().encode(histogramCsv(drawn.result.histogram, title)));
  }

  private async savePng(dataUrl: string): Promise<void> {
    if (!this.drawn) return;
    await this.save('png', vscode.l10n.t('PNG image'), Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64'));
  }

  /** Asks where to save (beside the data file, named after the expression) and writes the file. */
  private async save(extension: string, kind: string, bytes: Uint8Array): Promise<void> {
    const slug = (this.drawn?.request.expression ?? 'histogram').replace(/[^A-Za-z0-9_.-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 60) || 'histogram';
    const base = path.basename(this.file).replace(/\.[^.]+$/, '');
    const target = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.file(path.join(path.dirname(this.file), `${base}-${slug}.${extension}`)),
      filters: { [kind]: [extension] },
      title: vscode.l10n.t('Save the histogram as {0}', kind),
    });
    if (!target) return;
    try {
      await vscode.workspace.fs.writeFile(target, bytes);
      await this.panel?.post({ type: 'notice', text: vscode.l10n.t('Saved {0}.', vscode.workspace.asRelativePath(target)) });
    } catch (err) {
      await this.fail(err);
    }
  }

  /** Tells the page what went wrong; expression errors point into their field. */
  private async fail(err: unknown): Promise<void> {
    if (err instanceof DataJobError && err.name === 'ExpressionError') {
      await this.panel?.post({ type: 'error', message: err.message, field: err.field, start: err.start, end: err.end });
      return;
    }
    const notice = logError(this.output, `Data explorer (${path.basename(this.file)})`, err);
    await this.panel?.post({ type: 'error', message: notice });
  }

  dispose(): void {
    this.running?.abort();
  }
}

/** The binning asked for: both edges or neither (then from the data); a message when that is not so. */
function axisOf(request: PlotRequest): Axis | undefined | string {
  if (request.low === undefined && request.high === undefined) return undefined;
  if (request.low === undefined || request.high === undefined) return vscode.l10n.t('Give both edges of the range, or neither: the range then comes from the data.');
  if (!(request.high > request.low)) return vscode.l10n.t('The upper edge of the range must be above the lower edge.');
  return { bins: request.bins ?? 100, low: request.low, high: request.high };
}
