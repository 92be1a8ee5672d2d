// Runs code-server with the packaged extension installed: used by `npm start` and by the
// end-to-end tests, so both see the extension exactly as a user who installs the .vsix does.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

export interface CodeServerDirs {
  readonly userDataDir: string;
  readonly extensionsDir: string;
}

export interface RunningCodeServer {
  /** Base URL, e.g. http://127.0.0.1:8080/ */
  readonly url: string;
  readonly process: ChildProcess;
  /** Everything code-server printed so far, for error reports. */
  log(): string;
  /** Stops code-server and every process it started (extension host, language server). */
  stop(): Promise<void>;
}

export function installExtension(bin: string, dirs: CodeServerDirs, vsix: string): void {
  mkdirSync(dirs.extensionsDir, { recursive: true });
  execFileSync(
    bin,
    ['--user-data-dir', dirs.userDataDir, '--extensions-dir', dirs.extensionsDir, '--force', '--install-extension', vsix],
    { stdio: 'pipe' },
  );
}

export function writeUserSettings(dirs: CodeServerDirs, settings: Record<string, unknown>): void {
  const userDir = path.join(dirs.userDataDir, 'User');
  mkdirSync(userDir, { recursive: true });
  writeFileSync(path.join(userDir, 'settings.json'), JSON.stringify(settings, null, 2));
}

export interface StartOptions {
  readonly bin: string;
  readonly dirs: CodeServerDirs;
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly folder: string;
  readonly locale?: string;
  readonly timeoutMs?: number;
}

export function startCodeServer(opts: StartOptions): Promise<RunningCodeServer> {
  const args = [
    '--auth', 'none',
    '--bind-addr', `${opts.host}:${opts.port}`,
    '--user-data-dir', opts.dirs.userDataDir,
    '--extensions-dir', opts.dirs.extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    // The folder given here, not the one opened last: `npm start` served demo/ itself before it served a copy.
    '--ignore-last-opened',
    ...(opts.locale ? ['--locale', opts.locale] : []),
    opts.folder,
  ];
  // A process group of its own lets stop() end code-server's children too.
  const child = spawn(opts.bin, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let exited = false;
  const exitedPromise = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));
  const stop = async (): Promise<void> => {
    if (exited || child.pid === undefined) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }, 5000);
    await exitedPromise;
    clearTimeout(timer);
  };
  return new Promise((resolve, reject) => {
    const timeout = setTimeout(() => {
      void stop();
      reject(new Error(`code-server did not report listening within ${opts.timeoutMs ?? 60000} ms:\n${output}`));
    }, opts.timeoutMs ?? 60_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      // code-server prints this line once its HTTP server accepts connections.
      const m = /HTTP server listening on (http:\/\/[^\s]+)/.exec(output);
      if (m) {
        clearTimeout(timeout);
        child.stdout?.off('data', onData);
        child.stderr?.off('data', onData);
        child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
        child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
        const url = m[1].endsWith('/') ? m[1] : `${m[1]}/`;
        resolve({ url, process: child, log: () => output, stop });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timeout);
      reject(new Error(`code-server exited with code ${code} before listening:\n${output}`));
    });
  });
}
