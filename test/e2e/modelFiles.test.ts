// End-to-end: model files in the Data view and the data explorer, in code-server: a PyTorch
// checkpoint written by torch.save, Hugging Face weights (.safetensors, pytorch_model.bin) and a
// TorchScript archive, each made by Debian's PyTorch in the test (test/fixtures/data/torch/), opened
// without running its pickle: parts, tensors and values, a weight's histogram as PyTorch's own values
// give it, and Copy as Python that loads the file.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../../scripts/paths';
import { copiedPython, dataRow, openInExplorer, showHai, statistics } from './explorerPage';
import { screenshotPath, setRowExpanded, useWorkbench, webviewFrame, type Workbench } from './workbench';

describe('model files in the data explorer in code-server', function () {
  this.timeout(180_000);
  const workbench = useWorkbench();
  let wb: Workbench;

  before(() => {
    wb = workbench();
  });

  it("opens a PyTorch checkpoint written by torch.save: its parts, values and classes; a weight's histogram; Copy as Python with torch.load", async () => {
    const { page } = wb;
    // A real checkpoint from Debian's PyTorch (epoch, model, optimizer, argparse hyper-parameters), and PyTorch's own values.
    const made = mkdtempSync(path.join(os.tmpdir(), 'hai-e2e-torch-'));
    execFileSync('/usr/bin/python3', ['-W', 'ignore', path.join(ROOT, 'test', 'fixtures', 'data', 'torch', 'make_checkpoints.py'), made], { stdio: 'pipe' });
    copyFileSync(path.join(made, 'checkpoint.pt'), path.join(wb.workspace, 'data', 'checkpoint.pt'));
    const weight = (JSON.parse(readFileSync(path.join(made, 'expected.json'), 'utf8')) as { 'checkpoint.pt': { model: Record<string, { values: number[] }> } })['checkpoint.pt'].model['net.1.weight'].values;
    rmSync(made, { recursive: true, force: true });
    // The Data view lists it (the file watcher) and expands it to its parts and values.
    await showHai(page);
    await setRowExpanded(await dataRow(page, /^checkpoint\.pt/), true);
    assert.match(await (await dataRow(page, /^model\s*9 tensors/)).innerText(), /9 tensors · 316 B/);
    await (await dataRow(page, /^Values\s*\d+/)).click();
    assert.match(await (await dataRow(page, /^epoch/)).innerText(), /int · 12/);
    await openInExplorer(page, 'checkpoint.pt');
    const torch = await webviewFrame(page, 'checkpoint.pt');
    await torch.locator('#structure h2', { hasText: 'Tensors' }).waitFor();
    await torch.locator('#structure h2', { hasText: 'Values' }).waitFor();
    await torch.locator('#structure .column[data-object="args.data"]', { hasText: 'str · "data/hzz-jets.npz"' }).waitFor();
    await torch.locator('#structure', { hasText: 'argparse.Namespace' }).waitFor();
    await torch.locator('label[for=tree]', { hasText: 'Part' }).waitFor();
    await torch.locator('.hint', { hasText: 'Tensors of the part, arithmetic and functions' }).waitFor();
    const column = torch.locator('#structure details[data-tree="model"] .column[data-column="net.1.weight"]');
    assert.match(await column.innerText(), /float32 · shape \(8, 5\)/);
    await column.locator('button.name').click();
    await torch.locator('#status', { hasText: '8 entries read, 8 kept' }).waitFor();
    assert.equal(await torch.locator('#expression').inputValue(), '`net.1.weight`');
    assert.equal(await torch.locator('#tree').inputValue(), 'model');
    const stats = await statistics(torch);
    assert.deepEqual([stats.Entries, stats.Integral], [String(weight.length), String(weight.length)]);
    // A tensor's rows are all alike: no multiplicity plot, and a part's summary counts tensors, not entries.
    assert.equal(await torch.locator('#multiplicity .u-title').count(), 0);
    assert.match(await torch.locator('#structure details[data-tree="model"] summary').innerText(), /^model 9 tensors · 316 B$/);
    await wb.page.screenshot({ path: screenshotPath('data-explorer-checkpoint.png') });
    const text = await copiedPython(page, torch, /checkpoint\s=\storch\.load\(/);
    assert.match(text, /weights_only=False/);
    assert.match(text, /checkpoint\["model"\]\["net\.1\.weight"\]\.detach\(\)\.to\(torch\.float64\)\.numpy\(\)/);
  });

  it("opens Hugging Face weights (.safetensors): tensors and metadata in the Data view and explorer; a tensor's histogram; Copy as Python with safe_open", async () => {
    const { page } = wb;
    const made = mkdtempSync(path.join(os.tmpdir(), 'hai-e2e-safetensors-'));
    execFileSync('/usr/bin/python3', ['-W', 'ignore', path.join(ROOT, 'test', 'fixtures', 'data', 'torch', 'make_safetensors.py'), made], { stdio: 'pipe' });
    copyFileSync(path.join(made, 'model.safetensors'), path.join(wb.workspace, 'data', 'model.safetensors'));
    const weight = (JSON.parse(readFileSync(path.join(made, 'expected.json'), 'utf8')) as { 'model.safetensors': Record<string, { values: number[] }> })['model.safetensors']['embed.weight'].values;
    rmSync(made, { recursive: true, force: true });
    await showHai(page);
    // The checkpoint of the test before, expanded, pushes the file out of the view's rendered rows.
    const expanded = page.locator('.sidebar .monaco-list-row[aria-expanded="true"]', { hasText: /^checkpoint\.pt/ });
    if (await expanded.count()) await expanded.first().locator('.monaco-tl-twistie').click();
    await setRowExpanded(await dataRow(page, /^model\.safetensors/), true);
    assert.match(await (await dataRow(page, /^embed\.weight/)).innerText(), /float32/);
    // Metadata comes after the 19 tensors: End moves the list's focus (and view) to it.
    await page.keyboard.press('End');
    await (await dataRow(page, /^Metadata\s*3/)).click();
    await page.keyboard.press('End');
    assert.match(await (await dataRow(page, /^source/)).innerText(), /str · HAI tests/);
    await openInExplorer(page, 'model.safetensors');
    const frame = await webviewFrame(page, 'model.safetensors');
    await frame.locator('#structure h2', { hasText: 'Tensors' }).waitFor();
    await frame.locator('#structure h2', { hasText: 'Metadata' }).waitFor();
    await frame.locator('#structure .column[data-object="format"]', { hasText: 'str · pt' }).waitFor();
    const column = frame.locator('#structure .column[data-column="embed.weight"]');
    assert.match(await column.innerText(), /float32 · shape \(16, 4\)/);
    await column.locator('button.name').click();
    await frame.locator('#status', { hasText: '16 entries read, 16 kept' }).waitFor();
    const stats = await statistics(frame);
    assert.deepEqual([stats.Entries, stats.Integral], [String(weight.length), String(weight.length)]);
    const text = await copiedPython(page, frame, /with\ssafe_open\(/);
    assert.match(text, /f\.get_tensor\(name\)\.to\(torch\.float64\)\.numpy\(\) for name in \["embed\.weight"\]/);
  });

  it("lists Hugging Face's pytorch_model.bin, and opens a TorchScript archive: its modules, a weight's histogram, Copy as Python with torch.jit.load", async () => {
    const { page } = wb;
    const made = mkdtempSync(path.join(os.tmpdir(), 'hai-e2e-torchscript-'));
    execFileSync('/usr/bin/python3', ['-W', 'ignore', path.join(ROOT, 'test', 'fixtures', 'data', 'torch', 'make_checkpoints.py'), made], { stdio: 'pipe' });
    copyFileSync(path.join(made, 'scripted.pt'), path.join(wb.workspace, 'data', 'scripted.pt'));
    copyFileSync(path.join(made, 'pytorch_model.bin'), path.join(wb.workspace, 'data', 'pytorch_model.bin'));
    const weight = (JSON.parse(readFileSync(path.join(made, 'expected.json'), 'utf8')) as { 'scripted.pt': Record<string, { values: number[] }> })['scripted.pt']['net.1.weight'].values;
    rmSync(made, { recursive: true, force: true });
    await showHai(page);
    // The files of the tests before, expanded, push the new ones out of the view's rendered rows.
    const expanded = page.locator('.sidebar .monaco-list-row[aria-expanded="true"]', { hasText: /^(checkpoint\.pt|model\.safetensors)/ });
    while (await expanded.count()) await expanded.first().locator('.monaco-tl-twistie').click();
    // A .bin file by Hugging Face's name only: the Data view's default glob takes it, as PyTorch.
    assert.match(await (await dataRow(page, /^pytorch_model\.bin/)).innerText(), /PyTorch/);
    await openInExplorer(page, 'scripted.pt');
    const frame = await webviewFrame(page, 'scripted.pt');
    await frame.locator('#structure h2', { hasText: 'TorchScript modules' }).waitFor();
    await frame.locator('#structure .column', { hasText: /^Tagger$/ }).waitFor();
    assert.equal(await frame.locator('#structure h2', { hasText: 'Classes it names' }).count(), 0);
    const column = frame.locator('#structure .column[data-column="net.1.weight"]');
    assert.match(await column.innerText(), /float32 · shape \(8, 5\)/);
    await column.locator('button.name').click();
    await frame.locator('#status', { hasText: '8 entries read, 8 kept' }).waitFor();
    const stats = await statistics(frame);
    assert.deepEqual([stats.Entries, stats.Integral], [String(weight.length), String(weight.length)]);
    const text = await copiedPython(page, frame, /checkpoint\s=\storch\.jit\.load\(/);
    assert.match(text, /checkpoint\.net\._modules\["1"\]\.weight\.detach\(\)\.to\(torch\.float64\)\.numpy\(\)/);
  });
});
