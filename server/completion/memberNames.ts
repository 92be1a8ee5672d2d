// After a module of the user's project and a dot (`clusters.merge_`), the name that follows can only
// be one that module defines (server/context/moduleNames.ts reads them): the generator then chooses
// only tokens that keep spelling one of those names, or end one, the way a language server's member
// list would. A small model that has seen the name once in the prompt may otherwise write one of its
// own (`merge_cells`), which fails only when the code runs.

/** The names each module chain of a document has (`clusters`, `jets.model`), sorted. */
export type MemberNames = ReadonlyMap<string, readonly string[]>;

/** What may follow at a place where a name of a module is being written. */
export interface NameRule {
  /** Whether the name so far is whole: the suggestion may end here or go on with other text. */
  readonly complete: boolean;
  /** Whether text added after what is written so far keeps to the module's names. */
  allows(added: string): boolean;
}

/** A module chain and a dot at the end of the line, then the name's start (`x = clusters.merge_`). */
const MEMBER_AT_END = /(?<![\w.])([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\.(\w*)$/;

const isNameChar = (code: number): boolean => (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;

/** How many of `text`'s first characters can go on a name (ASCII letters, digits, underscores). */
function nameLength(text: string): number {
  let i = 0;
  while (i < text.length && isNameChar(text.charCodeAt(i))) i++;
  return i;
}

/** Index of the first name ≥ `key` in sorted `names`. */
function lowerBound(names: readonly string[], key: string): number {
  let lo = 0;
  let hi = names.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (names[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const startsAny = (names: readonly string[], prefix: string): boolean => names[lowerBound(names, prefix)]?.startsWith(prefix) ?? false;
const hasName = (names: readonly string[], name: string): boolean => names[lowerBound(names, name)] === name;

/** Whether the end of `line` is inside a string or a comment (quotes and `#` read left to right). */
function endsInStringOrComment(line: string): boolean {
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === '\\') i++;
      else if (line.startsWith(quote, i)) {
        i += quote.length - 1;
        quote = '';
      }
    } else if (c === '#') return true;
    else if (c === '"' || c === "'") {
      quote = line.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
      i += quote.length - 1;
    }
  }
  return quote !== '';
}

/**
 * The rule at the end of `line` (the text of the line up to where the next token goes), or undefined
 * where any text may follow: no module chain and dot before it, a chain that is not a known module,
 * inside a string or a comment, or a start of a name that no name of the module has (the user is
 * writing a new one: only the names the module has now are known).
 */
export function nameRuleAt(members: MemberNames, line: string): NameRule | undefined {
  const m = MEMBER_AT_END.exec(line);
  if (!m) return undefined;
  const names = members.get(m[1]);
  const start = m[2];
  if (!names || !startsAny(names, start) || endsInStringOrComment(line)) return undefined;
  return {
    complete: hasName(names, start),
    allows(added: string): boolean {
      const n = nameLength(added);
      const name = start + added.slice(0, n);
      return n === added.length ? startsAny(names, name) : hasName(names, name);
    },
  };
}

/** The names as the rule wants them: sorted, and only modules whose names are all ASCII (nameLength reads ASCII). */
export function memberNames(modules: ReadonlyMap<string, ReadonlySet<string>>): MemberNames {
  const out = new Map<string, string[]>();
  for (const [chain, names] of modules) {
    const list = [...names];
    // eslint-disable-next-line no-control-regex
    if (list.every((n) => /^[\x00-\x7f]+$/.test(n))) out.set(chain, list.sort());
  }
  return out;
}
