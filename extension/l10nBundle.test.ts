// Every string the extension passes to vscode.l10n.t must have a Simplified Chinese translation
// with the same placeholders, and the bundle must not keep strings the code no longer uses.
// (This test reads the sources as text; it does not import 'vscode'.)
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { schemaDescriptions } from '../core/jobs/specSchema';

const root = path.resolve(__dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [full] : [];
  });
}

function l10nStrings(): Set<string> {
  const found = new Set<string>();
  for (const file of sourceFiles(path.join(root, 'extension'))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/l10n\.t\(\s*'((?:[^'\\]|\\.)*)'/g)) found.add(m[1].replace(/\\'/g, "'"));
    assert.doesNotMatch(text, /l10n\.t\(\s*[`"]/, `${file}: use single-quoted literals in l10n.t so they can be checked`);
  }
  // core/ and server/ cannot import 'vscode': their sentences for the user are msg('…') messages,
  // translated by the extension with the same bundle (core/text/message.ts).
  for (const file of [...sourceFiles(path.join(root, 'core')), ...sourceFiles(path.join(root, 'server'))]) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\bmsg\(\s*'((?:[^'\\]|\\.)*)'/g)) found.add(m[1].replace(/\\'/g, "'"));
    // (message.ts defines msg: its own calls are literals too.)
    if (!file.endsWith(path.join('text', 'message.ts'))) assert.doesNotMatch(text, /\bmsg\(\s*[^'\s]/, `${file}: give msg a single-quoted literal so it can be checked`);
  }
  // The job spec schema's descriptions: the spec editor's completion and hover show them translated.
  for (const d of schemaDescriptions()) found.add(d);
  return found;
}

const placeholders = (s: string): string[] => [...s.matchAll(/\{\d+\}/g)].map((m) => m[0]).sort();

describe('l10n bundle (Simplified Chinese)', () => {
  const bundle: Record<string, string> = JSON.parse(
    readFileSync(path.join(root, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8'),
  );
  const used = l10nStrings();

  it('finds the extension’s UI strings', () => {
    assert.ok(used.size >= 20, `only ${used.size} strings found`);
  });

  it('translates every string, keeping its placeholders', () => {
    for (const s of used) {
      assert.ok(bundle[s], `missing zh-cn translation: "${s}"`);
      assert.deepEqual(placeholders(bundle[s]), placeholders(s), `placeholders differ for "${s}"`);
    }
  });

  it('holds no translations of strings the code no longer uses', () => {
    assert.deepEqual(Object.keys(bundle).filter((k) => !used.has(k)), []);
  });
});
