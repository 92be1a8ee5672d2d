// ROOT files built to hurt the reader (test/fixtures/data/root/hostile/*.py, each from a fixture):
// decompression bombs in zstd and zlib, objects declaring more than the reader unpacks, and baskets
// listed more than once. Each must be refused with a clear RootError, at once and in little memory.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RootError, RootFile } from './rootFile';

const PYTHON = '/usr/bin/python3';
const HOSTILE = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'data', 'root', 'hostile');

describe('hostile ROOT files', function () {
  this.timeout(20_000);
  let dir = '';
  const build = (script: string, ...args: string[]): string => {
    const out = path.join(dir, `${script.replace('.py', '')}-${args.join('-')}.root`);
    execFileSync(PYTHON, [path.join(HOSTILE, script), args[0], out, ...args.slice(1)], { stdio: 'pipe' });
    return out;
  };
  /** What opening `file`, describing and reading its events tree, fails with. */
  const refusal = async (file: string): Promise<RootError> => {
    let f: RootFile | undefined;
    try {
      f = await RootFile.open(file);
      await f.tree('events');
      await f.read('events', ['NJet'], 0, 10);
    } catch (err) {
      assert.ok(err instanceof RootError, String(err));
      return err;
    } finally {
      f?.close();
    }
    assert.fail(`${path.basename(file)} was read`);
  };
  const within = async <T>(ms: number, work: () => Promise<T>): Promise<T> => {
    const t0 = Date.now();
    const result = await work();
    assert.ok(Date.now() - t0 < ms, `took ${Date.now() - t0} ms`);
    return result;
  };

  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hai-root-hostile-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a zstd frame in the streamer list that does not say its size (zstd-js took 73 s for 64 MiB of it)', async () => {
    const err = await within(2000, () => refusal(build('make_zstd_bomb.py', '64')));
    assert.match(err.message, /damaged.*a zstd frame that does not say its size/);
  });

  it('refuses a zstd frame that says the block\'s size but holds 64 MiB', async () => {
    const err = await within(2000, () => refusal(build('make_zstd_bomb.py', '64', '--content-size')));
    assert.match(err.message, /a zstd frame holding more than the 14901 bytes it says/);
  });

  it('refuses a streamer list declaring just over 256 MiB in honest zlib blocks, before inflating any', async () => {
    const err = await within(2000, () => refusal(build('make_streamerinfo_zlib_bomb.py', '257')));
    assert.match(err.message, /declares an object of 269484032 bytes at byte \d+, more than the 268435456 bytes this reader unpacks/);
  });

  it('refuses a tree whose key declares more than 256 MiB, or more than its blocks hold', async () => {
    assert.match((await refusal(build('make_tree_objlen.py', String(300 * 2 ** 20)))).message, /declares an object of 314572800 bytes at byte 209535/);
    assert.match((await refusal(build('make_tree_objlen.py', String(100 * 2 ** 20)))).message, /its blocks hold 27013 bytes uncompressed where the key says 104857600/);
  });

  it('refuses a branch listing one basket three times, on describing the tree and on reading it', async () => {
    const file = build('make_basket_reuse.py', '1000', '3');
    assert.match((await refusal(file)).message, /The branch NJet of the tree events in .* lists its baskets wrongly \(a basket at byte \d+ overlaps one of NJet\)/);
    const f = await RootFile.open(file);
    try {
      await assert.rejects(f.read('events', ['NJet'], 0, 10), /lists its baskets wrongly/);
      assert.ok((await f.keys()).some((k) => k.name === 'events'));
    } finally {
      f.close();
    }
  });

  it('refuses a branch whose baskets start past the tree\'s entries (the same script, K = 1: a tree cut to 1000 entries)', async () => {
    const err = await refusal(build('make_basket_reuse.py', '1000', '1'));
    assert.match(err.message, /The branch Muon_Px of the tree events .* lists its baskets wrongly \(basket 1 starts at entry 2231 of 1000\)/);
  });

  describe('an RNTuple whose page list lies about a page (make_ntuple_pages.mjs)', () => {
    const ntuple = (elements: number, listLength?: number): string => {
      const out = path.join(dir, `ntuple-pages-${elements}${listLength === undefined ? '' : `-list-${listLength}`}.root`);
      execFileSync(process.execPath, [path.join(HOSTILE, 'make_ntuple_pages.mjs'), out, String(elements), ...(listLength === undefined ? [] : [String(listLength)])], { stdio: 'pipe' });
      return out;
    };
    const readAll = async (file: string): Promise<number[]> => {
      const f = await RootFile.open(file);
      try {
        const column = (await f.read('ntuple', ['one_v_integers'], 0, 100)).get('one_v_integers')!;
        return column.kind === 'jagged' ? Array.from(column.values) : [];
      } finally {
        f.close();
      }
    };

    it('reads the rewritten file when the page list says what the page holds (the test of the rewriting)', async () => {
      const original = await readAll(path.join(HOSTILE, '..', 'test_1jag_int_float_rntuple_v1-0-0-0.root'));
      assert.equal(original.length, 450);
      assert.deepEqual(await readAll(ntuple(450)), original);
    });

    it('refuses a page of 237 bytes said to hold 2³¹ − 1 values (8 GiB) before reading any, naming it', async () => {
      const file = ntuple(2 ** 31 - 1);
      await within(2000, () => assert.rejects(readAll(file), /The RNTuple "ntuple" in ntuple-pages-2147483647\.root declares a page of 8589934588 bytes \(column 1, cluster 0\), more than the 268435456 bytes this reader unpacks: the file is damaged\./));
    });

    it('refuses a page list said to unpack to 4 GiB before jsroot unpacks it, and one whose bytes are not what it says', async () => {
      await within(2000, () => assert.rejects(readAll(ntuple(450, 2 ** 32)), /The RNTuple "ntuple" in ntuple-pages-450-list-4294967296\.root declares a page list of 4294967296 bytes, more than the 268435456 bytes this reader unpacks/));
      // 300 where the list is 244 bytes as written: taken as packed, its "blocks" must add up to 300.
      await assert.rejects(readAll(ntuple(450, 300)), /ntuple-pages-450-list-300\.root is damaged: the compressed data at byte \d+ does not check out/);
    });

    it('refuses a page whose blocks unpack to less than the page list says, as damage (jsroot read its packed bytes as values)', async () => {
      await assert.rejects(readAll(ntuple(500)), /ntuple-pages-500\.root is damaged: the compressed data at byte \d+ does not check out \(its blocks hold 1800 bytes uncompressed where the key says 2000\)/);
    });
  });

  it('reads a branch whose one basket is listed once, and refuses it listed longer than its key', async () => {
    const f = await RootFile.open(build('make_basket_reuse.py', '2421', '1'));
    try {
      const njet = (await f.read('events', ['NJet'], 0, 3)).get('NJet')!;
      assert.deepEqual(njet.kind === 'flat' ? Array.from(njet.values) : njet.kind, [0, 0, 0]);
    } finally {
      f.close();
    }
    const err = await refusal(build('make_basket_reuse.py', '2421', '1', '8'));
    assert.match(err.message, /damaged: the compressed data at byte \d+ does not check out \(a basket whose key says \d+ bytes where its branch says \d+\)/);
  });
});
