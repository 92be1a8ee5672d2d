// The data explorer's commands: open a data file in the explorer (from the Data view, the Explorer's
// context menu or the palette, which asks which file), open a folder as a dataset, histogram a
// branch the Data view lists, and draw a histogram or graph stored in a file it lists.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { dataFormatOf, EXPLORER_FORMATS } from '../../core/data/dataFormats';
import { expressionName } from '../../core/text/expressionName';
import type { CommandHandlers } from '../commands';
import { readSetting } from '../settings';
import type { DataNode } from '../views/dataFilesView';
import type { DataExplorer } from './dataExplorer';

export function dataCommands(explorer: DataExplorer): Pick<CommandHandlers, 'openDataExplorer' | 'openDataset' | 'histogramDataColumn' | 'drawDataObject'> {
  return {
    openDataExplorer: async (arg?: unknown) => {
      const uri = arg instanceof vscode.Uri ? arg : isNode(arg) && 'uri' in arg ? arg.uri : await pickFile();
      if (uri) await explorer.openFile(uri);
    },
    openDataset: (arg?: unknown) => explorer.openDataset(arg instanceof vscode.Uri ? arg : undefined),
    histogramDataColumn: async (arg?: unknown) => {
      if (!isNode(arg) || arg.kind !== 'column') return;
      await explorer.plot(arg.uri, { table: arg.table, expression: expressionName(arg.column.name), yExpression: '', entryCut: '', elementCut: '' });
    },
    drawDataObject: async (arg?: unknown) => {
      if (!isNode(arg) || arg.kind !== 'object' || !arg.object.drawable) return;
      await explorer.drawObject(arg.uri, arg.object.name);
    },
  };
}

function isNode(arg: unknown): arg is DataNode {
  return typeof arg === 'object' && arg !== null && 'kind' in arg;
}

async function pickFile(): Promise<vscode.Uri | undefined> {
  const uris = await vscode.workspace.findFiles(readSetting('hai.data.include'), readSetting('hai.data.exclude'), readSetting('hai.data.maxFiles'));
  const readable = uris.filter((u) => {
    const f = dataFormatOf(u.path);
    return f !== undefined && EXPLORER_FORMATS.has(f);
  });
  if (readable.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No ROOT, NumPy or parquet files in this workspace (setting hai.data.include).'));
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    readable.map((uri) => ({ label: path.posix.basename(uri.path), description: vscode.workspace.asRelativePath(uri, false), uri })),
    { placeHolder: vscode.l10n.t('Open which data file?'), matchOnDescription: true },
  );
  return picked?.uri;
}
