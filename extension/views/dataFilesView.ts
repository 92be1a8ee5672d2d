// The Data view: the ROOT, HDF5, parquet and npz files in the workspace, found with the user's
// include/exclude globs and kept current by a file watcher.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DATA_FORMAT_LABELS, dataFormatOf } from '../../core/data/dataFormats';
import { formatBytes } from '../../core/text/formatting';
import { onSettingsChanged, readSetting } from '../settings';

interface DataFileEntry {
  readonly uri: vscode.Uri;
  readonly size: number | undefined;
}

export class DataFilesProvider implements vscode.TreeDataProvider<DataFileEntry>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [this.changed];
  private watcher: vscode.FileSystemWatcher | undefined;

  constructor() {
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

  async getChildren(element?: DataFileEntry): Promise<DataFileEntry[]> {
    if (element || !vscode.workspace.workspaceFolders?.length) return [];
    const uris = await vscode.workspace.findFiles(
      readSetting('hai.data.include'),
      readSetting('hai.data.exclude'),
      readSetting('hai.data.maxFiles'),
    );
    const known = uris.filter((uri) => dataFormatOf(uri.path) !== undefined);
    const entries = await Promise.all(
      known.map(async (uri) => {
        // A file may vanish between the search and the stat; it is still listed, without a size.
        const size = await Promise.resolve(vscode.workspace.fs.stat(uri)).then((s) => s.size, () => undefined);
        return { uri, size };
      }),
    );
    return entries.sort((a, b) => a.uri.path.localeCompare(b.uri.path));
  }

  getTreeItem(entry: DataFileEntry): vscode.TreeItem {
    const format = dataFormatOf(entry.uri.path);
    const item = new vscode.TreeItem(path.posix.basename(entry.uri.path), vscode.TreeItemCollapsibleState.None);
    item.resourceUri = entry.uri;
    const folder = path.posix.dirname(vscode.workspace.asRelativePath(entry.uri, false));
    const parts = [format ? DATA_FORMAT_LABELS[format] : '', entry.size !== undefined ? formatBytes(entry.size) : ''];
    if (folder !== '.') parts.push(folder);
    item.description = parts.filter(Boolean).join(' · ');
    item.tooltip = vscode.workspace.asRelativePath(entry.uri, true);
    item.contextValue = format ? `hai.dataFile.${format}` : 'hai.dataFile';
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
