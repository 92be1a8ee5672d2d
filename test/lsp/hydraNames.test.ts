// Protocol tier: a Hydra application's config keys after `cfg.`, with the shipped code model over
// LSP. What a user sees: in a training script whose config lives in conf/*.yaml beside it, the
// suggestion after `cfg.model.` is a key the config files give, read from disk as Hydra would
// compose them, and a key renamed in a config file is followed once the file is saved.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DidChangeWatchedFilesNotification, DidOpenTextDocumentNotification, FileChangeType, type Position } from 'vscode-languageserver-protocol/node';
import { ROOT } from '../../scripts/paths';
import { firstSuggestion } from '../support/inlineSuggestion';
import { nothingPreparing } from '../support/prepared';
import { type StdioServer, startStdioServer } from '../support/stdioServer';

const SCRIPT = `"""Train a ParticleNet jet tagger on JetClass."""
import hydra
import torch
from omegaconf import DictConfig

from jets.networks import ParticleNet


def make_model(cfg):
    return ParticleNet(cfg.model.conv_params, cfg.model.fc_params, num_classes=cfg.model.num_classes, use_fusion=CURSOR)


@hydra.main(version_base=None, config_path="conf", config_name="config")
def main(cfg: DictConfig) -> None:
    torch.manual_seed(SEED)
    model = make_model(cfg)
    for epoch in range(EPOCHS):
        model.train()


if __name__ == "__main__":
    main()
`;

const CONFIG = 'defaults:\n  - model: particlenet\n  - _self_\n\ntrainer:\n  max_epochs: 30\nseed: 12345\n';
// `pool_kx9`: a key no model could guess, so that the rule off cannot give it by chance (sampling is on).
const PARTICLENET = 'name: particlenet\nnum_classes: 10\nconv_params:\n  - [16, [64, 64, 64]]\nfc_params:\n  hidden: 256\n  dropout: 0.1\nuse_fusion: true\npool_kx9: 3\n';

describe('a Hydra config’s keys after `cfg.` (shipped model)', function () {
  this.timeout(60_000);
  let root: string;
  const servers: StdioServer[] = [];
  const start = async (projectNames: boolean) => {
    const server = await startStdioServer({ threads: 1, projectNames }, ROOT, [root]);
    servers.push(server);
    await server.statusChanged;
    return server;
  };
  /** The suggestion in `name` (a new document) with `typed` where `at` stands, the other places filled in. */
  const suggestAt = async (server: StdioServer, name: string, at: 'CURSOR' | 'SEED' | 'EPOCHS', typed: string): Promise<string> => {
    const filled = { CURSOR: 'cfg.model.use_fusion', SEED: 'cfg.seed', EPOCHS: 'cfg.trainer.max_epochs' };
    const text = SCRIPT.replace(/CURSOR|SEED|EPOCHS/g, (m) => (m === at ? m : filled[m as keyof typeof filled]));
    const [before, after] = text.split(at);
    const uri = pathToFileURL(path.join(root, name)).href;
    await server.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'python', version: 1, text: before + typed + after } });
    // The configs are read in idle time after the opening; a first request waits for them only so long,
    // and on a loaded machine may go without (CI saw `is_fusion`): the test waits for the reading.
    await nothingPreparing(server.conn, 'the configs', 4_000);
    const lines = (before + typed).split('\n');
    const position: Position = { line: lines.length - 1, character: lines[lines.length - 1].length };
    return firstSuggestion(server.conn, uri, position);
  };

  before(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'hai-hydra-'));
    mkdirSync(path.join(root, 'conf', 'model'), { recursive: true });
    writeFileSync(path.join(root, 'conf', 'config.yaml'), CONFIG);
    writeFileSync(path.join(root, 'conf', 'model', 'particlenet.yaml'), PARTICLENET);
  });
  after(() => {
    for (const s of servers) s.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('goes on with a key of the config group’s option, and of the primary config', async () => {
    const server = await start(true);
    // A start that only one key has: the rest is that key's, whatever the sampling draws.
    assert.match(await suggestAt(server, 'train_1.py', 'CURSOR', 'cfg.model.pool_'), /^kx9\b/);
    assert.match(await suggestAt(server, 'train_2.py', 'EPOCHS', 'cfg.trainer.max_'), /^epochs\b/);
    assert.deepEqual(server.errors, []);
  });

  it('follows a key renamed in a config file once it is saved', async () => {
    const server = await start(true);
    const uri = pathToFileURL(path.join(root, 'train_3.py')).href;
    assert.match(await suggestAt(server, 'train_3.py', 'EPOCHS', 'cfg.trainer.max_'), /^epochs\b/);
    const text = SCRIPT.replace('SEED', 'cfg.seed').replace('CURSOR', 'cfg.model.use_fusion').replace('EPOCHS', 'cfg.trainer.max_');
    const line = text.split('\n').findIndex((l) => l.includes('range(cfg.trainer.max_'));
    const position: Position = { line, character: text.split('\n')[line].indexOf('cfg.trainer.max_') + 'cfg.trainer.max_'.length };
    writeFileSync(path.join(root, 'conf', 'config.yaml'), CONFIG.replace('max_epochs:', 'max_steps:'));
    // Read in idle time, as `preparing` in hai/status: a keystroke never waits for the disk.
    await server.conn.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: pathToFileURL(path.join(root, 'conf', 'config.yaml')).href, type: FileChangeType.Changed }] });
    await nothingPreparing(server.conn, 'the configs', 4_000);
    assert.match(await firstSuggestion(server.conn, uri, position), /^steps\b/);
    writeFileSync(path.join(root, 'conf', 'config.yaml'), CONFIG);
    assert.deepEqual(server.errors, []);
  });

  it('leaves the model to its own names with hai.completion.projectNames off', async () => {
    const server = await start(false);
    assert.doesNotMatch(await suggestAt(server, 'train_5.py', 'CURSOR', 'cfg.model.pool_'), /^kx9\b/);
  });
});
