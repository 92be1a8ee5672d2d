import * as assert from 'node:assert/strict';
import { isTooSlow, lineLatencyMs } from './codeModels';

describe('code models: fast enough to suggest while typing', () => {
  it('judges by the time of a typical one-line suggestion', () => {
    assert.equal(lineLatencyMs(6.7), 107, 'the built-in model on 2 cores');
    assert.equal(isTooSlow(6.7), false);
    assert.equal(isTooSlow(62.5), false, 'exactly one second for a line');
    assert.equal(isTooSlow(90), true, 'a 1.5B model on a laptop');
  });
});
