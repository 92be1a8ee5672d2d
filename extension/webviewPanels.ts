// The logic of every webview panel the extension hosts, kept free of 'vscode' so that it runs in
// Node tests against an in-memory port: one lifetime rule (a panel per key, revealed when it is
// already open, forgotten and cleaned up when it closes), requests validated by the protocol's one
// validator (core/protocol/webviewProtocol.ts) and handed to a handler per message name, malformed
// messages logged once per kind and dropped, handler failures logged, never thrown.
// webviewHost.ts is the thin glue that makes a real VS Code panel into a PanelPort.
import { type MessageNamed, type MessageOf, parseMessage, type PayloadSpecs } from '../core/protocol/webviewProtocol';

export interface Disposable {
  dispose(): void;
}

/** What the host needs of one open panel; VS Code's WebviewPanel in webviewHost.ts, memory in tests. */
export interface PanelPort {
  postMessage(message: unknown): PromiseLike<boolean>;
  onDidReceiveMessage(listener: (raw: unknown) => void): Disposable;
  onDidDispose(listener: () => void): Disposable;
  reveal(): void;
  /** Builds the page again (fresh HTML, fresh nonce). */
  render(): void;
  dispose(): void;
}

/** Where problems go: the "HAI" output channel (a LogOutputChannel fits). */
export interface PanelLog {
  warn(message: string): void;
  error(message: string): void;
}

/** One handler per request name; a missing one is a compile error. */
export type RequestHandlers<M> = { readonly [K in keyof M & string]: (message: MessageNamed<M, K>) => void | Promise<void> };

export interface PanelOptions<Requests, Updates> {
  /** Identifies the panel: showing a key that is open reveals that panel. */
  readonly key: string;
  /** What the log calls this view, e.g. "model card". */
  readonly name: string;
  readonly requests: PayloadSpecs<Requests>;
  readonly handlers: (panel: HostedPanel<Updates>) => RequestHandlers<Requests>;
  /**
   * Called for every request refused (malformed) or whose handler failed. A page that applied its
   * edit before sending it would otherwise show what the host never took: the owner sends its state
   * again and says so, where the log alone would leave the user believing the edit was kept.
   */
  readonly onRefused?: (panel: HostedPanel<Updates>) => void | Promise<void>;
}

/** An open panel as its owner uses it. */
export interface HostedPanel<Updates> {
  readonly isOpen: boolean;
  /** Sends an update; false when the panel is closed or VS Code did not deliver it. */
  post(message: MessageOf<Updates>): Promise<boolean>;
  reveal(): void;
  render(): void;
  /** Disposed when the panel closes (subscriptions, timers). */
  track(...disposables: Disposable[]): void;
  dispose(): void;
}

/** Remembers which kinds of bad message were logged, so that a misbehaving page cannot flood the log. */
class DroppedMessages {
  private readonly seen = new Set<string>();
  constructor(private readonly log: PanelLog) {}

  report(view: string, kind: string, detail: string): void {
    const key = `${view}\u0000${kind}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.log.warn(`Ignored a message from the ${view} (${kind}): ${detail}. Later messages of this kind are ignored without a note.`);
  }
}

class Panel<Requests, Updates> implements HostedPanel<Updates> {
  private open = true;
  private readonly disposables: Disposable[] = [];
  private readonly handlers: RequestHandlers<Requests>;

  constructor(
    private readonly port: PanelPort,
    private readonly options: PanelOptions<Requests, Updates>,
    private readonly log: PanelLog,
    private readonly dropped: DroppedMessages,
    onClosed: () => void,
  ) {
    this.handlers = options.handlers(this);
    this.disposables.push(port.onDidReceiveMessage((raw) => void this.receive(raw)));
    this.disposables.push(
      port.onDidDispose(() => {
        this.open = false;
        onClosed();
        for (const d of this.disposables.splice(0)) d.dispose();
      }),
    );
  }

  get isOpen(): boolean {
    return this.open;
  }

  private async receive(raw: unknown): Promise<void> {
    const parsed = parseMessage(this.options.requests, raw);
    if (!parsed.ok) {
      this.dropped.report(this.options.name, parsed.kind, parsed.detail);
      await this.refused();
      return;
    }
    const message = parsed.message;
    const handler = this.handlers[message.type] as (m: typeof message) => void | Promise<void>;
    try {
      await handler(message);
    } catch (err) {
      this.log.error(`The ${this.options.name} could not handle "${message.type}": ${err instanceof Error ? err.message : String(err)}`);
      await this.refused();
    }
  }

  private async refused(): Promise<void> {
    try {
      await this.options.onRefused?.(this);
    } catch (err) {
      this.log.error(`The ${this.options.name} could not answer a refused message: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  async post(message: MessageOf<Updates>): Promise<boolean> {
    if (!this.open) return false;
    try {
      return await this.port.postMessage(message);
    } catch {
      // A panel that is closing refuses messages; the next update (if it reopens) carries the state.
      return false;
    }
  }

  reveal(): void {
    if (this.open) this.port.reveal();
  }

  render(): void {
    if (this.open) this.port.render();
  }

  track(...disposables: Disposable[]): void {
    if (this.open) this.disposables.push(...disposables);
    else for (const d of disposables) d.dispose();
  }

  dispose(): void {
    if (this.open) this.port.dispose();
  }
}

/**
 * Opens panels through `openPort` (which gets the caller's extra options, e.g. title and script) and
 * holds the one lifetime rule for all of them.
 */
export class PanelHost<Extra> implements Disposable {
  private readonly panels = new Map<string, HostedPanel<unknown>>();
  private readonly dropped: DroppedMessages;

  constructor(
    private readonly openPort: (extra: Extra) => PanelPort,
    private readonly log: PanelLog,
  ) {
    this.dropped = new DroppedMessages(log);
  }

  /** The open panel of `key`, revealed, or a new one; `created` tells which. */
  show<Requests, Updates>(options: PanelOptions<Requests, Updates> & Extra): { panel: HostedPanel<Updates>; created: boolean } {
    const existing = this.panels.get(options.key) as HostedPanel<Updates> | undefined;
    if (existing?.isOpen) {
      existing.reveal();
      return { panel: existing, created: false };
    }
    return { panel: this.attach(options, this.openPort(options)), created: true };
  }

  /**
   * Takes on a panel VS Code opened itself (a custom editor's) under the same rules as `show`: its
   * requests validated, its disposables disposed when it closes. The key must be new.
   */
  attach<Requests, Updates>(options: PanelOptions<Requests, Updates>, port: PanelPort): HostedPanel<Updates> {
    const panel: Panel<Requests, Updates> = new Panel(port, options, this.log, this.dropped, () => {
      if (this.panels.get(options.key) === panel) this.panels.delete(options.key);
    });
    this.panels.set(options.key, panel as HostedPanel<unknown>);
    // The page is written only now, after the listener is attached, so its first "ready" is heard.
    port.render();
    return panel;
  }

  get<Updates>(key: string): HostedPanel<Updates> | undefined {
    return this.panels.get(key) as HostedPanel<Updates> | undefined;
  }

  dispose(): void {
    for (const panel of [...this.panels.values()]) panel.dispose();
    this.panels.clear();
  }
}
