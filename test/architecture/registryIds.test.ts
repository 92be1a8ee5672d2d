// Command and view ids are written once, in core/protocol/commands.ts and views.ts. A literal copy
// elsewhere in extension/ survives a rename of the id and then silently runs nothing, so this test
// reads every source file of extension/ and fails on any string literal that spells a registered id.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../../scripts/paths';
import { COMMANDS } from '../../core/protocol/commands';
import { VIEWS } from '../../core/protocol/views';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

/** Registered ids, and the `<view>.focus` commands VS Code makes for each view. */
const REGISTERED = new Set<string>([
  ...Object.values(COMMANDS),
  ...Object.values(VIEWS),
  ...Object.values(VIEWS).map((v) => `${v}.focus`),
]);

describe('registered ids', () => {
  it('the ids are spelled only in core/protocol: extension/ refers to COMMANDS and VIEWS', () => {
    const found: string[] = [];
    for (const file of sources(path.join(ROOT, 'extension'))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(['"`])(hai\.[A-Za-z0-9_.]+)\1/g)) {
        if (REGISTERED.has(m[2])) found.push(`${path.relative(ROOT, file)}: ${m[0]}`);
      }
    }
    assert.deepEqual(found, []);
  });

  it('finds a literal id when there is one (the scan works)', () => {
    const sample = "vscode.commands.executeCommand('hai.showJobLog', id)";
    const ids = [...sample.matchAll(/(['"`])(hai\.[A-Za-z0-9_.]+)\1/g)].map((m) => m[2]);
    assert.deepEqual(ids.filter((id) => REGISTERED.has(id)), [COMMANDS.showJobLog]);
  });
});
