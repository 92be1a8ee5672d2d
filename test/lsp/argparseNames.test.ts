// Protocol tier: a script's own options after `args.`, with the shipped code model over LSP. What a
// user sees: in a training script whose parser stands at its end, the suggestion after `args.` is an
// option the parser defines (`--n-constituents` → n_constituents), not a name the model makes up.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CompletionRequest, DidOpenTextDocumentNotification, type Position } from 'vscode-languageserver-protocol/node';
import { ROOT } from '../../scripts/paths';
import { firstSuggestion } from '../support/inlineSuggestion';
import { type StdioServer, startStdioServer } from '../support/stdioServer';

const SCRIPT = `"""Train a ParticleNet jet tagger on JetClass."""
import argparse

import torch

from jets.data import JetClassDataset
from jets.model import ParticleNet


def train(args):
    dataset = JetClassDataset(args.data_dir, max_constituents=CURSOR)
    model = ParticleNet(num_classes=10)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr)
    for epoch in range(args.epochs):
        for x, y in torch.utils.data.DataLoader(dataset, batch_size=args.batch_size):
            loss = torch.nn.functional.cross_entropy(model(x), y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()


if __name__ == '__main__':
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('data_dir')
    parser.add_argument('--n-constituents', type=int, default=128)
    parser.add_argument('--batch-size', type=int, default=512)
    parser.add_argument('--lr', type=float, default=1e-3)
    parser.add_argument('--epochs', type=int, default=20)
    train(parser.parse_args())
`;

describe('a script’s own options after `args.` (shipped model)', function () {
  this.timeout(60_000);
  let root: string;
  const servers: StdioServer[] = [];
  const start = async (projectNames: boolean) => {
    const server = await startStdioServer({ threads: 1, projectNames }, ROOT, [root]);
    servers.push(server);
    await server.statusChanged;
    return server;
  };
  /** The suggestion with the cursor after `typed` where CURSOR stands; the text after it stays. */
  const suggestAt = async (server: StdioServer, name: string, typed: string, script = SCRIPT): Promise<string> => {
    const [before, after] = script.split('CURSOR');
    const text = before + typed + after;
    const uri = pathToFileURL(path.join(root, name)).href;
    await server.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'python', version: 1, text } });
    const lines = (before + typed).split('\n');
    const position: Position = { line: lines.length - 1, character: lines[lines.length - 1].length };
    return firstSuggestion(server.conn, uri, position);
  };

  before(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'hai-argparse-'));
  });
  after(() => {
    for (const s of servers) s.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('goes on with an option of the parser below, named as argparse names it', async () => {
    const server = await start(true);
    assert.match(await suggestAt(server, 'train_1.py', 'args.n_'), /^constituents$/);
    assert.match(await suggestAt(server, 'train_2.py', 'args.'), /^(n_constituents|data_dir|batch_size|lr|epochs)$/);
    assert.deepEqual(server.errors, []);
  });

  it('does so on an argument line of a call opened above and not closed yet', async () => {
    const server = await start(true);
    const open = SCRIPT.replace('JetClassDataset(args.data_dir, max_constituents=CURSOR)', 'JetClassDataset(\n        args.data_dir,\n        max_constituents=CURSOR');
    assert.match(await suggestAt(server, 'train_4.py', 'args.n_', open), /^constituents\b/);
    assert.deepEqual(server.errors, []);
  });

  it('does so after `self.args.` where a class keeps the namespace it is made with', async () => {
    const server = await start(true);
    const kept = SCRIPT.replace(
      'def train(args):\n    dataset = JetClassDataset(args.data_dir, max_constituents=CURSOR)',
      'class Trainer:\n    def __init__(self, args):\n        self.args = args\n\n    def fit(self):\n        dataset = JetClassDataset(self.args.data_dir, max_constituents=CURSOR)\n\n\ndef train(args):',
    ).replace('    train(parser.parse_args())', '    Trainer(parser.parse_args()).fit()');
    assert.match(await suggestAt(server, 'train_5.py', 'self.args.n_', kept), /^constituents\b/);
    assert.deepEqual(server.errors, []);
  });

  it('lists the options after `args.`, the one the model writes first and selected, the namespace\'s own names last', async () => {
    const server = await start(true);
    const [before, after] = SCRIPT.split('CURSOR');
    const uri = pathToFileURL(path.join(root, 'train_6.py')).href;
    await server.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'python', version: 1, text: `${before}args.${after}` } });
    const lines = `${before}args.`.split('\n');
    const position: Position = { line: lines.length - 1, character: lines[lines.length - 1].length };
    // The prompt in the KV cache first, as earlier keystrokes leave it: the list waits for the model only so long.
    await firstSuggestion(server.conn, uri, { line: position.line, character: position.character - 'args.'.length });
    const list = await server.conn.sendRequest(CompletionRequest.type, { textDocument: { uri }, position });
    const items = (Array.isArray(list) ? list : (list?.items ?? [])).sort((a, b) => a.sortText!.localeCompare(b.sortText!));
    const labels = items.map((i) => i.label);
    const options = ['n_constituents', 'data_dir', 'batch_size', 'lr', 'epochs'];
    // The chosen option first (the model picks one), the other options next, `__dict__` and `_get_args` after them.
    assert.deepEqual(new Set(labels.slice(0, options.length)), new Set(options), labels.join(','));
    assert.ok(labels.includes('__dict__') && labels.slice(options.length).every((l) => l.startsWith('_')), labels.join(','));
    assert.equal(items[0].preselect, true);
    assert.match(await firstSuggestion(server.conn, uri, position), new RegExp(`^${items[0].label}\\b`));
    assert.deepEqual(server.errors, []);
  });

  it('leaves the model to its own names with hai.completion.projectNames off', async () => {
    const server = await start(false);
    assert.doesNotMatch(await suggestAt(server, 'train_3.py', 'args.n_'), /^constituents\b/);
  });
});
