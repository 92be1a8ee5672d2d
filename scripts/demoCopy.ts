// A fresh copy of the demo workspace as committed, for `npm start` and the e2e tier: what a user
// does there (saved edits, label files, a job's checkpoints and records) stays in the copy, and what
// earlier runs left in demo/ (its .gitignore names them) does not come along.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { DEMO_RESUME_MARKER } from '../core/protocol/walkthrough';
import { DEMO_DIR, ROOT } from './paths';

/** The demo's files as git sees them: tracked, or new and not ignored; undefined outside a git checkout. */
function demoFiles(): string[] | undefined {
  try {
    const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', path.relative(ROOT, DEMO_DIR)], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return out.split('\0').filter(Boolean);
  } catch {
    return undefined;
  }
}

/**
 * Replaces `dest` with a copy of demo/ (without what demo/.gitignore names, where git can tell). With
 * `justCopied`, the copy is marked as "HAI: Open Demo Project" marks its own: the window that opens it
 * ticks the walkthrough's demo step and opens the walkthrough at its next one.
 */
export function copyDemo(dest: string, justCopied = false): void {
  rmSync(dest, { recursive: true, force: true });
  if (justCopied) {
    mkdirSync(dest, { recursive: true });
    writeFileSync(path.join(dest, DEMO_RESUME_MARKER), '');
  }
  const files = demoFiles();
  if (!files) {
    cpSync(DEMO_DIR, dest, { recursive: true });
    return;
  }
  for (const file of files) {
    // A tracked file deleted and not yet committed is still listed.
    if (!existsSync(path.join(ROOT, file))) continue;
    const to = path.join(dest, path.relative(DEMO_DIR, path.join(ROOT, file)));
    mkdirSync(path.dirname(to), { recursive: true });
    cpSync(path.join(ROOT, file), to);
  }
}
