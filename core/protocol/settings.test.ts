import * as assert from 'node:assert/strict';
import { coerceSetting, SETTINGS } from './settings';

describe('coerceSetting', () => {
  it('passes values of the right type through', () => {
    assert.equal(coerceSetting('hai.server.trace', 'verbose'), 'verbose');
    assert.equal(coerceSetting('hai.data.maxFiles', 20), 20);
    assert.equal(coerceSetting('hai.data.include', '**/*.root'), '**/*.root');
  });
  it('falls back to the default for a missing, mistyped or out-of-range value', () => {
    assert.equal(coerceSetting('hai.server.trace', undefined), SETTINGS['hai.server.trace'].default);
    assert.equal(coerceSetting('hai.server.trace', 'loud'), 'off');
    assert.equal(coerceSetting('hai.data.maxFiles', '20'), 500);
    assert.equal(coerceSetting('hai.data.maxFiles', 0), 500);
    assert.equal(coerceSetting('hai.data.maxFiles', Number.NaN), 500);
    assert.equal(coerceSetting('hai.data.include', { glob: '*' }), SETTINGS['hai.data.include'].default);
  });
});
