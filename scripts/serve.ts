// `npm start` after the build: serves the packaged extension in code-server with a fresh copy of the
// demo workspace (.cache/start/demo, made again at each start, so that the committed demo/ is never
// edited) at http://127.0.0.1:8080 (HAI_PORT and HAI_HOST change it; HAI_LOCALE=zh-cn shows HAI in
// Simplified Chinese) until Ctrl-C. The demo's
// training job runs there as committed: PyTorch is installed (as root, like the tests do) and
// hai.jobs.python names the interpreter that has it. The e2e jobs test serves the demo the same way.
import { rmSync } from 'node:fs';
import * as path from 'node:path';
import { ensureCodeServer } from './codeServer';
import { installExtension, startCodeServer, writeUserSettings } from './codeServerSession';
import { installLanguagePack } from './languagePack';
import { copyDemo } from './demoCopy';
import { CACHE_DIR, VSIX_PATH } from './paths';
import { checkTorchPython, ensureSystemDeps } from './systemDeps';

/**
 * Installs what the demo needs (Debian's PyTorch among it) and returns the user settings to serve it
 * with. Where that cannot be done (not root, not Debian) the workbench still starts, and the log
 * says what the demo's job is missing and how to install it.
 */
export function prepareDemo(log: (line: string) => void = console.log): Record<string, unknown> {
  const settings: Record<string, unknown> = {
    'workbench.startupEditor': 'none',
    'extensions.autoCheckUpdates': false,
    // The demo folder sits inside this repository; VS Code would otherwise offer to open it.
    'git.openRepositoryInParentFolders': 'never',
  };
  try {
    ensureSystemDeps(['demo'], log);
    // Jobs run with the workspace's interpreter; without the Python extension, this setting names it.
    settings['hai.jobs.python'] = checkTorchPython();
  } catch (err) {
    log(`[demo] The demo's training job will not find PyTorch: ${err instanceof Error ? err.message : String(err)}`);
  }
  return settings;
}

async function main(): Promise<void> {
  const bin = ensureCodeServer();
  const dirs = {
    userDataDir: path.join(CACHE_DIR, 'start', 'user-data'),
    extensionsDir: path.join(CACHE_DIR, 'start', 'extensions'),
  };
  installExtension(bin, dirs, VSIX_PATH);
  const locale = process.env.HAI_LOCALE?.toLowerCase();
  if (locale && locale !== 'en') installLanguagePack(bin, dirs, locale, path.join(CACHE_DIR, 'start'));
  // Without it, English: a pack registered by an earlier HAI_LOCALE run is not used.
  else rmSync(path.join(dirs.userDataDir, 'languagepacks.json'), { force: true });
  writeUserSettings(dirs, prepareDemo());
  const workspace = path.join(CACHE_DIR, 'start', 'demo');
  // As after HAI: Open Demo Project, the window opens HAI's walkthrough at its next step, the demo's
  // ticked (a new user saw nothing of HAI on the first screen).
  copyDemo(workspace, true);
  const host = process.env.HAI_HOST ?? '127.0.0.1';
  const port = Number(process.env.HAI_PORT ?? 8080);
  let server;
  try {
    server = await startCodeServer({ bin, dirs, host, port, folder: workspace, ...(locale && locale !== 'en' ? { locale } : {}) });
  } catch (err) {
    const text = String(err instanceof Error ? err.message : err);
    if (/EADDRINUSE/.test(text)) {
      throw new Error(`Port ${port} is in use. Stop what uses it, or choose another: HAI_PORT=8081 npm start`);
    }
    throw err;
  }
  const running = server;
  console.log(`\nHAI for VS Code is running in code-server with a fresh copy of the demo workspace:\n\n  ${running.url}\n`);
  console.log(`What you change there stays in ${workspace} until the next npm start; demo/ is left as committed.`);
  console.log('Open it in a browser. Press Ctrl-C to stop.');
  running.process.once('exit', (code) => {
    console.error(`code-server exited (code ${code}).\n${running.log().slice(-2000)}`);
    process.exit(1);
  });
  const shutdown = (): void => {
    console.log('\nStopping code-server…');
    running.process.removeAllListeners('exit');
    void running.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
