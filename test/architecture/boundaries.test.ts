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
    // Webviews reach core/ only through the contract and the display formatting (below).
    ['webviews/status/x.ts', "import { parseJobSpec } from '../../core/jobs/jobSpec';"],
    ['webviews/metrics/x.ts', "import { RunMetrics } from '../../core/jobs/runMetrics';"],
    // The contract depends on nothing, and what webviews import from core/ stays browser-safe.
    ['core/protocol/x.ts', "import type { MetricSeries } from '../jobs/trainingMetrics';"],
    ['core/protocol/x.ts', "import { readFileSync } from 'node:fs';"],
    ['core/text/x.ts', "import { readFileSync } from 'node:fs';"],
    ['core/text/x.ts', "import { JobStore } from '../jobs/jobStore';"],
    ['test/lsp/x.ts', "import * as vscode from 'vscode';"],
  ];
  for (const [file, code] of forbidden) {
    it(`rejects \`${code}\` in ${path.posix.dirname(file)}/`, async () => {
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

  it('allows webviews the display formatting of core/text, and protocol tests their Node modules', async () => {
    const formatting = "import { formatDuration } from '../../core/text/formatting';\nexport const x = formatDuration;\n";
    assert.deepEqual(await ruleIds('webviews/status/x.ts', formatting), []);
    const nodeInTest = "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n";
    assert.deepEqual(await ruleIds('core/protocol/x.test.ts', nodeInTest), []);
    // A status may carry a translatable message: core/protocol names core/text's types, nothing else.
    assert.deepEqual(await ruleIds('core/protocol/x.ts', "import type { Message } from '../text/message';\nexport type X = Message;\n"), []);
  });

  it('the webviews, core/protocol and core/text as they are keep these rules', async () => {
    const eslint = new ESLint({ cwd: ROOT });
    const results = await eslint.lintFiles(['webviews/**/*.ts', 'core/protocol/*.ts', 'core/text/*.ts']);
    const broken = results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => `${path.relative(ROOT, r.filePath)}: ${m.message}`));
    assert.deepEqual(broken, []);
  });
});
