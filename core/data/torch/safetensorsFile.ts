// safetensors files (Hugging Face's weights format, `save_file` / `save_pretrained`): an 8-byte
// little-endian header length, a JSON header naming each tensor's dtype, shape and byte range, then
// the tensors' bytes, little-endian and in C order. The header is checked as the safetensors library
// checks it (ranges that tile the data exactly, sizes that match dtype and shape), so a file it would
// refuse is refused here with the same reason, and a tensor never points outside its own bytes.
import * as path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import { fileSource } from '../npy/npyFile';
import { schemaProblem } from '../../schemaProblems';
import { msg } from '../../text/message';
import { CheckpointError, DTYPE_BYTES, OtherTensor, StorageRef, TensorNode, type TorchDtype } from './checkpointPickle';
import type { CheckpointTensor, CheckpointValue } from './checkpointContent';
import { type CheckpointFile, type StorageSpan, tensorArray } from './checkpointFile';

/** The library refuses a longer header (its MAX_HEADER_SIZE). */
const MAX_HEADER_BYTES = 100_000_000;
/** More tensors than a large language model's shard holds. */
const MAX_TENSORS = 100_000;
const MAX_NAME = 1_000;
const MAX_VALUES = 2_000;
const MAX_TEXT = 200;

/** The dtypes read as numbers, by their safetensors names. */
const DTYPES: Readonly<Record<string, TorchDtype>> = {
  F64: 'float64',
  F32: 'float32',
  F16: 'float16',
  BF16: 'bfloat16',
  I64: 'int64',
  I32: 'int32',
  I16: 'int16',
  I8: 'int8',
  U8: 'uint8',
  BOOL: 'bool',
};
/** Bytes per element of the dtypes listed but not read (unsigned wide integers, 8-bit floats, complex): for the size check. */
const OTHER_DTYPE_BYTES: Readonly<Record<string, number>> = { U16: 2, U32: 4, U64: 8, F8_E4M3: 1, F8_E5M2: 1, F8_E8M0: 1, C64: 8 };

const TENSOR_SCHEMA = {
  type: 'object',
  required: ['dtype', 'shape', 'data_offsets'],
  properties: {
    dtype: { type: 'string', maxLength: 32 },
    shape: { type: 'array', maxItems: 64, items: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER } },
    data_offsets: { type: 'array', minItems: 2, maxItems: 2, items: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER } },
  },
} as const;
const METADATA_SCHEMA = { type: 'object', additionalProperties: { type: 'string' } } as const;

let validators: { tensor: ValidateFunction; metadata: ValidateFunction } | undefined;
function validate(): NonNullable<typeof validators> {
  if (!validators) {
    const ajv = new Ajv({ allErrors: false, strict: true });
    validators = { tensor: ajv.compile(TENSOR_SCHEMA), metadata: ajv.compile(METADATA_SCHEMA) };
  }
  return validators;
}

interface Entry {
  readonly name: string;
  readonly dtype: string;
  readonly shape: readonly number[];
  readonly begin: number;
  readonly end: number;
}

export async function openSafetensors(file: string): Promise<CheckpointFile> {
  const source = await fileSource(file);
  try {
    const base = path.basename(file);
    const notOne = (why: string | ReturnType<typeof msg>) => new CheckpointError(msg('{0} is not a safetensors file: {1}', base, why));
    const lengthBytes = new Uint8Array(8);
    if ((await source.read(lengthBytes, 0)) < 8) throw notOne(msg('it is shorter than the 8 bytes that give its header\'s length.'));
    const headerLength = new DataView(lengthBytes.buffer).getBigUint64(0, true);
    if (headerLength > BigInt(MAX_HEADER_BYTES)) throw notOne(msg('its first 8 bytes give a header of {0} bytes, more than the {1} the format allows.', headerLength.toString(), MAX_HEADER_BYTES));
    // Against the file's size before allocating: a 10-byte file may claim a 100 MB header.
    if (8 + Number(headerLength) > source.size) {
      throw new CheckpointError(msg('{0} ends inside its header ({1} of {2} bytes): it is truncated. Copy or download it again.', base, Math.max(0, source.size - 8), Number(headerLength)));
    }
    const headerBytes = new Uint8Array(Number(headerLength));
    if ((await source.read(headerBytes, 8)) < headerBytes.length) {
      throw new CheckpointError(msg('{0} ends inside its header ({1} of {2} bytes): it is truncated. Copy or download it again.', base, Math.max(0, source.size - 8), headerBytes.length));
    }
    const header = parseHeader(headerBytes, notOne);
    const dataStart = 8 + headerBytes.length;
    const entries: Entry[] = [];
    const values: CheckpointValue[] = [];
    let truncated = false;
    const { tensor: tensorValid, metadata: metadataValid } = validate();
    for (const [name, raw] of Object.entries(header)) {
      if (name === '__metadata__') {
        if (!metadataValid(raw)) {
          const e = metadataValid.errors![0];
          const key = e.instancePath.split('/')[1];
          throw notOne(key === undefined ? msg('its __metadata__ {0}.', schemaProblem(e)) : msg('its __metadata__ entry {0} {1}.', JSON.stringify(key.replace(/~1/g, '/').replace(/~0/g, '~')), schemaProblem(e)));
        }
        for (const [key, text] of Object.entries(raw as Record<string, string>)) {
          if (values.length >= MAX_VALUES) {
            truncated = true;
            break;
          }
          values.push({ name: key, type: 'str', text: text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text });
        }
        continue;
      }
      if (name.length > MAX_NAME) throw notOne(msg('a tensor\'s name is {0} characters long.', name.length));
      if (entries.length >= MAX_TENSORS) throw notOne(msg('it lists more than {0} tensors.', MAX_TENSORS));
      if (!tensorValid(raw)) {
        const e = tensorValid.errors![0];
        const [field, ...index] = e.instancePath.split('/').filter(Boolean);
        throw notOne(field ? msg('tensor {0}: {1} {2}.', JSON.stringify(name), field + index.map((i) => `[${i}]`).join(''), schemaProblem(e)) : msg('tensor {0}: {1}.', JSON.stringify(name), schemaProblem(e)));
      }
      const t = raw as { dtype: string; shape: number[]; data_offsets: [number, number] };
      entries.push({ name, dtype: t.dtype, shape: t.shape, begin: t.data_offsets[0], end: t.data_offsets[1] });
    }
    checkLayout(entries, source.size - dataStart, base);
    // In the order of their bytes in the file: the order they were written in.
    entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
    const spans = new Map<string, StorageSpan>();
    const tensors: CheckpointTensor[] = entries.map(({ name, dtype, shape, begin, end }) => {
      const numel = shape.reduce((a, d) => a * d, 1);
      const known = DTYPES[dtype];
      if (!known) return { table: '', name, access: undefined, tensor: new OtherTensor(dtype, shape) };
      spans.set(name, { bytes: end - begin, earliest: dataStart + begin, start: () => Promise.resolve(dataStart + begin) });
      return { table: '', name, access: undefined, tensor: new TensorNode(new StorageRef(name, known, numel), 0, shape, contiguousStrides(shape)) };
    });
    return {
      tensors,
      values,
      truncated,
      classes: [],
      tensor: (node) => tensorArray(node, spans.get(node.storage.key), source, false),
      close: () => source.close(),
    };
  } catch (err) {
    await source.close();
    throw err;
  }
}

function parseHeader(bytes: Uint8Array, notOne: (why: ReturnType<typeof msg>) => CheckpointError): Record<string, unknown> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw notOne(msg('its header is not UTF-8 text.'));
  }
  if (!text.startsWith('{')) throw notOne(msg('its header does not start with "{".'));
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (err) {
    throw notOne(msg('its header is not JSON ({0}).', err instanceof Error ? err.message : String(err)));
  }
  // Text that starts with "{" and parses is a JSON object.
  return header as Record<string, unknown>;
}

/**
 * Each tensor's byte range holds exactly its elements, and the ranges, in order, tile the data from
 * its start to the end of the file: what the safetensors library requires before it reads a tensor.
 */
function checkLayout(entries: readonly Entry[], dataBytes: number, base: string): void {
  for (const e of entries) {
    if (e.end < e.begin) throw new CheckpointError(msg('{0}: tensor {1} ends (byte {2}) before it begins (byte {3}); the file is damaged.', base, JSON.stringify(e.name), e.end, e.begin));
    let numel = 1;
    for (const d of e.shape) {
      numel *= d;
      if (!Number.isSafeInteger(numel)) throw new CheckpointError(msg('{0}: tensor {1} has a shape of more elements than can be counted; the file is damaged.', base, JSON.stringify(e.name)));
    }
    const size = DTYPES[e.dtype] ? DTYPE_BYTES[DTYPES[e.dtype]] : OTHER_DTYPE_BYTES[e.dtype];
    if (size !== undefined && numel * size !== e.end - e.begin) {
      throw new CheckpointError(msg('{0}: tensor {1} ({2}, shape [{3}]) needs {4} bytes but its range holds {5}; the file is damaged.', base, JSON.stringify(e.name), e.dtype, e.shape.join(', '), numel * size, e.end - e.begin));
    }
  }
  const ordered = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let at = 0;
  for (const e of ordered) {
    if (e.begin !== at) throw new CheckpointError(msg('{0}: tensor {1} starts at byte {2} of the data, where {3} was expected (ranges overlap or leave a gap); the file is damaged.', base, JSON.stringify(e.name), e.begin, at));
    at = e.end;
  }
  if (at > dataBytes) throw new CheckpointError(msg('{0} is truncated: its header describes {1} bytes of tensors and the file holds {2}. Copy or download it again.', base, at, Math.max(0, dataBytes)));
  if (at < dataBytes) throw new CheckpointError(msg('{0} has {1} bytes after its last tensor that its header does not describe; the file is damaged.', base, dataBytes - at));
}

function contiguousStrides(shape: readonly number[]): number[] {
  const stride = shape.map(() => 1);
  for (let i = shape.length - 2; i >= 0; i--) stride[i] = stride[i + 1] * shape[i + 1];
  return stride;
}
