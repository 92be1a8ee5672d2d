// Which names of a document hold an argparse namespace at the cursor (`args` after
// `args = parser.parse_args()`, a `def train(args):` that every call of it in the document hands one),
// so that after `args.` a suggestion keeps to the names the document's options give
// (argparseOptions.ts), as it keeps to a module's names after `module.` (memberNames.ts). A script
// of the field reads its options all over (`args.batch_size`), often far from the parser, and a small
// model writes names of its own there (`args.batchsize`) that fail only when the script runs.
// Wherever a reading could be wrong, a name is not a namespace and the model writes what it likes.
import type { Node } from 'web-tree-sitter';
import type { MemberLookup } from '../completion/memberNames';
import { dataOptions, optionNames } from './argparseOptions';
import { handedOn } from './argparseEscapes';
import { NamespaceReader } from './argparseReader';
import { attributeNamespace } from './argparseAttributes';
import { readAtCursor, unreadableAt } from './cursorTree';
import type { PythonSyntax } from '../completion/pythonSyntax';
import { escapeRegExp } from '../../core/text/escapeRegExp';

/** A document can hold a namespace only when it parses one. */
const PARSES = /\.\s*parse_(?:known_)?(?:intermixed_)?args\b/;

/**
 * After `name.` at `offset` in `source` (its tree `root`), the names a namespace there has, or
 * undefined where `name` does not surely hold one of the document's namespaces; null where the tree
 * cannot say which scope the cursor is in (a syntax error that began above the cursor's line).
 */
function namesAt(root: Node, source: string, offset: number, name: string, namespaces: ReadonlySet<string>): readonly string[] | undefined | null {
  const at = root.descendantForIndex(Math.max(0, offset - 1), offset);
  if (!at) return undefined;
  if (unreadableAt(at, source.lastIndexOf('\n', offset - 1) + 1)) return null;
  const reader = new NamespaceReader(root, source);
  const dot = name.indexOf('.');
  const holds = dot < 0 ? reader.namespaceAt(name, at) : attributeNamespace(reader, root, source, at, name.slice(0, dot), name.slice(dot + 1));
  if (!holds) return undefined;
  const options = optionNames(root, source);
  // Every name the reading found holding the namespace on its way (`opts` in main() that a
  // `Trainer(opts)` hands on) is checked for handing on too.
  const handed = new Set([...namespaces, ...reader.heldNames]);
  if (!options || handedOn(root, source, handed, (f) => reader.localFunction(f))) return undefined;
  // Names the document reads on it already count too (set by a function of another module, say), but
  // not the start of one being written at the cursor, nor a word on the line after an `args.` left
  // unfinished there (`for`).
  const names = new Set(options);
  const reads = new RegExp(`(?<![\\w.])${escapeRegExp(name)}[ \\t]*\\.[ \\t]*([A-Za-z_]\\w*)`, 'g');
  for (const m of source.matchAll(reads)) if (m.index + m[0].length !== offset) names.add(m[1]);
  return [...names].sort();
}

/**
 * After `name.` at `offset` in `source`, the names a namespace there has (see namesAt), read with the
 * line being written as if finished (cursorTree.ts).
 */
export function namespaceNamesAt(
  syntax: Pick<PythonSyntax, 'withTree'>,
  source: string,
  offset: number,
  name: string,
  document?: string,
  namespaces: ReadonlySet<string> = candidates(source, offset),
): readonly string[] | undefined {
  return readAtCursor(syntax, source, offset, (root, text, at) => namesAt(root, text, at, name, namespaces), document);
}

/** The words an option could give a name by (`--batch-size` → batch_size, dest='epochs'), read from the text alone. */
function optionWords(source: string): Set<string> {
  const words = new Set<string>();
  for (const call of source.matchAll(/\.\s*add_argument\s*\(([^)]*)/g)) {
    for (const m of call[1].matchAll(/(?:dest\s*=\s*)?["']-{0,2}([A-Za-z_][\w-]*)["']/g)) words.add(m[1].replace(/-/g, '_'));
  }
  return words;
}

/**
 * The names worth reading for a namespace: the one before the dot at the cursor, and those the
 * document reads an option on (`opts.batch_size`); an attribute of a name too (`self.args`). Reading every name a suggestion meets would cost
 * milliseconds each in a long file.
 */
function candidates(source: string, offset: number): Set<string> {
  const line = source.slice(source.lastIndexOf('\n', offset - 1) + 1, offset);
  const names = new Set<string>();
  // A name, or an attribute of one (`self.args`), before the dot at the cursor.
  const atCursor = /(?<![\w.])([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)?)\s*\.\s*\w*$/.exec(line);
  if (atCursor) names.add(atCursor[1]);
  const words = optionWords(source);
  for (const m of source.matchAll(/(?<![\w.])([A-Za-z_]\w*)\s*\.\s*([A-Za-z_]\w*)/g)) if (words.has(m[2])) names.add(m[1]);
  for (const m of source.matchAll(/(?<![\w.])([A-Za-z_]\w*\.[A-Za-z_]\w*)\.([A-Za-z_]\w*)/g)) if (words.has(m[2])) names.add(m[1]);
  return names;
}

/**
 * The rule's lookup for a request at `offset` in `source` (the whole document, `document` in
 * `syntax`): a chain that is one name holding a namespace gives the options' names. Each name is read
 * once, on the document's tree, and only when a suggestion meets it.
 */
export function namespaceLookup(source: string, offset: number, syntax: Pick<PythonSyntax, 'withTree'>, document?: string): MemberLookup | undefined {
  if (!source.includes('ArgumentParser') || !PARSES.test(source)) return undefined;
  let names: Set<string> | undefined;
  const read = new Map<string, readonly string[] | undefined>();
  let data: ReadonlySet<string> | undefined;
  const lookup: MemberLookup = {
    get(chain: string): readonly string[] | undefined {
      names ??= candidates(source, offset);
      if (!names.has(chain)) return undefined;
      if (!read.has(chain)) read.set(chain, namespaceNamesAt(syntax, source, offset, chain, document, names));
      return read.get(chain);
    },
    // Options that hold data, read once per request and only where a namespace's names were found.
    uncallable(chain: string): ReadonlySet<string> | undefined {
      if (!lookup.get(chain)) return undefined;
      data ??= syntax.withTree(source, (root) => dataOptions(root, source), document) ?? new Set<string>();
      return data;
    },
  };
  return lookup;
}
