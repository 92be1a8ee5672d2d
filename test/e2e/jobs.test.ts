// End-to-end: the demo's training job, as committed, submitted from the command palette in the
// workspace `npm start` serves (its settings from scripts/serve.ts) runs on this machine with the
// workspace's Python (a real PyTorch training on the CPU), shows in the Jobs view, its live log
// opens, its loss curve grows in the metrics view, and it completes.
import * as assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../../scripts/paths';
import { prepareDemo } from '../../scripts/serve';
import { until } from '../support/until';
import { pickQuickItem, quickOpen, runCommand, runCommandAndPick, screenshotPath, useWorkbench, webviewFrame, type Workbench } from './workbench';

/** The job's own output, for a failure message that says why it failed. */
function jobLogs(workspace: string): string {
  const dir = path.join(workspace, '.hai', 'jobs');
  if (!existsSync(dir)) return '(no job folder)';
  return readdirSync(dir)
    .map((id) => {
      const log = path.join(dir, id, 'output.log');
      return `${id}:\n${existsSync(log) ? readFileSync(log, 'utf8').slice(-3000) : '(no log)'}`;
    })
    .join('\n');
}

describe('training jobs in code-server', function () {
  this.timeout(180_000);
  // The settings `npm start` serves the demo with (hai.jobs.python among them), plus two for speed.
  const workbench = useWorkbench({ settings: { ...prepareDemo(), 'hai.completion.enabled': false, 'hai.jobs.refreshSeconds': 1 } });
  let wb: Workbench;
  beforeEach(() => {
    wb = workbench();
  });

  it('submits the demo training from the palette; the Jobs view, the live log and the growing loss curve follow it to completion', async () => {
    const { page } = wb;
    // The Jobs view, empty, offers the two ways to start.
    await page.locator('.activitybar a.action-label[aria-label="HAI"]').click();
    await page.locator('.sidebar .welcome-view-content a', { hasText: 'Submit Training Job' }).first().waitFor({ timeout: 60_000 });
    await runCommand(page, 'HAI: Submit Training Job');
    await pickQuickItem(page, 'train.hai-job.yaml');
    await pickQuickItem(page, 'This machine');
    // The confirmation says which Python the job runs with.
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Python: /usr/bin/python3 (hai.jobs.python)' }).waitFor();
    await pickQuickItem(page, 'Submit');

    const rows = page.locator('.sidebar .monaco-list-row');
    await rows.filter({ hasText: /demo-jet-tagger\s*(running|completed)/ }).waitFor({ timeout: 30_000 });

    await runCommand(page, 'HAI: Open Job Metrics');
    await pickQuickItem(page, 'demo-jet-tagger');
    const view = await webviewFrame(page, 'Training metrics');
    const points = async (): Promise<number> => Number((await view.locator('body').getAttribute('data-points')) ?? '0');
    const first = await until(async () => ((await points()) > 0 ? points() : undefined), 'the loss curve has its first points', 60_000).catch((err: Error) => {
      throw new Error(`${err.message}\njob logs:\n${jobLogs(wb.workspace)}`);
    });
    await view.locator('.u-title', { hasText: 'Loss' }).waitFor();
    const later = await until(async () => {
      const n = await points();
      return n > first ? n : undefined;
    }, 'the loss curve grows', 60_000);
    assert.ok(later > first);

    await runCommandAndPick(page, 'HAI: Show Job Log', 'demo-jet-tagger');
    await page.locator('.view-lines', { hasText: '[HAI] job demo-jet-tagger started on' }).waitFor({ timeout: 30_000 });
    await page.locator('.view-lines', { hasText: /epoch\s+\d+\s+train_loss/ }).waitFor({ timeout: 60_000 });

    await rows.filter({ hasText: /demo-jet-tagger\s*completed/ }).waitFor({ timeout: 90_000 });
    // The row says when the run was submitted, beside its state: what tells two runs of the spec apart.
    await rows.filter({ hasText: /demo-jet-tagger\s*completed\s·\s(today|yesterday)\s\d{2}:\d{2}\s·/ }).waitFor();
    // And the log ends with a line saying how the job ended.
    await page.locator('.view-lines', { hasText: /\[HAI\]\sjob\sdemo-jet-tagger\sfinished\swith\sexit\scode\s0\sat\s.*\(after\s/ }).waitFor({ timeout: 30_000 });
    // train.py wrote its epochs where HAI_METRICS_FILE pointed: the job's own folder, not the shared file.
    const jobsDir = path.join(wb.workspace, '.hai', 'jobs');
    const own = readdirSync(jobsDir).filter((d) => d.startsWith('demo-jet-tagger-') && existsSync(path.join(jobsDir, d, 'metrics.jsonl')));
    assert.equal(own.length, 1, `one demo run with its own metrics: ${own.join(', ')}`);
    const metrics = readFileSync(path.join(jobsDir, own[0], 'metrics.jsonl'), 'utf8').trim().split('\n');
    assert.equal(metrics.length, 30);
    assert.equal(JSON.parse(metrics[29]).epoch, 30);
    assert.ok(!existsSync(path.join(wb.workspace, 'metrics.jsonl')));
    await until(async () => ((await points()) >= 30 ? true : undefined), 'the metrics view has all 30 epochs');
    // The finished job lists the outputs its spec names.
    await rows.filter({ hasText: /demo-jet-tagger\s*completed/ }).locator('.monaco-tl-twistie').click();
    // The output under the job (level 2): the Data view may list the new checkpoint too, at level 1.
    await rows.and(page.locator('[aria-level="2"]')).filter({ hasText: /^jet_tagger\.pt/ }).waitFor();
    await runCommandAndPick(page, 'HAI: Open Job Metrics', 'demo-jet-tagger');
    const final = await webviewFrame(page, 'Training metrics');
    await until(async () => (Number((await final.locator('body').getAttribute('data-points')) ?? '0') >= 30 ? true : undefined), 'the metrics view shows the finished job');
    await page.screenshot({ path: screenshotPath('jobs.png') });
  });

  it('writes a ParT-on-JetClass job from its template, with the authors’ command line, ready to submit', async () => {
    const { page } = wb;
    // A webview that is still loading takes the focus a moment later, which closes a quick pick.
    await runCommand(page, 'View: Close All Editors');
    await page.locator('iframe.webview').first().waitFor({ state: 'detached' });
    await runCommand(page, 'HAI: New Training Job from Template…');
    await pickQuickItem(page, 'Particle Transformer (ParT)');
    await pickQuickItem(page, 'JetClass');
    await pickQuickItem(page, 'full');
    await pickQuickItem(page, '2 GPUs');
    // The data folder: no hub download here, so the authors' default.
    const input = page.locator('.quick-input-widget input');
    await until(async () => ((await input.inputValue()) === './datasets/JetClass' ? true : undefined), 'the default data folder is offered');
    await input.press('Enter');
    const file = path.join(wb.workspace, 'ParT-JetClass-full.hai-job.yaml');
    await until(async () => (existsSync(file) ? true : undefined), 'the spec file is written');
    const text = readFileSync(file, 'utf8');
    assert.match(text, /torchrun --standalone --nnodes=1 --nproc_per_node=2 "\$\(which weaver\)" --backend nccl/);
    assert.match(text, /HToBB:\.\/datasets\/JetClass\/Pythia\/train_100M\/HToBB_\*\.root/);
    await page.locator('.codelens-decoration', { hasText: 'Submit Training Job' }).first().waitFor();
    // The written spec has no problem; a field the schema does not know gets a squiggle at once.
    assert.equal(await page.locator('.monaco-editor .squiggly-error').count(), 0);
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\ncolour: blue');
    await page.locator('.monaco-editor .squiggly-error').first().waitFor();
  });

  it('shows an alias bomb in a spec as a problem, and the spec editor keeps working', async () => {
    const { page } = wb;
    const lines = ['name: bomb', 'command: [true]', 'x0: &a0 ["lol"]'];
    for (let i = 1; i <= 9; i++) lines.push(`x${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]`);
    writeFileSync(path.join(wb.workspace, 'bomb.hai-job.yaml'), lines.join('\n') + '\n');
    await quickOpen(page, 'bomb.hai-job.yaml');
    await page.locator('.monaco-editor .squiggly-error').first().waitFor();
    await runCommand(page, 'View: Toggle Problems');
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'too many aliases' }).first().waitFor();
  });

  it('plots the scalars a script writes with TensorBoard, as it writes them, along their steps', async () => {
    const { page } = wb;
    // A job that writes a TensorBoard event file where PyTorch's SummaryWriter() puts it
    // (runs/<date>_<host>/events.out.tfevents.<time>.<host>.<pid>.0), a piece at a time as a writer
    // flushes: the bytes of the committed fixture (see its README). It stops halfway until the test has
    // seen the first steps drawn (the file tb_go appears), so that "as it writes them" is seen under any load.
    const fixture = path.join(ROOT, 'test/fixtures/tensorboard/torch/events.out.tfevents.1764583200.node1.4242.0');
    writeFileSync(
      path.join(wb.workspace, 'tb_writer.py'),
      [
        'import os, socket, sys, time',
        'data = open(sys.argv[1], "rb").read()',
        'host = socket.gethostname()',
        'folder = os.path.join("runs", time.strftime("%b%d_%H-%M-%S") + "_" + host)',
        'os.makedirs(folder, exist_ok=True)',
        'name = "events.out.tfevents.%010d.%s.%d.0" % (time.time(), host, os.getpid())',
        'with open(os.path.join(folder, name), "wb") as out:',
        '    for at in range(0, len(data), 512):',
        '        if at == len(data) // 1024 * 512:',
        '            waited = 0',
        '            while not os.path.exists("tb_go") and waited < 600: time.sleep(0.1); waited += 1',
        '        out.write(data[at:at + 512]); out.flush(); time.sleep(0.4)',
        'print("wrote", name)',
      ].join('\n') + '\n',
    );
    writeFileSync(path.join(wb.workspace, 'tb.hai-job.yaml'), ['name: tb-writer', 'backend: local', 'workdir: .', `command: [python3, tb_writer.py, ${JSON.stringify(fixture)}]`].join('\n') + '\n');
    await runCommand(page, 'View: Close All Editors');
    await runCommand(page, 'HAI: Submit Training Job');
    await pickQuickItem(page, 'tb.hai-job.yaml');
    await pickQuickItem(page, 'This machine');
    await pickQuickItem(page, 'Submit');
    const rows = page.locator('.sidebar .monaco-list-row');
    await rows.filter({ hasText: /tb-writer\s*(running|completed)/ }).waitFor({ timeout: 30_000 });
    await runCommandAndPick(page, 'HAI: Open Job Metrics', 'tb-writer');
    const view = await webviewFrame(page, 'Training metrics');
    const points = async (): Promise<number> => Number((await view.locator('body').getAttribute('data-points')) ?? '0');
    // The demo run of the first test is ticked too: untick it, so that only this run's steps count.
    await view.locator('label.run', { hasText: 'tb-writer' }).waitFor();
    const others = view.locator('label.run', { hasNotText: 'tb-writer' }).locator('input:checked');
    while ((await others.count()) > 0) await others.first().click();
    await view.locator('.u-legend', { hasText: 'Loss/train' }).first().waitFor({ timeout: 60_000 });
    const growing = await until(async () => ((await points()) > 0 ? points() : undefined), 'the first steps are drawn', 60_000);
    assert.ok(growing < 100, `only the first half of the file is written, yet ${growing} steps are drawn`);
    writeFileSync(path.join(wb.workspace, 'tb_go'), '');
    await until(async () => ((await points()) > growing ? true : undefined), 'the curves grow as the file does', 60_000);
    await rows.filter({ hasText: /tb-writer\s*completed/ }).waitFor({ timeout: 60_000 }).catch((err: Error) => {
      throw new Error(`${err.message}\njob logs:\n${jobLogs(wb.workspace)}`);
    });
    await until(async () => ((await points()) === 100 ? true : undefined), 'all 100 steps are drawn');
    await view.locator('.u-legend', { hasText: 'Loss/val' }).first().waitFor();
    await view.locator('.u-legend', { hasText: 'Accuracy/train' }).first().waitFor();
    await view.locator('.u-title', { hasText: /^Loss$/ }).first().waitFor();
    await view.locator('.u-legend .u-series', { hasText: /^step/ }).first().waitFor(); // the x of TensorBoard's scalars
    await page.screenshot({ path: screenshotPath('metrics-tensorboard.png') });
  });

  it('opens a folder of training logs written outside HAI, each folder of log files a run', async () => {
    const { page } = wb;
    // Keras's layout: logs/fit/<time>/train and …/validation, one writer each (the committed fixtures).
    for (const [part, file] of [
      ['train', 'events.out.tfevents.1764583200.node1.77.0.v2'],
      ['validation', 'events.out.tfevents.1764583200.node1.77.1.v2'],
    ]) {
      const dir = path.join(wb.workspace, 'logs', 'fit', '20251201-100000', part);
      mkdirSync(dir, { recursive: true });
      copyFileSync(path.join(ROOT, 'test/fixtures/tensorboard/keras', part, file), path.join(dir, file));
    }
    // And an Ultralytics run beside them, without TensorBoard: its results.csv (the committed fixture).
    mkdirSync(path.join(wb.workspace, 'logs', 'detect', 'train'), { recursive: true });
    copyFileSync(path.join(ROOT, 'test/fixtures/csv-logs/ultralytics/results.csv'), path.join(wb.workspace, 'logs', 'detect', 'train', 'results.csv'));
    // And a run whose event file was damaged (a byte flipped in its 11th record).
    const broken = readFileSync(path.join(ROOT, 'test/fixtures/tensorboard/torch/events.out.tfevents.1764583200.node1.4242.0'));
    broken[800] ^= 0xff;
    mkdirSync(path.join(wb.workspace, 'logs', 'broken'), { recursive: true });
    writeFileSync(path.join(wb.workspace, 'logs', 'broken', 'events.out.tfevents.1764583200.node1.4242.0'), broken);
    await runCommandAndPick(page, 'HAI: Open Training Logs…', 'logs');
    const view = await webviewFrame(page, 'Training metrics');
    const runs = view.locator('label.run', { hasText: /^logs\/(fit\/20251201-100000\/(train|validation)|detect\/train|broken) \(log folder\)$/ });
    await until(async () => ((await runs.count()) === 4 ? true : undefined), 'the four folders are listed as runs');
    assert.equal(await runs.locator('input:checked').count(), 4, 'and ticked');
    // Under the runs, what the damaged one could not read, in words.
    await view.locator('.problem', { hasText: /^logs\/broken: events\.out\.tfevents\.1764583200\.node1\.4242\.0 is damaged in its record at byte \d+: the (data|length) of a record does not match its checksum\. Its curves end there\.$/ }).waitFor();
    // Each ticked run has a colour of its own; the colours of the runs unticked here are given back.
    const colourOf = (name: RegExp) => view.locator('label.run', { hasText: name }).locator('.swatch').evaluate((el) => (el as HTMLElement).style.background);
    const swatches = view.locator('label.run', { hasNotText: /^logs\/(fit|detect)/ }).locator('.swatch');
    const givenBack = new Set(await swatches.evaluateAll((els) => els.map((el) => (el as HTMLElement).style.background).filter((c) => c !== '')));
    const others = view.locator('label.run', { hasNotText: /^logs\/(fit|detect)/ }).locator('input:checked');
    while ((await others.count()) > 0) await others.first().click();
    // Five steps of each Keras folder, ten epochs of the Ultralytics run (in charts of their own).
    await until(async () => (Number((await view.locator('body').getAttribute('data-points')) ?? '0') === 20 ? true : undefined), 'every point of the three runs');
    await view.locator('.u-legend', { hasText: 'logs/fit/20251201-100000/validation · epoch_loss' }).first().waitFor();
    await view.locator('.u-legend', { hasText: 'logs/detect/train · metrics/mAP50(B)' }).first().waitFor();
    await view.locator('.u-title', { hasText: 'Accuracy and validation metrics · epoch' }).first().waitFor();
    await page.screenshot({ path: screenshotPath('training-logs.png') });
    // The three runs still ticked keep three colours of their own; the unticked ones have none.
    const shown = [/^logs\/fit\/20251201-100000\/train /, /^logs\/fit\/20251201-100000\/validation /, /^logs\/detect\/train /];
    const before = await Promise.all(shown.map(colourOf));
    assert.equal(new Set(before).size, 3, `three colours: ${before.join(', ')}`);
    assert.equal(await colourOf(/^logs\/broken /), '');
    // Unticked, a run gives its colour back for the next run ticked.
    givenBack.add(before[2]);
    await view.locator('label.run', { hasText: /^logs\/detect\/train / }).locator('input').click();
    await until(async () => ((await colourOf(/^logs\/detect\/train /)) === '' ? true : undefined), 'the unticked run has no colour');
    // A run that starts later in the opened folder joins the list (looked for every few seconds), ticked.
    const late = path.join(wb.workspace, 'logs', 'late');
    mkdirSync(late);
    copyFileSync(path.join(ROOT, 'test/fixtures/tensorboard/torch/events.out.tfevents.1764583200.node1.4242.0'), path.join(late, 'events.out.tfevents.1764583300.node1.4243.0'));
    const lateRun = view.locator('label.run', { hasText: /^logs\/late \(log folder\)$/ });
    await lateRun.waitFor({ timeout: 30_000 });
    assert.equal(await lateRun.locator('input:checked').count(), 1);
    // The runs still shown keep their colours, wherever the new run is listed; it takes one of the
    // colours given back (the first free in the palette: which run had it depends on the order the
    // folders were read in).
    assert.deepEqual(await Promise.all(shown.slice(0, 2).map(colourOf)), before.slice(0, 2));
    const lateColour = await colourOf(/^logs\/late /);
    assert.ok(givenBack.has(lateColour) && !before.slice(0, 2).includes(lateColour), `${lateColour} is one of ${[...givenBack].join(', ')}`);
    // runs/, where the TensorBoard job of the test before wrote, opened as a log folder: its one
    // folder is that job's, shown (and ticked) as the job, not a second time under its path.
    await runCommandAndPick(page, 'HAI: Open Training Logs…', 'runs');
    await view.locator('label.run', { hasText: 'tb-writer' }).locator('input:checked').waitFor({ timeout: 30_000 });
    assert.equal(await view.locator('label.run', { hasText: /^runs\// }).count(), 0);
  });

  it('shows the opened log folders again when the view is closed and opened again, until one is removed', async () => {
    const { page } = wb;
    await runCommand(page, 'View: Close All Editors');
    await page.locator('.tabs-container .tab', { hasText: 'Training metrics' }).waitFor({ state: 'detached' });
    // Opened again for runs/ only: logs/ is remembered for this workspace, its runs listed, ticked as they were.
    await runCommandAndPick(page, 'HAI: Open Training Logs…', 'runs');
    const view = await webviewFrame(page, 'Training metrics');
    const folders = view.locator('#folders .folder');
    await until(async () => ((await folders.allInnerTexts()).map((t) => t.replace(/\s*×$/, '')).join(' ') === 'logs runs' ? true : undefined), 'both log folders are shown');
    const logsRuns = view.locator('label.run', { hasText: /^logs\// });
    await until(async () => ((await logsRuns.count()) === 5 ? true : undefined), "logs/'s five runs are listed again");
    const ticked = view.locator('label.run', { has: view.locator('input:checked'), hasText: /^logs\// });
    assert.deepEqual((await ticked.allInnerTexts()).map((t) => t.replace(/ \(log folder\)$/, '')).sort(), ['logs/fit/20251201-100000/train', 'logs/fit/20251201-100000/validation', 'logs/late']);
    await view.locator('label.run', { hasText: 'tb-writer' }).locator('input:checked').waitFor();
    // Removed from the view: its runs go, the job stays, and it is not shown again.
    await view.locator('#folders .folder[data-root$="/logs"] button').click();
    await logsRuns.first().waitFor({ state: 'detached' });
    assert.deepEqual(await folders.allInnerTexts().then((t) => t.map((x) => x.replace(/\s*×$/, ''))), ['runs']);
    await view.locator('label.run', { hasText: 'tb-writer' }).waitFor();
    assert.ok(existsSync(path.join(wb.workspace, 'logs', 'late')), 'the files stay');
    await runCommand(page, 'View: Close All Editors');
    await page.locator('.tabs-container .tab', { hasText: 'Training metrics' }).waitFor({ state: 'detached' });
    await runCommandAndPick(page, 'HAI: Open Training Logs…', 'runs');
    const again = await webviewFrame(page, 'Training metrics');
    await again.locator('label.run', { hasText: 'tb-writer' }).locator('input:checked').waitFor();
    await again.locator('#folders .folder', { hasText: 'runs' }).waitFor();
    assert.equal(await again.locator('label.run', { hasText: /^logs\// }).count(), 0);
    assert.equal(await again.locator('#folders .folder').count(), 1);
  });

  it('draws the metrics without any Content-Security-Policy violation', () => {
    const violations = wb.console.filter((line) => /Content Security Policy|Refused to/i.test(line));
    assert.deepEqual(violations, []);
  });
});
