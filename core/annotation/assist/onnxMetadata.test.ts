// ONNX metadata: a ModelProto hand-encoded in the protobuf wire format (with fields of every wire
// type to skip), read from memory and from a file; truncated and corrupted copies end in an Error;
// the shipped detector files; Ultralytics' `names` and `imgsz` values parsed as their exporter
// writes them.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { OnnxFormatError, parseClassNames, parseImageSize, readOnnxMetadata, readOnnxMetadataFile } from './onnxMetadata';

function varint(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return out;
}

const enc = new TextEncoder();
const tag = (field: number, wire: number): number[] => varint(field * 8 + wire);
const len = (field: number, payload: number[] | Uint8Array): number[] => [...tag(field, 2), ...varint(payload.length), ...payload];
const str = (field: number, s: string): number[] => len(field, [...enc.encode(s)]);
const entry = (key: string, value: string): number[] => len(14, [...str(1, key), ...str(2, value)]);

// Fields in the order onnx.save writes them (by number), plus unknown ones of each wire type.
function modelParts(graphBytes = 300): Uint8Array[] {
  const graph = new Uint8Array(graphBytes).map((_v, i) => (i * 37) & 0xff);
  const head = [...tag(7, 2), ...varint(graphBytes)];
  return [
    [...tag(1, 0), ...varint(9)], // ir_version
    str(2, 'pytorch'),
    str(3, '2.5.1'),
    [...tag(5, 0), ...varint(300)], // model_version, two varint bytes
    str(6, 'Ultralytics YOLOv8n model'),
    head, // the graph (its bytes follow), not parsed
    len(8, [...str(1, ''), ...tag(2, 0), ...varint(17)]), // opset_import
    [...tag(99, 1), 1, 2, 3, 4, 5, 6, 7, 8], // an unknown fixed64
    [...tag(98, 5), 1, 2, 3, 4], // an unknown fixed32
    entry('description', 'Ultralytics YOLOv8n model trained on coco.yaml'),
    entry('stride', '32'),
    entry('task', 'detect'),
    entry('names', "{0: 'spot', 1: 'streak', 2: \"it's a blob\"}"),
    entry('imgsz', '[640, 640]'),
    entry('task', 'segment'), // a repeated key: the last one counts
  ].map((p, i) => (i === 5 ? concat([Uint8Array.from(p), graph]) : Uint8Array.from(p)));
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
  return out;
}

const model = (graphBytes?: number): Uint8Array => concat(modelParts(graphBytes));

const expected = {
  irVersion: 9,
  producerName: 'pytorch',
  producerVersion: '2.5.1',
  modelVersion: 300,
  docString: 'Ultralytics YOLOv8n model',
  metadata: {
    description: 'Ultralytics YOLOv8n model trained on coco.yaml',
    stride: '32',
    task: 'segment',
    names: "{0: 'spot', 1: 'streak', 2: \"it's a blob\"}",
    imgsz: '[640, 640]',
  },
};

describe('ONNX metadata', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'hai-onnx-meta-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the top-level fields and metadata_props of a hand-encoded model, skipping the graph', () => {
    assert.deepEqual(readOnnxMetadata(model()), expected);
  });

  it('reads the same from a file with small reads, a 5 MB graph included', async () => {
    const path = join(dir, 'model.onnx');
    writeFileSync(path, model(5_000_000));
    assert.deepEqual(await readOnnxMetadataFile(path), expected);
  });

  it('says a file with no graph, or with a field running past its end, is not a usable model', async () => {
    assert.throws(() => readOnnxMetadata(Uint8Array.from([...tag(1, 0), 9, ...str(2, 'x')])), /it holds no graph/);
    assert.throws(() => readOnnxMetadata(enc.encode('{"not": "onnx"}')), OnnxFormatError);
    assert.throws(() => readOnnxMetadata(Uint8Array.from([0x3a, 0xff, 0xff, 0x03, 1, 2])), /field 7 runs past the end of the file/);
    const path = join(dir, 'cut.onnx');
    writeFileSync(path, model().subarray(0, 120));
    await assert.rejects(readOnnxMetadataFile(path), /runs past the end|ends inside/);
  });

  it('throws an OnnxFormatError for every cut of the model inside a field or before its graph, from memory and from a file', async () => {
    const parts = modelParts(40);
    const full = concat(parts);
    // Cuts exactly between fields leave a shorter, well-formed message: valid once the graph is in.
    const ends = parts.map((_p, i) => concat(parts.slice(0, i + 1)).length);
    const graphEnd = ends[5];
    for (let cut = 1; cut < full.length; cut++) {
      if (ends.includes(cut) && cut >= graphEnd) assert.ok(readOnnxMetadata(full.subarray(0, cut)).metadata);
      else assert.throws(() => readOnnxMetadata(full.subarray(0, cut)), OnnxFormatError, `cut at ${cut}`);
    }
    const path = join(dir, 'cuts.onnx');
    for (const cut of [1, 3, 10, 60, full.length - 1]) {
      writeFileSync(path, full.subarray(0, cut));
      await assert.rejects(readOnnxMetadataFile(path), OnnxFormatError, `cut at ${cut}`);
    }
  });

  it('ends corrupted copies with a result or an OnnxFormatError, never a hang or another failure', () => {
    const full = model(40);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(full.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }), (edits) => {
        const bytes = Uint8Array.from(full);
        for (const [i, v] of edits) bytes[i] = v;
        try {
          readOnnxMetadata(bytes);
        } catch (err) {
          if (!(err instanceof OnnxFormatError)) throw err;
        }
      }),
      { numRuns: 1000 },
    );
    // Ten continuation bytes in a row are no varint.
    assert.throws(() => readOnnxMetadata(Uint8Array.from([0x08, ...new Array(10).fill(0xff), 1])), /runs over 10 bytes/);
  });

  it('reads the shipped detectors’ metadata as their exporter wrote it', async () => {
    for (const layout of ['v5', 'v8']) {
      const info = await readOnnxMetadataFile(join(__dirname, '..', '..', '..', 'models', 'detector', `hai-det-tiny-${layout}.onnx`));
      assert.equal(info.producerName, 'hai-models-detector');
      assert.deepEqual(parseClassNames(info.metadata.names), ['spot', 'streak', 'blob']);
      assert.deepEqual(parseImageSize(info.metadata.imgsz), { width: 640, height: 640 });
      assert.equal(info.metadata.task, 'detect');
      assert.equal(info.metadata.stride, '32');
      assert.equal(info.metadata.hai_layout, layout === 'v5' ? 'yolov5' : 'yolov8');
    }
  });

  it('parses Ultralytics class names: Python dicts in either quote with escapes, and lists', () => {
    assert.deepEqual(parseClassNames("{0: 'person', 1: \"it's\", 2: 'tab\\there', 3: '\\u00e9t\\xe9'}"), ['person', "it's", 'tab\there', 'été']);
    assert.deepEqual(parseClassNames("{0: 'spot', 1: 'streak', 2: 'blob'}"), ['spot', 'streak', 'blob']);
    assert.deepEqual(parseClassNames('["spot", "streak"]'), ['spot', 'streak']);
    assert.deepEqual(parseClassNames("['a', 'b',]"), ['a', 'b']);
    assert.deepEqual(parseClassNames('{}'), []);
    // A gap in the ids keeps the indices: the missing class is named by its number.
    assert.deepEqual(parseClassNames("{0: 'a', 2: 'c'}"), ['a', '1', 'c']);
  });

  it('refuses names it cannot read, saying what it found', () => {
    assert.throws(() => parseClassNames('spot, streak'), /expected a dict \{0: 'name', …\} or a list \['name', …\], found "spot, streak"/);
    assert.throws(() => parseClassNames("{0: 'a' 1: 'b'}"), /expected "," or "}"/);
    assert.throws(() => parseClassNames("{0: 'a', 0: 'b'}"), /id 0 appears twice/);
    assert.throws(() => parseClassNames("{0: 'a'"), /ends early/);
    assert.throws(() => parseClassNames("{0: 'a'} x"), /unexpected text/);
  });

  it('parses imgsz as [height, width] or one size', () => {
    assert.deepEqual(parseImageSize('[640, 640]'), { width: 640, height: 640 });
    assert.deepEqual(parseImageSize('[384, 640]'), { width: 640, height: 384 });
    assert.deepEqual(parseImageSize('1024'), { width: 1024, height: 1024 });
    assert.throws(() => parseImageSize('[640, 0]'), /imgsz: expected \[height, width\] or one size, found "\[640, 0\]"/);
    assert.throws(() => parseImageSize('big'), /imgsz/);
  });
});
