// The built language server (dist/server.js) over stdio, as the protocol tier's tests drive it: the
// client answers workspace/configuration with the given `hai.completion` settings (as VS Code
// does), collects the errors the server logs, and exposes the first hai/statusChanged (the model
// loaded, failed, or none) as a promise, so that tests wait on that signal rather than on time.
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import type { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import {
  AbstractMessageWriter,
  ConfigurationRequest,
  createProtocolConnection,
  InitializedNotification,
  InitializeRequest,
  type InitializeResult,
  LogMessageNotification,
  type Message,
  MessageType,
  type MessageWriter,
  type ProtocolConnection,
  type Registration,
  RegistrationRequest,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { ServerStatusChangedNotification } from '../../core/protocol/serverStatus';
import { ROOT } from '../../scripts/paths';

export interface StdioServer {
  readonly conn: ProtocolConnection;
  readonly initialized: InitializeResult;
  /** Resolves at the server's first hai/statusChanged: its model has loaded, failed, or there is none. */
  readonly statusChanged: Promise<void>;
  /** Messages the server logged as errors (a failed request is answered empty and logged). */
  readonly errors: string[];
  /** What the server registered for dynamically (configuration changes, watched files), as it asked. */
  readonly registrations: Registration[];
  readonly stdin: Writable;
  /**
   * Sends what `send` sends as one write to the server's stdin, so that the messages reach it
   * together, as a burst of keystrokes does (the connection's own writer waits for each write).
   */
  together<T>(send: () => T): T;
  stop(): void;
}

/** The connection's writer, which can hold messages back and then write them all at once. */
class HoldingWriter extends AbstractMessageWriter implements MessageWriter {
  private held: Buffer[] | undefined;
  constructor(
    private readonly stream: Writable,
    private readonly inner: MessageWriter,
  ) {
    super();
  }
  write(msg: Message): Promise<void> {
    if (!this.held) return this.inner.write(msg);
    const json = Buffer.from(JSON.stringify(msg), 'utf8');
    this.held.push(Buffer.from(`Content-Length: ${json.length}\r\n\r\n`, 'ascii'), json);
    return Promise.resolve();
  }
  hold(): void {
    this.held = [];
  }
  release(): void {
    const held = this.held ?? [];
    this.held = undefined;
    if (held.length > 0) this.stream.write(Buffer.concat(held));
  }
  end(): void {
    this.inner.end();
  }
}

/** `folders`: workspace folders (absolute paths) the client says it has open, as VS Code does. */
export async function startStdioServer(completionSettings: Record<string, unknown>, cwd = ROOT, folders: readonly string[] = []): Promise<StdioServer> {
  const proc = spawn(process.execPath, [path.join(ROOT, 'dist', 'server.js'), '--stdio'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
  const writer = new HoldingWriter(proc.stdin!, new StreamMessageWriter(proc.stdin!));
  const conn = createProtocolConnection(new StreamMessageReader(proc.stdout!), writer);
  conn.onRequest(ConfigurationRequest.type, (params) => params.items.map(() => completionSettings));
  const registrations: Registration[] = [];
  conn.onRequest(RegistrationRequest.type, (params) => {
    registrations.push(...params.registrations);
  });
  const errors: string[] = [];
  conn.onNotification(LogMessageNotification.type, (m) => {
    if (m.type === MessageType.Error) errors.push(m.message);
  });
  const statusChanged = new Promise<void>((resolve) => conn.onNotification(ServerStatusChangedNotification, () => resolve()));
  conn.listen();
  const initialized = await conn.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: null,
    workspaceFolders: folders.length > 0 ? folders.map((f) => ({ uri: pathToFileURL(f).href, name: path.basename(f) })) : null,
    capabilities: { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, didChangeWatchedFiles: { dynamicRegistration: true } } },
  });
  await conn.sendNotification(InitializedNotification.type, {});
  return {
    conn,
    initialized,
    statusChanged,
    errors,
    registrations,
    stdin: proc.stdin!,
    together: (send) => {
      writer.hold();
      try {
        return send();
      } finally {
        writer.release();
      }
    },
    stop: () => {
      conn.dispose();
      proc.kill('SIGKILL');
    },
  };
}
