// Protocol tier: snippet completions from the built server over stdio: offered only where a
// definition fits, with their documentation, and with the imports the file lacks.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import {
  type CompletionItem,
  CompletionRequest,
  createProtocolConnection,
  DidOpenTextDocumentNotification,
  InitializedNotification,
  InitializeRequest,
  InsertTextFormat,
  LogMessageNotification,
  MessageType,
  type ProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { COMMANDS } from '../../core/protocol/commands';
import { expandDefaults } from '../../core/snippets/snippetSyntax';
import { ROOT } from '../../scripts/paths';

let conn: ProtocolConnection;
let stop: () => void;
let docs = 0;
/** Errors the server logged: a failure message carries them, so that a missing snippet says why. */
const serverErrors: string[] = [];

/** Opens `text` with the cursor at "|" and asks for completion there. */
async function complete(textWithCursor: string, languageId = 'python', suffix = languageId === 'python' ? '.py' : '.yaml'): Promise<{ items: CompletionItem[]; text: string }> {
  const at = textWithCursor.indexOf('|');
  const text = textWithCursor.slice(0, at) + textWithCursor.slice(at + 1);
  const uri = `file:///work/snippets/doc${docs++}${suffix}`;
  await conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
  const before = text.slice(0, at).split('\n');
  const position = { line: before.length - 1, character: before[before.length - 1].length };
  const result = await conn.sendRequest(CompletionRequest.type, { textDocument: { uri }, position });
  const items = Array.isArray(result) ? result : (result?.items ?? []);
  return { items, text };
}

function offsetOf(text: string, pos: { line: number; character: number }): number {
  const lines = text.split('\n');
  return lines.slice(0, pos.line).reduce((n, l) => n + l.length + 1, 0) + pos.character;
}

/** The document after accepting `item` with its default placeholders, as the editor would leave it. */
function accept(text: string, item: CompletionItem): string {
  const main = item.textEdit as TextEdit;
  const edits = [...(item.additionalTextEdits ?? []), { ...main, newText: expandDefaults(main.newText) }];
  edits.sort((a, b) => offsetOf(text, b.range.start) - offsetOf(text, a.range.start));
  for (const e of edits) text = text.slice(0, offsetOf(text, e.range.start)) + e.newText + text.slice(offsetOf(text, e.range.end));
  return text;
}

const labels = (items: CompletionItem[]) => items.map((i) => i.label);
const find = (items: CompletionItem[], label: string) => {
  const item = items.find((i) => i.label === label);
  assert.ok(item, `${label} is offered (got ${labels(items).join(', ') || 'nothing'}; server errors: ${serverErrors.join(' | ') || 'none'})`);
  return item;
};

describe('snippet completions over LSP', function () {
  this.timeout(30_000);

  before(async () => {
    const proc = spawn(process.execPath, [path.join(ROOT, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    conn = createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    conn.onNotification(LogMessageNotification.type, (m) => {
      if (m.type === MessageType.Error) serverErrors.push(m.message);
    });
    conn.listen();
    await conn.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {} });
    await conn.sendNotification(InitializedNotification.type, {});
    stop = () => {
      conn.dispose();
      proc.kill('SIGKILL');
    };
  });
  after(() => stop?.());

  it('offers the network blocks at the top level of a Python file, with their documentation', async () => {
    const { items } = await complete('import torch\nimport torch.nn as nn\n\n\nse|');
    const se = find(items, 'se-block');
    assert.equal(se.insertTextFormat, InsertTextFormat.Snippet);
    assert.match(String(se.detail), /Squeeze-and-Excitation.*arXiv:1709\.01507/);
    const doc = se.documentation as { kind: string; value: string };
    assert.equal(doc.kind, 'markdown');
    assert.match(doc.value, /\*\*Input:\*\* x: \(N, C, H, W\)/);
    assert.match(doc.value, /https:\/\/arxiv\.org\/abs\/1709\.01507/);
    for (const label of ['particle-attention', 'edgeconv', 'cbam', 'sppf', 'pan', 'unet-up', 'training-loop', 'weaver-network']) find(items, label);
    assert.equal(labels(items).includes('weaver-data-config'), false, 'the YAML snippet is not offered in Python');
  });

  it('offers none inside a function or class body, in brackets, mid-expression, in comments or strings', async () => {
    for (const text of [
      'import torch\n\ndef build():\n    se|',
      'import torch\n\nclass Net:\n    se|',
      'x = make(\nse|',
      'x = se|',
      '# se|',
      's = """\nse|\n"""',
    ]) {
      const { items } = await complete(text);
      assert.deepEqual(labels(items), [], JSON.stringify(text));
    }
  });

  it('names itself to the editor once inserted (the HAI log and the walkthrough’s snippet step)', async () => {
    const { items } = await complete('import torch\n\nse|');
    assert.deepEqual(find(items, 'se-block').command, { title: 'Note the inserted snippet', command: COMMANDS.noteSnippetInserted, arguments: ['se-block'] });
  });

  it('adds no import the file already has', async () => {
    const { items, text } = await complete('import torch\nfrom torch import nn\n\nse|');
    const se = find(items, 'se-block');
    assert.equal(se.additionalTextEdits, undefined);
    assert.match(accept(text, se), /^import torch\nfrom torch import nn\n\nclass SEBlock\(nn\.Module\):/);
  });

  it('adds the import an aliased import does not provide, after the existing imports', async () => {
    const { items, text } = await complete('import torch\nimport torch.nn as tnn\n\n\nse|');
    assert.equal(accept(text, find(items, 'se-block')).split('\n\n')[0], 'import torch\nimport torch.nn as tnn\nimport torch.nn as nn');
    const cbam = accept(text, find(items, 'cbam'));
    assert.match(cbam, /^import torch\nimport torch\.nn as tnn\nimport torch\.nn as nn\nimport torch\.nn\.functional as F\n/);
  });

  it('puts the imports at the top of a file with no imports, before its code', async () => {
    const { items, text } = await complete('x = 1\n\n\nse|');
    assert.match(accept(text, find(items, 'se-block')), /^import torch\nimport torch\.nn as nn\n\nx = 1\n\n\nclass SEBlock/);
  });

  it('puts the imports after `from __future__` imports', async () => {
    const { items, text } = await complete('from __future__ import annotations\n\nse|');
    assert.match(accept(text, find(items, 'se-block')), /^from __future__ import annotations\nimport torch\nimport torch\.nn as nn\n\nclass SEBlock/);
  });

  it('puts the imports after the docstring of a file that has only a docstring', async () => {
    const { items, text } = await complete('"""A jet tagger."""\n\nse|');
    assert.match(accept(text, find(items, 'se-block')), /^"""A jet tagger\."""\n\nimport torch\nimport torch\.nn as nn\n\nclass SEBlock/);
  });

  it('writes the imports into the block itself in an empty file', async () => {
    const { items, text } = await complete('se|');
    const se = find(items, 'se-block');
    assert.equal(se.additionalTextEdits, undefined);
    const result = accept(text, se);
    assert.match(result, /^import torch\nimport torch\.nn as nn\n\n\nclass SEBlock\(nn\.Module\):/);
  });

  it('offers the weaver data config in an empty or weaver YAML file only', async () => {
    const empty = await complete('wea|', 'yaml');
    assert.deepEqual(labels(empty.items), ['weaver-data-config']);
    assert.match(accept(empty.text, empty.items[0]), /^treename: tree\nselection: /);
    const weaver = await complete('treename: tree\n\nwea|', 'yaml');
    assert.deepEqual(labels(weaver.items), ['weaver-data-config']);
    const other = await complete('name: CI\non: push\nwea|', 'yaml');
    assert.deepEqual(labels(other.items), []);
    // A HAI job spec is YAML too, but never a weaver data config, even while it is still empty.
    const spec = await complete('wea|', 'yaml', '.hai-job.yaml');
    assert.deepEqual(labels(spec.items), []);
  });
});
