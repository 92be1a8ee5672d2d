// Python's pickle machine (protocols 0–5, as pickletools documents the opcodes) for reading files we
// do not trust: it only builds data. Dicts are Maps, lists arrays (tuples frozen), strings and numbers
// themselves; a global is whatever `resolve` gives — the caller's own PickleCallable or plain value —
// and calls (REDUCE, NEWOBJ, OBJ, INST), BUILD, SETITEM and APPEND reach only those callables and the
// objects they made (`PickleObject`). Nothing of JavaScript is called by name, no property is set
// from a key, nothing is spread: a hostile pickle can describe odd data, never run, pollute or hang.
// (pickleparser, tried first, assigned BUILD states with Object.assign and spread call arguments: a
// 51-byte pickle made a list of length 2^32 and took down the process.)
import { latin1, unquote } from './pickleText';

/** A global the caller lets a pickle call: a class or function, as our own code. */
export interface PickleCallable {
  readonly call: (args: readonly unknown[], kwargs?: ReadonlyMap<unknown, unknown>) => unknown;
}

/** An object a callable made, which a pickle may then give a state (BUILD) or items (SETITEM, APPEND). */
export interface PickleObject {
  setState?(state: unknown): void;
  setItem?(key: unknown, value: unknown): void;
  append?(value: unknown): void;
}

export interface PickleHooks {
  /** The value a global names (GLOBAL, STACK_GLOBAL, INST, OBJ's class). */
  resolve(module: string, name: string): unknown;
  /** The object a persistent id stands for (PERSID, BINPERSID). */
  persistent(pid: unknown): unknown;
}

/** A pickle that cannot be read: damaged, truncated, or using what this machine refuses. */
export class PickleError extends Error {
  constructor(message: string, readonly at: number) {
    super(`${message} (at byte ${at})`);
    this.name = 'PickleError';
  }
}

/** A Python int too large for a double, kept exact as a bigint; longer ones than this are refused. */
const MAX_LONG_BYTES = 1024;
/** Elements in all lists, dicts and tuples of one pickle together: a bound on memory whatever memo references repeat. */
const MAX_ELEMENTS = 20_000_000;
/** A protocol-0 text line (a float, an int, a memo key, a global's name) longer than this is not one Python writes. */
const MAX_LINE = 64 * 1024;

/**
 * A Python float with a whole value (3.0), kept apart from the int of the same value, which a
 * JavaScript number could not tell: `num_train_epochs = 3.0` is shown as the float it is.
 */
export class WholeFloat {
  constructor(readonly value: number) {}
}

/** A pickled float: a number, or a WholeFloat when its value is whole. */
const float = (v: number): number | WholeFloat => (Number.isInteger(v) ? new WholeFloat(v) : v);

const isCallable = (v: unknown): v is PickleCallable => typeof v === 'object' && v !== null && typeof (v as PickleCallable).call === 'function' && Object.isFrozen(v);

/** Reads pickles one after another from `bytes` (torch's legacy format holds several). */
export class PickleReader {
  private at = 0;
  private elements = 0;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly hooks: PickleHooks,
  ) {}

  /** Where the next pickle starts. */
  get position(): number {
    return this.at;
  }

  /** The next pickle's value. */
  next(): unknown {
    const memo = new Map<number, unknown>();
    let stack: unknown[] = [];
    const marks: unknown[][] = [];
    const view = new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
    const fail = (message: string): never => {
      throw new PickleError(message, this.at);
    };
    const take = (n: number): Uint8Array => {
      if (!Number.isSafeInteger(n) || n < 0 || this.at + n > this.bytes.length) fail('the pickle ends early');
      const out = this.bytes.subarray(this.at, this.at + n);
      this.at += n;
      return out;
    };
    const u8 = (): number => take(1)[0];
    const u16 = (): number => (take(2), view.getUint16(this.at - 2, true));
    const i32 = (): number => (take(4), view.getInt32(this.at - 4, true));
    const u32 = (): number => (take(4), view.getUint32(this.at - 4, true));
    const u64 = (): number => {
      take(8);
      const n = view.getBigUint64(this.at - 8, true);
      return n > BigInt(Number.MAX_SAFE_INTEGER) ? fail('a length beyond any file') : Number(n);
    };
    const line = (): string => {
      const end = this.bytes.indexOf(0x0a, this.at);
      if (end < 0 || end - this.at > MAX_LINE) fail('a text line without its end');
      const text = latin1(take(end - this.at));
      this.at++;
      return text;
    };
    const utf8 = (b: Uint8Array): string => new TextDecoder('utf-8').decode(b);
    const pop = (): unknown => (stack.length ? stack.pop() : fail('the stack is empty'));
    const top = (): unknown => (stack.length ? stack[stack.length - 1] : fail('the stack is empty'));
    const popMark = (): unknown[] => {
      const items = stack;
      stack = marks.pop() ?? fail('no mark to return to');
      return items;
    };
    const count = (n: number): void => {
      this.elements += n;
      if (this.elements > MAX_ELEMENTS) fail(`more than ${MAX_ELEMENTS} elements`);
    };
    const call = (callee: unknown, args: unknown, kwargs?: unknown): unknown => {
      if (!isCallable(callee)) fail('a call of something that is not a class or function');
      if (!Array.isArray(args)) fail('call arguments that are not a tuple');
      return (callee as PickleCallable).call(args as unknown[], kwargs instanceof Map ? kwargs : undefined);
    };
    const setItems = (target: unknown, items: readonly unknown[]): void => {
      if (items.length % 2) fail('a key without its value');
      count(items.length / 2);
      for (let i = 0; i < items.length; i += 2) {
        if (target instanceof Map) target.set(items[i], items[i + 1]);
        else if (isObject(target) && target.setItem) target.setItem(items[i], items[i + 1]);
        else fail('items set on what is not a dict');
      }
    };
    const append = (target: unknown, items: readonly unknown[]): void => {
      count(items.length);
      if (Array.isArray(target) && !Object.isFrozen(target)) for (const item of items) target.push(item);
      else if (isObject(target) && target.append) for (const item of items) target.append(item);
      else fail('items appended to what is not a list');
    };
    const tuple = (items: unknown[]): unknown[] => {
      count(items.length);
      return Object.freeze(items) as unknown[];
    };
    const long = (b: Uint8Array): number | bigint => {
      if (b.length > MAX_LONG_BYTES) fail('an integer longer than any checkpoint holds');
      if (b.length === 0) return 0;
      let n = 0n;
      for (let i = b.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(b[i]);
      if (b[b.length - 1] & 0x80) n -= 1n << BigInt(8 * b.length);
      return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
    };
    const intText = (text: string): number | bigint | boolean => {
      const t = text.replace(/L$/, '');
      if (t === '01') return true;
      if (t === '00') return false;
      if (!/^[-+]?\d+$/.test(t) || t.length > 2 * MAX_LONG_BYTES) fail('an integer that is not one');
      const n = BigInt(t);
      return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
    };
    const memoKey = (text: string): number => (/^\d{1,10}$/.test(text) ? Number(text) : fail('a memo key that is not a number'));
    const get = (key: number): unknown => (memo.has(key) ? memo.get(key) : fail(`memo ${key} was never stored`));

    for (;;) {
      const op = u8();
      switch (op) {
        case 0x80: // PROTO
          if (u8() > 5) fail('a pickle protocol newer than 5');
          break;
        case 0x95: // FRAME: its length only
          take(8);
          break;
        case 0x2e: // STOP
          if (stack.length !== 1 || marks.length) fail('the pickle ends with a stack of other than one value');
          return stack[0];
        case 0x28: // MARK
          marks.push(stack);
          stack = [];
          break;
        case 0x30: // POP
          pop();
          break;
        case 0x31: // POP_MARK
          popMark();
          break;
        case 0x32: // DUP
          stack.push(top());
          break;
        case 0x4e: // NONE
          stack.push(null);
          break;
        case 0x88: // NEWTRUE
          stack.push(true);
          break;
        case 0x89: // NEWFALSE
          stack.push(false);
          break;
        case 0x4a: // BININT
          stack.push(i32());
          break;
        case 0x4b: // BININT1
          stack.push(u8());
          break;
        case 0x4d: // BININT2
          stack.push(u16());
          break;
        case 0x8a: // LONG1
          stack.push(long(take(u8())));
          break;
        case 0x8b: // LONG4
          stack.push(long(take(u32())));
          break;
        case 0x49: // INT
          stack.push(intText(line()));
          break;
        case 0x4c: // LONG
          stack.push(intText(line()));
          break;
        case 0x46: // FLOAT
          stack.push(float(Number(line())));
          break;
        case 0x47: // BINFLOAT (big-endian)
          take(8);
          stack.push(float(view.getFloat64(this.at - 8, false)));
          break;
        case 0x58: // BINUNICODE
          stack.push(utf8(take(u32())));
          break;
        case 0x8c: // SHORT_BINUNICODE
          stack.push(utf8(take(u8())));
          break;
        case 0x8d: // BINUNICODE8
          stack.push(utf8(take(u64())));
          break;
        case 0x56: // UNICODE (raw-unicode-escape)
          stack.push(line().replace(/\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})/g, (_, a: string | undefined, b: string | undefined) => String.fromCodePoint(parseInt(a ?? b ?? '0', 16))));
          break;
        case 0x54: // BINSTRING: Python 2 str, as text
          stack.push(latin1(take(i32())));
          break;
        case 0x55: // SHORT_BINSTRING
          stack.push(latin1(take(u8())));
          break;
        case 0x53: // STRING: a quoted repr
          stack.push(unquote(line()) ?? fail('a quoted string that is not one'));
          break;
        case 0x42: // BINBYTES
          stack.push(take(u32()).slice());
          break;
        case 0x43: // SHORT_BINBYTES
          stack.push(take(u8()).slice());
          break;
        case 0x8e: // BINBYTES8
        case 0x96: // BYTEARRAY8
          stack.push(take(u64()).slice());
          break;
        case 0x29: // EMPTY_TUPLE
          stack.push(tuple([]));
          break;
        case 0x85: // TUPLE1
          stack.push(tuple([pop()]));
          break;
        case 0x86: {
          // TUPLE2
          const b = pop();
          stack.push(tuple([pop(), b]));
          break;
        }
        case 0x87: {
          // TUPLE3
          const c = pop();
          const b = pop();
          stack.push(tuple([pop(), b, c]));
          break;
        }
        case 0x74: {
          // TUPLE (popMark() replaces `stack`: the items are taken before pushing)
          const items = popMark();
          stack.push(tuple(items));
          break;
        }
        case 0x5d: // EMPTY_LIST
          stack.push([]);
          break;
        case 0x6c: {
          // LIST
          const items = popMark();
          count(items.length);
          stack.push(items);
          break;
        }
        case 0x61: {
          // APPEND
          const value = pop();
          append(top(), [value]);
          break;
        }
        case 0x65: {
          // APPENDS
          const items = popMark();
          append(top(), items);
          break;
        }
        case 0x7d: // EMPTY_DICT
          stack.push(new Map());
          break;
        case 0x64: {
          // DICT
          const dict = new Map();
          setItems(dict, popMark());
          stack.push(dict);
          break;
        }
        case 0x73: {
          // SETITEM
          const value = pop();
          const key = pop();
          setItems(top(), [key, value]);
          break;
        }
        case 0x75: {
          // SETITEMS
          const items = popMark();
          setItems(top(), items);
          break;
        }
        case 0x8f: // EMPTY_SET: a list of its items
          stack.push([]);
          break;
        case 0x90: {
          // ADDITEMS
          const items = popMark();
          append(top(), items);
          break;
        }
        case 0x91: {
          // FROZENSET
          const items = popMark();
          stack.push(tuple(items));
          break;
        }
        case 0x63: // GLOBAL
          stack.push(this.hooks.resolve(line(), line()));
          break;
        case 0x93: {
          // STACK_GLOBAL
          const name = pop();
          const module = pop();
          if (typeof module !== 'string' || typeof name !== 'string') fail('a global named by what is not text');
          stack.push(this.hooks.resolve(module as string, name as string));
          break;
        }
        case 0x52: {
          // REDUCE
          const args = pop();
          stack.push(call(pop(), args));
          break;
        }
        case 0x81: {
          // NEWOBJ
          const args = pop();
          stack.push(call(pop(), args));
          break;
        }
        case 0x92: {
          // NEWOBJ_EX
          const kwargs = pop();
          const args = pop();
          stack.push(call(pop(), args, kwargs));
          break;
        }
        case 0x6f: {
          // OBJ: the class and its arguments after the mark
          const [cls, ...args] = popMark();
          stack.push(call(cls, args));
          break;
        }
        case 0x69: {
          // INST
          const cls = this.hooks.resolve(line(), line());
          const args = popMark();
          stack.push(call(cls, args));
          break;
        }
        case 0x62: {
          // BUILD: only objects our callables made take a state; a state for anything else is dropped.
          const state = pop();
          const target = top();
          if (isObject(target) && target.setState) target.setState(state);
          break;
        }
        case 0x50: // PERSID
          stack.push(this.hooks.persistent(line()));
          break;
        case 0x51: // BINPERSID
          stack.push(this.hooks.persistent(pop()));
          break;
        case 0x70: // PUT
          memo.set(memoKey(line()), top());
          break;
        case 0x71: // BINPUT
          memo.set(u8(), top());
          break;
        case 0x72: // LONG_BINPUT
          memo.set(u32(), top());
          break;
        case 0x94: // MEMOIZE
          memo.set(memo.size, top());
          break;
        case 0x67: // GET
          stack.push(get(memoKey(line())));
          break;
        case 0x68: // BINGET
          stack.push(get(u8()));
          break;
        case 0x6a: // LONG_BINGET
          stack.push(get(u32()));
          break;
        default:
          // EXT1/2/4 (the copyreg extension registry), out-of-band buffers, and anything else.
          fail(`opcode 0x${op.toString(16)} is not read`);
      }
    }
  }
}

function isObject(v: unknown): v is PickleObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Map);
}
