// Edits followed once typing pauses. WorkspaceContext reads a document's imports (and the names of the
// modules they stand for) in idle time; without this, only opening a file or moving the cursor without
// typing read them again, so `import clusters` typed and used at once got no `clusters.` names until the
// cursor moved. A pause in typing, not each keystroke, is when that reading pays: the keystrokes
// before it pay nothing, and the reading itself parses only when the import lines (or assignments on
// the names they bind: importsSignature) changed.

/** Typing paused this long (ms) counts as settled. */
export const SETTLE_MS = 300;

/** Timers as SettledEdits uses them (the process's own, unless a test steps its own clock). */
export interface Timers {
  start(callback: () => void, ms: number): unknown;
  stop(timer: unknown): void;
}

const PROCESS_TIMERS: Timers = {
  start: (callback, ms) => {
    const timer = setTimeout(callback, ms);
    // A pending wait never keeps the server's process alive on its own.
    timer.unref?.();
    return timer;
  },
  stop: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout> | undefined),
};

/** Calls `settled(uri)` once a document has seen no change for `quietMs`; each change restarts its wait. */
export class SettledEdits {
  private readonly timers = new Map<string, unknown>();

  constructor(
    private readonly settled: (uri: string) => void,
    private readonly quietMs = SETTLE_MS,
    private readonly clock: Timers = PROCESS_TIMERS,
  ) {}

  changed(uri: string): void {
    this.clock.stop(this.timers.get(uri));
    const timer = this.clock.start(() => {
      this.timers.delete(uri);
      this.settled(uri);
    }, this.quietMs);
    this.timers.set(uri, timer);
  }

  /** The document closed: nothing is called for it any more. */
  forget(uri: string): void {
    this.clock.stop(this.timers.get(uri));
    this.timers.delete(uri);
  }
}

/** Continuation lines followed at most after an import line (a parenthesised list, backslashes). */
const MAX_CONTINUATION_LINES = 50;

/**
 * What of a document's text its imports depend on, to compare cheaply after an edit: the lines that
 * contain the word `import`, each with its continuation lines (`from . import (` then `clusters,`,
 * or a line ending in a backslash: those names can be modules). A change elsewhere reads nothing
 * again. One pass over the text: lines without `import` are skipped by indexOf.
 */
export function importLines(text: string): string {
  const out: string[] = [];
  let open = 0; // continuation lines still to take
  let depth = 0; // unclosed parentheses of the import being followed
  for (let start = 0; start < text.length; ) {
    if (open === 0) {
      // Straight to the line of the next `import` (start is always a line's start).
      const next = text.indexOf('import', start);
      if (next < 0) break;
      start = text.lastIndexOf('\n', next) + 1;
    }
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    const line = text.slice(start, end);
    start = end + 1;
    if (open > 0) {
      out.push(line);
      depth += count(line, '(') - count(line, ')');
      open = depth > 0 || line.endsWith('\\') ? open - 1 : 0;
      continue;
    }
    if (!IMPORT_WORD.test(line)) continue;
    out.push(line);
    depth = count(line, '(') - count(line, ')');
    open = depth > 0 || line.endsWith('\\') ? MAX_CONTINUATION_LINES : 0;
  }
  return out.join('\n');
}

const IMPORT_WORD = /\bimport\b/;

/** Names looked for at the start of assignments, at most (a file importing more is rare). */
const MAX_ASSIGNED_HEADS = 256;
/** A Python identifier (Unicode letters too: `import конфиг`). */
const IDENTIFIER = /[\p{L}_][\p{L}\p{N}_]*/u;
/** The name an `as` binds. */
const ALIAS = new RegExp(`\\bas\\s+(${IDENTIFIER.source})`, 'u');

/**
 * The names import lines bind (the output of importLines): `c` of `import a.b as c`, `a` of `import
 * a.b`, `x` and `z` of `from m import x, y as z`, names on continuation lines; not the module path of
 * a `from` import, nor words of a comment. A line that has the word `import` in a string or docstring
 * gives some words that bind nothing: they only cost a reading now and then.
 */
function importedNames(imports: string): Set<string> {
  const names = new Set<string>();
  for (const raw of imports.split('\n')) {
    const line = raw.replace(/#.*$/, '');
    const from = /^\s*from\s+\S+\s+import\b(.*)$/.exec(line);
    const plain = from ? undefined : /^\s*import\b(.*)$/.exec(line);
    for (const part of (from?.[1] ?? plain?.[1] ?? line).split(',')) {
      const alias = ALIAS.exec(part);
      const name = alias ? alias[1] : IDENTIFIER.exec(part)?.[0];
      if (name && name !== 'import' && name !== 'from' && name !== 'as') names.add(name);
      if (names.size >= MAX_ASSIGNED_HEADS) return names;
    }
  }
  return names;
}

/**
 * What the reading of a document's imports depends on (workspaceContext.ts): its import lines
 * (importLines) and the assignments on the names they bind (`config.batch_size = 64`: a module used as
 * a namespace gets that name in the document's names list, moduleNames.ts assignedOn). Typing
 * `config.batch_size = 64` then `config.b` counts at the pause, like an import typed and used at once.
 * Assignments whose first target is the name's attribute count, at the start of a line: `config.a = 1`,
 * `config.lr: float | None = None`, `config.n += 1`, `config.a, config.b = …`, `(config.a, x) = …`.
 * Left to the next full reading (a file opened, the cursor settled): one after another target
 * (`x, config.a = …`, `x = config.a = …`), after `;` or `if c:` on the same line.
 */
export function importsSignature(text: string): string {
  const imports = importLines(text);
  const heads = importedNames(imports);
  if (heads.size === 0) return imports;
  // Targets up to an assignment operator, with no call in them (`np.save(f, allow_pickle=True)` is not one).
  const assignment = new RegExp(
    `^[ \\t]*[([]?(?:${[...heads].join('|')})[ \\t]*\\.[\\p{L}\\p{N}_. \\t,:)\\[\\]*|"']*?(?:[-+*/%&|^@]|\\*\\*|//|>>|<<)?=(?!=)`,
    'gmu',
  );
  const assigned = text.match(assignment) ?? [];
  return assigned.length > 0 ? `${imports}\n\0${assigned.join('\n')}` : imports;
}

function count(line: string, char: string): number {
  let n = 0;
  for (let i = line.indexOf(char); i >= 0; i = line.indexOf(char, i + 1)) n++;
  return n;
}

/** Inside a function or class body, the lines that can still change a module's names (moduleNames.ts). */
const BODY_BINDINGS = /\bglobal\b|\b(globals|locals|vars)\(|\bexec\(|\bsys\.modules\b|__getattr__/;

/**
 * What of a module's text its top-level names depend on (moduleNames.ts readModule), to compare
 * cheaply after an edit: every line outside function and class bodies (top-level statements, with
 * their `if`/`try`/`for`/`with` blocks and continuation lines), and inside those bodies only the lines
 * that can bind or hide module names (`global`, `globals()`, `exec(`, a `__getattr__`). Typing inside a
 * function leaves it as it was, so the files that import the module need not read it again (parsing a
 * 256 KB module takes tens of milliseconds). Blank lines and comments are left out (a comment that
 * names `exec(` counts: the reading looks at the whole text); a signature closed at column 0 (`) -> None:`)
 * keeps its body a body; a line at column 0 inside a string ends the body early, which only costs a
 * reading. A syntax error is the caller's to handle: its reading can lack what the error swallowed.
 */
export function moduleLines(text: string): string {
  const out: string[] = [];
  let inBody = false;
  for (let start = 0; start < text.length; ) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    const line = text.slice(start, end);
    start = end + 1;
    const code = line.trimStart();
    if (code === '') continue;
    if (code.startsWith('#')) {
      if (BODY_BINDINGS.test(code)) out.push(line);
      continue;
    }
    if (code.length === line.length) {
      if (!/^[)\]}]/.test(line)) inBody = /^(async\s+def|def|class)\b/.test(line);
      out.push(line);
    } else if (!inBody || BODY_BINDINGS.test(line)) {
      out.push(line);
    }
  }
  return out.join('\n');
}
