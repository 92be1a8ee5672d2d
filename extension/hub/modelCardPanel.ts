// The model card: a webview (vscode-elements, strict CSP, only its own script) with the model's
// description, paper, licence, input spec, results with their sources, weights with Download /
// Copy code, and the training recipe. Built from the catalog alone: it works offline.
import * as vscode from 'vscode';
import type { FromHub, HubModel } from '../../core/hub/catalog';
import { parseModelCardRequest } from '../../core/protocol/modelCardMessages';
import { formatBytes } from '../../core/text/formatting';
import { shellQuote } from '../../core/text/shellQuote';
import { escapeHtml as e, webviewHtml } from '../webviewHtml';
import { taskLabel } from '../views/hubView';
import type { HubController } from './hubController';

const CSS = `
body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 0 24px 24px; max-width: 60em; }
h2 { margin-top: 1.6em; font-size: 1.1em; }
.meta { color: var(--vscode-descriptionForeground); }
pre { background: var(--vscode-textCodeBlock-background); padding: 8px 12px; white-space: pre-wrap; word-break: break-all; }
.weight { display: flex; align-items: center; gap: 12px; margin: 6px 0; }
.weight .name { font-family: var(--vscode-editor-font-family); }
`;

export class ModelCardPanel {
  private static readonly panels = new Map<string, vscode.WebviewPanel>();

  static show(extensionUri: vscode.Uri, hub: HubController, model: FromHub<HubModel>, output: vscode.LogOutputChannel): void {
    const key = `${model.hub}:${model.id}`;
    const existing = ModelCardPanel.panels.get(key);
    if (existing) {
      existing.reveal();
      return;
    }
    const scriptsRoot = vscode.Uri.joinPath(extensionUri, 'dist', 'webviews');
    const title = vscode.l10n.t('Model card: {0}', model.name);
    const panel = vscode.window.createWebviewPanel('hai.modelCard', title, vscode.ViewColumn.Active, { enableScripts: true, localResourceRoots: [scriptsRoot] });
    ModelCardPanel.panels.set(key, panel);
    const render = () => (panel.webview.html = webviewHtml(panel.webview, scriptsRoot, { title, css: CSS, script: 'modelCard.js', body: cardBody(model, hub) }));
    render();
    const changed = hub.onDidChange(render);
    panel.onDidDispose(() => {
      changed.dispose();
      ModelCardPanel.panels.delete(key);
    });
    panel.webview.onDidReceiveMessage(async (raw: unknown) => {
      const request = parseModelCardRequest(raw);
      if (!request) {
        output.warn(`Ignored a malformed message from the model card: ${JSON.stringify(raw)?.slice(0, 200)}`);
        return;
      }
      if (request.type === 'copyRecipe') {
        if (model.recipe) {
          await vscode.env.clipboard.writeText(['weaver', ...model.recipe.args].map(shellQuote).join(' '));
          void vscode.window.showInformationMessage(vscode.l10n.t('The training command is on the clipboard.'));
        }
        return;
      }
      const file = model.weights?.find((w) => w.name === request.file);
      if (!file) return;
      const target = { owner: { kind: 'model' as const, entry: model }, file };
      if (request.type === 'download') await hub.download([target]);
      else await vscode.commands.executeCommand('hai.copyLoadCode', { kind: 'file', target });
    });
  }
}

function cardBody(m: FromHub<HubModel>, hub: HubController): string {
  const parts: string[] = [];
  parts.push(`<h1>${e(m.name)}</h1>`);
  const meta = [taskLabel(m.task), vscode.l10n.t('hub: {0}', m.hub), m.licence ? vscode.l10n.t('licence: {0}', m.licence) : ''].filter(Boolean).map(e).join(' · ');
  parts.push(`<p class="meta">${meta}</p>`, `<p>${e(m.description)}</p>`);
  if (m.paper) {
    const link = m.paper.arxiv ? ` — <a href="https://arxiv.org/abs/${e(m.paper.arxiv)}">arXiv:${e(m.paper.arxiv)}</a>` : '';
    parts.push(`<h2>${e(vscode.l10n.t('Paper'))}</h2><p>${e(m.paper.title)}${link}</p>`);
  }
  if (m.code) parts.push(`<p>${e(vscode.l10n.t('Code'))}: <a href="${e(m.code)}">${e(m.code)}</a></p>`);
  if (m.featureSets?.length) {
    parts.push(`<h2>${e(vscode.l10n.t('Inputs'))}</h2><ul>`);
    for (const f of m.featureSets) parts.push(`<li><b>${e(f.name)}</b>: ${e(f.description)}${f.dataConfig ? ` (<a href="${e(f.dataConfig)}">${e(vscode.l10n.t('data config'))}</a>)` : ''}</li>`);
    parts.push('</ul>');
  }
  if (m.results?.length) {
    parts.push(`<h2>${e(vscode.l10n.t('Results'))}</h2><vscode-table zebra bordered-columns responsive columns='["20%","20%","15%","15%","30%"]'>`);
    parts.push(
      '<vscode-table-header>',
      ...[vscode.l10n.t('Dataset'), vscode.l10n.t('Metric'), vscode.l10n.t('Value'), vscode.l10n.t('Inputs'), vscode.l10n.t('Source')].map((h) => `<vscode-table-header-cell>${e(h)}</vscode-table-header-cell>`),
      '</vscode-table-header><vscode-table-body>',
    );
    for (const r of m.results) {
      parts.push(`<vscode-table-row>${[r.dataset, r.metric, String(r.value), r.featureSet ?? '', r.source].map((c) => `<vscode-table-cell>${e(c)}</vscode-table-cell>`).join('')}</vscode-table-row>`);
    }
    parts.push('</vscode-table-body></vscode-table>');
  }
  if (m.weights?.length) {
    parts.push(`<h2>${e(vscode.l10n.t('Weights'))}</h2>`);
    for (const w of m.weights) {
      const local = hub.localPath({ owner: { kind: 'model', entry: m }, file: w });
      const info = [w.size !== undefined ? formatBytes(w.size) : '', w.description ?? '', w.sha256 ? 'sha256' : w.md5 ? 'md5' : vscode.l10n.t('no checksum'), local ? vscode.l10n.t('downloaded') : ''].filter(Boolean).join(' · ');
      const action = local
        ? `<vscode-button secondary data-action="copyLoadCode" data-file="${e(w.name)}">${e(vscode.l10n.t('Copy code'))}</vscode-button>`
        : `<vscode-button data-action="download" data-file="${e(w.name)}">${e(vscode.l10n.t('Download'))}</vscode-button>`;
      parts.push(`<div class="weight"><span class="name">${e(w.name)}</span><span class="meta">${e(info)}</span>${action}</div>`);
    }
  }
  if (m.recipe) {
    parts.push(
      `<h2>${e(vscode.l10n.t('Training recipe'))}</h2>`,
      `<p class="meta">${e(vscode.l10n.t('As the authors train it on {0} ({1})', m.recipe.dataset, m.recipe.framework))}: <a href="${e(m.recipe.source)}">${e(m.recipe.source)}</a></p>`,
      `<pre>weaver ${e(m.recipe.args.map(shellQuote).join(' '))}</pre>`,
      `<vscode-button secondary data-action="copyRecipe">${e(vscode.l10n.t('Copy command'))}</vscode-button>`,
    );
  }
  parts.push(`<h2>${e(vscode.l10n.t('Sources'))}</h2><ul>`);
  for (const s of m.sources) parts.push(`<li><a href="${e(s.url)}">${e(s.url)}</a> — ${e(s.for)}</li>`);
  parts.push('</ul>');
  return parts.join('\n');
}
