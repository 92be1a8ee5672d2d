// End-to-end: the annotation editor in code-server, on the demo workspace's 16-bit detector frames
// (demo/frames, classes from its data.yaml). Opens a frame, shows the samples as stored under the
// cursor, changes the display window (the picture changes, the values do not), draws a box with the
// mouse after choosing the tool by its key, saves it as YOLO beside the images (labels/), undoes it,
// pre-labels with the shipped detector and accepts the suggestions, and gets unsaved labels back
// after the browser tab reloads (hot exit).
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { decodeImage } from '../../core/annotation/image/decodeImage';
import { until } from '../support/until';
import { quickOpen, readExtensionLog, runCommand, screenshotPath, useWorkbench, webviewFrame, type Workbench } from './workbench';

const FRAME = 'run042_frame0000.tif';
/** A 16 × 16 8-bit grey PNG (a gradient), for the PNG case. */
const GREY_PNG =
  'iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAAAAAA6mKC9AAABG0lEQVR4nAEQAe/+AAAQIDBAUGBwgJCgsMDQ4PAAAREhMUFRYXGBkaGxwdHh8QACEiIyQlJicoKSorLC0uLyAAMTIzNDU2Nzg5Ojs8PT4/MABBQkNERUZHSElKS0xNTk9AAFFSU1RVVldYWVpbXF1eX1AAYWJjZGVmZ2hpamtsbW5vYABxcnN0dXZ3eHl6e3x9fn9wAIGCg4SFhoeIiYqLjI2Oj4AAkZKTlJWWl5iZmpucnZ6fkAChoqOkpaanqKmqq6ytrq+gALGys7S1tre4ubq7vL2+v7AAwcLDxMXGx8jJysvMzc7PwADR0tPU1dbX2Nna29zd3t/QAOHi4+Tl5ufo6err7O3u7+AA8fLz9PX29/j5+vv8/f7/8Dn3+Bun58JwAAAABJRU5ErkJggg==';

async function openInAnnotationEditor(page: Page, file: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await runCommand(page, 'HAI: Open in Annotation Editor');
      await page.locator('.quick-input-widget input[placeholder="Label which image?"]').fill(file, { timeout: 10_000 });
      await page.locator('.quick-input-list .monaco-list-row', { hasText: file }).first().click({ timeout: 10_000 });
      return;
    } catch (err) {
      if (attempt >= 3) throw err;
      await page.keyboard.press('Escape');
    }
  }
}

/** Where image pixel (x, y) is on the page: the editor fits the frame in its canvas with an 8 px margin, centred. */
async function screenPoint(view: FrameLocator, width: number, height: number, x: number, y: number): Promise<{ x: number; y: number }> {
  const box = (await view.locator('#canvas').boundingBox())!;
  const scale = Math.min((box.width - 16) / width, (box.height - 16) / height);
  return { x: box.x + (box.width - width * scale) / 2 + x * scale, y: box.y + (box.height - height * scale) / 2 + y * scale };
}

/** The brightness the canvas shows at a page point (the red channel of a grey picture). */
async function shownLevel(view: FrameLocator, at: { x: number; y: number }): Promise<number> {
  const box = (await view.locator('#canvas').boundingBox())!;
  return view.locator('#canvas').evaluate((c: HTMLCanvasElement, p: { x: number; y: number }) => {
    const k = c.width / c.getBoundingClientRect().width;
    return c.getContext('2d')!.getImageData(Math.round(p.x * k), Math.round(p.y * k), 1, 1).data[0];
  }, { x: at.x - box.x, y: at.y - box.y });
}

describe('the annotation editor in code-server', function () {
  this.timeout(180_000);
  // VS Code in a browser saves a second after each edit by default (files.autoSave: afterDelay): off
  // here, so that saving, undo and unsaved labels happen when the test says.
  const workbench = useWorkbench({ settings: { 'files.autoSave': 'off' } });
  let wb: Workbench;
  let view: FrameLocator;
  let frame: Awaited<ReturnType<typeof decodeImage>>['raster'];
  let labelFile: string;

  before(async () => {
    wb = workbench();
    frame = (await decodeImage(readFileSync(path.join(wb.workspace, 'frames', 'images', FRAME)))).raster;
    labelFile = path.join(wb.workspace, 'frames', 'labels', FRAME.replace('.tif', '.txt'));
  });

  it('opens a 16-bit frame with the classes of data.yaml and shows each sample as stored', async () => {
    const { page } = wb;
    await openInAnnotationEditor(page, FRAME);
    view = await webviewFrame(page, FRAME);
    await view.locator('#status', { hasText: /0 labels/ }).waitFor();
    assert.deepEqual(await view.locator('#class option').allInnerTexts(), ['1  spot', '2  streak', '3  blob']);
    // The display controls that show a value, not a word, are named (tooltip and screen readers).
    assert.match((await view.locator('#scale').getAttribute('aria-label')) ?? '', /^Display scale/);
    assert.match((await view.locator('#colourMap').getAttribute('aria-label')) ?? '', /^Display colours/);
    assert.match(await view.locator('#status').innerText(), /YOLO detection → frames\/labels\/run042_frame0000\.txt/);
    const at = await screenPoint(view, frame.width, frame.height, 100.5, 200.5);
    await page.mouse.move(at.x, at.y);
    await view.locator('#status', { hasText: `x 100  y 200  value ${frame.data[200 * frame.width + 100]}` }).waitFor();
  });

  it('changes the display window: the picture brightens, the values under the cursor stay', async () => {
    const { page } = wb;
    const at = await screenPoint(view, frame.width, frame.height, 100.5, 200.5);
    const before = await shownLevel(view, at);
    const low = Number(await view.locator('#low').inputValue());
    const high = Number(await view.locator('#high').inputValue());
    assert.ok(high > low, `auto window ${low}…${high}`);
    await view.locator('#high').fill(String(Math.round(low + (high - low) / 4)));
    await until(async () => ((await shownLevel(view, at)) > before ? true : undefined), 'the pixel is drawn brighter');
    await page.mouse.move(at.x + 1, at.y);
    await page.mouse.move(at.x, at.y);
    await view.locator('#status', { hasText: `value ${frame.data[200 * frame.width + 100]}` }).waitFor();
    await view.locator('#auto').click();
    assert.equal(Number(await view.locator('#high').inputValue()), high);
  });

  it('draws a box with the mouse after pressing B, and saves it as a YOLO line beside the images', async () => {
    const { page } = wb;
    await view.locator('#canvas').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('b');
    await view.locator('#tool-box.active').waitFor();
    const a = await screenPoint(view, frame.width, frame.height, 100, 150);
    const b = await screenPoint(view, frame.width, frame.height, 300, 250);
    await page.mouse.move(a.x, a.y);
    await page.mouse.down();
    await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 4 });
    await page.mouse.move(b.x, b.y, { steps: 4 });
    await page.mouse.up();
    await view.locator('#status', { hasText: /1 label · .*\(unsaved\)/ }).waitFor();
    await page.keyboard.press('Control+S');
    await view.locator('#status', { hasText: /1 label · / }).filter({ hasNotText: 'unsaved' }).waitFor();
    const [cls, cx, cy, w, h] = readFileSync(labelFile, 'utf8').trim().split(/\s+/).map(Number);
    // Drawn at screen pixels: a fraction of an image pixel off at most, at this zoom a few.
    const tolerance = 3 / Math.min(frame.width, frame.height);
    assert.equal(cls, 0);
    for (const [got, want] of [[cx, 200 / frame.width], [cy, 200 / frame.height], [w, 200 / frame.width], [h, 100 / frame.height]]) assert.ok(Math.abs(got - want) < tolerance, `${got} vs ${want}`);
  });

  it('undoes the box with Ctrl+Z, and saving then empties the label file', async () => {
    const { page } = wb;
    await page.keyboard.press('Control+Z');
    await view.locator('#status', { hasText: /0 labels.*\(unsaved\)/ }).waitFor();
    await page.keyboard.press('Control+Shift+Z');
    await view.locator('#status', { hasText: /^.*1 label · / }).waitFor();
    await page.keyboard.press('Control+Z');
    await view.locator('#status', { hasText: /0 labels/ }).waitFor();
    await page.keyboard.press('Control+S');
    await until(async () => (readFileSync(labelFile, 'utf8') === '' ? true : undefined), 'the label file is empty');
  });

  it('pre-labels with the shipped detector; accepted suggestions are saved as labels', async () => {
    const { page } = wb;
    await view.locator('#prelabel').click();
    await view.locator('#status', { hasText: /\d+ suggestions/ }).waitFor({ timeout: 60_000 });
    const suggested = Number((await view.locator('#status').innerText()).match(/(\d+) suggestions/)![1]);
    assert.ok(suggested >= 3, `${suggested} suggestions`);
    await wb.page.screenshot({ path: screenshotPath('annotation-prelabel.png') });
    await view.locator('#acceptAll').click();
    await view.locator('#status', { hasText: new RegExp(`${suggested} labels`) }).waitFor();
    await page.keyboard.press('Control+S');
    await until(async () => (readFileSync(labelFile, 'utf8').trim().split('\n').length === suggested ? true : undefined), `${suggested} lines in the label file`);
    for (const line of readFileSync(labelFile, 'utf8').trim().split('\n')) assert.match(line, /^[012] (0\.\d{6} ){3}0\.\d{6}$/);
    // A polygon by hand (P, clicks, Enter): YOLO detection keeps only its box, which the page says at once.
    await view.locator('#canvas').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('p');
    await view.locator('#tool-polygon.active').waitFor();
    for (const [x, y] of [[300, 300], [420, 290], [450, 400], [330, 420]]) {
      const at = await screenPoint(view, frame.width, frame.height, x, y);
      await page.mouse.click(at.x, at.y);
    }
    await page.keyboard.press('Enter');
    await view.locator('#notKept', { hasText: /Not kept by YOLO detection: polygon \d+ \(spot\) becomes its bounding box/ }).waitFor();
    await wb.page.screenshot({ path: screenshotPath('annotation-editor.png') });
    await view.locator('#help').click();
    await view.locator('#helpPanel td', { hasText: 'Box tool' }).waitFor();
    await view.locator('#help').click();
    await page.keyboard.press('Control+Z');
    await view.locator('#status', { hasText: new RegExp(`${suggested} labels`) }).filter({ hasNotText: 'unsaved' }).waitFor();
  });

  it('keeps unsaved labels through a reload of the page (hot exit)', async () => {
    const { page } = wb;
    const saved = readFileSync(labelFile, 'utf8');
    const backedUp = /Annotation: backed up the unsaved labels of .*run042_frame0000\.tif/g;
    // Earlier tests' edits were backed up too: the reload waits for one more.
    const backupsBefore = readExtensionLog(wb.userDataDir).match(backedUp)?.length ?? 0;
    await view.locator('#canvas').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('k');
    await view.locator('#tool-point.active').waitFor();
    const p = await screenPoint(view, frame.width, frame.height, 400, 400);
    await page.mouse.click(p.x, p.y);
    await view.locator('#status', { hasText: /\(unsaved\)/ }).waitFor();
    const count = Number((await view.locator('#status').innerText()).match(/(\d+) labels/)![1]);
    // In a browser VS Code backs a dirty editor up a moment after the edit (it cannot wait for one as
    // the page unloads): the reload comes once the backup is written.
    await until(async () => ((readExtensionLog(wb.userDataDir).match(backedUp)?.length ?? 0) > backupsBefore ? true : undefined), 'the unsaved labels are backed up');
    // The browser tab reloads (what a code-server user does): the workbench comes back with the editor.
    page.once('dialog', (dialog) => void dialog.accept());
    await page.reload();
    // VS Code in a browser brings the tab back when it had saved the layout before the reload; if it
    // had not, the image is opened again, and its backup is found all the same.
    try {
      view = await webviewFrame(page, FRAME, 20_000);
    } catch {
      await openInAnnotationEditor(page, FRAME);
      view = await webviewFrame(page, FRAME);
    }
    await view.locator('#status', { hasText: new RegExp(`${count} labels.*\\(unsaved\\)`) }).waitFor({ timeout: 60_000 });
    assert.equal(readFileSync(labelFile, 'utf8'), saved);
    assert.ok(existsSync(labelFile));
    // The backup restored is removed once the image is open: left there, its edits would come back
    // over labels saved since, the next time the image is opened.
    const restored = /Annotation: restoring the unsaved labels of .*run042_frame0000\.tif \(.*\) from (.+\.json)\s*$/m.exec(readExtensionLog(wb.userDataDir))?.[1];
    assert.ok(restored, 'the restore is logged');
    await until(async () => (existsSync(restored) ? undefined : true), 'the restored backup is removed');
  });

  it('pre-labels the whole folder: suggestions wait in each image for review, label files unchanged', async () => {
    const { page } = wb;
    // Undo the restored edit: the image is as saved again.
    await view.locator('#canvas').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+Z');
    await view.locator('#status', { hasText: /\d+ labels/ }).filter({ hasNotText: 'unsaved' }).waitFor();
    const saved = readFileSync(labelFile, 'utf8');
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: /^images$/ }).click({ button: 'right' });
    // The context menu takes the item under the pointer on Enter (a synthetic click can land between its parts).
    await page.locator('.monaco-menu .action-label', { hasText: 'Pre-label Folder with the Detection Model' }).hover();
    await page.keyboard.press('Enter');
    await page.locator('.monaco-dialog-box .monaco-button', { hasText: 'Pre-label 3 Images' }).click();
    await page.locator('.notification-toast', { hasText: /Pre-labelled 3 images: \d+ suggestions? kept for review/ }).waitFor({ timeout: 60_000 });
    // The open image got its suggestions at once; the others keep theirs until opened.
    await view.locator('#status', { hasText: /\d+ suggestions/ }).waitFor();
    await view.locator('#canvas').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('d');
    const next = await webviewFrame(page, 'run042_frame0001.tif');
    await next.locator('#status', { hasText: /0 labels · \d+ suggestions/ }).waitFor();
    assert.equal(readFileSync(labelFile, 'utf8'), saved, 'suggestions are not labels until accepted');
    assert.equal(existsSync(path.join(wb.workspace, 'frames', 'labels', 'run042_frame0001.txt')), false);
  });

  it('converts the labels of the folder from YOLO to COCO, after saying what it will write', async () => {
    const { page } = wb;
    const yolo = readFileSync(labelFile, 'utf8');
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: /^frames$/ }).click({ button: 'right' });
    await page.locator('.monaco-menu .action-label', { hasText: 'Convert Labels of Folder…' }).hover();
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Whatever each image has' }).click();
    await page.locator('.quick-input-list .monaco-list-row', { hasText: /^COCO$/ }).click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.locator('.dialog-message-detail', { hasText: /Written as COCO: \d+ labels? of 1 image\./ }).waitFor();
    await dialog.locator('.monaco-button', { hasText: /^Convert$/ }).click();
    await page.locator('.notification-toast', { hasText: 'Converted the labels of 1 image to COCO (1 file).' }).waitFor();
    const coco = JSON.parse(readFileSync(path.join(wb.workspace, 'frames', 'images', 'annotations.json'), 'utf8')) as { images: { file_name: string }[]; annotations: { category_id: number }[]; categories: { name: string }[] };
    assert.deepEqual(coco.images.map((i) => i.file_name), [FRAME]);
    assert.equal(coco.annotations.length, yolo.trim().split('\n').length);
    assert.deepEqual(coco.categories.map((c) => c.name), ['spot', 'streak', 'blob']);
    assert.equal(readFileSync(labelFile, 'utf8'), yolo, 'the YOLO labels are left as they were');
  });

  it('labels the frames of an HDF5 stack one by one, each with its own label file named as if exported', async () => {
    const { page } = wb;
    await openInAnnotationEditor(page, 'scan_eiger.h5');
    const stack = await webviewFrame(page, 'scan_eiger.h5 /entry/data/data [1/4]');
    await stack.locator('#status', { hasText: /0 labels/ }).waitFor();
    await stack.locator('#canvas').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('b');
    // The key goes to VS Code and back as a command: draw once the page has the tool.
    await stack.locator('#tool-box.active').waitFor();
    const box = (await stack.locator('#canvas').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2 - 40, box.y + box.height / 2 - 40);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 40, box.y + box.height / 2 + 40, { steps: 5 });
    await page.mouse.up();
    await stack.locator('#status', { hasText: /1 label · .*\(unsaved\)/ }).waitFor();
    await page.keyboard.press('Control+S');
    const first = path.join(wb.workspace, 'frames', 'scan_eiger_00000.txt');
    await until(async () => (existsSync(first) && readFileSync(first, 'utf8').trim().split('\n').length === 1 ? true : undefined), 'frame 1’s labels are saved');
    // The next frame of the stack, in the same tab: no labels of its own yet.
    await page.keyboard.press('d');
    const second = await webviewFrame(page, 'scan_eiger.h5 /entry/data/data [2/4]');
    await second.locator('#status', { hasText: /0 labels/ }).waitFor();
    assert.equal(existsSync(path.join(wb.workspace, 'frames', 'scan_eiger_00001.txt')), false);
  });

  it('opens a TIFF frame in the annotation editor by default, and offers it for a PNG (Reopen Editor With)', async () => {
    const { page } = wb;
    // A TIFF has no other editor in VS Code: Quick Open opens it labelled.
    await quickOpen(page, 'run042_frame0002.tif');
    const tiff = await webviewFrame(page, 'run042_frame0002.tif');
    await tiff.locator('#status', { hasText: /\d+ labels?/ }).waitFor();
    // A PNG (a plot, a camera picture) opens in VS Code's image preview, with the annotation editor one choice away.
    mkdirSync(path.join(wb.workspace, 'camera'), { recursive: true });
    writeFileSync(path.join(wb.workspace, 'camera', 'shot_0001.png'), Buffer.from(GREY_PNG, 'base64'));
    await quickOpen(page, 'shot_0001.png');
    await runCommand(page, 'View: Reopen Editor With...');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'HAI Annotation Editor' }).click();
    const png = await webviewFrame(page, 'shot_0001.png');
    await png.locator('#status', { hasText: /0 labels/ }).waitFor();
    // One contribution for the editor: a second one of the same id is dropped by VS Code, which says so.
    assert.deepEqual(wb.console.filter((line) => /Custom editor with id .* already registered/.test(line)), []);
  });
});
