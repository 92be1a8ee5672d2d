// Protocol tier: the keys of a data file inside `tree["…"]`, with the shipped code model over LSP.
// What a user sees: in an analysis script that opens a ROOT or HDF5 file of the workspace, the
// suggestion inside a subscript of the tree or group is a branch or member the file has, read from
// the file by the data explorer's readers in a worker, also where the file comes from a command-line
// option's default through a function's calls; after `events.` on the arrays uproot reads, a branch;
// and a file replaced on disk is read again.
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type CompletionItem, CompletionItemKind, CompletionRequest, DidOpenTextDocumentNotification, InlineCompletionRequest } from 'vscode-languageserver-protocol/node';
import { ServerStatusRequest } from '../../core/protocol/serverStatus';
import { ROOT } from '../../scripts/paths';
import { endOf, firstSuggestion } from '../support/inlineSuggestion';
import { nothingPreparing } from '../support/prepared';
import { type StdioServer, startStdioServer } from '../support/stdioServer';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'data');

const SCRIPT = `"""Truth-level b quarks of the HZZ sample."""
import h5py
import numpy as np
import uproot

tree = uproot.open("data/sample.root")["events"]
with h5py.File("data/jets.h5", "r") as f:
    particles = f["particles"]
`;

describe('a data file’s keys inside `tree["…"]` (shipped model)', function () {
  this.timeout(90_000);
  let root: string;
  let server: StdioServer;
  /** The suggestion at the end of `typed` put after the script (and `after` after the cursor), in a new document `name`, once the files it names are read. */
  const suggestAfter = async (name: string, typed: string, after = ''): Promise<string> => {
    const uri = pathToFileURL(path.join(root, name)).href;
    const text = SCRIPT + typed + after;
    await server.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'python', version: 1, text } });
    // Read in idle time (a worker loads the readers): a first request waits for them only so long.
    await nothingPreparing(server.conn, 'the data files', 20_000);
    return firstSuggestion(server.conn, uri, endOf(SCRIPT + typed));
  };

  /** The suggest widget's items at the end of `typed` put after the script, in a new document `name`, once the files it names are read. */
  const suggestList = async (name: string, typed: string, after = ''): Promise<CompletionItem[]> => {
    const uri = pathToFileURL(path.join(root, name)).href;
    await server.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'python', version: 1, text: SCRIPT + typed + after } });
    await nothingPreparing(server.conn, 'the data files', 20_000);
    const list = await server.conn.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: endOf(SCRIPT + typed) });
    return Array.isArray(list) ? list : (list?.items ?? []);
  };

  before(async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'hai-datakeys-'));
    mkdirSync(path.join(root, 'data'));
    copyFileSync(path.join(FIXTURES, 'root', 'uproot-HZZ.root'), path.join(root, 'data', 'sample.root'));
    copyFileSync(path.join(FIXTURES, 'hdf5', 'jets.h5'), path.join(root, 'data', 'jets.h5'));
    // A production's run files, read together through a pattern.
    mkdirSync(path.join(root, 'data', 'runs'));
    for (const run of ['run_1.root', 'run_2.root']) copyFileSync(path.join(FIXTURES, 'root', 'uproot-HZZ.root'), path.join(root, 'data', 'runs', run));
    server = await startStdioServer({ threads: 1, projectNames: true }, ROOT, [root]);
    await server.statusChanged;
  });
  after(() => {
    server?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('goes on with a branch of the ROOT tree and a member of the HDF5 group', async () => {
    // Starts that only the file's keys decide: MChadronicWDecayQuarkBar_px/py/pz; deta, n, names. With
    // no closing quote after the cursor (an editor that does not close it), the model closes the key.
    assert.match(await suggestAfter('truth_1.py', 'px = tree["MChadronicWDecayQuarkB'), /^ar_p[xyz]"/);
    assert.match(await suggestAfter('truth_2.py', 'deta = particles["'), /^(deta|n|names)"/);
    // With the quote the editor closed after the cursor, the suggestion is the rest of the key alone.
    assert.match(await suggestAfter('truth_4.py', 'px = tree["MChadronicWDecayQuarkB', '"]\n'), /^ar_p[xyz]$/);
    assert.deepEqual(server.errors, []);
  });

  it('follows a command-line option\'s default file into the function it is handed to, on a line inside brackets', async () => {
    // The tree reaches `events` only through the call below, its file only through `--input`'s default;
    // the key starts a line inside `np.stack([`, an argument (a statement starting there would write one).
    const typed = 'def quarks(events):\n    return np.stack(\n        [\n            events["MChadronicWDecayQuarkB';
    const after = '"],\n        ]\n    )\n\n\nimport argparse\n\nparser = argparse.ArgumentParser()\nparser.add_argument("--input", default="data/sample.root")\nargs = parser.parse_args()\nquarks(uproot.open(args.input)["events"])\n';
    assert.match(await suggestAfter('truth_5.py', typed, after), /^ar_p[xyz]$/);
    assert.deepEqual(server.errors, []);
  });

  it('goes on with a branch after the name of the arrays uproot reads and a dot (`events.Jet_Px`)', async () => {
    // An ak.Array's fields are attributes too; the start is one that only the file's branches decide.
    const typed = 'events = tree.arrays()\nq = events.MChadronicWDecayQuarkB';
    assert.match(await suggestAfter('truth_6.py', typed, '\n'), /^ar_p[xyz]\b/);
    // A field holds data: the model, which went on with `(events)` there, is kept from calling it.
    const vertices = await suggestAfter('truth_7.py', 'events = tree.arrays()\nn = events.NPrimaryV', '\nprint(np.mean(n))\n');
    assert.match(vertices, /^ertices(?!\w)/);
    assert.doesNotMatch(vertices, /^ertices\s*\(/);
    assert.deepEqual(server.errors, []);
  });

  it('writes another branch than the one the call\'s other argument or the operator\'s left side takes, on its line or on the lines above', async () => {
    // The model copies the first argument into the second (`np.hypot(events.MET_px, events.MET_px)`).
    const typed = 'events = tree.arrays()\nmet = np.hypot(events.MET_px, events.MET_p';
    assert.match(await suggestAfter('met_1.py', typed, '\n'), /^y(?!\w)/);
    const over = 'events = tree.arrays()\nmet = np.hypot(\n    events.MET_px,\n    events.MET_p';
    assert.match(await suggestAfter('met_2.py', over, '\n'), /^y(?!\w)/);
    const keyed = 'met = np.hypot(tree["MET_px"].array(), tree["MET_px"].array()) + np.hypot(tree["MET_px"], tree["MET_p';
    assert.match(await suggestAfter('met_3.py', keyed, '"]\n'), /^y$/);
    // Nor the left side of an operator: `MET_px - MET_px` is 0.
    assert.match(await suggestAfter('met_4.py', 'events = tree.arrays()\nd = events.MET_px - events.MET_p', '\n'), /^y(?!\w)/);
    // Nor a key the list a subscript selects with has already (`events[["Jet_Px", "`): a branch, another one.
    const selected = await suggestAfter('met_5.py', 'events = tree.arrays()\njets = events[["Jet_Px", "Jet_P', '"]]\n');
    assert.match(selected, /^[yz]$/);
    assert.deepEqual(server.errors, []);
  });

  it('lists the branches after `events.` and the keys inside `tree["` in the suggest widget, where the ghost text\'s branch is one of them', async () => {
    // Without a list of ours the editor lists the document's words (`MET_px` only, after `MET_p`) and
    // hides ghost text that begins none of them.
    const uri = pathToFileURL(path.join(root, 'list_1.py')).href;
    const typed = 'events = tree.arrays()\nmet = np.hypot(events.MET_px, events.MET_p';
    const text = `${SCRIPT}${typed})\n`;
    await server.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'python', version: 1, text } });
    await nothingPreparing(server.conn, 'the data files', 20_000);
    const listAt = async (at: string) => {
      const position = endOf(text.slice(0, text.indexOf(at) + at.length));
      return { position, list: await server.conn.sendRequest(CompletionRequest.type, { textDocument: { uri }, position }) };
    };
    const { position, list } = await listAt(typed);
    const items = Array.isArray(list) ? list : (list?.items ?? []);
    const py = items.find((i) => i.label === 'MET_py');
    assert.ok(py && items.some((i) => i.label === 'NPrimaryVertices') && items.some((i) => i.label === 'to_numpy'), JSON.stringify(items.slice(0, 5)));
    assert.equal(py.kind, CompletionItemKind.Field);
    // MET_px, which the call's first argument takes, sorts after every other branch: the editor selects MET_py first.
    const px = items.find((i) => i.label === 'MET_px')!;
    assert.ok(items.filter((i) => i !== px).every((i) => (i.sortText ?? i.label) < px.sortText!), `${px.sortText} last`);
    assert.deepEqual(py.textEdit, { range: { start: { line: position.line, character: position.character - 'MET_p'.length }, end: position }, newText: 'MET_py' });
    assert.match(await firstSuggestion(server.conn, uri, position), /^y/, 'the ghost text begins MET_py');
    // An item selected in the widget (the arrow keys, or another server's list): the suggestion goes on
    // from it as if it were typed (the rules with it), and replaces what the item replaces.
    const opened = 'events = tree.arrays()\nmet = np.hypot(events.';
    const uri4 = pathToFileURL(path.join(root, 'list_4.py')).href;
    await server.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: uri4, languageId: 'python', version: 1, text: `${SCRIPT}${opened}\n` } });
    await nothingPreparing(server.conn, 'the data files', 20_000);
    const at = endOf(SCRIPT + opened);
    const range = { start: at, end: at };
    const answer = await server.conn.sendRequest(InlineCompletionRequest.type, { textDocument: { uri: uri4 }, position: at, context: { triggerKind: 2, selectedCompletionInfo: { range, text: 'NPrimaryVertices' } } });
    const first = (Array.isArray(answer) ? answer : (answer?.items ?? []))[0];
    assert.ok(first && typeof first.insertText === 'string' && first.insertText.startsWith('NPrimaryVertices') && first.insertText.length > 'NPrimaryVertices'.length, JSON.stringify(answer));
    assert.doesNotMatch(first.insertText as string, /NPrimaryVertices, events\.NPrimaryVertices\b/, 'the second argument is no copy of the item');
    assert.deepEqual(first.range, range);
    // In a key: the tree's branches, replacing what the key has so far.
    const keyed = await suggestList('list_2.py', 'x = tree["MChadronicWDecayQuarkB', '"]\n');
    assert.ok(keyed.some((i) => i.label === 'MChadronicWDecayQuarkBar_px') && keyed.some((i) => i.label === 'NJet'));
    // After a module, in a comment: none of ours.
    assert.deepEqual(await suggestList('list_3.py', '# events = tree.arrays() then events.', '\n'), []);
    assert.deepEqual(server.errors, []);
  });

  it('does not repeat another script\'s line that names half a branch', async () => {
    // A line being written in another open script (`events.MET_p` before its `y`) follows the same line
    // above: offered as it stands, it named no branch of the file.
    const other = pathToFileURL(path.join(root, 'half_1.py')).href;
    const typed = 'events = tree.arrays()\nmet = np.hypot(events.MET_px, events.';
    await server.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: other, languageId: 'python', version: 1, text: `${SCRIPT}${typed}MET_p)\n` } });
    assert.match(await suggestAfter('half_2.py', typed, '\n'), /^MET_py\)/);
    assert.deepEqual(server.errors, []);
  });

  it('puts first and selects in the widget the branch the ghost text writes, from one run of the model for both', async () => {
    // At `events.` the editor would select the first branch in its own order and show only ghost text
    // that begins it: the model's choice was lost.
    const uri = pathToFileURL(path.join(root, 'chosen_1.py')).href;
    const typed = 'events = tree.arrays()\nmet = np.hypot(events.MET_px, events.';
    await server.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'python', version: 1, text: `${SCRIPT}${typed}\n` } });
    await nothingPreparing(server.conn, 'the data files', 20_000);
    const position = endOf(SCRIPT + typed);
    // The document's prompt in the KV cache first, as the editor's warm-ups and earlier keystrokes leave
    // it: the list waits for the model only so long (400 ms), which a first, cold prompt may take.
    await firstSuggestion(server.conn, uri, { line: position.line, character: position.character - 'events.'.length });
    const before = (await server.conn.sendRequest(ServerStatusRequest)).completionCounters?.requests ?? 0;
    // As the editor sends them after a `.`: the list, and the inline request while the list waits.
    const [list, ghost] = await Promise.all([
      server.conn.sendRequest(CompletionRequest.type, { textDocument: { uri }, position }),
      firstSuggestion(server.conn, uri, position),
    ]);
    const items = Array.isArray(list) ? list : (list?.items ?? []);
    const first = [...items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label))[0];
    assert.ok(ghost.startsWith(first.label) && !/^\w/.test(ghost.slice(first.label.length)), `ghost ${ghost}, first ${first.label}`);
    assert.equal(first.preselect, true);
    assert.deepEqual(items.filter((i) => i.preselect).map((i) => i.label), [first.label]);
    assert.notEqual(first.label, 'MET_px', 'the taken branch is not the choice');
    // Then the branches, before the array's own attributes (`cpp_type`), the taken one last.
    const order = [...items].sort((a, b) => a.sortText!.localeCompare(b.sortText!)).map((i) => (i === first ? 'chosen' : i.label === 'MET_px' ? 'taken' : i.kind === CompletionItemKind.Field ? 'field' : 'attribute'));
    assert.deepEqual([...new Set(order)], ['chosen', 'field', 'attribute', 'taken']);
    const after = (await server.conn.sendRequest(ServerStatusRequest)).completionCounters?.requests ?? 0;
    assert.equal(after - before, 1, 'one model run answered both');
    // With a name typed, the list's choice is a branch that name starts.
    assert.ok((await suggestList('chosen_2.py', 'events = tree.arrays()\nm = events.Muon_P')).some((i) => i.preselect && /^Muon_P[xyz]$/.test(i.label)));
    assert.deepEqual(server.errors, []);
  });

  it('reads the files a pattern names, as uproot.concatenate does', async () => {
    const typed = 'events = uproot.concatenate("data/runs/run_*.root:events")\nn = events["NPrimaryV';
    assert.match(await suggestAfter('runs_1.py', typed, '"]\n'), /^ertices$/);
    assert.deepEqual(server.errors, []);
  });

  it('reads a file again once it changed on disk', async () => {
    // Now the Z → μμ sample: its tree `events` has other branches (E1, px1, …, M).
    copyFileSync(path.join(FIXTURES, 'root', 'uproot-Zmumu.root'), path.join(root, 'data', 'sample.root'));
    assert.match(await suggestAfter('truth_3.py', 'eta = tree["eta'), /^[12]"/);
    assert.deepEqual(server.errors, []);
  });
});
