// Protocol tier: inline completion from the built server with the tiny test model, configured the
// way VS Code does it (workspace/configuration), compared with PyTorch's greedy output.
import * as assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  CompletionRequest,
  DidOpenTextDocumentNotification,
  InlineCompletionRequest,
  LogMessageNotification,
  MessageType,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import { type ServerStatus, ServerStatusRequest } from '../../core/protocol/serverStatus';
import { WarmDocumentNotification } from '../../core/protocol/warmDocument';
import { english } from '../../core/text/message';
import { ROOT } from '../../scripts/paths';
import { type StdioServer, startStdioServer } from '../support/stdioServer';
import { expectedSuggestion, TINY_MODEL as TINY, tinyExpected as expected } from '../support/tinyModel';
import { inChinese } from '../../core/testing/inChinese';


/** Waits for the server's hai/statusChanged after the model loaded or failed, then asks hai/status. */
async function modelSettled(server: { conn: ProtocolConnection; statusChanged: Promise<void> }): Promise<ServerStatus> {
  await server.statusChanged;
  return server.conn.sendRequest(ServerStatusRequest);
}

async function inline(conn: ProtocolConnection, uri: string, prefix: string, suffix: string) {
  await conn.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: 'python', version: 1, text: prefix + suffix },
  });
  const lines = prefix.split('\n');
  const position = { line: lines.length - 1, character: lines[lines.length - 1].length };
  return conn.sendRequest(InlineCompletionRequest.type, { textDocument: { uri }, position, context: { triggerKind: 2 } });
}

describe('inline completion over LSP (tiny test model)', function () {
  this.timeout(30_000);
  let server: StdioServer;

  before(async () => {
    server = await startStdioServer({ modelPath: TINY, maxTokens: 8, threads: 1 });
  });
  after(() => server?.stop());

  it('loads the model, announces it with hai/statusChanged and reports it in hai/status', async () => {
    const status = await modelSettled(server);
    const model = status.completionModel;
    assert.equal(model.state, 'loaded', JSON.stringify(model));
    if (model.state !== 'loaded') return;
    assert.equal(model.name, 'tiny-code-model');
    assert.equal(model.dtype, 'fp32');
    assert.equal(model.prompt, 'fim:starcoder:psm');
    assert.ok(model.bytes > 100_000);
  });

  for (const [i, c] of expected.fimCases.entries()) {
    it(`answers with the model's healed greedy fill-in-the-middle output (${JSON.stringify(c.prefix.split('\n').pop())})`, async () => {
      // Empty when the model's answer only closes what the suffix closes: then nothing is offered.
      const want = expectedSuggestion(c);
      const result = await inline(server.conn, `file:///work/fim${i}.py`, c.prefix, c.suffix);
      assert.ok(result && 'items' in result);
      assert.deepEqual(result.items.map((it) => it.insertText), want ? [want] : []);
    });
  }

  it('has reference cases with something to suggest', () => {
    assert.ok(expected.fimCases.some((c) => expectedSuggestion(c) !== ''));
    assert.ok(expected.cases.some((c) => expectedSuggestion(c) !== ''));
  });

  // Mid-statement prompts with nothing after the cursor: completed left to right.
  for (const [i, c] of expected.cases.filter((c) => !c.text.endsWith('\n')).entries()) {
    it(`answers left to right when nothing follows the cursor (${JSON.stringify(c.text.split('\n').pop())})`, async () => {
      const want = expectedSuggestion(c);
      const result = await inline(server.conn, `file:///work/ltr${i}.py`, c.text, '');
      assert.ok(result && 'items' in result);
      assert.deepEqual(result.items.map((it) => it.insertText), want ? [want] : []);
    });
  }

  it('offers nothing inside a comment or a string, without running the model', async () => {
    const before = (await server.conn.sendRequest(ServerStatusRequest)).completionCounters?.requests ?? 0;
    assert.deepEqual(await inline(server.conn, 'file:///work/comment.py', 'lr = 1e-3  # the learning rate ', '\n'), { items: [] });
    assert.deepEqual(await inline(server.conn, 'file:///work/string.py', 'path = "data/jets', '.root"\n'), { items: [] });
    const after = (await server.conn.sendRequest(ServerStatusRequest)).completionCounters?.requests ?? 0;
    assert.equal(after, before);
  });

  it('reports latency percentiles after answering', async () => {
    const status = await server.conn.sendRequest(ServerStatusRequest);
    assert.ok(status.completionLatency, `latency is reported: ${JSON.stringify(status)}`);
    assert.ok(status.completionLatency.requests >= 4);
    assert.ok(status.completionLatency.p50 <= status.completionLatency.p99);
  });

  it('answers only the newest of overlapping requests', async () => {
    await modelSettled(server); // a request before the model has loaded gets nothing, newest or not
    const c = expected.fimCases[0];
    const uri = 'file:///work/overlap.py';
    await server.conn.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'python', version: 1, text: c.prefix + c.suffix },
    });
    const lines = c.prefix.split('\n');
    const end = lines[lines.length - 1].length;
    assert.ok(end >= 2);
    // Each at another place, as the cursor moves while typing: requests for the same text and place
    // share one run instead (sharedAnswer.ts).
    const ask = (back: number) => server.conn.sendRequest(InlineCompletionRequest.type, { textDocument: { uri }, position: { line: lines.length - 1, character: end - back }, context: { triggerKind: 1 } });
    // The three requests reach the server in one write, as a burst of keystrokes would: sent one by
    // one on a busy machine, the first could be answered before the next was even read (corking
    // stdin did not do it: the connection's writer waits for each write before the next).
    const [first, second, third] = await Promise.all(server.together(() => [ask(2), ask(1), ask(0)]));
    assert.deepEqual(first, { items: [] });
    assert.deepEqual(second, { items: [] });
    assert.ok(third && 'items' in third && third.items.length === 1, JSON.stringify([first, second, third]));
  });
});

describe('hai/warmDocument over LSP (tiny test model)', function () {
  this.timeout(30_000);
  let server: StdioServer;
  const text = readFileSync(path.join(ROOT, 'demo', 'train.py'), 'utf8');
  const offset = text.indexOf('pt = np.') + 'pt = np.'.length;
  const lines = text.slice(0, offset).split('\n');
  const position = { line: lines.length - 1, character: lines[lines.length - 1].length };

  before(async () => {
    server = await startStdioServer({ modelPath: TINY, maxTokens: 8, threads: 1 });
    await modelSettled(server);
  });
  after(() => server?.stop());

  /** Opens demo/train.py at `uri`, optionally warms it at the cursor, completes there: the suggestion and the prefill it cost. */
  async function firstRequest(uri: string, warm: boolean) {
    await server.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'python', version: 1, text } });
    if (warm) {
      // The server says at debug level when a warm-up has ended: the keystroke comes after that.
      const ended = new Promise<string>((resolve) => {
        const listener = server.conn.onNotification(LogMessageNotification.type, (message) => {
          if (message.type === MessageType.Debug && message.message.startsWith(`Warm-up of ${uri}:`)) {
            listener.dispose();
            resolve(message.message);
          }
        });
      });
      await server.conn.sendNotification(WarmDocumentNotification, { uri, position });
      assert.match(await ended, /: warm, \d+ tokens prefilled/);
    }
    const counted = (await server.conn.sendRequest(ServerStatusRequest)).completionCounters;
    const answer = await server.conn.sendRequest(InlineCompletionRequest.type, { textDocument: { uri }, position, context: { triggerKind: 2 } });
    const now = (await server.conn.sendRequest(ServerStatusRequest)).completionCounters!;
    assert.equal(now.requests - (counted?.requests ?? 0), 1);
    return { answer, prefilled: now.prefillTokens - (counted?.prefillTokens ?? 0) };
  }

  it('prefills the window when asked, so that the first request there prefills one token and suggests the same', async () => {
    const cold = await firstRequest('file:///work/cold.py', false);
    const warm = await firstRequest('file:///work/warmed.py', true);
    assert.ok(cold.prefilled > 100, `the cold request prefills the window: ${cold.prefilled}`);
    assert.equal(warm.prefilled, 1);
    assert.deepEqual(warm.answer, cold.answer);
  });

  it('ignores a warm-up for a document it does not have', async () => {
    await server.conn.sendNotification(WarmDocumentNotification, { uri: 'file:///work/never-opened.py', position: { line: 3, character: 0 } });
    const status = await server.conn.sendRequest(ServerStatusRequest);
    assert.equal(status.completionModel.state, 'loaded');
  });
});

describe('a corrupt completion model over LSP', function () {
  this.timeout(30_000);
  let dir: string;
  let server: StdioServer;

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hai-corrupt-'));
    cpSync(TINY, dir, { recursive: true });
    writeFileSync(path.join(dir, 'onnx', 'model.onnx'), 'this is not an ONNX file');
    server = await startStdioServer({ modelPath: dir });
  });
  after(() => {
    server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('says in hai/status that the model cannot be loaded and what to do', async () => {
    const model = (await modelSettled(server)).completionModel;
    assert.equal(model.state, 'error');
    if (model.state !== 'error') return;
    assert.match(model.message, /not a model ONNX Runtime can load.*corrupt/);
    // The same words travel translatable: the extension shows them in Chinese with its bundle.
    assert.ok(model.text, 'the status carries the message to translate');
    assert.equal(english(model.text), model.message);
    assert.match(inChinese(model.text), /^\S*model\.onnx 不是 ONNX Runtime 能加载的模型：.*。文件可能已截断或损坏：请重新下载或导出。$/);
  });

  it('offers no inline completion, and snippet completion keeps working', async () => {
    assert.deepEqual(await inline(server.conn, 'file:///work/a.py', 'import torch\n', ''), { items: [] });
    // Snippets do not depend on the model: the network blocks are still offered.
    const completion = await server.conn.sendRequest(CompletionRequest.type, { textDocument: { uri: 'file:///work/a.py' }, position: { line: 1, character: 0 } });
    const items = Array.isArray(completion) ? completion : (completion?.items ?? []);
    assert.ok(items.some((i) => i.label === 'se-block'), 'snippets are offered');
  });
});

describe('completion switched off over LSP', function () {
  this.timeout(30_000);
  let server: StdioServer;

  before(async () => {
    server = await startStdioServer({ enabled: false });
  });
  after(() => server?.stop());

  it('loads no model at all, not even the built-in one, and offers nothing', async () => {
    assert.deepEqual((await modelSettled(server)).completionModel, { state: 'none' });
    assert.deepEqual(await inline(server.conn, 'file:///work/off.py', 'import torch\nx = torch.', ''), { items: [] });
  });
});

describe('indentation at the start of a statement (the shipped code model)', function () {
  this.timeout(60_000);
  let server: StdioServer;

  before(async () => {
    server = await startStdioServer({ modelPath: path.join(ROOT, 'models', 'code-model'), maxTokens: 16, threads: 1 });
    assert.equal((await modelSettled(server)).completionModel.state, 'loaded');
  });
  after(() => server?.stop());

  // The cursor after the indentation the editor gave a new line. Token healing backs up over that
  // indentation; before the fix the model could take a longer run of spaces and the suggestion began
  // deeper than the line (these three did with this model: "        if not isinstance(…",
  // "        assert …", "    # check that the loss…").
  const statementStarts = [
    'for epoch in range(10):\n    ',
    'if __name__ == "__main__":\n    ',
    'def loss_fn(pred, target):\n    ',
  ];
  for (const [i, prefix] of statementStarts.entries()) {
    it(`keeps the editor's indentation (${JSON.stringify(prefix.split('\n').slice(-2).join('\n'))})`, async () => {
      const result = await inline(server.conn, `file:///work/indent${i}.py`, prefix, '');
      assert.ok(result && 'items' in result);
      for (const item of result.items) assert.doesNotMatch(String(item.insertText), /^[ \t]/, 'the suggestion starts where the cursor is, not deeper');
    });
  }
});

describe('tokens guessed from the prompt (hai.completion.promptLookup, the shipped code model)', function () {
  this.timeout(90_000);
  const servers: StdioServer[] = [];
  after(() => servers.forEach((s) => s.stop()));

  it('answers as without them, with guessed tokens counted in hai/status, and none when turned off', async () => {
    // One context budget for both: sized automatically, each server would size it to its own load-time speed.
    const settings = { modelPath: path.join(ROOT, 'models', 'code-model'), maxTokens: 48, threads: 1, contextTokens: 256 };
    const on = await startStdioServer(settings);
    servers.push(on);
    const off = await startStdioServer({ ...settings, promptLookup: false });
    servers.push(off);
    for (const s of [on, off]) assert.equal((await modelSettled(s)).completionModel.state, 'loaded');
    // Places at line starts of the demo's training script, inside blocks: the model writes code that
    // repeats names and calls the script has used before.
    const demo = readFileSync(path.join(ROOT, 'demo', 'train.py'), 'utf8');
    const places = [...demo.matchAll(/\n( {4,})(?=\S)/g)].map((m) => m.index + m[0].length).filter((_, i, all) => i % Math.ceil(all.length / 6) === 0);
    let same = 0;
    for (const [i, at] of places.entries()) {
      const answers = await Promise.all([on, off].map(async (s) => {
        const result = await inline(s.conn, `file:///work/lookup${i}.py`, demo.slice(0, at), demo.slice(at));
        return result && 'items' in result ? result.items.map((it) => it.insertText) : undefined;
      }));
      if (JSON.stringify(answers[0]) === JSON.stringify(answers[1])) same++;
    }
    const counters = async (s: StdioServer) => (await s.conn.sendRequest(ServerStatusRequest)).completionCounters!;
    const [withGuesses, without] = [await counters(on), await counters(off)];
    assert.ok(withGuesses.guessedTokens > 0 && withGuesses.guessedTokens < withGuesses.decodeTokens, `${withGuesses.guessedTokens} of ${withGuesses.decodeTokens} decoded tokens guessed`);
    assert.equal(without.guessedTokens, 0);
    // Near-ties may go either way (models/codeModel.test.ts checks that they are near-ties).
    assert.ok(same >= places.length - 1, `${same} of ${places.length} suggestions the same`);
  });
});
