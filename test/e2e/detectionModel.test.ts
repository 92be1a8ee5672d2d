// End-to-end: a detection model from a hub becomes the annotation editor's pre-labelling model. A lab
// hub (hai.hub.sources) lists a detector with ONNX weights served by a local HTTP server (the shipped
// tiny detector's bytes); the weight is downloaded and verified, "Use for Pre-labelling" on it checks
// that it loads as a detector (layout, classes, input size) and sets hai.annotation.detectionModel.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../../scripts/paths';
import { type FileServer, startFileServer } from '../support/fileServer';
import { until } from '../support/until';
import { pickQuickItem, runCommand, useWorkbench, type Workbench } from './workbench';

describe('a hub’s detection model for pre-labelling, in code-server', function () {
  this.timeout(120_000);
  let server: FileServer;
  const downloads = mkdtempSync(path.join(os.tmpdir(), 'hai-e2e-detector-'));
  const catalog = path.join(downloads, 'lab-hub.json');
  const model = readFileSync(path.join(ROOT, 'models', 'detector', 'hai-det-tiny-v8.onnx'));

  before(async () => {
    server = await startFileServer(1024, { 'lab-detector.onnx': model });
    writeFileSync(
      catalog,
      JSON.stringify({
        schemaVersion: 1,
        name: 'Lab hub',
        models: [
          {
            id: 'lab-detector',
            name: 'Lab detector',
            task: 'detection',
            description: 'Spots, streaks and blobs on the lab’s detector frames.',
            weights: [{ name: 'lab-detector.onnx', url: `${server.base}/files/lab-detector.onnx`, size: model.length, md5: createHash('md5').update(model).digest('hex') }],
            sources: [{ url: 'https://example.org/lab', for: 'everything' }],
          },
        ],
      }),
    );
  });
  after(async () => {
    await server?.close();
    rmSync(downloads, { recursive: true, force: true });
  });

  const workbench = useWorkbench({ settings: { 'hai.hub.sources': [catalog], 'hai.hub.downloadDir': downloads, 'hai.completion.enabled': false } });
  let wb: Workbench;
  beforeEach(() => {
    wb = workbench();
  });

  it('downloads the lab’s detector and uses it for pre-labelling after checking it loads', async () => {
    const { page } = wb;
    // The Hub view shows the lab's model once the extension has loaded the catalogs.
    await page.locator('.activitybar a.action-label[aria-label="HAI"]').click();
    await page.locator('.sidebar .monaco-list-row', { hasText: /Lab detector\s*detection · Lab hub/ }).waitFor();
    await runCommand(page, 'HAI: Download from Hub');
    await pickQuickItem(page, 'lab-detector.onnx');
    const file = path.join(downloads, 'weights', 'lab-detector', 'lab-detector.onnx');
    await until(async () => (existsSync(file) ? true : undefined), 'the model is in place', 60_000);
    await runCommand(page, 'HAI: Filter Hub');
    const input = page.locator('.quick-input-widget', { hasText: 'Words that must appear' }).locator('input');
    await input.fill('lab');
    await input.press('Enter');
    const rows = page.locator('.sidebar .monaco-list-row');
    // The filter redraws the tree: expand by the row's twistie once it has settled.
    await rows.filter({ hasText: /^Datasets\s*filter: lab/ }).waitFor();
    await until(async () => {
      if ((await rows.filter({ hasText: /^Weights$/ }).count()) > 0) return true;
      await rows.filter({ hasText: /^Lab detector/ }).locator('.monaco-tl-twistie').click();
      return undefined;
    }, 'the model’s weights are listed');
    await rows.filter({ hasText: /^Weights$/ }).locator('.monaco-tl-twistie').click();
    await rows.filter({ hasText: /lab-detector\.onnx\s*.*downloaded/ }).click({ button: 'right' });
    await page.locator('.monaco-menu .action-label', { hasText: 'Use for Pre-labelling' }).hover();
    await page.keyboard.press('Enter');
    await page.locator('.notification-toast', { hasText: 'Pre-labelling now uses lab-detector.onnx (YOLOv8/11 layout, 3 classes, input 640 × 640).' }).waitFor();
    const settings = JSON.parse(readFileSync(path.join(wb.userDataDir, 'User', 'settings.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(settings['hai.annotation.detectionModel'], file);
  });
});
