// The zlib check of a key's compressed blocks, on a real basket of uproot-HZZ.root (NElectron's
// first, 515 bytes at 165520: a 78-byte key header, then one zlib block).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { boundedZstd, damagedBlock, damagedBlocks, MAX_OBJECT_BYTES, zstdFrameProblem } from './compressedKey';
import { RootError } from './rootError';
import { openJsrootFile } from './rootFile';

const HZZ = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'data', 'root', 'uproot-HZZ.root');
const key = (): Buffer => Buffer.from(readFileSync(HZZ).subarray(165520, 165520 + 515));

describe('checking a ROOT key\'s compressed data', () => {
  it('passes the basket as written', async () => {
    assert.equal(await damagedBlock(key()), undefined);
  });

  it('finds a block whose bytes were overwritten', async () => {
    const bytes = key();
    bytes.fill(0x55, 78 + 200, 78 + 264);
    const found = await damagedBlock(bytes);
    assert.equal(found?.at, 78);
    assert.match(found?.reason ?? '', /incorrect data check|invalid/);
  });

  it('finds a block that claims more bytes than its key holds', async () => {
    const bytes = key();
    bytes[78 + 5] = 0x7f;
    assert.match((await damagedBlock(bytes))?.reason ?? '', /runs past the end of its key/);
  });

  it('leaves alone what is not one whole compressed key: a part of one, or a key stored uncompressed', async () => {
    assert.equal(await damagedBlock(key().subarray(0, 300)), undefined);
    const stored = key();
    stored.writeInt32BE(515 - 78, 6); // ObjLen = what follows the header: not compressed
    stored.fill(0x55, 78 + 200, 78 + 264);
    assert.equal(await damagedBlock(stored), undefined);
  });
});

describe('the sizes of a ROOT key\'s compressed data, and its zstd frames', () => {
  it('refuses a key whose blocks do not add up to its object, or whose object is over 256 MiB', async () => {
    const short = key();
    short.writeUInt32BE(short.readUInt32BE(6) + 100, 6);
    assert.match((await damagedBlock(short))?.reason ?? '', /its blocks hold \d+ bytes uncompressed where the key says \d+/);
    const huge = key();
    huge.writeUInt32BE(MAX_OBJECT_BYTES + 1, 6);
    assert.equal((await damagedBlock(huge))?.tooLarge, MAX_OBJECT_BYTES + 1);
    // A key's data read apart from its header, as jsroot reads objects, with the size its key gives.
    assert.equal(await damagedBlocks(key().subarray(78), 0, key().readUInt32BE(6)), undefined);
    assert.equal((await damagedBlocks(key().subarray(78), 0, 2 ** 32 - 1))?.tooLarge, 2 ** 32 - 1);
  });

  /** A zstd frame: single segment, a 1-byte content size (or none), then the given blocks. */
  const frame = (contentSize: number | undefined, ...blocks: number[][]): Uint8Array =>
    Uint8Array.from([0x28, 0xb5, 0x2f, 0xfd, ...(contentSize === undefined ? [0x00, 0x38] : [0x20, contentSize]), ...blocks.flat()]);
  const block = (type: number, size: number, last: boolean, body: number[]): number[] => {
    const word = (size << 3) | (type << 1) | (last ? 1 : 0);
    return [word & 0xff, (word >> 8) & 0xff, (word >> 16) & 0xff, ...body];
  };

  it('passes a frame that says its size and holds it, and decodes it into exactly that', async () => {
    const honest = frame(5, block(0, 3, false, [1, 2, 3]), block(1, 2, true, [9]));
    assert.equal(zstdFrameProblem(honest, 5), undefined);
    assert.deepEqual(Array.from(boundedZstd.decompress(honest)), [1, 2, 3, 9, 9]);
  });

  it('refuses frames without a size, of another size, holding more, of too many blocks, or with bytes after them', async () => {
    assert.equal(zstdFrameProblem(frame(undefined, block(1, 5, true, [0])), 5), 'a zstd frame that does not say its size');
    assert.match(zstdFrameProblem(frame(4, block(1, 4, true, [0])), 5) ?? '', /a zstd frame of 4 bytes where the block says 5/);
    assert.match(zstdFrameProblem(frame(5, block(1, 5, false, [0]), block(1, 128 * 1024, true, [0])), 5) ?? '', /holding more than the 5 bytes/);
    const empties = Array.from({ length: 40 }, (_, i) => block(2, 0, i === 39, []));
    assert.match(zstdFrameProblem(frame(5, ...empties), 5) ?? '', /more blocks than its 5 bytes need/);
    assert.equal(zstdFrameProblem(Uint8Array.from([...frame(1, block(1, 1, true, [0])), 7]), 1), 'bytes after the zstd frame');
    assert.throws(() => boundedZstd.decompress(frame(5, block(1, 5, false, [0]), block(1, 128 * 1024, true, [0]))), (err: Error) => err instanceof RootError && /holding more than the 5 bytes/.test(err.message));
  });

  it('reads a ZS block\'s size from its ROOT header, where jsroot leaves the frame', () => {
    const honest = frame(5, block(1, 5, true, [7]));
    const withHeader = Uint8Array.from([0x5a, 0x53, 1, honest.length, 0, 0, 6, 0, 0, ...honest]);
    assert.throws(() => boundedZstd.decompress(withHeader.subarray(9)), /a zstd frame of 5 bytes where the block says 6/);
  });
});

describe('zlib and lzma blocks unpacked ahead of jsroot', () => {
  const LZMA = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'data', 'root', 'uproot-HZZ-lzma.root');

  /** A compressed basket of a branch of the events tree, as jsroot reads it (a whole key). */
  async function basket(file: string, branch: string): Promise<{ bytes: Buffer; keylen: number; objlen: number }> {
    const { openFile } = await import('jsroot/io');
    const f = await openFile(file);
    const tree = (await f.readObject('events')) as unknown as { fBranches: { arr: { fName: string; fBasketSeek: number[]; fBasketBytes: number[] }[] } };
    const b = tree.fBranches.arr.find((x) => x.fName === branch)!;
    const bytes = Buffer.from(readFileSync(file).subarray(b.fBasketSeek[0], b.fBasketSeek[0] + b.fBasketBytes[0]));
    return { bytes, keylen: bytes.readInt16BE(14), objlen: bytes.readUInt32BE(6) };
  }

  /** jsroot's own unpacking of the key as read from the file (its R__unzip, its own decoders). */
  async function jsrootUnpacked(bytes: Buffer, keylen: number, objlen: number): Promise<Buffer> {
    const { R__unzip } = await import('jsroot/io');
    const out = await R__unzip(new DataView(bytes.buffer, bytes.byteOffset, bytes.length), objlen, true, keylen);
    return Buffer.from(out!.buffer, out!.byteOffset, out!.byteLength);
  }

  for (const [format, file, magic] of [['zlib', HZZ, 'ZL'], ['lzma', LZMA, 'XZ']] as const) {
    it(`hands jsroot a ${format} block unpacked, relabelled zstd, the same bytes as jsroot's own ${format} decoder gives`, async () => {
      const { bytes, keylen, objlen } = await basket(file, 'Jet_Px');
      assert.equal(bytes.toString('latin1', keylen, keylen + 2), magic);
      const want = await jsrootUnpacked(Buffer.from(bytes), keylen, objlen);
      assert.equal(await damagedBlock(bytes), undefined);
      assert.equal(bytes.toString('latin1', keylen, keylen + 2), 'ZS', 'relabelled for jsroot to hand to boundedZstd');
      // What jsroot hands its zstd decoder: the block's data, a view just after its 9-byte header.
      const compressed = bytes[keylen + 3] | (bytes[keylen + 4] << 8) | (bytes[keylen + 5] << 16);
      const handed = boundedZstd.decompress(new Uint8Array(bytes.buffer, bytes.byteOffset + keylen + 9, compressed));
      assert.ok(Buffer.from(handed).equals(want.subarray(0, handed.length)) && handed.length === objlen, `${handed.length} bytes of ${objlen}`);
      // And jsroot's own path over the relabelled key gives the object whole.
      const { internals } = await import('jsroot/core');
      internals._ZstdStream = boundedZstd;
      assert.ok((await jsrootUnpacked(bytes, keylen, objlen)).equals(want));
    });
  }

  it('hands jsroot the streamer list unpacked too, which it reads whole on opening and then its data apart', async () => {
    const handed: number[] = [];
    const decompress = boundedZstd.decompress;
    boundedZstd.decompress = (frame) => {
      const out = decompress(frame);
      handed.push(out.length);
      return out;
    };
    try {
      const { opened } = await openJsrootFile(HZZ);
      const seekInfo = (opened as unknown as { fSeekInfo: number }).fSeekInfo;
      const objlen = readFileSync(HZZ).readUInt32BE(seekInfo + 6);
      // The file is zlib throughout: all that reaches the zstd decoder was unpacked ahead (jsroot's JavaScript inflate was a tenth of a small file's time).
      assert.ok(handed.includes(objlen), `the streamer list (${objlen} bytes) among the blocks handed unpacked: ${handed.join(', ')}`);
      opened.delete();
    } finally {
      boundedZstd.decompress = decompress;
    }
  });

  it('finds an lzma block whose bytes were overwritten (xz checks its data), and one holding more than it says', async () => {
    const damaged = await basket(LZMA, 'Jet_Px');
    damaged.bytes.fill(0x55, damaged.keylen + 60, damaged.keylen + 90);
    const found = await damagedBlock(damaged.bytes);
    assert.equal(found?.at, damaged.keylen);
    assert.match(found?.reason ?? '', /^lzma: /);
    const more = await basket(LZMA, 'Jet_Px');
    // The block says 8 bytes fewer than its stream holds; the key's object likewise.
    const at = more.keylen + 6;
    const size = more.bytes[at] | (more.bytes[at + 1] << 8) | (more.bytes[at + 2] << 16);
    more.bytes[at] = (size - 8) & 0xff;
    more.bytes[at + 1] = ((size - 8) >> 8) & 0xff;
    more.bytes[at + 2] = ((size - 8) >> 16) & 0xff;
    more.bytes.writeUInt32BE(more.objlen - 8, 6);
    assert.match((await damagedBlock(more.bytes))?.reason ?? '', /an lzma block holding more than the \d+ bytes it says/);
  });
});
