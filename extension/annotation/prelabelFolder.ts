// Pre-labelling a whole folder: the detection model runs over every image (progress, Cancel), and its
// suggestions are kept per image (SuggestionStore) for review — they appear as pending shapes when the
// image is opened, to accept or reject; label files are not touched. An image open in an editor gets
// its suggestions there at once.
import * as path from 'node:path';
import { readdir } from 'node:fs/promises';
import * as vscode from 'vscode';
import { isImageFile } from '../../core/annotation/labelFiles';
import { ANNOTATION_EDITOR_VIEW_TYPE } from '../../core/protocol/views';
import { errorText } from '../errorNotice';
import { pickLocalFolder } from '../folderPicker';
import { englishCount, imageCount, suggestionCount } from '../plural';
import type { AnnotationAssist } from './annotationAssist';
import type { AnnotationEditor } from './annotationEditor';

export async function prelabelFolder(editor: AnnotationEditor, assist: AnnotationAssist, output: vscode.LogOutputChannel, folder?: vscode.Uri): Promise<void> {
  const chosen = await pickLocalFolder(folder, { openLabel: vscode.l10n.t('Pre-label'), title: vscode.l10n.t('Choose the folder of images to pre-label') }, (uri) =>
    vscode.l10n.t('The annotation editor opens images on this machine only; {0} is not one.', uri),
  );
  if (!chosen) return;
  const images = (await readdir(chosen.fsPath).catch(() => [] as string[]))
    .filter(isImageFile)
    .sort((a, b) => a.localeCompare(b, undefined, { numeric: true }))
    .map((n) => path.join(chosen.fsPath, n));
  if (images.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('{0} holds no PNG, JPEG or TIFF images.', path.basename(chosen.fsPath)));
    return;
  }
  let model: string;
  try {
    model = assist.modelPath();
  } catch (err) {
    void vscode.window.showErrorMessage(errorText(err));
    return;
  }
  const start = images.length === 1 ? vscode.l10n.t('Pre-label 1 Image') : vscode.l10n.t('Pre-label {0} Images', images.length);
  const go = await vscode.window.showInformationMessage(
    vscode.l10n.t('Pre-label {0} in {1} with {2}?', imageCount(images.length), path.basename(chosen.fsPath), path.basename(model)),
    { modal: true, detail: vscode.l10n.t('The suggestions are kept for review: open an image to accept or reject them. Label files are not changed.') },
    start,
  );
  if (go !== start) return;
  let suggested = 0;
  let done = 0;
  const failed: string[] = [];
  const started = performance.now();
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Pre-labelling {0}', path.basename(chosen.fsPath)), cancellable: true }, async (progress, token) => {
    const abort = new AbortController();
    token.onCancellationRequested(() => abort.abort());
    const detector = await assist.detector();
    const source = path.basename(model);
    for (const image of images) {
      if (abort.signal.aborted) break;
      progress.report({ message: vscode.l10n.t('{0} of {1}: {2}', done + 1, images.length, path.basename(image)), increment: 100 / images.length });
      try {
        const open = editor.documentOf(image);
        const raster = open ? open.image.raster : (await editor.decoder.decode(image, 0, abort.signal)).raster;
        const detections = await detector.detect(raster);
        suggested += detections.length;
        if (open) editor.suggest(open, detections.map((d) => ({ shape: { id: 'new', kind: 'box', label: d.label, ...d.box }, score: d.score, source })), vscode.l10n.t('Pre-label ({0})', suggestionCount(detections.length)));
        else await editor.suggestionStore.put(image, { source, suggestions: detections.map((d) => ({ label: d.label, score: d.score, box: d.box })) });
      } catch (err) {
        if (abort.signal.aborted) break;
        failed.push(`${path.basename(image)}: ${errorText(err)}`);
      }
      done++;
    }
  });
  output.info(`Annotation: pre-labelled ${done} of ${englishCount(images.length, 'image')} of ${chosen.fsPath} with ${model} in ${((performance.now() - started) / 1000).toFixed(1)} s: ${englishCount(suggested, 'suggestion')}, ${failed.length} failed${failed.length ? `: ${failed.join('; ')}` : ''}`);
  const openFirst = vscode.l10n.t('Open the First Image');
  const summary =
    done < images.length
      ? vscode.l10n.t('Pre-labelling stopped after {0} of {1}: {2} kept for review.', done, imageCount(images.length), suggestionCount(suggested))
      : vscode.l10n.t('Pre-labelled {0}: {1} kept for review. Open an image to accept or reject them (D and A walk the folder).', imageCount(images.length), suggestionCount(suggested));
  const choice = failed.length
    ? await vscode.window.showWarningMessage(`${summary} ${vscode.l10n.t('{0} could not be read: {1}', imageCount(failed.length), failed.slice(0, 3).join('; '))}`, openFirst)
    : await vscode.window.showInformationMessage(summary, openFirst);
  if (choice === openFirst) await vscode.commands.executeCommand('vscode.openWith', vscode.Uri.file(images[0]), ANNOTATION_EDITOR_VIEW_TYPE);
}
