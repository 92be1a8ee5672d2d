// "Use for Completion" on a code model of the hub: download what is missing of its model folder, point
// hai.completion.modelPath (the user setting) at it, wait for the language server to load it, and
// say what it costs here: load time, memory and the measured speed, with a warning and a way back to
// the built-in model when suggestions would arrive too late to help.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FromHub, HubModel } from '../../core/hub/catalog';
import { isTooSlow, lineLatencyMs, TYPICAL_LINE_TOKENS } from '../../core/hub/codeModels';
import { completionModelDir, modelTargets } from '../../core/hub/hubTargets';
import { COMMANDS } from '../../core/protocol/commands';
import type { ServerStatus } from '../../core/protocol/serverStatus';
import { formatBytes } from '../../core/text/formatting';
import type { ServerController, ServerSnapshot } from '../serverController';
import type { HubController } from './hubController';

/** A large model loads for a while: beyond this the flow stops waiting (the status panel still shows the outcome). */
const LOAD_TIMEOUT_MS = 10 * 60_000;

type Loaded = Extract<ServerStatus['completionModel'], { state: 'loaded' }>;
type Outcome = { readonly loaded: Loaded; readonly status: ServerStatus } | { readonly error: string } | { readonly timedOut: true } | { readonly stopped: true };

/** The server's outcome for the model folder `dir`, if its status says one: loaded from it, or failed. */
function outcomeFor(status: ServerStatus | undefined, dir: string): Outcome | undefined {
  const model = status?.completionModel;
  if (!status || !model) return undefined;
  if (model.state === 'loaded' && isInsideOrSame(model.path, dir)) return { loaded: model, status };
  if (model.state === 'error' && model.name === path.basename(dir)) return { error: model.message };
  return undefined;
}

function isInsideOrSame(file: string, dir: string): boolean {
  const rel = path.relative(dir, file);
  return !rel.startsWith('..') && !path.isAbsolute(rel);
}

/**
 * Waits for the outcome of a load that starts after `before`: a status from another server process,
 * or one that has started more loads since, so that an earlier attempt's error is not taken for this
 * one's. A crash of the server meanwhile (its restart count grows) is an outcome too.
 */
function waitForOutcome(server: ServerController, dir: string, before: ServerSnapshot, token: vscode.CancellationToken): Promise<Outcome> {
  const fresh = (status: ServerStatus): boolean => status.pid !== before.status?.pid || status.modelLoads > (before.status?.modelLoads ?? 0);
  return new Promise((resolve) => {
    const done = (outcome: Outcome): void => {
      clearTimeout(timer);
      subscription.dispose();
      cancel.dispose();
      resolve(outcome);
    };
    const timer = setTimeout(() => done({ timedOut: true }), LOAD_TIMEOUT_MS);
    const subscription = server.onDidChange((snap) => {
      // The server exited while loading (a large model on a small machine: out of memory, most likely).
      if (snap.restarts > before.restarts || (snap.phase === 'stopped' && before.phase !== 'stopped')) return done({ stopped: true });
      const outcome = snap.status && fresh(snap.status) ? outcomeFor(snap.status, dir) : undefined;
      if (outcome) done(outcome);
    });
    const cancel = token.onCancellationRequested(() => done({ timedOut: true }));
    void server.refreshStatus();
  });
}

const useBuiltIn = async (): Promise<void> => {
  await vscode.workspace.getConfiguration('hai.completion').update('modelPath', '', vscode.ConfigurationTarget.Global);
};

export async function useForCompletion(hub: HubController, server: ServerController, model: FromHub<HubModel>, output: vscode.LogOutputChannel): Promise<void> {
  const config = vscode.workspace.getConfiguration('hai.completion');
  if (config.get<boolean>('enabled') === false) {
    const enable = vscode.l10n.t('Turn On Completion');
    const choice = await vscode.window.showWarningMessage(vscode.l10n.t('Inline completion is switched off (hai.completion.enabled), so no model would be loaded. Turn it on and use {0}?', model.name), enable);
    if (choice !== enable) return;
    await config.update('enabled', true, vscode.ConfigurationTarget.Global);
  }
  const targets = modelTargets(model);
  if (targets.some((t) => !hub.localPath(t))) await hub.download(targets);
  const missing = targets.filter((t) => !hub.localPath(t));
  if (missing.length > 0) {
    void vscode.window.showErrorMessage(
      missing.length === 1
        ? vscode.l10n.t('{0} is not used for completion: its file {1} is not downloaded. Download it from the Hub view and try again.', model.name, missing[0].file.name)
        : vscode.l10n.t('{0} is not used for completion: {1} of its files are not downloaded ({2}). Download them from the Hub view and try again.', model.name, missing.length, missing.map((t) => t.file.name).join(', ')),
    );
    return;
  }
  const dir = completionModelDir(model, hub.downloadDir());
  const setting = config.inspect<string>('modelPath');
  const alreadySet = setting?.globalValue === dir;
  // What the server said before the setting changes: the outcome waited for is a later one.
  const before = server.snapshot();
  await config.update('modelPath', dir, vscode.ConfigurationTarget.Global);
  output.info(`Use for completion: hai.completion.modelPath set to ${dir} (user settings)`);
  if (setting?.workspaceValue !== undefined || setting?.workspaceFolderValue !== undefined) {
    void vscode.window.showWarningMessage(
      vscode.l10n.t('This workspace sets hai.completion.modelPath itself, and its value wins over the user setting HAI has just changed. Remove it from the workspace settings to use {0}.', model.name),
    );
    return;
  }
  const already = outcomeFor(before.status, dir);
  const outcome =
    already && 'loaded' in already && alreadySet
      ? already
      : await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Loading {0} for completion…', model.name), cancellable: true },
          (_progress, token) => {
            const waiting = waitForOutcome(server, dir, before, token);
            // The same setting again (a retry after a failed load, a file downloaded anew): no change
            // reaches the server, so it is restarted to load the folder afresh.
            if (alreadySet) void vscode.commands.executeCommand(COMMANDS.restartServer);
            return waiting;
          },
        );
  output.info(`Use for completion: ${model.id} from ${dir}: ${JSON.stringify(outcome)}`);
  await report(model, outcome);
}

async function report(model: HubModel, outcome: Outcome): Promise<void> {
  const builtIn = vscode.l10n.t('Use the Built-in Model');
  if ('stopped' in outcome) {
    const choice = await vscode.window.showErrorMessage(
      vscode.l10n.t('The HAI language server stopped while loading {0}; the machine may not have enough memory for it. The HAI output channel has the details.', model.name),
      builtIn,
    );
    if (choice === builtIn) await useBuiltIn();
    return;
  }
  if ('timedOut' in outcome) {
    void vscode.window.showInformationMessage(vscode.l10n.t('{0} is still loading; the status panel (HAI: Show Server Status) shows when it is ready.', model.name));
    return;
  }
  if ('error' in outcome) {
    const choice = await vscode.window.showErrorMessage(vscode.l10n.t('{0} could not be loaded for completion: {1}', model.name, outcome.error), builtIn);
    if (choice === builtIn) await useBuiltIn();
    return;
  }
  const { loaded, status } = outcome;
  const facts = vscode.l10n.t(
    'loaded in {0} ms, the language server now uses {1} of memory, {2} ms per generated token here',
    loaded.loadMs,
    formatBytes(status.rssBytes),
    loaded.msPerToken,
  );
  if (isTooSlow(loaded.msPerToken)) {
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t(
        '{0} is used for completion ({1}), but it is too slow for this machine: a one-line suggestion ({2} tokens) takes about {3} s, so it arrives after you have typed on. A smaller model, or a machine with more cores, suggests in time.',
        model.name,
        facts,
        TYPICAL_LINE_TOKENS,
        (lineLatencyMs(loaded.msPerToken) / 1000).toFixed(1),
      ),
      builtIn,
    );
    if (choice === builtIn) await useBuiltIn();
    return;
  }
  void vscode.window.showInformationMessage(vscode.l10n.t('{0} is used for completion: {1}.', model.name, facts));
}
