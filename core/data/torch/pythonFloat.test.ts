import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { pythonFloat } from './pythonFloat';

describe('floats written as Python writes them', () => {
  it('matches repr() for the values a checkpoint holds and for random bit patterns', () => {
    const values = [0, -0, 3, -7.25, 0.1, 1e-5, 5e-5, 1e-4, 0.0001234, 0.999, 1e-8, 123, 2 ** 53, 1e16, 1.5e16, 9999999999999998, 1e21, 1e300, 5e-324, 1.7976931348623157e308, 0.30000000000000004, Infinity, -Infinity, NaN];
    const bits = new DataView(new ArrayBuffer(8));
    let seed = 12345;
    for (let i = 0; i < 3000; i++) {
      // A fixed sequence (xorshift) of every kind of double: tiny, huge, subnormal, whole.
      for (let half = 0; half < 2; half++) {
        seed ^= seed << 13;
        seed ^= seed >>> 17;
        seed ^= seed << 5;
        bits.setUint32(half * 4, seed >>> 0);
      }
      const v = bits.getFloat64(0);
      if (!Number.isNaN(v)) values.push(v, Math.round(v / 1e10), v / 1e300);
    }
    // Exact: the doubles go to Python as their bytes, not as text.
    const hex = values.map((v) => {
      bits.setFloat64(0, v);
      return Buffer.from(bits.buffer).toString('hex');
    });
    const python = execFileSync('/usr/bin/python3', ['-c', 'import struct, sys\nfor h in sys.stdin.read().split(): print(repr(struct.unpack(">d", bytes.fromhex(h))[0]))'], { input: hex.join('\n'), encoding: 'utf8' })
      .trim()
      .split('\n');
    assert.equal(python.length, values.length);
    const wrong = values.map((v, i) => [pythonFloat(v), python[i]]).filter(([ours, theirs]) => ours !== theirs);
    assert.deepEqual(wrong.slice(0, 5), [], `${wrong.length} of ${values.length} differ`);
  });
});
