// The Data view: the ROOT, HDF5, parquet and NumPy files and PyTorch checkpoints in the workspace, found with the user's
// include/exclude globs and kept current by a file watcher. A file expands to its trees and branches,
// groups and datasets, columns or arrays, a checkpoint's parts, tensors and values, read in the data workers; a branch's Histogram action opens
// the file's explorer and draws it. Only what is expanded is read.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DATA_FORMAT_LABELS, dataFormatOf, EXPLORER_FORMATS } from '../../core/data/dataFormats';
import type { ColumnInfo, ObjectInfo, TableInfo } from '../../core/protocol/dataExplorerMessages';
import { COMMANDS } from '../../core/protocol/commands';
import { DATA_EXPLORER_VIEW_TYPE } from '../../core/protocol/views';
import { formatBytes } from '../../core/text/formatting';
import type { DataService } from '../data/dataService';
import { errorText } from '../errorNotice';
import { onSettingsChanged, readSetting } from '../settings';

export type DataNode =
  | { readonly kind: 'file'; readonly uri: vscode.Uri; readonly size: number | undefined }
  | { readonly kind: 'table'; readonly uri: vscode.Uri; readonly table: TableInfo; readonly tensors: boolean }
  | { readonly kind: 'column'; readonly uri: vscode.Uri; readonly table: string; readonly column: ColumnInfo }
  | { readonly kind: 'object'; readonly uri: vscode.Uri; readonly object: ObjectInfo }
  | { readonly kind: 'values'; readonly uri: vscode.Uri; readonly objects: readonly ObjectInfo[]; readonly metadata: boolean }
  | { readonly kind: 'note'; readonly text: string; readonly tooltip?: string };

export class DataFilesProvider implements vscode.TreeDataProvider<DataNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [this.changed];
  private watcher: vscode.FileSystemWatcher | undefined;

  constructor(private readonly data: DataService) {
    this.watch();
    this.subscriptions.push(
      onSettingsChanged(['hai.data.include', 'hai.data.exclude', 'hai.data.maxFiles'], () => {
        this.watch();
        this.refresh();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.refresh()),
    );
  }

  refresh(): void {
    this.changed.fire();
  }

  async getChildren(node?: DataNode): Promise<DataNode[]> {
    if (!node) return this.files();
    if (node.kind === 'file') return this.structureOf(node.uri);
    if (node.kind === 'table') return node.table.columns.map((column) => ({ kind: 'column', uri: node.uri, table: node.table.name, column }));
    if (node.kind === 'values') return node.objects.map((object) => ({ kind: 'object', uri: node.uri, object }));
    return [];
  }

  private async files(): Promise<DataNode[]> {
    if (!vscode.workspace.workspaceFolders?.length) return [];
    const uris = await vscode.workspace.findFiles(readSetting('hai.data.include'), readSetting('hai.data.exclude'), readSetting('hai.data.maxFiles'));
    const known = uris.filter((uri) => dataFormatOf(uri.path) !== undefined);
    const entries = await Promise.all(
      known.map(async (uri): Promise<DataNode> => {
        // A file may vanish between the search and the stat; it is still listed, without a size.
        const size = await Promise.resolve(vscode.workspace.fs.stat(uri)).then((s) => s.size, () => undefined);
        return { kind: 'file', uri, size };
      }),
    );
    return entries.sort((a, b) => (a.kind === 'file' && b.kind === 'file' ? a.uri.path.localeCompare(b.uri.path) : 0));
  }

  /** A file's trees (a NumPy file's arrays directly) and other objects; a note when it cannot be read. */
  private async structureOf(uri: vscode.Uri): Promise<DataNode[]> {
    try {
      const s = await this.data.structure(uri.fsPath);
      const numpy = s.tables.length === 1 && s.tables[0].name === '';
      const tables: DataNode[] = numpy
        ? s.tables[0].columns.map((column) => ({ kind: 'column', uri, table: '', column }))
        : s.tables.map((table) => ({ kind: 'table', uri, table, tensors: s.format === 'torch' || s.format === 'safetensors' }));
      // A checkpoint's values (epoch, hyper-parameters, a Lightning checkpoint's dozens of counters) or a safetensors file's metadata under one node.
      if (s.format === 'torch' || s.format === 'safetensors') return [...tables, ...(s.objects.length ? [{ kind: 'values', uri, objects: s.objects, metadata: s.format === 'safetensors' } as const] : [])];
      return [...tables, ...s.objects.map((object): DataNode => ({ kind: 'object', uri, object }))];
    } catch (err) {
      const message = errorText(err);
      return [{ kind: 'note', text: vscode.l10n.t('Cannot read this file: {0}', message), tooltip: message }];
    }
  }

  getTreeItem(node: DataNode): vscode.TreeItem {
    switch (node.kind) {
      case 'file':
        return this.fileItem(node.uri, node.size);
      case 'table': {
        const t = node.table;
        const item = new vscode.TreeItem(t.name, vscode.TreeItemCollapsibleState.Collapsed);
        // A checkpoint's part ("model", "optimizer") says how many tensors and bytes; a tree, its entries.
        item.description = node.tensors
          ? [t.title, t.bytes !== undefined ? formatBytes(t.bytes) : ''].filter(Boolean).join(' · ')
          : [vscode.l10n.t('{0} entries', t.entries.toLocaleString()), t.storedBytes !== undefined ? formatBytes(t.storedBytes) : ''].filter(Boolean).join(' · ');
        item.tooltip = node.tensors ? [t.name, t.title].join('\n') : [t.name, t.title, (t.columns.length === 1 ? vscode.l10n.t('1 branch') : vscode.l10n.t('{0} branches', t.columns.length))].filter(Boolean).join('\n');
        item.iconPath = new vscode.ThemeIcon('list-tree');
        item.contextValue = 'hai.data.table';
        return item;
      }
      case 'column': {
        const c = node.column;
        const item = new vscode.TreeItem(c.name, vscode.TreeItemCollapsibleState.None);
        const details = [c.type, c.counter ? vscode.l10n.t('counted by {0}', c.counter) : '', c.dims ? `(${c.dims.join(', ')})` : '', c.storedBytes !== undefined ? formatBytes(c.storedBytes) : c.bytes !== undefined ? formatBytes(c.bytes) : ''];
        item.description = details.filter(Boolean).join(' · ');
        item.tooltip = c.shape === 'unsupported' ? vscode.l10n.t('{0}: not numbers, so it cannot be histogrammed.', c.name) : vscode.l10n.t('{0}: click to draw its histogram.', c.name);
        item.iconPath = new vscode.ThemeIcon(c.shape === 'jagged' ? 'symbol-array' : c.shape === 'flat' ? 'symbol-number' : 'symbol-misc');
        item.contextValue = `hai.data.column.${c.shape}`;
        if (c.shape !== 'unsupported') item.command = { command: COMMANDS.histogramDataColumn, title: vscode.l10n.t('Histogram'), arguments: [node] };
        return item;
      }
      case 'object': {
        const o = node.object;
        const item = new vscode.TreeItem(o.name, vscode.TreeItemCollapsibleState.None);
        // A ROOT object's class and size; a checkpoint value's type and value.
        item.description = [o.className, o.storedBytes !== undefined ? formatBytes(o.storedBytes) : o.title].join(' · ');
        item.tooltip = [o.name, o.className, o.title].filter(Boolean).join('\n');
        item.iconPath = new vscode.ThemeIcon('symbol-object');
        item.contextValue = o.drawable ? 'hai.data.object.drawable' : 'hai.data.object';
        // A stored histogram or graph draws on a click, as a branch does.
        if (o.drawable) {
          item.tooltip = [vscode.l10n.t('{0}: click to draw it.', o.name), o.className, o.title].filter(Boolean).join('\n');
          item.command = { command: COMMANDS.drawDataObject, title: vscode.l10n.t('Draw'), arguments: [node] };
        }
        return item;
      }
      case 'values': {
        const item = new vscode.TreeItem(node.metadata ? vscode.l10n.t('Metadata') : vscode.l10n.t('Values'), vscode.TreeItemCollapsibleState.Collapsed);
        item.description = String(node.objects.length);
        item.tooltip = node.metadata ? vscode.l10n.t('The text its writer stored beside the tensors (__metadata__).') : vscode.l10n.t('The checkpoint\'s values other than tensors: epoch, hyper-parameters, counters.');
        item.iconPath = new vscode.ThemeIcon('symbol-variable');
        return item;
      }
      case 'note': {
        const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
        item.tooltip = node.tooltip;
        item.iconPath = new vscode.ThemeIcon('warning');
        return item;
      }
    }
  }

  private fileItem(uri: vscode.Uri, size: number | undefined): vscode.TreeItem {
    const format = dataFormatOf(uri.path);
    const readable = format !== undefined && EXPLORER_FORMATS.has(format) && uri.scheme === 'file';
    const item = new vscode.TreeItem(path.posix.basename(uri.path), readable ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.resourceUri = uri;
    const folder = path.posix.dirname(vscode.workspace.asRelativePath(uri, false));
    const parts = [format ? DATA_FORMAT_LABELS[format] : '', size !== undefined ? formatBytes(size) : ''];
    if (folder !== '.') parts.push(folder);
    item.description = parts.filter(Boolean).join(' · ');
    item.tooltip = vscode.workspace.asRelativePath(uri, true);
    item.contextValue = format ? `hai.dataFile.${format}` : 'hai.dataFile';
    // A click opens the file, as a file of the Explorer view does; the arrow shows what is inside it.
    if (readable) {
      item.tooltip = `${item.tooltip}\n${vscode.l10n.t('Click to open it in the data explorer; the arrow lists what it holds.')}`;
      item.command = { command: 'vscode.openWith', title: vscode.l10n.t('Open in Data Explorer'), arguments: [uri, DATA_EXPLORER_VIEW_TYPE] };
    }
    item.iconPath = new vscode.ThemeIcon('database');
    return item;
  }

  private watch(): void {
    this.watcher?.dispose();
    this.watcher = vscode.workspace.createFileSystemWatcher(readSetting('hai.data.include'));
    const onFs = (): void => this.refresh();
    this.watcher.onDidCreate(onFs);
    this.watcher.onDidDelete(onFs);
  }

  dispose(): void {
    this.watcher?.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
