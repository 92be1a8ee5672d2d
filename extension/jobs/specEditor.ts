// Job spec files in the editor: problems as diagnostics while typing (the schema's messages, on the
// line they are about), completion of keys and values from the schema (without needing a YAML
// extension), and a "Submit" CodeLens on the first line.
import * as vscode from 'vscode';
import { isSpecFile, parseJobSpec } from '../../core/jobs/jobSpec';
import { specCompletions } from '../../core/jobs/specCompletion';

export class SpecEditor implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('hai-job');
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor() {
    const check = (doc: vscode.TextDocument): void => {
      if (!isSpecFile(doc.fileName)) return;
      const parsed = parseJobSpec(doc.getText());
      this.diagnostics.set(
        doc.uri,
        parsed.ok
          ? []
          : parsed.problems.map((p) => {
              const d = new vscode.Diagnostic(new vscode.Range(p.line, p.column, p.endLine, Math.max(p.endColumn, p.column + 1)), p.message, vscode.DiagnosticSeverity.Error);
              d.source = 'HAI job';
              return d;
            }),
      );
    };
    this.subscriptions.push(
      this.diagnostics,
      vscode.workspace.onDidOpenTextDocument(check),
      vscode.workspace.onDidChangeTextDocument((e) => check(e.document)),
      vscode.workspace.onDidCloseTextDocument((doc) => this.diagnostics.delete(doc.uri)),
      vscode.languages.registerCodeLensProvider({ pattern: '**/*.hai-job.yaml' }, this),
      vscode.languages.registerCompletionItemProvider({ pattern: '**/*.hai-job.yaml' }, { provideCompletionItems: (doc, pos) => completionItems(doc, pos) }, ' '),
    );
    for (const doc of vscode.workspace.textDocuments) check(doc);
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    if (!isSpecFile(doc.fileName)) return [];
    return [new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), { title: vscode.l10n.t('$(play) Submit Training Job'), command: 'hai.submitJob', arguments: [doc.uri] })];
  }

  dispose(): void {
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
