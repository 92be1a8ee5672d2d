// What an explorer page gives out of the histogram or stored graph it drew: Copy as Python (the script
// that reproduces it, on the clipboard and optionally in an editor), and the CSV, PNG and SVG saved
// beside the data under a name made from the expression (a graph's name). Each works on what was last
// drawn, so that what is copied or saved is exactly what is shown.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DataExplorerRequests, DataExplorerUpdates, StructurePayload } from '../../core/protocol/dataExplorerMessages';
import type { FitResult } from '../../core/data/fit/histogramFit';
import { shownOverlays } from '../../core/protocol/overlayColours';
import type { HostedPanel } from '../webviewPanels';
import type { StoredGraph } from '../../core/data/root/rootFile';
import { graphCsv } from '../../core/data/graphCsv';
import { graphPython } from '../../core/data/graphPython';
import { graphSvg } from '../../core/data/graphSvg';
import { binEntriesOf, type Drawn, drawnCsv, drawnSvg } from './drawnHistogram';
import { drawnPython } from './drawnPython';
import type { OverlayBoard } from './overlays';
import { type ExportFileSystem, writeExport } from './exportWrite';

/** Targets that are not local files (a virtual workspace's) go through workspace.fs, still by a temporary file and a rename. */
const WORKSPACE_FS: ExportFileSystem<vscode.Uri> = {
  beside: (target, name) => target.with({ path: path.posix.join(path.posix.dirname(target.path), name) }),
  writeFile: (uri, bytes) => Promise.resolve(vscode.workspace.fs.writeFile(uri, bytes)),
  rename: (from, to) => Promise.resolve(vscode.workspace.fs.rename(from, to, { overwrite: true })),
  delete: (uri) => Promise.resolve(vscode.workspace.fs.delete(uri)),
};

/** What the exports read from their page, each time (the page draws, fits and reads its structure meanwhile). */
export interface ExportedPage {
  readonly drawn: () => Drawn | undefined;
  /** A stored graph drawn instead of a histogram. */
  readonly graph: () => StoredGraph | undefined;
  readonly fit: () => FitResult | undefined;
  readonly structure: () => StructurePayload | undefined;
  readonly panel: () => HostedPanel<DataExplorerUpdates> | undefined;
  /** The file the page reads (a dataset's first), the dataset's files, and where to save: the file's folder or the dataset's. */
  readonly first: () => string;
  readonly files: () => readonly string[] | undefined;
  readonly folder: () => string;
  /** The start of a saved file's name: the data file's name without its extension, or the dataset folder's name. */
  readonly base: () => string;
  readonly fail: (err: unknown) => Promise<void>;
}

export class ExplorerExports {
  constructor(
    private readonly page: ExportedPage,
    private readonly overlays: OverlayBoard,
  ) {}

  async copyPython(view: DataExplorerRequests['copyPython']): Promise<void> {
    const drawn = this.page.drawn();
    const graph = this.page.graph();
    const code = graph
      ? graphPython(this.page.first(), graph, { line: view.line ?? true, logX: !!view.logX, logY: !!view.logY })
      : drawn && drawnPython(drawn, { file: this.page.first(), files: this.page.files(), structure: this.page.structure() }, this.page.fit());
    if (code === undefined) return;
    await vscode.env.clipboard.writeText(code);
    await this.page.panel()?.post({ type: 'notice', text: graph ? vscode.l10n.t('Copied: the Python that reproduces this graph is on the clipboard.') : vscode.l10n.t('Copied: the Python that reproduces this histogram is on the clipboard.') });
    const openIt = vscode.l10n.t('Open in Editor');
    const choice = await vscode.window.showInformationMessage(
      graph ? vscode.l10n.t('The Python that reproduces the graph {0} is on the clipboard.', graph.name) : vscode.l10n.t('The Python that reproduces the histogram of {0} is on the clipboard.', drawn!.request.expression),
      openIt,
    );
    if (choice === openIt) await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'python', content: code }));
  }

  async saveCsv(): Promise<void> {
    const graph = this.page.graph();
    if (graph) return this.save(graph.name, 'csv', vscode.l10n.t('CSV'), new TextEncoder().encode(graphCsv(graph)));
    const drawn = this.page.drawn();
    if (!drawn) return;
    await this.save(drawn.request.expression, 'csv', vscode.l10n.t('CSV'), new TextEncoder().encode(drawnCsv(drawn, this.page.fit())));
  }

  async savePng(dataUrl: string): Promise<void> {
    const shown = this.page.graph()?.name ?? this.page.drawn()?.request.expression;
    if (shown === undefined) return;
    await this.save(shown, 'png', vscode.l10n.t('PNG image'), Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64'));
  }

  async saveSvg(m: DataExplorerRequests['saveSvg']): Promise<void> {
    const graph = this.page.graph();
    if (graph) {
      const options = { title: m.title, xLabel: m.xLabel, yLabel: m.yLabel, stats: m.stats, log: m.log, logX: m.logX, line: m.line ?? true };
      return this.save(graph.name, 'svg', vscode.l10n.t('SVG image'), new TextEncoder().encode(graphSvg(graph, options)));
    }
    const drawn = this.page.drawn();
    if (!drawn) return;
    const overlays = shownOverlays(this.overlays.overlays, { profile: !!binEntriesOf(drawn), twoD: !!drawn.result.histogram2d });
    const options = { title: m.title, xLabel: m.xLabel, yLabel: m.yLabel, stats: m.stats, log: m.log, logX: m.logX, normalise: m.normalise, curve: this.page.fit()?.curve, surface: this.page.fit()?.surface };
    await this.save(drawn.request.expression, 'svg', vscode.l10n.t('SVG image'), new TextEncoder().encode(drawnSvg(drawn, options, overlays, m.ratio ? vscode.l10n.t('ratio') : undefined)));
  }

  /** Asks where to save (beside the data, named after the expression or the graph) and writes the file. */
  private async save(shown: string, extension: string, kind: string, bytes: Uint8Array): Promise<void> {
    const slug = shown.replace(/[^A-Za-z0-9_.-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 60) || 'histogram';
    const target = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.file(path.join(this.page.folder(), `${this.page.base()}-${slug}.${extension}`)),
      filters: { [kind]: [extension] },
      title: this.page.graph() ? vscode.l10n.t('Save the graph as {0}', kind) : vscode.l10n.t('Save the histogram as {0}', kind),
    });
    if (!target) return;
    try {
      await writeExport(target, bytes, WORKSPACE_FS);
      await this.page.panel()?.post({ type: 'notice', text: vscode.l10n.t('Saved {0}.', vscode.workspace.asRelativePath(target)) });
    } catch (err) {
      await this.page.fail(err);
    }
  }
}
