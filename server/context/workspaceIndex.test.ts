import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { queryWords } from './similarChunks';
import { WorkspaceIndex } from './workspaceIndex';

const LOADER = `import uproot


def load_run(path):
    jets = uproot.open(path)["Events"].arrays(["jet_pt", "jet_eta", "jet_phi"])
    calibrated = apply_energy_scale_correction(jets, run_period="2018B")
    return calibrated[calibrated.jet_pt > 30]
`;

/** The code at the cursor: like the loader's, in another file. */
const QUERY = queryWords('import uproot\n\n\ndef read_events(path):\n    jets = uproot.open(path)["Events"].arrays(["jet_pt", "jet_eta", "jet_phi"])\n    calibrated = ');

describe('workspace index (similar chunks of files that are not open)', () => {
  let root: string;
  let index: WorkspaceIndex;
  const file = (f: string) => path.join(root, f);
  const write = (f: string, text: string) => {
    mkdirSync(path.dirname(file(f)), { recursive: true });
    writeFileSync(file(f), text);
  };
  const found = () => index.search(QUERY, 4, 0.1, () => false).map((c) => path.relative(root, c.file).split(path.sep).join('/'));

  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'hai-index-'));
    index = new WorkspaceIndex();
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('finds the chunk like the code at the cursor in a Python file of the workspace, and only in files a project would call its own', async () => {
    write('jets/loader.py', LOADER);
    write('jets/plots.py', 'import matplotlib.pyplot as plt\n\n\ndef draw(histogram):\n    plt.stairs(histogram.values(), histogram.axes[0].edges)\n');
    // Copies of the same code where a project keeps what is not its own.
    for (const where of ['.git/loader.py', '.venv/lib/loader.py', 'node_modules/x/loader.py', 'jets/__pycache__/loader.py', 'build/lib/jets/loader.py'])
      write(where, LOADER);
    write('env/pyvenv.cfg', 'home = /usr/bin\n');
    write('env/lib/python3.11/loader.py', LOADER);
    write('notes/loader.txt', LOADER);
    write('jets/huge.py', LOADER + '# padding\n'.repeat(30_000));
    await index.setRoots([root]);
    assert.deepEqual(found(), ['jets/loader.py']);
    const [best] = index.search(QUERY, 4, 0.1, () => false);
    assert.ok(best.text.includes('apply_energy_scale_correction(jets, run_period="2018B")'), best.text);
    assert.ok(best.score > 0.3 && best.score <= 1, String(best.score));
    assert.equal(index.fileCount, 2, 'loader.py and plots.py');
    assert.equal(index.busy, false);
  });

  it('offers a found chunk with the lines after it: what followed the code most like the cursor\'s', async () => {
    // The loader first, then 20 lines of other work: the window the query finds is the file's first.
    const more = Array.from({ length: 20 }, (_, i) => `histogram_${i} = fill_histogram(calibrated_${i}, bins=${i + 10})`).join('\n');
    write('jets/loader.py', `${LOADER}\n${more}\n`);
    await index.setRoots([root]);
    const [best] = index.search(QUERY, 4, 0.1, () => false);
    assert.equal(best.line, 0);
    const lines = best.text.split('\n');
    assert.equal(lines[0], LOADER.split('\n')[4], 'the window moved 4 lines down');
    // The window is lines 0–15 (the loader, a blank line, histogram_0 to _7); 16–19 come after it.
    assert.ok(lines.includes('histogram_10 = fill_histogram(calibrated_10, bins=20)'), 'the lines after the window are offered');
  });

  it('leaves out the files the caller names (the document itself, files whose open text is ranked instead)', async () => {
    write('jets/loader.py', LOADER);
    write('jets/old/loader_2017.py', LOADER.replace('2018B', '2017F'));
    await index.setRoots([root]);
    const others = index.search(QUERY, 4, 0.1, (f) => f === file('jets/loader.py'));
    assert.deepEqual(
      others.map((c) => path.relative(root, c.file)),
      [path.join('jets', 'old', 'loader_2017.py')],
    );
  });

  it('follows the files as they change on disk: edited, created, deleted; files outside the folders are not read', async () => {
    write('jets/loader.py', LOADER);
    await index.setRoots([root]);
    write('jets/loader.py', LOADER.replace('apply_energy_scale_correction', 'apply_jet_smearing'));
    utimesSync(file('jets/loader.py'), new Date(), new Date(Date.now() + 5_000)); // a new mtime, whatever the file system's resolution
    write('jets/reader.py', LOADER.replace('load_run', 'read_run'));
    const outside = mkdtempSync(path.join(os.tmpdir(), 'hai-outside-'));
    writeFileSync(path.join(outside, 'loader.py'), LOADER);
    try {
      await index.reindex([file('jets/loader.py'), file('jets/reader.py'), path.join(outside, 'loader.py')]);
      const texts = index.search(QUERY, 4, 0.1, () => false).map((c) => c.text);
      assert.equal(texts.length, 2, 'the edited file and the new one, not the one outside the workspace');
      assert.ok(texts.some((t) => t.includes('apply_jet_smearing')) && texts.some((t) => t.includes('read_run')));
      assert.ok(!texts.some((t) => t.includes('load_run') && t.includes('apply_energy_scale_correction')), 'the old text is gone');
      unlinkSync(file('jets/reader.py'));
      await index.reindex([file('jets/reader.py')]);
      assert.deepEqual(found(), ['jets/loader.py']);
      assert.equal(index.fileCount, 1);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('finds the same after many edits of a large file as after the first (dead chunks dropped from the postings)', async () => {
    const filler = Array.from({ length: 4_000 }, (_, i) => `value_${i} = compute_${i % 97}(value_${i - 1})`).join('\n');
    write('jets/big.py', filler + '\n\n' + LOADER);
    await index.setRoots([root]);
    for (let edit = 1; edit <= 12; edit++) {
      write('jets/big.py', `# edit ${edit}\n` + filler + '\n\n' + LOADER);
      utimesSync(file('jets/big.py'), new Date(), new Date(Date.now() + edit * 5_000));
      await index.reindex([file('jets/big.py')]);
    }
    const fresh = new WorkspaceIndex();
    await fresh.setRoots([root]);
    const best = index.search(QUERY, 4, 0.1, () => false);
    assert.deepEqual(best, fresh.search(QUERY, 4, 0.1, () => false));
    assert.ok(best[0].text.includes('apply_energy_scale_correction'), best[0].text);
    assert.equal(index.fileCount, 1);
  });

  it('says it is busy while it reads, and indexes the same folders again once cleared (similar chunks turned off and on)', async () => {
    write('jets/loader.py', LOADER);
    const scan = index.setRoots([root]);
    assert.equal(index.busy, true);
    await scan;
    assert.equal(index.busy, false);
    index.clear();
    assert.equal(index.fileCount, 0);
    await index.setRoots([root]);
    assert.deepEqual(found(), ['jets/loader.py']);
  });

  it('keeps only the newest folders when they change while a walk is going on', async () => {
    for (let i = 0; i < 20; i++) write(`a/loader_${i}.py`, LOADER.replace('load_run', `load_run_${i}`));
    write('b/reader.py', LOADER.replace('load_run', 'read_run'));
    void index.setRoots([file('a')]);
    // Halfway through a's files (a file may be being read right now): b's folders take over.
    while (index.fileCount < 5) await new Promise((resolve) => setImmediate(resolve));
    await index.setRoots([file('b')]);
    assert.deepEqual(found(), ['b/reader.py']);
    assert.equal(index.fileCount, 1);
  });

  it('ignores changes where a walk never goes (hidden folders, build output, a Python environment made after the walk)', async () => {
    write('jets/loader.py', LOADER);
    await index.setRoots([root]);
    write('.venv/lib/loader.py', LOADER);
    write('build/lib/loader.py', LOADER);
    write('env2/pyvenv.cfg', 'home = /usr/bin\n');
    write('env2/lib/python3.11/site/loader.py', LOADER);
    await index.reindex([file('.venv/lib/loader.py'), file('build/lib/loader.py'), file('env2/lib/python3.11/site/loader.py'), file('env2')]);
    assert.deepEqual(found(), ['jets/loader.py']);
  });

  it('drops a deleted folder\'s files and reads a renamed folder under its new name (editors report folders, not their files)', async () => {
    write('jets/old/loader.py', LOADER);
    write('jets/old/deep/reader.py', LOADER.replace('load_run', 'read_run'));
    write('jets/keep.py', LOADER.replace('load_run', 'keep_run'));
    await index.setRoots([root]);
    assert.equal(index.fileCount, 3);
    renameSync(file('jets/old'), file('jets/new'));
    await index.reindex([file('jets/old'), file('jets/new')]);
    assert.deepEqual(found().sort(), ['jets/keep.py', 'jets/new/deep/reader.py', 'jets/new/loader.py']);
    rmSync(file('jets/new'), { recursive: true });
    await index.reindex([file('jets/new')]);
    assert.deepEqual(found(), ['jets/keep.py']);
  });

  it('stays within its bounds, says so once in the log, and a folder too full to list does not stop the walk', async () => {
    const logged: string[] = [];
    for (let i = 0; i < 10; i++) write(`a_data/loader_${i}.py`, LOADER.replace('load_run', `load_run_${i}`));
    write('b_code/reader.py', LOADER.replace('load_run', 'read_run'));
    index = new WorkspaceIndex((m) => logged.push(m), { entriesPerFolder: 3 });
    await index.setRoots([root]);
    assert.equal(index.fileCount, 3 + 1, 'three entries of the full folder, then the next folder');
    assert.ok(found().includes('b_code/reader.py'));
    assert.equal(logged.length, 1);
    assert.match(logged[0], /stopped early \(.*a_data has more than 3 entries\)/);

    rmSync(root, { recursive: true, force: true });
    mkdirSync(root);
    write('one.py', LOADER);
    write('two.py', LOADER.replace('load_run', 'read_run'));
    index = new WorkspaceIndex(() => undefined, { totalChars: 2 * LOADER.length + 10 });
    await index.setRoots([root]);
    assert.equal(index.fileCount, 2);
    // A file that grows past what is left is dropped rather than let the index grow past its bound.
    write('two.py', LOADER + LOADER);
    utimesSync(file('two.py'), new Date(), new Date(Date.now() + 5_000));
    await index.reindex([file('two.py')]);
    assert.deepEqual(found(), ['one.py']);
  });

  it('indexes new folders only, and nothing after clear(); a link back to a parent folder is not followed', async () => {
    write('a/loader.py', LOADER);
    write('b/reader.py', LOADER.replace('load_run', 'read_run'));
    symlinkSync(root, file('a/loop'), 'junction'); // a directory link on Windows without privileges; a plain one elsewhere
    await index.setRoots([file('a')]);
    assert.deepEqual(found(), ['a/loader.py']);
    await index.setRoots([file('b')]);
    assert.deepEqual(found(), ['b/reader.py']);
    index.clear();
    assert.deepEqual(found(), []);
    assert.equal(index.fileCount, 0);
  });
});
