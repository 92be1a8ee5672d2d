// Inside the string of a subscript on a data file the script opens (`tree["Jet_`, `f["entry/`,
// `data["X_`), and in the list of branches a ROOT tree's `arrays([…])` reads, the key can only be one
// the file has (server/context/dataKeys.ts reads them): the generator then chooses only tokens that
// keep spelling one of those keys, or close it, as memberNames.ts does after `module.`. A small model
// writes branch names of its own (`jet_pt` for `Jet_Pt`) that fail only when the job reads the file,
// often after a Slurm queue.
//
// The lookup is the same one as the names' (MemberLookup): a chain ending in `[` asks for the keys of
// a subscript on it (`tree["events"][`), one ending in `.arrays([` for the branches of a tree.

import { bracketsOpen, endsInStringOrComment } from './codeScan';
import { bindsHere, codeBefore, hasName, type MemberLookup, type NameRule, nameRuleAt, startsAny, untaken } from './memberNames';

/** A string literal without escapes, on one line. */
const STRING = `(?:"[^"\\\\\\n]*"|'[^'\\\\\\n]*')`;
/** A name or a call of a dotted name with no brackets in its arguments, then string subscripts (`f`, `f["entry"]["data"]`, `uproot.open(path)["events"]`). */
const CHAIN = `(?:[A-Za-z_][\\w.]*\\([^()\\[\\]\\n]*\\)|[A-Za-z_]\\w*)(?:\\s*\\[\\s*${STRING}\\s*\\])*`;
/** A key being written in a subscript on a chain: the chain, then the quote and the key's start, if any yet. */
const KEY_AT_END = new RegExp(`(?<![\\w.])(${CHAIN})\\s*\\[\\s*(?:(["'])([^"'\\\\\\n]*))?$`);
/** A branch name being written in the list an `arrays(` or `iterate(` call of a chain reads, after the names before it. */
const LISTED_AT_END = new RegExp(`(?<![\\w.])(${CHAIN})\\s*\\.\\s*(arrays|iterate)\\s*\\(\\s*\\[\\s*((?:${STRING}\\s*,\\s*)*)(?:(["'])([^"'\\\\\\n]*))?$`);

/** A key being written in the list of a subscript that selects several (`df[["pt", "`, `events[["Jet_Px", "`), after the keys before it. */
const SUBSCRIPT_LISTED_AT_END = new RegExp(`(?<![\\w.])(${CHAIN})\\s*\\[\\s*\\[\\s*((?:${STRING}\\s*,\\s*)*)(?:(["'])([^"'\\\\\\n]*))?$`);

/** A chain at the end of the line, before its bracket (`x = tree`): a token may bring the bracket and the key's start. */
const CHAIN_AT_END = new RegExp(`(?<![\\w.])(${CHAIN})$`);

/** What stands before a subscript that starts a statement, so writes a key: nothing, a block's header on the line, a `;`, other targets (`a, df["x"] = …`). */
const STATEMENT_START = /^\s*(?:(?:if|elif|else|while|for|with|try|except|finally)\b[^#]*:\s*|[^#]*;\s*|(?:[A-Za-z_][\w.]*(?:\[[^\]]*\])?\s*,\s*)+)?$/;

/** The chain as the lookup is asked for it: no blanks around its brackets. */
const normalChain = (chain: string): string => chain.replace(/\s*\[\s*/g, '[').replace(/\s*\]/g, ']');

/** The rule inside a key quoted with `quote`, whose text so far is `start`, for sorted `keys`. */
function keyRule(keys: readonly string[], quote: string, start: string): NameRule {
  return {
    complete: hasName(keys, start),
    allows(added: string): boolean {
      const end = added.indexOf(quote);
      const piece = end < 0 ? added : added.slice(0, end);
      // An escape or a line break is in no key the rule lists; a token that closes the key and opens
      // another string (`"]["jet`) would take that one past the rule: it comes in tokens of its own.
      if (/[\\\n]/.test(piece) || (end >= 0 && /["']/.test(added.slice(end + 1)))) return false;
      return end < 0 ? startsAny(keys, start + piece) : hasName(keys, start + piece);
    },
  };
}

/** Where a key is being written at the end of a line: what the lookup is asked, the quote and the key so far (none yet right after `[`), and where the chain starts. */
export interface KeyPlace {
  readonly chain: string;
  readonly quote: string | undefined;
  readonly start: string;
  readonly index: number;
  /** In an `arrays([…])` list or a subscript's (`df[["pt", "`): the names listed before (a list names a key once). */
  readonly listed: readonly string[];
}

/** The key being written at the end of `line`, if a chain's subscript or its `arrays([…])` list is there. */
export function keyPlaceAt(line: string): KeyPlace | undefined {
  const listed = LISTED_AT_END.exec(line);
  if (listed) {
    const before = [...listed[3].matchAll(/(["'])(.*?)\1/g)].map((m) => m[2]);
    return { chain: `${normalChain(listed[1])}.${listed[2]}([`, quote: listed[4], start: listed[5] ?? '', index: listed.index, listed: before };
  }
  const selected = SUBSCRIPT_LISTED_AT_END.exec(line);
  if (selected) {
    const before = [...selected[2].matchAll(/(["'])(.*?)\1/g)].map((m) => m[2]);
    return { chain: `${normalChain(selected[1])}[`, quote: selected[3], start: selected[4] ?? '', index: selected.index, listed: before };
  }
  const key = KEY_AT_END.exec(line);
  return key ? { chain: `${normalChain(key[1])}[`, quote: key[2], start: key[3] ?? '', index: key.index, listed: [] } : undefined;
}

/**
 * The rule at the end of `text` (the cursor's line up to where the next token goes, and the lines
 * generated after it), or undefined where any text may follow: no data chain there, a chain whose
 * keys are not known, a `[` inside a string or a comment, or a key's start that no key of it has (a
 * key the file does not hold yet: the user knows better). Right after `[` (or a list's comma), a
 * token that opens a string must open a key; anything else (an index, a variable) is free.
 * `continued`: whether the cursor's line starts inside brackets an earlier line opened (`np.stack([`);
 * `opened`: the lines above inside the innermost of those, as nameRuleAt takes them.
 */
export function keyRuleAt(lookup: MemberLookup, text: string, continued?: () => boolean, opened?: () => string): NameRule | undefined {
  const line = text.slice(text.lastIndexOf('\n') + 1);
  const place = keyPlaceAt(line);
  if (!place) return bracketRule(lookup, text, line, continued, opened);
  const found = lookup.get(place.chain);
  if (!found || !readsKeys(text, line, place, continued)) return undefined;
  // Not a key the other elements of the call hold already (takenColumns.ts), nor one the list names before.
  const known = untaken(lookup, place.chain, found, codeBefore(text, place.index, opened), '');
  const keys = place.listed.length > 0 ? known.filter((k) => !place.listed.includes(k)) : known;
  const { quote, start } = place;
  if (quote === undefined) {
    // Not in a string yet: only a token that opens one is held to the keys.
    return {
      complete: true,
      allows(added: string): boolean {
        const open = /^\s*(["'])/.exec(added);
        return !open || keyRule(keys, open[1], '').allows(added.slice(open[0].length));
      },
    };
  }
  return startsAny(keys, start) ? keyRule(keys, quote, start) : undefined;
}

/**
 * Whether `line`, the last of `text`, starts inside brackets: the cursor's line as `continued` says, a
 * line generated below it as the generated text leaves them (an assignment's target cannot be there).
 */
function inBrackets(text: string, line: string, continued: (() => boolean) | undefined): boolean {
  const above = text.slice(0, text.length - line.length);
  // Blank lines above (healing's line break, an empty cursor's line) leave the brackets as they were.
  return /^\s*$/.test(above) ? (continued?.() ?? false) : bracketsOpen(above);
}

/**
 * Whether the key at `place` is read there: its `[` is code (not in a string or a comment), the
 * chain's name is not bound again in the text (`t = np.load(…)` on a line the model wrote), and the
 * subscript does not start the statement (`df["pt2"] = …` writes a key the file may lack), which a
 * line inside brackets (`np.stack([` then `    events["Jet_`) never does.
 */
function readsKeys(text: string, line: string, place: KeyPlace, continued: (() => boolean) | undefined): boolean {
  const head = /^[A-Za-z_]\w*(?!\w*\()/.exec(place.chain)?.[0];
  const before = line.slice(0, place.index);
  // A `;` on the line ends whatever brackets it began in: a statement starts after it.
  const startsStatement = !place.chain.endsWith('([') && STATEMENT_START.test(before) && (before.includes(';') || !inBrackets(text, line, continued));
  return !startsStatement && !endsInStringOrComment(text.slice(0, text.length - line.length + place.index)) && !(head && bindsHere(text, head));
}

/** After a chain with keys and before its bracket (`x = tree`): a token that brings the bracket and a quote must bring a key's start. */
function bracketRule(lookup: MemberLookup, text: string, line: string, continued: (() => boolean) | undefined, opened: (() => string) | undefined): NameRule | undefined {
  const chain = CHAIN_AT_END.exec(line);
  const asked = chain ? `${normalChain(chain[1])}[` : undefined;
  const found = asked ? lookup.get(asked) : undefined;
  if (!chain || !found || !readsKeys(text, line, { chain: asked!, quote: undefined, start: '', index: chain.index, listed: [] }, continued)) return undefined;
  const keys = untaken(lookup, asked!, found, codeBefore(text, chain.index, opened), '');
  return {
    complete: true,
    allows(added: string): boolean {
      const open = /^\s*\[\s*(["'])/.exec(added);
      return !open || keyRule(keys, open[1], '').allows(added.slice(open[0].length));
    },
  };
}

/**
 * Whether the end of `line` (the cursor's line up to it) is inside a key the lookup knows the keys
 * of, begun as one of them: the engine, which suggests nothing inside a string, suggests there.
 */
export function keyKnownAt(lookup: MemberLookup | undefined, line: string, continued?: () => boolean): boolean {
  return lookup !== undefined && keyPlaceAt(line)?.quote !== undefined && keyRuleAt(lookup, line, continued) !== undefined;
}

/**
 * At a cursor inside a key whose keys are known (`tree["Jet_`, `lineSoFar` its line up to it), where
 * the engine, which suggests nothing inside a string, suggests: the suggestion then stops at the closing
 * quote the editor put after the cursor (`stops`); with none there, the model closes the key itself.
 * Undefined elsewhere, and where a key goes on after the cursor (the text there is the user's).
 */
export function keyAtCursor(lookup: () => MemberLookup | undefined, lineSoFar: string, suffix: string, continued?: () => boolean): { readonly stops: readonly string[] } | undefined {
  if (/^\w/.test(suffix) || !keyKnownAt(lookup(), lineSoFar, continued)) return undefined;
  const quote = keyPlaceAt(lineSoFar)!.quote!;
  return { stops: suffix.startsWith(quote) ? [quote] : [] };
}

/**
 * The rule at the end of `text` for the generator: the member rule (memberNames.ts) and the key rule
 * together where both hold. After a name that has both attributes and keys (`x = events`, an awkward
 * array), a token may bring `.Jet_Px` or `["Jet_Px`, each kept to what the file has.
 */
export function textRuleAt(lookup: MemberLookup, text: string, continued?: () => boolean, opened?: () => string): NameRule | undefined {
  const member = nameRuleAt(lookup, text, opened);
  const key = keyRuleAt(lookup, text, continued, opened);
  if (!member || !key) return member ?? key;
  return { complete: member.complete && key.complete, allows: (added) => member.allows(added) && key.allows(added) };
}

/** How text written all at once after a line keeps to the rules (namesKeptIn). */
export interface NamesKept {
  /** Whether each character is one the rules allow where it stands, as generated tokens would be. */
  readonly keeps: boolean;
  /** The length of the longest start of the text that keeps to them and ends on no name half written. */
  readonly whole: number;
}

/**
 * Reads `added`, written after `line` (the cursor's line up to it), character by character as the
 * generator reads tokens (textRuleAt): a line repeated from the project (repeatedLines.ts) is held to
 * the names of the file as a generated one is; a generation stopped by its budgets in the middle of a
 * name is cut back to where the text was whole (`events.MET_p` is no branch).
 */
export function namesKeptIn(lookup: MemberLookup, line: string, added: string, continued?: () => boolean, opened?: () => string): NamesKept {
  let whole = 0;
  for (let i = 0; i <= added.length; i++) {
    const rule = textRuleAt(lookup, line + added.slice(0, i), continued, opened);
    if (!rule || rule.complete) whole = i;
    if (rule && i < added.length && !rule.allows(added[i])) return { keeps: false, whole };
  }
  return { keeps: true, whole };
}
