// The status bar item that shows whether the HAI language server is ready; a click opens the panel.
import * as vscode from 'vscode';
import { COMMANDS } from '../core/protocol/commands';
import type { ServerSnapshot } from './serverController';
import { modelLabel, phaseLabel } from './serverStatusText';

const ICONS = { starting: '$(sync~spin)', running: '$(hubot)', restarting: '$(sync~spin)', stopped: '$(error)' };

export class ServerStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;

  constructor() {
    this.item = vscode.window.createStatusBarItem('hai.serverStatus', vscode.StatusBarAlignment.Right, 100);
    this.item.name = vscode.l10n.t('HAI Language Server');
    this.item.command = COMMANDS.showServerStatus;
    this.item.show();
  }

  update(snap: ServerSnapshot): void {
    let text = `${ICONS[snap.phase]} HAI: ${phaseLabel(snap.phase)}`;
    if (snap.restarts > 0 && snap.phase === 'running') {
      text += ` · ${vscode.l10n.t('restarted {0}×', snap.restarts)}`;
    }
    this.item.text = text;
    this.item.backgroundColor =
      snap.phase === 'stopped' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    const tip = new vscode.MarkdownString(undefined, true);
    tip.appendMarkdown(`**${vscode.l10n.t('HAI Language Server')}**: ${phaseLabel(snap.phase)}\n\n`);
    if (snap.status) {
      const s = snap.status;
      tip.appendMarkdown(
        [
          `${vscode.l10n.t('Version')}: ${s.version}`,
          `${vscode.l10n.t('Process')}: ${s.pid}`,
          `${vscode.l10n.t('Running since')}: ${new Date(snap.receivedAt - s.uptimeMs).toLocaleTimeString(vscode.env.language)}`,
          `${vscode.l10n.t('Completion model')}: `,
        ].join('  \n'),
      );
      // The model's label holds paths and a loader's error words: text, never markdown.
      tip.appendText(modelLabel(s.completionModel));
    }
    if (snap.restarts > 0) tip.appendMarkdown(`\n\n${(snap.restarts === 1 ? vscode.l10n.t('Restarted once after the server exited.') : vscode.l10n.t('Restarted {0} times after the server exited.', snap.restarts))}`);
    if (snap.error) {
      // Error text comes from elsewhere (the server, the OS): shown as text, never as markdown.
      tip.appendMarkdown('\n\n');
      tip.appendText(snap.error);
    }
    if (!vscode.workspace.isTrusted) {
      tip.appendMarkdown(`\n\n$(shield) ${vscode.l10n.t('Restricted Mode: HAI runs nothing from this workspace.')}`);
    }
    tip.appendMarkdown(`\n\n${vscode.l10n.t('Click for details.')}`);
    this.item.tooltip = tip;
    this.item.accessibilityInformation = { label: text.replace(/\$\([^)]*\)\s*/g, '') };
  }

  dispose(): void {
    this.item.dispose();
  }
}
