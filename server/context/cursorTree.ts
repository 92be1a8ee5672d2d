// The tree of a document read at a cursor after `name.`, with the line being written read as if
// finished, for rules that ask which names hold what there (argparseNames.ts, hydraNames.ts).
import type { Node } from 'web-tree-sitter';
import { closersOf, lineStates } from '../completion/codeScan';
import type { PythonSyntax } from '../completion/pythonSyntax';

/** Put after a dot at the cursor, for a tree in which the line just typed (`x = args.`) reads as code. */
const PLACEHOLDER = 'a';

/** Lines looked back at most for the start of a statement whose brackets are still open at the cursor. */
const MAX_STATEMENT_LINES = 200;
/** Syntax nodes above the cursor at most: code is never nested deeper. */
const MAX_NESTING = 200;

/**
 * Whether the tree cannot say which scope `node` (at the cursor, on the line starting at `lineStart`)
 * is in: a syntax error that began above the line holds it (an error from the line being written
 * leaves the blocks above it as they were), or it is nested deeper than code is (thousands of brackets
 * left open), where each step up the tree costs a walk down from its root.
 */
export function unreadableAt(node: Node, lineStart: number): boolean {
  let depth = 0;
  for (let n: Node | null = node; n; n = n.parent) if (++depth > MAX_NESTING || (n.type === 'ERROR' && n.startIndex < lineStart)) return true;
  return false;
}

/**
 * Where the statement holding the line that starts at `lineStart` starts: the nearest line above that
 * starts outside brackets and strings (`loader = DataLoader(ds,` above `batch_size=args.`), or
 * `lineStart` where none is near.
 */
function statementStart(source: string, lineStart: number): number {
  let from = lineStart;
  for (let i = 0; i < MAX_STATEMENT_LINES && from > 0; i++) from = source.lastIndexOf('\n', from - 2) + 1;
  // One state per line of the slice, the last the cursor's line (empty here: the slice ends with its \n).
  const states = lineStates(source.slice(from, lineStart));
  const starts = [from];
  for (let at = source.indexOf('\n', from); at >= 0 && at < lineStart; at = source.indexOf('\n', at + 1)) starts.push(at + 1);
  // The slice's first line is read as starting outside brackets, which is known only at the document's start.
  for (let i = states.length - 1; i >= (from > 0 ? 1 : 0); i--) if (states[i].startDepth === 0 && !states[i].startsInString) return starts[i];
  return lineStart;
}

/**
 * What `reading` finds on the tree of `source` with the cursor at `offset` (after a dot, or a name's
 * start after one). The line being written is read as if finished: a name put after a dot at the
 * cursor (`x = args.`: without one the parser may take the next line's first name for the attribute,
 * and lose a binding: `args.` then `args = vars(args)` reads as `args.args = …`), and the brackets it
 * opened closed at its end (`f(args.n_` would leave the rest of the function inside the call). Where
 * that still gives nothing (undefined, or null: the cursor in an error from above, such as a call
 * opened on an earlier line and closed nowhere below: `DataLoader(ds,` then `batch_size=args.`), the
 * statement's brackets are closed at the line's end too. `reading` gets the text read and the
 * cursor's offset in it. With `document`, a parse is an incremental one of the document's tree, as
 * the request's next reading of the document is.
 */
export function readAtCursor<T>(
  syntax: Pick<PythonSyntax, 'withTree'>,
  source: string,
  offset: number,
  reading: (root: Node, text: string, offset: number) => T | undefined | null,
  document?: string,
): T | undefined {
  const lineStart = source.lastIndexOf('\n', offset - 1) + 1;
  const lineEnd = source.indexOf('\n', offset) < 0 ? source.length : source.indexOf('\n', offset);
  const put = /\w\.$/.test(source.slice(Math.max(0, offset - 2), offset)) ? PLACEHOLDER : '';
  const finished = (from: number): string | undefined => {
    const closers = closersOf(source.slice(from, offset) + put + source.slice(offset, lineEnd)) ?? '';
    return put || closers ? source.slice(0, offset) + put + source.slice(offset, lineEnd) + closers + source.slice(lineEnd) : undefined;
  };
  const read = (text: string) => syntax.withTree(text, (root) => reading(root, text, offset + put.length), document);
  const found = read(finished(lineStart) ?? source);
  if (found) return found;
  // Error recovery may also leave the cursor outside any error but in the wrong place: read again.
  const start = statementStart(source, lineStart);
  const whole = start < lineStart ? finished(start) : undefined;
  return whole ? (read(whole) ?? undefined) : undefined;
}
