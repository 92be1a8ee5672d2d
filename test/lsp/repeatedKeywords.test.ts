// Protocol tier: no keyword argument twice in one call, with the shipped code model over LSP. What a
// user sees: after the arguments of a call they know, the model wrote one of them again
// (`nn.Conv2d(3, 64, kernel_size=3, stride=1` → `, stride=`), a SyntaxError the script meets only when
// it runs; the suggestion now ends the call instead, or writes another argument.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DidOpenTextDocumentNotification } from 'vscode-languageserver-protocol/node';
import { ROOT } from '../../scripts/paths';
import { endOf, firstSuggestion } from '../support/inlineSuggestion';
import { type StdioServer, startStdioServer } from '../support/stdioServer';

const HEAD = `import matplotlib.pyplot as plt
import torch
from sklearn.datasets import make_classification
from torch import nn


def train(args, model, x):
`;

/** Calls where the shipped model, left to itself, named a keyword of the call again. */
const CALLS = [
  '    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9',
  '    layer = nn.Conv2d(3, 64, kernel_size=3, stride=1',
  '    bn = nn.BatchNorm1d(64, momentum=0.1',
  '    plt.hist(x, bins=50',
  '    drop = nn.Dropout(p=0.1',
];

/** The keywords `line` names more than once. */
function repeated(line: string): string[] {
  const seen = new Map<string, number>();
  for (const m of line.matchAll(/[(,]\s*([A-Za-z_]\w*)\s*=(?!=)/g)) seen.set(m[1], (seen.get(m[1]) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([k]) => k);
}

describe('no keyword argument twice in one call (shipped model)', function () {
  this.timeout(60_000);
  let root: string;
  let server: StdioServer;

  before(async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'hai-keywords-'));
    server = await startStdioServer({ threads: 1 }, ROOT, [root]);
    await server.statusChanged;
  });
  after(() => {
    server?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('ends the call, or writes another argument, where the model named one of its keywords again', async () => {
    const answers: string[] = [];
    for (const [i, call] of CALLS.entries()) {
      const uri = pathToFileURL(path.join(root, `call_${i}.py`)).href;
      await server.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'python', version: 1, text: `${HEAD}${call}\n` } });
      const suggestion = await firstSuggestion(server.conn, uri, endOf(HEAD + call));
      assert.deepEqual(repeated(call + suggestion), [], `${call.trim()} → ${suggestion}`);
      answers.push(suggestion);
    }
    // Not by suggesting nothing: the calls are closed.
    assert.ok(answers.filter((a) => a.endsWith(')')).length >= 4, answers.join(' | '));
    assert.deepEqual(server.errors, []);
  });

  it('drops a suggestion that names again, in the argument the user began after `, `, a keyword of the call', async () => {
    // The model's own answers here were `momentum=0.9,`, `momentum=0.9, norm=0.9)`, `bins=50, norm=0.1)`, `n_informative=2,`.
    const begun = [
      '    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9, ',
      '    bn = nn.BatchNorm1d(64, momentum=0.1, ',
      '    plt.hist(x, bins=50, ',
      '    X, y = make_classification(\n        n_samples=100,\n        n_features=2,\n        n_informative=2,\n        ',
    ];
    for (const [i, call] of begun.entries()) {
      const uri = pathToFileURL(path.join(root, `begun_${i}.py`)).href;
      await server.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'python', version: 1, text: `${HEAD}${call}\n` } });
      const suggestion = await firstSuggestion(server.conn, uri, endOf(HEAD + call));
      assert.deepEqual(repeated(call.replace(/\n\s*/g, ' ') + suggestion), [], `${call.trim()} → ${suggestion}`);
    }
    assert.deepEqual(server.errors, []);
  });

  it('does not close a call written black-style, whose `)` stands on a line of its own below', async () => {
    // A server of its own: the documents the other tests opened would be in the prompt.
    const alone = await startStdioServer({ threads: 1 });
    try {
      await alone.statusChanged;
      const uri = pathToFileURL(path.join(root, 'black.py')).href;
      // The model goes on with another keyword, then one of the call's again: cut there, with no `)` of its own.
      const call = '    layer = nn.Conv2d(\n        3, 64, kernel_size=3, stride=1';
      await alone.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'python', version: 1, text: `${HEAD}${call}\n    )\n` } });
      const suggestion = await firstSuggestion(alone.conn, uri, endOf(HEAD + call));
      assert.deepEqual(repeated(call + suggestion), [], suggestion);
      assert.match(suggestion, /^, \w+=/, 'another argument');
      assert.ok(!/\)\s*$/.test(suggestion), `the line below closes the call: ${suggestion}`);
      assert.deepEqual(alone.errors, []);
    } finally {
      alone.stop();
    }
  });

  it('leaves the call alone where the editor closed it after the cursor', async () => {
    const uri = pathToFileURL(path.join(root, 'closed.py')).href;
    const call = CALLS[1];
    await server.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'python', version: 1, text: `${HEAD}${call})\n` } });
    const suggestion = await firstSuggestion(server.conn, uri, endOf(HEAD + call));
    assert.deepEqual(repeated(call + suggestion), []);
    assert.ok(!suggestion.endsWith(')'), `the editor's ) closes the call: ${suggestion}`);
  });
});
