// The built language server (dist/server.js) started over stdio for a benchmark, with the
// `hai.completion` settings it asks the client for, waiting until its completion model has loaded.
import { type ChildProcess, spawn } from 'node:child_process';
import { renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ConfigurationRequest,
  createProtocolConnection,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  InitializedNotification,
  InlineCompletionRequest,
  InitializeRequest,
  RegistrationRequest,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { type ServerStatus, ServerStatusRequest } from '../core/protocol/serverStatus';
import { ROOT } from '../scripts/paths';

export type Conn = ReturnType<typeof createProtocolConnection>;

export interface LspSession {
  readonly conn: Conn;
  readonly proc: ChildProcess;
  /** The status once the model has loaded; throws with the server's reason if it did not. */
  readonly status: ServerStatus;
  dispose(): void;
}

/**
 * `completion`: the `hai.completion` section, e.g. { modelPath, threads, fimOrder }; `folders`: the
 * workspace folders (absolute paths) the server is given, as VS Code gives those it has open.
 */
export async function startServer(completion: Record<string, unknown>, folders: readonly string[] = []): Promise<LspSession> {
  const proc = spawn(process.execPath, [path.join(ROOT, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const conn = createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  conn.onRequest(ConfigurationRequest.type, (p) => p.items.map(() => completion));
  conn.onRequest(RegistrationRequest.type, () => undefined);
  conn.listen();
  const dispose = (): void => {
    conn.dispose();
    proc.kill();
  };
  try {
    const workspaceFolders = folders.length > 0 ? folders.map((f) => ({ uri: pathToFileURL(f).href, name: path.basename(f) })) : null;
    await conn.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, workspaceFolders, capabilities: { workspace: { configuration: true } } });
    await conn.sendNotification(InitializedNotification.type, {});
    let status = await conn.sendRequest(ServerStatusRequest);
    while (status.completionModel.state === 'none' || status.completionModel.state === 'loading') {
      await new Promise((r) => setTimeout(r, 50));
      status = await conn.sendRequest(ServerStatusRequest);
    }
    if (status.completionModel.state !== 'loaded') throw new Error(`The model did not load: ${JSON.stringify(status.completionModel)}`);
    return { conn, proc, status, dispose };
  } catch (err) {
    dispose();
    throw err;
  }
}

/**
 * The first suggestion for `text` newly opened as document `uri`, with the cursor `at` characters in
 * (its end by default, as an automatic request); the document is closed again.
 */
export async function suggestOnce(conn: Conn, uri: string, text: string, at = text.length): Promise<string> {
  await conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'python', version: 1, text } });
  const lines = text.slice(0, at).split('\n');
  const result = await conn.sendRequest(InlineCompletionRequest.type, {
    textDocument: { uri },
    position: { line: lines.length - 1, character: lines[lines.length - 1].length },
    context: { triggerKind: 2 },
  });
  await conn.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  const first = result && 'items' in result ? result.items[0]?.insertText : undefined;
  return typeof first === 'string' ? first : (first?.value ?? '');
}

export function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

/** An on/off option (`--name on|off`): whether it is on. */
export function onOffArg(name: string, fallback: 'on' | 'off'): boolean {
  const value = arg(name, fallback);
  if (value !== 'on' && value !== 'off') throw new Error(`--${name} ${value}: on or off`);
  return value === 'on';
}

export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Prints the result and, with --out FILE, writes it there too (temp file + rename). */
export function report(result: object): void {
  const json = JSON.stringify(result, null, 2);
  const out = arg('out', '');
  if (out) {
    writeFileSync(`${out}.tmp`, json + '\n');
    renameSync(`${out}.tmp`, out);
  }
  console.log(json);
}
