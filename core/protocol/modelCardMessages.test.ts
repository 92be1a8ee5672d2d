// The model card's messages: only well-formed requests with plain file names get through.
import * as assert from 'node:assert/strict';
import { parseModelCardRequest } from './modelCardMessages';

describe('model card messages', () => {
  it('accepts the three requests', () => {
    assert.deepEqual(parseModelCardRequest({ type: 'download', file: 'ParticleNet_kin.pt' }), { type: 'download', file: 'ParticleNet_kin.pt' });
    assert.deepEqual(parseModelCardRequest({ type: 'copyLoadCode', file: 'a.pt' }), { type: 'copyLoadCode', file: 'a.pt' });
    assert.deepEqual(parseModelCardRequest({ type: 'copyRecipe' }), { type: 'copyRecipe' });
  });

  it('rejects paths, extra fields, wrong types and unknown requests', () => {
    for (const raw of [
      { type: 'download', file: '../../etc/passwd' },
      { type: 'download', file: 'a\\b.pt' },
      { type: 'download', file: '..' },
      { type: 'download', file: '' },
      { type: 'download', file: 'a.pt', url: 'https://evil' },
      { type: 'download', file: 42 },
      { type: 'copyRecipe', extra: 1 },
      { type: 'runShell', command: 'rm -rf /' },
      'download',
      null,
      [{ type: 'copyRecipe' }],
    ]) {
      assert.equal(parseModelCardRequest(raw), undefined, JSON.stringify(raw));
    }
  });
});
