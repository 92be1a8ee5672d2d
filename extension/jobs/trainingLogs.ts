// "Open Training Logs": the curves of any folder of training logs — TensorBoard event files,
// Ultralytics' results.csv, Lightning's metrics.csv — of runs trained outside HAI, by hand or by
// one's own sbatch scripts, in the metrics view, without a TensorBoard server (nothing to forward
// from a login node). Each folder under it that holds such files is a run, as TensorBoard counts them.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { findLogRuns } from '../../core/jobs/logdir/logFiles';
import { DEFAULT_LOGDIRS } from '../../core/jobs/runMetrics';
import { errorText } from '../errorNotice';
import { pickLocalFolder } from '../folderPicker';
import type { MetricsPanel } from './metricsPanel';

/** Folders where training scripts usually write event files, offered first from the command palette. */
const USUAL_FOLDERS = [...DEFAULT_LOGDIRS, 'logs', 'tb_logs'];

export async function openTrainingLogs(metrics: MetricsPanel, arg?: unknown): Promise<void> {
  const given = arg instanceof vscode.Uri ? arg : await usualFolder();
  if (given === null) return;
  const folder = await pickLocalFolder(given, { title: vscode.l10n.t('Choose a folder of training logs'), openLabel: vscode.l10n.t('Open Training Logs') }, (uri) =>
    vscode.l10n.t('HAI reads training logs on this machine only; {0} is not one.', uri),
  );
  if (!folder) return;
  try {
    const runs = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Looking for training logs in {0}…', folder.fsPath) }, () =>
      findLogRuns(folder.fsPath),
    );
    if (runs.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('There are no training logs (TensorBoard’s events.out.tfevents.*, results.csv, metrics.csv) in {0} or the folders below it.', folder.fsPath));
      return;
    }
    await metrics.showLogs(folder.fsPath, runs);
  } catch (err) {
    void vscode.window.showErrorMessage(errorText(err));
  }
}

/**
 * From the command palette: the workspace's usual log folders that exist, and "another folder";
 * undefined for the folder dialog, null when the user closed the pick.
 */
async function usualFolder(): Promise<vscode.Uri | undefined | null> {
  const candidates = (vscode.workspace.workspaceFolders ?? []).flatMap((wf) => USUAL_FOLDERS.map((name) => path.join(wf.uri.fsPath, name)));
  // Asynchronous: a hung network mount must not hold the extension host.
  const isFolder = await Promise.all(candidates.map((dir) => fs.stat(dir).then((s) => s.isDirectory(), () => false)));
  const found = candidates.filter((_, i) => isFolder[i]);
  if (found.length === 0) return undefined;
  const other = { label: vscode.l10n.t('Another folder…'), dir: undefined as string | undefined };
  const choice = await vscode.window.showQuickPick(
    [...found.map((dir) => ({ label: path.basename(dir), description: path.dirname(dir), dir })), other],
    { title: vscode.l10n.t('Open Training Logs'), placeHolder: vscode.l10n.t('The folder your training writes its logs to') },
  );
  if (!choice) return null;
  return choice.dir ? vscode.Uri.file(choice.dir) : undefined;
}
