// Tells the language server where the user is about to type (`hai/warmDocument`), so that it can
// prefill that place's completion prompt in idle time and the first keystroke pays only its own
// increment: when a Python editor becomes active, when the model has just loaded, and when the
// cursor settles somewhere else without typing (typing sends completion requests of its own).
import * as vscode from 'vscode';
import type { ServerController } from './serverController';
import { readSetting } from './settings';

/** The cursor has to rest this long before a move counts: a drag or arrow-key run sends one warm-up. */
const SETTLE_MS = 250;
/** Editors whose document the server has: files, untitled editors and notebook cells. */
const WARMED_SCHEMES = new Set(['file', 'untitled', 'vscode-notebook-cell']);

export class DocumentWarmer implements vscode.Disposable {
  private readonly subscriptions: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Document versions at the last selection event: a changed version means the move was typing. */
  private readonly versions = new WeakMap<vscode.TextDocument, number>();
  /** The server process whose loaded model was last warmed for, to warm again after a (re)load. */
  private warmedFor: number | undefined;

  constructor(
    private readonly server: ServerController,
    private readonly output: vscode.LogOutputChannel,
  ) {
    this.subscriptions.push(
      vscode.window.onDidChangeActiveTextEditor((editor) => this.guarded(() => editor && this.warm(editor))),
      vscode.window.onDidChangeTextEditorSelection((event) => this.guarded(() => this.cursorMoved(event))),
      server.onDidChange((snapshot) =>
        this.guarded(() => {
          const loaded = snapshot.status?.completionModel.state === 'loaded' ? snapshot.status.pid : undefined;
          if (loaded !== undefined && loaded !== this.warmedFor && vscode.window.activeTextEditor) {
            this.warmedFor = loaded;
            this.warm(vscode.window.activeTextEditor);
          } else if (loaded === undefined) {
            this.warmedFor = undefined;
          }
        }),
      ),
    );
  }

  private cursorMoved(event: vscode.TextEditorSelectionChangeEvent): void {
    const document = event.textEditor.document;
    const typed = this.versions.get(document) !== document.version;
    this.versions.set(document, document.version);
    clearTimeout(this.timer);
    this.timer = undefined;
    if (typed || event.textEditor !== vscode.window.activeTextEditor) return;
    this.timer = setTimeout(() => this.guarded(() => this.warm(event.textEditor)), SETTLE_MS);
  }

  private warm(editor: vscode.TextEditor): void {
    const document = editor.document;
    // A notebook cell too: the server warms the notebook's text around it (server/notebookText.ts).
    if (document.languageId !== 'python' || !WARMED_SCHEMES.has(document.uri.scheme)) return;
    if (!readSetting('hai.completion.enabled', document)) return;
    this.versions.set(document, document.version);
    const { line, character } = editor.selection.active;
    this.server.warmDocument(document.uri.toString(), { line, character });
  }

  /** Runs an event handler; a warm-up is a head start only, so nothing it does may throw into VS Code. */
  private guarded(work: () => unknown): void {
    try {
      work();
    } catch (err) {
      this.output.warn(`Warming a document failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const s of this.subscriptions) s.dispose();
  }
}
