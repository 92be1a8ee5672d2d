// Hosts the server-status webview: one panel at a time, fed from the ServerController, answering the
// panel's typed requests (core/protocol/statusPanelMessages.ts) after validating them.
import * as vscode from 'vscode';
import { COMMANDS } from '../core/protocol/commands';
import { parsePanelRequest, type PanelUpdate } from '../core/protocol/statusPanelMessages';
import type { ServerController, ServerSnapshot } from './serverController';
import { modelLabel, phaseLabel } from './serverStatusText';
import { escapeHtml, webviewHtml } from './webviewHtml';

const CSS = `
body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 0 20px; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 6px 18px; }
dt { color: var(--vscode-descriptionForeground); }
dd { margin: 0; }
.actions { display: flex; gap: 8px; margin-top: 12px; }
#error { color: var(--vscode-errorForeground); }
`;

export class StatusPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly controller: ServerController,
    private readonly output: vscode.LogOutputChannel,
  ) {
    this.subscriptions.push(controller.onDidChange((snap) => this.post(snap)));
  }

  show(): void {
    if (this.panel) {
      this.panel.reveal();
      void this.controller.refreshStatus();
      return;
    }
    const scriptsRoot = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webviews');
    const title = vscode.l10n.t('HAI Server Status');
    const panel = vscode.window.createWebviewPanel('hai.serverStatus', title, vscode.ViewColumn.Active, {
      enableScripts: true,
      // The panel loads only its own bundle; nothing from the workspace.
      localResourceRoots: [scriptsRoot],
    });
    this.panel = panel;
    panel.webview.html = webviewHtml(panel.webview, scriptsRoot, {
      title,
      css: CSS,
      script: 'status.js',
      body: this.body(title),
    });
    panel.webview.onDidReceiveMessage((raw) => this.onMessage(raw), undefined, this.subscriptions);
    panel.onDidDispose(() => (this.panel = undefined), undefined, this.subscriptions);
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
${row('restarts', vscode.l10n.t('Restarts after a crash'))}
${row('updated', vscode.l10n.t('Updated'))}
</dl>
<p id="error" role="alert"></p>
<div class="actions">
<vscode-button id="refresh">${escapeHtml(vscode.l10n.t('Refresh'))}</vscode-button>
<vscode-button id="restart" secondary>${escapeHtml(vscode.l10n.t('Restart Server'))}</vscode-button>
</div>`;
  }

  private async onMessage(raw: unknown): Promise<void> {
    const request = parsePanelRequest(raw);
    if (!request) {
      this.output.warn(`Ignored a malformed message from the status panel: ${JSON.stringify(raw)?.slice(0, 200)}`);
      return;
    }
    switch (request.type) {
      case 'ready':
      case 'refresh':
        this.post(this.controller.snapshot());
        await this.controller.refreshStatus();
        return;
      case 'restartServer':
        await vscode.commands.executeCommand(COMMANDS.restartServer);
        return;
    }
  }

  private post(snap: ServerSnapshot): void {
    if (!this.panel) return;
    const message: PanelUpdate = {
      type: 'statusUpdate',
      phase: snap.phase,
      phaseText: phaseLabel(snap.phase),
      restarts: snap.restarts,
      status: snap.status,
      modelText: snap.status ? modelLabel(snap.status.completionModel) : undefined,
      error: snap.error,
      receivedAt: snap.receivedAt,
    };
    void this.panel.webview.postMessage(message);
  }

  dispose(): void {
    this.panel?.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
