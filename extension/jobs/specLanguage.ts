// Completion and hover in job spec files, in the user's language and without a YAML extension:
// keys and enum values from the schema (core/jobs/specCompletion), files and folders for the path
// fields (script, workdir, metrics.logdir, metrics.jsonl), the hub's ids for hub.model and
// hub.dataset, the cluster's partitions, accelerator types, GRES names, accounts and QOS
// (specClusterItems.ts); a hover says what a field is for, what it takes, and for a path
// where it points.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Catalog } from '../../core/hub/catalog';
import { isAccountField, isClusterField } from '../../core/jobs/specClusterValues';
import { specCompletions, type SpecValueAt, specValueAt } from '../../core/jobs/specCompletion';
import { specSpotAt } from '../../core/jobs/specCursor';
import { pathEntries, pathField, pathInsert, workdirOf } from '../../core/jobs/specPaths';
import { fieldFacts } from '../../core/jobs/specSchema';
import { translate } from '../errorNotice';
import { type ClusterAnswers, clusterItems } from './specClusterItems';

/** The hub as the spec editor needs it: the catalog's ids and descriptions. */
export interface HubCatalog {
  current(): Catalog;
  readonly onDidChange: vscode.Event<void>;
}

/** A schema description in the user's language (the bundle has each one; the l10n test checks). */
export function schemaText(description: string): string {
  return vscode.l10n.t(description);
}

export function registerSpecLanguage(hub: HubCatalog, cluster: ClusterAnswers): vscode.Disposable[] {
  const selector: vscode.DocumentSelector = { pattern: '**/*.hai-job.yaml' };
  return [
    vscode.languages.registerCompletionItemProvider(selector, { provideCompletionItems: (doc, pos, token) => completionItems(doc, pos, hub, cluster, token) }, ' ', '/'),
    vscode.languages.registerHoverProvider(selector, { provideHover: (doc, pos) => hover(doc, pos, hub) }),
  ];
}

async function completionItems(
  doc: vscode.TextDocument,
  pos: vscode.Position,
  hub: HubCatalog,
  cluster: ClusterAnswers,
  token: vscode.CancellationToken,
): Promise<vscode.CompletionItem[] | vscode.CompletionList> {
  const text = doc.getText();
  const value = specValueAt(text, pos.line, pos.character);
  const field = value?.path.join('.') ?? '';
  const range = value && new vscode.Range(pos.line, value.start, pos.line, pos.character);
  if (value && pathField(field) && doc.uri.scheme === 'file') return pathItems(doc, pos, value, field, token);
  if (value && range && (field === 'hub.model' || field === 'hub.dataset')) return hubItems(hub.current(), field, value, range);
  if (value && range && (isClusterField(field) || isAccountField(field))) return clusterItems(text, field, value, range, cluster, doc.uri);
  const word = doc.getWordRangeAtPosition(pos, /[A-Za-z_$][\w$-]*/);
  return specCompletions(text, pos.line, pos.character).map((c) => {
    const item = new vscode.CompletionItem(c.label, c.kind === 'key' ? vscode.CompletionItemKind.Property : vscode.CompletionItemKind.EnumMember);
    item.insertText = c.insert;
    if (word) item.range = word;
    if (c.documentation) item.documentation = new vscode.MarkdownString(schemaText(c.documentation));
    // backend: → local, slurm-cli, slurm-rest listed at once.
    if (c.valuesOffered) item.command = { command: 'editor.action.triggerSuggest', title: '' };
    return item;
  });
}

async function pathItems(doc: vscode.TextDocument, pos: vscode.Position, value: SpecValueAt, field: string, token: vscode.CancellationToken): Promise<vscode.CompletionList> {
  const spec = pathField(field)!;
  const listing = await pathEntries(spec, value.typed, baseOf(doc, field), () => token.isCancellationRequested);
  const line = doc.lineAt(pos.line).text;
  const after = line.slice(pos.character);
  // What is replaced: the name after the last '/' up to the next '/' or the value's end, so that
  // choosing a folder goes on inside it and choosing in the middle of a name replaces all of it.
  const nameStart = pos.character - (value.typed.length - value.typed.lastIndexOf('/') - 1);
  const nameEnd = pos.character + nameRest(after, value.quote).length;
  const valueStart = value.start - value.quote.length;
  const folderPart = value.typed.slice(0, value.typed.lastIndexOf('/') + 1);
  const items = listing.entries.map((e, i) => {
    const item = new vscode.CompletionItem(e.folder ? `${e.name}/` : e.name, e.folder ? vscode.CompletionItemKind.Folder : vscode.CompletionItemKind.File);
    const insert = pathInsert(e, spec, { typed: value.typed, quote: value.quote, after: line.slice(nameEnd) });
    // A value quoted anew, or one after a bare "key:" (which needs a space before it), is written whole.
    const whole = insert.whole || !value.spaced;
    const wholeText = insert.whole ? insert.text : `${value.quote}${folderPart}${insert.text}`;
    item.insertText = whole ? `${value.spaced ? '' : ' '}${wholeText}` : insert.text;
    item.range = new vscode.Range(pos.line, whole ? valueStart : nameStart, pos.line, nameEnd);
    // Matched against what is typed in the range.
    item.filterText = whole ? `${value.quote}${folderPart}${e.name}` : e.name;
    item.sortText = String(i).padStart(5, '0');
    // A folder on the way to a file: its entries are offered next.
    if (e.folder && spec.kind === 'file') item.command = { command: 'editor.action.triggerSuggest', title: '' };
    return item;
  });
  // A listing cut short (a huge folder) is asked for again as more of the name is typed.
  return new vscode.CompletionList(items, !listing.complete);
}

function hubItems(catalog: Catalog, field: 'hub.model' | 'hub.dataset', value: SpecValueAt, range: vscode.Range): vscode.CompletionItem[] {
  // No job trains a code model (the hub's models for completion).
  const entries = field === 'hub.model' ? catalog.models.filter((m) => m.task !== 'code-completion') : catalog.datasets;
  return entries.map((e) => {
    const item = new vscode.CompletionItem({ label: e.id, description: e.name }, vscode.CompletionItemKind.Value);
    item.range = range;
    item.insertText = `${value.spaced ? '' : ' '}${e.id}`;
    item.filterText = e.id;
    // Models with published results first: their numbers become reference lines.
    if ('task' in e) item.sortText = `${e.results?.length ? 0 : 1}${e.id}`;
    // The catalog's words (a hub's own, maybe another site's): shown as text, never as markdown.
    item.documentation = e.description;
    return item;
  });
}

function hover(doc: vscode.TextDocument, pos: vscode.Position, hub: HubCatalog): vscode.Hover | undefined {
  const spot = specSpotAt(doc.getText(), doc.offsetAt(pos));
  if (!spot) return undefined;
  const facts = fieldFacts(spot.path);
  if (!facts) return undefined;
  const md = new vscode.MarkdownString();
  md.appendMarkdown('**').appendText(facts.name).appendMarkdown('**\n\n');
  if (facts.description) md.appendMarkdown(schemaText(facts.description)).appendMarkdown('\n\n');
  for (const f of facts.facts) md.appendText(translate(f)).appendMarkdown('  \n');
  const field = spot.path.join('.');
  if (spot.on === 'value' && spot.value !== undefined) {
    if (pathField(field) && doc.uri.scheme === 'file') {
      md.appendMarkdown('\n').appendText(vscode.l10n.t('Points to {0}', path.resolve(baseOf(doc, field), spot.value)));
    } else if (field === 'hub.model' || field === 'hub.dataset') {
      const catalog = hub.current();
      const entry = (field === 'hub.model' ? catalog.models : catalog.datasets).find((e) => e.id === spot.value);
      if (entry) md.appendMarkdown('\n---\n\n**').appendText(entry.name).appendMarkdown('**\n\n').appendText(entry.description);
    }
  }
  return new vscode.Hover(md, new vscode.Range(doc.positionAt(spot.start), doc.positionAt(spot.end)));
}

/** What a path field is relative to: the spec's folder (workdir) or the job's working directory. */
function baseOf(doc: vscode.TextDocument, field: string): string {
  return pathField(field)?.base === 'spec' ? path.dirname(doc.uri.fsPath) : workdirOf(doc.getText(), doc.uri.fsPath);
}

/**
 * The rest of the name the cursor is in: up to the next '/', the closing quote, or (unquoted) a
 * comment or the end of the line, trailing spaces left out. Names may hold spaces.
 */
function nameRest(after: string, quote: SpecValueAt['quote']): string {
  const rest = /^[^/"']*/.exec(after)?.[0] ?? '';
  if (quote) return rest;
  const comment = rest.search(/\s#/);
  return (comment >= 0 ? rest.slice(0, comment) : rest).trimEnd();
}
