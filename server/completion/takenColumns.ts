// Two arguments of one call never take the same column of a data file: `np.hypot(events.MET_px,
// events.MET_px)`, `ak.zip({"px": events.Muon_Px, "py": events.Muon_Px})` and `np.stack([df["a"],
// df["a"]])` compute nothing anyone wants. A small model that has just written `events.MET_px` copies
// it into the next argument (then loops: `events.MET_px, events.MET_px, …`); the member and key rules
// (memberNames.ts, keyNames.ts) leave out of their names the columns the other arguments hold, so the
// model writes the one it had second in mind (`MET_py`).
//
// Only columns (an awkward array's fields, a data file's keys): a config value or an option goes twice
// into a call often enough (`nn.Linear(args.hidden, args.hidden)`). Not in a subscript (`x[i, i]` is a
// diagonal), nor in the calls that pair an array with itself on purpose (`ak.cartesian([jets, jets])`).

import { openBracketAt } from './codeScan';

/** Calls whose arguments may be the same array twice: they pair each element with each. */
const PAIRING = new Set(['cartesian', 'argcartesian', 'meshgrid', 'outer', 'product']);

/** A keyword argument's name or a dict entry's string key before an element's value. */
const LABEL = /^(?:[A-Za-z_]\w*\s*=(?!=)|[rRbBuU]?(?:"[^"\n]*"|'[^'\n]*')\s*:)\s*/;

/** An element's code as one line: its comments dropped (a `#` with no quote before it on its line), blanks closed up. */
function plain(element: string): string {
  const code = element
    .split('\n')
    .map((line) => {
      const hash = line.indexOf('#');
      return hash >= 0 && !/["']/.test(line.slice(0, hash)) ? line.slice(0, hash) : line;
    })
    .join(' ');
  return code
    .trim()
    .replace(LABEL, '')
    .replace(/\s*([.[\]])\s*/g, '$1');
}

/** The name of the call whose arguments are the bracket's elements, if it is a call's or a list's or dict's in one (`ak.cartesian([`). */
function calleeOf(opener: string, before: string): string | undefined {
  const text = opener === '(' ? before : before.replace(/\(\s*$/, '');
  if (opener !== '(' && text === before) return undefined;
  return /([A-Za-z_]\w*)\s*$/.exec(text)?.[1];
}

/**
 * The values `chain` (a name and a dot, `events.`, or a subscript's start, `events[`, as the rules ask
 * the lookup) takes in the elements before it of the bracket open at the end of `text` (the code before
 * the chain), whole: `MET_px` for `np.hypot(events.MET_px, ` and `events.`. Empty outside such a
 * bracket, in a subscript and in a pairing call.
 */
export function takenAt(text: string, chain: string): Set<string> {
  const taken = new Set<string>();
  const open = openBracketAt(text);
  if (!open || open.elements.length === 0) return taken;
  // A subscript: the bracket follows a name, a call or another subscript (or a string: `"ab"[i, i]` is no code anyone writes).
  if (open.opener === '[' && /[\w)\]"']\s*$/.test(open.before)) return taken;
  const callee = calleeOf(open.opener, open.before);
  if (callee && PAIRING.has(callee)) return taken;
  const keyed = chain.endsWith('[');
  for (const element of open.elements) {
    const value = plain(element);
    if (!value.startsWith(chain)) continue;
    const rest = value.slice(chain.length);
    const name = keyed ? /^(["'])([^"'\\]*)\1\]$/.exec(rest)?.[2] : /^\w+$/.exec(rest)?.[0];
    if (name !== undefined) taken.add(name);
  }
  return taken;
}
