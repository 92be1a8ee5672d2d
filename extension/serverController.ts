// Starts the HAI language server, keeps it running, and tells the rest of the extension what state
// it is in. When the server process dies, the language client starts a new one; this controller
// counts those restarts so that the status bar and the status panel can say what happened.
import * as vscode from 'vscode';
import type { CloseHandlerResult, LanguageClient, LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import type { ClientPhase } from '../core/protocol/statusPanelMessages';
import type { ServerStatus } from '../core/protocol/serverStatus';
import { onSettingsChanged, readPathSetting, readSetting, refusedPathText } from './settings';

/** More crashes than this within CRASH_WINDOW_MS stop the automatic restarts: something is broken. */
const MAX_CRASHES = 5;
const CRASH_WINDOW_MS = 3 * 60_000;

/**
 * The language client library and our protocol types, loaded when the server starts rather than when
 * the extension's code loads: they are half of its evaluation time at activation (bench:activation).
 */
const loadClient = async () => ({
  lc: await import('vscode-languageclient/node'),
  protocol: await import('../core/protocol/serverStatus.js'),
  warm: await import('../core/protocol/warmDocument.js'),
});
type ClientModules = Awaited<ReturnType<typeof loadClient>>;

export interface ServerSnapshot {
  readonly phase: ClientPhase;
  readonly restarts: number;
  readonly status?: ServerStatus;
  readonly error?: string;
  readonly receivedAt: number;
  /** Milliseconds from asking for a (re)start to the server answering `initialize`. */
  readonly startupMs?: number;
}

export class ServerController implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private modules: ClientModules | undefined;
  private phase: ClientPhase = 'stopped';
  private restarts = 0;
  private crashTimes: number[] = [];
  private lastStatus: ServerStatus | undefined;
  private lastError: string | undefined;
  private receivedAt = 0;
  private startRequestedAt = 0;
  private startupMs: number | undefined;
  /** The last warning about a model path that is not followed, so that it is shown once. */
  private refusedModelPath: string | undefined;
  private readonly changed = new vscode.EventEmitter<ServerSnapshot>();
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Fires whenever the phase or the known status changes. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly serverModule: string,
    private readonly output: vscode.LogOutputChannel,
  ) {
    this.subscriptions.push(onSettingsChanged(['hai.server.trace'], () => void this.applyTrace()));
    // A relative model path is followed once the workspace is trusted: the server pulls its settings again.
    this.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(() => void this.announceSettingsChanged()));
  }

  snapshot(): ServerSnapshot {
    return {
      phase: this.phase,
      restarts: this.restarts,
      status: this.lastStatus,
      error: this.lastError,
      receivedAt: this.receivedAt,
      startupMs: this.startupMs,
    };
  }

  async start(): Promise<void> {
    if (this.client) return;
    this.modules ??= await loadClient();
    if (this.client) return; // started by another caller while the modules loaded
    const { lc, protocol } = this.modules;
    const { State } = lc;
    const run = { module: this.serverModule, transport: lc.TransportKind.stdio };
    const serverOptions: ServerOptions = {
      run,
      debug: { ...run, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
    };
    const clientOptions: LanguageClientOptions = {
      // YAML for the weaver data-config snippets; inline completion answers in Python only. The
      // selector matches notebook cells (scheme vscode-notebook-cell) as well, so inline completion and
      // its middleware below serve cells too; their text goes to the server as notebooks, not as files
      // of their own, because the server declares notebookDocumentSync (the client follows that).
      documentSelector: [{ language: 'python' }, { language: 'yaml' }],
      outputChannel: this.output,
      middleware: {
        // Waits for a pause in typing before asking the server, so that a burst of keystrokes
        // costs one inference, not one per key; VS Code cancels the wait when the next key comes.
        provideInlineCompletionItems: async (document, position, context, token, next) => {
          const debounceMs = readSetting('hai.completion.debounceMs');
          if (debounceMs > 0 && !(await pauseUnlessCancelled(debounceMs, token))) return null;
          return next(document, position, context, token);
        },
        workspace: {
          // The server pulls `hai.completion`; its model path goes out resolved (extension/settings.ts),
          // so that the server never resolves a relative path against its own working folder.
          configuration: async (params, token, next) => {
            const values = await next(params, token);
            if (!Array.isArray(values)) return values;
            return values.map((value, i) => (params.items[i]?.section === 'hai.completion' ? this.completionSection(value) : value));
          },
        },
      },
      errorHandler: {
        // A single bad message should not take the server down; the client logs it.
        error: () => ({ action: lc.ErrorAction.Continue }),
        closed: () => this.onServerClosed(),
      },
    };
    const client = new lc.LanguageClient('hai', 'HAI Language Server', serverOptions, clientOptions);
    this.client = client;
    // The handler survives restarts of the server process; the client re-registers it.
    client.onNotification(protocol.ServerStatusChangedNotification, () => void this.refreshStatus());
    client.onDidChangeState((event) => {
      if (event.newState === State.Running) {
        this.startupMs = performance.now() - this.startRequestedAt;
        this.setPhase('running');
        void this.applyTrace();
        void this.refreshStatus();
      } else if (event.newState === State.Starting) {
        // The client also passes through Starting when it restarts a crashed server.
        this.startRequestedAt = performance.now();
        if (this.phase !== 'restarting') this.setPhase('starting');
      }
    });
    this.startRequestedAt = performance.now();
    this.setPhase('starting');
    try {
      await client.start();
    } catch (err) {
      this.lastError = errorText(err);
      this.setPhase('stopped');
      this.output.error(`The HAI language server did not start: ${this.lastError}`);
      throw err;
    }
  }

  /** Stops the current server (if any) and starts a fresh one, on the user's request. */
  async restart(): Promise<void> {
    this.crashTimes = [];
    const old = this.client;
    this.client = undefined;
    this.lastStatus = undefined;
    if (old) {
      this.setPhase('restarting');
      await old.stop().catch((err) => this.output.warn(`Stopping the server failed: ${errorText(err)}`));
      await old.dispose().catch(() => undefined);
    }
    await this.start();
  }

  /**
   * The `hai.completion` section as the server gets it: `modelPath` absolute, or empty (the built-in
   * model) with a warning when a relative path is not followed.
   */
  private completionSection(value: unknown): unknown {
    if (typeof value !== 'object' || value === null) return value;
    const modelPath = readPathSetting('hai.completion.modelPath');
    if ('path' in modelPath) {
      this.refusedModelPath = undefined;
      return { ...value, modelPath: modelPath.path };
    }
    const message = vscode.l10n.t('{0} The built-in code model is used instead.', refusedPathText('hai.completion.modelPath', modelPath));
    // Once per distinct refusal: the server pulls its settings on every change.
    if (message !== this.refusedModelPath) {
      this.refusedModelPath = message;
      this.output.warn(message);
      void vscode.window.showWarningMessage(message);
    }
    return { ...value, modelPath: '' };
  }

  /**
   * Sends `hai/warmDocument` while the server runs with a loaded model; false when it was not sent.
   * A warm-up is only a head start, so a failure to send is logged, never thrown.
   */
  warmDocument(uri: string, position: { line: number; character: number }): boolean {
    const client = this.client;
    const modules = this.modules;
    if (!client || !modules || client.state !== modules.lc.State.Running) return false;
    if (this.lastStatus?.completionModel.state !== 'loaded') return false;
    const failed = (err: unknown): void => this.output.warn(`hai/warmDocument failed: ${errorText(err)}`);
    try {
      client.sendNotification(modules.warm.WarmDocumentNotification, { uri, position }).catch(failed);
      return true;
    } catch (err) {
      failed(err);
      return false;
    }
  }

  /** Asks the server for `hai/status`; the answer (or the error) becomes part of the snapshot. */
  async refreshStatus(): Promise<ServerSnapshot> {
    const client = this.client;
    const modules = this.modules;
    if (!client || !modules || client.state !== modules.lc.State.Running) return this.snapshot();
    try {
      this.lastStatus = await client.sendRequest(modules.protocol.ServerStatusRequest);
      this.lastError = undefined;
    } catch (err) {
      this.lastError = errorText(err);
      this.output.warn(`hai/status failed: ${this.lastError}`);
    }
    this.receivedAt = Date.now();
    this.changed.fire(this.snapshot());
    return this.snapshot();
  }

  private onServerClosed(): CloseHandlerResult {
    const now = Date.now();
    this.crashTimes = this.crashTimes.filter((t) => now - t < CRASH_WINDOW_MS);
    this.crashTimes.push(now);
    this.lastStatus = undefined;
    if (this.crashTimes.length >= MAX_CRASHES) {
      this.setPhase('stopped');
      this.lastError = vscode.l10n.t(
        'The HAI language server stopped {0} times in 3 minutes and will not be restarted automatically.',
        this.crashTimes.length,
      );
      this.output.error(this.lastError);
      void this.offerManualRestart(this.lastError);
      return { action: this.modules!.lc.CloseAction.DoNotRestart, handled: true };
    }
    this.restarts++;
    this.output.warn(`The HAI language server exited unexpectedly; restarting it (restart ${this.restarts}).`);
    this.setPhase('restarting');
    return { action: this.modules!.lc.CloseAction.Restart, handled: true };
  }

  private async offerManualRestart(message: string): Promise<void> {
    const restart = vscode.l10n.t('Restart Server');
    const showOutput = vscode.l10n.t('Show Output');
    const choice = await vscode.window.showErrorMessage(message, restart, showOutput);
    if (choice === restart) await this.restart();
    else if (choice === showOutput) this.output.show(true);
  }

  private async announceSettingsChanged(): Promise<void> {
    const lc = this.modules?.lc;
    if (!lc || this.client?.state !== lc.State.Running) return;
    await this.client.sendNotification(lc.DidChangeConfigurationNotification.type, { settings: null });
  }

  private async applyTrace(): Promise<void> {
    const lc = this.modules?.lc;
    if (!lc || this.client?.state !== lc.State.Running) return;
    await this.client.setTrace(lc.Trace.fromString(readSetting('hai.server.trace')));
  }

  private setPhase(phase: ClientPhase): void {
    this.phase = phase;
    this.changed.fire(this.snapshot());
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }

  /** Stops the server; used on deactivation. */
  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) await client.stop().catch(() => undefined);
  }
}

/** Resolves true after `ms`, or false as soon as the token is cancelled. */
function pauseUnlessCancelled(ms: number, token: vscode.CancellationToken): Promise<boolean> {
  if (token.isCancellationRequested) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      listener.dispose();
      resolve(true);
    }, ms);
    const listener = token.onCancellationRequested(() => {
      clearTimeout(timer);
      listener.dispose();
      resolve(false);
    });
  });
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
