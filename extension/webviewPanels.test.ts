// The webview host's logic, run in memory: an in-memory port stands where VS Code's panel would be
// (webviewHost.ts is the only file that talks to the real one), so what a panel does with the
// messages it gets and the one lifetime rule are tested in Node, without a vscode mock.
import * as assert from 'node:assert/strict';
import { fields, type NoPayload } from '../core/protocol/webviewProtocol';
import { type PanelLog, type PanelPort, PanelHost, type PanelOptions } from './webviewPanels';

type Requests = { ready: NoPayload; open: { readonly file: string } };
type Updates = { shown: { readonly text: string } };

/** A panel as the host sees it, kept in memory: what it was sent, and buttons for what VS Code does. */
class MemoryPort implements PanelPort {
  readonly posted: unknown[] = [];
  reveals = 0;
  renders = 0;
  disposed = false;
  private listener: ((raw: unknown) => void) | undefined;
  private closed: (() => void) | undefined;

  postMessage(message: unknown): Promise<boolean> {
    this.posted.push(structuredClone(message));
    return Promise.resolve(!this.disposed);
  }
  onDidReceiveMessage(listener: (raw: unknown) => void): { dispose(): void } {
    this.listener = listener;
    return { dispose: () => (this.listener = undefined) };
  }
  onDidDispose(listener: () => void): { dispose(): void } {
    this.closed = listener;
    return { dispose: () => (this.closed = undefined) };
  }
  reveal(): void {
    this.reveals++;
  }
  render(): void {
    this.renders++;
  }
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.closed?.();
  }
  /** What the webview's script would send (structured clone, as postMessage does). */
  async fromWebview(raw: unknown): Promise<void> {
    this.listener?.(structuredClone(raw));
    // The handlers run asynchronously; let them finish before the test looks.
    await new Promise((resolve) => setImmediate(resolve));
  }
  /** The user closes the editor tab. */
  close(): void {
    this.dispose();
  }
}

class MemoryLog implements PanelLog {
  readonly lines: string[] = [];
  warn(message: string): void {
    this.lines.push(`warn: ${message}`);
  }
  error(message: string): void {
    this.lines.push(`error: ${message}`);
  }
}

function setup() {
  const ports: MemoryPort[] = [];
  const log = new MemoryLog();
  const host = new PanelHost<{ title: string }>((extra) => {
    assert.ok(extra.title);
    const port = new MemoryPort();
    ports.push(port);
    return port;
  }, log);
  const received: string[] = [];
  const options = (key: string): PanelOptions<Requests, Updates> & { title: string } => ({
    key,
    name: 'sample view',
    title: `Sample ${key}`,
    requests: { ready: {}, open: { file: fields.fileName() } },
    handlers: (panel) => ({
      ready: async () => {
        received.push(`${key}: ready`);
        await panel.post({ type: 'shown', text: `hello ${key}` });
      },
      open: (message) => {
        if (message.file === 'boom.pt') throw new Error('the handler failed');
        received.push(`${key}: open ${message.file}`);
      },
    }),
  });
  return { host, ports, log, received, options };
}

describe('webview panels (in memory)', () => {
  it('hands valid requests to their handler and posts typed updates back', async () => {
    const { host, ports, received, options } = setup();
    const { panel, created } = host.show(options('a'));
    assert.equal(created, true);
    await ports[0].fromWebview({ type: 'ready' });
    await ports[0].fromWebview({ type: 'open', file: 'w.pt' });
    assert.deepEqual(received, ['a: ready', 'a: open w.pt']);
    assert.deepEqual(ports[0].posted, [{ type: 'shown', text: 'hello a' }]);
    assert.equal(await panel.post({ type: 'shown', text: 'again' }), true);
  });

  it('drops malformed messages, logging each kind once, and never throws', async () => {
    const { host, ports, log, received, options } = setup();
    host.show(options('a'));
    const port = ports[0];
    await port.fromWebview({ type: 'runShell', command: 'rm -rf /' });
    await port.fromWebview({ type: 'somethingElse' });
    await port.fromWebview({ type: 'open', file: '../../etc/passwd' });
    await port.fromWebview({ type: 'open', file: '../x' });
    await port.fromWebview({ type: 'open', file: 'a.pt', url: 'https://evil' });
    await port.fromWebview({ type: 'open', file: 'x'.repeat(2_000_000) });
    await port.fromWebview('ready');
    assert.deepEqual(received, []);
    assert.equal(log.lines.length, 5, log.lines.join('\n'));
    assert.ok(log.lines.every((l) => l.startsWith('warn: ') && l.includes('sample view') && l.length < 600), log.lines.join('\n'));
    assert.ok(log.lines.some((l) => l.includes('unknown message')));
    assert.ok(log.lines.some((l) => l.includes('open.file: not a plain file name')));
    assert.ok(log.lines.some((l) => l.includes('open: unexpected field')));
    assert.ok(log.lines.some((l) => l.includes('open.file: too long')));
    assert.ok(log.lines.some((l) => l.includes('not a message')));
    // The same kinds from another panel of the same view add nothing to the log.
    host.show(options('b'));
    await ports[1].fromWebview({ type: 'whatever' });
    assert.equal(log.lines.length, 5);
  });

  it('logs a failing handler as an error and keeps serving the panel', async () => {
    const { host, ports, log, received, options } = setup();
    host.show(options('a'));
    await ports[0].fromWebview({ type: 'open', file: 'boom.pt' });
    assert.equal(log.lines.length, 1);
    assert.match(log.lines[0], /^error: .*sample view.*open.*the handler failed/);
    await ports[0].fromWebview({ type: 'open', file: 'ok.pt' });
    assert.deepEqual(received, ['a: open ok.pt']);
  });

  it('reveals the open panel of a key instead of opening a second one', () => {
    const { host, ports, options } = setup();
    const first = host.show(options('a'));
    const again = host.show(options('a'));
    assert.equal(again.created, false);
    assert.equal(again.panel, first.panel);
    assert.equal(ports.length, 1);
    assert.equal(ports[0].reveals, 1);
    host.show(options('b'));
    assert.equal(ports.length, 2, 'another key is another panel');
  });

  it('forgets a closed panel, disposes what it tracked, and opens afresh next time', async () => {
    const { host, ports, options } = setup();
    const { panel } = host.show(options('a'));
    let cleaned = 0;
    panel.track({ dispose: () => cleaned++ });
    ports[0].close();
    assert.equal(cleaned, 1);
    assert.equal(panel.isOpen, false);
    assert.equal(await panel.post({ type: 'shown', text: 'late' }), false, 'posting to a closed panel says so');
    assert.deepEqual(ports[0].posted, []);
    assert.equal(host.get('a'), undefined);
    const reopened = host.show(options('a'));
    assert.equal(reopened.created, true);
    assert.equal(ports.length, 2);
  });

  it('closes every panel it opened when the host is disposed', () => {
    const { host, ports, options } = setup();
    host.show(options('a'));
    host.show(options('b'));
    host.dispose();
    assert.deepEqual(ports.map((p) => p.disposed), [true, true]);
    assert.equal(host.get('a'), undefined);
  });

  it('writes the page once it listens, and again on request', () => {
    const { host, ports, options } = setup();
    const { panel } = host.show(options('a'));
    assert.equal(ports[0].renders, 1);
    panel.render();
    assert.equal(ports[0].renders, 2);
  });

  it('tells the owner of each refused or failed request, every time, so that it can send its state again', async () => {
    const { host, ports, options } = setup();
    const refused: string[] = [];
    host.show({ ...options('a'), onRefused: async (panel) => void (refused.push('refused'), await panel.post({ type: 'shown', text: 'as the host has it' })) });
    await ports[0].fromWebview({ type: 'open', file: '../x' });
    await ports[0].fromWebview({ type: 'open', file: '../y' });
    await ports[0].fromWebview({ type: 'open', file: 'boom.pt' });
    await ports[0].fromWebview({ type: 'open', file: 'w.pt' });
    assert.deepEqual(refused, ['refused', 'refused', 'refused']);
    assert.deepEqual(ports[0].posted, [1, 2, 3].map(() => ({ type: 'shown', text: 'as the host has it' })));
  });
});

