// The architecture's import boundaries are enforced by lint (eslint.config.mjs); this test proves
// that the rules fire, so that a later edit of the config cannot silently switch them off.
import * as assert from 'node:assert/strict';
import { ESLint } from 'eslint';
import * as path from 'node:path';
import { ROOT } from '../../scripts/paths';

async function ruleIds(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: ROOT });
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return result.messages.map((m) => m.ruleId ?? m.message);
}

describe('import boundaries', function () {
  this.timeout(30_000);
  const forbidden: Array<[string, string]> = [
    ['core/protocol/x.ts', "import * as vscode from 'vscode';"],
    ['core/data/x.ts', "import { createConnection } from 'vscode-languageserver/node';"],
    ['core/data/x.ts', "import { LanguageClient } from 'vscode-languageclient/node';"],
    ['server/x.ts', "import * as vscode from 'vscode';"],
    ['server/x.ts', "import { LanguageClient } from 'vscode-languageclient/node';"],
    ['webviews/status/x.ts', "import * as vscode from 'vscode';"],
    ['webviews/status/x.ts', "import { readFileSync } from 'node:fs';"],
    ['test/lsp/x.ts', "import * as vscode from 'vscode';"],
  ];
  for (const [file, code] of forbidden) {
    it(`rejects \`${code}\` in ${file.split('/')[0]}/`, async () => {
      assert.ok((await ruleIds(file, `${code}\nexport const x = 1;\n`)).includes('no-restricted-imports'));
    });
  }

  it('allows vscode in extension/ and core/protocol in every folder', async () => {
    assert.deepEqual(await ruleIds('extension/x.ts', "import * as vscode from 'vscode';\nexport const x = vscode;\n"), []);
    for (const dir of ['server', 'extension', 'webviews/status']) {
      const depth = dir.split('/').length;
      const code = `import { COMMANDS } from '${'../'.repeat(depth)}core/protocol/commands';\nexport const x = COMMANDS;\n`;
      assert.deepEqual(await ruleIds(`${dir}/x.ts`, code), [], dir);
    }
  });
});
