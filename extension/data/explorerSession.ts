// One open data explorer page and what it shows: a file, or a dataset (a folder and a glob). Page
// requests become worker jobs: a histogram is filled in parts on all workers (core/data/dataset.ts;
// a small file is one part) and drawn as the parts land, with progress; a newer request cancels the
// older. The last histogram drawn is kept for Copy as Python and the CSV (explorerExports.ts), so that
// what is copied or saved is exactly what is shown. A fit asked for (explorerFit.ts) is done again on each 1-D histogram
// drawn after it (a new cut, another file's branch) until it is removed.
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { dataFormatOf, isTensorFormat } from '../../core/data/dataFormats';
import { type DatasetProgress, type DatasetResult, histogramDataset } from '../../core/data/dataset';
import { chooseStructure, NoReadableFile, structureNamesOf } from '../../core/data/datasetStructure';
import { EntryCounts } from '../../core/data/entryCounts';
import { type DatasetListing, datasetFilesAgain } from '../../core/data/datasetFiles';
import { DEFAULT_BINS_2D } from '../../core/data/histogram';
import { entryRangeOf } from '../../core/data/entryRange';
import { compareOverlay } from '../../core/data/histogramComparison';
import type { StoredGraph, StoredHistogram } from '../../core/data/root/rootFile';
import { DataJobError, explorerPoolSize } from '../../core/data/workers/workerPool';
import type { DataExplorerRequests, DataExplorerUpdates, PlotRequest, ProgressPayload, StructurePayload } from '../../core/protocol/dataExplorerMessages';
import { formatBytes } from '../../core/text/formatting';
import { errorText, localized, logError } from '../errorNotice';
import type { HostedPanel, RequestHandlers } from '../webviewPanels';
import type { DataService } from './dataService';
import { explorerLabels } from './explorerPage';
import type { OverlayBoard } from './overlays';
import { plotBinning } from './plotBinning';
import { ExplorerFit, fitRequestOf, type FitTarget } from './explorerFit';
import { ExplorerExports } from './explorerExports';
import { ExplorerTable } from './explorerTable';
import type { FormMemory } from './formMemory';
import { binEntriesOf, compared, type Drawn, drawnStored, drawnTitle, fitHistogramOf, onlyErrorsChanged, plotted, storedUpdate } from './drawnHistogram';
import { type ExplorerSource, type PendingDraw, sourceTitle } from './explorerSource';

/** Progress reaches the page at most this often; the final histogram always does. */
const PROGRESS_EVERY_MS = 250;

export class ExplorerSession {
  ready = false;
  private panel: HostedPanel<DataExplorerUpdates> | undefined;
  private structure: StructurePayload | undefined;
  private running: AbortController | undefined;
  private drawn: Drawn | undefined;
  /** A stored graph drawn instead of a histogram (drawn is then undefined). */
  private graph: StoredGraph | undefined;
  /** The fit asked for, done again on every 1-D histogram drawn; and its result on the one drawn. */
  private readonly fit: ExplorerFit;
  /** The file whose structure the page shows (for a dataset, chosen by datasetStructure.ts), and what every read covers. */
  private first: string;
  /** The table, made for the file whose structure is shown (explorerTable.ts). */
  private tableOf: { readonly file: string; readonly table: ExplorerTable } | undefined;
  /** The dataset's files' entries as counted so far, by an entry range or the table: each file is counted once. */
  private readonly counts = new EntryCounts();
  /** Copy as Python, and the CSV, PNG and SVG of the histogram drawn. */
  private readonly exports: ExplorerExports;
  /** A dataset's files as last found: found again at each draw (findFilesAgain). */
  private listing: DatasetListing | undefined;

  constructor(
    private readonly source: ExplorerSource,
    private readonly data: DataService,
    private readonly output: vscode.LogOutputChannel,
    private readonly overlays: OverlayBoard,
    private readonly takePending: () => PendingDraw | undefined = () => undefined,
    /** The form last drawn, per file or dataset, shown again when a page opens. */
    private readonly memory?: FormMemory,
  ) {
    this.first = source.kind === 'file' ? source.uri.fsPath : source.listing.files[0].file;
    this.listing = source.kind === 'dataset' ? source.listing : undefined;
    this.fit = new ExplorerFit(data, async (update) => this.panel?.post(update), (err) => this.fail(err));
    const dataset = source.kind === 'dataset' ? source : undefined;
    this.exports = new ExplorerExports(
      {
        drawn: () => this.drawn,
        graph: () => this.graph,
        fit: () => this.fit.result,
        structure: () => this.structure,
        panel: () => this.panel,
        first: () => this.first,
        files: () => this.drawn?.files,
        folder: () => dataset?.folder ?? path.dirname(this.first),
        base: () => (dataset ? path.basename(dataset.folder) : path.basename(this.first).replace(/\.[^.]+$/, '')),
        fail: (err) => this.fail(err),
      },
      overlays,
    );
  }

  handlers(panel: HostedPanel<DataExplorerUpdates>): RequestHandlers<DataExplorerRequests> {
    this.panel = panel;
    return {
      ready: () => this.start(),
      histogram: (m) => this.plot(m),
      cancel: async () => this.running?.abort(),
      copyPython: (m) => this.exports.copyPython(m),
      saveCsv: () => this.exports.saveCsv(),
      savePng: (m) => this.exports.savePng(m.dataUrl),
      saveSvg: (m) => this.exports.saveSvg(m),
      rows: (m) => this.rows(m),
      rowsStop: async () => this.tableOf?.table.stop(),
      object: (m) => this.storedObject(m.name),
      pin: async () => this.pin(),
      unpin: async (m) => this.overlays.unpin(m.index),
      fit: async (m) => {
        const drawn = this.drawn;
        await this.fit.ask(fitRequestOf(m), this.fitTarget(), () => this.drawn === drawn);
      },
      removeFit: () => this.fit.remove(),
    };
  }

  reveal(): void {
    this.panel?.reveal();
  }

  private async start(): Promise<void> {
    this.ready = false;
    if (this.source.kind === 'file' && this.source.uri.scheme !== 'file') {
      await this.fail(new Error(vscode.l10n.t('The data explorer reads files on this machine only; {0} is not one.', this.source.uri.toString())));
      return;
    }
    try {
      this.structure = await this.shownStructure();
    } catch (err) {
      await this.fail(err);
      return;
    }
    await this.panel?.post({ type: 'structure', structure: this.structure, labels: explorerLabels() });
    await this.postOverlays();
    this.ready = true;
    // The form last drawn from this source, filled in but not drawn: the page opens as fast as before.
    const remembered = this.memory?.recall(this.memoryKey);
    if (remembered && this.structure?.tables.some((t) => t.name === remembered.table)) await this.panel?.post({ type: 'plot', request: remembered });
    const pending = this.takePending();
    if (pending?.kind === 'object') await this.storedObject(pending.name);
    else if (pending) {
      await this.panel?.post({ type: 'plot', request: pending.request });
      await this.plot(pending.request);
    }
  }

  /** The file's or dataset's key for the form kept (formMemory.ts). */
  private get memoryKey(): string {
    return this.source.kind === 'file' ? this.source.uri.toString() : `dataset:${this.source.folder}\u0000${this.source.pattern}`;
  }

  /** The structure the page shows: a dataset's with its files' count and size, and the file it is read from. */
  private async shownStructure(): Promise<StructurePayload> {
    const s = await this.readStructure();
    if (this.source.kind === 'file' || !this.listing) return s;
    const { folder, pattern } = this.source;
    const { files, bytes } = this.listing;
    return { ...s, fileName: sourceTitle(this.source), size: bytes, dataset: { folder, pattern, files: files.length, bytes, structureFile: path.relative(folder, this.first) } };
  }

  /** The file's structure, or a dataset's: that of its first file with a table that can be read. */
  private async readStructure(): Promise<StructurePayload> {
    if (this.source.kind === 'file') return this.data.structure(this.first);
    try {
      const chosen = await chooseStructure(
        this.listing!.files.map((f) => f.file),
        (file) => this.data.structure(file),
      );
      this.first = chosen.file;
      return chosen.structure;
    } catch (err) {
      if (!(err instanceof NoReadableFile)) throw err;
      const file = path.relative(this.source.folder, err.file);
      const message = err.tried === 1 ? vscode.l10n.t('{0} could not be read: {1}', file, localized(err.reason)) : vscode.l10n.t('None of the first {0} files could be read. {1}: {2}', err.tried, file, localized(err.reason));
      throw new Error(message, { cause: err });
    }
  }

  /**
   * The files to read, with their sizes now: a file a job is still writing has grown since the page
   * opened, and an entry count taken at its old size is not used again (entryCounts.ts). A dataset's
   * are those found again for this draw, with their sizes then.
   */
  private async files(): Promise<{ file: string; bytes: number }[]> {
    if (this.listing) return this.listing.files.map((f) => ({ file: f.file, bytes: f.bytes }));
    return [{ file: this.first, bytes: (await stat(this.first)).size }];
  }

  async plot(request: PlotRequest): Promise<void> {
    this.running?.abort();
    const running = new AbortController();
    this.running = running;
    const binning = plotBinning(request);
    if (typeof binning === 'string') {
      await this.panel?.post({ type: 'error', message: binning });
      return;
    }
    const { axis, yAxis, twoD, profile, yLimits } = binning;
    // ROOT trees, HDF5 groups and a checkpoint's parts are chosen; a NumPy or parquet file is one table.
    const format = dataFormatOf(this.first);
    const tree = format === 'root' || format === 'hdf5' || isTensorFormat(format) ? request.table || this.structure?.tables[0]?.name : undefined;
    if (tree !== undefined && this.structure && !this.structure.tables.some((t) => t.name === tree)) {
      await this.panel?.post({ type: 'error', message: vscode.l10n.t('There is no tree or group {0} in this file.', tree) });
      return;
    }
    const drawnRequest = { ...request, table: tree ?? '' };
    const started = performance.now();
    let lastPost = 0;
    const post = async (p: DatasetProgress, partial: boolean): Promise<void> => {
      const progress: ProgressPayload = { files: p.files, filesDone: p.filesDone, bytes: p.bytes, bytesDone: p.bytesDone, entriesRead: p.entriesRead };
      if (!p.histogram) {
        await this.panel?.post({ type: 'progress', progress });
        return;
      }
      await this.panel?.post({
        type: 'histogram',
        partial,
        request: drawnRequest,
        ...plotted({ ...p, histogram: p.histogram }, drawnRequest),
        multiplicity: p.multiplicity,
        entriesRead: p.entriesRead,
        entriesKept: p.entriesKept,
        cutflow: p.cutflow,
        cutflowSumw: p.cutflowSumw,
        millis: Math.round(performance.now() - started),
        progress,
        // Named as the table and the structure name a dataset's files: from its folder.
        failed: 'failed' in p ? (p as DatasetResult).failed.map((f) => ({ file: this.source.kind === 'dataset' ? path.relative(this.source.folder, f.file) : path.basename(f.file), message: localized(f.message) })) : [],
      });
    };
    // From here a new histogram is on its way (the page is told it is busy): the fit drawn is of the old one.
    this.fit.newHistogram();
    const shown = this.drawn;
    if (shown && onlyErrorsChanged(shown, drawnRequest)) {
      // Only how a profile's errors are given changed: its sums are all there, nothing is read again.
      this.running = undefined;
      this.drawn = { ...shown, request: drawnRequest };
      await post(shown.result, false);
      await this.afterDrawn();
      return;
    }
    try {
      await this.findFilesAgain(running.signal);
      // A newer draw came while the files were found (a folder walk on shared storage takes a while).
      if (running !== this.running) return;
      const files = await this.files();
      const total = files.reduce((a, f) => a + f.bytes, 0);
      await this.panel?.post({
        type: 'busy',
        text: files.length > 1 ? vscode.l10n.t('Reading {0} files ({1})…', files.length.toLocaleString(), formatBytes(total)) : vscode.l10n.t('Reading {0}…', path.basename(files[0].file)),
      });
      const result = await histogramDataset(
        {
          files,
          tree,
          // A name the structure shown has but some files lack leaves those files out, named.
          ...(this.source.kind === 'dataset' ? { structureNames: structureNamesOf(this.structure, tree) } : {}),
          expression: request.expression,
          entryCut: request.entryCut,
          elementCut: request.elementCut,
          weight: request.weight,
          definitions: request.definitions,
          axis,
          bins: request.bins ?? (twoD && !profile ? DEFAULT_BINS_2D : undefined),
          yExpression: twoD ? request.yExpression : undefined,
          yAxis,
          yBins: profile ? undefined : request.yBins,
          profile: profile || undefined,
          yLimits,
          range: entryRangeOf(request.firstEntry, request.entryCount),
        },
        (job, signal) => this.data.run(job, signal),
        {
          signal: running.signal,
          counts: this.counts,
          // As many parts at once as the pool has workers, also while the range comes from the data.
          concurrency: explorerPoolSize(),
          onProgress: (p) => {
            const now = performance.now();
            if (now - lastPost < PROGRESS_EVERY_MS || running !== this.running) return;
            lastPost = now;
            void post(p, true);
          },
        },
      );
      if (running !== this.running) return;
      // Copy as Python reads the files drawn, whatever is found at a later draw.
      this.drawn = { request: drawnRequest, axis: result.histogram.axis, result, ...(this.listing ? { files: files.map((f) => f.file) } : {}) };
      this.graph = undefined;
      // Shown again when the page is opened next (formMemory.ts); a failure to store it costs nothing drawn.
      void this.memory?.remember(this.memoryKey, drawnRequest).catch((err: unknown) => this.output.warn(`Data explorer: the form was not kept: ${errorText(err)}`));
      await post(result, false);
      await this.afterDrawn();
    } catch (err) {
      if (running !== this.running) return;
      await this.fit.histogramDropped();
      if (err instanceof Error && err.name === 'AbortError') {
        await this.panel?.post({ type: 'notice', text: vscode.l10n.t('Cancelled.') });
        return;
      }
      await this.fail(err);
    } finally {
      if (this.running === running) this.running = undefined;
    }
  }

  /** Draws a histogram stored in the file as it is (its bins, errors and ROOT's own statistics), or a graph (its points and errors). */
  async storedObject(name: string): Promise<void> {
    if (!this.structure?.objects.some((o) => o.name === name && o.drawable)) return;
    this.fit.newHistogram();
    this.running?.abort();
    // Its own token: a slow read (a big graph) must not replace what was asked for after it.
    const running = new AbortController();
    this.running = running;
    const started = performance.now();
    try {
      const h = await this.data.run<StoredHistogram | StoredGraph>({ op: 'object', file: this.first, name }, running.signal);
      if (running !== this.running) return;
      if (h.kind === 'graph') {
        // A graph is not fitted nor overlaid yet: the histogram drawn before is gone, and its comparisons with it.
        this.drawn = undefined;
        this.graph = h;
        await this.panel?.post({ type: 'graph', graph: h, millis: Math.round(performance.now() - started) });
        await this.postComparisons();
        return;
      }
      if (h.kind === '2d' && h.y && (h.x.edges || h.y.edges)) throw new Error(vscode.l10n.t('{0} has variable bins in 2-D, which the explorer does not draw yet: read it with uproot and hist (f["{0}"].to_hist()).', name));
      const drawn = drawnStored(name, h);
      this.drawn = drawn;
      this.graph = undefined;
      await this.panel?.post({ type: 'histogram', ...storedUpdate(drawn, h, Math.round(performance.now() - started)) });
      await this.afterDrawn();
    } catch (err) {
      if (running !== this.running) return;
      if (err instanceof Error && err.name === 'AbortError') {
        await this.panel?.post({ type: 'notice', text: vscode.l10n.t('Cancelled.') });
        return;
      }
      await this.fail(err);
    } finally {
      if (this.running === running) this.running = undefined;
    }
  }

  /** The histogram drawn, as the fit takes it (a stored histogram's variable bins included). */
  private fitTarget(): FitTarget | undefined {
    const drawn = this.drawn;
    if (!drawn) return undefined;
    return { histogram: fitHistogramOf(drawn), profile: !!binEntriesOf(drawn) };
  }

  /** What follows a histogram drawn: the overlays compared with it, and the fit done again on it. */
  private async afterDrawn(): Promise<void> {
    await this.postComparisons();
    const drawn = this.drawn;
    await this.fit.refit(this.fitTarget(), () => this.drawn === drawn);
  }

  /** Pins the last 1-D histogram or profile drawn, labelled with where it came from and what it shows. */
  private pin(): void {
    const drawn = this.drawn;
    if (!drawn || drawn.result.histogram2d) return;
    this.overlays.pin({ label: `${sourceTitle(this.source)}: ${drawnTitle(drawn)}`, ...compared(drawn) });
  }

  async postOverlays(): Promise<void> {
    await this.panel?.post({ type: 'overlays', overlays: this.overlays.overlays });
    await this.postComparisons();
  }

  /** Each overlay against the 1-D histogram or profile drawn: could they come from one distribution, or one dependence? */
  private async postComparisons(): Promise<void> {
    const drawn = this.drawn;
    const current = drawn && !drawn.result.histogram2d ? compared(drawn) : undefined;
    await this.panel?.post({ type: 'comparisons', comparisons: current ? this.overlays.overlays.map((o) => compareOverlay(o, current)) : [] });
  }

  private async rows(m: DataExplorerRequests['rows']): Promise<void> {
    // The structure may change the file the table reads (a dataset's first readable file).
    const page = await this.table().page(m, this.structure, (counted, files) => void this.panel?.post({ type: 'rowsProgress', counted, files, ...(m.id === undefined ? {} : { id: m.id }) }));
    if (page) await this.panel?.post({ type: 'rows', ...page });
  }

  /**
   * A dataset's files found again before each draw, as a glob is read again: files a running job has
   * written since are drawn too, and files removed are not looked for. Cancel, or a newer draw, stops the walk. The page shows the new count and
   * size, and its table lists the files found now. The structure's file removed, another is read.
   */
  private async findFilesAgain(signal: AbortSignal): Promise<void> {
    if (this.source.kind !== 'dataset' || !this.listing) return;
    const before = this.listing;
    // Said at once, with Cancel: a walk over shared storage can take seconds.
    await this.panel?.post({ type: 'busy', text: vscode.l10n.t('Finding the files of {0}…', this.source.pattern) });
    const { listing, changed } = await datasetFilesAgain(this.source.folder, this.source.pattern, before, signal);
    this.listing = listing;
    if (!changed) return;
    // The table's counts are of the old files (one still being written has grown): it starts again.
    this.tableOf?.table.cancel();
    this.tableOf = undefined;
    this.output.info(`Dataset ${sourceTitle(this.source)}: ${listing.files.length} files now, ${formatBytes(listing.bytes)}`);
    if (!listing.files.some((f) => f.file === this.first)) {
      this.structure = await this.shownStructure();
      await this.panel?.post({ type: 'structure', structure: this.structure, labels: explorerLabels() });
      return;
    }
    if (this.structure?.dataset) this.structure = { ...this.structure, size: listing.bytes, dataset: { ...this.structure.dataset, files: listing.files.length, bytes: listing.bytes } };
    await this.panel?.post({ type: 'datasetFiles', files: listing.files.length, bytes: listing.bytes });
  }

  private table(): ExplorerTable {
    if (this.tableOf?.file !== this.first) {
      const dataset = this.source.kind === 'dataset' && this.listing ? { folder: this.source.folder, files: this.listing.files.map((f) => f.file), counts: this.counts } : undefined;
      this.tableOf = { file: this.first, table: new ExplorerTable(this.first, dataset, this.data, this.output) };
    }
    return this.tableOf.table;
  }

  /** Tells the page what went wrong; expression errors point into their field. */
  private async fail(err: unknown): Promise<void> {
    if (err instanceof DataJobError && err.name === 'ExpressionError') {
      // The table's expressions are not the form's: their errors are said in the table (rows()).
      await this.panel?.post({ type: 'error', message: errorText(err), field: err.field === 'scan' ? undefined : err.field, start: err.start, end: err.end });
      return;
    }
    const notice = logError(this.output, `Data explorer (${this.source.kind === 'file' ? path.basename(this.first) : sourceTitle(this.source)})`, err);
    await this.panel?.post({ type: 'error', message: notice });
  }

  dispose(): void {
    this.running?.abort();
  }
}
