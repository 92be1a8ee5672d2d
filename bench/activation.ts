// Measures how fast the extension activates and its language server becomes ready, in the real
// code-server the e2e tier uses, and the sizes of what ships. Prints one JSON object.
// Run: npm run package && npm run bench   (HAI_BENCH_RUNS=5 for more runs; default 3)
import { statSync } from 'node:fs';
import * as path from 'node:path';
import { ROOT, VSIX_PATH } from '../scripts/paths';
import { openWorkbench, readLogFiles, statusBarItem } from '../test/e2e/workbench';

/**
 * Timestamps in VS Code log files look like "2026-11-28 05:46:16.789". Lines an extension logs
 * before its channel is ready share one timestamp, so in-process durations come from the message.
 */
function logTime(log: string, pattern: RegExp): number | undefined {
  const line = log.split('\n').find((l) => pattern.test(l));
  const m = line && /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d{3})/.exec(line);
  return m ? Date.parse(`${m[1]}T${m[2]}`) : undefined;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function measureOnce(): Promise<Record<string, number>> {
  const wb = await openWorkbench();
  try {
    const clicked = Date.now();
    await wb.page.locator('.activitybar a.action-label[aria-label="HAI"]').click();
    await statusBarItem(wb.page).filter({ hasText: 'HAI: ready' }).waitFor({ timeout: 60_000 });
    const readySeen = Date.now();
    const hostLog = readLogFiles(wb.userDataDir, 'remoteexthost.log');
    const haiLog = readLogFiles(wb.userDataDir, 'HAI.log');
    const activationEvent = logTime(hostLog, /_doActivateExtension ihep\.hai\b/);
    const activated = logTime(haiLog, /activated: code loaded/);
    const own = /code loaded in ([\d.]+) ms, activate\(\) took ([\d.]+) ms/.exec(haiLog);
    const serverReady = /Language server ready in (\d+) ms/.exec(haiLog);
    if (activationEvent === undefined || activated === undefined || !serverReady || !own) {
      throw new Error(`log lines missing:\n${hostLog}\n${haiLog}`);
    }
    return {
      codeLoadMs: Number(own[1]),
      activateCallMs: Number(own[2]),
      activationEventToActivatedMs: activated - activationEvent,
      serverStartToReadyMs: Number(serverReady[1]),
      clickToStatusBarReadyMs: readySeen - clicked,
    };
  } finally {
    await wb.close();
  }
}

async function main(): Promise<void> {
  const runs = Number(process.env.HAI_BENCH_RUNS ?? 3);
  const samples: Record<string, number>[] = [];
  for (let i = 0; i < runs; i++) samples.push(await measureOnce());
  const keys = Object.keys(samples[0]);
  const size = (f: string): number => statSync(path.join(ROOT, f)).size;
  console.log(
    JSON.stringify(
      {
        bench: 'activation',
        machine: `${process.platform}-${process.arch}, node ${process.versions.node}`,
        runs,
        medianMs: Object.fromEntries(keys.map((k) => [k, median(samples.map((s) => s[k]))])),
        samples,
        bytes: {
          vsix: statSync(VSIX_PATH).size,
          extensionJs: size('dist/extension.js'),
          serverJs: size('dist/server.js'),
          statusWebviewJs: size('dist/webviews/status.js'),
        },
      },
      null,
      2,
    ),
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
