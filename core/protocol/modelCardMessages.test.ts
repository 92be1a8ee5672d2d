// The model card's messages: only well-formed requests with plain file names get through.
import * as assert from 'node:assert/strict';
import { MODEL_CARD_REQUESTS } from './modelCardMessages';
import { parseMessage } from './webviewProtocol';

describe('model card messages', () => {
  it('accepts the three requests', () => {
    for (const message of [{ type: 'download', file: 'ParticleNet_kin.pt' }, { type: 'copyLoadCode', file: 'a.pt' }, { type: 'copyRecipe' }]) {
      assert.deepEqual(parseMessage(MODEL_CARD_REQUESTS, message), { ok: true, message });
    }
  });

  it('rejects paths, extra fields, wrong types and unknown requests', () => {
    for (const raw of [
      { type: 'download', file: '../../etc/passwd' },
      { type: 'download', file: 'a\\b.pt' },
      { type: 'download', file: '..' },
      { type: 'download', file: '' },
      { type: 'download', file: 'a.pt', url: 'https://evil' },
      { type: 'download', file: 42 },
      { type: 'download', file: 'x'.repeat(256) },
      { type: 'copyRecipe', extra: 1 },
      { type: 'runShell', command: 'rm -rf /' },
      'download',
      null,
      [{ type: 'copyRecipe' }],
    ]) {
      assert.equal(parseMessage(MODEL_CARD_REQUESTS, raw).ok, false, JSON.stringify(raw));
    }
  });
});
