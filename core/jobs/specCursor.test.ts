import * as assert from 'node:assert/strict';
import { specDocument, specSpotAt, valueRange } from './specCursor';

const SPEC = ['name: run # the name', 'command: [python3, train.py, --epochs, "30"]', 'resources:', '  gpus: 2', 'env:', '  OMP_NUM_THREADS: 1', 'outputs:', '  - model.pt', 'workdir:', ''].join('\n');
/** The offset of the n-th occurrence of `needle`, plus `delta`. */
const at = (needle: string, delta = 0, n = 0): number => {
  let i = -1;
  for (let k = 0; k <= n; k++) i = SPEC.indexOf(needle, i + 1);
  assert.ok(i >= 0, needle);
  return i + delta;
};

describe('where in a job spec a character is (hover)', () => {
  it('finds the key or the value under the cursor, nested ones included', () => {
    assert.deepEqual(specSpotAt(SPEC, at('name')), { path: ['name'], on: 'key', start: 0, end: 4 });
    assert.deepEqual(specSpotAt(SPEC, at('run', 1)), { path: ['name'], on: 'value', start: 6, end: 9, value: 'run' });
    assert.deepEqual(specSpotAt(SPEC, at('gpus', 2))?.path, ['resources', 'gpus']);
    assert.equal(specSpotAt(SPEC, at('2'))?.value, '2');
    assert.deepEqual(specSpotAt(SPEC, at('OMP'))?.path, ['env', 'OMP_NUM_THREADS']);
    assert.deepEqual(specSpotAt(SPEC, at('model.pt', 3))?.path, ['outputs', 0]);
  });

  it('finds an item of a flow list, quoted or not', () => {
    const train = specSpotAt(SPEC, at('train.py', 2));
    assert.deepEqual(train?.path, ['command', 1]);
    assert.equal(train?.value, 'train.py');
    assert.deepEqual(specSpotAt(SPEC, at('"30"', 1))?.path, ['command', 3]);
  });

  it('finds nothing in a comment, between fields, or in text the spec parser refuses', () => {
    assert.equal(specSpotAt(SPEC, at('the name')), undefined);
    assert.equal(specSpotAt(SPEC, at('[') - 1), undefined);
    assert.equal(specSpotAt('a: [' + '['.repeat(500) + ']'.repeat(500) + ']', 5), undefined);
    assert.equal(specSpotAt('', 0), undefined);
    assert.equal(specSpotAt('just text', 2), undefined);
  });

  it('gives the range of a value, of its key when the value is empty, nothing for a field not written', () => {
    assert.deepEqual(valueRange(specDocument(SPEC)!, ['resources', 'gpus']), { start: at('2'), end: at('2', 1) });
    assert.deepEqual(valueRange(specDocument(SPEC)!, ['workdir']), { start: at('workdir'), end: at('workdir', 7) });
    assert.equal(valueRange(specDocument(SPEC)!, ['script']), undefined);
    assert.equal(valueRange(specDocument(SPEC)!, ['hub', 'model']), undefined);
  });

  it('reads CRLF specs and flow mappings at the right offsets', () => {
    const crlf = 'name: a\r\nhub: {model: part, dataset: jetclass}\r\n';
    const range = valueRange(specDocument(crlf)!, ['hub', 'model']);
    assert.equal(crlf.slice(range!.start, range!.end), 'part');
    assert.deepEqual(specSpotAt(crlf, crlf.indexOf('jetclass') + 2)?.path, ['hub', 'dataset']);
  });
});
