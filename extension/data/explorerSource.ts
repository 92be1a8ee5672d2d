// What an explorer page shows (a file, or a dataset: a folder and a glob), its title, and what the Data
// view asked it to draw before it was ready.
import * as path from 'node:path';
import type * as vscode from 'vscode';
import type { DatasetListing } from '../../core/data/datasetFiles';
import type { PlotRequest } from '../../core/protocol/dataExplorerMessages';

export type ExplorerSource = { readonly kind: 'file'; readonly uri: vscode.Uri } | { readonly kind: 'dataset'; readonly folder: string; readonly pattern: string; readonly listing: DatasetListing };

/** What the Data view asked a page to draw before it was ready: a histogram of the form, or an object stored in the file. */
export type PendingDraw = { readonly kind: 'plot'; readonly request: PlotRequest } | { readonly kind: 'object'; readonly name: string };

export function sourceTitle(source: ExplorerSource): string {
  return source.kind === 'file' ? path.basename(source.uri.fsPath) : `${path.basename(source.folder)}/${source.pattern}`;
}
