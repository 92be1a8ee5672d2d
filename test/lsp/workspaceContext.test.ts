// Protocol tier: the workspace in the prompt, with the shipped code model. The server is given a
// workspace folder on disk, as VS Code gives it the folders it has open; what a user sees is that a
// suggestion uses names that only the project's other files know (a function of a local module the
// file imports, a call written in an open file), and that typing on does not pay for that context
// again (its tokens stay in the document's KV cache).
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  DidChangeNotebookDocumentNotification,
  DidChangeTextDocumentNotification,
  DidOpenNotebookDocumentNotification,
  NotebookCellKind,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  DidOpenTextDocumentNotification,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import { ServerStatusRequest } from '../../core/protocol/serverStatus';
import { ROOT } from '../../scripts/paths';
import { autoContextTokens } from '../../server/completion/contextBudget';
import { endOf, firstSuggestion } from '../support/inlineSuggestion';
import { type StdioServer, startStdioServer } from '../support/stdioServer';

const FEATURES = `"""Jet substructure features computed from the constituents' four-momenta."""
import numpy as np


def delta_r_to_axis(eta, phi, jet_eta, jet_phi):
    """Angular distance of each constituent to the jet axis."""
    dphi = np.mod(phi - jet_phi + np.pi, 2 * np.pi) - np.pi
    return np.hypot(eta - jet_eta, dphi)


def log_pt_fraction(pt, jet_pt):
    """log(pT / pT_jet) of each constituent."""
    return np.log(np.clip(pt / jet_pt, 1e-8, None))
`;

const OLD_LOADER = `import uproot

from .calibration import apply_energy_scale_correction


def load_run(path):
    jets = uproot.open(path)["Events"].arrays(["jet_pt", "jet_eta", "jet_phi"])
    calibrated = apply_energy_scale_correction(jets, run_period="2018B")
    return calibrated[calibrated.jet_pt > 30]
`;

/** A file of the workspace that no editor has open: only the index reads it. */
const ON_DISK_ONLY = `import uproot


def load_calibrated(path):
    jets = uproot.open(path)["Jets"].arrays(["pt", "eta", "phi", "mass"])
    smeared = smear_jet_energy_resolution(jets, campaign="UL17")
    return smeared[smeared.pt > 20]
`;

/** A module whose function the file uses: only features.py says it is called delta_r_to_axis. */
const USES_MODULE = 'import numpy as np\n\nfrom . import features\n\n\ndef constituent_inputs(eta, phi, pt, jet_eta, jet_phi, jet_pt):\n    dr = features.delta_';
/** A call that only calibration_2017.py on disk shows. */
const LIKE_DISK_FILE = 'import uproot\n\n\ndef read_jets(path):\n    jets = uproot.open(path)["Jets"].arrays(["pt", "eta", "phi", "mass"])\n    smeared = smear_';
/** A call that only the open old_loader.py shows. */
const LIKE_OPEN_FILE = 'import uproot\n\n\ndef read_events(path):\n    jets = uproot.open(path)["Events"].arrays(["jet_pt", "jet_eta", "jet_phi"])\n    calibrated = apply_';

async function open(conn: ProtocolConnection, uri: string, text: string): Promise<void> {
  await conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'python', version: 1, text } });
}

async function suggest(conn: ProtocolConnection, uri: string, text: string): Promise<string> {
  return firstSuggestion(conn, uri, endOf(text));
}

describe('the workspace in the prompt (shipped model, a workspace folder on disk)', function () {
  this.timeout(60_000);
  let root: string;
  const uriOf = (f: string) => pathToFileURL(path.join(root, f)).href;
  const servers: StdioServer[] = [];
  // Lines repeated from the project are off unless a test turns them on: these tests are about what
  // the model makes of the context in its prompt, and such a line would answer some of them first.
  const start = async (workspaceContext: string, more: Record<string, unknown> = {}) => {
    const server = await startStdioServer({ workspaceContext, threads: 1, repeatedLines: false, ...more }, ROOT, [root]);
    servers.push(server);
    await server.statusChanged;
    await open(server.conn, uriOf('jets/old_loader.py'), OLD_LOADER);
    return server;
  };

  before(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'hai-workspace-'));
    mkdirSync(path.join(root, 'jets'));
    writeFileSync(path.join(root, 'jets', 'features.py'), FEATURES);
    writeFileSync(path.join(root, 'jets', 'old_loader.py'), OLD_LOADER);
    writeFileSync(path.join(root, 'jets', 'calibration_2017.py'), ON_DISK_ONLY);
  });
  after(() => {
    for (const s of servers) s.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('suggests a function of the local module the file imports, which the file alone does not name', async () => {
    const withContext = await start('imports');
    await open(withContext.conn, uriOf('jets/inputs.py'), USES_MODULE);
    assert.match(await suggest(withContext.conn, uriOf('jets/inputs.py'), USES_MODULE), /^r_to_axis\(/);
    // The model alone, without the module's names either (below).
    const alone = await start('off', { projectNames: false });
    await open(alone.conn, uriOf('jets/inputs.py'), USES_MODULE);
    assert.doesNotMatch(await suggest(alone.conn, uriOf('jets/inputs.py'), USES_MODULE), /r_to_axis/);
    assert.deepEqual([...withContext.errors, ...alone.errors], []);
  });

  it('after a local module and a dot, suggests only names that module defines, as the editor has it, with no context in the prompt', async () => {
    const server = await start('off');
    const at = (i: number, line: string) => ({ uri: uriOf(`jets/inputs_${i}.py`), text: USES_MODULE.replace('dr = features.delta_', line) });
    for (const [i, line, want] of [
      [1, 'dr = features.delta_', /^r_to_axis\(/],
      [2, 'frac = features.log_', /^pt_fraction\(/],
      [3, 'x = features.', /^(delta_r_to_axis|log_pt_fraction|np)\b/],
    ] as const) {
      const doc = at(i, line);
      await open(server.conn, doc.uri, doc.text);
      assert.match(await suggest(server.conn, doc.uri, doc.text), want, line);
    }
    // A function added in the editor and not saved yet is one of the module's names.
    await open(server.conn, uriOf('jets/features.py'), `${FEATURES}\n\ndef soft_drop_mass(pt, eta, phi, beta=0.0, z_cut=0.1):\n    return pt\n`);
    const added = at(4, 'mass = features.soft_');
    await open(server.conn, added.uri, added.text);
    assert.match(await suggest(server.conn, added.uri, added.text), /^drop_mass\(/);
    assert.deepEqual(server.errors, []);
  });

  it('reads an import typed and used at once, and a module edited in another editor, once typing pauses, with no cursor move', async () => {
    const server = await start('off');
    const change = (uri: string, version: number, text: string) =>
      server.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
    /** The suggestion at the end of `text` once it matches `want` (typing has paused: the server reads in idle time), else the last one. */
    const settles = async (uri: string, text: string, want: RegExp) => {
      let got = '';
      for (let i = 0; i < 50 && !want.test(got); i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        got = await suggest(server.conn, uri, text);
      }
      return got;
    };
    // Opened before the import exists; the import and the call typed without the cursor settling anywhere.
    const typed = uriOf('jets/typed.py');
    await open(server.conn, typed, 'import numpy as np\n\n');
    await change(typed, 2, USES_MODULE);
    assert.match(await settles(typed, USES_MODULE, /^r_to_axis\(/), /^r_to_axis\(/);
    // features.py open in another editor: a function typed there becomes one of the module's names for typed.py.
    const features = uriOf('jets/features.py');
    await open(server.conn, features, FEATURES);
    const soft = USES_MODULE.replace('dr = features.delta_', 'mass = features.soft_');
    await change(typed, 3, soft);
    assert.doesNotMatch(await suggest(server.conn, typed, soft), /^drop_mass/, 'no such function yet');
    await change(features, 2, `${FEATURES}\n\ndef soft_drop_mass(pt, eta, phi, beta=0.0, z_cut=0.1):\n    return pt\n`);
    assert.match(await settles(typed, soft, /^drop_mass\(/), /^drop_mass\(/);
    assert.deepEqual(server.errors, []);
  });

  it('reads an import typed in a notebook cell once typing pauses, and the names of the module beside the notebook', async () => {
    const server = await start('off');
    const notebook = uriOf('jets/study.ipynb');
    const cell = (id: string) => `vscode-notebook-cell:${notebook.slice('file:'.length)}#${id}`;
    await server.conn.sendNotification(DidOpenNotebookDocumentNotification.type, {
      notebookDocument: { uri: notebook, notebookType: 'jupyter-notebook', version: 1, cells: [{ kind: NotebookCellKind.Code, document: cell('c1') }, { kind: NotebookCellKind.Code, document: cell('c2') }] },
      cellTextDocuments: [
        { uri: cell('c1'), languageId: 'python', version: 1, text: 'import numpy as np\n' },
        { uri: cell('c2'), languageId: 'python', version: 1, text: '' },
      ],
    });
    // `import features` added to the first cell and used in the second, with no cursor move.
    const used = 'dr = features.delta_';
    await server.conn.sendNotification(DidChangeNotebookDocumentNotification.type, {
      notebookDocument: { uri: notebook, version: 2 },
      change: {
        cells: {
          textContent: [
            { document: { uri: cell('c1'), version: 2 }, changes: [{ text: 'import numpy as np\nimport features\n' }] },
            { document: { uri: cell('c2'), version: 2 }, changes: [{ text: used }] },
          ],
        },
      },
    });
    let got = '';
    for (let i = 0; i < 50 && !/^r_to_axis\(/.test(got); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      got = await firstSuggestion(server.conn, cell('c2'), { line: 0, character: used.length });
    }
    assert.match(got, /^r_to_axis\(/);
    assert.deepEqual(server.errors, []);
  });

  it('suggests the call an open file makes in code like the code at the cursor', async () => {
    const similar = await start('similar');
    await open(similar.conn, uriOf('jets/read.py'), LIKE_OPEN_FILE);
    assert.match(await suggest(similar.conn, uriOf('jets/read.py'), LIKE_OPEN_FILE), /^energy_scale_correction\(jets/);
    const alone = await start('off');
    await open(alone.conn, uriOf('jets/read.py'), LIKE_OPEN_FILE);
    assert.doesNotMatch(await suggest(alone.conn, uriOf('jets/read.py'), LIKE_OPEN_FILE), /energy_scale_correction/);
  });

  it('suggests the call the document itself made far above, beyond the prompt\'s window', async () => {
    // The call once at the top, then ~700 tokens of other code: the window (384 tokens) ends far below it.
    const other = Array.from({ length: 48 }, (_, i) => `    histogram_${i} = np.histogram(values_${i}, bins=${10 + i})`).join('\n');
    const text = [
      'import numpy as np',
      'import uproot',
      '',
      '',
      'def read_run_a(path):',
      '    events = uproot.open(path)["Events"].arrays(["pt", "eta", "phi", "npv"])',
      '    weights = reweight_by_vertex_multiplicity(events, profile="UL18_nominal")',
      '    return events[events.pt > 25], weights',
      '',
      '',
      'def fill_histograms(values):',
      other,
      '    return histogram_0',
      '',
      '',
      'def read_run_b(path):',
      '    events = uproot.open(path)["Events"].arrays(["pt", "eta", "phi", "npv"])',
      '    weights = reweight_',
    ].join('\n');
    const uri = uriOf('jets/two_runs.py');
    const similar = await start('similar', { contextTokens: 256 });
    await open(similar.conn, uri, text);
    assert.match(await suggest(similar.conn, uri, text), /^by_vertex_multiplicity\(events/);
    const counters = (await similar.conn.sendRequest(ServerStatusRequest)).completionCounters!;
    assert.ok(counters.prefillTokens < 384 + 256 + 64, `${counters.prefillTokens} prompt tokens: the window and the context, not the whole file`);
    const alone = await start('off');
    await open(alone.conn, uri, text);
    assert.doesNotMatch(await suggest(alone.conn, uri, text), /vertex_multiplicity/);
    assert.deepEqual([...similar.errors, ...alone.errors], []);
  });

  /** The server's workspace context status once its first indexing of the folder is over. */
  const indexed = async (server: StdioServer) => {
    let status = (await server.conn.sendRequest(ServerStatusRequest)).workspaceContext;
    for (let i = 0; i < 400 && (status?.indexing !== false || status.indexedFiles === 0); i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      status = (await server.conn.sendRequest(ServerStatusRequest)).workspaceContext;
    }
    return status;
  };

  it('suggests the call a file of the workspace makes that is not open (the workspace folder indexed)', async () => {
    const similar = await start('similar');
    const status = await indexed(similar);
    assert.equal(status?.indexedFiles, 3, 'features.py, old_loader.py, calibration_2017.py');
    await open(similar.conn, uriOf('jets/read_jets.py'), LIKE_DISK_FILE);
    assert.match(await suggest(similar.conn, uriOf('jets/read_jets.py'), LIKE_DISK_FILE), /^jet_energy_resolution\(jets/);
    const alone = await start('off');
    await open(alone.conn, uriOf('jets/read_jets.py'), LIKE_DISK_FILE);
    assert.doesNotMatch(await suggest(alone.conn, uriOf('jets/read_jets.py'), LIKE_DISK_FILE), /jet_energy_resolution/);
    assert.equal((await alone.conn.sendRequest(ServerStatusRequest)).workspaceContext?.indexedFiles, 0, 'nothing indexed with the context off');
    assert.deepEqual([...similar.errors, ...alone.errors], []);
  });

  it('follows files saved on disk by other programs, as the editor\'s file watcher reports them', async () => {
    const server = await start('similar');
    await indexed(server);
    const watched = server.registrations.filter((r) => r.method === DidChangeWatchedFilesNotification.type.method);
    assert.deepEqual(
      watched.flatMap((r) => (r.registerOptions as { watchers: { globPattern: string }[] }).watchers.map((w) => w.globPattern)),
      ['**/*.py', '**/*.yaml', '**'],
    );
    const prefix = 'import uproot\n\n\ndef read_taus(path):\n    taus = uproot.open(path)["Taus"].arrays(["pt", "eta", "phi", "decay_mode"])\n    tagged = ';
    const saved = 'import uproot\n\n\ndef load_taus(path):\n    taus = uproot.open(path)["Taus"].arrays(["pt", "eta", "phi", "decay_mode"])\n    tagged = run_deep_tau_identification(taus, working_point="VTight")\n    return tagged\n';
    mkdirSync(path.join(root, 'taus'), { recursive: true });
    writeFileSync(path.join(root, 'taus', 'identification.py'), saved);
    await server.conn.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uriOf('taus'), type: FileChangeType.Created }] });
    assert.equal((await indexed(server))?.indexedFiles, 4);
    await open(server.conn, uriOf('taus/read_taus.py'), prefix);
    assert.match(await suggest(server.conn, uriOf('taus/read_taus.py'), prefix), /^run_deep_tau_identification\(taus/);
    rmSync(path.join(root, 'taus'), { recursive: true });
    await server.conn.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uriOf('taus'), type: FileChangeType.Deleted }] });
    assert.equal((await indexed(server))?.indexedFiles, 3);
    assert.deepEqual(server.errors, []);
  });

  it('offers the line that followed the line above where a file of the project has it, with no model run', async () => {
    const counters = async (server: StdioServer) => (await server.conn.sendRequest(ServerStatusRequest)).completionCounters;
    // calibration_2017.py, on disk only, reads the same jets and then smears them.
    const text = 'import uproot\n\n\ndef load_smeared(path):\n    jets = uproot.open(path)["Jets"].arrays(["pt", "eta", "phi", "mass"])\n    ';
    const server = await start('similar', { repeatedLines: true });
    await indexed(server);
    await open(server.conn, uriOf('jets/smeared.py'), text);
    assert.equal(await suggest(server.conn, uriOf('jets/smeared.py'), text), 'smeared = smear_jet_energy_resolution(jets, campaign="UL17")');
    await open(server.conn, uriOf('jets/typed.py'), `${text}smeared = `);
    assert.equal(await suggest(server.conn, uriOf('jets/typed.py'), `${text}smeared = `), 'smear_jet_energy_resolution(jets, campaign="UL17")');
    assert.deepEqual(await counters(server), { requests: 2, prefillTokens: 0, prefillMs: 0, decodeTokens: 0, decodeMs: 0, guessedTokens: 0, repeatedLines: 2 });
    // The file's own lines count with the workspace context off; other files do not.
    const alone = await start('off', { repeatedLines: true });
    const twice = `${text}smeared = smear(jets)\n    return smeared\n\n\ndef load_again(path):\n    jets = uproot.open(path)["Jets"].arrays(["pt", "eta", "phi", "mass"])\n    `;
    await open(alone.conn, uriOf('jets/twice.py'), twice);
    assert.equal(await suggest(alone.conn, uriOf('jets/twice.py'), twice), 'smeared = smear(jets)');
    await open(alone.conn, uriOf('jets/smeared.py'), text);
    await suggest(alone.conn, uriOf('jets/smeared.py'), text);
    assert.equal((await counters(alone))?.repeatedLines, 1, 'only the file itself had the line');
    assert.deepEqual([...server.errors, ...alone.errors], []);
  });

  it('sizes the context to the prefill speed measured at load; a budget the user sets bounds the prompt\'s context', async () => {
    // The file being written resembles two files of the workspace: their chunks fill more than 128 tokens.
    const prompt = async (server: StdioServer) => {
      await open(server.conn, uriOf('jets/read.py'), LIKE_OPEN_FILE);
      await suggest(server.conn, uriOf('jets/read.py'), LIKE_OPEN_FILE);
      return server.conn.sendRequest(ServerStatusRequest);
    };
    const auto = await prompt(await start('similar'));
    const model = auto.completionModel;
    assert.equal(model.state, 'loaded', JSON.stringify(model));
    if (model.state !== 'loaded') return;
    assert.ok(model.prefillMsPerToken > 0 && model.prefillMsPerToken < 100, `${model.prefillMsPerToken} ms per prompt token`);
    // The default window: 384 tokens before the cursor and 64 after. The status rounds the speed to
    // two decimals; the engine sized the budget with the unrounded one.
    const tokens = auto.workspaceContext?.tokens ?? -1;
    assert.ok(tokens >= autoContextTokens(model.prefillMsPerToken + 0.005, 384 + 64) && tokens <= autoContextTokens(Math.max(0.001, model.prefillMsPerToken - 0.005), 384 + 64), `${tokens} tokens at ${model.prefillMsPerToken} ms`);
    assert.equal(auto.workspaceContext?.tokensAuto, true);
    const set = await prompt(await start('similar', { contextTokens: 128 }));
    assert.equal(set.workspaceContext?.tokens, 128);
    assert.equal(set.workspaceContext?.tokensAuto, false);
    const none = await prompt(await start('off'));
    assert.equal(none.workspaceContext?.tokens, 0);
    // What each prompt ran through the model beyond the file itself: its context.
    const context = (s: typeof auto) => s.completionCounters!.prefillTokens - none.completionCounters!.prefillTokens;
    assert.ok(context(set) > 0 && context(set) <= 128, `${context(set)} tokens of context with a budget of 128`);
    assert.ok(context(auto) > context(set) && context(auto) <= tokens, `${context(auto)} tokens of context with a budget of ${tokens}`);
  });

  it('measures the model\'s speed again once the server is idle, and sizes the context by the faster figure', async () => {
    // At load the probe competes with the server starting up; a few seconds later it is measured again.
    const server = await start('similar');
    const first = await server.conn.sendRequest(ServerStatusRequest);
    assert.equal(first.completionModel.state, 'loaded');
    if (first.completionModel.state !== 'loaded') return;
    assert.equal(first.completionModel.speedChecks, 1);
    let status = first;
    for (let i = 0; i < 200 && status.completionModel.state === 'loaded' && status.completionModel.speedChecks < 2; i++) {
      await new Promise((r) => setTimeout(r, 50));
      status = await server.conn.sendRequest(ServerStatusRequest);
    }
    const again = status.completionModel;
    assert.ok(again.state === 'loaded' && again.speedChecks === 2, JSON.stringify(again));
    if (again.state !== 'loaded') return;
    assert.ok(again.prefillMsPerToken <= first.completionModel.prefillMsPerToken && again.msPerToken <= first.completionModel.msPerToken, `${first.completionModel.prefillMsPerToken} then ${again.prefillMsPerToken} ms per prompt token`);
    const tokens = status.workspaceContext?.tokens ?? -1;
    assert.ok(tokens >= autoContextTokens(again.prefillMsPerToken + 0.005, 384 + 64) && tokens >= (first.workspaceContext?.tokens ?? 0), `${tokens} tokens at ${again.prefillMsPerToken} ms`);
  });

  it('keeps the context while the user types: a keystroke prefills only what was typed', async () => {
    const server = await start('imports');
    const uri = uriOf('jets/typing.py');
    const text = USES_MODULE.replace('features.delta_', 'features.');
    await open(server.conn, uri, text);
    await suggest(server.conn, uri, text);
    const lines = text.split('\n');
    let typed = text;
    for (const [i, ch] of [...'delta_'].entries()) {
      const before = (await server.conn.sendRequest(ServerStatusRequest)).completionCounters!.prefillTokens;
      const position = { line: lines.length - 1, character: lines[lines.length - 1].length + i };
      await server.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: i + 2 }, contentChanges: [{ range: { start: position, end: position }, text: ch }] });
      typed += ch;
      const answer = await suggest(server.conn, uri, typed);
      const prefilled = (await server.conn.sendRequest(ServerStatusRequest)).completionCounters!.prefillTokens - before;
      assert.ok(prefilled <= 4, `keystroke ${i + 1} prefilled ${prefilled} tokens: the context was sent again`);
      if (ch === '_') assert.match(answer, /^r_to_axis\(/);
    }
  });
});
