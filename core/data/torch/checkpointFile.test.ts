// PyTorch checkpoints as the explorer reads them, against PyTorch itself: make_checkpoints.py writes
// real torch.save files with Debian's PyTorch (a state_dict, a training checkpoint with every element
// type and strided views, a pickled model) and what torch reads from each tensor; the reader must list
// the same tensors and give the same values, never run the pickle, and refuse broken or hostile
// archives with a message that says what is wrong.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { copyAsPython } from '../copyAsPython';
import { histogramDataset } from '../dataset';
import { structureOf } from '../structure';
import { type FileDescription, type HistogramResult, type RowsResult, runDataJob } from '../workers/dataJobs';
import { openCheckpoint } from './checkpointFile';
import { CheckpointError, TensorNode } from './checkpointPickle';
import { inChinese } from '../../testing/inChinese';

const PYTHON = '/usr/bin/python3';
const MAKE = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'data', 'torch', 'make_checkpoints.py');

type Expected = Record<string, { dtype: string; shape: number[]; values: number[] }>;

describe('PyTorch checkpoints', function () {
  this.timeout(120_000);
  let dir: string;
  let expected: { 'state_dict.pt': Expected; 'checkpoint.pt': { model: Expected; tensors: Expected }; 'scripted.pt': Expected; 'scripted_odd.pt': Expected };
  const file = (name: string): string => path.join(dir, name);

  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hai-torch-'));
    execFileSync(PYTHON, ['-W', 'ignore', MAKE, dir], { stdio: 'pipe' });
    expected = JSON.parse(readFileSync(file('expected.json'), 'utf8'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** Every tensor of a table with the values the reader gives, in C order. */
  async function tensorsOf(name: string, table: string): Promise<Expected> {
    const f = await openCheckpoint(file(name));
    try {
      const out: Expected = {};
      for (const t of f.tensors.filter((x) => x.table === table)) {
        assert.ok(t.tensor instanceof TensorNode, t.name);
        const a = f.tensor(t.tensor);
        out[t.name] = { dtype: a.dtype, shape: [...a.shape], values: Array.from(await a.read(0, a.entries)) };
      }
      return out;
    } finally {
      await f.close();
    }
  }

  it("lists a state_dict's tensors by their keys, with PyTorch's dtypes, shapes and values", async () => {
    assert.deepEqual(await tensorsOf('state_dict.pt', ''), expected['state_dict.pt']);
  });

  it('reads the legacy format (before PyTorch 1.6) as the zip one, and a cut copy up to where it ends', async () => {
    assert.deepEqual(await tensorsOf('legacy.pt', ''), expected['state_dict.pt']);
    // The storage written last lost its end: that tensor says so, every other reads as PyTorch has it.
    const f = await openCheckpoint(file('legacy_truncated.pt'));
    const failed: string[] = [];
    try {
      for (const t of f.tensors) {
        try {
          const a = f.tensor(t.tensor as TensorNode);
          assert.deepEqual(Array.from(await a.read(0, a.entries)), expected['state_dict.pt'][t.name].values, t.name);
        } catch (err) {
          assert.match((err as Error).message, /the file is truncated or damaged/);
          failed.push(t.name);
        }
      }
    } finally {
      await f.close();
    }
    assert.equal(failed.length, 1);
  });

  it('reads every element type, transposed and strided views, 0-d and empty tensors as PyTorch does', async () => {
    const ours = await tensorsOf('checkpoint.pt', 'tensors');
    assert.deepEqual(Object.keys(ours), Object.keys(expected['checkpoint.pt'].tensors));
    for (const [name, want] of Object.entries(expected['checkpoint.pt'].tensors)) assert.deepEqual(ours[name], want, name);
    assert.deepEqual(await tensorsOf('checkpoint.pt', 'model'), expected['checkpoint.pt'].model);
  });

  it('reads a range of entries along the first axis of a strided view', async () => {
    const f = await openCheckpoint(file('checkpoint.pt'));
    try {
      const t = f.tensors.find((x) => x.table === 'tensors' && x.name === 'transposed')!;
      const a = f.tensor(t.tensor as TensorNode);
      const all = expected['checkpoint.pt'].tensors.transposed.values;
      assert.deepEqual(Array.from(await a.read(2, 3)), all.slice(2 * 4, 5 * 4));
      await assert.rejects(a.read(5, 2), RangeError);
    } finally {
      await f.close();
    }
  });

  it("shows a training checkpoint's parts, its values (epoch, hyper-parameters, NumPy) and the classes Python would import", async () => {
    const s = structureOf((await runDataJob({ op: 'describe', file: file('checkpoint.pt') })) as FileDescription, 'checkpoint.pt', 99);
    assert.deepEqual([s.format, s.formatLabel], ['torch', 'PyTorch']);
    assert.deepEqual(s.tables.map((t) => [t.name, t.title]), [['model', '9 tensors'], ['optimizer', '18 tensors'], ['tensors', '13 tensors']]);
    const weight = s.tables[0].columns.find((c) => c.name === 'net.1.weight')!;
    assert.deepEqual([weight.type, weight.shape, weight.entries, weight.dims, weight.bytes, weight.access], ['float32', 'jagged', 8, [8, 5], 160, '["model"]["net.1.weight"]']);
    assert.deepEqual(s.tables[1].columns.map((c) => c.name).slice(0, 3), ['state.0.step', 'state.0.exp_avg', 'state.0.exp_avg_sq']);
    const values = Object.fromEntries(s.objects.map((o) => [o.name, `${o.className} ${o.title}`]));
    assert.equal(values.epoch, 'int 12');
    assert.equal(values.best_auc, 'numpy 0.9375');
    assert.equal(values.threshold, 'numpy 0.1'); // a float32, by its own shortest digits
    // Floats as Python writes them: a whole one is no int, a small one in exponent form.
    assert.deepEqual([values['args.weight_decay'], values['args.warmup'], values['args.lr']], ['float 0.0', 'float 1e-05', 'float 0.001']);
    assert.equal(values.losses, 'numpy ndarray float64 (3,)');
    assert.equal(values['args.data'], 'str "data/hzz-jets.npz"');
    assert.equal(values['args.epochs'], 'int 20');
    assert.equal(values['optimizer.param_groups.0.betas'], 'list [0.9, 0.999]');
    // A dict subclass (Lightning's AttributeDict): its items, as keys.
    assert.deepEqual([values['hyper_parameters.hidden'], values['hyper_parameters.dropout']], ['int 8', 'float 0.1']);
    assert.deepEqual(s.pickleClasses, ['__main__.AttributeDict', '_codecs.encode', 'argparse.Namespace', 'numpy.core.multiarray._reconstruct', 'numpy.core.multiarray.scalar', 'numpy.dtype', 'numpy.ndarray']);
  });

  it("names a pickled model's tensors as its state_dict() would, and lists its classes", async () => {
    const s = structureOf((await runDataJob({ op: 'describe', file: file('model.pth') })) as FileDescription, 'model.pth', 99);
    assert.deepEqual(s.tables.map((t) => t.name), ['']);
    assert.deepEqual(
      s.tables[0].columns.map((c) => c.name),
      Object.keys(expected['state_dict.pt']),
    );
    assert.equal(s.tables[0].columns[0].access, '._modules["net"]._modules["0"]._parameters["weight"]');
    assert.ok(s.pickleClasses!.includes('__main__.Tagger') && s.pickleClasses!.includes('torch.nn.modules.linear.Linear'));
    assert.deepEqual(s.objects, []);
  });

  it("reads a TorchScript archive (torch.jit.save): its tensors by the names and with the values of its state_dict(), its modules' classes, none of their settings", async () => {
    assert.deepEqual(await tensorsOf('scripted.pt', ''), expected['scripted.pt']);
    const s = structureOf((await runDataJob({ op: 'describe', file: file('scripted.pt') })) as FileDescription, 'scripted.pt', 99);
    assert.deepEqual([s.format, s.formatLabel], ['torch', 'TorchScript']);
    assert.deepEqual(s.torchScript, ['Tagger', 'torch.nn.modules.activation.GELU', 'torch.nn.modules.batchnorm.BatchNorm1d', 'torch.nn.modules.container.Sequential', 'torch.nn.modules.linear.Linear']);
    // torch.jit.load takes its classes from the archive: nothing for Python to import, no weights_only.
    assert.deepEqual(s.pickleClasses, []);
    // A module's flags (training) and hooks are its code's business, as for a pickled model.
    assert.deepEqual(s.objects, []);
    assert.equal(s.tables[0].columns.find((c) => c.name === 'net.1.weight')!.access, '.net._modules["1"].weight');
  });

  it('lists every tensor of a TorchScript module with odd attribute names, and its Python reaches each one in PyTorch (run)', async () => {
    // _scale, _mask and _head, children named graph and code (RecursiveScriptModule's own), a ModuleDict key a-b, a ParameterList.
    assert.deepEqual(await tensorsOf('scripted_odd.pt', ''), expected['scripted_odd.pt']);
    const s = structureOf((await runDataJob({ op: 'describe', file: file('scripted_odd.pt') })) as FileDescription, 'scripted_odd.pt', 1);
    const access = s.tables[0].columns.map((c) => [c.name, c.access] as const);
    assert.ok(access.every(([, a]) => a !== undefined));
    const check = [
      'import json, sys, torch',
      `m = torch.jit.load(${JSON.stringify(file('scripted_odd.pt'))}, map_location="cpu")`,
      'state = m.state_dict()',
      'wrong = [name for name, access in json.load(sys.stdin) if not torch.equal(eval("m" + access), state[name])]',
      'print(json.dumps({"wrong": wrong, "count": len(state)}))',
    ].join('\n');
    const printed = JSON.parse(execFileSync(PYTHON, ['-W', 'ignore', '-c', check], { input: JSON.stringify(access), encoding: 'utf8' }));
    assert.deepEqual(printed, { wrong: [], count: access.length });
  });

  it("reads Hugging Face's pytorch_model.bin as the torch.save file it is, and the Trainer's training_args.bin with its enum members", async () => {
    const s = structureOf((await runDataJob({ op: 'describe', file: file('pytorch_model.bin') })) as FileDescription, 'pytorch_model.bin', 99);
    assert.deepEqual([s.format, s.formatLabel, s.torchScript], ['torch', 'PyTorch', undefined]);
    assert.deepEqual(s.tables[0].columns.map((c) => c.name), Object.keys(expected['state_dict.pt']));
    const args = structureOf((await runDataJob({ op: 'describe', file: file('training_args.bin') })) as FileDescription, 'training_args.bin', 99);
    const values = Object.fromEntries(args.objects.map((o) => [o.name, o.title]));
    assert.deepEqual(values, { output_dir: '"out"', learning_rate: '5e-05', num_train_epochs: '3.0', evaluation_strategy: '__main__.IntervalStrategy.STEPS' });
  });

  it('histograms a tensor and lists its rows through the data worker', async () => {
    const want = expected['checkpoint.pt'].model['net.1.weight'].values;
    const h = (await runDataJob({ op: 'histogram', file: file('checkpoint.pt'), tree: 'model', expression: '`net.1.weight`', axis: { bins: 4, low: -1, high: 1 } })) as HistogramResult;
    assert.equal(h.histogram.entries, want.length);
    assert.equal(h.entriesRead, 8);
    assert.equal(h.multiplicity, undefined);
    const inBins = [0, 0, 0, 0];
    for (const v of want) inBins[Math.floor((v + 1) / 0.5)]++;
    assert.deepEqual(h.histogram.sumw.slice(1, -1), inBins);
    const rows = (await runDataJob({ op: 'rows', file: file('checkpoint.pt'), tree: 'tensors', columns: ['i32', 'i16'], first: 0, count: 2 })) as RowsResult;
    assert.deepEqual(rows.rows, [[[-7, 8], -300], [[9, -10], 300]]);
    // A tensor of another part is not a column of this one.
    await assert.rejects(runDataJob({ op: 'rows', file: file('checkpoint.pt'), tree: 'tensors', columns: ['net.1.weight'], first: 0, count: 1 }), /There is no column "net.1.weight"/);
  });

  it("Copy as Python loads the checkpoint with torch and prints the worker's counts (run)", async () => {
    const cases = [
      { name: 'checkpoint.pt', tree: 'model', expression: '`net.1.weight` * 10', elementCut: '`net.1.weight` > -0.2', axis: { bins: 7, low: -3, high: 4 } },
      { name: 'model.pth', tree: '', expression: 'abs(`net.3.weight`)', axis: { bins: 5, low: 0, high: 0.5 } },
    ];
    for (const c of cases) {
      const s = structureOf((await runDataJob({ op: 'describe', file: file(c.name) })) as FileDescription, c.name, 1);
      const table = s.tables.find((t) => t.name === c.tree)!;
      const ours = (await runDataJob({ op: 'histogram', file: file(c.name), tree: c.tree || undefined, expression: c.expression, elementCut: c.elementCut, axis: c.axis })) as HistogramResult;
      const access = Object.fromEntries(table.columns.map((col) => [col.name, col.access!]));
      const script = copyAsPython({ file: file(c.name), format: 'torch', tree: c.tree, expression: c.expression, elementCut: c.elementCut, axis: c.axis, access, pickleClasses: s.pickleClasses }, table.columns.map((col) => col.name));
      assert.match(script, /weights_only=False/);
      const scriptFile = path.join(dir, 'plot.py');
      // The pickle's own classes live in make_checkpoints.py's __main__: the script defines them, as a user's would import them.
      writeFileSync(scriptFile, script.replace('import torch\n', 'import torch\n\n\nclass Tagger(torch.nn.Module):\n    pass\n\n\nclass AttributeDict(dict):\n    pass\n'));
      const printed = execFileSync(PYTHON, ['-W', 'ignore', scriptFile], { encoding: 'utf8' }).trim().split('\n');
      assert.deepEqual(JSON.parse(printed[1]), ours.histogram.sumw.slice(1, -1), script);
    }
  });

  it("Copy as Python loads a TorchScript archive with torch.jit.load and prints the worker's counts (run)", async () => {
    const c = { expression: '`net.1.weight` * 3', elementCut: '`net.1.weight` > -0.3', axis: { bins: 6, low: -1.5, high: 1.5 } };
    const s = structureOf((await runDataJob({ op: 'describe', file: file('scripted.pt') })) as FileDescription, 'scripted.pt', 1);
    const ours = (await runDataJob({ op: 'histogram', file: file('scripted.pt'), ...c })) as HistogramResult;
    const access = Object.fromEntries(s.tables[0].columns.map((col) => [col.name, col.access!]));
    const script = copyAsPython({ file: file('scripted.pt'), format: 'torch', ...c, access, pickleClasses: s.pickleClasses, torchScript: s.torchScript !== undefined }, Object.keys(access));
    assert.match(script, /checkpoint = torch\.jit\.load\(".*scripted\.pt", map_location="cpu"\)/);
    assert.doesNotMatch(script, /weights_only/);
    const scriptFile = path.join(dir, 'scripted.py');
    writeFileSync(scriptFile, script);
    const printed = execFileSync(PYTHON, ['-W', 'ignore', scriptFile], { encoding: 'utf8' }).trim().split('\n');
    assert.equal(printed[0], `entries ${ours.histogram.entries}, underflow ${ours.histogram.sumw[0]}, overflow ${ours.histogram.sumw.at(-1)}`);
    assert.deepEqual(JSON.parse(printed[1]), ours.histogram.sumw.slice(1, -1), script);
  });

  it('Copy as Python loads with weights_only=True when the pickle names nothing beyond torch', async () => {
    const s = structureOf((await runDataJob({ op: 'describe', file: file('state_dict.pt') })) as FileDescription, 'state_dict.pt', 1);
    assert.deepEqual(s.pickleClasses, []);
    const access = Object.fromEntries(s.tables[0].columns.map((col) => [col.name, col.access!]));
    const script = copyAsPython({ file: file('state_dict.pt'), format: 'torch', expression: '`net.1.bias`', axis: { bins: 4, low: -1, high: 1 }, access, pickleClasses: s.pickleClasses }, Object.keys(access));
    assert.match(script, /weights_only=True/);
    const scriptFile = path.join(dir, 'safe.py');
    writeFileSync(scriptFile, script);
    const printed = execFileSync(PYTHON, ['-W', 'ignore', scriptFile], { encoding: 'utf8' }).trim().split('\n');
    assert.match(printed[0], /^entries 8,/);
  });

  it('refuses files that are not checkpoints and a cut copy, saying what to do', async () => {
    await assert.rejects(openCheckpoint(file('notes.pt')), /notes\.pt is not a PyTorch checkpoint: torch\.save writes a zip archive/);
    await assert.rejects(openCheckpoint(file('truncated.pt')), /not a readable PyTorch checkpoint .* truncated or damaged/);
    const zh = await openCheckpoint(file('notes.pt')).catch((e: CheckpointError) => e);
    assert.ok(zh instanceof CheckpointError && zh.text);
    assert.match(inChinese(zh.text), /不是 PyTorch 检查点/);
  });

  it('reads hostile pickles as data: no prototype pollution, junk tensors refused, nesting and long lists bounded', async () => {
    const proto = await openCheckpoint(file('proto_keys.pt'));
    assert.deepEqual(proto.values.map((v) => `${v.name}=${v.text}`), ['__proto__.polluted=1', 'constructor.prototype.polluted=1', 'epoch=3']);
    await proto.close();
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    await assert.rejects(openCheckpoint(file('junk_tensor.pt')), /described with values torch\.save never writes/);
    const deep = await openCheckpoint(file('deep.pt'));
    assert.equal(deep.truncated, true);
    assert.match(deep.values.find((v) => v.name === 'long')!.text, /^\[0, 1, 2, .*…$/);
    await deep.close();
    const d = structureOf((await runDataJob({ op: 'describe', file: file('deep.pt') })) as FileDescription, 'deep.pt', 1);
    assert.deepEqual(d.skipped, ['More than this explorer lists: the rest of the checkpoint is not shown.']);
  });

  it('takes in its stride the pickles found in review: list lengths, forged prototypes, huge integers, repeated and long text, long keys and attribute names, a negative legacy count', async () => {
    // BUILD gives nothing but our own objects a state: a list keeps its length, a prototype is not set.
    const list = await openCheckpoint(file('list_length.pt'));
    assert.deepEqual([list.tensors.length, list.values.map((v) => v.text)], [0, ['[]']]);
    await list.close();
    const forged = await openCheckpoint(file('forged_proto.pt'));
    assert.deepEqual([forged.tensors.length, forged.values.map((v) => `${v.name}=${v.text}`)], [0, ['f=[]']]);
    await forged.close();
    await assert.rejects(openCheckpoint(file('long_int.pt')), /an integer longer than any checkpoint holds/);
    const repeated = await openCheckpoint(file('repeated_text.pt'));
    assert.ok(repeated.values.every((v) => v.text.length <= 200));
    await repeated.close();
    // A 1 MB key is shown cut, and not written as Python.
    const longKey = await openCheckpoint(file('long_key.pt'));
    assert.equal(longKey.tensors.length, 200);
    assert.ok(longKey.tensors.every((t) => t.table.length <= 1001 && t.access === undefined));
    await longKey.close();
    const longAttr = await openCheckpoint(file('long_attr.pt'));
    assert.equal(longAttr.tensors.length, 200);
    assert.ok(longAttr.tensors.every((t) => t.name.length <= 1010 && t.access === undefined), `${longAttr.tensors[0].name.length}`);
    await longAttr.close();
    // A negative count stops the walk over the storages: the one after it is missing, never read from the pickle's bytes.
    const negative = await openCheckpoint(file('legacy_negative.pt'));
    const values: Record<string, number[] | string> = {};
    for (const t of negative.tensors) {
      try {
        const a = negative.tensor(t.tensor as TensorNode);
        values[t.name] = Array.from(await a.read(0, a.entries));
      } catch (err) {
        values[t.name] = (err as Error).message;
      }
    }
    await negative.close();
    assert.match(String(values.a), /missing/);
    // Storages are stepped over in an order the legacy writer took from memory addresses: b comes before a or after it.
    if (typeof values.b === 'string') assert.match(values.b, /missing/);
    else assert.deepEqual(values.b, [111, 222, 333, 444]);
  });

  it('reads a 750-byte file of 34 million values (an expanded tensor) in parts, never in one allocation', async () => {
    await assert.rejects(runDataJob({ op: 'histogram', file: file('expanded.pt'), expression: 'w', axis: { bins: 2, low: 0, high: 2 } }), /more than the 33554432 a read takes/);
    const result = await histogramDataset({ files: [{ file: file('expanded.pt'), bytes: statSync(file('expanded.pt')).size }], expression: 'w', axis: { bins: 2, low: 0, high: 2 } }, (job) => runDataJob(job) as never);
    assert.deepEqual(result.histogram.sumw, [0, 0, 34_000_000, 0]);
    assert.ok(result.parts > 1);
    await assert.rejects(runDataJob({ op: 'describe', file: file('expanded_huge.pt') }).then(() => runDataJob({ op: 'histogram', file: file('expanded_huge.pt'), expression: 'w' })), /a view of 1000000000000 values, more than the 4000000000/);
  });

  it('refuses to read a tensor past its storage, or one whose storage is missing, and lists the rest', async () => {
    for (const [name, message] of [
      ['past_storage.pt', /reaches element 8 of storage 0, which has 4: the file is damaged/],
      ['missing_storage.pt', /Storage 0 of this tensor is missing from the archive/],
    ] as const) {
      const f = await openCheckpoint(file(name));
      assert.deepEqual(f.tensors.map((t) => t.name), ['w']);
      assert.throws(() => f.tensor(f.tensors[0].tensor as TensorNode), message);
      await f.close();
      await assert.rejects(runDataJob({ op: 'histogram', file: file(name), expression: 'w' }), message);
    }
  });
});
