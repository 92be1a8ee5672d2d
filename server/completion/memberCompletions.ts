// The suggest widget's list where the inline rules know the names (memberNames.ts, keyNames.ts): after
// `events.` on the arrays uproot reads, the branches read and the array's own attributes; inside
// `tree["`, the keys of the file; after `args.` and `cfg.`, a script's options and a Hydra config's
// keys. No other language server can list these (they come from the data and the config files), and
// without a list of its own the editor falls back to the document's words: `MET_px` offered, and
// selected, after `np.hypot(events.MET_px, events.MET_p`, where the ghost text goes on with `y`. With
// the list, the editor selects the item the ghost text begins (`MET_py`) and shows both.
//
// A local module's names are left to the Python language server the user has (Pylance knows them).

import { endsInStringOrComment, openedLines } from './codeScan';
import { keyPlaceAt, keyRuleAt } from './keyNames';
import { bindsHere, codeBefore, MEMBER_AT_END, type MemberLookup, untaken } from './memberNames';
import { cursorWindow, type TextSource } from './promptWindow';
import type { PythonSyntax } from './pythonSyntax';
import { type ProjectNames, requestNames } from './requestNames';

/** What an item is, for its icon: a column of a data file, a value (a property, an option, a config key), or a method. */
export type MemberKind = 'field' | 'property' | 'method';

export interface MemberItem {
  readonly label: string;
  readonly kind: MemberKind;
  /** A column another element of the call (or the operator's left side) takes already (takenColumns.ts): listed last, so that the item first selected is one the ghost text may begin. */
  readonly taken?: boolean;
}

export interface MemberList {
  readonly items: readonly MemberItem[];
  /** Where on the line the name or key being written starts: the items replace the text from there to the cursor. */
  readonly from: number;
  /** Inside a key (`tree["`): the quote that ends it. */
  readonly quote?: string;
}

/** The items for `names`, those `free` leaves out marked taken. */
function itemsOf(names: readonly string[], free: readonly string[], kind: (name: string) => MemberKind): MemberItem[] {
  const left = new Set(free);
  return names.map((label) => (left.has(label) ? { label, kind: kind(label) } : { label, kind: kind(label), taken: true }));
}

/**
 * The list at the end of `lineSoFar` (the cursor's line up to it; `continued`: whether it starts inside
 * brackets an earlier line opened; `opened`: the lines above inside them, as nameRuleAt takes them), or
 * undefined where the rules know no names: no chain whose names hold data (a module's are the Python
 * language server's), in a string or a comment, a name the line binds again, a key's start that no key
 * of the file has.
 */
export function memberListAt(lookup: MemberLookup, lineSoFar: string, continued?: () => boolean, opened?: () => string): MemberList | undefined {
  const key = keyPlaceAt(lineSoFar);
  if (key?.quote !== undefined) {
    const found = lookup.get(key.chain);
    if (!found || !keyRuleAt(lookup, lineSoFar, continued)) return undefined;
    const keys = found.filter((k) => !key.listed.includes(k));
    return { items: itemsOf(keys, untaken(lookup, key.chain, keys, codeBefore(lineSoFar, key.index, opened), ''), () => 'field'), from: lineSoFar.length - key.start.length, quote: key.quote };
  }
  const member = MEMBER_AT_END.exec(lineSoFar);
  if (!member) return undefined;
  const [, chain, start] = member;
  const names = lookup.get(chain);
  const values = lookup.uncallable?.(chain);
  if (!names || !values || endsInStringOrComment(lineSoFar) || bindsHere(lineSoFar, chain)) return undefined;
  const columns = lookup.columns?.(chain);
  const kind = (name: string): MemberKind => (columns?.has(name) ? 'field' : values.has(name) ? 'property' : 'method');
  return { items: itemsOf(names, untaken(lookup, chain, names, codeBefore(lineSoFar, member.index, opened), '.'), kind), from: lineSoFar.length - start.length };
}

/**
 * The list at `offset` in the document `uri` (its text `text`), from the lookup the inline rules use
 * for a request there (requestNames.ts) with what `project` has read.
 */
export function memberListIn(syntax: PythonSyntax, uri: string, text: TextSource, offset: number, project: ProjectNames | undefined): MemberList | undefined {
  const { prefix, suffix, start } = cursorWindow(text, offset);
  const window = prefix + suffix;
  const names = requestNames(syntax, uri, window, prefix.length, start === 0 && offset + suffix.length === text.length, project);
  const lineSoFar = prefix.slice(prefix.lastIndexOf('\n') + 1);
  const opened = (): string => openedLines(prefix.slice(0, prefix.length - lineSoFar.length));
  return names ? memberListAt(names, lineSoFar, () => syntax.startsInBrackets(window, prefix.length, uri), opened) : undefined;
}

/**
 * The item the model writes: the longest label that `written` (the name typed so far and the
 * suggestion after it) begins with as a whole name, not followed by more of a name (`MET_px` is no
 * answer for `MET_px2`, a key ends at its quote: `particles` is none for `particles/deta`); undefined
 * when the suggestion names no item.
 */
export function chosenLabel(list: MemberList, written: string): string | undefined {
  const ends = (next: string): boolean => next === '' || (list.quote === undefined ? !/\w/.test(next) : next === list.quote);
  let chosen: string | undefined;
  for (const { label } of list.items) {
    if (written.startsWith(label) && ends(written.charAt(label.length)) && label.length > (chosen?.length ?? 0)) chosen = label;
  }
  return chosen;
}
