import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DataFiles, dataStrings } from './dataFiles';

const FIXTURES = path.join(__dirname, '..', '..', 'test', 'fixtures', 'data');

describe('Data keys: the files a document names, read in a worker', function () {
  // The first reading starts a worker that loads the readers.
  this.timeout(60_000);
  let dir: string;
  let files: DataFiles;
  let logged: string[];
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hai-datafiles-'));
    fs.mkdirSync(path.join(dir, 'data'));
    fs.mkdirSync(path.join(dir, 'scripts'));
    fs.copyFileSync(path.join(FIXTURES, 'root', 'uproot-HZZ.root'), path.join(dir, 'data', 'hzz.root'));
    fs.copyFileSync(path.join(FIXTURES, 'npy', 'jets.npz'), path.join(dir, 'scripts', 'jets.npz'));
    logged = [];
    files = new DataFiles((m) => logged.push(m));
  });
  afterEach(async () => {
    await files.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const read = async (script: string, text: string) => {
    const uri = pathToFileURL(script).toString();
    await files.read(uri, script, text, [dir], () => true);
    return files.of(uri);
  };

  it('finds the strings that name data files, uproot\'s `:tree` left out', () => {
    assert.deepEqual(dataStrings('a = "data/x.root:events"\nb = \'y.H5\'\nc = "z.npz" + "w.parquet"\nd = "notes.txt"\ne = f"{x}.root"\n'), ['data/x.root', 'y.H5', 'z.npz', 'w.parquet']);
    assert.deepEqual(dataStrings('p = os.path.join("data", "runs", "x.root:events")\n'), ['data/runs/x.root', 'x.root']);
    assert.deepEqual(dataStrings('DATA = "data"\nf = h5py.File(os.path.join(DATA, "jets.h5"))\ng = os.path.join(OTHER, "x.npz")\n'), ['data/jets.h5', 'jets.h5', 'x.npz']);
  });

  it('reads the keys of files beside the script and under the workspace folder', async () => {
    const script = path.join(dir, 'scripts', 'train.py');
    const found = await read(script, 'import uproot\nimport numpy as np\ntree = uproot.open("data/hzz.root:events")\nx = np.load("jets.npz")\n');
    assert.deepEqual([...found.keys()], ['data/hzz.root', 'jets.npz']);
    assert.deepEqual(found.get('jets.npz')?.nodes.get(''), ['fortran_f8', 'jet_pt', 'part_deta']);
    assert.ok(found.get('data/hzz.root')?.nodes.get('events')?.includes('Jet_Px'));
    assert.deepEqual(logged, []);
  });

  it('reads a file again when it changes on disk, and says once why a damaged one gives no keys', async () => {
    const script = path.join(dir, 'scripts', 'train.py');
    const text = 'import numpy as np\nx = np.load("jets.npz")\ny = np.load("bad.npz")\n';
    fs.writeFileSync(path.join(dir, 'scripts', 'bad.npz'), Buffer.from('PK\x03\x04 this is no zip archive at all'));
    assert.deepEqual([...(await read(script, text)).keys()], ['jets.npz']);
    assert.equal(logged.length, 1);
    assert.match(logged[0], /bad\.npz: its keys are not suggested/);
    await read(script, text);
    assert.equal(logged.length, 1, 'said once, not at every reading');
    fs.copyFileSync(path.join(FIXTURES, 'npy', 'mixed.npz'), path.join(dir, 'scripts', 'jets.npz'));
    const again = await read(script, text);
    assert.notDeepEqual(again.get('jets.npz')?.nodes.get(''), ['fortran_f8', 'jet_pt', 'part_deta']);
    assert.ok((again.get('jets.npz')?.nodes.get('')?.length ?? 0) > 0);
  });

  it('reads the files a pattern names and keeps the keys they all have', async () => {
    const script = path.join(dir, 'scripts', 'skim.py');
    fs.mkdirSync(path.join(dir, 'data', 'runs'));
    fs.copyFileSync(path.join(FIXTURES, 'root', 'uproot-HZZ.root'), path.join(dir, 'data', 'runs', 'run_1.root'));
    fs.copyFileSync(path.join(FIXTURES, 'root', 'uproot-HZZ-zstd.root'), path.join(dir, 'data', 'runs', 'run_2.root'));
    const text = 'import uproot\nfor b in uproot.iterate("data/runs/run_*.root:events", ["NJet"]):\n    pass\n';
    const same = (await read(script, text)).get('data/runs/run_*.root');
    assert.ok(same?.nodes.get('events')?.includes('Jet_Px'), 'two copies of one sample share every branch');
    // A third file of another sample: its tree `events` has none of these branches.
    fs.copyFileSync(path.join(FIXTURES, 'root', 'uproot-Zmumu.root'), path.join(dir, 'data', 'runs', 'run_3.root'));
    const mixed = (await read(script, text)).get('data/runs/run_*.root');
    assert.equal(mixed?.nodes.get('events'), undefined, 'no branch all three have');
    assert.deepEqual(logged, []);
  });

  it('reads nothing once closed, and says nothing of the file a closing stopped', async () => {
    const script = path.join(dir, 'scripts', 'train.py');
    const uri = pathToFileURL(script).toString();
    const reading = files.read(uri, script, 'import uproot\nt = uproot.open("data/hzz.root")\n', [dir], () => true);
    await files.close();
    await reading;
    assert.equal((await read(script, 'x = np.load("jets.npz")\n')).size, 0);
    assert.deepEqual(logged, []);
  });

  it('keeps nothing for a document whose reading was overtaken or that names no file on disk', async () => {
    const script = path.join(dir, 'scripts', 'train.py');
    const uri = pathToFileURL(script).toString();
    await files.read(uri, script, 'x = np.load("jets.npz")\n', [dir], () => false);
    assert.equal(files.of(uri).size, 0);
    assert.equal((await read(script, 'x = np.load("nowhere.npz")\n')).size, 0);
  });
});
