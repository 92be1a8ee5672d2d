// End-to-end: a script's own options after `args.` in code-server, with the built-in model. The
// parser stands at the end of the script, below the function that reads the options, as in most
// training scripts; the ghost text after `args.n_` is the option it defines (`--n-constituents`).
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { openFileAndWaitReady, screenshotPath, typeAndWaitForSuggestion, useWorkbench, waitForBuiltInModel, type Workbench } from './workbench';

const SCRIPT = [
  '"""Train a ParticleNet jet tagger on JetClass."""',
  'import argparse',
  '',
  'import torch',
  '',
  'from jets import JetClassDataset, ParticleNet',
  '',
  '',
  'def train(args):',
  '    dataset = JetClassDataset(args.data_dir, max_constituents=',
  '    model = ParticleNet(num_classes=10)',
  '    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr)',
  '    for epoch in range(args.epochs):',
  '        for x, y in torch.utils.data.DataLoader(dataset, batch_size=args.batch_size):',
  '            loss = torch.nn.functional.cross_entropy(model(x), y)',
  '            optimizer.zero_grad()',
  '            loss.backward()',
  '            optimizer.step()',
  '',
  '',
  "if __name__ == '__main__':",
  '    parser = argparse.ArgumentParser(description=__doc__)',
  "    parser.add_argument('data_dir')",
  "    parser.add_argument('--n-constituents', type=int, default=128)",
  "    parser.add_argument('--batch-size', type=int, default=512)",
  "    parser.add_argument('--lr', type=float, default=1e-3)",
  "    parser.add_argument('--epochs', type=int, default=20)",
  '    train(parser.parse_args())',
].join('\n');
/** The line the test types on (0-based). */
const LINE = SCRIPT.split('\n').findIndex((l) => l.endsWith('max_constituents='));

describe('a script’s own options after `args.` in code-server (the built-in model)', function () {
  this.timeout(120_000);
  const workbench = useWorkbench({}, (wb) => {
    writeFileSync(path.join(wb.workspace, 'train_tagger.py'), SCRIPT + '\n');
  });
  let wb: Workbench;

  beforeEach(() => {
    wb = workbench();
  });

  it('suggests the option the parser below defines, named as argparse names it', async () => {
    const { page } = wb;
    await openFileAndWaitReady(page, 'train_tagger.py');
    await waitForBuiltInModel(wb);
    const { suggested } = await typeAndWaitForSuggestion(page, LINE, SCRIPT.split('\n')[LINE], 'args.n_');
    assert.match(suggested, /^constituents\b/);
    await page.screenshot({ path: screenshotPath('argparse-names.png') });
    await page.keyboard.press('Escape');
  });
});
