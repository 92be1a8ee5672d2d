// Small models fall into loops ("lossasstep lossasstep …", the same line again and again). These
// rules find where a loop starts, so generation stops there and the suggestion keeps one copy.
import { bracketsOpen } from './codeScan';

/**
 * The cut that keeps one copy when the text ends in a run of identical token n-grams (n ≤ maxN):
 * four in a row for one or two tokens (code has `)))` and `0, 0, 0`), three for longer ones.
 */
export function repeatedTokensCut(tokens: readonly number[], maxN = 8): number | undefined {
  for (let n = 1; n <= maxN; n++) {
    const times = n <= 2 ? 4 : 3;
    if (tokens.length < n * times) break;
    const end = tokens.length;
    let same = true;
    for (let k = 1; k < times && same; k++) {
      for (let i = 0; i < n; i++) {
        if (tokens[end - 1 - i] !== tokens[end - 1 - i - k * n]) {
          same = false;
          break;
        }
      }
    }
    if (same) return end - (times - 1) * n;
  }
  return undefined;
}

/**
 * The block headers whose repeat is a loop: a second `except ValueError:` or `elif`/`case` line is
 * code (cutting there would leave a `try` without its `except`), a second identical `if x is None:`
 * in one suggestion is not.
 */
const OPENING_HEADER = /^(?:if|for|while|with|def|class|async|match)\b.*:$/;

/**
 * A trimmed line of string literals alone (prefixes such as f or rb allowed), no comma after them: the
 * pieces of one string written over lines. Not `"type": "string",` (a dict's entries repeat in code)
 * nor a list's elements.
 */
const STRING_LINE = /^(?:[rRbBuUfF]{0,2}(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')[ \t]*)+$/;

/**
 * A trimmed line that names something that may come only once where it stands: a dict entry with a
 * string key (the key, a colon, a value, a comma), or a keyword argument or parameter default
 * (`n_jobs=n_jobs,`; twice is a SyntaxError).
 */
const ONCE_ONLY = /^(?:[rRbBuU]?(?:"[^"]*"|'[^']*')[ \t]*:|[A-Za-z_]\w*[ \t]*=(?!=))[ \t]*\S.*,$/;

/**
 * Index to cut the text at (the line break before the lines to drop) when its last complete line
 * that is not blank starts a loop: it repeats the line before it; or, trimmed, it is an opening block
 * header (`if x is None:`) the suggestion has already; or it and the line that is not blank before it
 * repeat two such lines further up (`if k in d:` / `continue`, twice). A small model nests the same
 * `if` or repeats a two-line body until its token budget runs out; the rules look only at the latest
 * line, so generation stops at the first repeat. A header the cut would leave without its body goes
 * too. Never a cut inside brackets (two `nn.Sequential(` calls share their argument lines) unless the
 * repeated lines are pieces of one string (a message's, `"without the function. "`, again) or a dict
 * entry (string key) or a keyword argument right under itself (`"method": "csr",`, `n_jobs=n_jobs,`
 * twice), never the
 * first line that is not blank (the cursor's), and one repeated statement alone is left (`y = 1` at the
 * end of both branches of an if is code). `lineSoFar`: what the cursor's line holds before the text.
 */
export function repeatedLineCut(text: string, lineSoFar = ''): number | undefined {
  // The first line as it will stand: after the cursor's indentation, like the lines below it.
  const at = loopCut(lineSoFar + text);
  return at === undefined ? undefined : at - lineSoFar.length;
}

function loopCut(text: string): number | undefined {
  const lines = text.split('\n');
  const trimmed = lines.map((l) => l.trim());
  // The last element is the line still being generated: the complete ones come before it. A token can
  // complete a line and a blank one at once, so the latest line is the last that is not blank.
  let last = lines.length - 2;
  while (last > 0 && trimmed[last] === '') last--;
  const first = trimmed.findIndex((t) => t !== '');
  if (first < 0 || last <= first) return undefined;
  const loop = loopStart(lines, trimmed, first, last);
  if (loop === undefined) return undefined;
  let keep = loop;
  while (keep > first + 1 && (trimmed[keep - 1] === '' || trimmed[keep - 1].endsWith(':'))) keep--;
  const kept = lines.slice(0, keep).join('\n');
  // Inside brackets only a loop of lines of string pieces (a message that runs on, `"… " "… "`), or a
  // key or keyword argument right under itself: argument lines, list elements and sibling dicts'
  // entries do repeat in code.
  const pieces = trimmed.slice(loop, last + 1).every((t) => t === '' || STRING_LINE.test(t));
  const twice = loop === last && ONCE_ONLY.test(trimmed[last]);
  if (bracketsOpen(kept) && !pieces && !twice) return undefined;
  return kept.length;
}

/** The first line of the loop that line `last` completes, if it does (repeatedLineCut); never `first` or above. */
function loopStart(lines: readonly string[], trimmed: readonly string[], first: number, last: number): number | undefined {
  if (lines[last] === lines[last - 1]) return last;
  const line = trimmed[last];
  if (OPENING_HEADER.test(line) && trimmed.slice(first, last).includes(line)) return last;
  // The two lines as a pair, blank lines between them left out; the earlier pair must end before this one starts.
  let before = last - 1;
  while (before > first && trimmed[before] === '') before--;
  if (before <= first) return undefined;
  const code = trimmed.slice(first, before).filter((t) => t !== '');
  for (let k = 0; k + 1 < code.length; k++) {
    if (code[k] === trimmed[before] && code[k + 1] === line) return before;
  }
  return undefined;
}
