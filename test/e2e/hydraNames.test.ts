// End-to-end: a Hydra config's keys after `cfg.` in code-server, with the built-in model. The
// application's config lives in conf/*.yaml beside the script, as Hydra's tutorials lay it out; the
// ghost text after `cfg.optimizer.war` is the key the optimizer group's files give (`warmup_steps`).
import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { openFileAndWaitReady, screenshotPath, typeAndWaitForSuggestion, useWorkbench, waitForBuiltInModel, type Workbench } from './workbench';

const SCRIPT = [
  '"""Train a ParticleNet jet tagger on JetClass with Hydra configs."""',
  'import hydra',
  'import torch',
  'from omegaconf import DictConfig',
  '',
  'from jets import JetClassDataset, ParticleNet',
  '',
  '',
  '@hydra.main(version_base=None, config_path="conf", config_name="config")',
  'def main(cfg: DictConfig) -> None:',
  '    dataset = JetClassDataset(cfg.data.train_files, max_particles=cfg.data.max_particles)',
  '    model = ParticleNet(cfg.model.conv_params, cfg.model.fc_params, num_classes=cfg.model.num_classes)',
  '    optimizer = torch.optim.AdamW(model.parameters(), lr=cfg.optimizer.lr, weight_decay=cfg.optimizer.weight_decay)',
  '    warmup = ',
  '    for epoch in range(cfg.trainer.max_epochs):',
  '        for x, y in torch.utils.data.DataLoader(dataset, batch_size=cfg.data.batch_size):',
  '            loss = torch.nn.functional.cross_entropy(model(x), y)',
  '            optimizer.zero_grad()',
  '            loss.backward()',
  '            optimizer.step()',
  '',
  '',
  'if __name__ == "__main__":',
  '    main()',
].join('\n');
/** The line the test types on (0-based). */
const LINE = SCRIPT.split('\n').findIndex((l) => l === '    warmup = ');

const CONFIGS: Record<string, string> = {
  'config.yaml': 'defaults:\n  - data: jetclass\n  - model: particlenet\n  - optimizer: adamw\n  - _self_\n\ntrainer:\n  max_epochs: 30\n',
  'data/jetclass.yaml': 'train_files: /data/JetClass/train_100M/*.root\nmax_particles: 128\nbatch_size: 512\n',
  'model/particlenet.yaml': 'num_classes: 10\nconv_params: [[16, [64, 64, 64]], [16, [128, 128, 128]]]\nfc_params:\n  hidden: 256\n  dropout: 0.1\n',
  'optimizer/adamw.yaml': 'lr: 1.0e-3\nweight_decay: 0.01\nwarmup_steps: 1000\n',
};

describe('a Hydra config’s keys after `cfg.` in code-server (the built-in model)', function () {
  this.timeout(120_000);
  const workbench = useWorkbench({}, (wb) => {
    writeFileSync(path.join(wb.workspace, 'train_hydra.py'), SCRIPT + '\n');
    for (const [name, text] of Object.entries(CONFIGS)) {
      mkdirSync(path.dirname(path.join(wb.workspace, 'conf', name)), { recursive: true });
      writeFileSync(path.join(wb.workspace, 'conf', name), text);
    }
  });
  let wb: Workbench;

  beforeEach(() => {
    wb = workbench();
  });

  it('suggests the key the config group’s files give', async () => {
    const { page } = wb;
    await openFileAndWaitReady(page, 'train_hydra.py');
    await waitForBuiltInModel(wb);
    const { suggested } = await typeAndWaitForSuggestion(page, LINE, SCRIPT.split('\n')[LINE], 'cfg.optimizer.war');
    assert.match(suggested, /^mup_steps\b/);
    await page.screenshot({ path: screenshotPath('hydra-names.png') });
    await page.keyboard.press('Escape');
  });
});
