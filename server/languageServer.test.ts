// Drives the real server wiring over in-memory streams with a real LSP client connection.
import * as assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import {
  createProtocolConnection,
  InitializeRequest,
  InlineCompletionRequest,
  CompletionRequest,
  type ProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { createConnection } from 'vscode-languageserver/node';
import { ServerStatusRequest } from '../core/protocol/serverStatus';
import { startLanguageServer } from './languageServer';

describe('language server (in memory)', () => {
  let client: ProtocolConnection;
  let clock = 1_000_000;
  const toServer = new PassThrough();
  const toClient = new PassThrough();

  before(() => {
    const server = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
    startLanguageServer(server, { version: '9.8.7', now: () => clock });
    client = createProtocolConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
    client.listen();
  });

  after(() => client.dispose());

  it('declares completion and inline completion in its capabilities', async () => {
    const result = await client.sendRequest(InitializeRequest.type, {
      // No parent process id: the library would poll it with a timer that keeps mocha alive.
      processId: null,
      rootUri: null,
      capabilities: {},
    });
    assert.ok(result.capabilities.completionProvider);
    assert.equal(result.capabilities.inlineCompletionProvider, true);
    assert.deepEqual(result.serverInfo, { name: 'HAI language server', version: '9.8.7' });
  });

  it('answers hai/status with its version, uptime and no completion model', async () => {
    clock += 65_000;
    const status = await client.sendRequest(ServerStatusRequest);
    assert.equal(status.version, '9.8.7');
    assert.equal(status.uptimeMs, 65_000);
    assert.equal(status.pid, process.pid);
    assert.equal(status.nodeVersion, process.versions.node);
    assert.deepEqual(status.completionModel, { state: 'none' });
  });

  it('answers completion and inline completion with nothing until a model is loaded', async () => {
    const position = { line: 0, character: 0 };
    const textDocument = { uri: 'file:///tmp/model.py' };
    const completion = await client.sendRequest(CompletionRequest.type, { textDocument, position });
    assert.deepEqual(completion, { isIncomplete: false, items: [] });
    const inline = await client.sendRequest(InlineCompletionRequest.type, {
      textDocument,
      position,
      context: { triggerKind: 1 },
    });
    assert.deepEqual(inline, { items: [] });
  });
});
