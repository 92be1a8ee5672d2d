// After a module of the user's project and a dot (`clusters.merge_`), the name that follows can only
// be one that module defines (server/context/moduleNames.ts reads them): the generator then chooses
// only tokens that keep spelling one of those names, or end one, the way a language server's member
// list would. A small model that has seen the name once in the prompt may otherwise write one of its
// own (`merge_cells`), which fails only when the code runs.

import { endsInStringOrComment } from './codeScan';
import { takenAt } from './takenColumns';

/** The names each module chain of a document has (`clusters`, `jets.model`), sorted. */
export type MemberNames = ReadonlyMap<string, readonly string[]>;

/** How the rule looks the names up: a MemberNames, or one that checks each chain when asked (moduleNames.ts withoutRebound). */
export interface MemberLookup {
  get(chain: string): readonly string[] | undefined;
  /** Of the chain's names, those that hold data, never a function (an awkward array's fields): no call may follow one. */
  uncallable?(chain: string): ReadonlySet<string> | undefined;
  /**
   * Of the chain's names (or keys, for a chain ending in `[`), the columns of a data file (an awkward
   * array's fields): two elements of one call, list or dict never take the same one (takenColumns.ts).
   */
  columns?(chain: string): ReadonlySet<string> | undefined;
}

/**
 * The code before column `at` of `text`'s last line, read when asked, with `opened` (the lines above
 * the cursor's inside the innermost bracket it starts in) first: where takenColumns.ts finds the bracket.
 */
export const codeBefore =
  (text: string, at: number, opened?: () => string) =>
  (): string =>
    (opened?.() ?? '') + text.slice(0, text.lastIndexOf('\n') + 1 + at);

/**
 * `names` of `chain` less the columns the other elements of the bracket it stands in take already
 * (takenColumns.ts). `before`: the code before the chain, from the line where the innermost bracket
 * it stands in opened; `access` how the chain is followed (`.` or, for a key chain, nothing).
 */
export function untaken(lookup: MemberLookup, chain: string, names: readonly string[], before: () => string, access: string): readonly string[] {
  const columns = lookup.columns?.(chain);
  if (!columns || columns.size === 0) return names;
  const taken = takenAt(before(), chain + access);
  return taken.size === 0 ? names : names.filter((n) => !(taken.has(n) && columns.has(n)));
}

/** What may follow at a place where a name of a module is being written. */
export interface NameRule {
  /** Whether the name so far is whole: the suggestion may end here or go on with other text. */
  readonly complete: boolean;
  /** Whether text added after what is written so far keeps to the module's names. */
  allows(added: string): boolean;
}

/** A module chain and a dot at the end of the line, then the name's start (`x = clusters.merge_`). */
export const MEMBER_AT_END = /(?<![\w.])([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\.(\w*)$/;
/** A module chain at the end of the line, before its dot (`x = clusters`): a token may bring the dot and a name. */
const CHAIN_AT_END = /(?<![\w.])([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)$/;
/** A whole name after a chain's dot, then blanks (`n = events.NJet `): a call may still come in the next token. */
const MEMBER_THEN_BLANKS = /(?<![\w.])([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\.(\w+)[ \t]+$/;

const isNameChar = (code: number): boolean => (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;

/** How many of `text`'s first characters (from `from`) can go on a name (ASCII letters, digits, underscores). */
function nameLength(text: string, from = 0): number {
  let i = from;
  while (i < text.length && isNameChar(text.charCodeAt(i))) i++;
  return i - from;
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

/** Whether a name of sorted `names` starts with `prefix`. */
export const startsAny = (names: readonly string[], prefix: string): boolean => names[lowerBound(names, prefix)]?.startsWith(prefix) ?? false;
/** Whether sorted `names` holds `name`. */
export const hasName = (names: readonly string[], name: string): boolean => names[lowerBound(names, name)] === name;

const bindingPatterns = new Map<string, RegExp>();
/** The longest line whose bindings are read: a longer one frees the text. */
const MAX_READ_LINE = 2000;
/** Text of a line up to the next `in`: a loop's targets stand between its `for` and that. */
const UNTIL_IN = '(?:(?!\\bin\\b)[^\\n])*';

/**
 * Whether `text` (the line and what the suggestion wrote after it) binds the chain's first name: a
 * loop, an assignment, `as`, a lambda's or a def's parameters (`[clusters.size for clusters in …]`,
 * a block that opens `for data in loader:`). A keyword argument reads as one too: that only frees the text.
 */
export function bindsHere(text: string, chain: string): boolean {
  // A line past this is no code a rule should hold (minified, data pasted in); the loop pattern's
  // backtracking on it would grow with its length cubed, once per token.
  if (text.length - text.lastIndexOf('\n') > MAX_READ_LINE) return true;
  const head = chain.split('.')[0];
  let pattern = bindingPatterns.get(head);
  if (!pattern) {
    const h = `(?<![\\w.])${head}(?!\\w)`;
    pattern = new RegExp(`\\bfor\\b${UNTIL_IN}${h}${UNTIL_IN}\\bin\\b|${h}\\s*(?:[-+*/%&|^@]|//|<<|>>|\\*\\*)?=(?!=)|\\bas\\s+${h}|\\blambda\\b[^:\\n]*${h}|\\bdef\\s+\\w+\\s*\\([^)]*${h}`);
    bindingPatterns.set(head, pattern);
    if (bindingPatterns.size > 256) bindingPatterns.delete(bindingPatterns.keys().next().value!);
  }
  return pattern.test(text);
}

/** Text that calls what stands before it. */
const CALLED = /^[ \t]*\(/;

/** The rule after `start` (the name's beginning, after the dot) for a module with these sorted names; `values` are never called. */
function ruleFor(names: readonly string[], start: string, values: ReadonlySet<string> | undefined): NameRule {
  const complete = hasName(names, start);
  const calls = (name: string, rest: string): boolean => values?.has(name) === true && CALLED.test(rest);
  return {
    complete,
    allows(added: string): boolean {
      const n = nameLength(added);
      // Nothing of a name in it: the name ends here, as it is (an array's field is not called: `events.NJet(`).
      if (n === 0) return complete && !calls(start, added);
      const name = start + added.slice(0, n);
      return n === added.length ? startsAny(names, name) : hasName(names, name) && !calls(name, added.slice(n));
    },
  };
}

/**
 * The rule at the end of `text` (the cursor's line up to where the next token goes, and the lines
 * generated after it), or undefined where any text may follow: no module chain before it, a chain
 * that is not a known module, inside a string or a comment, or a start of a name that no name of the
 * module has (the user is writing a new one: only the names the module has now are known). Right
 * after the chain itself, a token that brings the dot must bring a name's start too (`.merge`).
 * `opened`: the lines above the cursor's inside the innermost bracket it starts in, from the line where
 * that opened (the earlier arguments of a call written over lines); none where the line starts outside brackets.
 */
export function nameRuleAt(members: MemberLookup, text: string, opened?: () => string): NameRule | undefined {
  const line = text.slice(text.lastIndexOf('\n') + 1);
  const member = MEMBER_AT_END.exec(line);
  const found = member ? members.get(member[1]) : undefined;
  const names = found && untaken(members, member![1], found, codeBefore(text, member!.index, opened), '.');
  if (member && names) {
    if (!startsAny(names, member[2]) || endsInStringOrComment(text) || bindsHere(text, member[1])) return undefined;
    return ruleFor(names, member[2], members.uncallable?.(member[1]));
  }
  const spaced = MEMBER_THEN_BLANKS.exec(line);
  if (spaced && members.uncallable?.(spaced[1])?.has(spaced[2]) && !endsInStringOrComment(text) && !bindsHere(text, spaced[1])) {
    return { complete: true, allows: (added) => !CALLED.test(added) };
  }
  const chain = CHAIN_AT_END.exec(line);
  const listed = chain ? members.get(chain[1]) : undefined;
  const chained = listed && untaken(members, chain![1], listed, codeBefore(text, chain!.index, opened), '.');
  if (!chained || endsInStringOrComment(text) || bindsHere(text, chain![1])) return undefined;
  const afterDot = ruleFor(chained, '', members.uncallable?.(chain![1]));
  return { complete: true, allows: (added) => added[0] !== '.' || added.length === 1 || afterDot.allows(added.slice(1)) };
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
