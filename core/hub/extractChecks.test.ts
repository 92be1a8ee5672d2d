// Hostile archives (issue 14, item 9), written by Python's tarfile and zipfile: bombs that expand far
// beyond their size or beyond the free disk space, setuid/setgid bits, and entries aimed at the
// archive itself or at HAI's record of what is extracted.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { archiveKindOf, extractArchive, extractionOf } from './extract';
import { english } from '../text/message';
import { inChinese } from '../testing/inChinese';
import { checkEntryTarget, ExtractError, isStagingOf, safeMode } from './extractChecks';

/** Runs a Python snippet with the output path as sys.argv[1] and a JSON argument as sys.argv[2]. */
function python(script: string, out: string, arg: unknown = null): void {
  execFileSync('/usr/bin/python3', ['-c', script, out, JSON.stringify(arg)]);
}

const ZEROS = `
import io, json, sys, tarfile, zipfile
out, size = sys.argv[1], json.loads(sys.argv[2])
class Zeros(io.RawIOBase):
    def __init__(self, n): self.left = n
    def readable(self): return True
    def readinto(self, b):
        n = min(len(b), self.left); b[:n] = bytes(n); self.left -= n; return n
if out.endswith('.zip'):
    with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z, z.open('zeros.bin', 'w', force_zip64=True) as f:
        left = size
        while left > 0:
            n = min(left, 1 << 20); f.write(bytes(n)); left -= n
else:
    with tarfile.open(out, 'w:gz') as t:
        info = tarfile.TarInfo('zeros.bin'); info.size = size; t.addfile(info, io.BufferedReader(Zeros(size)))
`;

/** A tar of [name, text, mode] files (directories when the name ends with /). */
const TAR = `
import io, json, sys, tarfile, zipfile
out, entries = sys.argv[1], json.loads(sys.argv[2])
if out.endswith('.zip'):
    with zipfile.ZipFile(out, 'w') as z:
        for name, text, mode in entries: z.writestr(name, text)
else:
    with tarfile.open(out, 'w') as t:
        for name, text, mode in entries:
            info = tarfile.TarInfo(name.rstrip('/')); info.mode = mode
            if name.endswith('/'):
                info.type = tarfile.DIRTYPE; t.addfile(info)
            else:
                b = text.encode(); info.size = len(b); t.addfile(info, io.BytesIO(b))
`;

async function refused(p: Promise<unknown>, kind: string, message: RegExp): Promise<void> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(err instanceof ExtractError, `an ExtractError, got ${String(err)}`);
  assert.equal(err.kind, kind, err.message);
  assert.match(err.message, message);
  assert.ok(err.hint.length > 10, 'a next step');
}

describe('hostile archives', function () {
  this.timeout(60_000);
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'hai-hostile-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  for (const name of ['bomb.zip', 'bomb.tar.gz']) {
    it(`refuses ${name}, a small archive that expands 1000-fold, before writing the expansion`, async () => {
      const archive = path.join(root, name);
      python(ZEROS, archive, 128 * 1024 * 1024);
      const size = statSync(archive).size;
      assert.ok(size < 1024 * 1024, `${size} bytes of archive`);
      await refused(extractArchive(archive, archiveKindOf(name)!), 'unsafe', /expands to more than 200 times its size .*archive bomb/);
      assert.deepEqual(readdirSync(root), [name], 'nothing written, nothing recorded');
    });
  }

  it('extracts a small archive of very compressible data (below the size where the ratio matters)', async () => {
    const archive = path.join(root, 'zeros.zip');
    python(ZEROS, archive, 8 * 1024 * 1024);
    const result = await extractArchive(archive, 'zip');
    assert.equal(result.bytes, 8 * 1024 * 1024);
    assert.equal(statSync(path.join(root, 'zeros.bin')).size, 8 * 1024 * 1024);
  });

  it('refuses an entry that declares more bytes than the disk has free, before writing it', async () => {
    // A tar header that announces a petabyte: the check uses what the entries declare, as they come.
    const archive = path.join(root, 'huge.tar');
    python(
      `
import sys, tarfile
info = tarfile.TarInfo('train/huge.root'); info.size = 2 ** 50
small = tarfile.TarInfo('train/small.root'); small.size = 0
with open(sys.argv[1], 'wb') as f:
    f.write(small.tobuf(tarfile.GNU_FORMAT)); f.write(info.tobuf(tarfile.GNU_FORMAT)); f.write(bytes(4096))
`,
      archive,
    );
    await refused(extractArchive(archive, 'tar'), 'space', /expands to more than the \d+ bytes free in .* up to "train\/huge.root"/);
    assert.deepEqual(readdirSync(root), ['huge.tar']);
  });

  it('refuses an archive of more entries than a dataset has (empty files and folders cost no bytes), tar and zip alike', async () => {
    const entries = [['d/', '', 0o755], ...Array.from({ length: 30 }, (_, i) => [`d/empty-${i}`, '', 0o644])];
    for (const name of ['many.tar', 'many.zip']) {
      const archive = path.join(root, name);
      python(TAR, archive, entries);
      await refused(extractArchive(archive, name.endsWith('.zip') ? 'zip' : 'tar', { maxEntries: 20 }), 'unsafe', new RegExp(`${name} has more than 20 entries \\(files, folders and links, up to "d/empty-\\d+"\\)`));
      assert.deepEqual(readdirSync(root).filter((n) => n !== 'many.tar' && n !== 'many.zip'), [], 'nothing left behind');
      const result = await extractArchive(archive, name.endsWith('.zip') ? 'zip' : 'tar', { maxEntries: 31 });
      assert.equal(result.files, 30);
      rmSync(path.join(root, 'd'), { recursive: true });
      rmSync(path.join(root, '.hai-extracted'), { recursive: true, force: true });
    }
  });

  it('clears setuid, setgid and sticky bits of extracted files and folders', async () => {
    const archive = path.join(root, 'tools.tar');
    python(TAR, archive, [
      ['bin/', '', 0o3775],
      ['bin/run.sh', '#!/bin/sh\necho hi\n', 0o6755],
      ['bin/data.txt', 'x', 0o1644],
    ]);
    await extractArchive(archive, 'tar');
    const mode = (p: string) => statSync(path.join(root, p)).mode & 0o7777;
    assert.equal(mode('bin/run.sh') & 0o7000, 0, `run.sh is ${mode('bin/run.sh').toString(8)}`);
    assert.equal(mode('bin/run.sh') & 0o111, 0o111, 'still executable');
    assert.equal(mode('bin/data.txt') & 0o7000, 0);
    assert.equal(mode('bin') & 0o7000, 0, `bin is ${mode('bin').toString(8)}`);
  });

  for (const name of ['data.tar', 'data.zip']) {
    it(`refuses ${name} with an entry that would overwrite the archive itself`, async () => {
      const archive = path.join(root, name);
      python(TAR, archive, [
        ['README', 'ok', 0o644],
        [name, 'not the archive any more', 0o644],
      ]);
      const bytes = readFileSync(archive);
      await refused(extractArchive(archive, archiveKindOf(name)!), 'unsafe', /would overwrite the archive itself/);
      assert.ok(readFileSync(archive).equals(bytes), 'the archive is intact');
      assert.deepEqual(readdirSync(root), [name]);
    });
  }

  it('refuses an entry that writes a fake "extracted" record for another archive', async () => {
    const other = path.join(root, 'part1.tar');
    python(TAR, other, [['val/a.root', 'a', 0o644]]);
    const st = statSync(other);
    const fake = { archive: 'part1.tar', archiveBytes: st.size, archiveMtimeMs: st.mtimeMs, files: 1, bytes: 1, topLevel: ['val'], extractedAt: new Date().toISOString() };
    const evil = path.join(root, 'part0.tar');
    python(TAR, evil, [
      ['train/a.root', 'a', 0o644],
      ['.hai-extracted/part1.tar.json', JSON.stringify(fake), 0o644],
    ]);
    await refused(extractArchive(evil, 'tar'), 'unsafe', /would write into \.hai-extracted/);
    assert.equal(await extractionOf(other), undefined, 'part1.tar is still not extracted');
    assert.deepEqual(readdirSync(root).sort(), ['part0.tar', 'part1.tar']);
  });

  for (const name of ['part0.tar', 'part0.zip']) {
    it(`refuses ${name} with an entry that would overwrite another archive of the dataset beside it`, async () => {
      const other = path.join(root, 'part1.tar');
      python(TAR, other, [['val/a.root', 'a', 0o644]]);
      const otherBytes = readFileSync(other);
      const archive = path.join(root, name);
      python(TAR, archive, [
        ['train/a.root', 'a', 0o644],
        ['part1.tar', 'not part1 any more', 0o644],
      ]);
      await refused(extractArchive(archive, archiveKindOf(name)!), 'unsafe', /"part1\.tar" that would overwrite part1\.tar, another archive beside it/);
      assert.ok(readFileSync(other).equals(otherBytes), 'part1.tar is intact');
      assert.deepEqual(readdirSync(root).sort(), [name, 'part1.tar']);
    });
  }

  it('refuses an entry named like a download in progress beside it, and one among HAI\'s own files', async () => {
    // "part1.tar.part" is where a download of part1.tar keeps its bytes: a download would resume from
    // the archive's file, or delete it. Names starting with .hai- are HAI's (markers, staging, locks).
    writeFileSync(path.join(root, 'part1.tar.part'), 'half a download');
    for (const [entry, message] of [
      ['part1.tar.part', /would take the name of a download in progress/],
      ['part2.tar.part.json', /would take the name of a download in progress/],
      ['.hai-notes/x', /among HAI's own files/],
    ] as const) {
      const archive = path.join(root, 'part0.tar');
      python(TAR, archive, [
        ['train/a.root', 'a', 0o644],
        [entry, 'x', 0o644],
      ]);
      await refused(extractArchive(archive, 'tar'), 'unsafe', message);
      assert.equal(readFileSync(path.join(root, 'part1.tar.part'), 'utf8'), 'half a download');
      assert.deepEqual(readdirSync(root).sort(), ['part0.tar', 'part1.tar.part'], entry);
    }
  });

  it('checks entry names without regard to case, and knows its own staging folders', () => {
    assert.throws(() => checkEntryTarget('.HAI-Extracted/x.json', 'a.tar'), /\.hai-extracted/);
    assert.throws(() => checkEntryTarget('A.TAR', 'a.tar'), /overwrite the archive/);
    assert.throws(() => checkEntryTarget('.hai-extract-b.tar.lock', 'a.tar'), /while extracting/);
    assert.doesNotThrow(() => checkEntryTarget('a.tar.d/x', 'a.tar'));
    assert.throws(() => checkEntryTarget('.hai-cache/x', 'a.tar'), /among HAI's own files/);
    for (const name of ['b.tar.part', 'b.tar.PART.json', 'B.TAR.part.lock', 'b.tar.part.lock.break']) {
      assert.throws(() => checkEntryTarget(name, 'a.tar'), /would take the name of a download in progress/, name);
    }
    assert.throws(() => checkEntryTarget('Part1.TAR', 'part0.tar', new Set(['part1.tar'])), /would overwrite part1\.tar, another archive beside it/);
    // Only names at the top of the folder meet the downloads and archives lying there.
    assert.doesNotThrow(() => checkEntryTarget('train/b.tar.part', 'a.tar'));
    assert.doesNotThrow(() => checkEntryTarget('train/part1.tar', 'part0.tar', new Set(['part1.tar'])));
    assert.doesNotThrow(() => checkEntryTarget('x.partition', 'a.tar'));
    assert.equal(isStagingOf('.hai-extract-a.tar.Ab12Cd', 'a.tar'), true);
    assert.equal(isStagingOf('.hai-extract-a.tar', 'a.tar'), true);
    assert.equal(isStagingOf('.hai-extract-a.tar.lock', 'a.tar'), false);
    assert.equal(isStagingOf('.hai-extract-a.tar.x.tar.Ab12Cd', 'a.tar'), false);
    assert.equal(safeMode(0o6755), 0o755);
  });

  it('words a refusal as a message to translate: the English as before, names and paths as arguments', () => {
    let err: unknown;
    try {
      checkEntryTarget('.hai-extracted/b.tar.json', 'a.tar');
    } catch (e) {
      err = e;
    }
    assert.ok(err instanceof ExtractError && err.text && err.hintText);
    assert.equal(err.message, 'a.tar has an entry ".hai-extracted/b.tar.json" that would write into .hai-extracted, where HAI records which archives are extracted.');
    assert.equal(english(err.text), err.message);
    assert.equal(english(err.hintText), err.hint);
    // What a Chinese user reads: each sentence from its own translation, the names untouched.
    assert.equal(inChinese(err.text), 'a.tar 中的条目“.hai-extracted/b.tar.json”会写入 .hai-extracted，而 HAI 在那里记录哪些归档已解压。');
  });
});
