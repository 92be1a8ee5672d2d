// The spec's fields that name files and folders: which they are, what they are relative to, and the
// entries a completion offers for a path typed so far (one folder level at a time, as a shell's
// completion does). The listing is asynchronous and bounded: a spec on a network file system must
// not hold the editor.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { textAt } from './specCursor';

export interface PathField {
  readonly kind: 'file' | 'folder';
  /** `spec`: relative to the spec's folder; `workdir`: relative to the job's working directory. */
  readonly base: 'spec' | 'workdir';
  /** For a file: the names offered (folders are always offered, to go into). */
  readonly names?: RegExp;
}

const FIELDS: Readonly<Record<string, PathField>> = {
  workdir: { kind: 'folder', base: 'spec' },
  script: { kind: 'file', base: 'workdir', names: /\.(sh|bash)$/ },
  'metrics.jsonl': { kind: 'file', base: 'workdir', names: /\.jsonl$/ },
  'metrics.logdir': { kind: 'folder', base: 'workdir' },
};

/** The path field named `field` ('metrics.logdir'), or undefined for any other field. */
export function pathField(field: string): PathField | undefined {
  return Object.hasOwn(FIELDS, field) ? FIELDS[field] : undefined;
}

/** Entries of one folder read for a completion at most, and matches offered: a folder of a million files is not listed whole. */
const MAX_READ = 20_000;
const MAX_MATCHES = 500;

export interface PathEntry {
  readonly name: string;
  readonly folder: boolean;
}

export interface PathListing {
  readonly entries: readonly PathEntry[];
  /** False when the folder was read only in part (too large, or the request was cancelled): ask again as more is typed. */
  readonly complete: boolean;
}

/**
 * The job's working directory as the spec's text says (its top-level `workdir`, as the job will read
 * it), else the spec's folder. yaml reads a half-typed spec too, as far as it goes.
 */
export function workdirOf(text: string, specPath: string): string {
  const value = textAt(text, ['workdir']);
  return path.resolve(path.dirname(specPath), value?.trim() ? value : '.');
}

/** Names a completion never offers: control characters (a newline in a name would write a new line of YAML). */
const unoffered = (name: string): boolean => [...name].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);

/**
 * What can follow `typed` (the value so far) in a path field: the entries of the folder it names up
 * to its last '/', whose names begin with what follows it. Hidden entries only when that begins
 * with '.'. Folders first, then by name. A folder that cannot be read offers nothing.
 */
export async function pathEntries(field: PathField, typed: string, baseDir: string, cancelled: () => boolean = () => false): Promise<PathListing> {
  const cut = typed.lastIndexOf('/');
  const prefix = typed.slice(cut + 1);
  const dir = path.resolve(baseDir, typed.slice(0, cut + 1) || '.');
  const found: PathEntry[] = [];
  const links: string[] = [];
  let complete = true;
  try {
    const handle = await fs.opendir(dir);
    let read = 0;
    // Leaving the loop (break, or an error) closes the folder.
    for await (const e of handle) {
      if (++read > MAX_READ || found.length + links.length >= MAX_MATCHES || cancelled()) {
        complete = false;
        break;
      }
      if (!e.name.startsWith(prefix) || (e.name.startsWith('.') && !prefix.startsWith('.')) || unoffered(e.name)) continue;
      if (e.isDirectory()) found.push({ name: e.name, folder: true });
      else if (e.isSymbolicLink()) links.push(e.name);
      else if (field.kind === 'file' && e.isFile() && (!field.names || field.names.test(e.name))) found.push({ name: e.name, folder: false });
    }
  } catch {
    return { entries: [], complete: true };
  }
  // A link is followed to see what it names (a data folder linked into the project is common); all at once.
  const targets = await Promise.all(links.map((name) => fs.stat(path.join(dir, name)).catch(() => undefined)));
  links.forEach((name, i) => {
    const s = targets[i];
    if (s?.isDirectory()) found.push({ name, folder: true });
    else if (s?.isFile() && field.kind === 'file' && (!field.names || field.names.test(name))) found.push({ name, folder: false });
  });
  return { entries: found.sort((a, b) => Number(b.folder) - Number(a.folder) || a.name.localeCompare(b.name)), complete };
}

/** YAML would read these plain values as something else than the text (a number, true, null…) or not at all. */
const NOT_PLAIN = [/^[-?:,[\]{}#&*!|>'"%@`\s]/, /: |\s#|:$|\s$|\t/, /^(true|false|yes|no|on|off|null|~|[-+]?[\d_]*\.?\d+([eE][-+]?\d+)?|0x[\da-f]+|0o[0-7]+|[-+]?\.inf|\.nan)$/i];

export interface PathInsert {
  readonly text: string;
  /** Whether `text` replaces the whole value typed (it is quoted anew) rather than the name after its last '/'. */
  readonly whole: boolean;
}

/**
 * The text a chosen entry writes into the spec. Inside quotes, the name escaped for them and the
 * closing quote (unless there is one already); unquoted, the name as it is when YAML reads it back
 * as the same text, else the whole value quoted. A folder on the way to a file ends in '/' and leaves
 * the quote open for the name that follows.
 */
export function pathInsert(entry: PathEntry, field: PathField, at: { readonly typed: string; readonly quote: '' | '"' | "'"; readonly after: string }): PathInsert {
  const goesOn = entry.folder && field.kind === 'file';
  const slash = goesOn ? '/' : '';
  const double = (s: string): string => JSON.stringify(s).slice(1, -1);
  if (at.quote === '"') return { text: `${double(entry.name)}${slash}${goesOn || at.after.startsWith('"') ? '' : '"'}`, whole: false };
  if (at.quote === "'") return { text: `${entry.name.replace(/'/g, "''")}${slash}${goesOn || at.after.startsWith("'") ? '' : "'"}`, whole: false };
  const value = at.typed.slice(0, at.typed.lastIndexOf('/') + 1) + entry.name;
  if (!NOT_PLAIN.some((re) => re.test(value))) return { text: `${entry.name}${slash}`, whole: false };
  return { text: `"${double(value)}${slash}${goesOn ? '' : '"'}`, whole: true };
}
