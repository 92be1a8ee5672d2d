// The metrics view's messages: its requests through the one webview validator, and its updates
// built from the contract's own types, so that core/protocol depends on nothing else of ours.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { METRICS_REQUESTS } from './metricsMessages';
import { parseMessage } from './webviewProtocol';

describe('metrics webview messages', () => {
  it('accepts exactly the known requests', () => {
    for (const message of [{ type: 'ready' }, { type: 'select', ids: ['a', 'b'] }, { type: 'select', ids: [] }, { type: 'removeFolder', root: '/home/physicist/logs' }]) {
      assert.deepEqual(parseMessage(METRICS_REQUESTS, message), { ok: true, message });
    }
  });

  it('drops anything else', () => {
    for (const bad of [null, 'ready', [], { type: 'ready', extra: 1 }, { type: 'select' }, { type: 'select', ids: [1] }, { type: 'select', ids: [''] }, { type: 'select', ids: Array(101).fill('x') }, { type: 'select', ids: ['x'.repeat(4201)] }, { type: 'removeFolder' }, { type: 'removeFolder', root: '' }, { type: 'removeFolder', root: ['/logs'] }, { type: 'removeFolder', root: 'x'.repeat(4201) }, { type: 'exec', cmd: 'rm' }]) {
      assert.equal(parseMessage(METRICS_REQUESTS, bad).ok, false, JSON.stringify(bad));
    }
  });

  it('imports nothing from outside core/protocol (the contract depends on nothing)', () => {
    const source = readFileSync(path.join(__dirname, 'metricsMessages.ts'), 'utf8');
    const outside = [...source.matchAll(/from\s+'(\.\.?\/[^']+)'/g)].map((m) => m[1]).filter((p) => !p.startsWith('./'));
    assert.deepEqual(outside, []);
  });
});
