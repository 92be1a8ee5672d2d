// safetensors files as the explorer reads them, against PyTorch: make_safetensors.py lays out real
// tensors (every dtype PyTorch and safetensors share, 0-d and empty ones, an 8-bit float) as the format
// specifies and writes what torch holds in each; the reader must list the same tensors and give the
// same values, and refuse what the safetensors library refuses (ranges that overlap, leave gaps or
// miss bytes, headers that are not JSON objects) with a message that says what is wrong.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { copyAsPython } from '../copyAsPython';
import { structureOf } from '../structure';
import { type FileDescription, type HistogramResult, type RowsResult, runDataJob } from '../workers/dataJobs';
import { CheckpointError, OtherTensor, TensorNode } from './checkpointPickle';
import { openSafetensors } from './safetensorsFile';
import { inChinese } from '../../testing/inChinese';

const PYTHON = '/usr/bin/python3';
const MAKE = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'data', 'torch', 'make_safetensors.py');

type Expected = Record<string, { dtype: string; shape: number[]; values: number[] }>;

describe('safetensors files', function () {
  this.timeout(120_000);
  let dir: string;
  let expected: { 'model.safetensors': Expected; order: string[] };
  const file = (name: string): string => path.join(dir, name);

  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hai-safetensors-'));
    execFileSync(PYTHON, ['-W', 'ignore', MAKE, dir], { stdio: 'pipe' });
    expected = JSON.parse(readFileSync(file('expected.json'), 'utf8'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('lists every tensor in the order of its bytes, with PyTorch\'s dtypes, shapes and values', async () => {
    const f = await openSafetensors(file('model.safetensors'));
    try {
      assert.deepEqual(f.tensors.map((t) => t.name), [...expected.order, 'fp8_scale']);
      const ours: Expected = {};
      for (const t of f.tensors) {
        if (!(t.tensor instanceof TensorNode)) continue;
        const a = f.tensor(t.tensor);
        ours[t.name] = { dtype: a.dtype, shape: [...a.shape], values: Array.from(await a.read(0, a.entries)) };
      }
      assert.deepEqual(ours, expected['model.safetensors']);
      // An 8-bit float is listed with its dtype, not read.
      const fp8 = f.tensors.find((t) => t.name === 'fp8_scale')!;
      assert.ok(fp8.tensor instanceof OtherTensor && fp8.tensor.kind === 'F8_E4M3');
      assert.deepEqual(f.classes, []);
    } finally {
      await f.close();
    }
  });

  it('describes the file as one table of tensors, with its metadata as values', async () => {
    const s = structureOf((await runDataJob({ op: 'describe', file: file('model.safetensors') })) as FileDescription, 'model.safetensors', 2333);
    assert.deepEqual([s.format, s.formatLabel, s.pickleClasses], ['safetensors', 'safetensors', []]);
    assert.deepEqual(s.tables.map((t) => [t.name, t.title]), [['', '19 tensors']]);
    const weight = s.tables[0].columns.find((c) => c.name === 'embed.weight')!;
    assert.deepEqual([weight.type, weight.shape, weight.entries, weight.dims, weight.bytes], ['float32', 'jagged', 16, [16, 4], 256]);
    const fp8 = s.tables[0].columns.find((c) => c.name === 'fp8_scale')!;
    assert.deepEqual([fp8.type, fp8.shape, fp8.dims, fp8.bytes], ['F8_E4M3', 'unsupported', [4], undefined]);
    assert.deepEqual(
      s.objects.map((o) => [o.name, o.className, o.title.length]),
      [['format', 'str', 2], ['source', 'str', 9], ['long', 'str', 201]],
    );
  });

  it('histograms a tensor and lists rows through the data worker, names that are not identifiers backquoted', async () => {
    const want = expected['model.safetensors']['blocks.0.attn.in_proj weight'].values;
    const h = (await runDataJob({ op: 'histogram', file: file('model.safetensors'), expression: '`blocks.0.attn.in_proj weight` * 2', axis: { bins: 4, low: -4, high: 4 } })) as HistogramResult;
    const inBins = [0, 0, 0, 0];
    for (const v of want) inBins[Math.floor((v * 2 + 4) / 2)]++;
    assert.deepEqual(h.histogram.sumw.slice(1, -1), inBins);
    assert.equal(h.multiplicity, undefined);
    const rows = (await runDataJob({ op: 'rows', file: file('model.safetensors'), columns: ['i32', 'i16'], first: 0, count: 2 })) as RowsResult;
    assert.deepEqual(rows.rows, [[[-7, 8], -300], [[9, -10], 300]]);
  });

  it('Copy as Python opens the file with safe_open and reads only the tensors used (valid Python)', async () => {
    const script = copyAsPython({ file: file('model.safetensors'), format: 'safetensors', expression: '`embed.weight` + `embed.bias`', axis: { bins: 4, low: -1, high: 1 } }, ['embed.weight', 'embed.bias', 'norm.weight']);
    assert.match(script, /from safetensors import safe_open/);
    assert.match(script, /with safe_open\(".*model\.safetensors", framework="pt"\) as f:/);
    assert.match(script, /f\.get_tensor\(name\)\.to\(torch\.float64\)\.numpy\(\) for name in \["embed\.weight","embed\.bias"\]/);
    const scriptFile = path.join(dir, 'plot.py');
    writeFileSync(scriptFile, script);
    execFileSync(PYTHON, ['-c', 'import ast, sys; ast.parse(open(sys.argv[1]).read())', scriptFile]);
  });

  it('refuses what the safetensors library refuses, saying what is wrong', async () => {
    for (const [name, message] of [
      ['truncated.safetensors', /truncated\.safetensors is truncated: its header describes 584 bytes of tensors and the file holds 574/],
      ['trailing.safetensors', /has 16 bytes after its last tensor/],
      ['short.safetensors', /not a safetensors file: it is shorter than the 8 bytes/],
      ['huge_header.safetensors', /header of 4611686018427387904 bytes, more than the 100000000/],
      ['header_past_end.safetensors', /ends inside its header \(6 of 4096 bytes\): it is truncated/],
      ['not_json.safetensors', /its header is not JSON/],
      ['array_header.safetensors', /its header does not start with "\{"/],
      ['latin1_header.safetensors', /its header is not UTF-8 text/],
      ['wrong_size.safetensors', /tensor "w" \(F32, shape \[4\]\) needs 16 bytes but its range holds 12/],
      ['overlap.safetensors', /tensor "b" starts at byte 4 of the data, where 8 was expected/],
      ['bad_shape.safetensors', /tensor "w": shape\[1\] must be a whole number/],
      ['no_offsets.safetensors', /tensor "w": "data_offsets" is required/],
      ['bad_metadata.safetensors', /its __metadata__ entry "epoch" must be text/],
      ['overflow.safetensors', /tensor "w" has a shape of more elements than can be counted/],
    ] as const) {
      await assert.rejects(openSafetensors(file(name)), (err: Error) => err instanceof CheckpointError && message.test(err.message), name);
      await assert.rejects(runDataJob({ op: 'describe', file: file(name) }), message, name);
    }
    const zh = await openSafetensors(file('truncated.safetensors')).catch((e: CheckpointError) => e);
    assert.ok(zh instanceof CheckpointError && zh.text);
    assert.match(inChinese(zh.text), /截断/);
  });
});
