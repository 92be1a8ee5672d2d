// "Convert Labels of a Folder…": the images of a folder (and an images/ folder under it), their labels
// in whatever format each has (or one the user names), written in another format beside them. The
// plan comes first (progress, Cancel): what each format cannot hold, files that would be replaced and
// label files that cannot be read are said in one question before anything is written; then the run
// (progress, Cancel) writes whole files only; the sources are never touched.
import * as path from 'node:path';
import { readdir } from 'node:fs/promises';
import * as vscode from 'vscode';
import { planConversion } from '../../core/annotation/convertFolder';
import { runConversion } from '../../core/annotation/convertRun';
import { LABEL_FORMATS, type LabelFormatId } from '../../core/annotation/formats';
import { isImageFile } from '../../core/annotation/labelFiles';
import { english } from '../../core/text/message';
import { errorText, translate } from '../errorNotice';
import { pickLocalFolder } from '../folderPicker';
import { englishCount, fileCount, imageCount, labelCount } from '../plural';
import { readSetting } from '../settings';
import { formatName } from './annotationDocument';

/** The images of the folder, and of its images/ subfolders (a YOLO dataset's layout), in natural order. */
async function imagesOf(folder: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isFile() && isImageFile(e.name)) out.push(full);
      // images/, images/train, images/val: as deep as Ultralytics' layout goes.
      else if (e.isDirectory() && depth < 2 && (e.name === 'images' || path.basename(dir) === 'images')) await walk(full, depth + 1);
    }
  };
  await walk(folder, 0);
  return out.sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
}

export async function convertLabels(output: vscode.LogOutputChannel, folder?: vscode.Uri): Promise<void> {
  const chosen = await pickLocalFolder(folder, { openLabel: vscode.l10n.t('Convert'), title: vscode.l10n.t('Choose the folder whose labels to convert') }, (uri) =>
    vscode.l10n.t('The annotation editor opens images on this machine only; {0} is not one.', uri),
  );
  if (!chosen) return;
  const images = await imagesOf(chosen.fsPath);
  if (images.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('{0} holds no PNG, JPEG or TIFF images.', path.basename(chosen.fsPath)));
    return;
  }
  const formats = Object.keys(LABEL_FORMATS) as LabelFormatId[];
  const from = await vscode.window.showQuickPick(
    [{ label: vscode.l10n.t('Whatever each image has'), id: 'auto' as const }, ...formats.map((f) => ({ label: formatName(f), id: f }))],
    { placeHolder: vscode.l10n.t('Convert labels from') },
  );
  if (!from) return;
  const to = await vscode.window.showQuickPick(
    formats.filter((f) => f !== from.id).map((f) => ({ label: formatName(f), id: f })),
    { placeHolder: vscode.l10n.t('Convert the labels of {0} to', imageCount(images.length)) },
  );
  if (!to) return;
  const root = vscode.workspace.getWorkspaceFolder(chosen)?.uri.fsPath;
  let plan;
  try {
    plan = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Reading the labels of {0}…', path.basename(chosen.fsPath)), cancellable: true }, (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      let last = 0;
      return planConversion(images, from.id, to.id, {
        root,
        preferred: readSetting('hai.annotation.defaultFormat'),
        signal: abort.signal,
        onProgress: (done, total) => {
          progress.report({ message: vscode.l10n.t('{0} of {1}', done, imageCount(total)), increment: ((done - last) / total) * 100 });
          last = done;
        },
      });
    });
  } catch (err) {
    if ((err as Error).name !== 'AbortError') void vscode.window.showErrorMessage(vscode.l10n.t('The labels could not be read: {0}', errorText(err)));
    return;
  }
  const { totals } = plan;
  if (totals.converted === 0) {
    void vscode.window.showInformationMessage(
      totals.images === 1
        ? vscode.l10n.t('Nothing to convert: the image has no labels to write as {0}.', formatName(to.id))
        : vscode.l10n.t('Nothing to convert: none of the {0} images has labels to write as {1}.', totals.images, formatName(to.id)),
    );
    return;
  }
  const detail = [
    vscode.l10n.t('Written as {0}: {1} of {2}.', formatName(to.id), labelCount(totals.labels), imageCount(totals.converted)),
    ...(plan.losses.length ? [vscode.l10n.t('Not kept as they are ({0}):', plan.losses.length), ...plan.losses.slice(0, 8).map(translate), ...(plan.losses.length > 8 ? [vscode.l10n.t('…and {0} more.', plan.losses.length - 8)] : [])] : []),
    ...(plan.overwrites.length ? [vscode.l10n.t('Replaced ({0}):', plan.overwrites.length), ...plan.overwrites.slice(0, 5).map((o) => `${vscode.workspace.asRelativePath(o.file, false)}: ${translate(o.reason)}`)] : []),
    ...(plan.problems.length ? [vscode.l10n.t('Left out, their label files cannot be read ({0}):', plan.problems.length), ...plan.problems.slice(0, 5).map((p) => `${path.basename(p.image)}: ${translate(p.reason)}`)] : []),
    vscode.l10n.t('The source label files are not changed.'),
  ].join('\n');
  const convert = vscode.l10n.t('Convert');
  const choice = await vscode.window.showWarningMessage(vscode.l10n.t('Convert the labels of {0} to {1}?', path.basename(chosen.fsPath), formatName(to.id)), { modal: true, detail }, convert);
  if (choice !== convert) return;
  const summary = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Writing {0} labels…', formatName(to.id)), cancellable: true }, (progress, token) => {
    const abort = new AbortController();
    token.onCancellationRequested(() => abort.abort());
    let last = 0;
    return runConversion(plan, {
      signal: abort.signal,
      onProgress: (done, total) => {
        progress.report({ increment: ((done - last) / total) * 100 });
        last = done;
      },
    });
  });
  output.info(`Annotation: converted ${englishCount(summary.written, 'image')} of ${chosen.fsPath} from ${from.id} to ${to.id}: ${englishCount(summary.files.length, 'file')}, ${summary.skipped.length} skipped${summary.aborted ? `, stopped with ${summary.remaining} left` : ''}`);
  for (const s of summary.skipped) output.warn(`Annotation: conversion left out ${s.image}: ${english(s.reason)}`);
  const message = summary.aborted
    ? vscode.l10n.t('Conversion stopped: {0} written as {1}, {2} not; the files written are whole.', imageCount(summary.written), formatName(to.id), summary.remaining)
    : vscode.l10n.t('Converted the labels of {0} to {1} ({2}).', imageCount(summary.written), formatName(to.id), fileCount(summary.files.length));
  if (summary.skipped.length) void vscode.window.showWarningMessage(`${message} ${vscode.l10n.t('{0} left out: {1}', summary.skipped.length, summary.skipped.slice(0, 3).map((s) => `${path.basename(s.image)} (${translate(s.reason)})`).join('; '))}`);
  else void vscode.window.showInformationMessage(message);
}
