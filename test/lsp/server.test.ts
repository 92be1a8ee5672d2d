// Protocol tier: the built server (dist/server.js) spawned over stdio, driven by a real LSP client.
import * as assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  CompletionRequest,
  createProtocolConnection,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  InlineCompletionRequest,
  type ProtocolConnection,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { ServerStatusRequest } from '../../core/protocol/serverStatus';
import { ROOT } from '../../scripts/paths';

const SERVER = path.join(ROOT, 'dist', 'server.js');
const version: string = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;

interface Spawned {
  readonly proc: ChildProcess;
  readonly conn: ProtocolConnection;
  readonly exited: Promise<number | null>;
  readonly stderr: () => string;
}

function spawnServer(): Spawned {
  const proc = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const conn = createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  conn.listen();
  return { proc, conn, exited, stderr: () => stderr };
}

async function initialize(conn: ProtocolConnection) {
  const result = await conn.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: null,
    capabilities: {},
    clientInfo: { name: 'hai-protocol-test' },
  });
  await conn.sendNotification(InitializedNotification.type, {});
  return result;
}

describe('language server over stdio', function () {
  this.timeout(20_000);
  let server: Spawned;

  beforeEach(() => {
    server = spawnServer();
  });

  afterEach(() => {
    server.conn.dispose();
    if (server.proc.exitCode === null) server.proc.kill('SIGKILL');
  });

  it('declares completion and inline completion (LSP 3.18) when initialized', async () => {
    const result = await initialize(server.conn);
    assert.ok(result.capabilities.completionProvider, 'completionProvider');
    assert.equal(result.capabilities.inlineCompletionProvider, true);
    assert.deepEqual(result.serverInfo, { name: 'HAI language server', version });
  });

  it('reports its version, uptime, process and that no completion model is loaded via hai/status', async () => {
    await initialize(server.conn);
    const first = await server.conn.sendRequest(ServerStatusRequest);
    assert.equal(first.version, version);
    assert.equal(first.pid, server.proc.pid);
    assert.match(first.nodeVersion, /^\d+\.\d+\.\d+$/);
    assert.deepEqual(first.completionModel, { state: 'none' });
    const second = await server.conn.sendRequest(ServerStatusRequest);
    assert.ok(second.uptimeMs >= first.uptimeMs, 'uptime does not go backwards');
  });

  it('answers completion requests on an open Python document with no items yet', async () => {
    await initialize(server.conn);
    const uri = 'file:///work/demo/model.py';
    await server.conn.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'python', version: 1, text: 'import torch\nclass Net(torch.nn.Module):\n    ' },
    });
    const position = { line: 2, character: 4 };
    const inline = await server.conn.sendRequest(InlineCompletionRequest.type, {
      textDocument: { uri },
      position,
      context: { triggerKind: 2 },
    });
    assert.deepEqual(inline, { items: [] });
    const completion = await server.conn.sendRequest(CompletionRequest.type, { textDocument: { uri }, position });
    assert.deepEqual(completion, { isIncomplete: false, items: [] });
  });

  it('answers an unknown custom method with MethodNotFound and keeps serving', async () => {
    await initialize(server.conn);
    await assert.rejects(server.conn.sendRequest('hai/doesNotExist', {}), (err: { code?: number }) => err.code === -32601);
    const status = await server.conn.sendRequest(ServerStatusRequest);
    assert.equal(status.version, version);
  });

  it('exits with code 0 after shutdown and exit', async () => {
    await initialize(server.conn);
    await server.conn.sendRequest(ShutdownRequest.type);
    await server.conn.sendNotification(ExitNotification.type);
    assert.equal(await server.exited, 0, server.stderr());
  });

  it('exits on its own when the editor process that started it is gone', async function () {
    this.timeout(30_000);
    // A short-lived process stands in for an editor that crashed without shutting the server down.
    const editor = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 200)']);
    await server.conn.sendRequest(InitializeRequest.type, { processId: editor.pid!, rootUri: null, capabilities: {} });
    const code = await server.exited;
    assert.equal(code, 1, 'exit code 1: the server was not shut down properly');
  });
});
