import * as assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { lineQuery } from './repeatedLines';
import { SETTLE_MS } from './settledEdits';
import { type OpenDocument, WorkspaceContext } from './workspaceContext';

const MODEL = `import torch.nn as nn


class JetTagger(nn.Module):
    """Particle-cloud tagger."""

    def __init__(self, num_classes):
        super().__init__()

    def forward(self, points, features):
        return features


def unused_helper(x):
    return x
`;

/** Waits until prepare() has done its idle-time work too (cutting open documents, counting, indexing the folders). */
async function idle(context: WorkspaceContext): Promise<void> {
  const busy = () => context.status().preparing > 0 || context.status().indexing;
  for (let i = 0; i < 400 && busy(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  assert.equal(busy(), false, 'prepare() and indexing finished within 2 s');
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits, 3 s at most, for what an idle-time reading makes true. */
async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 300 && !condition(); i++) await pause(10);
  assert.ok(condition(), `${what} within 3 s`);
}

const TRAIN_OLD = `for epoch in range(epochs):
    for points, features, labels in loader:
        optimizer.zero_grad()
        logits = tagger(points, features)
        loss = criterion(logits, labels)
        loss.backward()
        optimizer.step()
`;

describe('workspace context (imports and similar chunks of the user’s project)', () => {
  let root: string;
  let open: OpenDocument[];
  let context: WorkspaceContext;
  const uriOf = (f: string) => pathToFileURL(path.join(root, f)).href;
  const write = (f: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
    writeFileSync(path.join(root, f), text);
  };

  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'hai-context-'));
    write('jets/model.py', MODEL);
    write('jets/train.py', '');
    open = [];
    context = new WorkspaceContext(() => open);
    context.setRoots([root]);
    context.setSources('all');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const TRAIN = 'import torch\nfrom .model import JetTagger\n\ntagger = JetTagger(10)\nfor points, features, labels in loader:\n    logits = tagger(';

  it('gives the definitions of imported names once prepared, with the path relative to the workspace', async () => {
    const uri = uriOf('jets/train.py');
    assert.deepEqual(context.pieces(uri, TRAIN), [], 'nothing before prepare(): a request never waits for the disk');
    const before = context.generation(uri);
    await context.prepare(uri, TRAIN);
    assert.equal(context.generation(uri), before + 1);
    const pieces = context.pieces(uri, TRAIN);
    assert.deepEqual(pieces.filter((p) => p.kind === 'definition'), [
      {
        kind: 'definition',
        file: 'jets/model.py',
        text: 'class JetTagger(nn.Module):\n    """Particle-cloud tagger."""\n    def __init__(self, num_classes): ...\n    def forward(self, points, features): ...',
      },
    ]);
    assert.equal(context.displayPath(uri), 'jets/train.py');
  });

  it('reads a changed module again at the next prepare()', async () => {
    const uri = uriOf('jets/train.py');
    await context.prepare(uri, TRAIN);
    write('jets/model.py', MODEL.replace('JetTagger', 'JetTaggerV2').replace('from .model', ''));
    utimesSync(path.join(root, 'jets/model.py'), new Date(), new Date(Date.now() + 5000));
    await context.prepare(uri, TRAIN.replace(/JetTagger/g, 'JetTaggerV2'));
    assert.ok(context.pieces(uri, TRAIN).some((p) => p.text.startsWith('class JetTaggerV2')));
  });

  it('ranks chunks of open and recently closed files by similarity, the most similar nearest the cursor', async () => {
    const uri = uriOf('jets/train.py');
    rmSync(path.join(root, 'jets', 'model.py')); // this test is about open files: no other file on disk
    await context.indexed();
    open = [
      { uri: uriOf('jets/train_old.py'), languageId: 'python', version: 1, text: TRAIN_OLD },
      { uri: uriOf('notes.md'), languageId: 'markdown', version: 1, text: TRAIN_OLD },
      { uri, languageId: 'python', version: 1, text: TRAIN },
    ];
    assert.deepEqual(context.pieces(uri, TRAIN), [], 'nothing before prepare(): a request never cuts documents itself');
    context.setSources('similar');
    await context.prepare(uri, TRAIN);
    await idle(context);
    const similar = context.pieces(uri, TRAIN).filter((p) => p.kind === 'similar');
    assert.deepEqual(similar.map((p) => p.file), ['jets/train_old.py'], 'not the file itself, not a markdown file');
    assert.ok(similar[0].text.includes('logits = tagger(points, features)'));
    // Closed, it stays a candidate for a while.
    context.forget(open[0].uri, open[0].text);
    open = [];
    assert.deepEqual(context.pieces(uri, TRAIN).map((p) => p.file), ['jets/train_old.py']);
    // With imports read, the imported module's code is a candidate too; the old loop is still the most similar.
    write('jets/model.py', MODEL);
    context.setSources('all');
    await context.prepare(uri, TRAIN);
    const all = context.pieces(uri, TRAIN).filter((p) => p.kind === 'similar');
    assert.deepEqual(all.map((p) => p.file), ['jets/model.py', 'jets/train_old.py']);
  });

  it('offers chunks of the workspace folders\' files that are not open, as they are on disk; an open file as the editor has it; never the file itself', async () => {
    const uri = uriOf('jets/train.py');
    write('jets/train.py', TRAIN_OLD); // the document's saved text: never context for itself
    write('jets/old/train_2023.py', TRAIN_OLD.replace('criterion(logits, labels)', 'focal_loss(logits, labels, gamma=2.0)'));
    write('jets/edited.py', TRAIN_OLD.replace('criterion(logits, labels)', 'saved_loss(logits, labels)'));
    context.setSources('similar');
    open = [{ uri: uriOf('jets/edited.py'), languageId: 'python', version: 3, text: TRAIN_OLD.replace('criterion(logits, labels)', 'unsaved_loss(logits, labels)') }];
    await context.prepare(uri, TRAIN);
    await idle(context);
    assert.equal(context.status().indexedFiles, 4, 'model.py, train.py, old/train_2023.py, edited.py');
    const similar = context.pieces(uri, TRAIN);
    assert.deepEqual(similar.map((p) => p.file).sort(), ['jets/edited.py', 'jets/model.py', 'jets/old/train_2023.py']);
    assert.ok(similar.some((p) => p.text.includes('focal_loss(logits, labels, gamma=2.0)')), 'the file that is not open, from disk');
    assert.ok(similar.some((p) => p.text.includes('unsaved_loss')) && !similar.some((p) => /\bsaved_loss\(/.test(p.text)), 'the open file from the editor');
    // Saved elsewhere (a checkout, another editor): the editor's file watcher says so, the next ranking has it.
    write('jets/old/train_2023.py', TRAIN_OLD.replace('criterion(logits, labels)', 'dice_loss(logits, labels)'));
    utimesSync(path.join(root, 'jets', 'old', 'train_2023.py'), new Date(), new Date(Date.now() + 5_000));
    context.filesChanged([path.join(root, 'jets', 'old', 'train_2023.py')]);
    await idle(context);
    assert.ok(context.pieces(uri, TRAIN).some((p) => p.text.includes('dice_loss(logits, labels)')));
    // Similar chunks off: the index is dropped.
    context.setSources('imports');
    assert.equal(context.status().indexedFiles, 0);
  });

  it('finds the lines that followed a line in open files as the editor has them and in files on disk, never the file itself, and looks again when they change', async () => {
    const uri = uriOf('jets/train.py');
    write('jets/train.py', TRAIN_OLD.replace('criterion(logits, labels)', 'saved_self(logits, labels)'));
    write('jets/old/train_2023.py', TRAIN_OLD.replace('criterion(logits, labels)', 'focal_loss(logits, labels)'));
    write('jets/edited.py', TRAIN_OLD.replace('criterion(logits, labels)', 'saved_loss(logits, labels)'));
    context.setSources('similar');
    open = [{ uri: uriOf('jets/edited.py'), languageId: 'python', version: 3, text: TRAIN_OLD.replace('criterion(logits, labels)', 'unsaved_loss(logits, labels)') }];
    await context.prepare(uri, '');
    await idle(context);
    const query = lineQuery('for epoch in range(epochs):\n    for batch in loader:\n        logits = tagger(points, features)\n        ', '\n')!;
    const texts = () => context.followingLines(uri, query).map((f) => f.text);
    assert.deepEqual(texts(), ['loss = unsaved_loss(logits, labels)', 'loss = focal_loss(logits, labels)']);
    // The open file edited (a new version), a file on disk saved: the next lookup has them.
    open = [{ ...open[0], version: 4, text: TRAIN_OLD.replace('criterion(logits, labels)', 'edited_loss(logits, labels)') }];
    assert.deepEqual(texts(), ['loss = edited_loss(logits, labels)', 'loss = focal_loss(logits, labels)']);
    write('jets/old/train_2023.py', TRAIN_OLD.replace('criterion(logits, labels)', 'dice_loss(logits, labels)'));
    utimesSync(path.join(root, 'jets', 'old', 'train_2023.py'), new Date(), new Date(Date.now() + 5_000));
    context.filesChanged([path.join(root, 'jets', 'old', 'train_2023.py')]);
    await idle(context);
    assert.deepEqual(texts(), ['loss = edited_loss(logits, labels)', 'loss = dice_loss(logits, labels)']);
    // With the workspace context off, other files are not looked at.
    context.setSources('off');
    assert.deepEqual(texts(), []);
  });

  it('offers the document\'s own lines above the prompt\'s window where they are like the code at the cursor, under its own path', async () => {
    const uri = uriOf('jets/train.py');
    rmSync(path.join(root, 'jets', 'model.py'));
    context.setSources('similar');
    await context.prepare(uri, TRAIN);
    await idle(context);
    // Far above the window: the training loop written once already, then unrelated code.
    const unrelated = Array.from({ length: 40 }, (_, i) => `config_${i} = read_config("section_${i}")`).join('\n');
    const earlier = `import torch\n\n${TRAIN_OLD}\n${unrelated}\n`;
    const pieces = context.pieces(uri, TRAIN, earlier);
    const own = pieces.filter((p) => p.kind === 'earlier');
    assert.equal(own.length, 1, 'one chunk of the document\'s own earlier lines');
    assert.equal(own[0].file, 'jets/train.py');
    assert.ok(own[0].text.includes('logits = tagger(points, features)'), own[0].text);
    // Where its text starts in the text above the window (the chunk's lines moved 4 down): its place in the prompt.
    assert.equal(own[0].line, 4);
    assert.ok(own[0].text.startsWith(earlier.split('\n')[4]), own[0].text);
    // Without them (the window holds the whole document), the document is never its own context.
    assert.deepEqual(context.pieces(uri, TRAIN, ''), []);
    // Imports alone: no similar chunks, of other files or of the document.
    context.setSources('imports');
    assert.deepEqual(context.pieces(uri, TRAIN, earlier).filter((p) => p.kind !== 'definition'), []);
  });

  it('follows the sources setting', async () => {
    const uri = uriOf('jets/train.py');
    open = [{ uri: uriOf('jets/train_old.py'), languageId: 'python', version: 1, text: TRAIN_OLD }];
    await context.prepare(uri, TRAIN);
    await idle(context);
    context.setSources('imports');
    assert.deepEqual([...new Set(context.pieces(uri, TRAIN).map((p) => p.kind))], ['definition']);
    context.setSources('similar');
    assert.deepEqual([...new Set(context.pieces(uri, TRAIN).map((p) => p.kind))], ['similar']);
    context.setSources('off');
    assert.deepEqual(context.pieces(uri, TRAIN), []);
  });

  it('reads the names of the local modules a document names, as the editor has them when open (hai.completion.projectNames)', async () => {
    const uri = uriOf('jets/train.py');
    const text = 'import numpy as np\nfrom . import model\nfrom .model import JetTagger\nimport jets\nimport jets.model as jm\n\nnet = model.';
    write('jets/__init__.py', 'from .model import JetTagger\n');
    context.setSources('similar');
    await context.prepare(uri, text);
    assert.equal(context.memberNames(uri).size, 0, 'off until the setting says on');
    context.setNames(true);
    await context.prepare(uri, text);
    const names = context.memberNames(uri);
    assert.deepEqual([...names.keys()].sort(), ['jets', 'jm', 'model'], 'not numpy, not JetTagger (a class, not a module)');
    const model = names.get('model')!;
    for (const name of ['JetTagger', 'unused_helper', 'nn', '__file__']) assert.ok(model.includes(name), name);
    assert.ok(!model.includes('forward'), 'a method is no name of the module');
    assert.deepEqual(names.get('jm'), model);
    // A package: its own names and its submodules (`import jets.model` makes jets.model an attribute).
    for (const name of ['JetTagger', 'model', 'train']) assert.ok(names.get('jets')!.includes(name), name);
    // Open with a function not saved yet: the editor's text counts.
    open = [{ uri: uriOf('jets/model.py'), languageId: 'python', version: 2, text: `${MODEL}\ndef fresh_from_the_editor():\n    pass\n` }];
    await context.prepare(uri, text);
    assert.ok(context.memberNames(uri).get('model')!.includes('fresh_from_the_editor'));
    // Open with a syntax error (being edited): the names of the file as saved.
    open = [{ uri: uriOf('jets/model.py'), languageId: 'python', version: 3, text: `${MODEL}\nx = foo(\n` }];
    await context.prepare(uri, text);
    assert.ok(context.memberNames(uri).get('model')!.includes('unused_helper'));
    assert.ok(!context.memberNames(uri).get('model')!.includes('fresh_from_the_editor'));
    // Open with names its text does not say (a star import, unsaved): no list, not the saved one.
    open = [{ uri: uriOf('jets/model.py'), languageId: 'python', version: 4, text: `from .helpers import *\n${MODEL}` }];
    await context.prepare(uri, text);
    assert.ok(!context.memberNames(uri).has('model'));
    open = [];
    // Bound to something else in the document: no names.
    await context.prepare(uri, text.replace('net = model.', 'model = model.JetTagger(10)\nnet = model.'));
    assert.deepEqual([...context.memberNames(uri).keys()].sort(), ['jets', 'jm']);
    context.forget(uri);
    assert.equal(context.memberNames(uri).size, 0);
    context.setNames(false);
    await context.prepare(uri, text);
    assert.equal(context.memberNames(uri).size, 0);
  });

  it('gives no names where Python could find another thing than the file read: a package attribute, a sibling of a package run as one', async () => {
    context.setSources('similar');
    context.setNames(true);
    write('calo/__init__.py', 'from .settings import settings\n');
    write('calo/settings.py', 'settings = {"threshold": 0.5}\nTHRESHOLD = 0.5\n');
    write('calo/clusters.py', 'def merge(cells):\n    return cells\n');
    write('calo/logging.py', 'def log_event(e):\n    pass\n');
    const uri = uriOf('calo/reco.py');
    await context.prepare(uri, 'import logging\nfrom . import settings, clusters\n\nx = settings.');
    // `from . import settings` is the dict __init__.py binds; `import logging` in a package is the standard library's.
    assert.deepEqual([...context.memberNames(uri).keys()], ['clusters']);
    // An __init__.py that imports its own submodule (`from . import clusters`) leaves it the module; compiled submodules count.
    write('calo/__init__.py', 'from . import clusters\nfrom .settings import settings\n');
    write('calo/_fast.cpython-311-x86_64-linux-gnu.so', '');
    const pkgUser = uriOf('calo/reco2.py');
    await context.prepare(pkgUser, 'from . import settings, clusters\nimport calo\n\nx = clusters.');
    assert.deepEqual([...context.memberNames(pkgUser).keys()].sort(), ['calo', 'clusters']);
    for (const name of ['_fast', 'clusters', 'settings', 'logging']) assert.ok(context.memberNames(pkgUser).get('calo')!.includes(name), name);
    // A script folder (no __init__.py): `import logging` there is the file beside it, as `python script.py` runs it.
    write('scripts/logging.py', 'def log_event(e):\n    pass\n');
    const script = uriOf('scripts/run.py');
    await context.prepare(script, 'import logging\n\nlogging.');
    assert.ok(context.memberNames(script).get('logging')!.includes('log_event'));
  });

  it('lets only the first request after a document opens wait for the names, not a keystroke after a pause', async () => {
    context.setSources('similar');
    context.setNames(true);
    const uri = uriOf('jets/train.py');
    const text = 'from . import model\n\nnet = model.';
    const first = context.prepare(uri, text);
    await context.settled(uri, 2000);
    assert.ok(context.memberNames(uri).has('model'), 'the first request found the names read');
    await first;
    void context.prepare(uri, `${text}Jet`);
    const started = performance.now();
    await context.settled(uri, 2000);
    assert.ok(performance.now() - started < 5, 'a later request did not wait for the reading in progress');
    await idle(context);
  });

  it('reads the imports again once typing pauses where they changed, and follows an open module\'s edits in the lists of the documents that name it', async function () {
    this.timeout(10_000);
    context.setSources('imports');
    context.setNames(true);
    const uri = uriOf('jets/train.py');
    const moduleUri = uriOf('jets/model.py');
    const typed = (text: string, version: number): void => {
      open = [{ uri, languageId: 'python', version, text }, ...open.filter((d) => d.uri !== uri)];
      context.documentChanged(uri);
    };
    open = [{ uri, languageId: 'python', version: 1, text: 'import os\n\n' }];
    await context.prepare(uri, open[0].text);
    const prepared = context.generation(uri);
    // Typing below the imports reads nothing again.
    typed('import os\n\nx = 1\n', 2);
    await pause(SETTLE_MS + 200);
    await idle(context);
    assert.equal(context.generation(uri), prepared, 'no reading for an edit outside the import lines');
    // An import typed and used at once, the cursor never moved: read once typing pauses.
    typed('import os\nfrom . import model\n\nnet = model.', 3);
    typed('import os\nfrom . import model\n\nnet = model.Jet', 4);
    assert.equal(context.status().preparing, 0, 'nothing read while typing goes on');
    await until(() => context.memberNames(uri).has('model'), 'the names of model.py after the pause');
    assert.ok(context.generation(uri) > prepared, 'the imports were read again too');
    assert.ok(context.pieces(uri, 'net = model.').some((p) => p.kind === 'definition' && p.file === 'jets/model.py'), 'model.py\'s definitions in the context');
    // model.py open and edited: train.py's list follows it once typing pauses there; its imports are not read again.
    const before = context.generation(uri);
    open = [...open, { uri: moduleUri, languageId: 'python', version: 1, text: `${MODEL}\ndef fresh_from_the_editor():\n    pass\n` }];
    context.documentChanged(moduleUri);
    await until(() => context.memberNames(uri).get('model')!.includes('fresh_from_the_editor'), 'the edited module\'s new name in train.py\'s list');
    assert.equal(context.generation(uri), before);
    // Typing inside a function of model.py cannot change its names: train.py's list is not read again.
    const list = context.memberNames(uri);
    open = open.map((d) => (d.uri === moduleUri ? { ...d, version: 2, text: `${MODEL}\ndef fresh_from_the_editor():\n    return 42\n` } : d));
    context.documentChanged(moduleUri);
    await pause(SETTLE_MS + 200);
    await idle(context);
    assert.equal(context.memberNames(uri), list, 'the same list, not read again');
    // A function begun with a syntax error (`def train(model,`), its signature finished on an indented
    // line and its body typed: the binding lines stay the same, but the reading with the error lacked it.
    const editModule = (text: string, version: number): void => {
      open = open.map((d) => (d.uri === moduleUri ? { ...d, version, text } : d));
      context.documentChanged(moduleUri);
    };
    editModule(`${MODEL}\ndef train(model,\n`, 3);
    await pause(SETTLE_MS + 200);
    await idle(context);
    assert.ok(!context.memberNames(uri).get('model')!.includes('train'), 'not while the error swallows it');
    editModule(`${MODEL}\ndef train(model,\n          data):\n    return data\n`, 4);
    await until(() => context.memberNames(uri).get('model')!.includes('train'), 'the finished function in train.py\'s list');
    // A module imported before it exists: its names once the editor says the file was created.
    typed('import os\nfrom . import model, detector\n\nnet = model.', 5);
    await pause(SETTLE_MS + 200);
    await idle(context);
    assert.ok(context.memberNames(uri).has('model') && !context.memberNames(uri).has('detector'));
    write('jets/detector.py', 'def calibrate(hits):\n    return hits\n');
    context.filesChanged([path.join(root, 'jets/detector.py')]);
    await until(() => context.memberNames(uri).get('detector')?.includes('calibrate') === true, 'detector.py\'s names once it exists');
    // A name assigned on the module (a module used as a namespace), then used at once: in the list after the pause.
    typed('import os\nfrom . import model, detector\n\nmodel.batch_size = 64\nnet = model.', 6);
    await until(() => context.memberNames(uri).get('model')?.includes('batch_size') === true, 'the assigned name in model\'s list after the pause');
    // A closed document's pending pause reads nothing.
    typed('import os\nimport jets.model as jm\n', 7);
    context.forget(uri);
    await pause(SETTLE_MS + 200);
    await idle(context);
    assert.equal(context.generation(uri), 0);
    assert.equal(context.memberNames(uri).size, 0);
  });

  it('reads the data file a script names once typing pauses there, the path typed after the document opened', async function () {
    this.timeout(30_000);
    context.setNames(true);
    mkdirSync(path.join(root, 'data'));
    copyFileSync(path.join(__dirname, '..', '..', 'test', 'fixtures', 'data', 'root', 'uproot-HZZ.root'), path.join(root, 'data', 'hzz.root'));
    const uri = uriOf('met.py');
    const typed = (text: string, version: number): void => {
      open = [{ uri, languageId: 'python', version, text }];
      context.documentChanged(uri);
    };
    try {
      open = [{ uri, languageId: 'python', version: 1, text: 'import numpy as np\nimport uproot\n\n' }];
      await context.prepare(uri, open[0].text);
      assert.equal(context.dataFiles(uri).size, 0);
      // A new script: the file's path typed below the imports, then a name read from it; the cursor never moved.
      typed('import numpy as np\nimport uproot\n\nevents = uproot.open("data/hzz.root")["events"].arrays()\nmet = np.hypot(events.MET_px, events.', 2);
      await until(() => context.dataFiles(uri).has('data/hzz.root'), 'the keys of data/hzz.root after the pause');
      assert.ok(context.dataFiles(uri).get('data/hzz.root')!.nodes.get('events')?.includes('MET_py'));
      // Typing on, nothing new named: not read again.
      const keys = context.dataFiles(uri);
      typed('import numpy as np\nimport uproot\n\nevents = uproot.open("data/hzz.root")["events"].arrays()\nmet = np.hypot(events.MET_px, events.MET_py)\n', 3);
      await pause(SETTLE_MS + 200);
      await idle(context);
      assert.equal(context.dataFiles(uri), keys, 'the same keys, not read again');
    } finally {
      await context.dispose();
    }
  });

  it('gives an untitled document and one whose imports are not local no definitions, and never throws on bad files', async () => {
    await context.prepare('untitled:Untitled-1', TRAIN);
    assert.deepEqual(context.pieces('untitled:Untitled-1', TRAIN), []);
    write('jets/broken.py', 'def (:\n\x00\x01 class');
    const uri = uriOf('jets/train.py');
    await context.prepare(uri, 'import numpy\nfrom . import broken\nfrom .missing import x\n');
    assert.deepEqual(context.pieces(uri, 'x = ').filter((p) => p.kind === 'definition'), []);
  });
});

describe('workspace context: scripts and packages (relativeImports.ts)', () => {
  for (const sources of ['similar', 'off'] as const) {
    it(`tells a saved file outside any package once prepared, with the context ${sources}`, async () => {
      const root = mkdtempSync(path.join(os.tmpdir(), 'hai-context-'));
      try {
        const files = ['scripts/plot.py', 'scripts/load.py', 'frames/plot.py', 'frames/__init__.py', 'analysis/plot.py', 'later/plot.py', 'later/load.py'];
        for (const f of files) {
          mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
          writeFileSync(path.join(root, f), 'import numpy as np\n');
        }
        // A namespace package (no __init__.py): a module beside the file imports relatively.
        writeFileSync(path.join(root, 'analysis/load.py'), 'import os\n\nfrom .calibration import dark_frame\n');
        // Scripts that say "relative" only in prose, or under try: as a fallback, and a folder named like a module.
        writeFileSync(path.join(root, 'scripts/load.py'), '"""Read the frames\nfrom .npz files."""\ntry:\n    from .calib import dark\nexcept ImportError:\n    from calib import dark\n');
        mkdirSync(path.join(root, 'scripts/cache.py'));
        const context = new WorkspaceContext(() => []);
        context.setRoots([root]);
        context.setSources(sources);
        context.setNames(false);
        const uri = (f: string) => pathToFileURL(path.join(root, f)).href;
        for (const f of ['scripts/plot.py', 'frames/plot.py', 'scripts/unsaved.py', 'analysis/plot.py', 'later/plot.py']) await context.prepare(uri(f), 'import numpy as np\n');
        assert.equal(context.outsidePackage(uri('scripts/plot.py')), true, 'no __init__.py beside it: a script');
        assert.equal(context.outsidePackage(uri('frames/plot.py')), false, 'in a package');
        assert.equal(context.outsidePackage(uri('analysis/plot.py')), false, 'in a namespace package whose other module imports relatively');
        assert.equal(context.outsidePackage(uri('later/plot.py')), true);
        // A module of the folder now imports relatively: the editor says the file changed.
        writeFileSync(path.join(root, 'later/load.py'), 'from . import plot\n');
        context.filesChanged([path.join(root, 'later/load.py')]);
        await context.prepare(uri('later/plot.py'), 'import numpy as np\n');
        assert.equal(context.outsidePackage(uri('later/plot.py')), false, 'looked at again once a file of its folder changed');
        // The document's own head as the editor has it, before it is saved.
        await context.prepare(uri('scripts/plot.py'), 'import numpy as np\nfrom .frames import load\n');
        assert.equal(context.outsidePackage(uri('scripts/plot.py')), false, 'a module that imports relatively itself');
        await context.prepare(uri('scripts/plot.py'), 'import numpy as np\n');
        assert.equal(context.outsidePackage(uri('scripts/unsaved.py')), false, 'not on disk: nothing known');
        assert.equal(context.outsidePackage('untitled:Untitled-1'), false);
        context.forget(uri('scripts/plot.py'));
        assert.equal(context.outsidePackage(uri('scripts/plot.py')), false, 'forgotten when closed');
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    });
  }
});

describe('workspace context defaults', () => {
  it('offers similar chunks only, until told otherwise (the setting the evaluation chose)', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'hai-context-'));
    try {
      writeFileSync(path.join(root, 'model.py'), MODEL);
      const open: OpenDocument[] = [{ uri: pathToFileURL(path.join(root, 'old.py')).href, languageId: 'python', version: 1, text: TRAIN_OLD }];
      const context = new WorkspaceContext(() => open);
      context.setRoots([root]);
      const uri = pathToFileURL(path.join(root, 'train.py')).href;
      const text = 'from model import JetTagger\nfor points, features, labels in loader:\n    logits = tagger(';
      await context.prepare(uri, text);
      await idle(context);
      assert.deepEqual([...new Set(context.pieces(uri, text).map((p) => p.kind))], ['similar']);
      assert.equal(context.status().sources, 'similar');
      assert.equal(context.status().modules, 0, 'no module was read for definitions nobody asked for');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
