// The server-status webview: one panel, fed from the ServerController, answering the panel's
// requests (core/protocol/statusPanelMessages.ts). Opening, checking messages and closing are the
// shared WebviewHost's; this file says what the page shows and what each request does.
import * as vscode from 'vscode';
import { COMMANDS } from '../core/protocol/commands';
import { STATUS_PANEL_REQUESTS, type StatusPanelRequests, type StatusPanelUpdates } from '../core/protocol/statusPanelMessages';
import type { ServerController, ServerSnapshot } from './serverController';
import { contextLabel, countersLabel, modelLabel, phaseLabel } from './serverStatusText';
import { escapeHtml } from './webviewHtml';
import { WebviewHost } from './webviewHost';
import type { HostedPanel } from './webviewPanels';

const CSS = `
body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 0 20px; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 6px 18px; }
dt { color: var(--vscode-descriptionForeground); }
dd { margin: 0; }
.actions { display: flex; gap: 8px; margin-top: 12px; }
#error { color: var(--vscode-errorForeground); }
`;

export class StatusPanel implements vscode.Disposable {
  private readonly host: WebviewHost;
  private panel: HostedPanel<StatusPanelUpdates> | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    extensionUri: vscode.Uri,
    private readonly controller: ServerController,
    output: vscode.LogOutputChannel,
  ) {
    this.host = new WebviewHost(extensionUri, output);
    this.subscriptions.push(this.host, controller.onDidChange((snap) => void this.post(snap)));
  }

  show(): void {
    const title = vscode.l10n.t('HAI Server Status');
    const { panel, created } = this.host.show<StatusPanelRequests, StatusPanelUpdates>({
      key: 'serverStatus',
      name: 'server status panel',
      viewType: 'hai.serverStatus',
      title,
      css: CSS,
      script: 'status.js',
      body: () => this.body(title),
      requests: STATUS_PANEL_REQUESTS,
      handlers: () => ({
        ready: () => this.refresh(),
        refresh: () => this.refresh(),
        restartServer: async () => {
          await vscode.commands.executeCommand(COMMANDS.restartServer);
        },
      }),
    });
    this.panel = panel;
    // An open panel is brought forward with fresh figures; a new one asks for them when it is ready.
    if (!created) void this.controller.refreshStatus();
  }

  private async refresh(): Promise<void> {
    await this.post(this.controller.snapshot());
    await this.controller.refreshStatus();
  }

  private body(title: string): string {
    const row = (id: string, label: string): string =>
      `<dt>${escapeHtml(label)}</dt><dd id="${id}" data-testid="${id}">…</dd>`;
    return `<h1>${escapeHtml(title)}</h1>
<dl>
${row('phase', vscode.l10n.t('State'))}
${row('version', vscode.l10n.t('Version'))}
${row('pid', vscode.l10n.t('Process'))}
${row('node', vscode.l10n.t('Node.js'))}
${row('uptime', vscode.l10n.t('Uptime'))}
${row('model', vscode.l10n.t('Completion model'))}
${row('latency', vscode.l10n.t('Completion latency (p50 / p95 / p99)'))}
${row('suggestions', vscode.l10n.t('Completions'))}
${row('context', vscode.l10n.t('Workspace context'))}
${row('memory', vscode.l10n.t('Server memory'))}
${row('restarts', vscode.l10n.t('Restarts after a crash'))}
${row('updated', vscode.l10n.t('Updated'))}
</dl>
<p id="error" role="alert"></p>
<div class="actions">
<vscode-button id="refresh">${escapeHtml(vscode.l10n.t('Refresh'))}</vscode-button>
<vscode-button id="restart" secondary>${escapeHtml(vscode.l10n.t('Restart Server'))}</vscode-button>
</div>`;
  }

  private async post(snap: ServerSnapshot): Promise<void> {
    if (!this.panel?.isOpen) return;
    await this.panel.post({
      type: 'statusUpdate',
      phase: snap.phase,
      phaseText: phaseLabel(snap.phase),
      restarts: snap.restarts,
      status: snap.status,
      modelText: snap.status ? modelLabel(snap.status.completionModel) : undefined,
      contextText: snap.status?.workspaceContext ? contextLabel(snap.status.workspaceContext) : undefined,
      countersText: snap.status ? countersLabel(snap.status.completionCounters) : undefined,
      error: snap.error,
      receivedAt: snap.receivedAt,
    });
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
