// Which names a module of the user's project has, and which names of the document being edited are
// such modules: after `clusters.` a suggestion can only go on with a name clusters.py defines
// (server/completion/memberNames.ts keeps it to them). Both are read from tree-sitter syntax trees.
// When a module's names cannot be known from its text, or a name of the document is bound to
// something else as well, there is no list, and the model writes what it likes.
import type { Node } from 'web-tree-sitter';
import type { ImportRef } from './pythonOutline';

/** Attributes every module has, whatever it defines. */
const MODULE_ATTRIBUTES = ['__all__', '__annotations__', '__builtins__', '__cached__', '__dict__', '__doc__', '__file__', '__loader__', '__name__', '__package__', '__path__', '__spec__'];

/** Compound statements whose blocks bind module names when they stand at the top level. */
const TOP_LEVEL_BLOCKS = /^(if_statement|elif_clause|else_clause|try_statement|except_clause|finally_clause|for_statement|while_statement|with_statement|block)$/;

/** A module whose text adds names in ways a reading cannot follow (`globals()[k] = v`, `vars()`, `sys.modules[__name__]`). */
const DYNAMIC_NAMES = /\bglobals\(\)|\bvars\(\)|\bsys\.modules\[__name__\]|\bsetattr\(sys\.modules/;

/** The identifiers a target (`a`, `a, (b, c)`, `[*d]`) binds; attributes and subscripts bind none. */
function targetNames(node: Node | null, out: Set<string>): void {
  if (!node) return;
  if (node.type === 'identifier') out.add(node.text);
  else if (/^(pattern_list|tuple_pattern|list_pattern|list_splat_pattern|as_pattern_target|parenthesized_expression|tuple|list)$/.test(node.type)) {
    for (const child of node.namedChildren) targetNames(child, out);
  }
}

/** Collects what one top-level statement binds; false when it makes the module's names unknowable. */
function bind(node: Node, out: Set<string>): boolean {
  const inner = node.type === 'decorated_definition' ? node.childForFieldName('definition') : node;
  if (!inner) return true;
  switch (inner.type) {
    case 'function_definition':
    case 'class_definition': {
      const name = inner.childForFieldName('name')?.text;
      // A module-level __getattr__ answers for names it never defines (PEP 562).
      if (name === '__getattr__') return false;
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
      for (const child of inner.namedChildren) {
        if (!child || child.id === moduleNode?.id) continue;
        if (child.type === 'wildcard_import') return false;
        if (child.type === 'aliased_import') targetNames(child.childForFieldName('alias'), out);
        else if (child.type === 'dotted_name') targetNames(child.namedChildren[0], out);
      }
      return true;
    }
    case 'type_alias_statement':
      targetNames(inner.namedChildren[0]?.namedChildren[0] ?? null, out);
      return true;
    case 'expression_statement':
      // `a = b = 1` nests one assignment in another's right side.
      for (let e: Node | null = inner.namedChildren[0]; e && (e.type === 'assignment' || e.type === 'augmented_assignment'); e = e.childForFieldName('right')) {
        targetNames(e.childForFieldName('left'), out);
      }
      return true;
    default:
      if (!TOP_LEVEL_BLOCKS.test(inner.type)) return true;
      if (inner.type === 'for_statement') targetNames(inner.childForFieldName('left'), out);
      for (const child of inner.namedChildren) {
        if (!child) continue;
        if (child.type === 'with_clause' || child.type === 'as_pattern') collectAsTargets(child, out);
        else if (TOP_LEVEL_BLOCKS.test(child.type) || child.type === 'decorated_definition' || child.type.endsWith('_definition') || child.type.endsWith('_statement')) {
          if (!bind(child, out)) return false;
        }
      }
      // `except E as err` binds err.
      if (inner.type === 'except_clause') collectAsTargets(inner, out);
      return true;
  }
}

function collectAsTargets(node: Node, out: Set<string>): void {
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (child.type === 'as_pattern_target') targetNames(child, out);
    else if (child.type === 'with_item' || child.type === 'as_pattern') collectAsTargets(child, out);
  }
}

/**
 * The names a module binds at its top level (definitions, assignments, imports, loop and `with`
 * targets, in `if`/`try` blocks too, and names its functions declare `global`), with the attributes
 * every module has; undefined when its text does not say them all (`from x import *`, a module-level
 * `__getattr__`, `globals()`).
 */
export function moduleNames(root: Node): Set<string> | undefined {
  if (DYNAMIC_NAMES.test(root.text)) return undefined;
  const names = new Set<string>(MODULE_ATTRIBUTES);
  for (const child of root.namedChildren) {
    if (child && !bind(child, names)) return undefined;
  }
  for (const g of root.descendantsOfType('global_statement')) {
    for (const id of g?.namedChildren ?? []) if (id?.type === 'identifier') names.add(id.text);
  }
  return names;
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
 * module. A name also bound by anything else (an assignment, a parameter, a loop variable, another
 * import of something else) is left out: `model = model.Net()` makes `model.` mean an object.
 */
export function moduleAliases(root: Node): ModuleAlias[] {
  const found = new Map<string, ModuleAlias | null>();
  const add = (chain: string, ref: ImportRef): void => {
    const before = found.get(chain);
    // Bound twice by different imports: which one holds at the cursor is not known here.
    found.set(chain, before === undefined || (before && JSON.stringify(before.ref) === JSON.stringify(ref)) ? { chain, ref, assigned: [] } : null);
  };
  for (const node of root.descendantsOfType(['import_statement', 'import_from_statement'])) {
    if (!node) continue;
    if (node.type === 'import_statement') {
      for (const child of node.namedChildren) {
        if (child?.type === 'aliased_import') {
          const name = child.childForFieldName('name')?.text;
          const alias = child.childForFieldName('alias')?.text;
          if (name && alias) add(alias, { level: 0, module: name, names: [] });
        } else if (child?.type === 'dotted_name') {
          const parts = child.text.split('.');
          for (let i = 1; i <= parts.length; i++) add(parts.slice(0, i).join('.'), { level: 0, module: parts.slice(0, i).join('.'), names: [] });
        }
      }
      continue;
    }
    const moduleNode = node.childForFieldName('module_name');
    if (!moduleNode) continue;
    let level = 0;
    let module = moduleNode.text;
    if (moduleNode.type === 'relative_import') {
      level = moduleNode.namedChildren.find((c) => c?.type === 'import_prefix')?.text.length ?? 0;
      module = moduleNode.namedChildren.find((c) => c?.type === 'dotted_name')?.text ?? '';
    }
    for (const child of node.namedChildren) {
      if (!child || child.id === moduleNode.id) continue;
      const nameNode = child.type === 'aliased_import' ? child.childForFieldName('name') : child;
      const bound = child.type === 'aliased_import' ? child.childForFieldName('alias')?.text : nameNode?.text;
      if (nameNode?.type === 'dotted_name' && bound) add(bound, { level, module, names: [nameNode.text] });
    }
  }
  const source = root.text;
  const out: ModuleAlias[] = [];
  for (const [chain, alias] of found) {
    if (alias && !boundOtherwise(root, source, chain.split('.')[0])) out.push({ ...alias, assigned: assignedOn(source, chain) });
  }
  return out;
}

/** The names `chain.name = …` (or `+=` and the like) assigns in the text. */
function assignedOn(source: string, chain: string): string[] {
  const pattern = new RegExp(`(?<![\\w.])${chain.replace(/\./g, '\\.')}\\.([A-Za-z_]\\w*)\\s*(?:[-+*/%&|^@]|//|<<|>>|\\*\\*)?=(?!=)`, 'g');
  return [...new Set([...source.matchAll(pattern)].map((m) => m[1]))];
}

/** Whether `name` is bound anywhere in the document other than by an import. */
function boundOtherwise(root: Node, source: string, name: string): boolean {
  const pattern = new RegExp(`(?<![\\w.])${name}(?!\\w)`, 'g');
  for (let m = pattern.exec(source); m; m = pattern.exec(source)) {
    // `name.attr` is a use; so is anything in a comment or a string (no identifier node there).
    if (/^\s*\./.test(source.slice(m.index + name.length, m.index + name.length + 8))) continue;
    const node = root.descendantForIndex(m.index, m.index + name.length);
    if (node?.type === 'identifier' && node.text === name && isBinding(node)) return true;
  }
  return false;
}

function isBinding(node: Node): boolean {
  const parent = node.parent;
  if (!parent) return false;
  if (/^(pattern_list|tuple_pattern|list_pattern|list_splat_pattern|dictionary_splat_pattern|parameters|lambda_parameters|typed_parameter|as_pattern_target|global_statement|nonlocal_statement)$/.test(parent.type)) return true;
  const field = (name: string): boolean => parent.childForFieldName(name)?.id === node.id;
  if (/^(assignment|augmented_assignment|for_statement|for_in_clause)$/.test(parent.type)) return field('left');
  if (/^(default_parameter|typed_default_parameter|named_expression|function_definition|class_definition)$/.test(parent.type)) return field('name');
  return false;
}
