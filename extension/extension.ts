// Activation: creates the output channel, the language server controller, the status bar item,
// the views and the commands. Everything slow (starting the server) runs after activate returns.
import * as vscode from 'vscode';
import { VIEWS } from '../core/protocol/views';
import { registerCommands } from './commands';
import { ServerController } from './serverController';
import { modelLabel, phaseLabel } from './serverStatusText';
import { ServerStatusBar } from './statusBar';
import { StatusPanel } from './statusPanel';
import { DataFilesProvider } from './views/dataFilesView';

let controller: ServerController | undefined;
// Set by the esbuild banner at the first line of dist/extension.js.
declare const __haiLoadStart: number | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const started = performance.now();
  const output = vscode.window.createOutputChannel('HAI', { log: true });
  const serverModule = context.asAbsolutePath('dist/server.js');
  controller = new ServerController(serverModule, output);
  const statusBar = new ServerStatusBar();
  const statusPanel = new StatusPanel(context.extensionUri, controller, output);
  const dataFiles = new DataFilesProvider();
  const server = controller;

  let lastLoggedPid: number | undefined;
  server.onDidChange((snap) => {
    statusBar.update(snap);
    // Log each server process once, when it first answers hai/status.
    if (snap.status && snap.status.pid !== lastLoggedPid) {
      lastLoggedPid = snap.status.pid;
      output.info(
        `Language server ${phaseLabel(snap.phase)} in ${snap.startupMs?.toFixed(0) ?? '?'} ms: ` +
          `version ${snap.status.version}, pid ${snap.status.pid}, ` +
          `Node ${snap.status.nodeVersion}, completion model: ${modelLabel(snap.status.completionModel)}`,
      );
    }
  });
  statusBar.update(server.snapshot());

  context.subscriptions.push(
    output,
    server,
    statusBar,
    statusPanel,
    dataFiles,
    vscode.window.registerTreeDataProvider(VIEWS.data, dataFiles),
    vscode.workspace.onDidGrantWorkspaceTrust(() => statusBar.update(server.snapshot())),
    ...registerCommands({
      showServerStatus: () => statusPanel.show(),
      restartServer: () =>
        vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Restarting the HAI language server…') },
          () => server.restart(),
        ),
      showOutput: () => output.show(true),
      refreshDataFiles: () => dataFiles.refresh(),
    }),
  );

  server.start().catch((err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    void vscode.window
      .showErrorMessage(vscode.l10n.t('The HAI language server could not start: {0}', message), vscode.l10n.t('Show Output'))
      .then((choice) => choice && output.show(true));
  });
  const done = performance.now();
  const loadMs = typeof __haiLoadStart === 'number' ? (started - __haiLoadStart).toFixed(1) : '?';
  output.info(
    `HAI ${context.extension.packageJSON.version} activated: code loaded in ${loadMs} ms, activate() took ${(done - started).toFixed(1)} ms`,
  );
}

export async function deactivate(): Promise<void> {
  await controller?.stop();
  controller = undefined;
}
