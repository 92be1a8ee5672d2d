// Opening an image in the annotation editor, and the hot-exit backup that brings its unsaved labels
// back: which frame an HDF5 URI names, the decode in the decoder's process, the labels on disk, a
// backup found (from VS Code or, in a browser, in our own store), the suggestions a folder run kept,
// and the folder's images to walk. Apart from the provider so that what an open reads is in one place;
// the functions take what they need of the editor (AnnotationOpener) rather than the editor itself.
import { readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { english, type Message } from '../../core/text/message';
import { errorText, translate } from '../errorNotice';
import { englishCount } from '../plural';
import { parseBackup, type SessionBackup, serializeBackup } from '../../core/annotation/backup';
import type { BackupStore } from '../../core/annotation/backupStore';
import type { LabelFormatId } from '../../core/annotation/formats';
import { frameFromQuery, frameImagePath, isHdf5Name } from '../../core/annotation/hdf5FrameNames';
import type { ImageDecoder } from '../../core/annotation/image/imageDecoder';
import { isImageFile } from '../../core/annotation/labelFiles';
import { isSizeProblem, loadLabels } from '../../core/annotation/labelIo';
import type { SuggestionStore } from '../../core/annotation/suggestionStore';
import { readSetting } from '../settings';
import { AnnotationDocument, freshId, type HdfFrame } from './annotationDocument';

/** What opening and backing up a document need of the editor. */
export interface AnnotationOpener {
  readonly decoder: ImageDecoder;
  readonly backups: BackupStore;
  readonly suggestionStore: SuggestionStore;
  readonly output: vscode.LogOutputChannel;
  /** Keeps a document's pending suggestions when they change (annotationSaving.ts). */
  readonly keepSuggestions: (document: AnnotationDocument) => Promise<void>;
}

export function defaultFormat(): LabelFormatId {
  return readSetting('hai.annotation.defaultFormat');
}

export function rootOf(file: string): string | undefined {
  return vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file))?.uri.fsPath;
}

/** The folder's images in natural order (frame_2 before frame_10). */
export async function siblingsOf(file: string): Promise<string[]> {
  const dir = path.dirname(file);
  const names = (await readdir(dir).catch(() => [] as string[])).filter(isImageFile);
  return names.sort((a, b) => a.localeCompare(b, undefined, { numeric: true })).map((n) => path.join(dir, n));
}

/** Why the labels of a document are not shown, with what to do about it. */
export function problemMessage(problem: Message | string): string {
  // A stored image size that is not the image's: the labels are shown, and the problem says what to do.
  if (isSizeProblem(problem)) return translate(problem as Message);
  return vscode.l10n.t('The labels could not be read, so they are not shown and will not be saved over: {0}. Fix the file (or move it away) and use File: Revert File.', typeof problem === 'string' ? problem : translate(problem));
}

/** The body of openCustomDocument: the image, its labels, and unsaved ones from a backup to restore. */
export async function openAnnotationDocument(opener: AnnotationOpener, uri: vscode.Uri, openContext: vscode.CustomDocumentOpenContext, token: vscode.CancellationToken): Promise<AnnotationDocument> {
  if (uri.scheme !== 'file') throw new Error(vscode.l10n.t('The annotation editor opens images on this machine only; {0} is not one.', uri.toString()));
  const abort = new AbortController();
  token.onCancellationRequested(() => abort.abort());
  // An HDF5 file: one frame of one image dataset (named in the URI's query, else the file's first).
  const frameRef = isHdf5Name(uri.fsPath) ? await frameOf(opener.decoder, uri, abort.signal) : undefined;
  // Labels (and backups) are named after the image — for an HDF5 frame, as if exported beside the file.
  const labelImage = frameRef ? frameImagePath(uri.fsPath, frameRef, frameRef.several) : uri.fsPath;
  let backup: SessionBackup | undefined;
  // Desktop VS Code hands its backup back; in a browser the editor can come back without it, and a
  // backup left by the extension host that ran before the reload is found in the store.
  const backupFile = openContext.backupId ? vscode.Uri.parse(openContext.backupId).fsPath : await opener.backups.orphan(labelImage);
  // A backup of the store, found there or handed back by VS Code, is ours to remove once the document
  // is open (removeAfter): its process is gone, so nothing else will, and left there it would be
  // restored again over labels saved since. The open document's own backups replace it.
  let taken: string | undefined;
  if (backupFile) {
    try {
      backup = parseBackup(await readFile(backupFile, 'utf8'));
      opener.output.info(`Annotation: restoring the unsaved labels of ${labelImage} (${englishCount(backup.entries.length, 'shape')}) from ${backupFile}`);
      if (opener.backups.owns(backupFile)) taken = backupFile;
    } catch (err) {
      opener.output.warn(`Annotation: the backup ${backupFile} of ${labelImage} cannot be used: ${err instanceof Error ? err.message : String(err)}`);
      void vscode.window.showWarningMessage(vscode.l10n.t('The unsaved labels of {0} could not be restored ({1}); the label file is shown as saved.', path.basename(labelImage), errorText(err)));
    }
  }
  return opener.backups.removeAfter(taken, () => openDocument(opener, uri, abort.signal, labelImage, frameRef, backup));
}

/** The image decoded, its labels read, and the document made with what is to restore. */
async function openDocument(opener: AnnotationOpener, uri: vscode.Uri, signal: AbortSignal, labelImage: string, frameRef: HdfFrame | undefined, backup: SessionBackup | undefined): Promise<AnnotationDocument> {
  const image = await opener.decoder.decode(uri.fsPath, frameRef ? frameRef.frame : (backup?.page ?? 0), signal, frameRef?.dataset).catch((err: unknown) => {
    throw new Error(vscode.l10n.t('{0} cannot be opened: {1}', path.basename(uri.fsPath), errorText(err)));
  });
  const info = { file: labelImage, width: image.raster.width, height: image.raster.height, channels: image.raster.channels };
  // The labels on disk first; unsaved ones from a backup come as an edit (resolveCustomEditor), so
  // that the editor is dirty and Undo goes back to what is saved.
  const loaded = await loadLabels(info, defaultFormat(), rootOf(uri.fsPath), backup?.target);
  if (loaded.problem) opener.output.warn(`Annotation: the labels of ${labelImage} were not read: ${english(loaded.problem)}`);
  // Suggestions a folder run made for this image come as pending shapes (not an edit: nothing to save yet).
  const stored = backup || frameRef ? undefined : await opener.suggestionStore.get(uri.fsPath);
  const pending = (stored?.suggestions ?? []).map((s) => ({ id: freshId(), shape: { kind: 'box' as const, label: s.label, ...s.box }, suggestion: { score: s.score, source: stored!.source } }));
  const document = new AnnotationDocument(uri, image, loaded, frameRef ? [] : await siblingsOf(uri.fsPath), () => void opener.keepSuggestions(document), pending, labelImage, frameRef);
  document.pendingRestore = backup;
  return document;
}

/** The frame an HDF5 URI names (dataset and frame in its query), checked against the file's image datasets. */
async function frameOf(decoder: ImageDecoder, uri: vscode.Uri, signal: AbortSignal): Promise<HdfFrame> {
  const asked = frameFromQuery(uri.query);
  const name = path.basename(uri.fsPath);
  const sources = await decoder.listFrames(uri.fsPath, signal).catch((err: unknown) => {
    throw new Error(vscode.l10n.t('{0} cannot be opened: {1}', name, errorText(err)));
  });
  const source = asked.dataset ? sources.find((s) => s.path === asked.dataset) : (sources.find((s) => !s.unreadable) ?? sources[0]);
  if (!source) throw new Error(vscode.l10n.t('{0} holds no image datasets (2-D images or 3-D stacks of frames); open it in the data explorer to see what it holds.', name));
  if (source.unreadable) throw new Error(vscode.l10n.t('{0} cannot be opened: {1}', `${name} ${source.path}`, source.unreadableText ? translate(source.unreadableText) : source.unreadable));
  const frame = asked.frame ?? 0;
  if (frame >= source.frames) {
    const dataset = `${name} ${source.path}`;
    throw new Error(source.frames === 1 ? vscode.l10n.t('{0} has 1 frame; frame {1} does not exist.', dataset, frame + 1) : vscode.l10n.t('{0} has {1} frames; frame {2} does not exist.', dataset, source.frames, frame + 1));
  }
  return { dataset: source.path, frame, frames: source.frames, several: sources.length > 1 };
}

/** The body of backupCustomDocument: the unsaved labels of a document, kept in our own store. */
export async function backupAnnotationDocument(opener: Pick<AnnotationOpener, 'backups' | 'output'>, document: AnnotationDocument): Promise<vscode.CustomDocumentBackup> {
  // Kept in our own store (one file per image and process) rather than at context.destination, so
  // that a reopened image finds it even when VS Code does not hand the backup back (code-server).
  // The restore is told apart from a fresh open by the store, not by VS Code's destination.
  const file = await opener.backups.write(
    document.labelImage,
    serializeBackup({ page: document.image.page, target: document.target, classes: document.classes, suggestedClasses: [...document.suggestedClasses], classList: document.classList, entries: document.state.entries, kept: document.kept, stamp: document.stamp, problem: document.problem }),
  );
  opener.output.info(`Annotation: backed up the unsaved labels of ${document.labelImage} to ${file}`);
  return { id: vscode.Uri.file(file).toString(), delete: () => void opener.backups.remove(file) };
}
