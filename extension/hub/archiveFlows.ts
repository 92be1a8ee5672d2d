// The hub's archive actions with their UI: Extract (a progress notification with Cancel, then one
// notice with Reveal and Delete Archive, for one archive or a whole dataset) and Delete Archive (after
// one modal confirmation). The work itself is core/hub/extract.ts; the controller keeps what is
// recorded about each archive.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { logError } from '../errorNotice';
import { extractArchive, type ExtractResult, removeExtractedArchive } from '../../core/hub/extract';
import { ExtractError } from '../../core/hub/extractChecks';
import { formatBytes } from '../../core/text/formatting';
import { withStepProgress } from '../stepProgress';
import type { HubTarget } from '../../core/hub/hubTargets';
import type { HubController } from './hubController';
import { fileCount } from '../plural';

/** Archives being extracted now: a second Extract of the same one is ignored. */
const extracting = new Set<string>();

/** Deletes extracted archives after one modal confirmation; the extracted files stay. */
export async function removeArchivesConfirmed(hub: HubController, targets: readonly HubTarget[], output: vscode.LogOutputChannel): Promise<void> {
  const todo = targets.flatMap((target) => {
    const archive = hub.localPath(target);
    const extraction = hub.extraction(target);
    return archive && extraction && !extraction.archiveRemovedAt ? [{ target, archive, extraction }] : [];
  });
  if (todo.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('{0} is not an extracted archive on this machine.', targets[0]?.file.name ?? ''));
    return;
  }
  const remove = todo.length === 1 ? vscode.l10n.t('Delete Archive') : vscode.l10n.t('Delete Archives');
  const bytes = formatBytes(todo.reduce((sum, t) => sum + t.extraction.archiveBytes, 0));
  const files = todo.reduce((sum, t) => sum + t.extraction.files, 0);
  const folder = path.dirname(todo[0].archive);
  const choice = await vscode.window.showWarningMessage(
    todo.length === 1 ? vscode.l10n.t('Delete {0} ({1})?', todo[0].target.file.name, bytes) : vscode.l10n.t('Delete {0} archives of {1} ({2})?', todo.length, todo[0].target.owner.entry.name, bytes),
    { modal: true, detail: vscode.l10n.t('The extracted files ({0}) stay in {1}. Extracting again needs a new download.', files, folder) },
    remove,
  );
  if (choice !== remove) return;
  let freed = 0;
  for (const { target, archive } of todo) {
    try {
      const n = await removeExtractedArchive(archive);
      freed += n;
      output.info(`Removed ${archive} after its extraction: ${n} bytes freed`);
    } catch (err) {
      const notice = logError(output, `Removing ${archive} failed`, err);
      void vscode.window.showErrorMessage(vscode.l10n.t('{0} was not deleted: {1}', target.file.name, notice));
    } finally {
      await hub.noteExtraction(archive); // the marker may say "removed" even when the deletion failed
    }
  }
  if (freed > 0) void vscode.window.showInformationMessage(vscode.l10n.t('Deleted {0}: {1} freed.', todo.length === 1 ? todo[0].target.file.name : vscode.l10n.t('{0} archives', todo.length), formatBytes(freed)));
}

/** Unpacks downloaded archives into their folder, one after another, in a notification with progress and Cancel. */
export async function extractWithProgress(hub: HubController, targets: readonly HubTarget[], output: vscode.LogOutputChannel): Promise<void> {
  const todo = targets.flatMap((t) => {
    const local = hub.localPath(t);
    const kind = hub.archiveKind(t);
    return local && kind && !extracting.has(local) ? [{ target: t, local, kind }] : [];
  });
  if (todo.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Nothing to extract: download the archive first.'));
    return;
  }
  const title = todo.length === 1 ? todo[0].target.file.name : `${todo[0].target.owner.entry.name} (${todo.length})`;
  const done: { target: HubTarget; result: ExtractResult }[] = [];
  await withStepProgress(vscode.l10n.t('Extracting {0}', title), todo, async ({ target, local, kind }, report, signal) => {
    extracting.add(local);
    try {
      const result = await extractArchive(local, kind, {
        signal,
        onProgress: (p) => report(p.read / Math.max(1, p.total), [vscode.l10n.t('{0} of {1}', formatBytes(p.read), formatBytes(p.total)), fileCount(p.files)]),
        // Another window holds this archive's extraction: say why nothing moves; Cancel still works.
        onWaiting: (holder) => {
          output.info(`Waiting for process ${holder?.pid ?? '?'} on ${holder?.hostname ?? '?'}, which is extracting ${local}`);
          report(0, [vscode.l10n.t('Another window is extracting {0}; waiting for it to finish…', target.file.name)]);
        },
      });
      output.info(
        (result.byAnotherProcess ? `Another window extracted ${local} while this one waited; its record: ` : '') +
          `Extracted ${local} into ${result.dir}: ${result.files} files, ${result.bytes} bytes in ${result.seconds.toFixed(1)} s; top level: ${result.topLevel.join(', ')}; ${result.replaced} replaced` +
          (result.skipped.length ? `; skipped (not files or folders): ${result.skipped.join(', ')}` : ''),
      );
      await hub.noteExtraction(local);
      done.push({ target, result });
      return 'next';
    } catch (err) {
      const notice = logError(output, `Extraction of ${local} failed`, err);
      if (err instanceof ExtractError && err.kind === 'cancelled') {
        void vscode.window.showInformationMessage(vscode.l10n.t('Extraction of {0} cancelled; nothing was changed.', target.file.name));
      } else {
        void vscode.window.showErrorMessage(vscode.l10n.t('Extraction of {0} failed: {1}', target.file.name, notice));
      }
      return 'stop';
    } finally {
      extracting.delete(local);
    }
  });
  notifyExtracted(hub, done, output);
}

/** One notice for what was extracted, with Reveal and Delete Archive(s). */
function notifyExtracted(hub: HubController, done: readonly { target: HubTarget; result: ExtractResult }[], output: vscode.LogOutputChannel): void {
  if (done.length === 0) return;
  const { target, result } = done[0];
  const files = done.reduce((sum, d) => sum + d.result.files, 0);
  const bytes = formatBytes(done.reduce((sum, d) => sum + d.result.bytes, 0));
  const skippedCount = done.reduce((sum, d) => sum + d.result.skipped.length, 0);
  const text =
    done.length > 1
      ? vscode.l10n.t('Extracted {0} archives of {1}: {2} files ({3}) into {4}.', done.length, target.owner.entry.name, files, bytes, result.dir)
      : files === 1
        ? vscode.l10n.t('Extracted {0}: 1 file ({1}) into {2}.', target.file.name, bytes, result.dir)
        : vscode.l10n.t('Extracted {0}: {1} files ({2}) into {3}.', target.file.name, files, bytes, result.dir);
  const skipped = skippedCount === 0 ? '' : ' ' + (skippedCount === 1 ? vscode.l10n.t('1 link or special file was skipped (see the HAI output).') : vscode.l10n.t('{0} links or special files were skipped (see the HAI output).', skippedCount));
  const reveal = vscode.l10n.t('Reveal');
  const remove = done.length === 1 ? vscode.l10n.t('Delete Archive') : vscode.l10n.t('Delete Archives');
  void vscode.window.showInformationMessage(text + skipped, reveal, remove).then((c) => {
    if (c === reveal) void vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(path.join(result.dir, result.topLevel[0] ?? '')));
    if (c === remove) void removeArchivesConfirmed(hub, done.map((d) => d.target), output);
  });
}
