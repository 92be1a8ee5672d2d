// The pickle machine against Python's own pickle module: the same values pickled by Python in every
// protocol (0–5) read back as Python has them; globals reach only the resolver's callables; what a
// hostile pickle tries (calling a non-callable, a BUILD that would set a list's length, a huge
// integer, a reference to a memo slot never stored, a truncated stream) is refused or dropped.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { type PickleCallable, PickleError, type PickleHooks, PickleReader, WholeFloat } from './pickleMachine';
import { pythonFloat } from './pythonFloat';

const PYTHON = '/usr/bin/python3';

/** Our values as the canonical JSON the Python side writes: dicts as sorted pairs, ints beyond 2^53 as text. */
function canonical(v: unknown): unknown {
  if (v instanceof Map) return { dict: [...v].map(([k, x]) => [canonical(k), canonical(x)]).sort((a, b) => JSON.stringify(a[0]).localeCompare(JSON.stringify(b[0]))) };
  if (Array.isArray(v)) return v.map(canonical);
  if (typeof v === 'bigint') return { int: v.toString() };
  if (typeof v === 'number' && Number.isInteger(v)) return { int: String(v) };
  if (v instanceof WholeFloat) return { float: pythonFloat(v.value) };
  if (v instanceof Uint8Array) return { bytes: Buffer.from(v).toString('hex') };
  if (typeof v === 'object' && v !== null && 'made' in v) return v;
  return v;
}

const PYTHON_SIDE = `
import json, pickle, sys
class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y
shared = [1, 2]
value = {"ints": [0, 1, -1, 255, 256, 65535, 65536, -2**31, 2**31 - 1, 2**40, -2**40, 2**70, -2**70],
         "floats": [0.5, -1.25e-300, 3.14159, 3.0, 0.0, -0.0, 1e16], "text": ["", "x", "é中", "a\\nb"], "bytes": b"\\x00\\xffab",
         "consts": [None, True, False], "tuples": [(), (1,), (1, 2), (1, 2, 3), (1, 2, 3, 4)],
         "shared": [shared, shared], "nested": {"k": {"deeper": [{"a": 1}]}}, 7: "int key",
         "point": Point(3, 4)}
def canon(v):
    if isinstance(v, dict): return {"dict": sorted([[canon(k), canon(x)] for k, x in v.items()], key=lambda p: json.dumps(p[0]))}
    if isinstance(v, (list, tuple)): return [canon(x) for x in v]
    if isinstance(v, bool) or v is None: return v
    if isinstance(v, int): return {"int": str(v)}
    if isinstance(v, float) and v.is_integer(): return {"float": repr(v)}
    if isinstance(v, bytes): return {"bytes": v.hex()}
    if isinstance(v, Point): return {"made": "__main__.Point", "state": canon(v.__dict__)}
    return v
print(json.dumps({"canonical": canon(value), "pickles": [pickle.dumps(value, protocol=p).hex() for p in range(6)]}))
`;

/**
 * Classes become records of their name and the state BUILD gives them; nothing else is callable. As
 * checkpointPickle.ts does, protocols 0–2's spellings of bytes (_codecs.encode) and of an object
 * (copy_reg._reconstructor) are read as what they stand for.
 */
const hooks: PickleHooks = {
  resolve(module, name) {
    if (`${module}.${name}` === '_codecs.encode') return Object.freeze({ call: (a: readonly unknown[]) => Uint8Array.from(String(a[0]), (c) => c.charCodeAt(0)) });
    if (name === '_reconstructor') return Object.freeze({ call: (a: readonly unknown[]) => (a[0] as PickleCallable).call([]) });
    return Object.freeze({
      call: () => {
        const made: { made: string; state?: unknown; setState(s: unknown): void } = {
          made: `${module}.${name}`,
          setState(s) {
            this.state = canonical(s);
          },
        };
        return made;
      },
    } satisfies PickleCallable);
  },
  persistent: (pid) => ({ pid }),
};

describe('pickle machine', function () {
  this.timeout(30_000);
  let python: { canonical: unknown; pickles: string[] };
  before(() => (python = JSON.parse(execFileSync(PYTHON, ['-c', PYTHON_SIDE], { encoding: 'utf8' }))));

  it('reads what Python pickles in every protocol, 0 to 5, as Python has it', () => {
    for (const [protocol, hex] of python.pickles.entries()) {
      const value = new PickleReader(Buffer.from(hex, 'hex'), hooks).next();
      // The record's setState is ours, not data: compared without it.
      assert.deepEqual(JSON.parse(JSON.stringify(canonical(value))), python.canonical, `protocol ${protocol}`);
    }
  });

  it('reads several pickles one after another, and says where the next one starts', () => {
    const one = Buffer.from(python.pickles[2], 'hex');
    const reader = new PickleReader(Buffer.concat([one, one]), hooks);
    reader.next();
    assert.equal(reader.position, one.length);
    reader.next();
    assert.equal(reader.position, 2 * one.length);
  });

  it('calls only what the resolver gave as a frozen callable, and drops a BUILD for anything else', () => {
    const plain: PickleHooks = { resolve: () => ({ call: () => 'called' }), persistent: () => undefined };
    // GLOBAL os.system, then REDUCE: the resolver's object is not frozen, so it is not called.
    assert.throws(() => new PickleReader(Buffer.from('\x80\x02cos\nsystem\nX\x02\x00\x00\x00ls\x85R.', 'latin1'), plain).next(), /not a class or function/);
    // EMPTY_LIST, {'length': 2**31 - 1}, BUILD: the list keeps its length.
    const list = new PickleReader(Buffer.from('\x80\x02]}X\x06\x00\x00\x00lengthJ\xff\xff\xff\x7fsb.', 'latin1'), hooks).next();
    assert.deepEqual(list, []);
    // A dict key "__proto__" is a key of a Map, not a prototype.
    const dict = new PickleReader(Buffer.from('\x80\x02}X\x09\x00\x00\x00__proto__}s.', 'latin1'), hooks).next() as Map<string, unknown>;
    assert.ok(dict instanceof Map && dict.has('__proto__') && Object.getPrototypeOf(dict) === Map.prototype);
  });

  it('refuses huge integers, memo slots never stored, appends to a tuple and truncated streams', () => {
    const refuse = (bytes: string | Buffer, message: RegExp): void => assert.throws(() => new PickleReader(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes, hooks).next(), (err: unknown) => err instanceof PickleError && message.test(err.message));
    refuse(Buffer.concat([Buffer.from('\x80\x02\x8b', 'latin1'), Buffer.from([0, 0x10, 0, 0]), Buffer.alloc(0x1000, 1), Buffer.from('.')]), /integer longer than any checkpoint holds/);
    refuse('\x80\x02h\x05.', /memo 5 was never stored/);
    refuse('\x80\x02)K\x01a.', /appended to what is not a list/);
    refuse(Buffer.from(python.pickles[2], 'hex').subarray(0, 40), /ends early|stack/);
    refuse('\x80\x02\x82\x01.', /opcode 0x82 is not read/);
  });
});
