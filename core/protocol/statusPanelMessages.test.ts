// The status panel's requests through the one webview validator: exactly three, none with a payload.
import * as assert from 'node:assert/strict';
import { STATUS_PANEL_REQUESTS } from './statusPanelMessages';
import { parseMessage } from './webviewProtocol';

describe('status panel messages', () => {
  it('accepts each request the status panel sends', () => {
    for (const type of ['ready', 'refresh', 'restartServer']) {
      assert.deepEqual(parseMessage(STATUS_PANEL_REQUESTS, { type }), { ok: true, message: { type } });
    }
  });
  it('returns a fresh object, never the received one', () => {
    const raw = { type: 'refresh' };
    const result = parseMessage(STATUS_PANEL_REQUESTS, raw);
    assert.ok(result.ok && result.message !== raw);
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
    for (const raw of bad) assert.equal(parseMessage(STATUS_PANEL_REQUESTS, raw).ok, false, JSON.stringify(raw));
  });
});
