// Protocol tier: the built server under big input and unbounded settings (issue 14, items 10 and 11).
// A line of 300,000 characters must get an answer or a clean decline, never an error, and must not
// leave the document's caches stale: the next answers in the same document are the ones a fresh
// document with the same text gets, and the PyTorch reference once the line is gone.
import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  InlineCompletionRequest,
  type Position,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import { type ServerStatus, ServerStatusRequest } from '../../core/protocol/serverStatus';
import { ROOT } from '../../scripts/paths';
import { startStdioServer } from '../support/stdioServer';
import { expectedSuggestion, TINY_MODEL, tinyExpected } from '../support/tinyModel';

/**
 * The server in `cwd` with these `hai.completion` settings, once its model settled. The server turns
 * an exception in a request into no suggestion and an error in its log: a test that only looked at
 * the answer could not tell a decline from a crash, so `errors` is checked too.
 */
async function startServer(settings: Record<string, unknown>, cwd = ROOT) {
  const server = await startStdioServer(settings, cwd);
  await server.statusChanged;
  const status: ServerStatus = await server.conn.sendRequest(ServerStatusRequest);
  return { ...server, status };
}

/** The position at the end of `text`. */
function endOf(text: string): Position {
  const lines = text.split('\n');
  return { line: lines.length - 1, character: lines[lines.length - 1].length };
}

async function open(conn: ProtocolConnection, uri: string, text: string): Promise<void> {
  await conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'python', version: 1, text } });
}

/** The suggestions at `position`; an error response fails the test with the server's message. */
async function suggestions(conn: ProtocolConnection, uri: string, position: Position): Promise<string[]> {
  const result = await conn.sendRequest(InlineCompletionRequest.type, { textDocument: { uri }, position, context: { triggerKind: 2 } });
  assert.ok(result && 'items' in result, `an answer, not ${JSON.stringify(result)}`);
  return result.items.map((item) => String(item.insertText));
}

/** A Python line of 300,000 characters: a literal list of numbers, many tokens long. */
function hugeLine(): string {
  let line = 'table = [';
  for (let i = 0; line.length < 300_000; i++) line += `${i * 7919 % 100003}, `;
  return `${line}0]\n`;
}

describe('the server under a 300,000-character line (tiny test model)', function () {
  this.timeout(60_000);
  let server: Awaited<ReturnType<typeof startServer>>;
  before(async () => {
    // Lines repeated from the project off: the answers are compared with the model's reference outputs,
    // and the documents opened here share lines that such a line would answer from.
    server = await startServer({ modelPath: TINY_MODEL, maxTokens: 8, threads: 1, repeatedLines: false });
    assert.equal(server.status.completionModel.state, 'loaded', JSON.stringify(server.status.completionModel));
  });
  after(() => server?.stop());
  afterEach(() => assert.deepEqual(server.errors.splice(0), [], 'the server logged no error while answering'));

  const c = tinyExpected.fimCases[0];
  const long = hugeLine();

  it('answers or declines after the line, and answers like a fresh document after a keystroke', async () => {
    const uri = 'file:///work/huge-line.py';
    const text = long + c.prefix + c.suffix;
    await open(server.conn, uri, text);
    await suggestions(server.conn, uri, endOf(long + c.prefix));
    // One character typed at the cursor: the finished lines (the huge one among them) are unchanged.
    const at = endOf(long + c.prefix);
    await server.conn.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: at, end: at }, text: 'a' }],
    });
    const typed = long + c.prefix + 'a';
    const afterKeystroke = await suggestions(server.conn, uri, endOf(typed));
    await open(server.conn, 'file:///work/huge-line-fresh.py', typed + c.suffix);
    assert.deepEqual(afterKeystroke, await suggestions(server.conn, 'file:///work/huge-line-fresh.py', endOf(typed)));
  });

  it('answers with the PyTorch reference once the line is deleted from the same document', async () => {
    const uri = 'file:///work/huge-line-then-small.py';
    await open(server.conn, uri, long + c.prefix + c.suffix);
    await suggestions(server.conn, uri, endOf(long + c.prefix));
    await server.conn.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, text: '' }],
    });
    const want = expectedSuggestion(c);
    assert.deepEqual(await suggestions(server.conn, uri, endOf(c.prefix)), want ? [want] : []);
  });

  it('answers or declines with the cursor inside the line', async () => {
    const uri = 'file:///work/inside-huge-line.py';
    await open(server.conn, uri, long);
    await suggestions(server.conn, uri, { line: 0, character: 200_001 });
  });
});

describe('bounded and stated completion settings over LSP', function () {
  this.timeout(60_000);

  it('uses at most one inference thread per core, whatever hai.completion.threads says', async () => {
    const server = await startServer({ modelPath: TINY_MODEL, threads: 64 });
    try {
      const model = server.status.completionModel;
      assert.equal(model.state, 'loaded', JSON.stringify(model));
      if (model.state === 'loaded') assert.equal(model.threads, Math.min(64, os.availableParallelism()));
    } finally {
      server.stop();
    }
  });

  it('refuses a relative hai.completion.modelPath instead of resolving it against its working folder', async () => {
    const server = await startServer({ modelPath: path.relative(ROOT, TINY_MODEL) }, ROOT);
    try {
      const model = server.status.completionModel;
      assert.equal(model.state, 'error', JSON.stringify(model));
      if (model.state === 'error') assert.match(model.message, /absolute path/);
    } finally {
      server.stop();
    }
  });
});
