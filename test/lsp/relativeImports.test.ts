// Protocol tier: no relative import suggested in a script, with the shipped code model. A file whose
// folder has no __init__.py runs as a script, where `from . import x` fails; the model, which learned
// imports from libraries' own files, offers one at this line, and a project may repeat one from a
// package's file. The same file inside a package gets them; a notebook never does (its cells run as
// __main__, beside an __init__.py or not).
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DidOpenNotebookDocumentNotification, DidOpenTextDocumentNotification, NotebookCellKind, type ProtocolConnection } from 'vscode-languageserver-protocol/node';
import { ROOT } from '../../scripts/paths';
import { endOf, firstSuggestion } from '../support/inlineSuggestion';
import { type StdioServer, startStdioServer } from '../support/stdioServer';

/** The cursor on the empty line after the imports. */
const BEFORE = '"""Plot the detector frames."""\nimport numpy as np\n\n';
const AFTER = '\n\ndef fit(x, y):\n    return np.polyfit(x, y, 2)\n';

/** A line the package's loader has after the same import: the project repeats it (repeatedLines.ts). */
const LOADER = 'from skimage import io\nfrom .calibration import dark_frame\n\n\ndef load(path):\n    return io.imread(path) - dark_frame()\n';
const SHOW_BEFORE = 'from skimage import io\n';
const SHOW_AFTER = '\n\nframe = io.imread("run_0042.tif")\n';

/** A module of a namespace package that imports relatively already. */
const OWN_RELATIVE = '"""Plot the detector frames."""\nfrom .calibration import dark_frame\nimport numpy as np\n\n';

async function suggestAtCursor(conn: ProtocolConnection, uri: string, before = BEFORE, after = AFTER): Promise<string> {
  await conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'python', version: 1, text: before + after } });
  return firstSuggestion(conn, uri, endOf(before));
}

describe('no relative import suggested in a script (shipped model, files on disk)', function () {
  this.timeout(60_000);
  let root: string;
  const servers: StdioServer[] = [];
  const uriOf = (f: string) => pathToFileURL(path.join(root, f)).href;

  before(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'hai-relative-'));
    mkdirSync(path.join(root, 'scripts'));
    mkdirSync(path.join(root, 'frames'));
    // A namespace package (no __init__.py): its loader imports relatively, so its modules may too.
    mkdirSync(path.join(root, 'analysis'));
    writeFileSync(path.join(root, 'analysis', 'load.py'), LOADER);
    writeFileSync(path.join(root, 'analysis', 'plot_frames.py'), BEFORE + AFTER);
    mkdirSync(path.join(root, 'tools'));
    // Saved without the relative import the editor's text has (the document's head decides, not the file on disk).
    writeFileSync(path.join(root, 'tools', 'plot_frames.py'), BEFORE + AFTER);
    writeFileSync(path.join(root, 'frames', '__init__.py'), '');
    writeFileSync(path.join(root, 'frames', 'plot_frames.ipynb'), '{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}\n');
    for (const f of ['scripts/plot_frames.py', 'frames/plot_frames.py']) writeFileSync(path.join(root, f), BEFORE + AFTER);
    writeFileSync(path.join(root, 'frames', 'load.py'), LOADER);
    for (const f of ['scripts/show.py', 'frames/show.py']) writeFileSync(path.join(root, f), SHOW_BEFORE + SHOW_AFTER);
  });
  /** A server on the workspace with the shipped model, once its model is loaded. */
  async function started(workspaceContext: string, repeatedLines: boolean): Promise<StdioServer> {
    const server = await startStdioServer({ workspaceContext, threads: 1, repeatedLines }, ROOT, [root]);
    servers.push(server);
    await server.statusChanged;
    return server;
  }

  after(() => {
    for (const s of servers) s.stop();
    rmSync(root, { recursive: true, force: true });
  });

  for (const context of ['off', 'similar']) {
    it(`offers an absolute import in the script and the relative one in the package (workspace context ${context})`, async () => {
      const server = await started(context, false);
      const inPackage = await suggestAtCursor(server.conn, uriOf('frames/plot_frames.py'));
      const inScript = await suggestAtCursor(server.conn, uriOf('scripts/plot_frames.py'));
      assert.match(inPackage, /^from \./, 'the model writes a relative import here');
      assert.match(inScript, /^(from|import) [A-Za-z_]/, `an import the script can run: ${JSON.stringify(inScript)}`);
      assert.deepEqual(server.errors, []);
    });
  }

  it('offers the relative import in a namespace package, whose other module imports relatively', async () => {
    const server = await started('off', false);
    assert.match(await suggestAtCursor(server.conn, uriOf('analysis/plot_frames.py')), /^from \./);
    assert.match(await suggestAtCursor(server.conn, uriOf('scripts/plot_frames.py')), /^(from|import) [A-Za-z_]/);
    // A module that imports relatively itself says as much, whatever its neighbours do, before it is saved too.
    assert.match(await suggestAtCursor(server.conn, uriOf('tools/plot_frames.py'), OWN_RELATIVE, AFTER), /^from \./);
    assert.deepEqual(server.errors, []);
  });

  it('offers no relative import in a notebook, even beside an __init__.py (its cells run as __main__)', async () => {
    const server = await started('similar', false);
    const notebook = uriOf('frames/plot_frames.ipynb');
    const cell = `vscode-notebook-cell:${notebook.slice('file:'.length)}#c1`;
    await server.conn.sendNotification(DidOpenNotebookDocumentNotification.type, {
      notebookDocument: { uri: notebook, notebookType: 'jupyter-notebook', version: 1, cells: [{ kind: NotebookCellKind.Code, document: cell }] },
      cellTextDocuments: [{ uri: cell, languageId: 'python', version: 1, text: BEFORE + AFTER }],
    });
    const inNotebook = await firstSuggestion(server.conn, cell, endOf(BEFORE));
    const inPackage = await suggestAtCursor(server.conn, uriOf('frames/plot_frames.py'));
    assert.match(inPackage, /^from \./, 'the .py file beside it gets the relative import');
    assert.match(inNotebook, /^(from|import) [A-Za-z_]/, `an import the notebook can run: ${JSON.stringify(inNotebook)}`);
    assert.deepEqual(server.errors, []);
  });

  it('does not repeat a relative import from the project in a script', async () => {
    const server = await started('similar', true);
    await server.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: uriOf('frames/load.py'), languageId: 'python', version: 1, text: LOADER } });
    const inPackage = await suggestAtCursor(server.conn, uriOf('frames/show.py'), SHOW_BEFORE, SHOW_AFTER);
    const inScript = await suggestAtCursor(server.conn, uriOf('scripts/show.py'), SHOW_BEFORE, SHOW_AFTER);
    assert.equal(inPackage.split('\n')[0], 'from .calibration import dark_frame', 'the line the loader has next, repeated');
    assert.doesNotMatch(inScript, /^from \./, 'not in the script: the model answers there');
    assert.deepEqual(server.errors, []);
  });
});
