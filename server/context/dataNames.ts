// Which data file, and which node of it, a script's name holds at the cursor (`tree` in
// `tree = uproot.open("data/jets.root")["events"]`, `f` in `with h5py.File(path) as f:`, `events` in
// `events = tree.arrays(["Jet_Px", "Jet_Py"])`), so that inside `tree["` a suggestion keeps to the
// branches the file has (keyNames.ts). The files' keys are read in idle time (dataFiles.ts); this
// reads only the document's tree, by Python's scopes (argparseReader.ts), and only when a suggestion
// meets a subscript. Wherever the reading could be wrong, the model writes what it likes.
import * as path from 'node:path';
import type { Node } from 'web-tree-sitter';
import type { MemberLookup } from '../completion/memberNames';
import type { PythonSyntax } from '../completion/pythonSyntax';
import { NamespaceReader } from './argparseReader';
import { callArguments, literal } from './argparseOptions';
import { OptionDefaults } from './argparseDefaults';
import { writtenThrough } from './dataWrites';
import { awkwardAttributes, awkwardData } from './awkwardNames';
import { readAtCursor, unreadableAt } from './cursorTree';
import { isGlob } from './dataGlobs';
import { dataHolders, moduleAliases, splitObjectPath, writeSites, writesKeys } from './dataScriptText';
import { keyPlaceAt } from '../completion/keyNames';
import { branchesOf, childOf, type DataFileKeys, type DataFormat, type DataRef, keysOf, sameRef } from './dataKeys';

/** The calls that open a data file, by module path, and the format each reads. */
const OPENERS: Readonly<Record<string, DataFormat>> = {
  'uproot.open': 'root',
  'h5py.File': 'hdf5',
  'numpy.load': 'npz',
  'pandas.read_parquet': 'parquet',
  'pyarrow.parquet.read_table': 'parquet',
  'awkward.from_parquet': 'parquet',
  'polars.read_parquet': 'parquet',
};
/** h5py's read-only mode: in any other ("a", "r+", "w") the script may add keys. */
const H5_READ = 'r';
/** uproot's arguments that choose branches otherwise than by a list of names. */
const FILTERS = ['filter_name', 'filter_typename', 'filter_branch', 'aliases'];
/** uproot's spellings of its default library, awkward (`library="ak"`). */
const AWKWARD_LIBRARY = /^(?:ak|awkward)$/;
/** uproot's arguments that make the arrays something else than a record of the branches (`how="zip"` renames them; `report=True` yields pairs). */
const RESHAPERS = ['how', 'report'];
/** Text that reads a tree's arrays (`tree.arrays(`, `uproot.iterate(`, `uproot.concatenate(`): the only way to an awkward array of branches. */
const READS_ARRAYS = /\b(?:arrays|iterate|concatenate)\s*\(/;
/** Bindings and expressions followed at most for one name. */
const MAX_DEPTH = 24;
/** Calls of one function read at most for what they hand a parameter: beyond, no list. */
const MAX_CALLS = 200;

/** What an assignment binds the name `binding` to (`path = "x.root"`), if it is one's target. */
function assigned(binding: Node): Node | null {
  const parent = binding.parent;
  return parent?.type === 'assignment' && parent.childForFieldName('left')?.id === binding.id ? parent.childForFieldName('right') : null;
}

/**
 * A parameter's default (`def load(path="data/jets.h5")`): the file the script's author gave it,
 * taken as the one it reads; a call handing another file changes only which keys are right.
 */
function defaultOf(binding: Node): Node | null {
  const parent = binding.parent;
  return /^(default_parameter|typed_default_parameter)$/.test(parent?.type ?? '') && parent!.childForFieldName('name')?.id === binding.id ? parent!.childForFieldName('value') : null;
}

/** Reads what names hold on one document's tree; results are kept per binding while it lives. */
class DataReader {
  private depth = 0;
  private readonly known = new Map<number, DataRef | undefined>();
  /** Strings read per node: a path rebuilt from itself (`path = os.path.join(path, sub)`) is read once per binding, not once per way to it. */
  private readonly strings = new Map<number, string | undefined>();
  private readonly reader: NamespaceReader;
  /** The argparse options' defaults, where the namespaces hold them (`args.data` read as `--data`'s default). */
  private readonly options: OptionDefaults;

  constructor(
    root: Node,
    source: string,
    private readonly files: ReadonlyMap<string, DataFileKeys>,
    private readonly aliases: ReadonlyMap<string, string>,
  ) {
    this.reader = new NamespaceReader(root, source);
    this.options = new OptionDefaults(this.reader);
  }

  /** Whether keys are written at one of `sites` on a name that may hold the data `ref` is of (dataWrites.ts). */
  writtenThrough(ref: DataRef, sites: readonly Node[] | undefined): boolean {
    return writtenThrough(this.reader, (node) => this.evaluate(node), ref, sites);
  }

  /** What `name`, read where `at` stands, holds: the same data node at every binding of it there, or undefined. */
  nameRef(name: string, at: Node): DataRef | undefined {
    const bindings = this.reader.bindingsAt(name, at);
    if (!bindings || bindings.length === 0) return undefined;
    return sameRef(bindings.map((b) => this.bindingRef(b)));
  }

  private bindingRef(binding: Node): DataRef | undefined {
    if (this.known.has(binding.id)) return this.known.get(binding.id);
    this.known.set(binding.id, undefined); // a cycle reads as nothing
    const ref = this.follow(() => this.bindingValue(binding));
    this.known.set(binding.id, ref);
    return ref;
  }

  private follow<T>(read: () => T | undefined): T | undefined {
    if (this.depth >= MAX_DEPTH) return undefined;
    this.depth++;
    try {
      return read();
    } finally {
      this.depth--;
    }
  }

  /** What an assignment, a `with … as`, a loop over `iterate(…)` or a function's calls bind the name to. */
  private bindingValue(binding: Node): DataRef | undefined {
    const parent = binding.parent;
    if (parent?.type === 'assignment' && parent.childForFieldName('left')?.id === binding.id) {
      let right = parent.childForFieldName('right');
      while (right?.type === 'assignment') right = right.childForFieldName('right');
      return right ? this.evaluate(right) : undefined;
    }
    if (parent?.type === 'as_pattern_target' && parent.parent?.type === 'as_pattern' && parent.parent.parent?.type === 'with_item') {
      const value = parent.parent.namedChildren[0];
      return value ? this.evaluate(value) : undefined;
    }
    if (parent?.type === 'for_statement' && parent.childForFieldName('left')?.id === binding.id) {
      const right = parent.childForFieldName('right');
      return right?.type === 'call' ? this.recordOf(right, 'iterate') : undefined;
    }
    // A parameter (`def select(events):`): what every call of its function hands it, the same node at each.
    const handed = this.handed(binding);
    return handed ? sameRef(handed.map((value) => this.evaluate(value))) : undefined;
  }

  evaluate(node: Node): DataRef | undefined {
    return this.follow(() => {
      if (node.type === 'parenthesized_expression') return node.namedChildren.length === 1 ? this.evaluate(node.namedChildren[0]!) : undefined;
      if (node.type === 'identifier') return this.nameRef(node.text, node);
      if (node.type === 'subscript') {
        const value = node.childForFieldName('value');
        const key = literal(node.childForFieldName('subscript'));
        return value && key !== undefined ? childOf(this.evaluate(value), key) : undefined;
      }
      if (node.type !== 'call') return undefined;
      return this.recordOf(node, 'arrays') ?? this.recordOf(node, 'concatenate') ?? this.opened(node);
    });
  }

  /** The module path a call's function names (`np.load` → numpy.load), where its first name is an import of the document. */
  private callee(call: Node): string | undefined {
    const text = call.childForFieldName('function')?.text.replace(/\s+/g, '');
    if (!text || !/^[A-Za-z_][\w.]*$/.test(text)) return undefined;
    const [head, ...rest] = text.split('.');
    const module = this.aliases.get(head);
    return module ? [module, ...rest].join('.') : undefined;
  }

  /** A file a call opens (`uproot.open("jets.root:events")`, `h5py.File(path, "r")`), as read in idle time. */
  private opened(call: Node): DataRef | undefined {
    const format = OPENERS[this.callee(call) ?? ''];
    const args = format ? callArguments(call) : undefined;
    const first = args?.positional[0] ?? args?.keywords.get('file') ?? args?.keywords.get('path') ?? args?.keywords.get('source');
    const value = first ? this.stringOf(first) : undefined;
    if (!args || value === undefined) return undefined;
    if (format === 'hdf5') {
      const mode = args.positional[1] ?? args.keywords.get('mode');
      if (mode && this.stringOf(mode) !== H5_READ) return undefined;
    }
    const { file, object } = format === 'root' ? splitObjectPath(value) : { file: value, object: '' };
    // These open one file: a pattern is no file to them (only uproot's iterate and concatenate expand one).
    if (isGlob(file)) return undefined;
    const keys = this.files.get(file);
    if (!keys || keys.format !== format) return undefined;
    const ref: DataRef = { kind: 'node', file, keys, path: '' };
    if (format === 'parquet' && args.keywords.has('columns')) {
      const columns = this.stringsOf(args.keywords.get('columns')!);
      return columns ? { kind: 'record', fields: columns } : undefined;
    }
    return object ? childOf(ref, object) : ref;
  }

  /**
   * The record a tree's `arrays(…)`/`iterate(…)` reads (`method`), or uproot's `concatenate`/`iterate`
   * of `"file.root:tree"`: the branches named in its list, or all of them where it names none.
   */
  private recordOf(call: Node, method: 'arrays' | 'iterate' | 'concatenate'): DataRef | undefined {
    const fn = call.childForFieldName('function');
    const args = callArguments(call);
    if (!fn || !args) return undefined;
    let tree: DataRef | undefined;
    let listed: Node | undefined;
    // uproot's own function first: `uproot.iterate` is an attribute too, of the module.
    const moduleFunction = method !== 'arrays' && this.callee(call) === `uproot.${method}`;
    if (!moduleFunction && method !== 'concatenate' && fn.type === 'attribute' && fn.childForFieldName('attribute')?.text === method) {
      const object = fn.childForFieldName('object');
      tree = object ? this.evaluate(object) : undefined;
      listed = args.positional[0] ?? args.keywords.get('expressions');
    } else if (moduleFunction) {
      const value = args.positional[0] ?? args.keywords.get('files');
      const { file, object } = (value && this.filesOf(value)) ?? { file: '', object: '' };
      const keys = this.files.get(file);
      tree = keys?.format === 'root' && object ? childOf({ kind: 'node', file, keys, path: '' }, object) : undefined;
      listed = args.positional[1] ?? args.keywords.get('expressions');
    } else return undefined;
    const branches = branchesOf(tree);
    if (!branches || RESHAPERS.some((k) => args.keywords.has(k))) return undefined;
    // uproot's default library gives an ak.Array; `library="np"` a dict, `"pd"` a DataFrame: their keys are the same.
    const library = args.keywords.get('library');
    const awkward = !library || AWKWARD_LIBRARY.test(literal(library) ?? '');
    if (listed) {
      const fields = this.stringsOf(listed);
      return fields ? { kind: 'record', fields, awkward } : undefined;
    }
    return FILTERS.some((f) => args.keywords.has(f)) ? undefined : { kind: 'record', fields: branches, awkward };
  }

  /**
   * A string the expression surely is: a literal, a name bound only to one, what every call of its
   * function hands a parameter (its default where a call leaves it out or there is no call), an
   * argparse option's default, `os.path.join` of such.
   */
  private stringOf(node: Node): string | undefined {
    if (this.strings.has(node.id)) return this.strings.get(node.id);
    this.strings.set(node.id, undefined); // a cycle reads as no string
    const value = this.follow(() => this.stringValue(node));
    this.strings.set(node.id, value);
    return value;
  }

  private stringValue(node: Node): string | undefined {
    const value = literal(node);
    if (value !== undefined) return value;
    if (node.type === 'identifier') {
      const values: Node[] = [];
      for (const b of this.reader.bindingsAt(node.text, node) ?? []) {
        const v = assigned(b);
        // A parameter: what every call of its function hands it (`load(args.data)`), its default where one hands nothing.
        const handed = v ? [v] : this.handed(b);
        if (!handed) return undefined;
        values.push(...handed);
      }
      return this.sameString(values);
    }
    if (node.type === 'attribute') {
      // `args.data`, a namespace of the document's parser: the option's default (`--data`, `default="jets.root"`).
      const object = node.childForFieldName('object');
      const dest = node.childForFieldName('attribute')?.text;
      const defaults = object && dest && this.reader.holdsNamespace(object) && this.options.hold() ? this.options.of(dest) : undefined;
      return defaults ? this.sameString(defaults) : undefined;
    }
    if (node.type === 'call' && this.callee(node) === 'os.path.join') {
      const parts: string[] = [];
      for (const p of callArguments(node)?.positional ?? []) {
        const part = this.stringOf(p);
        if (part === undefined) return undefined;
        parts.push(part);
      }
      return parts.length > 0 ? path.posix.join(...parts) : undefined;
    }
    return undefined;
  }

  /**
   * The files uproot's `iterate`/`concatenate` read, as one path or pattern (`"data/*.root:events"`, a
   * pattern giving the keys all its files have) or a dict of one (`{"data/*.root": "events"}`).
   */
  private filesOf(node: Node): { readonly file: string; readonly object: string } | undefined {
    if (node.type === 'dictionary') {
      const pairs = node.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
      const pair = pairs.length === 1 && pairs[0].type === 'pair' ? pairs[0] : undefined;
      const file = pair?.childForFieldName('key');
      const object = pair?.childForFieldName('value');
      const written = file && object ? { file: this.stringOf(file), object: this.stringOf(object) } : undefined;
      return written?.file !== undefined && written.object !== undefined && !/[*?[]/.test(path.posix.dirname(written.file)) ? { file: written.file, object: written.object } : undefined;
    }
    const where = this.stringOf(node);
    const files = where === undefined ? undefined : splitObjectPath(where);
    // uproot expands a pattern anywhere in the path (`data[2024]/run.root` too); one is read here only in the file's name.
    return files && !/[*?[]/.test(path.posix.dirname(files.file)) ? files : undefined;
  }

  /** What every call of its function hands a parameter (its default where a call hands nothing), at most MAX_CALLS calls. */
  private handed(binding: Node): Node[] | undefined {
    const values = this.reader.argumentsOf(binding, defaultOf(binding) ?? undefined);
    return values && values.length <= MAX_CALLS ? values : undefined;
  }

  /** The one string all of `values` are; undefined where one is none or another, or there are none. */
  private sameString(values: readonly Node[]): string | undefined {
    let found: string | undefined;
    for (const v of values) {
      const text = this.stringOf(v);
      // The first that gives no string or another one ends the reading.
      if (text === undefined || (found !== undefined && text !== found)) return undefined;
      found = text;
    }
    return found;
  }

  /** The strings of a list or tuple of literals, or of a name bound only to one. */
  private stringsOf(node: Node): string[] | undefined {
    if (node.type === 'identifier') {
      const bindings = this.reader.bindingsAt(node.text, node);
      const binding = bindings?.length === 1 ? bindings[0] : undefined;
      const right = binding ? assigned(binding) : null;
      return right && right.type !== 'identifier' ? this.stringsOf(right) : undefined;
    }
    if (node.type !== 'list' && node.type !== 'tuple') return undefined;
    const items = node.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment').map((c) => literal(c));
    return items.every((s) => s !== undefined) ? (items as string[]) : undefined;
  }
}

/**
 * The lookup keyNames.ts asks at a request at `offset` in `source` (the whole document, `document` in
 * `syntax`), with `files` the keys of the data files the document names (by the path as written,
 * dataFiles.ts): `tree[` gives the keys of what `tree` holds, `tree["events"][` of its node `events`,
 * `tree.arrays([` a tree's branches. Each chain is read once per request.
 */
export function dataKeyLookup(source: string, offset: number, syntax: Pick<PythonSyntax, 'withTree'>, files: ReadonlyMap<string, DataFileKeys>, document?: string): MemberLookup | undefined {
  if (files.size === 0) return undefined;
  let aliases: Map<string, string> | undefined;
  let held: Set<string> | undefined;
  const read = new Map<string, readonly string[] | undefined>();
  let readsArrays: boolean | undefined;
  /** Per name asked (`events`), the names that hold data (fields, properties): never called. */
  const fields = new Map<string, ReadonlySet<string>>();
  /** Per name asked, its fields alone (the branches read): the columns (takenColumns.ts). */
  const columns = new Map<string, ReadonlySet<string>>();
  const lookup: MemberLookup = {
    uncallable: (chain) => (lookup.get(chain) ? fields.get(chain) : undefined),
    columns: (chain) => (lookup.get(chain) ? columns.get(chain) : undefined),
    get(chain: string): readonly string[] | undefined {
      // `events.` (the member rule asks a name) on an ak.Array of branches; `events[` for any data.
      // Only where uproot reads arrays at all: a name the model writes is asked once per request, and most hold no data.
      const attribute = /^[A-Za-z_]\w*$/.test(chain) && (readsArrays ??= READS_ARRAYS.test(source));
      if (!attribute && !chain.endsWith('[')) return undefined;
      if (!read.has(chain)) {
        aliases ??= moduleAliases(source);
        held ??= dataHolders(source);
        const record = attribute ? recordAtCursor(syntax, source, offset, chain, files, aliases, held, document) : undefined;
        if (record) fields.set(chain, awkwardData(record));
        const keys = attribute ? record : keysAtCursor(syntax, source, offset, chain, files, aliases, held, document);
        // A data file's keys and an awkward array's fields (not its own attributes) are all columns.
        if (keys) columns.set(chain, new Set(keys));
        read.set(chain, attribute ? record && awkwardAttributes(record) : keys);
      }
      return read.get(chain);
    },
  };
  return lookup;
}

const compact = (text: string): string => text.replace(/\s+/g, '');

/**
 * The expression the cursor's own key is written on: the value of the subscript it is in (`f["particles"]`
 * in `f["particles"]["de`), or for a list of branches the object whose `arrays(`/`iterate(` reads it.
 */
function heldAtCursor(node: Node, at: number, listed: boolean): Node | null {
  for (let n: Node | null = node; n; n = n.parent) {
    // The subscript whose key is the string the cursor is in (not a string somewhere inside its brackets).
    const key = n.type === 'subscript' ? n.childForFieldName('subscript') : null;
    if (!listed && key?.type === 'string' && key.startIndex < at && at <= key.endIndex) return n.childForFieldName('value');
    // Or a string of the list a subscript selects several keys with (`df[["pt", "`).
    const selects = key?.type === 'list' && key.namedChildren.some((c) => c?.type === 'string' && c.startIndex < at && at <= c.endIndex);
    if (!listed && selects) return n.childForFieldName('value');
    if (listed && n.type === 'call' && (n.childForFieldName('arguments')?.startIndex ?? Infinity) < at) {
      const fn = n.childForFieldName('function');
      return fn?.type === 'attribute' && /^(arrays|iterate)$/.test(fn.childForFieldName('attribute')?.text ?? '') ? fn.childForFieldName('object') : null;
    }
  }
  return null;
}

function keysAtCursor(syntax: Pick<PythonSyntax, 'withTree'>, source: string, offset: number, chain: string, files: ReadonlyMap<string, DataFileKeys>, aliases: ReadonlyMap<string, string>, held: ReadonlySet<string>, document?: string): readonly string[] | undefined {
  const listed = /\.(?:arrays|iterate)\(\[$/.exec(chain);
  const base = listed ? chain.slice(0, listed.index) : chain.slice(0, -1);
  const m = /^([A-Za-z_]\w*|[A-Za-z_][\w.]*\(.*\))((?:\[(?:"[^"]*"|'[^']*')\])*)$/.exec(base);
  if (!m) return undefined;
  const called = m[1].endsWith(')');
  if (!called && (!held.has(m[1]) || writesKeys(source, m[1]))) return undefined;
  const keys = [...m[2].matchAll(/\[(["'])(.*?)\1\]/g)].map((k) => k[2]);
  const lineStart = source.lastIndexOf('\n', offset - 1) + 1;
  const place = keyPlaceAt(source.slice(lineStart, offset));
  // The cursor's own key (the user's, not one the model wrote): read where the document has it, so that
  // a subscript in a docstring's text reads as none. A call (`uproot.open(path)["`) is read only there.
  const atCursor = place?.chain === chain;
  if (called && !atCursor) return undefined;
  // A key being typed with no closing quote after it yet (the editor closes it as a rule): closed
  // here, else the rest of the line reads as an unfinished string, an error over the name itself.
  const quote = place?.quote;
  const text = quote !== undefined && source[offset] !== quote ? source.slice(0, offset) + quote + source.slice(offset) : source;
  const ref = refAtCursor(syntax, text, offset, files, aliases, held, document, (reader, node, at) => {
    if (!atCursor) return keys.reduce<DataRef | undefined>((r, key) => childOf(r, key), reader.nameRef(m[1], node));
    const value = heldAtCursor(node, at, listed !== null);
    return value && compact(value.text) === compact(base) ? reader.evaluate(value) : null;
  });
  return listed ? branchesOf(ref) : keysOf(ref);
}

/**
 * After `name.` (or where a suggestion writes one): the fields of the ak.Array `name` holds where the
 * cursor is (uproot's `arrays`, `iterate`, `concatenate` in its default library), which are attributes
 * too (awkwardNames.ts); undefined for anything else (a tree, a file, a dict, a frame).
 */
function recordAtCursor(syntax: Pick<PythonSyntax, 'withTree'>, source: string, offset: number, name: string, files: ReadonlyMap<string, DataFileKeys>, aliases: ReadonlyMap<string, string>, held: ReadonlySet<string>, document?: string): readonly string[] | undefined {
  // A field written (`events["pt2"] = …`) is an attribute too: the list would lack it.
  if (!held.has(name) || writesKeys(source, name)) return undefined;
  const ref = refAtCursor(syntax, source, offset, files, aliases, held, document, (reader, node) => reader.nameRef(name, node));
  return ref?.kind === 'record' && ref.awkward ? ref.fields : undefined;
}

/**
 * What `pick` finds on the document's tree at the cursor (cursorTree.ts reads the line as finished),
 * undefined where the tree cannot say the scope or keys are written through another name that may hold
 * the same data (`add(df)` writing `frame["pt2"]`). `pick` gives null where the reading should be done
 * again on the whole statement (the cursor's subscript not where it should be).
 */
function refAtCursor(
  syntax: Pick<PythonSyntax, 'withTree'>,
  text: string,
  offset: number,
  files: ReadonlyMap<string, DataFileKeys>,
  aliases: ReadonlyMap<string, string>,
  held: ReadonlySet<string>,
  document: string | undefined,
  pick: (reader: DataReader, node: Node, at: number) => DataRef | undefined | null,
): DataRef | undefined {
  const found = readAtCursor(
    syntax,
    text,
    offset,
    (root, read, at) => {
      const node = root.descendantForIndex(Math.max(0, at - 1), at);
      if (!node) return undefined;
      if (unreadableAt(node, read.lastIndexOf('\n', at - 1) + 1)) return null;
      const reader = new DataReader(root, read, files, aliases);
      const ref = pick(reader, node, at);
      if (ref === null) return undefined;
      return { ref: ref && !reader.writtenThrough(ref, writeSites(root, read, held)) ? ref : undefined };
    },
    document,
  );
  return found?.ref;
}
