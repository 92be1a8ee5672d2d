// The header of a NumPy .npy file (format versions 1.0, 2.0 and 3.0): magic, version, header length,
// then a Python dict literal {'descr': '<f8', 'fortran_order': False, 'shape': (2421, 4)}. Read by our
// own small parser for exactly that literal (strings, booleans, tuples of integers): nothing is ever
// evaluated, and object arrays (pickles) are refused, not read.
import { LocalizedError, type Message, msg } from '../../text/message';

export type NpyKind = 'bool' | 'int' | 'uint' | 'float';

export interface NpyDtype {
  /** NumPy's own spelling, e.g. "<f8", ">i4", "|b1". */
  readonly descr: string;
  readonly kind: NpyKind;
  /** Bytes per element. */
  readonly size: 1 | 2 | 4 | 8;
  readonly littleEndian: boolean;
}

export interface NpyHeader {
  readonly version: string;
  readonly dtype: NpyDtype;
  readonly fortranOrder: boolean;
  readonly shape: readonly number[];
  /** Where the array's data starts in the file. */
  readonly dataOffset: number;
  /** Elements in the whole array (the product of the shape; 1 for a 0-d array). */
  readonly elements: number;
}

/** A file that is not an .npy NumPy can write, or one this reader does not take, with what to do. */
export class NpyError extends LocalizedError {
  constructor(message: string | Message) {
    super(message);
    this.name = 'NpyError';
  }
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
/** Bytes to read to be sure of having the fixed part of the header. */
export const NPY_PREFIX_BYTES = 12;
/** NumPy writes headers of a few hundred bytes; a longer one is not an .npy file we trust. */
const MAX_HEADER_BYTES = 1 << 20;

/** The header's length and where it starts, from the file's first NPY_PREFIX_BYTES bytes. */
export function npyHeaderSpan(prefix: Uint8Array): { readonly version: string; readonly start: number; readonly length: number } {
  if (prefix.length < 10 || MAGIC.some((b, i) => prefix[i] !== b)) throw new NpyError(msg('This is not a NumPy .npy file (it does not begin with NumPy\'s magic bytes).'));
  const major = prefix[6];
  const minor = prefix[7];
  const view = new DataView(prefix.buffer, prefix.byteOffset, prefix.byteLength);
  if (major === 1) return { version: `1.${minor}`, start: 10, length: view.getUint16(8, true) };
  if (major === 2 || major === 3) {
    if (prefix.length < 12) throw new NpyError(msg('The .npy file ends inside its header.'));
    const length = view.getUint32(8, true);
    if (length > MAX_HEADER_BYTES) throw new NpyError(msg('The .npy header claims {0} bytes; NumPy writes a few hundred. The file is damaged.', length));
    return { version: `${major}.${minor}`, start: 12, length };
  }
  throw new NpyError(msg('.npy format version {0}.{1} is not one NumPy writes (1.0, 2.0, 3.0).', major, minor));
}

/** Parses the header dict (the bytes after the fixed part) into shape, dtype and order. */
export function parseNpyHeader(version: string, start: number, bytes: Uint8Array): NpyHeader {
  const text = new TextDecoder(version.startsWith('3.') ? 'utf-8' : 'latin1').decode(bytes);
  const dict = parseDict(text);
  const descr = dict.descr;
  if (Array.isArray(descr)) throw new NpyError(msg('This .npy file holds a structured array (named fields); save each field as its own array to plot it.'));
  if (typeof descr !== 'string') throw new NpyError(msg('The .npy header has no dtype ("descr").'));
  const fortran = dict.fortran_order;
  if (typeof fortran !== 'boolean') throw new NpyError(msg('The .npy header has no "fortran_order".'));
  const shape = dict.shape;
  if (!Array.isArray(shape) || !shape.every((d) => typeof d === 'number')) throw new NpyError(msg('The .npy header has no "shape".'));
  const elements = (shape as number[]).reduce((a, b) => a * b, 1);
  if (!Number.isSafeInteger(elements)) throw new NpyError(msg('The .npy shape ({0}) is too large to be a real array.', shape.join(', ')));
  return { version, dtype: parseDtype(descr), fortranOrder: fortran, shape: shape as number[], dataOffset: start + bytes.length, elements };
}

function parseDtype(descr: string): NpyDtype {
  const m = /^([<>|=]?)([biuf])(\d+)$/.exec(descr);
  if (!m) {
    const what = descr.includes('O')
      ? msg('Python objects (a pickle: not read, for safety)')
      : descr.includes('c')
        ? msg('complex numbers')
        : /[SUV]/.test(descr)
          ? msg('strings or raw bytes')
          : /[Mm]/.test(descr)
            ? msg('dates or time spans')
            : msg('dtype "{0}"', descr);
    throw new NpyError(msg('This array holds {0}; the data explorer reads booleans, integers and floats.', what));
  }
  const [, order, code, sizeText] = m;
  const size = Number(sizeText);
  const kind: NpyKind = code === 'b' ? 'bool' : code === 'i' ? 'int' : code === 'u' ? 'uint' : 'float';
  const valid = kind === 'bool' ? size === 1 : kind === 'float' ? [2, 4, 8].includes(size) : [1, 2, 4, 8].includes(size);
  if (!valid) throw new NpyError(msg('dtype "{0}" ({1} of {2} bytes) is not one this reader takes.', descr, kind, size));
  // "=" is the writer's native order: NumPy only writes it for 1-byte types, where it does not matter.
  return { descr, kind, size: size as NpyDtype['size'], littleEndian: order !== '>' };
}

type Value = string | number | boolean | Value[];

/**
 * The header's dict literal: keys are quoted strings; values are quoted strings, True/False,
 * integers, tuples or lists of those. Anything else is an error.
 */
function parseDict(text: string): Record<string, Value> {
  let i = 0;
  const fail = (what: Message): never => {
    throw new NpyError(msg('The .npy header is not a NumPy header ({0} at character {1}).', what, i + 1));
  };
  const skip = (): void => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const expect = (c: string): void => {
    skip();
    if (text[i] !== c) fail(msg('"{0}" expected', c));
    i++;
  };
  const value = (depth: number): Value => {
    if (depth > 8) fail(msg('nesting too deep'));
    skip();
    const c = text[i];
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      if (end < 0) fail(msg('an unclosed string'));
      const s = text.slice(i + 1, end);
      i = end + 1;
      return s;
    }
    if (c === '(' || c === '[') {
      const close = c === '(' ? ')' : ']';
      i++;
      const items: Value[] = [];
      for (;;) {
        skip();
        if (text[i] === close) {
          i++;
          return items;
        }
        items.push(value(depth + 1));
        skip();
        if (text[i] === ',') i++;
        else if (text[i] !== close) fail(msg('"," or "{0}" expected', close));
      }
    }
    const word = /^(True|False|\d+)(L?)/.exec(text.slice(i, i + 30));
    if (!word) return fail(msg('an unexpected value'));
    i += word[0].length;
    return word[1] === 'True' ? true : word[1] === 'False' ? false : Number(word[1]);
  };
  expect('{');
  // No prototype: a key such as __proto__ is only a key.
  const dict = Object.create(null) as Record<string, Value>;
  for (;;) {
    skip();
    if (text[i] === '}') break;
    const key = value(0);
    if (typeof key !== 'string') fail(msg('a key that is not a string'));
    expect(':');
    dict[key as string] = value(0);
    skip();
    if (text[i] === ',') i++;
    else if (text[i] !== '}') fail(msg('"," or "{0}" expected', '}'));
  }
  return dict;
}
