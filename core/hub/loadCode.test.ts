// The Python that "Copy code" puts on the clipboard, per model kind and data format.
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseCatalog } from './catalog';
import { datasetLoadCode, modelLoadCode, pythonLiteral } from './loadCode';

const catalog = parseCatalog(readFileSync(path.join(__dirname, '..', '..', 'hub', 'catalog.json'), 'utf8'), 'built-in');
const model = (id: string) => catalog.models.find((m) => m.id === id)!;
const dataset = (id: string) => catalog.datasets.find((d) => d.id === id)!;

describe('load code for hub files', () => {
  it('loads torchvision ResNet weights into the network', () => {
    const code = modelLoadCode(model('resnet'), '/home/u/.hai/weights/resnet/resnet18-f37072fd.pth');
    assert.match(code, /^import torch\nimport torchvision\n/);
    assert.match(code, /torch\.load\("\/home\/u\/\.hai\/weights\/resnet\/resnet18-f37072fd\.pth", map_location="cpu", weights_only=True\)/);
    assert.match(code, /model\.load_state_dict\(state\)/);
  });

  it('loads every model\'s weights with weights_only=True, which runs no pickled code, and says what to do when a checkpoint needs more', () => {
    for (const id of ['resnet', 'particlenet', 'pfn']) {
      const code = modelLoadCode(model(id), '/w/x.pt');
      assert.match(code, /torch\.load\([^)]*weights_only=True\)/, id);
      assert.doesNotMatch(code, /^[^#]*weights_only=False/m, id);
      assert.match(code, /^# weights_only=True .*\n#.*\n# torch\.serialization\.add_safe_globals\(\[TheClass\]\)/m, id);
    }
  });

  it("points weaver weights at the network config they belong to", () => {
    const code = modelLoadCode(model('particlenet'), '/w/ParticleNet_kin.pt');
    assert.match(code, /example_ParticleNet\.py/);
  });

  it('unpacks an archive of ROOT files into its folder and reads branches with uproot', () => {
    const jetclass = dataset('jetclass');
    const code = datasetLoadCode(jetclass, jetclass.files[10], '/d/JetClass_Pythia_val_5M.tar');
    assert.match(code, /with tarfile\.open\("\/d\/JetClass_Pythia_val_5M\.tar"\) as tar:\n {4}tar\.extractall\("\/d", filter="data"\)\n/);
    assert.match(code, /files = sorted\(glob\.glob\("\/d\/\*\*\/\*\.root", recursive=True\)\)/);
    assert.match(code, /^import glob\nimport tarfile\nimport uproot\n/);
    assert.match(code, /uproot\.open\(files\[0\]\)/);
    assert.match(code, /\["part_px", "part_py", "part_pz", "part_energy", "label_QCD"\]/);
  });

  it('reads the files of an archive HAI has extracted without unpacking it again', () => {
    const jetclass = dataset('jetclass');
    const code = datasetLoadCode(jetclass, jetclass.files[10], '/d/JetClass_Pythia_val_5M.tar', true);
    assert.doesNotMatch(code, /tarfile|extractall/);
    assert.match(code, /^import glob\nimport uproot\n/);
    assert.match(code, /files = sorted\(glob\.glob\("\/d\/\*\*\/\*\.root", recursive=True\)\)/);
  });

  it('reads parquet with awkward, and escapes paths as Python strings', () => {
    const top = dataset('toplandscape');
    const code = datasetLoadCode({ ...top, archive: undefined }, top.files[0], 'C:\\data\\top "x".parquet');
    assert.match(code, /ak\.from_parquet\("C:\\\\data\\\\top \\"x\\"\.parquet"\)/);
  });
});

// Catalog text is untrusted: a hub can name a model or a file anything. What Python makes of the
// generated code is asked of Python itself (its parser, and running the code), not of a regex.
const PYTHONS = [...new Set(['/usr/bin/python3', ...(whichPython() ? [whichPython()!] : [])])];

function whichPython(): string | undefined {
  try {
    return realpathSync(execFileSync('/bin/sh', ['-c', 'command -v python3'], { encoding: 'utf8' }).trim());
  } catch {
    return undefined;
  }
}

/** Python's view of a piece of code: its statements, the names it calls, its string constants and its line count. */
function pythonView(code: string): { statements: string[]; calls: string[]; strings: string[]; lines: number } {
  const script = `
import ast, json, sys
code = sys.stdin.read()
tree = ast.parse(code)
calls = sorted({ast.unparse(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)})
strings = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
print(json.dumps({"statements": [type(s).__name__ for s in tree.body], "calls": calls, "strings": strings, "lines": len(code.splitlines())}))
`;
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script], { input: code, encoding: 'utf8' })) as ReturnType<typeof pythonView>;
}

const HOSTILE = [
  'a\nimport os; os.system("touch /tmp/hai-pwned")\n#',
  'b\rimport shutil; shutil.rmtree("/")',
  'c\u2028d\u2029e\u0085f\x0bg\x0ch\x1ci',
  'quote " and \' and \\ and \\" and """ and \'\'\'',
  'nul \0 del \x7f bell \x07 esc \x1b[31m',
  'bidi \u202e\u2066 zero-width \u200b bom \ufeff',
  'lone \ud800 surrogate \udfff and a pair \ud83d\ude00',
  '数据 ünïcödé ✓',
  '',
];

describe('load code with hostile catalog text', function () {
  // Each test asks Python itself, tens of times: its start-up, not our code, can pass mocha's 2 s on a busy 2-core machine.
  this.timeout(30_000);
  it('writes any string as a Python literal that evaluates back to exactly that string', () => {
    const samples = [...HOSTILE, Array.from({ length: 600 }, (_, i) => String.fromCharCode((i * 7919) % 0x10000)).join('')];
    const source = `import json, sys\nvalues = [\n${samples.map((s) => `    ${pythonLiteral(s)},`).join('\n')}\n]\nsys.stdout.write(json.dumps(values))\n`;
    assert.equal(source.split('\n').length, samples.length + 5, 'one line per literal');
    for (const python of PYTHONS) {
      const out = execFileSync(python, ['-c', source], { encoding: 'utf8' });
      assert.deepEqual(JSON.parse(out), samples, `${python} reads the literals back`);
    }
  });

  it('keeps model names, file names and URLs from adding lines or statements to the model code', () => {
    const particlenet = model('particlenet');
    for (const evil of HOSTILE) {
      const hostile = { ...particlenet, name: evil, configs: particlenet.configs?.map((c) => ({ ...c, name: evil })) };
      const benign = pythonView(modelLoadCode(particlenet, '/w/ParticleNet_kin.pt'));
      const seen = pythonView(modelLoadCode(hostile, `/w/${evil}.pt`));
      assert.deepEqual(seen.statements, benign.statements, JSON.stringify(evil));
      assert.deepEqual(seen.calls, benign.calls, JSON.stringify(evil));
      assert.equal(seen.lines, benign.lines, JSON.stringify(evil));
      assert.ok(seen.strings.includes(`/w/${evil}.pt`), 'the path reaches torch.load exactly');
      const other = pythonView(modelLoadCode({ ...model('pfn'), name: evil, code: `https://e.org/${evil}` }, '/w/pfn.pt'));
      assert.equal(other.lines, pythonView(modelLoadCode(model('pfn'), '/w/pfn.pt')).lines, JSON.stringify(evil));
    }
  });

  it('keeps file names, features and labels from adding lines or statements to the dataset code', () => {
    const jetclass = dataset('jetclass');
    for (const extracted of [false, true]) {
      const benign = pythonView(datasetLoadCode(jetclass, jetclass.files[10], '/d/JetClass_Pythia_val_5M.tar', extracted));
      for (const evil of HOSTILE) {
        const hostile = { ...jetclass, features: [evil, ...(jetclass.features ?? []).slice(1)], labels: [evil] };
        const file = { ...jetclass.files[10], name: `${evil}.tar` };
        const seen = pythonView(datasetLoadCode(hostile, file, `/d/${evil}.tar`, extracted));
        assert.deepEqual(seen.statements, benign.statements, JSON.stringify(evil));
        assert.deepEqual(seen.calls, benign.calls, JSON.stringify(evil));
        assert.equal(seen.lines, benign.lines, JSON.stringify(evil));
        assert.ok(seen.strings.includes(evil), 'the branch name reaches uproot exactly');
      }
    }
  });

  it('unpacks a tar only with the "data" filter, and says what to do on a Python without it', function () {
    this.timeout(60_000);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hai-loadcode-'));
    try {
      const folder = path.join(dir, 'datasets', 'jets');
      mkdirSync(folder, { recursive: true });
      const archive = path.join(folder, 'jets.tar');
      // A real npz inside a split folder, and an entry that climbs out of the dataset folder.
      execFileSync('/usr/bin/python3', [
        '-c',
        `import io, sys, tarfile, numpy as np
buf = io.BytesIO(); np.savez(buf, pt=np.arange(3.0), eta=np.zeros(3)); data = buf.getvalue()
with tarfile.open(sys.argv[1], "w") as t:
    for name, payload in [("val/jets_000.npz", data)] + ([("../../escaped.txt", b"outside")] if sys.argv[2] == "1" else []):
        info = tarfile.TarInfo(name); info.size = len(payload); info.mode = 0o4755; t.addfile(info, io.BytesIO(payload))`,
        archive,
        '1',
      ]);
      const npz = { ...dataset('jetclass'), format: 'npz' as const, archive: 'tar' as const };
      const code = datasetLoadCode(npz, { name: 'jets.tar', url: 'https://e.org/jets.tar' }, archive);
      for (const python of PYTHONS) {
        const hasFilter = execFileSync(python, ['-c', 'import tarfile; print(hasattr(tarfile, "data_filter"))'], { encoding: 'utf8' }).trim() === 'True';
        const run = spawnSync(python, ['-c', code], { cwd: dir, encoding: 'utf8' });
        assert.ok(!existsSync(path.join(dir, 'escaped.txt')), `${python}: nothing is written outside the dataset folder`);
        assert.notEqual(run.status, 0, `${python}: the hostile archive is refused`);
        if (!hasFilter) assert.match(run.stderr, /Python 3\.12.*3\.11\.4.*Extract in the HAI hub view/s, `${python}: says what to do`);
        rmSync(path.join(folder, 'val'), { recursive: true, force: true });
      }
      assert.match(code, /filter="data"/);
      // A clean archive on a Python with the filter: the pasted code runs and reads the arrays.
      execFileSync('/usr/bin/python3', ['-c', `import io, sys, tarfile, numpy as np
buf = io.BytesIO(); np.savez(buf, pt=np.arange(3.0), eta=np.zeros(3)); data = buf.getvalue()
with tarfile.open(sys.argv[1], "w") as t:
    info = tarfile.TarInfo("val/jets_000.npz"); info.size = len(data); info.mode = 0o4755; t.addfile(info, io.BytesIO(data))`, archive]);
      for (const python of PYTHONS) {
        const hasFilter = execFileSync(python, ['-c', 'import tarfile; print(hasattr(tarfile, "data_filter"))'], { encoding: 'utf8' }).trim() === 'True';
        const run = spawnSync(python, ['-c', code], { cwd: dir, encoding: 'utf8' });
        if (hasFilter) {
          assert.equal(run.status, 0, run.stderr);
          assert.match(run.stdout, /\['pt', 'eta'\]/);
          assert.equal(statSync(path.join(folder, 'val', 'jets_000.npz')).mode & 0o7000, 0, 'no setuid bit survives');
        } else {
          assert.notEqual(run.status, 0);
          assert.match(run.stderr, /Python 3\.12.*Extract in the HAI hub view/s);
          assert.ok(!existsSync(path.join(folder, 'val')), 'nothing was unpacked unsafely');
        }
        rmSync(path.join(folder, 'val'), { recursive: true, force: true });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
