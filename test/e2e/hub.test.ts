// End-to-end: the Hub view in code-server lists the built-in catalog (ParT, JetClass) and a hub from
// hai.hub.sources; the model card opens; a download from a local HTTP server completes, verified; a
// downloaded dataset archive is extracted from the notification's Extract button.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { create as createTar } from 'tar';
import { ROOT } from '../../scripts/paths';
import { type FileServer, startFileServer } from '../support/fileServer';
import { until } from '../support/until';
import { pickQuickItem, readExtensionLog, runCommand, screenshotPath, useWorkbench, webviewFrame, type Workbench } from './workbench';


describe('the hub in code-server', function () {
  this.timeout(120_000);
  let server: FileServer;
  const downloads = mkdtempSync(path.join(os.tmpdir(), 'hai-e2e-downloads-'));
  const catalog = path.join(downloads, 'lab-hub.json');

  // A dataset archive as the JetClass parts are laid out: a split folder of ROOT files.
  const rootFile = readFileSync(path.join(ROOT, 'demo', 'data', 'uproot-HZZ.root'));
  let archive: Buffer;

  before(async () => {
    const src = mkdtempSync(path.join(os.tmpdir(), 'hai-e2e-archive-'));
    mkdirSync(path.join(src, 'val_5M'));
    copyFileSync(path.join(ROOT, 'demo', 'data', 'uproot-HZZ.root'), path.join(src, 'val_5M', 'HZZ_000.root'));
    await createTar({ file: path.join(src, 'lab-jets-val.tar'), cwd: src, portable: true }, ['val_5M']);
    archive = readFileSync(path.join(src, 'lab-jets-val.tar'));
    rmSync(src, { recursive: true, force: true });
    server = await startFileServer(2 * 1024 * 1024, { 'lab-jets-val.tar': archive });
    writeFileSync(
      catalog,
      JSON.stringify({
        schemaVersion: 1,
        name: 'Lab hub',
        models: [
          {
            id: 'lab-tagger',
            name: 'Lab tagger',
            task: 'jet-tagging',
            description: 'A tagger trained in the lab.',
            weights: [{ name: 'lab-tagger.pt', url: `${server.base}/slow.bin?delay=300`, size: server.data.length, md5: server.md5 }],
            sources: [{ url: 'https://example.org/lab', for: 'everything' }],
          },
        ],
        datasets: [
          {
            id: 'lab-jets',
            name: 'Lab jets',
            description: 'Jets recorded in the lab, as ROOT files.',
            format: 'root',
            archive: 'tar',
            files: [{ name: 'lab-jets-val.tar', url: `${server.base}/files/lab-jets-val.tar`, size: archive.length, md5: createHash('md5').update(archive).digest('hex'), split: 'validation' }],
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

  const workbench = useWorkbench({
    settings: { 'hai.hub.sources': [catalog], 'hai.hub.downloadDir': downloads, 'hai.completion.enabled': false },
  });
  let wb: Workbench;
  beforeEach(() => {
    wb = workbench();
  });

  it('lists the built-in models and datasets and the lab hub, each with its hub', async () => {
    const { page } = wb;
    await page.locator('.activitybar a.action-label[aria-label="HAI"]').click();
    const rows = page.locator('.sidebar .monaco-list-row');
    await rows.filter({ hasText: /Particle Transformer \(ParT\)\s*jet tagging · HAI built-in/ }).waitFor();
    await rows.filter({ hasText: /Lab tagger\s*jet tagging · Lab hub/ }).waitFor();
    await rows.filter({ hasText: /JetClass\s*ROOT · 12 files · HAI built-in/ }).waitFor();
  });

  it('opens the model card of ParT with its results and training recipe', async () => {
    const { page } = wb;
    await runCommand(page, 'HAI: Open Model Card');
    await pickQuickItem(page, 'Particle Transformer (ParT)');
    const card = await webviewFrame(page, 'Particle Transformer (ParT)');
    await card.locator('vscode-table-cell', { hasText: '0.9877' }).waitFor();
    await card.locator('pre', { hasText: /^weaver --data-train/ }).waitFor();
    await card.getByText('arXiv:2202.03772').first().waitFor();
    await page.screenshot({ path: screenshotPath('hub.png') });
  });

  it('downloads a weight file from the lab hub, verifies its md5 and stores it under weights/<model>/', async () => {
    const { page } = wb;
    await runCommand(page, 'HAI: Download from Hub');
    await pickQuickItem(page, 'lab-tagger.pt');
    const file = path.join(downloads, 'weights', 'lab-tagger', 'lab-tagger.pt');
    await until(async () => (existsSync(file) ? true : undefined), 'the file is in place', 60_000);
    await until(
      async () => (/Downloaded .*lab-tagger\.pt: 2097152 bytes .* checksum verified/.test(readExtensionLog(wb.userDataDir)) ? true : undefined),
      'the HAI log says the download was verified',
    );
    assert.ok(readFileSync(file).equals(server.data), 'the exact bytes');
    assert.ok(!existsSync(`${file}.part`));
    // The view shows it as downloaded.
    const rows = page.locator('.sidebar .monaco-list-row');
    await rows.filter({ hasText: /^Lab tagger/ }).click();
    await rows.filter({ hasText: /^Weights$/ }).click();
    await rows.filter({ hasText: /lab-tagger\.pt\s*2\.0 MiB · downloaded · md5/ }).waitFor();
  });

  it('extracts a downloaded dataset archive from the notification, shows it as extracted, and deletes the archive on request', async () => {
    const { page } = wb;
    await runCommand(page, 'HAI: Download from Hub');
    await pickQuickItem(page, 'lab-jets-val.tar');
    const notification = page.locator('.notification-toast', { hasText: 'Downloaded lab-jets-val.tar; checksum verified.' });
    await notification.getByRole('button', { name: 'Extract' }).click();
    const extracted = path.join(downloads, 'datasets', 'lab-jets', 'val_5M', 'HZZ_000.root');
    await until(async () => (existsSync(extracted) ? true : undefined), 'the ROOT file is extracted beside the archive', 60_000);
    assert.ok(readFileSync(extracted).equals(rootFile), 'the exact bytes');
    await until(
      async () => (/Extracted .*lab-jets-val\.tar into .*: 1 files, \d+ bytes .* top level: val_5M; 0 replaced/.test(readExtensionLog(wb.userDataDir)) ? true : undefined),
      'the HAI log records the extraction',
    );
    // The notice may already have left its toast: the notification centre keeps it.
    await page.locator('[id="status.notifications"]').click();
    await page.locator('.notification-list-item', { hasText: /Extracted lab-jets-val\.tar: 1 file \(212\.8 KiB\) into .*lab-jets\./ }).first().waitFor();
    const rows = page.locator('.sidebar .monaco-list-row');
    await rows.filter({ hasText: /^Models$/ }).click(); // collapsed, so that the datasets fit in the view
    await rows.filter({ hasText: /^Lab jets/ }).click();
    await rows.filter({ hasText: /lab-jets-val\.tar\s*.* · validation · extracted · md5/ }).waitFor();
    await page.screenshot({ path: screenshotPath('hub-extract.png') });

    // Free the archive's space: the notice's Delete Archive, confirmed in the modal dialog.
    const tarFile = path.join(downloads, 'datasets', 'lab-jets', 'lab-jets-val.tar');
    assert.ok(existsSync(tarFile));
    await page.locator('[id="status.notifications"]').click();
    const notice = page.locator('.notification-list-item', { hasText: /Extracted lab-jets-val\.tar/ }).first();
    if (!(await notice.isVisible())) await page.locator('[id="status.notifications"]').click();
    await notice.getByRole('button', { name: 'Delete Archive' }).click();
    const dialog = page.locator('.monaco-dialog-box', { hasText: /Delete lab-jets-val\.tar \(.*\)\?/ });
    await dialog.getByText(/The extracted files \(1\) stay in .*lab-jets\./).waitFor();
    await dialog.getByRole('button', { name: 'Delete Archive' }).click();
    await until(async () => (existsSync(tarFile) ? undefined : true), 'the archive is deleted');
    assert.ok(readFileSync(extracted).equals(rootFile), 'the extracted file stays');
    await rows.filter({ hasText: /lab-jets-val\.tar\s*.* · validation · extracted, archive deleted · md5/ }).waitFor();
  });
});
