// Job spec files in the editor: problems as diagnostics while typing (the schema's messages, on the
// line they are about; parsed after a pause in typing and never inside activate()), completion of
// keys and values from the schema (without needing a YAML extension), and a "Submit" CodeLens.
import * as vscode from 'vscode';
import { COMMANDS } from '../../core/protocol/commands';
import { isSpecFile, parseJobSpec, type SpecProblem } from '../../core/jobs/jobSpec';
import { specCompletions } from '../../core/jobs/specCompletion';
import { translate } from '../errorNotice';

export class SpecEditor implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('hai-job');
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly pending = new Map<string, NodeJS.Timeout>();

  constructor(private readonly output?: vscode.LogOutputChannel) {
    this.subscriptions.push(
      this.diagnostics,
      vscode.workspace.onDidOpenTextDocument((doc) => this.schedule(doc)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        this.cancel(doc.uri);
        this.diagnostics.delete(doc.uri);
      }),
      vscode.languages.registerCodeLensProvider({ pattern: '**/*.hai-job.yaml' }, this),
      vscode.languages.registerCompletionItemProvider({ pattern: '**/*.hai-job.yaml' }, { provideCompletionItems: (doc, pos) => completionItems(doc, pos) }, ' '),
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
        this.check(doc);
      }, delayMs),
    );
  }

  private cancel(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.pending.get(key));
    this.pending.delete(key);
  }

  private check(doc: vscode.TextDocument): void {
    if (doc.isClosed) return;
    try {
      const parsed = parseJobSpec(doc.getText());
      this.diagnostics.set(
        doc.uri,
        parsed.ok
          ? []
          : parsed.problems.map((p) => {
              const d = new vscode.Diagnostic(new vscode.Range(p.line, p.column, p.endLine, Math.max(p.endColumn, p.column + 1)), specProblemText(p), vscode.DiagnosticSeverity.Error);
              d.source = 'HAI job';
              return d;
            }),
      );
    } catch (err) {
      // parseJobSpec never throws; this guards the editor's event loop should that ever change.
      this.output?.error(`Checking ${doc.uri.fsPath}: ${err instanceof Error ? err.message : String(err)}`);
    }
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

function completionItems(doc: vscode.TextDocument, pos: vscode.Position): vscode.CompletionItem[] {
  const word = doc.getWordRangeAtPosition(pos, /[A-Za-z_$][\w$-]*/);
  return specCompletions(doc.getText(), pos.line, pos.character).map((c) => {
    const item = new vscode.CompletionItem(c.label, c.kind === 'key' ? vscode.CompletionItemKind.Property : vscode.CompletionItemKind.EnumMember);
    item.insertText = c.insert;
    if (word) item.range = word;
    if (c.documentation) item.documentation = new vscode.MarkdownString(c.documentation);
    return item;
  });
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
