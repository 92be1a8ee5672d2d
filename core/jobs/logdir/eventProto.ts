// The scalars in one TensorBoard event (a protocol buffer, tensorboard.Event). Only the fields that
// carry scalars are read (field numbers as in TensorBoard's event.proto, summary.proto and
// tensor.proto); the rest (graphs, images, histograms) are skipped by their length, unread.
// Two writers' ways are read: PyTorch's SummaryWriter.add_scalar (and tensorboardX, Lightning,
// Ultralytics through it) stores `simple_value`; TensorFlow 2's tf.summary.scalar stores a rank-0
// tensor and says on the tag's first value only that it belongs to the "scalars" plugin.
// The event and its summary are walked field by field (protobufjs's Reader) rather than decoded whole: one record (up to 64 MiB)
// can hold millions of values, and decoding them all would hold the extension host for seconds and
// take gigabytes. Only the first MAX_VALUES_PER_EVENT are read; the rest are counted.
import { Reader, Root, type Type } from 'protobufjs/light';

/** Values read per event, at most (TensorFlow 1's merged summaries hold hundreds); the rest are counted and skipped. */
export const MAX_VALUES_PER_EVENT = 10_000;
/** A one-element tensor takes a few dozen bytes: a larger one is no scalar, and is not decoded. */
const MAX_SCALAR_TENSOR_BYTES = 1024;

const SCHEMA = {
  nested: {
    tensorboard: {
      nested: {
        TensorProto: {
          fields: {
            dtype: { type: 'int32', id: 1 },
            tensorShape: { type: 'TensorShapeProto', id: 2 },
            tensorContent: { type: 'bytes', id: 4 },
            floatVal: { rule: 'repeated', type: 'float', id: 5 },
            doubleVal: { rule: 'repeated', type: 'double', id: 6 },
            intVal: { rule: 'repeated', type: 'int32', id: 7 },
            int64Val: { rule: 'repeated', type: 'int64', id: 10 },
            halfVal: { rule: 'repeated', type: 'int32', id: 13 },
          },
        },
        TensorShapeProto: {
          fields: { dim: { rule: 'repeated', type: 'Dim', id: 2 } },
          nested: { Dim: { fields: { size: { type: 'int64', id: 1 } } } },
        },
      },
    },
  },
};

/** The fields we read of a decoded tensor (protobufjs gives every field, its default when absent). */
interface TensorMessage {
  dtype?: number;
  tensorShape?: { dim?: { size?: Int64 }[] } | null;
  tensorContent?: Uint8Array;
  floatVal?: number[];
  doubleVal?: number[];
  intVal?: number[];
  int64Val?: Int64[];
  halfVal?: number[];
}

let tensorType: Type | undefined;

function typeOfTensor(): Type {
  tensorType ??= Root.fromJSON(SCHEMA).lookupType('tensorboard.TensorProto');
  return tensorType;
}

/** One value of a summary: its tag, the plugin its metadata names (only where the writer said), and its number if it is a scalar. */
export interface EventValue {
  readonly tag: string;
  readonly plugin?: string;
  readonly value?: number;
}

export interface DecodedEvent {
  readonly step: number;
  readonly wallTime: number;
  readonly fileVersion?: string;
  /** The first MAX_VALUES_PER_EVENT values. */
  readonly values: readonly EventValue[];
  /** Values past MAX_VALUES_PER_EVENT, skipped. */
  readonly valuesLeftOut: number;
}

// Wire types, and the keys (field number << 3 | wire type) read.
const VARINT = 0;
const FIXED64 = 1;
const BYTES = 2;
const FIXED32 = 5;
const key = (field: number, wire: number): number => (field << 3) | wire;
const EVENT_WALL_TIME = key(1, FIXED64);
const EVENT_STEP = key(2, VARINT);
const EVENT_FILE_VERSION = key(3, BYTES);
const EVENT_SUMMARY = key(5, BYTES);
const SUMMARY_VALUE = key(1, BYTES);
const VALUE_TAG = key(1, BYTES);
const VALUE_SIMPLE = key(2, FIXED32);
const VALUE_TENSOR = key(8, BYTES);
const VALUE_METADATA = key(9, BYTES);
const METADATA_PLUGIN_DATA = key(1, BYTES);
const PLUGIN_NAME = key(1, BYTES);

/**
 * The fields of a message from the reader's position to `end`: `read` is called with each key and
 * reads its field, or returns false to have it skipped. A field that runs past `end` (into the
 * enclosing message's bytes) makes the record damaged.
 */
function fields(r: Reader, end: number, read: (k: number) => boolean): void {
  while (r.pos < end) {
    const k = r.uint32();
    if (!read(k)) r.skipType(k & 7);
  }
  if (r.pos !== end) throw new RangeError(`a field runs past the end of its message at byte ${r.pos}`);
}

/** Where a length-delimited field that starts here ends, checked against the data. */
function lengthEnd(r: Reader): number {
  const length = r.uint32();
  if (length > r.len - r.pos) throw new RangeError(`a field of ${length} bytes runs past the end of the record at byte ${r.pos}`);
  return r.pos + length;
}

/** Decodes one record's data; throws when it is not an event. */
export function decodeEvent(data: Uint8Array): DecodedEvent {
  const r = Reader.create(data);
  let step = 0;
  let wallTime = 0;
  let fileVersion: string | undefined;
  const values: EventValue[] = [];
  let valuesLeftOut = 0;
  fields(r, r.len, (k) => {
    if (k === EVENT_WALL_TIME) wallTime = r.double();
    else if (k === EVENT_STEP) step = toNumber(r.int64() as unknown as Int64) ?? 0;
    else if (k === EVENT_FILE_VERSION) fileVersion = r.string() || undefined;
    else if (k === EVENT_SUMMARY) {
      fields(r, lengthEnd(r), (s) => {
        if (s !== SUMMARY_VALUE) return false;
        const end = lengthEnd(r);
        // Past the cap, a value costs its key and length: no object is made for it.
        if (values.length < MAX_VALUES_PER_EVENT) values.push(readValue(r, end));
        else {
          valuesLeftOut++;
          r.pos = end;
        }
        return true;
      });
    } else return false;
    return true;
  });
  return { step, wallTime, fileVersion, values, valuesLeftOut };
}

/** A Summary.Value, from the reader's position to `end`. */
function readValue(r: Reader, end: number): EventValue {
  let tag = '';
  let plugin: string | undefined;
  let value: number | undefined;
  fields(r, end, (k) => {
    // Of the value's oneof, the last one written counts.
    if (k === VALUE_TAG) tag = r.string();
    else if (k === VALUE_SIMPLE) value = r.float();
    else if (k === VALUE_TENSOR) {
      const stop = lengthEnd(r);
      value = stop - r.pos <= MAX_SCALAR_TENSOR_BYTES ? scalarOf(typeOfTensor().decode(r.buf.subarray(r.pos, stop)) as unknown as TensorMessage) : undefined;
      r.pos = stop;
    } else if (k === VALUE_METADATA) plugin = readPluginName(r, lengthEnd(r));
    else return false;
    return true;
  });
  return { tag, plugin, value };
}

/** SummaryMetadata.plugin_data.plugin_name, from the reader's position to `end`. */
function readPluginName(r: Reader, end: number): string | undefined {
  let plugin: string | undefined;
  fields(r, end, (m) => {
    if (m !== METADATA_PLUGIN_DATA) return false;
    plugin = undefined;
    fields(r, lengthEnd(r), (p) => {
      if (p !== PLUGIN_NAME) return false;
      plugin = r.string() || undefined;
      return true;
    });
    return true;
  });
  return plugin;
}

/** An int64 as protobufjs gives it: a number, or a Long (when the long package is there). */
type Int64 = number | { toNumber(): number } | null | undefined;

function toNumber(x: Int64): number | undefined {
  return x === null || x === undefined ? undefined : typeof x === 'number' ? x : x.toNumber();
}

// TensorFlow's DataType numbers (types.proto).
const DT_FLOAT = 1;
const DT_DOUBLE = 2;
const DT_INT32 = 3;
const DT_INT64 = 9;
const DT_BFLOAT16 = 14;
const DT_HALF = 19;

/** The number a one-element numeric tensor holds; undefined for anything else (a histogram, text). */
function scalarOf(t: TensorMessage): number | undefined {
  const dims = t.tensorShape?.dim ?? [];
  if (!dims.every((d) => toNumber(d.size) === 1)) return undefined;
  const raw = t.tensorContent && t.tensorContent.length > 0 ? Buffer.from(t.tensorContent) : undefined;
  switch (t.dtype) {
    case DT_FLOAT:
      return raw ? (raw.length >= 4 ? raw.readFloatLE(0) : undefined) : t.floatVal?.[0];
    case DT_DOUBLE:
      return raw ? (raw.length >= 8 ? raw.readDoubleLE(0) : undefined) : t.doubleVal?.[0];
    case DT_INT32:
      return raw ? (raw.length >= 4 ? raw.readInt32LE(0) : undefined) : t.intVal?.[0];
    case DT_INT64:
      return raw ? (raw.length >= 8 ? Number(raw.readBigInt64LE(0)) : undefined) : toNumber(t.int64Val?.[0]);
    case DT_HALF: {
      const bits = raw ? (raw.length >= 2 ? raw.readUInt16LE(0) : undefined) : t.halfVal?.[0];
      return bits === undefined ? undefined : halfToNumber(bits);
    }
    case DT_BFLOAT16: {
      const bits = raw ? (raw.length >= 2 ? raw.readUInt16LE(0) : undefined) : t.halfVal?.[0];
      if (bits === undefined) return undefined;
      const b = Buffer.alloc(4);
      b.writeUInt32LE(((bits & 0xffff) << 16) >>> 0);
      return b.readFloatLE(0);
    }
    default:
      return undefined;
  }
}

/** An IEEE 754 half-precision number from its 16 bits. */
function halfToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction ? NaN : sign * Infinity;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}
