// Two arguments of one call never take the same column of a data file: `np.hypot(events.MET_px,
// events.MET_px)`, `ak.zip({"px": events.Muon_Px, "py": events.Muon_Px})` and `np.stack([df["a"],
// df["a"]])` compute nothing anyone wants; nor do the two sides of most operators (`events.E1 +
// events.E1`, `batch["py1"] - batch["py1"]`). A small model that has just written `events.MET_px` copies
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

/** An operator whose two sides are never one column: `x - x` is 0, `x + x` is 2x, `x / x` is 1, `x < x` never holds. Not `*` (`px * px` is a square) nor `**`. */
const OPERATOR = String.raw`(?:\+|-|//?|%|[<>]=?|[=!]=|&|\||\^)`;
/**
 * What stands before an operand that is the whole left side of such an operator: a line's start, a
 * bracket, a comma, a colon, an assignment, a keyword. After another operator it is not
 * (`a * x + x`, `m & x < x`: the left side is more than `x`).
 */
const OPERAND_START = String.raw`(?:^|[([{,:;]|(?<![=!<>])=|\b(?:return|yield|and|or|not|if|elif|while|else|in|assert)\b)`;

const escaped = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The column the left side of the operator before the chain is, whole (`events.E1 + ` before `events.`). */
function leftOperand(text: string, chain: string, keyed: boolean): string | undefined {
  const name = keyed ? String.raw`\s*(["'])([^"'\\\n]*)\1\s*\]` : String.raw`(\w+)`;
  // `^` at any line's start (a continuation line inside brackets), the operator at the very end.
  const operand = new RegExp(`${OPERAND_START}\\s*${escaped(chain)}${name}\\s*${OPERATOR}\\s*(?![\\s\\S])`, 'm').exec(text);
  return operand ? (keyed ? operand[2] : operand[1]) : undefined;
}

/**
 * The values `chain` (a name and a dot, `events.`, or a subscript's start, `events[`, as the rules ask
 * the lookup) takes whole in the elements before it of the bracket open at the end of `text` (the code
 * before the chain), `MET_px` for `np.hypot(events.MET_px, ` and `events.`, or on the left side of an
 * operator right before it, `E1` for `events.E1 + `. None from a subscript's elements or a pairing call's.
 */
export function takenAt(text: string, chain: string): Set<string> {
  const taken = new Set<string>();
  const keyed = chain.endsWith('[');
  const left = leftOperand(text, chain, keyed);
  if (left !== undefined) taken.add(left);
  const open = openBracketAt(text);
  if (!open || open.elements.length === 0) return taken;
  // A subscript: the bracket follows a name, a call or another subscript (or a string: `"ab"[i, i]` is no code anyone writes).
  if (open.opener === '[' && /[\w)\]"']\s*$/.test(open.before)) return taken;
  const callee = calleeOf(open.opener, open.before);
  if (callee && PAIRING.has(callee)) return taken;
  for (const element of open.elements) {
    const value = plain(element);
    if (!value.startsWith(chain)) continue;
    const rest = value.slice(chain.length);
    const name = keyed ? /^(["'])([^"'\\]*)\1\]$/.exec(rest)?.[2] : /^\w+$/.exec(rest)?.[0];
    if (name !== undefined) taken.add(name);
  }
  return taken;
}
