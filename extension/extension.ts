// Activation: creates the output channel, the language server controller, the status bar item,
// the views and the commands. Everything slow (starting the server) runs after activate returns.
import * as vscode from 'vscode';
import { VIEWS } from '../core/protocol/views';
import { SNIPPET_INSERTED_CONTEXT } from '../core/protocol/walkthrough';
import { registerCommands } from './commands';
import { ServerController } from './serverController';
import { DocumentWarmer } from './documentWarmer';
import { ServerStatusBar } from './statusBar';
import { StatusPanel } from './statusPanel';
import { HubController } from './hub/hubController';
import { hubCommands } from './hub/hubCommands';
import { hubReferences } from '../core/hub/hubTargets';
import { onSettingsChanged } from './settings';
import { DataFilesProvider } from './views/dataFilesView';
import { dataCommands } from './data/dataCommands';
import { DataExplorer } from './data/dataExplorer';
import { AnnotationAssist } from './annotation/annotationAssist';
import { annotationCommands } from './annotation/annotationCommands';
import { AnnotationEditor } from './annotation/annotationEditor';
import { DataService } from './data/dataService';
import { HubTreeProvider } from './views/hubView';
import { JobsTreeProvider } from './views/jobsView';
import { jobCommands } from './jobs/jobCommands';
import { JobsController } from './jobs/jobsController';
import { LOG_SCHEME, LogDocuments } from './jobs/logDocuments';
import { MetricsPanel } from './jobs/metricsPanel';
import { SpecEditor } from './jobs/specEditor';
import { resumeWalkthrough, walkthroughCommands } from './walkthrough/demoProject';
import { FormMemory } from './data/formMemory';

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
  const data = new DataService(context.extensionUri);
  const dataFiles = new DataFilesProvider(data);
  const explorer = new DataExplorer(context.extensionUri, data, output, new FormMemory(context.workspaceState));
  const annotation = new AnnotationEditor(context.extensionUri, (context.storageUri ?? context.globalStorageUri).fsPath, output);
  const assist = new AnnotationAssist(annotation, context.extensionUri, output);
  annotation.setAssist(assist);
  const hub = new HubController(context.asAbsolutePath('hub/catalog.json'), output);
  const server = controller;
  const jobs = new JobsController(context.globalStorageUri.fsPath, context.secrets, output);
  const logs = new LogDocuments(jobs);
  const metrics = new MetricsPanel(context.extensionUri, jobs, (job) => hubReferences(hub.current().models, job.hub), output, context.workspaceState);

  let lastLoggedPid: number | undefined;
  server.onDidChange((snap) => {
    statusBar.update(snap);
    // Log each server process once, when it first answers hai/status. Log lines stay in English,
    // like the rest of the log, so that they can be searched and quoted in bug reports.
    if (snap.status && snap.status.pid !== lastLoggedPid) {
      lastLoggedPid = snap.status.pid;
      const model = snap.status.completionModel;
      output.info(
        `Language server ready in ${snap.startupMs?.toFixed(0) ?? '?'} ms: ` +
          `version ${snap.status.version}, pid ${snap.status.pid}, Node ${snap.status.nodeVersion}, ` +
          `completion model: ${model.state === 'none' ? 'none' : `${model.name} (${model.state})`}`,
      );
    }
  });
  statusBar.update(server.snapshot());

  context.subscriptions.push(
    output,
    server,
    statusBar,
    new DocumentWarmer(server, output),
    statusPanel,
    data,
    dataFiles,
    vscode.window.registerTreeDataProvider(VIEWS.data, dataFiles),
    explorer,
    explorer.register(),
    annotation,
    annotation.register(),
    assist,
    hub,
    vscode.window.registerTreeDataProvider(VIEWS.hub, new HubTreeProvider(hub)),
    onSettingsChanged(['hai.hub.sources', 'hai.hub.downloadDir', 'hai.hub.weightsFolders', 'hai.hub.maxConcurrentDownloads'], () => void hub.reload()),
    vscode.workspace.onDidGrantWorkspaceTrust(() => statusBar.update(server.snapshot())),
    jobs,
    logs,
    metrics,
    new SpecEditor(hub, { partitions: (kind) => jobs.backend(kind).partitions(), accounting: (kind) => jobs.backend(kind).accounting() }, output),
    vscode.window.registerTreeDataProvider(VIEWS.jobs, new JobsTreeProvider(jobs)),
    vscode.workspace.registerTextDocumentContentProvider(LOG_SCHEME, logs),
    vscode.languages.registerCodeLensProvider({ scheme: LOG_SCHEME }, logs),
    onSettingsChanged(['hai.jobs.slurmrestUrl', 'hai.jobs.slurmUser', 'hai.jobs.slurmrestVersion'], () => void jobs.refresh()),
    ...registerCommands({
      showServerStatus: () => statusPanel.show(),
      restartServer: () =>
        vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Restarting the HAI language server…') },
          () => server.restart().catch((err: unknown) => reportStartFailure(err, output)),
        ),
      showOutput: () => output.show(true),
      refreshDataFiles: () => dataFiles.refresh(),
      ...dataCommands(explorer),
      ...annotationCommands(annotation, assist, output),
      ...hubCommands(hub, context.extensionUri, output, server),
      ...jobCommands(jobs, logs, metrics, hub),
      ...walkthroughCommands(context, output),
      // The server names the snippet; anything else (a hand-run command, a stray argument) is not logged.
      // The context key ticks the walkthrough's snippet step: VS Code hands a command with arguments
      // to the extension under another id, so an onCommand event would never see this one.
      noteSnippetInserted: (prefix?: unknown) => {
        if (typeof prefix !== 'string' || !/^[a-z0-9-]{1,64}$/.test(prefix)) return;
        output.info(`Snippet inserted: ${prefix}`);
        void vscode.commands.executeCommand('setContext', SNIPPET_INSERTED_CONTEXT, true);
      },
    }),
  );

  server.start().catch((err: unknown) => reportStartFailure(err, output));
  void hub.reload();
  resumeWalkthrough(context).catch((err: unknown) => output.error(`Walkthrough: ${err instanceof Error ? err.message : String(err)}`));
  // Jobs that ended while VS Code was closed: find out how, without holding up activation.
  jobs.init().catch((err: unknown) => output.error(`Job list: ${err instanceof Error ? err.message : String(err)}`));
  const done = performance.now();
  const loadMs = typeof __haiLoadStart === 'number' ? (started - __haiLoadStart).toFixed(1) : '?';
  output.info(
    `HAI ${context.extension.packageJSON.version} activated: code loaded in ${loadMs} ms, activate() took ${(done - started).toFixed(1)} ms`,
  );
}

/** Tells the user the server did not start, with the way to the details. */
function reportStartFailure(err: unknown, output: vscode.LogOutputChannel): void {
  const message = err instanceof Error ? err.message : String(err);
  const showOutput = vscode.l10n.t('Show Output');
  void vscode.window
    .showErrorMessage(vscode.l10n.t('The HAI language server could not start: {0}', message), showOutput)
    .then((choice) => choice === showOutput && output.show(true));
}

export async function deactivate(): Promise<void> {
  await controller?.stop();
  controller = undefined;
}
