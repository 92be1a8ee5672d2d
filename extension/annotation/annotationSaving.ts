// Saving the labels of an annotation document: Save, Save As (the image copied with its labels),
// Revert, and the pending suggestions kept for later. A save first says what the format cannot hold
// (asked once per loss) and refuses to write over a file that changed on disk unless the user says
// so. Apart from the provider so that every way labels reach the disk is in one place.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { type ClassList, targetFor } from '../../core/annotation/labelFiles';
import { english, type Message } from '../../core/text/message';
import { LabelFileChanged, loadLabels, mergeClasses, planSave, saveAsClasses, saveLabels } from '../../core/annotation/labelIo';
import type { SuggestionStore } from '../../core/annotation/suggestionStore';
import { COMMANDS } from '../../core/protocol/commands';
import { type AnnotationDocument, formatName } from './annotationDocument';
import { translate } from '../errorNotice';
import { englishCount } from '../plural';
import { defaultFormat, problemMessage, rootOf } from './annotationOpening';

/** What saving needs of the editor. */
export interface AnnotationSaver {
  readonly suggestionStore: SuggestionStore;
  readonly output: vscode.LogOutputChannel;
}

/** Save: the labels to the document's label file, and the document is clean. */
export async function saveAnnotations(saver: AnnotationSaver, document: AnnotationDocument): Promise<void> {
  await write(saver, document, document.info, document.target, { classes: document.classesToSave(), classList: document.classList }, true);
}

/** Save As: the image copied to `destination`, its labels beside the copy; the document stays as it is. */
export async function saveAnnotationsAs(saver: AnnotationSaver, document: AnnotationDocument, destination: vscode.Uri): Promise<void> {
  if (destination.scheme !== 'file') throw new Error(vscode.l10n.t('The annotation editor saves to files on this machine only.'));
  if (document.frameRef) throw new Error(vscode.l10n.t('Save As copies an image with its labels; a frame of an HDF5 file is saved with Save (its labels are named {0}).', path.basename(document.labelImage)));
  // Save As copies the image and writes its labels beside the copy, in the same format.
  if (destination.fsPath !== document.file) await vscode.workspace.fs.copy(document.uri, destination, { overwrite: true });
  const target = targetFor(destination.fsPath, document.target.format, document.target.format === 'coco' ? document.target.file : undefined);
  const info = { ...document.info, file: destination.fsPath };
  // The copy's labels are numbered by, and extend, the class list of where the copy goes.
  const classes = await saveAsClasses(info, target, rootOf(destination.fsPath), document.state.labels);
  await write(saver, document, info, target, classes, false);
}

/** Revert: the labels read again from disk. Returns why they could not be read, if they could not. */
export async function revertAnnotations(document: AnnotationDocument): Promise<Message | undefined> {
  const loaded = await loadLabels(document.info, defaultFormat(), rootOf(document.file));
  document.reload(loaded);
  return loaded.problem;
}

async function write(saver: AnnotationSaver, document: AnnotationDocument, info: AnnotationDocument['info'], target: AnnotationDocument['target'], { classes, classList }: { classes: readonly string[]; classList: ClassList }, markSaved: boolean): Promise<void> {
  if (document.problem) throw new Error(problemMessage(document.problem));
  const annotation = document.annotation();
  const plan = await planSave(info, target, annotation, classList.classes.length ? mergeClasses(classList.classes, classes) : classes);
  // Asked once per loss: VS Code in a browser saves a second after every edit (files.autoSave is
  // afterDelay there), and the page shows what the format does not keep all along (labelsPayload).
  // A loss is known by its English words, the same whatever language it is shown in.
  if (plan.losses.some((loss) => !document.acceptedLosses.has(english(loss)))) {
    const saveAnyway = vscode.l10n.t('Save Anyway');
    const choose = vscode.l10n.t('Choose Another Format…');
    const shown = plan.losses.slice(0, 6).map(translate).join('\n');
    const more = plan.losses.length > 6 ? `\n${vscode.l10n.t('…and {0} more.', plan.losses.length - 6)}` : '';
    const choice = await vscode.window.showWarningMessage(vscode.l10n.t('{0} cannot hold all the labels of {1}:', formatName(target.format), path.basename(info.file)), { modal: true, detail: `${shown}${more}` }, saveAnyway, choose);
    if (choice === choose) {
      await vscode.commands.executeCommand(COMMANDS.annotationChooseFormat);
      throw new vscode.CancellationError();
    }
    if (choice !== saveAnyway) throw new vscode.CancellationError();
    for (const loss of plan.losses) document.acceptedLosses.add(english(loss));
  }
  let result;
  try {
    result = await saveLabels(info, target, annotation, classes, { stamp: markSaved ? document.stamp : undefined, overwrite: !markSaved, classList });
  } catch (err) {
    if (!(err instanceof LabelFileChanged)) throw err;
    const overwrite = vscode.l10n.t('Overwrite');
    const choice = await vscode.window.showWarningMessage(vscode.l10n.t('{0} changed on disk since it was opened (another window or program wrote it). Overwrite it with these labels?', path.basename(target.file)), { modal: true }, overwrite);
    if (choice !== overwrite) throw new vscode.CancellationError();
    result = await saveLabels(info, target, annotation, classes, { overwrite: true, classList });
  }
  saver.output.info(`Annotation: saved ${englishCount(annotation.shapes.length, 'label')} of ${info.file} to ${target.file} (${target.format})`);
  if (markSaved) {
    document.markSaved(result.stamp, result.classList);
    await keepSuggestions(saver, document);
  }
}

/** What is still pending of a document's suggestions goes back to the store (nothing: the entry goes). */
export async function keepSuggestions(saver: AnnotationSaver, document: AnnotationDocument): Promise<void> {
  if (document.frameRef) return;
  const pending = document.state.entries.filter((e) => e.suggestion && e.shape.kind === 'box');
  const source = pending[0]?.suggestion?.source ?? '';
  await saver.suggestionStore
    .put(document.file, { source, suggestions: pending.map((e) => ({ label: e.shape.label, score: e.suggestion!.score, box: { x: (e.shape as { x: number }).x, y: (e.shape as { y: number }).y, width: (e.shape as { width: number }).width, height: (e.shape as { height: number }).height } })) })
    .catch((err: Error) => saver.output.warn(`Annotation: the pending suggestions of ${document.file} were not kept: ${err.message}`));
}
