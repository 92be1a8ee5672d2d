// The attribute names the argparse parsers of a document give the namespaces they parse into, read
// from its `add_argument` calls the way argparse derives each `dest` (`--batch-size` → batch_size).
// The list may hold more names than a given namespace has (every parser of the document counts, and
// an option with default=SUPPRESS may be absent), never fewer: where a name could come from anywhere
// the document does not show, there is no list (argparseNames.ts then keeps no suggestion to it).
import type { Node } from 'web-tree-sitter';

/** What any namespace has without an option: argparse.Namespace's own attributes and every object's. */
const NAMESPACE_ATTRIBUTES = [
  '_get_args', '_get_kwargs', '__contains__', '__dict__', '__module__', '__weakref__', '__class__', '__delattr__', '__dir__', '__doc__', '__eq__', '__format__',
  '__ge__', '__getattribute__', '__gt__', '__hash__', '__init__', '__init_subclass__', '__le__', '__lt__', '__ne__', '__new__', '__reduce__', '__reduce_ex__',
  '__repr__', '__setattr__', '__sizeof__', '__str__', '__subclasshook__', '__getstate__', '__firstlineno__', '__static_attributes__',
];

/** Parser methods whose calls bring names (or might): each call of one must be read whole. */
const NAMING_METHODS = /\.\s*(add_argument|set_defaults|add_subparsers)\b/g;
/** Calls that make parsers: one built on other parsers (`parents=`) or with another prefix (`+x`) has names we cannot read. */
const PARSER_CALLS = /\b(ArgumentParser|add_parser)\s*\(/g;

/**
 * Text that lets names come from elsewhere: attributes set by name on anything but `self` or `cls`, a
 * dict of attributes written to or kept under another name (`d = vars(args)`, `o = args.__dict__`).
 */
const NAMES_FROM_ELSEWHERE = new RegExp(
  [
    String.raw`\bsetattr\s*\(\s*(?!(?:self|cls)\s*,)`,
    String.raw`\.\s*__setattr__\b`,
    String.raw`\bvars\s*\([^()]*\)\s*(?:\[|\.\s*(?:update|setdefault|pop|clear)\b|\|=)`,
    String.raw`(?<!\bself)\.__dict__\s*(?:\[|\.\s*(?:update|setdefault|pop|clear)\b|\|=|=(?!=))`,
    String.raw`^[ \t]*[A-Za-z_][\w.]*\s*=\s*(?:vars\s*\(|(?!self\b)[\w.]+\.__dict__\b)`,
  ].join('|'),
  'm',
);

/** A plain one-line string literal's value (no f-string, no escapes, no implicit concatenation). */
export function literal(node: Node | null | undefined): string | undefined {
  if (node?.type !== 'string') return undefined;
  const m = /^[rRuU]?(["'])([^"'\\\n{}]*)\1$/.exec(node.text);
  return m ? m[2] : undefined;
}

/** The keyword arguments of a call by name, or undefined when it has `*x` or `**x` (anything may be in those). */
export function callArguments(call: Node): { readonly positional: Node[]; readonly keywords: Map<string, Node> } | undefined {
  const args = call.childForFieldName('arguments');
  const positional: Node[] = [];
  const keywords = new Map<string, Node>();
  if (args?.type !== 'argument_list') return args ? undefined : { positional, keywords };
  for (const child of args.namedChildren) {
    if (!child || child.type === 'comment') continue;
    if (child.type === 'list_splat' || child.type === 'dictionary_splat') return undefined;
    if (child.type === 'keyword_argument') {
      const name = child.childForFieldName('name')?.text;
      const value = child.childForFieldName('value');
      if (!name || !value) return undefined;
      keywords.set(name, value);
    } else positional.push(child);
  }
  return { positional, keywords };
}

/** Actions that store under the option's dest, or none (help, version); a class of the user's may set any attribute. */
const KNOWN_ACTIONS = /^(store|store_const|store_true|store_false|append|append_const|extend|count|help|version)$/;

/** The dest `add_argument(…)` gives: a name, null for none (help, version), undefined when its text does not say. */
function destOf(call: Node): string | null | undefined {
  const args = callArguments(call);
  if (!args) return undefined;
  const action = args.keywords.get('action');
  if (action) {
    const name = literal(action);
    const booleanOptional = action.text.replace(/\s+/g, '') === 'argparse.BooleanOptionalAction' || action.text === 'BooleanOptionalAction';
    if (!booleanOptional && (name === undefined || !KNOWN_ACTIONS.test(name))) return undefined;
    if (name === 'help' || name === 'version') return null;
  }
  const dest = args.keywords.get('dest');
  if (dest) return literal(dest);
  const flags = args.positional.map(literal);
  if (flags.length === 0 || flags.some((f) => f === undefined)) return undefined;
  const options = flags as string[];
  if (!options[0].startsWith('-')) return options[0];
  const long = options.find((o) => o.startsWith('--')) ?? options[0];
  return long.replace(/^-+/, '').replace(/-/g, '_');
}

/** The call whose function is the attribute `.name` found at `index` (the name's first character), if it is one. */
function methodCallAt(root: Node, index: number, name: string): Node | undefined {
  const id = root.descendantForIndex(index, index + name.length);
  const attribute = id?.type === 'identifier' && id.text === name ? id.parent : null;
  if (attribute?.type !== 'attribute' || attribute.childForFieldName('attribute')?.id !== id!.id) return undefined;
  const call = attribute.parent;
  return call?.type === 'call' && call.childForFieldName('function')?.id === attribute.id ? call : undefined;
}

/**
 * The names the document's parsers give their namespaces, sorted; undefined where some could come
 * from what the document does not show (an option whose flags are not plain strings, a custom action,
 * `parents=`, `setattr`, a parser method taken without calling it).
 */
export function optionNames(root: Node, source: string): string[] | undefined {
  const calls = namingCalls(root, source);
  if (!calls) return undefined;
  const names = new Set(NAMESPACE_ATTRIBUTES);
  for (const { method, call } of calls) {
    if (method === 'add_argument') {
      const dest = destOf(call);
      if (dest === undefined) return undefined;
      if (dest !== null) names.add(dest);
      continue;
    }
    const args = callArguments(call);
    if (!args) return undefined;
    if (method === 'set_defaults') {
      for (const key of args.keywords.keys()) names.add(key);
    } else {
      const dest = args.keywords.get('dest');
      if (dest && literal(dest) === undefined) return undefined;
      if (dest) names.add(literal(dest)!);
    }
  }
  for (const name of assignedAttributes(root)) names.add(name);
  const list = [...names];
  // The rule reads ASCII names only (memberNames.ts): dropping one would forbid it.
  // eslint-disable-next-line no-control-regex
  return list.every((n) => /^[\x00-\x7f]+$/.test(n)) ? list.sort() : undefined;
}

/**
 * The calls of the document's parsers that name attributes (`add_argument`, `set_defaults`,
 * `add_subparsers`), or undefined where the names could come from what the document does not show.
 */
function namingCalls(root: Node, source: string): { readonly method: string; readonly call: Node }[] | undefined {
  if (NAMES_FROM_ELSEWHERE.test(source)) return undefined;
  for (const m of source.matchAll(PARSER_CALLS)) {
    const id = root.descendantForIndex(m.index, m.index + m[1].length);
    if (id?.type !== 'identifier') continue;
    const call = id.parent?.type === 'call' ? id.parent : id.parent?.parent;
    if (call?.type !== 'call') continue;
    const args = callArguments(call);
    if (!args || args.keywords.has('parents') || args.keywords.has('prefix_chars')) return undefined;
  }
  const calls: { method: string; call: Node }[] = [];
  for (const m of source.matchAll(NAMING_METHODS)) {
    const method = m[1];
    const id = root.descendantForIndex(m.index + m[0].length - method.length, m.index + m[0].length);
    // In a comment or a string: no identifier there.
    if (id?.type !== 'identifier') continue;
    const call = methodCallAt(root, id.startIndex, method);
    if (!call) return undefined;
    calls.push({ method, call });
  }
  return calls;
}

/** Converters that keep a path a path (`type=Path`): any other may make the default something else. */
const PATH_TYPES = /^(str|Path|pathlib\.Path)$/;

/**
 * The default values the document's options with the dest `dest` give a namespace (`--data`'s
 * `default="data/jets.root"` for `args.data`), one per option; undefined where the attribute may hold
 * anything else: an option without a default, required, of several values, with a `const`, converted,
 * set otherwise (`set_defaults`, `args.data = …`), a positional that must be given, or where the
 * document does not show all options.
 */
export function optionDefaults(root: Node, source: string, dest: string): Node[] | undefined {
  const calls = namingCalls(root, source);
  if (!calls) return undefined;
  const defaults: Node[] = [];
  for (const { method, call } of calls) {
    const args = callArguments(call);
    if (!args) return undefined;
    if (method !== 'add_argument') {
      // set_defaults(data=…), or a subparsers' dest that is (or may be) this one.
      const named = method === 'add_subparsers' ? args.keywords.get('dest') : undefined;
      if ((method === 'set_defaults' && args.keywords.has(dest)) || (named !== undefined && (literal(named) ?? dest) === dest)) return undefined;
      continue;
    }
    const named = destOf(call);
    if (named === undefined) return undefined;
    if (named !== dest) continue;
    const value = args.keywords.get('default');
    const action = args.keywords.get('action');
    const nargs = args.keywords.get('nargs');
    const type = args.keywords.get('type')?.text.replace(/\s+/g, '');
    const required = args.keywords.get('required');
    // A positional's default counts only where it may be left out (`nargs="?"`), and `const` is what a bare `--input` gives.
    const positional = !literal(args.positional[0])?.startsWith('-');
    if (!value || (action && literal(action) !== 'store') || (nargs ? literal(nargs) !== '?' : positional) || args.keywords.has('const') || (type && !PATH_TYPES.test(type)) || (required && required.text !== 'False')) return undefined;
    defaults.push(value);
  }
  return defaults.length > 0 && !assignedAttributes(root).has(dest) ? defaults : undefined;
}

/** Converters whose values are data; any other (`type=lambda s: getattr(nn, s)`) may give a function. */
const DATA_TYPES = /^(int|float|str|bool|complex|Path|pathlib\.Path)$/;

/** Whether `node` is a literal that holds data: a number, a string, a boolean, None, or a list or tuple of those. */
function dataLiteral(node: Node | null | undefined): boolean {
  if (!node) return false;
  if (/^(string|concatenated_string|integer|float|true|false|none)$/.test(node.type)) return true;
  if (node.type === 'unary_operator') return dataLiteral(node.childForFieldName('argument'));
  if (/^(list|tuple|parenthesized_expression)$/.test(node.type)) return node.namedChildren.every((c) => c !== null && (c.type === 'comment' || dataLiteral(c)));
  return false;
}

/**
 * The option names whose values are data, never a function, so that no call may follow one
 * (`args.warmup_steps(` was suggested): every `add_argument` giving the name stores what the command
 * line says, converted by no converter or a known one, with a literal default and const; a subparsers'
 * dest (its command's name). Not a name `set_defaults` gives (`set_defaults(func=train)` then
 * `args.func(args)` is argparse's way to run a subcommand) or the document assigns. Empty where the
 * document does not show every option.
 */
export function dataOptions(root: Node, source: string): Set<string> {
  const calls = namingCalls(root, source);
  if (!calls) return new Set();
  const data = new Set<string>();
  const other = new Set(assignedAttributes(root));
  for (const { method, call } of calls) {
    const args = callArguments(call);
    if (!args) return new Set();
    if (method === 'set_defaults') {
      for (const key of args.keywords.keys()) other.add(key);
      continue;
    }
    if (method === 'add_subparsers') {
      const dest = literal(args.keywords.get('dest'));
      if (dest !== undefined) data.add(dest);
      continue;
    }
    const dest = destOf(call);
    if (dest === undefined) return new Set();
    if (dest === null) continue;
    const type = args.keywords.get('type')?.text.replace(/\s+/g, '');
    const given = (key: string): boolean => !args.keywords.has(key) || dataLiteral(args.keywords.get(key));
    ((!type || DATA_TYPES.test(type)) && given('default') && given('const') ? data : other).add(dest);
  }
  return new Set([...data].filter((name) => !other.has(name)));
}

/** Containers an assignment's targets may stand in: `a.x, (b.y, c.z) = …`. */
const TARGETS = /^(pattern_list|tuple_pattern|list_pattern|parenthesized_expression|tuple|list)$/;

/**
 * Whether an attribute's dot and name stand on different lines with no backslash between: tree-sitter
 * reads a line left unfinished after a dot (`n = events.`) and the assignment below it as one
 * (`n = events.jets = …`), which Python never runs (and brackets around a target are rare).
 */
const splitAcrossLines = (attribute: Node, name: Node): boolean => {
  const object = attribute.childForFieldName('object');
  return object !== null && /(?<!\\\r?)\n/.test(attribute.text.slice(object.endIndex - attribute.startIndex, name.startIndex - attribute.startIndex));
};

/** Every attribute name the document assigns on anything (`args.device = …`, `+=`, tuples of targets). */
function assignedAttributes(root: Node): Set<string> {
  const names = new Set<string>();
  const visit = (target: Node | null): void => {
    if (target?.type === 'attribute') {
      const name = target.childForFieldName('attribute');
      if (name && !splitAcrossLines(target, name)) names.add(name.text);
    } else if (target && TARGETS.test(target.type)) {
      for (const child of target.namedChildren) visit(child);
    }
  };
  for (const node of root.descendantsOfType(['assignment', 'augmented_assignment'])) visit(node?.childForFieldName('left') ?? null);
  return names;
}
