// Which names a module of the user's project has, and which names of the document being edited are
// such modules: after `clusters.` a suggestion can only go on with a name clusters.py defines
// (server/completion/memberNames.ts keeps it to them). Both are read from tree-sitter syntax trees.
// Wherever a reading could be wrong, there is no list and the model writes what it likes: a list
// that lacks a name forces wrong code, a missing list only costs the help.
import type { Node } from 'web-tree-sitter';
import type { ImportRef } from './pythonOutline';
import type { MemberLookup, MemberNames } from '../completion/memberNames';
import { escapeRegExp } from '../../core/text/escapeRegExp';

/** Attributes every module has, whatever it defines (its own and those of every object). */
const MODULE_ATTRIBUTES = [
  '__all__', '__annotations__', '__builtins__', '__cached__', '__dict__', '__doc__', '__file__', '__loader__', '__name__', '__package__', '__path__', '__spec__',
  '__class__', '__delattr__', '__dir__', '__eq__', '__format__', '__ge__', '__getattribute__', '__gt__', '__hash__', '__init__', '__init_subclass__', '__le__',
  '__lt__', '__ne__', '__new__', '__reduce__', '__reduce_ex__', '__repr__', '__setattr__', '__sizeof__', '__str__', '__subclasshook__',
];

/** Compound statements whose blocks bind module names when they stand at the top level. */
const TOP_LEVEL_BLOCKS = /^(if_statement|elif_clause|else_clause|try_statement|except_clause|except_group_clause|finally_clause|for_statement|while_statement|with_statement|block)$/;

/** A module whose text adds names in ways a reading cannot follow. */
const DYNAMIC_NAMES = /\b(globals|locals|vars)\(\)|\bexec\(|\bsys\.modules\[__name__\]|\bsetattr\(sys\.modules/;

/** Scopes of their own: a walrus inside one binds there, not in the module. */
const SCOPES = new Set(['function_definition', 'lambda', 'class_definition']);

/** The identifiers a target (`a`, `a, (b, c)`, `[*d]`) binds; attributes and subscripts bind none. */
function targetNames(node: Node | null, out: Set<string>): void {
  if (!node) return;
  if (node.type === 'identifier') out.add(node.text);
  else if (/^(pattern_list|tuple_pattern|list_pattern|list_splat_pattern|as_pattern_target|parenthesized_expression|tuple|list)$/.test(node.type)) {
    for (const child of node.namedChildren) targetNames(child, out);
  }
}

/** `a.b.c` of a dotted_name, from its identifiers (its text may hold spaces and comments). */
export function dottedName(node: Node): string {
  return node.namedChildren.filter((c) => c?.type === 'identifier').map((c) => c!.text).join('.');
}

/**
 * Collects what one top-level statement binds into `out`, and into `own` the names `from . import x`
 * binds to the package's own submodule x (an `__init__.py` that does so still leaves `pkg.x` the
 * module); false when it makes the module's names unknowable.
 */
function bind(node: Node, out: Set<string>, own: Set<string>): boolean {
  const inner = node.type === 'decorated_definition' ? node.childForFieldName('definition') : node;
  if (!inner) return true;
  switch (inner.type) {
    case 'function_definition':
    case 'class_definition': {
      const name = inner.childForFieldName('name')?.text;
      if (name) out.add(name);
      return true;
    }
    case 'import_statement':
      for (const child of inner.namedChildren) {
        if (child?.type === 'aliased_import') targetNames(child.childForFieldName('alias'), out);
        else if (child?.type === 'dotted_name') targetNames(child.namedChildren[0], out);
      }
      return true;
    case 'import_from_statement': {
      const moduleNode = inner.childForFieldName('module_name');
      const fromItself = moduleNode?.type === 'relative_import' && moduleNode.text.trim() === '.';
      for (const child of inner.namedChildren) {
        if (!child || child.id === moduleNode?.id) continue;
        if (child.type === 'wildcard_import') return false;
        if (child.type === 'aliased_import') targetNames(child.childForFieldName('alias'), out);
        else if (child.type === 'dotted_name') targetNames(child.namedChildren[0], fromItself && child.namedChildren.length === 1 ? own : out);
      }
      return true;
    }
    case 'type_alias_statement': {
      // `type Vec = …` or `type Vec[T] = …` (a generic_type whose first child is the name).
      const left = inner.namedChildren[0]?.namedChildren[0] ?? null;
      targetNames(left?.type === 'generic_type' ? left.namedChildren[0] : left, out);
      return true;
    }
    case 'expression_statement':
      // `a = b = 1` nests one assignment in another's right side.
      for (let e: Node | null = inner.namedChildren[0]; e && (e.type === 'assignment' || e.type === 'augmented_assignment'); e = e.childForFieldName('right')) {
        targetNames(e.childForFieldName('left'), out);
      }
      return true;
    case 'match_statement':
      // Capture patterns bind names too; a reading of them is not worth the risk.
      return false;
    default:
      if (!TOP_LEVEL_BLOCKS.test(inner.type)) return true;
      if (inner.type === 'for_statement') targetNames(inner.childForFieldName('left'), out);
      for (const child of inner.namedChildren) {
        if (!child) continue;
        if (child.type === 'with_clause' || child.type === 'as_pattern') asTargets(child, out);
        else if (TOP_LEVEL_BLOCKS.test(child.type) || child.type === 'decorated_definition' || child.type.endsWith('_definition') || child.type.endsWith('_statement')) {
          if (!bind(child, out, own)) return false;
        }
      }
      return true;
  }
}

function asTargets(node: Node, out: Set<string>): void {
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (child.type === 'as_pattern_target') targetNames(child, out);
    else if (child.type === 'with_item' || child.type === 'as_pattern') asTargets(child, out);
  }
}

/** What a reading of a module found. */
export interface ModuleReading {
  /**
   * The names it binds at its top level, with the attributes every module has; undefined when its
   * text does not say them all: `from x import *`, a module-level `__getattr__` however bound (PEP 562,
   * lazy loaders), a top-level `match`, `globals()`, `exec(`.
   */
  readonly names: ReadonlySet<string> | undefined;
  /** A syntax error: past it the tree is a guess, so `names` may lack some (an open module being edited). */
  readonly syntaxError: boolean;
  /** Names bound only by `from . import x` (the package's own submodule x): `pkg.x` stays that module. */
  readonly ownSubmodules: ReadonlySet<string>;
}

/**
 * Reads the names a module binds at its top level: definitions, assignments, imports, loop and `with`
 * targets, in `if`/`try` blocks too, walrus targets outside functions, names its functions declare
 * `global` (see ModuleReading).
 */
export function readModule(root: Node): ModuleReading {
  const syntaxError = root.hasError;
  const own = new Set<string>();
  const none = { names: undefined, syntaxError, ownSubmodules: own };
  if (DYNAMIC_NAMES.test(root.text)) return none;
  const names = new Set<string>(MODULE_ATTRIBUTES);
  for (const child of root.namedChildren) {
    if (child && !bind(child, names, own)) return none;
  }
  for (const g of root.descendantsOfType('global_statement')) {
    for (const id of g?.namedChildren ?? []) if (id?.type === 'identifier') names.add(id.text);
  }
  for (const walrus of root.descendantsOfType('named_expression')) {
    let scope = walrus?.parent;
    while (scope && !SCOPES.has(scope.type)) scope = scope.parent;
    if (walrus && !scope) targetNames(walrus.childForFieldName('name'), names);
  }
  const ownSubmodules = new Set([...own].filter((n) => !names.has(n)));
  for (const n of own) names.add(n);
  return { names: names.has('__getattr__') ? undefined : names, syntaxError, ownSubmodules };
}

/** The names of a module read whole: undefined also past a syntax error (see readModule). */
export function moduleNames(root: Node): ReadonlySet<string> | undefined {
  const reading = readModule(root);
  return reading.syntaxError ? undefined : reading.names;
}

/** A name of the document that an import binds to a module, if it is a local one: `clusters` in `from . import clusters`. */
export interface ModuleAlias {
  /** The name, or a dotted chain that `import a.b` makes usable (`a`, `a.b`). */
  readonly chain: string;
  /** The import to resolve: the chain's module when it names one (localModules.ts says which file). */
  readonly ref: ImportRef;
  /** Names the document assigns on the module (`config.debug = True`: a module used as a namespace). */
  readonly assigned: readonly string[];
}

/**
 * The names the document's imports bind (anywhere in it), each with the import that would make it a
 * module. Left out: a name also bound by anything else (an assignment, a
 * parameter, a loop or `with` target, another import of something else: `model = model.Net()` makes
 * `model.` an object), one a star import after it may rebind, one `setattr` writes on.
 */
export function moduleAliases(root: Node): ModuleAlias[] {
  const source = root.text;
  const found = new Map<string, { ref: ImportRef; at: number } | null>();
  const add = (chain: string, ref: ImportRef, at: number): void => {
    if (!chain) return;
    const before = found.get(chain);
    // Bound twice by different imports: which one holds at the cursor is not known here.
    found.set(chain, before === undefined || (before && JSON.stringify(before.ref) === JSON.stringify(ref)) ? { ref, at: Math.max(at, before?.at ?? 0) } : null);
  };
  let lastStar = -1;
  for (const node of root.descendantsOfType(['import_statement', 'import_from_statement'])) {
    if (!node) continue;
    if (node.type === 'import_statement') {
      for (const child of node.namedChildren) {
        if (child?.type === 'aliased_import') {
          const name = child.childForFieldName('name');
          const alias = child.childForFieldName('alias')?.text;
          if (name && alias) add(alias, { level: 0, module: dottedName(name), names: [] }, node.startIndex);
        } else if (child?.type === 'dotted_name') {
          const parts = dottedName(child).split('.');
          for (let i = 1; i <= parts.length; i++) add(parts.slice(0, i).join('.'), { level: 0, module: parts.slice(0, i).join('.'), names: [] }, node.startIndex);
        }
      }
      continue;
    }
    const moduleNode = node.childForFieldName('module_name');
    if (!moduleNode) continue;
    let level = 0;
    let module = moduleNode.type === 'dotted_name' ? dottedName(moduleNode) : '';
    if (moduleNode.type === 'relative_import') {
      level = moduleNode.namedChildren.find((c) => c?.type === 'import_prefix')?.text.length ?? 0;
      const dotted = moduleNode.namedChildren.find((c) => c?.type === 'dotted_name');
      module = dotted ? dottedName(dotted) : '';
    }
    for (const child of node.namedChildren) {
      if (!child || child.id === moduleNode.id) continue;
      if (child.type === 'wildcard_import') lastStar = Math.max(lastStar, node.startIndex);
      const nameNode = child.type === 'aliased_import' ? child.childForFieldName('name') : child;
      const bound = child.type === 'aliased_import' ? child.childForFieldName('alias')?.text : nameNode ? dottedName(nameNode) : undefined;
      if (nameNode?.type === 'dotted_name' && bound) add(bound, { level, module, names: [dottedName(nameNode)] }, node.startIndex);
    }
  }
  const out: ModuleAlias[] = [];
  for (const [chain, alias] of found) {
    const head = chain.split('.')[0];
    if (!alias || alias.at < lastStar || new RegExp(`\\bsetattr\\(\\s*${escapeRegExp(head)}\\b`).test(source) || boundOtherwise(root, source, head)) continue;
    out.push({ chain, ref: alias.ref, assigned: assignedOn(root, chain) });
  }
  return out;
}

/** The names `chain.name = …` (or `+=`, an annotation, a tuple of targets) assigns in the document. */
function assignedOn(root: Node, chain: string): string[] {
  const names = new Set<string>();
  const visit = (target: Node | null): void => {
    if (!target) return;
    if (target.type === 'attribute') {
      const object = target.childForFieldName('object');
      const attribute = target.childForFieldName('attribute');
      if (object && attribute && object.text.replace(/\s+/g, '') === chain) names.add(attribute.text);
    } else if (/^(pattern_list|tuple_pattern|list_pattern|parenthesized_expression|tuple|list)$/.test(target.type)) {
      for (const child of target.namedChildren) visit(child);
    }
  };
  for (const node of root.descendantsOfType(['assignment', 'augmented_assignment'])) visit(node?.childForFieldName('left') ?? null);
  return [...names];
}

/**
 * Whether `name` is bound anywhere in `source` (the text `root` was parsed from) other than by an
 * import: a request checks the document as it is then, since bindings typed after the last reading
 * (`def evaluate(model):`) count at once. An occurrence inside a syntax error counts as a binding.
 */
export function boundOtherwise(root: Node, source: string, name: string): boolean {
  const pattern = new RegExp(`(?<![\\w.])${escapeRegExp(name)}(?!\\w)`, 'g');
  // The syntax errors' spans, read once (the line being typed usually is one).
  const errors = root.hasError ? root.descendantsOfType('ERROR').flatMap((e) => (e ? [[e.startIndex, e.endIndex] as const] : [])) : [];
  for (let m = pattern.exec(source); m; m = pattern.exec(source)) {
    // `name.attr` is a use; so is anything in a comment or a string (no identifier node there).
    if (/^\s*\./.test(source.slice(m.index + name.length, m.index + name.length + 8))) continue;
    if (errors.some(([start, end]) => m!.index >= start && m!.index < end)) return true;
    const node = root.descendantForIndex(m.index, m.index + name.length);
    if (node?.type === 'identifier' && node.text === name && isBinding(node)) return true;
  }
  return false;
}

/** Containers a target may stand in: `a, (b, name) = …`, `with f() as (a, name)`. */
const TARGET_CONTAINERS = /^(tuple|list|parenthesized_expression|pattern_list|tuple_pattern|list_pattern|list_splat_pattern)$/;

/** Whether an identifier node binds its name (a target, a parameter, a def's name, a capture), not uses it. */
export function isBinding(node: Node): boolean {
  let child = node;
  let parent = node.parent;
  while (parent && TARGET_CONTAINERS.test(parent.type)) {
    child = parent;
    parent = parent.parent;
  }
  if (!parent) return false;
  // A capture in a `case` pattern (`case clusters:`, `case [clusters, *_]:`): a one-name dotted_name there.
  if (parent.type === 'dotted_name' && parent.namedChildCount === 1) {
    for (let p: Node | null = parent.parent; p && p.type !== 'case_clause'; p = p.parent) if (p.type === 'case_pattern') return true;
    return false;
  }
  // Inside a pattern container: tuples and lists bind only as targets (checked below); patterns always do.
  if (child !== node && /^(pattern_list|tuple_pattern|list_pattern|list_splat_pattern)$/.test(child.type) && parent.type !== 'assignment') return true;
  if (/^(parameters|lambda_parameters|typed_parameter|dictionary_splat_pattern|as_pattern_target|global_statement|nonlocal_statement|case_pattern|keyword_pattern|splat_pattern)$/.test(parent.type)) return true;
  const field = (name: string): boolean => parent.childForFieldName(name)?.id === child.id;
  if (/^(assignment|augmented_assignment|for_statement|for_in_clause)$/.test(parent.type)) return field('left');
  if (/^(default_parameter|typed_default_parameter|named_expression|function_definition|class_definition)$/.test(parent.type)) return field('name');
  // `case 1 as clusters:`; `type clusters = …`; `def f[clusters]()`.
  if (parent.type === 'as_pattern') return field('alias') || parent.lastNamedChild?.id === child.id;
  if (parent.type === 'type' && parent.parent?.type === 'type_alias_statement') return parent.parent.namedChildren[0]?.id === parent.id;
  return parent.type === 'type' && parent.parent?.type === 'type_parameter';
}

/**
 * `members` as a request reads them: a chain whose first name `bound` says the document as it is now
 * binds otherwise is left out (names are read in idle time, and a binding typed since then counts), each
 * first name looked at once and only when a suggestion meets its chain.
 */
export function withoutRebound(members: MemberNames, bound: (name: string) => boolean): MemberLookup {
  const seen = new Map<string, boolean>();
  return {
    get(chain: string): readonly string[] | undefined {
      const names = members.get(chain);
      if (!names) return undefined;
      const head = chain.split('.')[0];
      let rebound = seen.get(head);
      if (rebound === undefined) seen.set(head, (rebound = bound(head)));
      return rebound ? undefined : names;
    },
  };
}
