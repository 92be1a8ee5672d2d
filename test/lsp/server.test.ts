// Protocol tier: the built server (dist/server.js) spawned over stdio, driven by a real LSP client.
import * as assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  CompletionRequest,
  createProtocolConnection,
  DidChangeConfigurationNotification,
  DidChangeWorkspaceFoldersNotification,
  DidOpenTextDocumentNotification,
  ErrorCodes,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  InlineCompletionRequest,
  type ProtocolConnection,
  ResponseError,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { ServerStatusRequest } from '../../core/protocol/serverStatus';
import { ROOT } from '../../scripts/paths';
import { until } from '../support/until';

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

/** The completion model's state once the built-in model has loaded or failed to. */
async function builtInModelSettled(conn: ProtocolConnection) {
  return until(async () => {
    const model = (await conn.sendRequest(ServerStatusRequest)).completionModel;
    return model.state === 'none' || model.state === 'loading' ? undefined : model;
  }, 'the built-in model has loaded', 15_000);
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

  it('reports its version, uptime, process and the built-in code model via hai/status', async () => {
    await initialize(server.conn);
    const first = await server.conn.sendRequest(ServerStatusRequest);
    assert.equal(first.version, version);
    assert.equal(first.pid, server.proc.pid);
    assert.match(first.nodeVersion, /^\d+\.\d+\.\d+$/);
    const second = await server.conn.sendRequest(ServerStatusRequest);
    assert.ok(second.uptimeMs >= first.uptimeMs, 'uptime does not go backwards');
    // No configuration at all: the model shipped in models/code-model loads.
    const model = await builtInModelSettled(server.conn);
    assert.equal(model.state, 'loaded', JSON.stringify(model));
    if (model.state === 'loaded') {
      assert.equal(model.name, 'code-model');
      assert.equal(model.dtype, 'int8');
      assert.equal(model.path, path.join(ROOT, 'models', 'code-model', 'onnx', 'model_int8.onnx'));
    }
  });

  it('completes Python from the built-in model with no configuration; ordinary completion answers too', async () => {
    await initialize(server.conn);
    await builtInModelSettled(server.conn);
    const uri = 'file:///work/demo/model.py';
    const text = 'import torch\nimport torch.nn as nn\n\n\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc1 = nn.Linear(10, 20)\n        self.fc2 = nn.';
    await server.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'python', version: 1, text } });
    const position = { line: 8, character: 22 };
    const inline = await server.conn.sendRequest(InlineCompletionRequest.type, { textDocument: { uri }, position, context: { triggerKind: 2 } });
    const items = inline && 'items' in inline ? inline.items : (inline ?? []);
    assert.equal(items.length, 1, 'one suggestion');
    assert.match(String(items[0].insertText), /^\w+/, 'it goes on after "nn." with a name');
    const completion = await server.conn.sendRequest(CompletionRequest.type, { textDocument: { uri }, position });
    assert.deepEqual(completion, { isIncomplete: false, items: [] });
  });

  it('answers an unknown custom method with MethodNotFound and keeps serving', async () => {
    await initialize(server.conn);
    await assert.rejects(server.conn.sendRequest('hai/doesNotExist', {}), (err: { code?: number }) => err.code === -32601);
    const status = await server.conn.sendRequest(ServerStatusRequest);
    assert.equal(status.version, version);
  });

  it('keeps serving when the editor answers its settings, registration and folders requests with an error', async () => {
    const failed: string[] = [];
    for (const method of ['workspace/configuration', 'client/registerCapability', 'workspace/workspaceFolders']) {
      server.conn.onRequest(method, () => {
        failed.push(method);
        throw new ResponseError(ErrorCodes.InternalError, 'the client failed');
      });
    }
    await server.conn.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      capabilities: { workspace: { configuration: true, workspaceFolders: true, didChangeConfiguration: { dynamicRegistration: true } } },
    });
    await server.conn.sendNotification(InitializedNotification.type, {});
    await server.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    await server.conn.sendNotification(DidChangeWorkspaceFoldersNotification.type, { event: { added: [], removed: [] } });
    await until(async () => (new Set(failed).size === 3 ? true : undefined), 'the server asked all three');
    // Had any failure gone unhandled, the process would have ended and this would not be answered.
    const status = await server.conn.sendRequest(ServerStatusRequest);
    assert.equal(status.version, version);
    assert.equal(server.proc.exitCode, null, server.stderr());
  });

  it('refuses requests after shutdown with InvalidRequest, as the protocol says', async () => {
    await initialize(server.conn);
    await server.conn.sendRequest(ShutdownRequest.type);
    const uri = 'file:///work/demo/model.py';
    await assert.rejects(server.conn.sendRequest(ServerStatusRequest), (err: { code?: number }) => err.code === ErrorCodes.InvalidRequest);
    await assert.rejects(server.conn.sendRequest(InlineCompletionRequest.type, { textDocument: { uri }, position: { line: 0, character: 0 }, context: { triggerKind: 2 } }), (err: { code?: number }) => err.code === ErrorCodes.InvalidRequest);
    await server.conn.sendNotification(ExitNotification.type);
    assert.equal(await server.exited, 0, server.stderr());
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
