// The scalars in one TensorBoard event (a protocol buffer, tensorboard.Event). Only the fields that
// carry scalars are described (field numbers as in TensorBoard's event.proto, summary.proto and
// tensor.proto); protobufjs skips the rest (graphs, images, histograms) unread.
// Two writers' ways are read: PyTorch's SummaryWriter.add_scalar (and tensorboardX, Lightning,
// Ultralytics through it) stores `simple_value`; TensorFlow 2's tf.summary.scalar stores a rank-0
// tensor and says on the tag's first value only that it belongs to the "scalars" plugin.
import { Root, type Type } from 'protobufjs/light';

const SCHEMA = {
  nested: {
    tensorboard: {
      nested: {
        Event: { fields: { wallTime: { type: 'double', id: 1 }, step: { type: 'int64', id: 2 }, fileVersion: { type: 'string', id: 3 }, summary: { type: 'Summary', id: 5 } } },
        Summary: {
          fields: { value: { rule: 'repeated', type: 'Value', id: 1 } },
          nested: {
            Value: {
              oneofs: { value: { oneof: ['simpleValue', 'tensor'] } },
              fields: { tag: { type: 'string', id: 1 }, simpleValue: { type: 'float', id: 2 }, tensor: { type: 'TensorProto', id: 8 }, metadata: { type: 'SummaryMetadata', id: 9 } },
            },
          },
        },
        SummaryMetadata: {
          fields: { pluginData: { type: 'PluginData', id: 1 } },
          nested: { PluginData: { fields: { pluginName: { type: 'string', id: 1 } } } },
        },
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

/** The fields we read of a decoded message (protobufjs gives every field, its default when absent, and the oneof's name). */
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

interface EventMessage {
  wallTime?: number;
  step?: Int64;
  fileVersion?: string;
  summary?: { value?: { tag?: string; value?: 'simpleValue' | 'tensor'; simpleValue?: number; tensor?: TensorMessage | null; metadata?: { pluginData?: { pluginName?: string } | null } | null }[] } | null;
}

let eventType: Type | undefined;

function typeOfEvent(): Type {
  eventType ??= Root.fromJSON(SCHEMA).lookupType('tensorboard.Event');
  return eventType;
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
  readonly values: readonly EventValue[];
}

/** Decodes one record's data; throws when it is not an event. */
export function decodeEvent(data: Uint8Array): DecodedEvent {
  // The decoded message itself, not toObject's copy of it: a file logged per batch has millions of events.
  const event = typeOfEvent().decode(data) as unknown as EventMessage;
  const values: EventValue[] = [];
  for (const v of event.summary?.value ?? []) {
    if (typeof v.tag !== 'string') continue;
    const plugin = v.metadata?.pluginData?.pluginName || undefined;
    const value = v.value === 'simpleValue' ? v.simpleValue : v.value === 'tensor' && v.tensor ? scalarOf(v.tensor) : undefined;
    values.push({ tag: v.tag, plugin, value });
  }
  return { step: toNumber(event.step) ?? 0, wallTime: event.wallTime ?? 0, fileVersion: event.fileVersion || undefined, values };
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
