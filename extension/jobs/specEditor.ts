// Job spec files in the editor: problems as diagnostics while typing (the schema's messages, on the
// line they are about), and a "Submit" CodeLens on the first line.
import * as vscode from 'vscode';
import { isSpecFile, parseJobSpec } from '../../core/jobs/jobSpec';

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
