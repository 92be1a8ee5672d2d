// The Hub view: Models → model → Weights / Configs / Results / Docs, Datasets → dataset → files,
// and the problems of hubs that could not be read. Sizes, tasks and whether a file is on this
// machine show in the descriptions and icons; actions come from package.json menus by contextValue.
import * as vscode from 'vscode';
import { type CatalogProblem, type FromHub, type HubDataset, hubDisplayName, type HubModel } from '../../core/hub/catalog';
import { fileRowDescription, fileRowLabel } from '../../core/hub/fileRows';
import { datasetTargets, type HubTarget, modelTargets } from '../../core/hub/hubTargets';
import { isHubLink } from '../../core/hub/hubUrls';
import { datasetTooltip, modelTooltip } from '../../core/hub/tooltip';
import { formatBytes } from '../../core/text/formatting';
import { dataFormatOf, EXPLORER_FORMATS } from '../../core/data/dataFormats';
import { DATA_EXPLORER_VIEW_TYPE } from '../../core/protocol/views';
import { localized, translate } from '../errorNotice';
import type { HubController } from '../hub/hubController';

export type HubNode =
  | { readonly kind: 'group'; readonly group: 'models' | 'datasets' | 'problems' }
  | { readonly kind: 'model'; readonly model: FromHub<HubModel> }
  | { readonly kind: 'section'; readonly model: FromHub<HubModel>; readonly section: 'weights' | 'configs' | 'results' | 'docs' }
  | { readonly kind: 'file'; readonly target: HubTarget }
  | { readonly kind: 'dataset'; readonly dataset: FromHub<HubDataset> }
  | { readonly kind: 'link'; readonly label: string; readonly detail: string; readonly url: string }
  | { readonly kind: 'text'; readonly label: string; readonly detail: string }
  | { readonly kind: 'problem'; readonly problem: CatalogProblem };

const TASK_ICONS: Record<HubModel['task'], string> = {
  'jet-tagging': 'pulse',
  detection: 'eye',
  segmentation: 'symbol-misc',
  classification: 'symbol-class',
  'code-completion': 'code',
};

export function taskLabel(task: HubModel['task']): string {
  switch (task) {
    case 'jet-tagging':
      return vscode.l10n.t('jet tagging');
    case 'detection':
      return vscode.l10n.t('detection');
    case 'segmentation':
      return vscode.l10n.t('segmentation');
    case 'classification':
      return vscode.l10n.t('classification');
    case 'code-completion':
      return vscode.l10n.t('code completion');
  }
}

export class HubTreeProvider implements vscode.TreeDataProvider<HubNode> {
  readonly onDidChangeTreeData: vscode.Event<void>;

  constructor(private readonly hub: HubController) {
    this.onDidChangeTreeData = hub.onDidChange;
  }

  getChildren(node?: HubNode): HubNode[] {
    const catalog = this.hub.current();
    if (!node) {
      const groups: HubNode[] = [{ kind: 'group', group: 'models' }, { kind: 'group', group: 'datasets' }];
      if (catalog.problems.length) groups.push({ kind: 'group', group: 'problems' });
      return catalog.models.length || catalog.datasets.length || catalog.problems.length ? groups : [];
    }
    switch (node.kind) {
      case 'group':
        if (node.group === 'models') return catalog.models.filter((m) => this.hub.matches(m)).map((model) => ({ kind: 'model', model }));
        if (node.group === 'datasets') return catalog.datasets.filter((d) => this.hub.matches(d)).map((dataset) => ({ kind: 'dataset', dataset }));
        return catalog.problems.map((problem) => ({ kind: 'problem', problem }));
      case 'model': {
        const m = node.model;
        const sections: HubNode[] = [];
        if (m.weights?.length) sections.push({ kind: 'section', model: m, section: 'weights' });
        if (m.configs?.length || m.featureSets?.some((f) => f.dataConfig)) sections.push({ kind: 'section', model: m, section: 'configs' });
        if (m.results?.length) sections.push({ kind: 'section', model: m, section: 'results' });
        sections.push({ kind: 'section', model: m, section: 'docs' });
        return sections;
      }
      case 'section':
        return this.section(node.model, node.section);
      case 'dataset':
        return datasetTargets(node.dataset).map((target) => ({ kind: 'file', target }));
      default:
        return [];
    }
  }

  private section(m: FromHub<HubModel>, section: 'weights' | 'configs' | 'results' | 'docs'): HubNode[] {
    switch (section) {
      case 'weights':
        return modelTargets(m).map((target) => ({ kind: 'file', target }));
      case 'configs':
        return [
          ...(m.configs ?? []).map((c): HubNode => ({ kind: 'link', label: c.name, detail: c.kind, url: c.url })),
          ...(m.featureSets ?? []).filter((f) => f.dataConfig).map((f): HubNode => ({ kind: 'link', label: `${f.name}.yaml`, detail: f.description, url: f.dataConfig! })),
        ];
      case 'results':
        return (m.results ?? []).map((r): HubNode => ({ kind: 'text', label: `${r.metric}: ${r.value}`, detail: [r.dataset, r.featureSet, r.source].filter(Boolean).join(' · ') }));
      case 'docs': {
        const links: HubNode[] = [];
        if (m.paper?.arxiv) links.push({ kind: 'link', label: m.paper.title, detail: `arXiv:${m.paper.arxiv}`, url: `https://arxiv.org/abs/${m.paper.arxiv}` });
        if (m.code) links.push({ kind: 'link', label: vscode.l10n.t('Code'), detail: m.licence ?? '', url: m.code });
        for (const s of m.sources) links.push({ kind: 'link', label: vscode.l10n.t('Source'), detail: s.for, url: s.url });
        return links;
      }
    }
  }

  getTreeItem(node: HubNode): vscode.TreeItem {
    const collapsed = vscode.TreeItemCollapsibleState.Collapsed;
    switch (node.kind) {
      case 'group': {
        const labels = { models: vscode.l10n.t('Models'), datasets: vscode.l10n.t('Datasets'), problems: vscode.l10n.t('Problems') };
        const item = new vscode.TreeItem(labels[node.group], node.group === 'problems' ? collapsed : vscode.TreeItemCollapsibleState.Expanded);
        item.id = `group:${node.group}`;
        item.iconPath = new vscode.ThemeIcon(node.group === 'models' ? 'package' : node.group === 'datasets' ? 'database' : 'warning');
        if (node.group !== 'problems' && this.hub.filter) item.description = vscode.l10n.t('filter: {0}', this.hub.filter);
        return item;
      }
      case 'model': {
        const m = node.model;
        const item = new vscode.TreeItem(m.name, collapsed);
        item.id = `model:${m.hub}:${m.id}`;
        item.description = `${taskLabel(m.task)} · ${localized(hubDisplayName(m.hub))}`;
        item.tooltip = untrustedMarkdown(modelTooltip(m));
        item.iconPath = new vscode.ThemeIcon(TASK_ICONS[m.task]);
        // A code model also offers "Use for Completion" (package.json menus).
        item.contextValue = m.completion ? 'hai.hub.model.code' : 'hai.hub.model';
        return item;
      }
      case 'section': {
        const labels = { weights: vscode.l10n.t('Weights'), configs: vscode.l10n.t('Configs'), results: vscode.l10n.t('Results'), docs: vscode.l10n.t('Docs') };
        const item = new vscode.TreeItem(labels[node.section], collapsed);
        item.id = `section:${node.model.hub}:${node.model.id}:${node.section}`;
        return item;
      }
      case 'dataset': {
        const d = node.dataset;
        const item = new vscode.TreeItem(d.name, collapsed);
        item.id = `dataset:${d.hub}:${d.id}`;
        const size = d.size ?? sumSizes(d.files.map((f) => f.size));
        item.description = [d.format.toUpperCase(), size !== undefined ? formatBytes(size) : d.files.length === 1 ? vscode.l10n.t('1 file') : vscode.l10n.t('{0} files', d.files.length), localized(hubDisplayName(d.hub))].join(' · ');
        item.tooltip = untrustedMarkdown(datasetTooltip(d));
        item.iconPath = new vscode.ThemeIcon('database');
        item.contextValue = 'hai.hub.dataset';
        return item;
      }
      case 'file': {
        const { file } = node.target;
        const local = this.hub.localPath(node.target);
        // Files of one entry that share a long beginning are labelled by what differs (core/hub/fileRows.ts).
        const item = new vscode.TreeItem(fileRowLabel(node.target), vscode.TreeItemCollapsibleState.None);
        item.id = `file:${node.target.owner.entry.hub}:${node.target.owner.entry.id}:${file.name}`;
        // A downloaded archive offers Extract until HAI has extracted it (as it is now), then Delete
        // Archive; once deleted, the files are still there and no download is offered.
        const archive = this.hub.archiveKind(node.target) !== undefined;
        const extraction = this.hub.extraction(node.target);
        const [state, context] = !local
          ? extraction
            ? [vscode.l10n.t('extracted, archive deleted'), 'hai.hub.file.extracted']
            : ['', 'hai.hub.file']
          : !archive
            ? [vscode.l10n.t('downloaded'), 'hai.hub.file.downloaded']
            : extraction
              ? [vscode.l10n.t('extracted'), 'hai.hub.file.unpacked']
              : [vscode.l10n.t('downloaded'), 'hai.hub.file.archive'];
        item.description = fileRowDescription(node.target, state);
        item.tooltip = `${file.name}\n${this.hub.available(node.target) ?? file.url}`;
        item.iconPath = new vscode.ThemeIcon(context === 'hai.hub.file' ? 'cloud-download' : context === 'hai.hub.file.archive' ? 'archive' : 'pass-filled');
        // A downloaded ONNX weight of a detection model also offers "Use for Pre-labelling" (package.json menus).
        const detector = context === 'hai.hub.file.downloaded' && node.target.owner.kind === 'model' && node.target.owner.entry.task === 'detection' && /\.onnx$/i.test(file.name);
        item.contextValue = detector ? 'hai.hub.file.downloaded.detector' : context;
        // A downloaded weight or data file the explorer reads (a checkpoint, an HDF5 file) opens there on a click.
        const format = dataFormatOf(file.name);
        if (local && context === 'hai.hub.file.downloaded' && format && EXPLORER_FORMATS.has(format)) {
          item.command = { command: 'vscode.openWith', title: vscode.l10n.t('Open in Data Explorer'), arguments: [vscode.Uri.file(local), DATA_EXPLORER_VIEW_TYPE] };
          item.tooltip = `${item.tooltip ?? ''}\n${vscode.l10n.t('Click to open it in the data explorer.')}`.trim();
        }
        return item;
      }
      case 'link': {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
        item.description = node.detail;
        item.tooltip = node.url;
        item.iconPath = new vscode.ThemeIcon('link-external');
        // The catalog was checked on load; a link that is not http(s) or file: still never opens (file:
        // reaches here only from a hub that is itself a local file).
        if (isHubLink(node.url, true)) item.command = { command: 'vscode.open', title: vscode.l10n.t('Open'), arguments: [vscode.Uri.parse(node.url)] };
        return item;
      }
      case 'text': {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
        item.description = node.detail;
        item.iconPath = new vscode.ThemeIcon('graph');
        return item;
      }
      case 'problem': {
        const hub = localized(hubDisplayName(node.problem.hub));
        const item = new vscode.TreeItem(node.problem.entry ? `${hub}: ${node.problem.entry}` : hub, vscode.TreeItemCollapsibleState.None);
        item.description = translate(node.problem.text);
        item.tooltip = item.description;
        item.iconPath = new vscode.ThemeIcon('warning');
        return item;
      }
    }
  }
}

/** Hover markdown built from catalog text (escaped in core/hub/tooltip.ts): no commands, no HTML, no theme icons. */
function untrustedMarkdown(markdown: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(markdown, false);
  md.isTrusted = false;
  md.supportHtml = false;
  return md;
}

function sumSizes(sizes: readonly (number | undefined)[]): number | undefined {
  return sizes.every((s) => s !== undefined) && sizes.length > 0 ? sizes.reduce<number>((a, b) => a + (b ?? 0), 0) : undefined;
}
