// Extraction of dataset archives: real tar, tar.gz and zip files written by Python's tarfile and
// zipfile (which can also write the hostile entries a careful extractor must refuse), unpacked into
// a temporary folder and compared file by file.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { acquireLock } from '../fs/fileLock';
import { archiveKindOf, extractArchive, extractionOf, removeExtractedArchive } from './extract';
import { ExtractError, safeEntryPath } from './extractChecks';

/**
 * Writes an archive with Python. `entries`: [name, kind, content] with kind file | dir | symlink
 * (content: the link target) and content the file's text, or a byte count for pseudo-random bytes.
 */
function makeArchive(file: string, entries: [string, 'file' | 'dir' | 'symlink', string | number][]): void {
  const script = `
import io, json, random, sys, tarfile, zipfile
out, entries = sys.argv[1], json.loads(sys.argv[2])
rnd = random.Random(5)
def data(c):
    return c.encode() if isinstance(c, str) else bytes(rnd.getrandbits(8) for _ in range(c))
if out.endswith('.zip'):
    with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
        for name, kind, c in entries:
            if kind == 'dir':
                z.writestr(zipfile.ZipInfo(name.rstrip('/') + '/'), b'')
            elif kind == 'symlink':
                info = zipfile.ZipInfo(name)
                info.external_attr = (0o120777 << 16)
                z.writestr(info, c.encode())
            else:
                info = zipfile.ZipInfo(name)
                info.external_attr = (0o100644 << 16)
                z.writestr(info, data(c))
else:
    with tarfile.open(out, 'w:gz' if out.endswith('.gz') else 'w', format=tarfile.GNU_FORMAT) as t:
        for name, kind, c in entries:
            info = tarfile.TarInfo(name)
            if kind == 'dir':
                info.type = tarfile.DIRTYPE; info.mode = 0o755; t.addfile(info)
            elif kind == 'symlink':
                info.type = tarfile.SYMTYPE; info.linkname = c; t.addfile(info)
            else:
                b = data(c); info.size = len(b); info.mode = 0o644; t.addfile(info, io.BytesIO(b))
`;
  execFileSync('/usr/bin/python3', ['-c', script, file, JSON.stringify(entries)]);
}

const DATASET: [string, 'file' | 'dir', string | number][] = [
  ['train_100M/', 'dir', ''],
  ['train_100M/HToBB_000.root', 'file', 5000],
  ['train_100M/ZToQQ_000.root', 'file', 7000],
  ['val_5M/HToBB_120.root', 'file', 3000],
  ['README.txt', 'file', 'JetClass, a part of it.\n'],
];

/** Every file under dir (relative path → content), leaving out the archive itself and our marker folder. */
function tree(dir: string, skip: string[] = []): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  const walk = (d: string, rel: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (skip.includes(r) || e.name === '.hai-extracted') continue;
      if (e.isDirectory()) walk(path.join(d, e.name), r);
      else out[r] = readFileSync(path.join(d, e.name));
    }
  };
  walk(dir, '');
  return out;
}

async function rejectsWith(p: Promise<unknown>, kind: string, message: RegExp): Promise<ExtractError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof ExtractError, `an ExtractError, got ${String(err)}`);
    assert.equal(err.kind, kind, err.message);
    assert.match(err.message, message);
    assert.ok(err.hint.length > 10, 'a next step for the user');
    return err;
  }
  assert.fail(`expected a ${kind} error`);
}

describe('extracting dataset archives', function () {
  this.timeout(30_000);
  let root: string;
  let reference: Record<string, Buffer>;
  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'hai-extract-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));
  before(() => {
    // What the archives hold, written as plain files by the same generator.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hai-extract-ref-'));
    makeArchive(path.join(dir, 'ref.tar'), DATASET);
    execFileSync('tar', ['-xf', 'ref.tar'], { cwd: dir });
    reference = tree(dir, ['ref.tar']);
    rmSync(dir, { recursive: true, force: true });
    assert.equal(Object.keys(reference).length, 4);
  });

  for (const name of ['JetClass_part0.tar', 'TopLandscape.tar.gz', 'QuarkGluon.zip']) {
    it(`unpacks ${name} beside it, as tar -xf would, and records the extraction`, async () => {
      const archive = path.join(root, name);
      makeArchive(archive, DATASET);
      const seen: number[] = [];
      const result = await extractArchive(archive, archiveKindOf(name)!, { onProgress: (p) => seen.push(p.read / p.total) });
      assert.deepEqual(tree(root, [name]), reference);
      assert.deepEqual(result.topLevel, ['README.txt', 'train_100M', 'val_5M']);
      assert.equal(result.files, 4);
      assert.equal(result.bytes, 5000 + 7000 + 3000 + 'JetClass, a part of it.\n'.length);
      assert.equal(result.replaced, 0);
      assert.deepEqual(result.skipped, []);
      assert.ok(seen.length > 0 && seen.at(-1)! > 0.5 && seen.every((f) => f <= 1), `progress ${seen.join(', ')}`);
      assert.deepEqual(readdirSync(root).sort(), ['.hai-extracted', 'README.txt', name, 'train_100M', 'val_5M'].sort(), 'no staging folder left');
      const recorded = await extractionOf(archive);
      assert.equal(recorded?.files, 4);
      assert.deepEqual(recorded?.topLevel, result.topLevel);
    });
  }

  it('removes staging folders that crashed extractions of other archives left, but not one another window is using', async () => {
    const archive = path.join(root, 'part0.tar');
    makeArchive(archive, DATASET);
    const stale = ['.hai-extract-part1.tar.Ab12Cd', '.hai-extract-part2.zip'];
    const live = '.hai-extract-part3.tar.Xy34Zw';
    for (const folder of [...stale, live]) {
      mkdirSync(path.join(root, folder, 'train_100M'), { recursive: true });
      writeFileSync(path.join(root, folder, 'train_100M', 'half.root'), 'half written');
    }
    // Another window extracting part3.tar holds its lock.
    const lock = await acquireLock(path.join(root, '.hai-extract-part3.tar.lock'));
    try {
      await extractArchive(archive, 'tar');
    } finally {
      await lock.release();
    }
    const left = readdirSync(root).filter((n) => n.startsWith('.hai-extract-'));
    assert.deepEqual(left, [live]);
  });

  it('merges a second part into the folders of the first and replaces files already there, leaving others alone', async () => {
    makeArchive(path.join(root, 'part0.tar'), DATASET);
    makeArchive(path.join(root, 'part1.tar'), [['train_100M/HToBB_001.root', 'file', 100], ['README.txt', 'file', 'newer\n']]);
    writeFileSync(path.join(root, 'notes.md'), 'mine');
    await extractArchive(path.join(root, 'part0.tar'), 'tar');
    const second = await extractArchive(path.join(root, 'part1.tar'), 'tar');
    assert.equal(second.replaced, 1);
    assert.deepEqual(readdirSync(path.join(root, 'train_100M')).sort(), ['HToBB_000.root', 'HToBB_001.root', 'ZToQQ_000.root']);
    assert.equal(readFileSync(path.join(root, 'README.txt'), 'utf8'), 'newer\n');
    assert.equal(readFileSync(path.join(root, 'notes.md'), 'utf8'), 'mine');
    const again = await extractArchive(path.join(root, 'part0.tar'), 'tar');
    assert.equal(again.replaced, 4, 'extracting the same archive again replaces its own files');
  });

  it('extracts two parts of a dataset at the same time into the same split folder', async () => {
    const parts = Array.from({ length: 4 }, (_, i) => path.join(root, `part${i}.tar`));
    parts.forEach((file, i) =>
      makeArchive(file, [
        ['train_100M/', 'dir', ''],
        ...Array.from({ length: 5 }, (_, j) => [`train_100M/sub/HToBB_${i}${j}.root`, 'file', 1000] as [string, 'file', number]),
      ]),
    );
    const results = await Promise.all(parts.map((file) => extractArchive(file, 'tar')));
    assert.deepEqual(results.map((r) => r.files), [5, 5, 5, 5]);
    assert.equal(readdirSync(path.join(root, 'train_100M', 'sub')).length, 20);
    assert.deepEqual(readdirSync(root).filter((n) => n.startsWith('.hai-extract-')), [], 'no staging folder left');
  });

  for (const [label, name, entry] of [
    ['a tar entry that climbs out with ..', 'evil.tar', '../escaped.txt'],
    ['a tar entry with an absolute path', 'abs.tar', '/tmp/hai-absolute-escape.txt'],
    ['a zip entry that climbs out with ..', 'evil.zip', '../escaped.txt'],
    ['a tar entry that climbs out further down', 'deep.tar', 'train_100M/../../escaped.txt'],
  ] as const) {
    it(`refuses an archive with ${label} and writes nothing`, async () => {
      const dir = path.join(root, 'datasets');
      mkdirSync(dir);
      const archive = path.join(dir, name);
      makeArchive(archive, [['good.txt', 'file', 'fine'], [entry, 'file', 'gotcha']]);
      await rejectsWith(extractArchive(archive, archiveKindOf(name)!), 'unsafe', /absolute|\.\./);
      assert.deepEqual(readdirSync(dir), [name]);
      assert.ok(!existsSync(path.join(root, 'escaped.txt')));
      assert.ok(!existsSync('/tmp/hai-absolute-escape.txt'));
      assert.equal(await extractionOf(archive), undefined);
    });
  }

  it('skips symbolic links (tar and zip) and says so', async () => {
    for (const name of ['links.tar', 'links.zip']) {
      const archive = path.join(root, name);
      makeArchive(archive, [['data/a.root', 'file', 10], ['data/passwd', 'symlink', '/etc/passwd']]);
      const result = await extractArchive(archive, archiveKindOf(name)!);
      assert.deepEqual(result.skipped, ['data/passwd (SymbolicLink)']);
      assert.deepEqual(readdirSync(path.join(root, 'data')), ['a.root']);
    }
  });

  it('reports a truncated archive as damaged and leaves the folder as it was', async () => {
    const archive = path.join(root, 'cut.tar');
    makeArchive(archive, [['big.root', 'file', 200_000], ['after.root', 'file', 10]]);
    const bytes = readFileSync(archive);
    writeFileSync(archive, bytes.subarray(0, 100_000));
    await rejectsWith(extractArchive(archive, 'tar'), 'corrupt', /could not be read as an archive/);
    assert.deepEqual(readdirSync(root), ['cut.tar']);
  });

  for (const name of ['noise.tar', 'noise.tar.gz', 'noise.zip']) {
    it(`reports ${name} that is not an archive at all as damaged`, async () => {
      const archive = path.join(root, name);
      writeFileSync(archive, Buffer.from('<html><body>Please log in</body></html>\n'.repeat(40)));
      await rejectsWith(extractArchive(archive, archiveKindOf(name)!), 'corrupt', /could not be read as an archive/);
      assert.deepEqual(readdirSync(root), [name]);
    });
  }

  it('stops when cancelled and removes what it had written', async () => {
    const archive = path.join(root, 'large.tar');
    makeArchive(archive, Array.from({ length: 40 }, (_, i) => [`f${i}.bin`, 'file', 200_000] as [string, 'file', number]));
    const abort = new AbortController();
    await rejectsWith(extractArchive(archive, 'tar', { signal: abort.signal, onProgress: () => abort.abort() }), 'cancelled', /cancelled/);
    assert.deepEqual(readdirSync(root), ['large.tar']);
  });

  it('refuses, before moving anything, when a file stands where the archive has a folder', async () => {
    const archive = path.join(root, 'part0.tar');
    makeArchive(archive, DATASET);
    writeFileSync(path.join(root, 'val_5M'), 'a file, not a folder');
    await rejectsWith(extractArchive(archive, 'tar'), 'conflict', /val_5M already exists/);
    assert.deepEqual(readdirSync(root).sort(), ['part0.tar', 'val_5M']);
  });

  it('forgets an extraction when the archive changes', async () => {
    const archive = path.join(root, 'part0.tar');
    makeArchive(archive, DATASET);
    await extractArchive(archive, 'tar');
    assert.ok(await extractionOf(archive));
    appendFileSync(archive, Buffer.alloc(512));
    assert.equal(await extractionOf(archive), undefined);
  });

  it('removes an extracted archive to free its space, keeps the files and still knows they are there', async () => {
    const archive = path.join(root, 'part0.tar');
    makeArchive(archive, DATASET);
    await rejectsWith(removeExtractedArchive(archive), 'io', /not recorded as extracted/);
    assert.ok(existsSync(archive), 'an archive that was never extracted is kept');
    await extractArchive(archive, 'tar');
    const size = readFileSync(archive).length;
    assert.equal(await removeExtractedArchive(archive), size);
    assert.ok(!existsSync(archive));
    assert.deepEqual(tree(root), reference);
    const recorded = await extractionOf(archive);
    assert.ok(recorded?.archiveRemovedAt, 'the marker says the archive was removed');
    assert.equal(recorded.files, 4);
    await rejectsWith(removeExtractedArchive(archive), 'io', /not recorded as extracted/);
  });

  it('keeps an archive that changed since it was extracted', async () => {
    const archive = path.join(root, 'part0.tar');
    makeArchive(archive, DATASET);
    await extractArchive(archive, 'tar');
    appendFileSync(archive, Buffer.alloc(512));
    await rejectsWith(removeExtractedArchive(archive), 'io', /not recorded as extracted/);
    assert.ok(existsSync(archive));
  });

  it('knows archives by their endings and normalises entry paths', () => {
    assert.equal(archiveKindOf('JetClass_Pythia_val_5M.tar'), 'tar');
    assert.equal(archiveKindOf('x.TGZ'), 'tar.gz');
    assert.equal(archiveKindOf('x.tar.gz'), 'tar.gz');
    assert.equal(archiveKindOf('x.zip'), 'zip');
    assert.equal(archiveKindOf('x.root'), undefined);
    assert.deepEqual(safeEntryPath('./a//b/'), { path: 'a/b' });
    assert.ok('error' in safeEntryPath('a\\..\\..\\b'));
    assert.ok('error' in safeEntryPath('C:/Windows/x'));
  });
});
