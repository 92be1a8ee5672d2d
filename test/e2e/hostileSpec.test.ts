// End-to-end: a YAML alias bomb in a job spec that is the first thing the user opens. Opening it is
// what activates HAI (onLanguage:yaml), so the spec is already open while activate() runs: its
// problems must become diagnostics after activation, never an exception that stops HAI from starting.
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { until } from '../support/until';
import { quickOpen, readExtensionLog, runCommand, useWorkbench, type Workbench } from './workbench';

describe('a hostile job spec opened before HAI has started', function () {
  this.timeout(180_000);
  const workbench = useWorkbench({ settings: { 'hai.completion.enabled': false } }, (wb) => {
    // Ten levels of nine aliases each: about 3.9e8 nodes if expanded.
    const lines = ['name: bomb', 'command: [true]', 'x0: &a0 ["lol"]'];
    for (let i = 1; i <= 9; i++) lines.push(`x${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]`);
    writeFileSync(path.join(wb.workspace, 'bomb.hai-job.yaml'), lines.join('\n') + '\n');
  });
  let wb: Workbench;
  beforeEach(() => {
    wb = workbench();
  });

  it('activates HAI, shows the alias bomb as a problem and offers Submit on the other specs', async () => {
    const { page } = wb;
    await quickOpen(page, 'bomb.hai-job.yaml');
    await until(async () => (/HAI \S+ activated/.test(readExtensionLog(wb.userDataDir)) ? true : undefined), 'HAI says it activated', 60_000);
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 60_000 });
    await runCommand(page, 'View: Toggle Problems');
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'too many aliases' }).first().waitFor();
    // The rest of HAI works: the demo's own spec gets its Submit lens.
    await quickOpen(page, 'train.hai-job.yaml');
    await page.locator('.codelens-decoration', { hasText: 'Submit Training Job' }).first().waitFor({ timeout: 60_000 });
  });
});
