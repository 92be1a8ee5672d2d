// End-to-end: a code model from a hub, used for completion in one command. A lab hub on a loopback
// HTTP server lists a code model (the tiny test model, laid out as a Hugging Face Optimum folder with
// its ONNX file in onnx/); "HAI: Use for Completion" downloads it (the ONNX file verified), points
// hai.completion.modelPath at the folder, the language server loads it, a notice says what it
// costs, and the ghost text while typing is that model's.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type FileServer, startFileServer } from '../support/fileServer';
import { expectedSuggestion, TINY_MODEL, tinyExpected } from '../support/tinyModel';
import { until } from '../support/until';
import { openFileAndWaitReady, pickQuickItem, readExtensionLog, runCommand, screenshotPath, typeAndWaitForGhost, useWorkbench, waitForBuiltInModel, type Workbench } from './workbench';

describe('a code model from the hub, used for completion (code-server)', function () {
  this.timeout(180_000);
  let server: FileServer;
  const downloads = mkdtempSync(path.join(os.tmpdir(), 'hai-e2e-code-model-'));
  const catalog = path.join(downloads, 'lab-hub.json');
  const files: Record<string, Buffer> = Object.fromEntries(
    ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx'].map((f) => [path.basename(f), readFileSync(path.join(TINY_MODEL, f))]),
  );
  const c = tinyExpected.fimCases[0];
  const want = expectedSuggestion(c);

  // A model folder whose ONNX file is not a model (the catalog gives no checksum, so it is not caught on download).
  files['broken.onnx'] = Buffer.from('this is not an ONNX graph\n'.repeat(100));

  before(async () => {
    server = await startFileServer(1024, files);
    const onnx = files['model.onnx'];
    writeFileSync(
      catalog,
      JSON.stringify({
        schemaVersion: 1,
        name: 'Lab hub',
        models: [
          {
            id: 'lab-coder',
            name: 'Lab coder',
            task: 'code-completion',
            description: 'A code model of the lab, in the Optimum layout.',
            licence: 'MIT',
            completion: { fim: 'starcoder', contextLength: 256, kvHeads: '2 / 1' },
            weights: [
              ...['config.json', 'tokenizer.json', 'tokenizer_config.json'].map((name) => ({ name, url: `${server.base}/files/${name}` })),
              { name: 'model.onnx', folder: 'onnx', url: `${server.base}/files/model.onnx`, size: onnx.length, sha256: createHash('sha256').update(onnx).digest('hex') },
            ],
            sources: [{ url: 'https://example.org/lab', for: 'everything' }],
          },
          {
            id: 'broken-coder',
            name: 'Broken coder',
            task: 'code-completion',
            description: 'A model folder whose ONNX file is damaged.',
            completion: { fim: 'starcoder' },
            weights: [
              ...['config.json', 'tokenizer.json', 'tokenizer_config.json'].map((name) => ({ name, url: `${server.base}/files/${name}` })),
              { name: 'model.onnx', folder: 'onnx', url: `${server.base}/files/broken.onnx` },
            ],
            sources: [{ url: 'https://example.org/lab', for: 'everything' }],
          },
        ],
        datasets: [],
      }),
    );
  });
  after(async () => {
    await server?.close();
    rmSync(downloads, { recursive: true, force: true });
  });

  const workbench = useWorkbench(
    { settings: { 'hai.hub.sources': [catalog], 'hai.hub.downloadDir': downloads, 'hai.completion.maxTokens': 8, 'hai.completion.threads': 1 } },
    (wb) => writeFileSync(path.join(wb.workspace, 'ghost.py'), c.prefix.slice(0, -1) + c.suffix),
  );
  let wb: Workbench;
  beforeEach(() => {
    wb = workbench();
  });

  it('downloads the model folder, switches completion to it and says what it costs here', async () => {
    const { page } = wb;
    await openFileAndWaitReady(page, 'ghost.py');
    await waitForBuiltInModel(wb);
    await runCommand(page, 'HAI: Use for Completion');
    await pickQuickItem(page, 'Lab coder');
    const folder = path.join(downloads, 'weights', 'lab-coder');
    await until(async () => (existsSync(path.join(folder, 'onnx', 'model.onnx')) ? true : undefined), 'the ONNX file is in onnx/ of the model folder', 60_000);
    await until(async () => (/Use for completion: lab-coder from .*"state":"loaded"/.test(readExtensionLog(wb.userDataDir)) ? true : undefined), 'the server loaded the hub model', 60_000);
    // The notice, as a toast or (once it has left, as the download's notice makes it do) in the notification centre.
    const notice = page.locator('.notification-list-item', { hasText: /Lab coder is used for completion: loaded in \d+ ms, the language server now uses .+ of memory, [\d.]+ ms per generated token here\./ });
    await notice.first().waitFor({ timeout: 10_000 }).catch(() => runCommand(page, 'Notifications: Show Notifications'));
    await notice.first().waitFor();
    const log = readExtensionLog(wb.userDataDir);
    assert.match(log, /Downloaded .*model\.onnx to .*lab-coder[/\\]onnx[/\\]model\.onnx: \d+ bytes .* checksum verified/);
    // Code-server keeps a remote window's user-level settings as the remote machine's (desktop VS Code: User/).
    const settings = JSON.parse(readFileSync(path.join(wb.userDataDir, 'Machine', 'settings.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(settings['hai.completion.modelPath'], folder, 'the setting names the downloaded folder');
    await until(async () => (/Loaded completion model lab-coder \(fp32/.test(readExtensionLog(wb.userDataDir)) ? true : undefined), 'the server loaded the hub model');
    await page.screenshot({ path: screenshotPath('use-for-completion.png') });
  });

  it('then suggests what that model generates', async () => {
    assert.ok(want.length > 0);
    const lines = c.prefix.split('\n');
    await typeAndWaitForGhost(wb.page, lines.length - 1, c.prefix.slice(-1), lines[lines.length - 1] + want);
  });

  it('says why a model that cannot load is not used, and goes back to the built-in model on request', async () => {
    const { page } = wb;
    await runCommand(page, 'HAI: Use for Completion');
    await pickQuickItem(page, 'Broken coder');
    const notice = page.locator('.notification-list-item', { hasText: /Broken coder could not be loaded for completion: / });
    await notice.first().waitFor({ timeout: 10_000 }).catch(() => runCommand(page, 'Notifications: Show Notifications'));
    await notice.first().waitFor({ timeout: 60_000 });
    await notice.first().getByRole('button', { name: 'Use the Built-in Model' }).click();
    await until(
      async () => ((readExtensionLog(wb.userDataDir).match(/Loaded completion model code-model \(int8/g) ?? []).length >= 2 ? true : undefined),
      'the built-in model is loaded again',
      60_000,
    );
    const settings = JSON.parse(readFileSync(path.join(wb.userDataDir, 'Machine', 'settings.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(settings['hai.completion.modelPath'], '', 'the setting is back to the built-in model');
  });
});
