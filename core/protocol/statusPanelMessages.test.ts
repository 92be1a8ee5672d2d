import * as assert from 'node:assert/strict';
import { parsePanelRequest } from './statusPanelMessages';

describe('parsePanelRequest', () => {
  it('accepts each request the status panel sends', () => {
    for (const type of ['ready', 'refresh', 'restartServer']) {
      assert.deepEqual(parsePanelRequest({ type }), { type });
    }
  });
  it('returns a fresh object, never the received one', () => {
    const raw = { type: 'refresh' };
    assert.notEqual(parsePanelRequest(raw), raw);
  });
  it('rejects anything else', () => {
    const bad: unknown[] = [
      null,
      undefined,
      'refresh',
      42,
      [],
      ['refresh'],
      {},
      { type: 'deleteEverything' },
      { type: 7 },
      { type: 'refresh', extra: 1 },
      { type: 'toString' },
      { type: '__proto__' },
      JSON.parse('{"type":"refresh","__proto__":{"polluted":true}}'),
    ];
    for (const raw of bad) assert.equal(parsePanelRequest(raw), undefined, JSON.stringify(raw));
  });
});
