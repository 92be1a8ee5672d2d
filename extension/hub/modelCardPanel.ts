// The model card: a webview (vscode-elements, strict CSP, only its own script) with the model's
// description, paper, licence, input spec, results with their sources, weights with Download /
// Copy code, and the training recipe. Built from the catalog alone: it works offline.
import * as vscode from 'vscode';
import { type FromHub, hubDisplayName, type HubModel } from '../../core/hub/catalog';
import { COMMANDS } from '../../core/protocol/commands';
import { MODEL_CARD_REQUESTS, type ModelCardRequests, type ModelCardUpdates } from '../../core/protocol/modelCardMessages';
import { formatBytes } from '../../core/text/formatting';
import { shellQuote } from '../../core/text/shellQuote';
import { escapeHtml as e } from '../webviewHtml';
import { WebviewHost } from '../webviewHost';
import { taskLabel } from '../views/hubView';
import { localized } from '../errorNotice';
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
  /** One host for every card, created with the first; a card per model (hub and id), revealed when open. */
  private static host: WebviewHost | undefined;

  static show(extensionUri: vscode.Uri, hub: HubController, model: FromHub<HubModel>, output: vscode.LogOutputChannel): void {
    ModelCardPanel.host ??= new WebviewHost(extensionUri, output);
    const { panel, created } = ModelCardPanel.host.show<ModelCardRequests, ModelCardUpdates>({
      key: `modelCard:${model.hub}:${model.id}`,
      name: 'model card',
      viewType: 'hai.modelCard',
      title: vscode.l10n.t('Model card: {0}', model.name),
      css: CSS,
      script: 'modelCard.js',
      body: () => cardBody(model, hub),
      requests: MODEL_CARD_REQUESTS,
      handlers: () => ({
        copyRecipe: async () => {
          if (!model.recipe) return;
          await vscode.env.clipboard.writeText(['weaver', ...model.recipe.args].map(shellQuote).join(' '));
          void vscode.window.showInformationMessage(vscode.l10n.t('The training command is on the clipboard.'));
        },
        download: async ({ file }) => {
          const weight = model.weights?.find((w) => w.name === file);
          if (weight) await hub.download([{ owner: { kind: 'model', entry: model }, file: weight }]);
        },
        copyLoadCode: async ({ file }) => {
          const weight = model.weights?.find((w) => w.name === file);
          if (weight) await vscode.commands.executeCommand(COMMANDS.copyLoadCode, { kind: 'file', target: { owner: { kind: 'model', entry: model }, file: weight } });
        },
      }),
    });
    // A download changes the card's buttons (Download becomes Copy code): the page is written again.
    if (created) panel.track(hub.onDidChange(() => panel.render()));
  }
}

function cardBody(m: FromHub<HubModel>, hub: HubController): string {
  const parts: string[] = [];
  parts.push(`<h1>${e(m.name)}</h1>`);
  const meta = [taskLabel(m.task), vscode.l10n.t('hub: {0}', localized(hubDisplayName(m.hub))), m.licence ? vscode.l10n.t('licence: {0}', m.licence) : ''].filter(Boolean).map(e).join(' · ');
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
