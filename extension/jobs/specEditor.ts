// Job spec files in the editor: problems as diagnostics while typing (the schema's messages, on the
// line they are about; parsed after a pause in typing and never inside activate()), warnings about
// what the schema cannot see (a script or folder that is not there, a hub id the hub does not know),
// completion and hover (specLanguage.ts), and a "Submit" CodeLens.
import * as vscode from 'vscode';
import { COMMANDS } from '../../core/protocol/commands';
import { isSpecFile, type JobSpec, parseJobSpec, type SpecProblem } from '../../core/jobs/jobSpec';
import { clusterWarnings } from '../../core/jobs/specClusterWarnings';
import { type HubIds, type SpecWarning, specWarnings } from '../../core/jobs/specWarnings';
import { translate } from '../errorNotice';
import { readSetting } from '../settings';
import { ClusterAnswers, type ClusterFacts } from './specClusterItems';
import { type HubCatalog, registerSpecLanguage } from './specLanguage';

export class SpecEditor implements vscode.CodeLensProvider, vscode.CodeActionProvider, vscode.Disposable {
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('hai-job');
  /** The values the warnings of each spec offer as quick fixes, by the warning's place. */
  private readonly fixes = new Map<string, Map<string, string>>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly pending = new Map<string, NodeJS.Timeout>();

  /** The cluster's partitions and accounts, asked once a minute at most (completion and warnings share them). */
  private readonly cluster: ClusterAnswers;

  constructor(
    private readonly hub: HubCatalog,
    facts: ClusterFacts,
    private readonly output?: vscode.LogOutputChannel,
  ) {
    this.cluster = new ClusterAnswers(facts, output);
    // A script or folder created or removed after a warning about it: the open specs are checked again.
    const files = vscode.workspace.createFileSystemWatcher('**/*', false, true, false);
    // A check already waiting is not put off: a job writing files all the time must not hold it back.
    const recheckAll = (): void => {
      for (const doc of vscode.workspace.textDocuments) if (!this.pending.has(doc.uri.toString())) this.schedule(doc, 500);
    };
    this.subscriptions.push(
      files,
      files.onDidCreate(recheckAll),
      files.onDidDelete(recheckAll),
      hub.onDidChange(recheckAll),
      // A folder made in a terminal, outside the workspace (a workdir on /scratch): seen on coming back.
      vscode.window.onDidChangeWindowState((s) => s.focused && recheckAll()),
      ...registerSpecLanguage(hub, this.cluster),
      this.diagnostics,
      vscode.workspace.onDidOpenTextDocument((doc) => this.schedule(doc)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        this.cancel(doc.uri);
        this.diagnostics.delete(doc.uri);
        this.fixes.delete(doc.uri.toString());
        this.turns.delete(doc.uri.toString());
      }),
      vscode.languages.registerCodeLensProvider({ pattern: '**/*.hai-job.yaml' }, this),
      vscode.languages.registerCodeActionsProvider({ pattern: '**/*.hai-job.yaml' }, this, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
    );
    // Specs already open are checked after activate() returns: activation reads no user file.
    for (const doc of vscode.workspace.textDocuments) this.schedule(doc, 0);
  }

  /** Checks a spec a moment after its last change, so typing in a long spec parses it once, not per key. */
  private schedule(doc: vscode.TextDocument, delayMs = 150): void {
    if (!isSpecFile(doc.fileName)) return;
    this.cancel(doc.uri);
    const key = doc.uri.toString();
    this.pending.set(
      key,
      setTimeout(() => {
        this.pending.delete(key);
        void this.checkInTurn(doc);
      }, delayMs),
    );
  }

  /** Each document's latest check, so that a cluster answer arriving late shows only with it. */
  private readonly turns = new Map<string, number>();

  /** Documents being checked, and those to check again when that check ends. */
  private readonly checking = new Set<string>();
  private readonly again = new Set<string>();

  /**
   * One check at a time per document: on a slow network file system the file lookups of one check
   * can outlast the next keystroke, and an older check must not finish last and put back what a newer
   * one cleared. A check asked for meanwhile runs once, after.
   */
  private async checkInTurn(doc: vscode.TextDocument): Promise<void> {
    const key = doc.uri.toString();
    if (this.checking.has(key)) {
      this.again.add(key);
      return;
    }
    this.checking.add(key);
    try {
      await this.check(doc);
    } finally {
      this.checking.delete(key);
      if (this.again.delete(key)) void this.checkInTurn(doc);
    }
  }

  private cancel(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.pending.get(key));
    this.pending.delete(key);
  }

  private async check(doc: vscode.TextDocument): Promise<void> {
    if (doc.isClosed) return;
    const version = doc.version;
    try {
      const text = doc.getText();
      const parsed = parseJobSpec(text);
      if (!parsed.ok) {
        this.fixes.delete(doc.uri.toString());
        this.diagnostics.set(
          doc.uri,
          parsed.problems.map((p) => diagnostic(new vscode.Range(p.line, p.column, p.endLine, Math.max(p.endColumn, p.column + 1)), specProblemText(p), vscode.DiagnosticSeverity.Error)),
        );
        return;
      }
      // Files are looked for on this machine's disk only (a spec in another scheme has none to check),
      // and not in an untrusted workspace, where a path may be an automounter's.
      const warnings = await specWarnings(text, parsed.spec, doc.uri.fsPath, { hub: hubIds(this.hub), paths: doc.uri.scheme === 'file' && vscode.workspace.isTrusted });
      // The spec changed while its files were looked at: the newer check says.
      if (doc.isClosed || doc.version !== version) return;
      // Then the account, QOS and time limit, from the cluster's answer: shown with the rest when it is
      // at hand (kept a minute), else when it comes — outside this check, which must not wait for
      // sacctmgr while the user types. Only the latest check of the document may show it.
      const key = doc.uri.toString();
      const turn = (this.turns.get(key) ?? 0) + 1;
      this.turns.set(key, turn);
      const cluster = this.clusterChecks(doc, text, parsed.spec).catch((err: unknown) => {
        this.output?.error(`Checking ${doc.uri.fsPath} against the cluster: ${err instanceof Error ? err.message : String(err)}`);
        return [];
      });
      const soon = await Promise.race([cluster, new Promise<undefined>((resolve) => setTimeout(resolve, CLUSTER_WAIT_MS))]);
      if (doc.isClosed || doc.version !== version) return;
      this.show(doc, [...warnings, ...(soon ?? [])]);
      if (soon === undefined) {
        void cluster.then((more) => {
          if (more.length > 0 && this.turns.get(key) === turn && !doc.isClosed && doc.version === version) this.show(doc, [...warnings, ...more]);
        });
      }
    } catch (err) {
      // parseJobSpec and specWarnings never throw; this guards the editor's event loop should that ever change.
      this.output?.error(`Checking ${doc.uri.fsPath}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private show(doc: vscode.TextDocument, warnings: readonly SpecWarning[]): void {
    const fixes = new Map<string, string>();
    this.diagnostics.set(
      doc.uri,
      warnings.map((w) => {
        const range = new vscode.Range(doc.positionAt(w.start), doc.positionAt(Math.max(w.end, w.start + 1)));
        if (w.replacement) fixes.set(placeOf(range), w.replacement);
        return diagnostic(range, translate(w.text), vscode.DiagnosticSeverity.Warning);
      }),
    );
    this.fixes.set(doc.uri.toString(), fixes);
  }

  /**
   * A Slurm spec's account, QOS and time limit against the cluster; only in a trusted workspace (asking
   * runs sinfo and sacctmgr), and only for a spec that names one of them.
   */
  private async clusterChecks(doc: vscode.TextDocument, text: string, spec: JobSpec): Promise<SpecWarning[]> {
    if (!vscode.workspace.isTrusted || (spec.slurm?.account === undefined && spec.slurm?.qos === undefined && spec.resources?.time === undefined)) return [];
    const kind = spec.backend ?? readSetting('hai.jobs.defaultBackend', doc.uri);
    if (kind === 'local') return [];
    const [partitions, accounting] = await Promise.all([this.cluster.partitions.get(kind), this.cluster.accounting.get(kind)]);
    return clusterWarnings(text, spec, { partitions, accounting });
  }

  /** "Change to particle-transformer" on a misspelt hub id. */
  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const fixes = this.fixes.get(doc.uri.toString());
    if (!fixes) return [];
    return context.diagnostics.flatMap((d) => {
      const value = d.source === SOURCE ? fixes.get(placeOf(d.range)) : undefined;
      if (!value) return [];
      const action = new vscode.CodeAction(vscode.l10n.t('Change to "{0}"', value), vscode.CodeActionKind.QuickFix);
      action.edit = new vscode.WorkspaceEdit();
      action.edit.replace(doc.uri, d.range, value);
      action.diagnostics = [d];
      action.isPreferred = true;
      return [action];
    });
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    if (!isSpecFile(doc.fileName)) return [];
    return [new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), { title: vscode.l10n.t('$(play) Submit Training Job'), command: COMMANDS.submitJob, arguments: [doc.uri] })];
  }

  dispose(): void {
    for (const t of this.pending.values()) clearTimeout(t);
    this.pending.clear();
    for (const s of this.subscriptions) s.dispose();
  }
}

const SOURCE = 'HAI job';
/** How long a check waits for the cluster's answer before it shows the other warnings alone. */
const CLUSTER_WAIT_MS = 200;

function diagnostic(range: vscode.Range, text: string, severity: vscode.DiagnosticSeverity): vscode.Diagnostic {
  const d = new vscode.Diagnostic(range, text, severity);
  d.source = SOURCE;
  return d;
}

const placeOf = (r: vscode.Range): string => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;

/**
 * The hub's ids, once its catalog has loaded. Before, or while one of the hubs in hai.hub.sources
 * cannot be read (a lab hub off the network), no id is said to be unknown: it may be that hub's.
 */
function hubIds(hub: HubCatalog): HubIds | undefined {
  const catalog = hub.current();
  if ((catalog.models.length === 0 && catalog.datasets.length === 0) || catalog.problems.some((p) => !p.entry)) return undefined;
  // Code models (for completion) are the hub's too, but no job trains one: never suggested.
  const code = (m: (typeof catalog.models)[number]): boolean => m.task === 'code-completion';
  return {
    models: new Set(catalog.models.filter((m) => !code(m)).map((m) => m.id)),
    otherModels: new Set(catalog.models.filter(code).map((m) => m.id)),
    datasets: new Set(catalog.datasets.map((d) => d.id)),
  };
}

/** A spec problem in the user's language (yaml's own words, which have no translation, as they are). */
export function specProblemText(problem: SpecProblem): string {
  return problem.text ? translate(problem.text) : problem.message;
}

/** A notification's line for a spec that has problems: how many, and the first with its line. */
export function specProblemsNotice(spec: string, problems: readonly SpecProblem[]): string {
  const first = problems[0];
  return problems.length === 1
    ? vscode.l10n.t('{0} has a problem on line {1}: {2}', spec, first.line + 1, specProblemText(first))
    : vscode.l10n.t('{0} has {1} problems; line {2}: {3}', spec, problems.length, first.line + 1, specProblemText(first));
}
