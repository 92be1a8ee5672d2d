import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { PythonSyntax } from '../completion/pythonSyntax';
import { type FileDescription, runDataJob } from '../../core/data/workers/dataJobs';
import { type DataFileKeys, keysOfDescription } from './dataKeys';
import { dataKeyLookup } from './dataNames';
import { moduleAliases } from './dataScriptText';
import { awkwardAttributes } from './awkwardNames';

const FIXTURES = path.join(__dirname, '..', '..', 'test', 'fixtures', 'data');

/** An analysis script as the field writes them: a ROOT tree, an HDF5 file, an npz and a parquet file. */
const SCRIPT = `import os

import h5py
import numpy as np
import pandas as pd
import uproot as up

DATA = os.path.join("data", "hzz.root")
BRANCHES = ["Jet_Px", "Jet_Py", "Jet_E"]


def load():
    tree = up.open(DATA)["events"]
    CURSOR_TREE
    events = tree.arrays(BRANCHES)
    CURSOR_EVENTS
    for batch in tree.iterate(["Jet_E", "NJet"], step_size=100):
        CURSOR_BATCH


def direct():
    tree = up.open("data/hzz.root:events")
    CURSOR_DIRECT


with h5py.File("jets.h5", "r") as f:
    jets = f["jets"]
    CURSOR_H5

npz = np.load("jets.npz")
df = pd.read_parquet("jets.parquet")
CURSOR_MODULE
`;

describe('Data keys: which file and node a name holds at the cursor', () => {
  let syntax: PythonSyntax;
  let files: Map<string, DataFileKeys>;
  before(async () => {
    syntax = await PythonSyntax.load();
    const keysOf = async (file: string) => keysOfDescription((await runDataJob({ op: 'describe', file: path.join(FIXTURES, file) })) as FileDescription)!;
    files = new Map([
      ['data/hzz.root', await keysOf('root/uproot-HZZ.root')],
      ['jets.h5', await keysOf('hdf5/jets.h5')],
      ['jets.npz', await keysOf('npy/jets.npz')],
      ['jets.parquet', await keysOf('parquet/jets.parquet')],
    ]);
  });

  /** The keys for `chain` where `line` replaces `marker` in `source`, the cursor at its end. */
  const keysAt = (source: string, marker: string, line: string, chain: string) => {
    const text = source.replace(marker, line).replace(/CURSOR_\w+/g, 'pass');
    const offset = text.indexOf(line) + line.length;
    return dataKeyLookup(text, offset, syntax, files)?.get(chain);
  };

  it('reads the module names a script imports under', () => {
    const aliases = moduleAliases('import numpy as np, h5py\nfrom pyarrow import parquet as pq\n    import uproot\nfrom h5py import File  # comment\n');
    assert.deepEqual(Object.fromEntries(aliases), { np: 'numpy', h5py: 'h5py', pq: 'pyarrow.parquet', uproot: 'uproot', File: 'h5py.File' });
    assert.deepEqual(Object.fromEntries(moduleAliases(`import${' '.repeat(20_000)}x!\nfrom a import${' '.repeat(20_000)}(b, c)\n`)), { b: 'a.b', c: 'a.c' }, 'a line of blanks read at once');
  });

  it('gives a ROOT tree\'s branches, the fields arrays() and iterate() read, and the tree of uproot\'s `file:tree`', () => {
    const branches = keysAt(SCRIPT, 'CURSOR_TREE', 'px = tree["Jet_', 'tree[');
    assert.equal(branches?.length, 51);
    assert.ok(branches?.includes('Jet_Px') && branches.includes('NJet'));
    assert.deepEqual(keysAt(SCRIPT, 'CURSOR_TREE', 'a = tree.arrays(["', 'tree.arrays(['), branches);
    assert.deepEqual(keysAt(SCRIPT, 'CURSOR_EVENTS', 'px = events["', 'events['), ['Jet_E', 'Jet_Px', 'Jet_Py']);
    assert.deepEqual(keysAt(SCRIPT, 'CURSOR_BATCH', 'e = batch["', 'batch['), ['Jet_E', 'NJet']);
    assert.deepEqual(keysAt(SCRIPT, 'CURSOR_DIRECT', 'x = tree["', 'tree['), branches);
    const iterated = 'import uproot\ndef truth(path="data/hzz.root:events"):\n    for batch in uproot.iterate(path, ["MClepton_px", "MCleptonPDGid"], step_size=1000):\n        CURSOR\n';
    assert.deepEqual(keysAt(iterated, 'CURSOR', 'pdg = batch["', 'batch['), ['MCleptonPDGid', 'MClepton_px']);
    const concatenated = 'import uproot\nbatch = uproot.concatenate("data/hzz.root:events", ["NJet"])\nloop = uproot.iterate("data/hzz.root:events", ["NJet"])\nCURSOR\n';
    assert.deepEqual(keysAt(concatenated, 'CURSOR', 'n = batch["', 'batch['), ['NJet']);
    assert.equal(keysAt(concatenated, 'CURSOR', 'n = loop["', 'loop['), undefined, 'iterate() outside a loop gives batches, not a record');
    assert.deepEqual(keysAt(SCRIPT, 'CURSOR_DIRECT', 'x = tree.arrays(["Jet_Px", "', 'tree.arrays(['), branches);
  });

  it('gives the fields of an ak.Array of branches after its name and a dot (`events.Jet_Px`), with ak.Array\'s own attributes', () => {
    const own = ['Mask', 'attrs', 'behavior', 'cpp_type', 'fields', 'is_tuple', 'layout', 'mask', 'named_axis', 'nbytes', 'ndim', 'numba_type', 'positional_axis', 'show', 'to_list', 'to_numpy', 'tolist', 'type', 'typestr'];
    const withOwn = (fields: string[]) => [...own, ...fields].sort();
    assert.deepEqual(keysAt(SCRIPT, 'CURSOR_EVENTS', 'px = events.', 'events'), withOwn(['Jet_E', 'Jet_Px', 'Jet_Py']));
    assert.deepEqual(keysAt(SCRIPT, 'CURSOR_EVENTS', 'px = events.Jet_', 'events'), withOwn(['Jet_E', 'Jet_Px', 'Jet_Py']), 'a name begun after the dot');
    assert.deepEqual(keysAt(SCRIPT, 'CURSOR_BATCH', 'e = batch.', 'batch'), withOwn(['Jet_E', 'NJet']));
    const text = SCRIPT.replace('CURSOR_EVENTS', 'px = events.').replace(/CURSOR_\w+/g, 'pass');
    const lookup = dataKeyLookup(text, text.indexOf('px = events.') + 'px = events.'.length, syntax, files);
    const properties = ['attrs', 'behavior', 'cpp_type', 'fields', 'is_tuple', 'layout', 'mask', 'named_axis', 'nbytes', 'ndim', 'numba_type', 'positional_axis', 'type', 'typestr'];
    assert.deepEqual([...(lookup?.uncallable?.('events') ?? [])].sort(), [...properties, 'Jet_E', 'Jet_Px', 'Jet_Py'].sort(), 'the fields and properties, never called');
    assert.equal(lookup?.uncallable?.('tree'), undefined);
    assert.deepEqual([...(lookup?.columns?.('events') ?? [])].sort(), ['Jet_E', 'Jet_Px', 'Jet_Py'], 'the fields alone are columns');
    const treeKeys = lookup?.get('tree[');
    assert.ok(treeKeys?.includes('Jet_Px'));
    assert.deepEqual([...(lookup?.columns?.('tree[') ?? [])], treeKeys, 'and a tree\'s branches, all of them');
    const all = keysAt('import uproot\nevents = uproot.concatenate("data/hzz.root:events", library="ak")\nCURSOR\n', 'CURSOR', 'n = events.', 'events');
    assert.equal(all?.length, 51 + own.length, 'every branch, none of them named like an attribute');
    const none = (source: string, line: string, chain: string, why: string) => assert.equal(keysAt(source, 'CURSOR', line, chain), undefined, why);
    const head = 'import uproot\nimport numpy as np\nimport pandas as pd\ntree = uproot.open("data/hzz.root")["events"]\n';
    none(`${head}CURSOR\n`, 'n = tree.', 'tree', 'a TTree: its methods, not its branches');
    none(`${head}events = tree.arrays(["NJet"], library="np")\nCURSOR\n`, 'n = events.', 'events', 'a dict of NumPy arrays');
    none(`${head}events = tree.arrays(["NJet"], library="pd")\nCURSOR\n`, 'n = events.', 'events', 'a DataFrame');
    none(`${head}for batch in tree.iterate(["NJet"], library="np"):\n    CURSOR\n`, 'n = batch.', 'batch', 'batches as dicts');
    none(`${head}events = tree.arrays(["NJet", "MET_px"], how="zip")\nCURSOR\n`, 'n = events.', 'events', 'fields zipped into others');
    none(`${head}events = tree.arrays(["NJet"])\nevents = events[events.NJet > 2]\nCURSOR\n`, 'n = events.', 'events', 'rebound to a selection (not followed)');
    none(`${head}events = {"NJet": 1}\nCURSOR\n`, 'n = events.', 'events', 'a script that reads no arrays asks nothing');
    // Bound to the same branches as an awkward array and as a dict: their keys, not attributes.
    const either = `${head}if fast:\n    events = tree.arrays(["NJet"])\nelse:\n    events = tree.arrays(["NJet"], library="np")\nCURSOR\n`;
    none(either, 'n = events.', 'events', 'a dict on one branch of the if');
    assert.deepEqual(keysAt(either, 'CURSOR', 'n = events["', 'events['), ['NJet']);
    none(`${head}events = tree.arrays(["NJet"])\nevents["two"] = events["NJet"] * 2\nCURSOR\n`, 'n = events.', 'events', 'a field added');
    none(`${head}npz = np.load("jets.npz")\nCURSOR\n`, 'n = npz.', 'npz', 'an npz file');
    none(`${head}df = pd.read_parquet("jets.parquet", columns=["jet_pt"])\nCURSOR\n`, 'n = df.', 'df', 'a DataFrame of columns');
    none(`${head}events = tree.arrays(["NJet"])\ndef f(events):\n    CURSOR\n`, 'n = events.', 'events', 'another binding of the name in the scope');
  });

  it('writes as attributes only the fields Python can: identifiers that are no keyword', () => {
    const names = awkwardAttributes(['Jet.PT', 'class', 'match', '_private', 'E', 'type']);
    assert.ok(names.includes('match') && names.includes('_private') && names.includes('E') && names.includes('type'));
    assert.ok(!names.includes('Jet.PT') && !names.includes('class'));
    assert.equal(names.filter((n) => n === 'type').length, 1);
  });

  it('gives an HDF5 group\'s members by relative path, an npz\'s arrays and a parquet file\'s columns', () => {
    assert.deepEqual(keysAt(SCRIPT, 'CURSOR_H5', 'pt = f["', 'f['), ['jets', 'jets/eta', 'jets/is_signal', 'jets/pt', 'lzf', 'lzf/pt', 'particles', 'particles/deta', 'particles/n', 'particles/names']);
    assert.deepEqual(keysAt(SCRIPT, 'CURSOR_H5', 'pt = f["particles"]["', 'f["particles"]['), ['deta', 'n', 'names']);
    assert.deepEqual(keysAt(SCRIPT, 'CURSOR_H5', 'pt = jets["', 'jets['), ['eta', 'is_signal', 'pt']);
    assert.deepEqual(keysAt(SCRIPT, 'CURSOR_MODULE', 'x = npz["', 'npz['), ['fortran_f8', 'jet_pt', 'part_deta']);
    assert.deepEqual(keysAt(SCRIPT, 'CURSOR_MODULE', 'x = df["', 'df['), ['jet_id', 'jet_label', 'jet_nparticles', 'jet_pt', 'name', 'part_deta']);
    // The list a subscript selects several columns with, the cursor in its second string.
    assert.deepEqual(keysAt(SCRIPT, 'CURSOR_MODULE', 'x = df[["jet_pt", "', 'df['), ['jet_id', 'jet_label', 'jet_nparticles', 'jet_pt', 'name', 'part_deta']);
    assert.equal(keysAt(SCRIPT, 'CURSOR_TREE', 'n = up.open(DATA)[["', 'up.open(DATA)[')?.[0], 'events', 'a call\'s, where the document has it');
    assert.deepEqual(keysAt(SCRIPT, 'CURSOR_TREE', 'n = up.open(DATA)["', 'up.open(DATA)['), ['events'], 'a call where the document has it');
    assert.equal(keysAt(SCRIPT, 'CURSOR_TREE', 'n = up.open(DATA)["events"]["', 'up.open(DATA)["events"][')?.length, 51);
    assert.equal(keysAt(SCRIPT, 'CURSOR_TREE', 'n = 1', 'up.open(DATA)['), undefined, 'a call the model wrote: not in the document');
    assert.equal(keysAt(SCRIPT, 'CURSOR_MODULE', 'x = f["', 'f[')?.length, 10, 'a with statement binds the name in its scope, after the block too');
  });

  it('gives nothing where the reading could be wrong', () => {
    const none = (source: string, line: string, chain: string, why: string) => assert.equal(keysAt(source, 'CURSOR', line, chain), undefined, why);
    const head = 'import uproot\nimport h5py\n';
    none(`${head}def f(tree):\n    CURSOR\n`, 'x = tree["', 'tree[', 'a parameter no call hands a file');
    none(`${head}import pandas as pd\ndf = pd.read_parquet("jets.parquet")\ndf["jet_pt2"] = df["jet_pt"] ** 2\nCURSOR\n`, 'x = df["jet_', 'df[', 'a frame the script adds columns to');
    none(`${head}f = h5py.File("jets.h5")\nf.create_dataset("mass", data=m)\nCURSOR\n`, 'x = f["', 'f[', 'a file the script adds datasets to');
    const frame = `${head}import pandas as pd\ndf = pd.read_parquet("jets.parquet")\n`;
    for (const write of ['df["pt2"]: float = 1', 'del names, df["name"]', 'df.loc[:, "pt2"] = 1', 'df[["pt2", "m2"]] = 0', 'df[\n    "pt2"\n] = 1', 'df.columns = ["a", "b"]', 'df.drop(columns=["name"], inplace=True)', 'ev = df\nev["pt2"] = 1']) {
      none(`${frame}${write}\nCURSOR\n`, 'x = df["', 'df[', `keys written: ${write}`);
    }
    none(`${head}f = h5py.File("jets.h5")\nf["jets"]["mass"] = m\nCURSOR\n`, 'x = f["', 'f[', 'a dataset written in a group');
    none(`${frame}sel = df[df.eval("""\nCURSOR\n""")]\n`, 'x = df["', 'df[', 'a string inside a subscript\'s brackets');
    none(`${head}f = h5py.File("jets.h5", "a")\nCURSOR\n`, 'x = f["', 'f[', 'a file opened to append');
    none(`${head}f = h5py.File("jets.h5", mode="r+")\nCURSOR\n`, 'x = f["', 'f[', 'a file opened to write');
    none(`${head}t = uproot.open("data/hzz.root")["events"]\ne = t.arrays(["Jet_Px"], how="zip")\nCURSOR\n`, 'x = e["', 'e[', 'fields renamed by zipping');
    none(`${head}t = uproot.open("data/hzz.root")["events"]\nHELP = """\nCURSOR\n"""\n`, 'x = t["', 't[', 'a subscript in a string\'s text');
    none(`${head}path = "jets.h5"\n${'path = os.path.join(path, "")\n'.repeat(12)}f = h5py.File(path)\nCURSOR\n`, 'x = f["', 'f[', 'a path rebuilt from itself, read once per binding');
    none(`${head}t = uproot.open("data/hzz.root")["events"]\nif x:\n    t = uproot.open("other.root")["events"]\nCURSOR\n`, 'x = t["', 't[', 'bound to two files');
    none(`${head}f = h5py.File("jets.h5", "w")\nCURSOR\n`, 'x = f["', 'f[', 'a file the script writes anew');
    none(`${head}t = uproot.open("data/hzz.root")["events"]\ne = t.arrays(filter_name="Jet_*")\nCURSOR\n`, 'x = e["', 'e[', 'branches chosen by a filter');
    none(`${head}t = uproot.open("data/hzz.root")["events"]\ne = t.arrays(names)\nCURSOR\n`, 'x = e["', 'e[', 'a list the script makes elsewhere');
    none(`${head}t = uproot.open("missing.root")["events"]\nCURSOR\n`, 'x = t["', 't[', 'a file not read');
    none(`${head}t = uproot.open("data/hzz.root")["nothere"]\nCURSOR\n`, 'x = t["', 't[', 'no such key in the file');
    none(`${head}t = uproot.open("data/hzz.root")["events"]\nb = t["Jet_Px"]\nCURSOR\n`, 'x = b["', 'b[', 'a branch has no keys we list');
    none(`t = uproot.open("data/hzz.root")["events"]\nCURSOR\n`, 'x = t["', 't[', 'uproot not imported: `uproot` may be anything');
    none(`${head}t = uproot.open("data/hzz.root")["events"]\ndef g():\n    global t\n    t = None\nCURSOR\n`, 'x = t["', 't[', 'a global statement');
  });

  it('lists a split object\'s parent branches, which uproot reads too', () => {
    const keys = keysOfDescription({ format: 'root', keys: [], trees: [{ name: 'Delphes', title: '', entries: 1, bytes: 0, storedBytes: 0, branches: ['Jet.PT', 'Jet_size', 'Event/Event.Number'].map((name) => ({ name, type: 'float', shape: 'flat', entries: 1, bytes: 0, storedBytes: 0, baskets: 1 })) }] })!;
    assert.deepEqual(keys.nodes.get('Delphes'), ['Event', 'Event/Event', 'Event/Event.Number', 'Jet', 'Jet.PT', 'Jet_size']);
  });

  it('takes a parameter\'s default for the path the file is at', () => {
    const source = 'import numpy as np\ndef load(path: str = "jets.npz", other=None):\n    data = np.load(path)\n    CURSOR\n';
    assert.deepEqual(keysAt(source, 'CURSOR', 'x = data["', 'data['), ['fortran_f8', 'jet_pt', 'part_deta']);
    assert.equal(keysAt(source.replace('np.load(path)', 'np.load(other)'), 'CURSOR', 'x = data["', 'data['), undefined);
  });

  it('follows a path and a tree through the calls that hand them and an argparse option\'s default', () => {
    // As the demo's train.py has it: the path handed down two functions from `--data`'s default.
    const demo = `import argparse
import numpy as np


def read_columns(path: str):
    with np.load(path) as data:
        CURSOR
    return data


def load_jets(path):
    return read_columns(path)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default="jets.npz")
    parser.add_argument("--epochs", type=int, default=20)
    args = parser.parse_args()
    load_jets(args.data)
`;
    const npz = ['fortran_f8', 'jet_pt', 'part_deta'];
    assert.deepEqual(keysAt(demo, 'CURSOR', 'x = data["', 'data['), npz);
    const direct = 'import argparse\nimport h5py\nparser = argparse.ArgumentParser()\nparser.add_argument("-i", "--input-file", type=Path, default="jets.h5")\nargs = parser.parse_args()\nf = h5py.File(args.input_file, "r")\nCURSOR\n';
    assert.equal(keysAt(direct, 'CURSOR', 'x = f["', 'f[')?.length, 10, 'an option read at module level');
    const handed = 'import uproot\ndef select(events, cut):\n    CURSOR\n\ntree = uproot.open("data/hzz.root")["events"]\nselect(tree, 1)\nselect(events=tree, cut=2)\n';
    assert.equal(keysAt(handed, 'CURSOR', 'px = events["', 'events[')?.length, 51, 'a tree every call hands the function');
    assert.equal(keysAt(handed.replace('select(tree, 1)', 'select(uproot.open("data/hzz.root")["events"], 1)'), 'CURSOR', 'px = events["', 'events[')?.length, 51, 'the same tree written otherwise');

    const none = (source: string, line: string, chain: string, why: string) => assert.equal(keysAt(source, 'CURSOR', line, chain), undefined, why);
    none(demo.replace('load_jets(args.data)', 'load_jets(args.data)\n    load_jets("data/hzz.root")'), 'x = data["', 'data[', 'two calls handing two files');
    none(demo.replace('load_jets(args.data)', 'list(map(load_jets, [args.data]))'), 'x = data["', 'data[', 'the function handed on: calls we cannot see');
    none(demo.replace('def load_jets', '@click.command()\ndef load_jets'), 'x = data["', 'data[', 'a decorator that calls it otherwise');
    none(demo.replace('load_jets(args.data)', 'load_jets()'), 'x = data["', 'data[', 'a call that hands nothing');
    none(handed.replace('select(tree, 1)', 'select(np.load("jets.npz"), 1)'), 'px = events["', 'events[', 'two calls handing two files');
    const option = (change: string, why: string) => none(demo.replace('"--data", default="jets.npz"', change), 'x = data["', 'data[', why);
    option('"--data"', 'an option with no default');
    option('"--data", default="jets.npz", required=True', 'a required option: its default is never used');
    option('"--data", default="jets.npz", nargs="+"', 'several values');
    option('"--data", default="jets.npz", type=resolve', 'a converter that may make it another path');
    option('"--data", default="jets.npz", action=Custom', 'a custom action');
    option('"--data", default=os.environ["DATA"]', 'a default read at run time');
    none(demo.replace('args = parser.parse_args()', 'parser.set_defaults(data="x.npz")\n    args = parser.parse_args()'), 'x = data["', 'data[', 'set_defaults');
    none(demo.replace('args = parser.parse_args()', 'args = parser.parse_args()\n    args.data = args.data.strip()'), 'x = data["', 'data[', 'the attribute assigned');
    none(demo.replace('"--epochs", type=int', 'names[0], type=int'), 'x = data["', 'data[', 'an option whose dest is not written out');
    option('"data", default="jets.npz"', 'a positional that must be given: its default is never used');
    option('"--data", nargs="?", const="other.npz", default="jets.npz"', 'a bare --data gives the const');
    assert.deepEqual(keysAt(demo.replace('"--data", default="jets.npz"', '"data", nargs="?", default="jets.npz"'), 'CURSOR', 'x = data["', 'data['), npz, 'a positional that may be left out');
    // The options' defaults only where the namespace holds what the command line gave.
    none(demo.replace('parser.parse_args()', 'parser.parse_args(["--data", "other.npz"])'), 'x = data["', 'data[', 'arguments handed to parse_args');
    assert.deepEqual(keysAt(demo.replace('parser.parse_args()', 'parser.parse_args(sys.argv[1:])'), 'CURSOR', 'x = data["', 'data['), npz, 'the command line itself');
    none(demo.replace('    load_jets(args.data)', '    overrides.apply(args)\n    load_jets(args.data)'), 'x = data["', 'data[', 'the namespace handed to another module, which may set it');
    none(demo.replace('    args = parser.parse_args()', '    common.add_data_args(parser)\n    args = parser.parse_args()'), 'x = data["', 'data[', 'the parser handed to another module, which may add the option');
    none(demo.replace('    load_jets(args.data)', '    opts = args\n    overrides.apply(opts)\n    load_jets(args.data)'), 'x = data["', 'data[', 'the namespace handed on under another name');
  });

  it('takes a parameter\'s default only where every call agrees with it', () => {
    const source = 'import numpy as np\ndef load(path="jets.npz"):\n    data = np.load(path)\n    CURSOR\n';
    const npz = ['fortran_f8', 'jet_pt', 'part_deta'];
    assert.deepEqual(keysAt(`${source}load()\nload("jets.npz")\n`, 'CURSOR', 'x = data["', 'data['), npz, 'calls that leave it or hand the same file');
    assert.equal(keysAt(`${source}load()\nload("data/hzz.root")\n`, 'CURSOR', 'x = data["', 'data['), undefined, 'a call handing another file');
    assert.equal(keysAt(`${source}paths = map(load, files)\n`, 'CURSOR', 'x = data["', 'data['), undefined, 'the function handed on');
  });

  it('gives nothing where keys are written through another name that holds the same data', () => {
    const frame = 'import pandas as pd\ndef plot(data):\n    CURSOR\n\ndf = pd.read_parquet("jets.parquet")\n';
    assert.equal(keysAt(`${frame}plot(df)\n`, 'CURSOR', 'x = data["', 'data[')?.length, 6);
    assert.equal(keysAt(`${frame}df["pt2"] = df["jet_pt"] ** 2\nplot(df)\n`, 'CURSOR', 'x = data["', 'data['), undefined, 'the caller adds a column');
    const helper = 'def add(frame):\n    frame["pt2"] = frame["jet_pt"] ** 2\n\n';
    assert.equal(keysAt(`${helper}${frame}add(df)\nplot(df)\n`, 'CURSOR', 'x = data["', 'data['), undefined, 'a helper adds one to what it is handed');
    const two = `${helper}import pandas as pd\ntrain = pd.read_parquet("jets.parquet")\ntest = pd.read_parquet("other.parquet")\nadd(train)\nadd(test)\nCURSOR\n`;
    assert.equal(keysAt(two, 'CURSOR', 'y = train["', 'train['), undefined, 'a helper called with this frame and another');
    const loop = 'import pandas as pd\ntrain = pd.read_parquet("jets.parquet")\ntest = pd.read_parquet("other.parquet")\nfor frame in (train, test):\n    frame["pt2"] = frame["jet_pt"] ** 2\nCURSOR\n';
    assert.equal(keysAt(loop, 'CURSOR', 'y = train["', 'train['), undefined, 'a loop over this frame and another');
    assert.equal(keysAt(`${helper}${frame}df.pipe(add)\nplot(df)\n`, 'CURSOR', 'x = data["', 'data['), undefined, 'a writing helper handed on: its calls are not seen');
    assert.equal(keysAt(`${frame}a, b = df, 1\na["pt2"] = 0\nplot(df)\n`, 'CURSOR', 'x = data["', 'data['), undefined, 'written through unpacked targets');
    const numbers = `import numpy as np\n${frame}pt = np.hypot(df["jet_pt"], 1)\npt[pt < 0] = 0\ndef fill(out):\n    out[0] = 1\nfill(np.zeros(3))\nplot(df)\n`;
    assert.equal(keysAt(numbers, 'CURSOR', 'x = data["', 'data[')?.length, 6, 'writes into arrays computed from it, or made elsewhere');
    const output = 'import h5py\nimport uproot\nt = uproot.open("data/hzz.root")["events"]\nwith h5py.File("out.h5", "w") as out:\n    out.create_dataset("x", data=1)\nCURSOR\n';
    assert.equal(keysAt(output, 'CURSOR', 'n = t["', 't[')?.length, 51, 'a dataset written to another file');
  });

  it('reads the files a pattern names where uproot expands one, and only there', () => {
    const glob = new Map([...files, ['data/*.root', files.get('data/hzz.root')!]]);
    const keysAtGlob = (source: string, line: string, chain: string) => {
      const text = source.replace('CURSOR', line);
      return dataKeyLookup(text, text.indexOf(line) + line.length, syntax, glob)?.get(chain);
    };
    const iterated = 'import uproot\nfor batch in uproot.iterate("data/*.root:events", ["NJet", "Jet_Px"]):\n    CURSOR\n';
    assert.deepEqual(keysAtGlob(iterated, 'n = batch["', 'batch['), ['Jet_Px', 'NJet']);
    const dict = 'import uproot\nevents = uproot.concatenate({"data/*.root": "events"})\nCURSOR\n';
    assert.equal(keysAtGlob(dict, 'n = events["', 'events[')?.length, 51, 'a dict of one pattern and its tree, all branches');
    assert.equal(keysAtGlob('import uproot\nf = uproot.open("data/*.root")\nCURSOR\n', 'x = f["', 'f['), undefined, 'uproot.open opens one file: a pattern is none');
    assert.equal(keysAtGlob('import uproot\nevents = uproot.concatenate({"data/*.root": "events", "b.root": "t"})\nCURSOR\n', 'n = events["', 'events['), undefined, 'a dict of two');
  });

  it('reads a binding whose value goes on below its line', () => {
    const source = 'import uproot\ntree = (\n    uproot.open("data/hzz.root")\n    ["events"]\n)\nCURSOR\n';
    assert.equal(keysAt(source, 'CURSOR', 'x = tree["', 'tree[')?.length, 51);
  });

  it('reads a key on a line inside brackets an earlier line opened', () => {
    assert.deepEqual(keysAt(SCRIPT, 'CURSOR_EVENTS', 'x = np.stack([\n        events["', 'events['), ['Jet_E', 'Jet_Px', 'Jet_Py']);
  });

  it('follows Python\'s scopes: a function\'s own binding hides the module\'s', () => {
    const source = 'import uproot\nimport numpy as np\nt = uproot.open("data/hzz.root")["events"]\ndef g():\n    t = np.load("jets.npz")\n    CURSOR_IN\nCURSOR_OUT\n';
    assert.deepEqual(keysAt(source, 'CURSOR_IN', 'x = t["', 't['), ['fortran_f8', 'jet_pt', 'part_deta']);
    assert.equal(keysAt(source, 'CURSOR_OUT', 'x = t["', 't[')?.length, 51);
  });
});
