// What the hub's commands do, from a tree item or, from the command palette, after a quick pick.
import * as vscode from 'vscode';
import { VIEWS } from '../../core/protocol/views';
import { type FromHub, hubDisplayName, type HubModel } from '../../core/hub/catalog';
import { catalogTargets, datasetTargets, type HubTarget, modelTargets } from '../../core/hub/hubTargets';
import { datasetLoadCode, modelLoadCode } from '../../core/hub/loadCode';
import { formatBytes } from '../../core/text/formatting';
import { type HubNode, taskLabel } from '../views/hubView';
import { localized } from '../errorNotice';
import { extractWithProgress, removeArchivesConfirmed } from './archiveFlows';
import type { HubController } from './hubController';
import { ModelCardPanel } from './modelCardPanel';
import { useForPrelabelling } from '../annotation/useForPrelabelling';
import { useForCompletion } from './useForCompletion';
import type { ServerController } from '../serverController';

const allFiles = (hub: HubController): HubTarget[] => catalogTargets(hub.current());

/** A quick pick of the hub's files that `keep` accepts; `none` is said when there are none. */
async function pickFile(hub: HubController, placeHolder: string, keep: (t: HubTarget) => unknown, none: string): Promise<HubTarget | undefined> {
  const targets = allFiles(hub).filter(keep);
  if (targets.length === 0) {
    void vscode.window.showInformationMessage(none);
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    targets.map((t) => ({
      label: t.file.name,
      description: `${t.owner.entry.name} · ${localized(hubDisplayName(t.owner.entry.hub))}`,
      detail: [t.file.size !== undefined ? formatBytes(t.file.size) : '', hub.extraction(t) ? vscode.l10n.t('extracted') : hub.localPath(t) ? vscode.l10n.t('downloaded') : '', t.file.url].filter(Boolean).join(' · '),
      target: t,
    })),
    { placeHolder, matchOnDescription: true, matchOnDetail: true },
  );
  return picked?.target;
}

/** Files that are on this machine (downloaded, or extracted and their archive deleted). */
const pickLocal = (hub: HubController, placeHolder: string) => pickFile(hub, placeHolder, (t) => hub.available(t), vscode.l10n.t('Nothing from the hub is downloaded yet.'));

async function pickModel(hub: HubController): Promise<FromHub<HubModel> | undefined> {
  const picked = await vscode.window.showQuickPick(
    hub.current().models.map((m) => ({ label: m.name, description: `${taskLabel(m.task)} · ${localized(hubDisplayName(m.hub))}`, model: m })),
    { placeHolder: vscode.l10n.t('Open the model card of…'), matchOnDescription: true },
  );
  return picked?.model;
}

async function pickCodeModel(hub: HubController): Promise<FromHub<HubModel> | undefined> {
  const models = hub.current().models.filter((m) => m.completion);
  if (models.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('The hub lists no code models.'));
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    models.map((m) => ({ label: m.name, description: [m.licence ?? '', localized(hubDisplayName(m.hub))].filter(Boolean).join(' · '), detail: m.description, model: m })),
    { placeHolder: vscode.l10n.t('Use for completion…'), matchOnDescription: true },
  );
  return picked?.model;
}

export function hubCommands(hub: HubController, extensionUri: vscode.Uri, output: vscode.LogOutputChannel, server: ServerController) {
  return {
    useForPrelabelling: async (node?: unknown) => {
      const n = node as HubNode | undefined;
      const local = n?.kind === 'file' ? hub.localPath(n.target) : undefined;
      if (local) await useForPrelabelling(local, output);
    },
    useForCompletion: async (node?: unknown) => {
      const n = node as HubNode | undefined;
      const model = n?.kind === 'model' && n.model.completion ? n.model : await pickCodeModel(hub);
      if (model) await useForCompletion(hub, server, model, output);
    },
    refreshHub: () =>
      vscode.window.withProgress({ location: { viewId: VIEWS.hub }, title: vscode.l10n.t('Loading the hub catalogs…') }, () => hub.reload()),
    filterHub: async () => {
      const text = await vscode.window.showInputBox({
        title: vscode.l10n.t('Filter the hub'),
        prompt: vscode.l10n.t('Words that must appear in the name, task, format or description (empty shows everything)'),
        placeHolder: vscode.l10n.t('e.g. jet-tagging, transformer, root'),
        value: hub.filter,
      });
      if (text !== undefined) hub.setFilter(text);
    },
    download: async (node?: unknown) => {
      const n = node as HubNode | undefined;
      if (n?.kind === 'file') return hub.download([n.target]);
      if (n?.kind === 'dataset') return hub.download(datasetTargets(n.dataset));
      if (n?.kind === 'model') return hub.download(modelTargets(n.model));
      const target = await pickFile(hub, vscode.l10n.t('Download from the hub…'), () => true, vscode.l10n.t('The hub lists no files.'));
      if (target) await hub.download([target]);
    },
    extractArchive: async (node?: unknown) => {
      const n = node as HubNode | undefined;
      if (n?.kind === 'file') return extractWithProgress(hub, [n.target], output);
      const downloaded = (t: HubTarget) => hub.archiveKind(t) && hub.localPath(t);
      if (n?.kind === 'dataset') return extractWithProgress(hub, allFiles(hub).filter((t) => downloaded(t) && t.owner.entry === n.dataset && !hub.extraction(t)), output);
      const target = await pickFile(hub, vscode.l10n.t('Extract the downloaded archive…'), downloaded, vscode.l10n.t('No downloaded archive to extract: download a dataset file from the hub first.'));
      if (target) await extractWithProgress(hub, [target], output);
    },
    deleteExtractedArchive: async (node?: unknown) => {
      const n = node as HubNode | undefined;
      const target =
        n?.kind === 'file'
          ? n.target
          : await pickFile(
              hub,
              vscode.l10n.t('Delete the archive, keeping its extracted files…'),
              (t) => hub.localPath(t) && hub.extraction(t),
              vscode.l10n.t('No extracted archive to delete: extract a downloaded archive first.'),
            );
      if (target) await removeArchivesConfirmed(hub, [target], output);
    },
    openModelCard: async (node?: unknown) => {
      const n = node as HubNode | undefined;
      const model = n?.kind === 'model' ? n.model : await pickModel(hub);
      if (model) ModelCardPanel.show(extensionUri, hub, model, output);
    },
    copyLoadCode: async (node?: unknown) => {
      const n = node as HubNode | undefined;
      const target = n?.kind === 'file' ? n.target : await pickLocal(hub, vscode.l10n.t('Copy the code that loads…'));
      const local = target && hub.available(target);
      if (!target || !local) return;
      const code = target.owner.kind === 'model' ? modelLoadCode(target.owner.entry, local) : datasetLoadCode(target.owner.entry, target.file, hub.destination(target), hub.extraction(target) !== undefined);
      await vscode.env.clipboard.writeText(code);
      void vscode.window.showInformationMessage(vscode.l10n.t('Python code to load {0} is on the clipboard.', target.file.name));
    },
    revealDownload: async (node?: unknown) => {
      const n = node as HubNode | undefined;
      const target = n?.kind === 'file' ? n.target : await pickLocal(hub, vscode.l10n.t('Reveal the downloaded file…'));
      const local = target && hub.available(target);
      if (local) await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(local));
    },
  };
}
