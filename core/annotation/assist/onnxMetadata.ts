// The custom metadata of an ONNX model (ModelProto field 14, `metadata_props`: repeated
// StringStringEntryProto {key = 1, value = 2}), where Ultralytics' exporters put a detector's class
// names, input size, stride and task. ONNX Runtime's JavaScript API does not expose it, so this walks
// the protobuf wire format of the top-level fields itself, skipping the graph (which holds the
// weights) by its length without reading it. Every step moves forward and every length is checked
// against what is left, so a truncated or corrupt file ends in an Error, never a hang or a huge read.
import { open } from 'node:fs/promises';
import { LocalizedError, type Message, msg } from '../../text/message';
import { classNameProblem } from '../classes';

export interface OnnxModelInfo {
  readonly irVersion?: number;
  readonly producerName?: string;
  readonly producerVersion?: string;
  readonly domain?: string;
  readonly modelVersion?: number;
  readonly docString?: string;
  /** metadata_props in file order; a repeated key keeps its last value. */
  readonly metadata: Readonly<Record<string, string>>;
}

/** Thrown for bytes that are not a well-formed ONNX ModelProto; the message says why, to follow "not an ONNX model: ". */
export class OnnxFormatError extends LocalizedError {
  constructor(message: string | Message) {
    super(message);
    this.name = 'OnnxFormatError';
  }
}

// Protobuf wire types; 3 and 4 (groups) are deprecated and never written by ONNX.
const VARINT = 0;
const I64 = 1;
const LEN = 2;
const I32 = 5;

// Strings above this are not metadata anyone wrote on purpose: refuse rather than allocate.
const MAX_STRING = 64 * 1024 * 1024;

/** A varint at pos: its value (exact up to 2^53) and where the next field starts. */
function readVarint(bytes: Uint8Array, pos: number, end: number): [number, number] {
  let value = 0;
  let mul = 1;
  for (let i = 0; i < 10; i++) {
    if (pos + i >= end) throw new OnnxFormatError(msg('the file ends inside a number (truncated?)'));
    const b = bytes[pos + i];
    value += (b & 0x7f) * mul;
    mul *= 128;
    if ((b & 0x80) === 0) return [value, pos + i + 1];
  }
  throw new OnnxFormatError(msg('a number runs over 10 bytes (corrupt file?)'));
}

interface FieldHeader {
  readonly field: number;
  readonly wire: number;
  /** The varint's value for wire type 0, the payload length for 2. */
  readonly value: number;
  /** Offset of the payload (for LEN), or of the next field (for the others), from the header start. */
  readonly headerLength: number;
  /** Bytes from the header start to the next field. */
  readonly totalLength: number;
}

// Decodes the tag (and the varint or length that follows it) of one field from `bytes` at pos.
function readHeader(bytes: Uint8Array, pos: number, end: number): FieldHeader {
  const [tag, afterTag] = readVarint(bytes, pos, end);
  const field = Math.floor(tag / 8);
  const wire = tag % 8;
  if (field === 0) throw new OnnxFormatError(msg('a field numbered 0, which protobuf never writes'));
  switch (wire) {
    case VARINT: {
      const [value, next] = readVarint(bytes, afterTag, end);
      return { field, wire, value, headerLength: next - pos, totalLength: next - pos };
    }
    case I64:
      return { field, wire, value: 0, headerLength: afterTag - pos, totalLength: afterTag - pos + 8 };
    case I32:
      return { field, wire, value: 0, headerLength: afterTag - pos, totalLength: afterTag - pos + 4 };
    case LEN: {
      const [length, next] = readVarint(bytes, afterTag, end);
      return { field, wire, value: length, headerLength: next - pos, totalLength: next - pos + length };
    }
    default:
      throw new OnnxFormatError(msg('wire type {0} in field {1}, which ONNX never writes', wire, field));
  }
}

const utf8 = new TextDecoder('utf-8');

function readEntry(bytes: Uint8Array): [string, string] {
  let key = '';
  let value = '';
  let pos = 0;
  while (pos < bytes.length) {
    const h = readHeader(bytes, pos, bytes.length);
    if (pos + h.totalLength > bytes.length) throw new OnnxFormatError(msg('a metadata entry ends early (corrupt file?)'));
    if (h.wire === LEN && (h.field === 1 || h.field === 2)) {
      const text = utf8.decode(bytes.subarray(pos + h.headerLength, pos + h.totalLength));
      if (h.field === 1) key = text;
      else value = text;
    }
    pos += h.totalLength;
  }
  return [key, value];
}

// The ModelProto fields kept, by number: the strings, the two integers, and metadata_props.
const STRINGS: Readonly<Record<number, 'producerName' | 'producerVersion' | 'domain' | 'docString'>> = { 2: 'producerName', 3: 'producerVersion', 4: 'domain', 6: 'docString' };
const GRAPH = 7;
const METADATA = 14;

class InfoBuilder {
  readonly info: { -readonly [K in keyof OnnxModelInfo]: OnnxModelInfo[K] } = { metadata: {} };
  hasGraph = false;

  /** Whether the payload of this field is wanted (and so must be read). */
  wants(h: FieldHeader): boolean {
    return h.wire === LEN && (h.field in STRINGS || h.field === METADATA);
  }

  add(h: FieldHeader, payload?: Uint8Array): void {
    if (h.field === GRAPH && h.wire === LEN) this.hasGraph = true;
    if (h.wire === VARINT && h.field === 1) this.info.irVersion = h.value;
    if (h.wire === VARINT && h.field === 5) this.info.modelVersion = h.value;
    if (!payload) return;
    if (h.field === METADATA) {
      const [key, value] = readEntry(payload);
      (this.info.metadata as Record<string, string>)[key] = value;
    } else {
      this.info[STRINGS[h.field]] = utf8.decode(payload);
    }
  }

  finish(): OnnxModelInfo {
    if (!this.hasGraph) throw new OnnxFormatError(msg('it holds no graph'));
    return this.info;
  }
}

/** Reads the metadata of an ONNX model held in memory. */
export function readOnnxMetadata(bytes: Uint8Array): OnnxModelInfo {
  const b = new InfoBuilder();
  let pos = 0;
  while (pos < bytes.length) {
    const h = readHeader(bytes, pos, bytes.length);
    if (h.totalLength > bytes.length - pos) throw new OnnxFormatError(msg('field {0} runs past the end of the file (truncated?)', h.field));
    b.add(h, b.wants(h) ? bytes.subarray(pos + h.headerLength, pos + h.totalLength) : undefined);
    pos += h.totalLength;
  }
  return b.finish();
}

/**
 * Reads the metadata of an ONNX model file, reading only the field headers and the wanted fields
 * (a model of hundreds of megabytes costs a few small reads).
 */
export async function readOnnxMetadataFile(path: string): Promise<OnnxModelInfo> {
  const file = await open(path, 'r');
  try {
    const size = (await file.stat()).size;
    const b = new InfoBuilder();
    // A tag and a length are two varints of at most 10 bytes each.
    const head = new Uint8Array(20);
    let pos = 0;
    while (pos < size) {
      const { bytesRead } = await file.read(head, 0, Math.min(20, size - pos), pos);
      const h = readHeader(head, 0, bytesRead);
      if (h.totalLength > size - pos) throw new OnnxFormatError(msg('field {0} runs past the end of the file (truncated?)', h.field));
      let payload: Uint8Array | undefined;
      if (b.wants(h)) {
        if (h.value > MAX_STRING) throw new OnnxFormatError(msg('field {0} claims {1} bytes of text (corrupt file?)', h.field, h.value));
        payload = new Uint8Array(h.value);
        const got = (await file.read(payload, 0, h.value, pos + h.headerLength)).bytesRead;
        if (got !== h.value) throw new OnnxFormatError(msg('the file ends inside a field (truncated?)'));
      }
      b.add(h, payload);
      pos += h.totalLength;
    }
    return b.finish();
  } finally {
    await file.close();
  }
}

/**
 * Class names from Ultralytics' `names` metadata: a Python dict literal such as
 * `{0: 'person', 1: "it's"}` (what str(dict) writes), or a JSON / Python list of strings. Ids missing
 * from a dict get their number as the name, so indices still line up with the model's classes.
 */
export function parseClassNames(text: string): string[] {
  const p = new PyLiteral(text);
  p.space();
  const open = p.take();
  const close = open === '{' ? '}' : open === '[' ? ']' : '';
  if (!close) throw new LocalizedError(msg('class names: expected a dict {0} or a list {1}, found "{2}"', "{0: 'name', …}", "['name', …]", clip(text)));
  const byId = new Map<number, string>();
  let next = 0;
  p.space();
  while (p.peek() !== close) {
    let id = next;
    if (close === '}') {
      id = p.integer();
      p.space();
      p.expect(':');
      p.space();
    }
    if (byId.has(id)) throw new LocalizedError(msg('class names: id {0} appears twice', id));
    byId.set(id, p.string());
    next = id + 1;
    p.space();
    if (p.peek() === ',') {
      p.take();
      p.space();
    } else if (p.peek() !== close) {
      throw new LocalizedError(msg('class names: expected "," or "{0}" at offset {1} of "{2}"', close, p.pos, clip(text)));
    }
  }
  p.take();
  p.space();
  if (!p.done()) throw new LocalizedError(msg('class names: unexpected text after the closing "{0}" in "{1}"', close, clip(text)));
  const count = byId.size === 0 ? 0 : Math.max(...byId.keys()) + 1;
  return Array.from({ length: count }, (_v, i) => byId.get(i) ?? String(i));
}

/**
 * The model's class names (parseClassNames), each checked as a label file's are: the names become
 * labels and join class lists, where a line break or a blank at either end would shift the ids.
 */
export function modelClassNames(text: string): string[] {
  const names = parseClassNames(text);
  names.forEach((name, id) => {
    const problem = classNameProblem(name);
    if (problem) throw new LocalizedError(msg('class {0}: {1}', id, problem));
  });
  return names;
}

/** Ultralytics' `imgsz` metadata: `[640, 640]` (height, width) or a single `640`. */
export function parseImageSize(text: string): { width: number; height: number } {
  const nums = (text.match(/-?\d+(\.\d+)?/g) ?? []).map(Number);
  const ok = nums.length === 1 || nums.length === 2;
  if (!ok || !nums.every((n) => Number.isInteger(n) && n > 0) || !/^\s*(\[\s*\d+\s*,\s*\d+\s*\]|\(\s*\d+\s*,\s*\d+\s*\)|\d+)\s*$/.test(text)) {
    throw new LocalizedError(msg('imgsz: expected [height, width] or one size, found "{0}"', clip(text)));
  }
  return { height: nums[0], width: nums[nums.length - 1] };
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

// A cursor over the small subset of Python literals that Ultralytics writes: integers and strings
// in either quote with Python's escapes.
class PyLiteral {
  pos = 0;
  constructor(private readonly text: string) {}

  done(): boolean {
    return this.pos >= this.text.length;
  }

  peek(): string {
    if (this.done()) throw new LocalizedError(msg('class names: the text ends early: "{0}"', clip(this.text)));
    return this.text[this.pos];
  }

  take(): string {
    const c = this.peek();
    this.pos++;
    return c;
  }

  expect(c: string): void {
    if (this.take() !== c) throw new LocalizedError(msg('class names: expected "{0}" at offset {1} of "{2}"', c, this.pos - 1, clip(this.text)));
  }

  space(): void {
    while (!this.done() && /\s/.test(this.text[this.pos])) this.pos++;
  }

  integer(): number {
    const m = /^-?\d+/.exec(this.text.slice(this.pos));
    if (!m) throw new LocalizedError(msg('class names: expected a class id at offset {0} of "{1}"', this.pos, clip(this.text)));
    this.pos += m[0].length;
    return Number(m[0]);
  }

  string(): string {
    const quote = this.take();
    if (quote !== "'" && quote !== '"') throw new LocalizedError(msg('class names: expected a quoted name at offset {0} of "{1}"', this.pos - 1, clip(this.text)));
    let out = '';
    for (;;) {
      const c = this.take();
      if (c === quote) return out;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = this.take();
      const hex = (n: number): string => {
        const digits = this.text.slice(this.pos, this.pos + n);
        if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(digits)) throw new LocalizedError(msg('class names: a bad {0} escape at offset {1} of "{2}"', `\\${e}`, this.pos, clip(this.text)));
        this.pos += n;
        return String.fromCodePoint(parseInt(digits, 16));
      };
      const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', '\\': '\\', "'": "'", '"': '"', '/': '/', b: '\b', f: '\f' };
      if (e === 'x') out += hex(2);
      else if (e === 'u') out += hex(4);
      else if (e === 'U') out += hex(8);
      else if (e in simple) out += simple[e];
      else out += `\\${e}`;
    }
  }
}
