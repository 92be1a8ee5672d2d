// The zlib check of a key's compressed blocks, on a real basket of uproot-HZZ.root (NElectron's
// first, 515 bytes at 165520: a 78-byte key header, then one zlib block).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { damagedBlock } from './compressedKey';

const HZZ = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'data', 'root', 'uproot-HZZ.root');
const key = (): Buffer => Buffer.from(readFileSync(HZZ).subarray(165520, 165520 + 515));

describe('checking a ROOT key\'s compressed data', () => {
  it('passes the basket as written', () => {
    assert.equal(damagedBlock(key()), undefined);
  });

  it('finds a block whose bytes were overwritten', () => {
    const bytes = key();
    bytes.fill(0x55, 78 + 200, 78 + 264);
    const found = damagedBlock(bytes);
    assert.equal(found?.at, 78);
    assert.match(found?.reason ?? '', /incorrect data check|invalid/);
  });

  it('finds a block that claims more bytes than its key holds', () => {
    const bytes = key();
    bytes[78 + 5] = 0x7f;
    assert.match(damagedBlock(bytes)?.reason ?? '', /runs past the end of its key/);
  });

  it('leaves alone what is not one whole compressed key: a part of one, or a key stored uncompressed', () => {
    assert.equal(damagedBlock(key().subarray(0, 300)), undefined);
    const stored = key();
    stored.writeInt32BE(515 - 78, 6); // ObjLen = what follows the header: not compressed
    stored.fill(0x55, 78 + 200, 78 + 264);
    assert.equal(damagedBlock(stored), undefined);
  });
});
