// An export replaces the file the user chose only once it is whole: a failed write leaves the old file.
import * as assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type ExportFileSystem, type ExportTarget, writeExport } from './exportWrite';

/** A remote file system in memory whose writes can fail half-way: the file is then left truncated, as a real one would be. */
class HalfWritingFs implements ExportFileSystem<ExportTarget> {
  readonly files = new Map<string, Uint8Array>();
  failWrites = false;
  beside(target: ExportTarget, name: string): ExportTarget {
    const p = `${path.posix.dirname(target.path)}/${name}`;
    return { scheme: target.scheme, path: p, fsPath: p };
  }
  async writeFile(uri: ExportTarget, bytes: Uint8Array): Promise<void> {
    await Promise.resolve();
    if (this.failWrites) {
      this.files.set(uri.path, bytes.subarray(0, 1));
      throw new Error('The connection was lost.');
    }
    this.files.set(uri.path, bytes);
  }
  async rename(from: ExportTarget, to: ExportTarget): Promise<void> {
    await Promise.resolve();
    this.files.set(to.path, this.files.get(from.path)!);
    this.files.delete(from.path);
  }
  async delete(uri: ExportTarget): Promise<void> {
    await Promise.resolve();
    this.files.delete(uri.path);
  }
}

const remote = (p: string): ExportTarget => ({ scheme: 'vscode-remote', path: p, fsPath: p });
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('exports: written beside the target, then renamed over it', () => {
  it('keeps the old file when a write to another file system fails, and leaves no temporary file', async () => {
    const fs = new HalfWritingFs();
    fs.files.set('/data/run1-Jet_Px.csv', bytes('old,histogram\n'));
    fs.failWrites = true;
    await assert.rejects(writeExport(remote('/data/run1-Jet_Px.csv'), bytes('new,histogram\n'), fs), /connection was lost/);
    assert.deepEqual([...fs.files.keys()], ['/data/run1-Jet_Px.csv']);
    assert.equal(new TextDecoder().decode(fs.files.get('/data/run1-Jet_Px.csv')), 'old,histogram\n');
    fs.failWrites = false;
    await writeExport(remote('/data/run1-Jet_Px.csv'), bytes('new,histogram\n'), fs);
    assert.deepEqual([...fs.files.keys()], ['/data/run1-Jet_Px.csv']);
    assert.equal(new TextDecoder().decode(fs.files.get('/data/run1-Jet_Px.csv')), 'new,histogram\n');
  });

  it('replaces a local file by rename (its mode kept, nothing left beside it), without the other file system', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hai-export-'));
    try {
      const file = path.join(dir, 'run1-Jet_Px.svg');
      writeFileSync(file, '<svg>old</svg>');
      chmodSync(file, 0o640);
      const unused = new HalfWritingFs();
      unused.failWrites = true;
      await writeExport({ scheme: 'file', path: file.split(path.sep).join('/'), fsPath: file }, bytes('<svg>new</svg>'), unused);
      assert.equal(readFileSync(file, 'utf8'), '<svg>new</svg>');
      assert.equal(statSync(file).mode & 0o777, 0o640);
      assert.deepEqual(readdirSync(dir), ['run1-Jet_Px.svg']);
      assert.equal(unused.files.size, 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
