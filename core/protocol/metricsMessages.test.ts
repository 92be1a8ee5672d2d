import * as assert from 'node:assert/strict';
import { parseMetricsRequest } from './metricsMessages';

describe('metrics webview messages', () => {
  it('accepts exactly the known requests', () => {
    assert.deepEqual(parseMetricsRequest({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseMetricsRequest({ type: 'select', ids: ['a', 'b'] }), { type: 'select', ids: ['a', 'b'] });
  });

  it('drops anything else', () => {
    for (const bad of [null, 'ready', [], { type: 'ready', extra: 1 }, { type: 'select' }, { type: 'select', ids: [1] }, { type: 'select', ids: [''] }, { type: 'select', ids: Array(101).fill('x') }, { type: 'exec', cmd: 'rm' }]) {
      assert.equal(parseMetricsRequest(bad), undefined, JSON.stringify(bad));
    }
  });
});
