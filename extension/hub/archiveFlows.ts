// The hub's archive actions with their UI: Extract (a progress notification with Cancel, then a notice
// with Reveal and Delete Archive) and Delete Archive (after a modal confirmation). The work itself is
// core/hub/extract.ts; the controller keeps what is recorded about each archive.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { type ExtractError, extractArchive, removeExtractedArchive } from '../../core/hub/extract';
import { formatBytes } from '../../core/text/formatting';
import type { HubController, HubTarget } from './hubController';

/** Archives being extracted now: a second Extract of the same one is ignored. */
const extracting = new Set<string>();

/** Deletes an extracted archive after a modal confirmation; the extracted files stay. */
export async function removeArchiveConfirmed(hub: HubController, target: HubTarget, output: vscode.LogOutputChannel): Promise<void> {
  const archive = hub.localPath(target);
  const extraction = hub.extraction(target);
  if (!archive || !extraction || extraction.archiveRemovedAt) {
    void vscode.window.showInformationMessage(vscode.l10n.t('{0} is not an extracted archive on this machine.', target.file.name));
    return;
  }
  const remove = vscode.l10n.t('Delete Archive');
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t('Delete {0} ({1})?', target.file.name, formatBytes(extraction.archiveBytes)),
    { modal: true, detail: vscode.l10n.t('The extracted files ({0}) stay in {1}. To extract it again, download it again.', extraction.files, path.dirname(archive)) },
    remove,
  );
  if (choice !== remove) return;
  try {
    const freed = await removeExtractedArchive(archive);
    output.info(`Removed ${archive} after its extraction: ${freed} bytes freed`);
    await hub.noteExtraction(archive);
    void vscode.window.showInformationMessage(vscode.l10n.t('Deleted {0}: {1} freed.', target.file.name, formatBytes(freed)));
  } catch (err) {
    const e = err as ExtractError;
    output.error(`Removing ${archive} failed: ${e.message}`);
    await hub.noteExtraction(archive); // the marker may already say "removed"
    void vscode.window.showErrorMessage(vscode.l10n.t('{0} was not deleted: {1} {2}', target.file.name, e.message, e.hint ?? ''));
  }
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
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Extracting {0}', title), cancellable: true },
    async (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      for (const [i, { target, local, kind }] of todo.entries()) {
        let reported = 0;
        extracting.add(local);
        try {
          const result = await extractArchive(local, kind, {
            signal: abort.signal,
            onProgress: (p) => {
              const share = (p.read / Math.max(1, p.total)) * (100 / todo.length);
              const message = [
                todo.length > 1 ? `${i + 1}/${todo.length}` : '',
                vscode.l10n.t('{0} of {1}', formatBytes(p.read), formatBytes(p.total)),
                vscode.l10n.t('{0} files', p.files),
              ].filter(Boolean).join(' · ');
              progress.report({ message, increment: share - reported });
              reported = share;
            },
          });
          output.info(
            `Extracted ${local} into ${result.dir}: ${result.files} files, ${result.bytes} bytes in ${result.seconds.toFixed(1)} s; top level: ${result.topLevel.join(', ')}; ${result.replaced} replaced` +
              (result.skipped.length ? `; skipped (not files or folders): ${result.skipped.join(', ')}` : ''),
          );
          await hub.noteExtraction(local);
          const reveal = vscode.l10n.t('Reveal');
          const remove = vscode.l10n.t('Delete Archive');
          const text =
            result.files === 1
              ? vscode.l10n.t('Extracted {0}: 1 file ({1}) into {2}.', target.file.name, formatBytes(result.bytes), result.dir)
              : vscode.l10n.t('Extracted {0}: {1} files ({2}) into {3}.', target.file.name, result.files, formatBytes(result.bytes), result.dir);
          const skipped = result.skipped.length ? ' ' + vscode.l10n.t('{0} links or special files were skipped (see the HAI output).', result.skipped.length) : '';
          void vscode.window.showInformationMessage(text + skipped, reveal, remove).then((c) => {
            if (c === reveal) void vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(path.join(result.dir, result.topLevel[0] ?? '')));
            if (c === remove) void removeArchiveConfirmed(hub, target, output);
          });
        } catch (err) {
          const e = err as ExtractError;
          output.error(`Extraction of ${local} failed: ${e.message} ${e.hint ?? ''}`);
          if (e.kind === 'cancelled') {
            void vscode.window.showInformationMessage(vscode.l10n.t('Extraction of {0} cancelled; nothing was changed.', target.file.name));
          } else {
            void vscode.window.showErrorMessage(vscode.l10n.t('Extraction of {0} failed: {1} {2}', target.file.name, e.message, e.hint ?? ''));
          }
          return;
        } finally {
          extracting.delete(local);
        }
      }
    },
  );
}
