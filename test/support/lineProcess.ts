// Runs a TypeScript file in a separate Node process (through tsx, as the tests run) and lets a test
// wait for the lines it prints: the race tests of locks, downloads and extraction need two real
// processes, and they wait on what those processes say rather than on time.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import * as path from 'node:path';
import * as readline from 'node:readline';

export interface LineProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** Every stdout line so far. */
  readonly lines: string[];
  /** Resolves with the first line (already printed or still to come) that matches; rejects if the process exits first. */
  waitFor(pattern: RegExp): Promise<string>;
  /** Sends one line to the process's stdin. */
  send(line: string): void;
  /** Resolves with the exit code (or the signal's name). */
  readonly exited: Promise<number | string>;
}

const root = path.resolve(__dirname, '..', '..');

export function startTs(script: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): LineProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve(root, script), ...args], { cwd: root, env: { ...process.env, ...env }, stdio: 'pipe' });
  const lines: string[] = [];
  const waiters: { pattern: RegExp; resolve: (line: string) => void; reject: (err: Error) => void }[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  readline.createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    for (const w of waiters.filter((w) => w.pattern.test(line))) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(line);
    }
  });
  let closed = false;
  // 'close' comes after stdout has ended, so every line has been seen by then.
  const exited = new Promise<number | string>((resolve) =>
    child.on('close', (code, signal) => {
      closed = true;
      resolve(code ?? signal ?? -1);
    }),
  );
  void exited.then((code) => {
    for (const w of waiters.splice(0)) w.reject(new Error(`${script} exited (${code}) before printing ${w.pattern}; stdout: ${lines.join(' | ')}; stderr: ${stderr.slice(-2000)}`));
  });
  return {
    child,
    lines,
    exited,
    send: (line) => child.stdin.write(`${line}\n`),
    waitFor(pattern) {
      const seen = lines.find((l) => pattern.test(l));
      if (seen !== undefined) return Promise.resolve(seen);
      if (closed) return Promise.reject(new Error(`${script} has exited; stdout: ${lines.join(' | ')}; stderr: ${stderr.slice(-2000)}`));
      return new Promise((resolve, reject) => waiters.push({ pattern, resolve, reject }));
    },
  };
}
