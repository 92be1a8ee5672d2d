// What a class of the document lets happen to its instances that its text does not show: a decorator
// or a metaclass (its own or a base's) may replace the class or what its calls make, `__new__` and
// `__init_subclass__` may too, `__getattr__`/`__setattr__` may answer or divert any attribute, a
// property or class attribute of a name shadows what `self.name = …` keeps, and a base from elsewhere
// may do any of these. The argparse readings (argparseReader.ts, argparseAttributes.ts) trust only
// classes that do none of them.
import type { Node } from 'web-tree-sitter';
import { isBinding } from './moduleNames';

/** Bases that keep instance attributes as plain Python does (nn.Module's __setattr__ diverts parameters, modules and buffers only). */
const PLAIN_BASES = /^(object|nn\.Module|torch\.nn\.Module)$/;
/** Methods through which instances are made, or attributes set or read, otherwise. */
const INTERCEPTS = /^(__getattr__|__getattribute__|__setattr__|__delattr__|__new__|__init_subclass__|__class_getitem__)$/;
/** Statements whose blocks a class body's bindings may stand in (`if TYPE_CHECKING:`, `try:`). */
const NESTED = /^(expression_statement|if_statement|elif_clause|else_clause|try_statement|except_clause|except_group_clause|finally_clause|with_statement|for_statement|while_statement|block|decorated_definition)$/;
/** Bases followed at most (a chain of classes of the document). */
const MAX_BASES = 20;

/** The statements of a class body, those inside its if/try/with/loop blocks too (not inside its defs). */
function bodyStatements(cls: Node): Node[] {
  const out: Node[] = [];
  const visit = (n: Node | null): void => {
    if (!n) return;
    out.push(n);
    if (NESTED.test(n.type)) for (const c of n.namedChildren) visit(c);
  };
  for (const c of cls.childForFieldName('body')?.namedChildren ?? []) visit(c);
  return out;
}

/**
 * Whether the class body binds `attr` (a method, property, class attribute, an import or loop there),
 * or intercepts attributes or instance making.
 */
function bodyIntercepts(cls: Node, attr: string): boolean {
  for (const statement of bodyStatements(cls)) {
    if (statement.type === 'function_definition' || statement.type === 'class_definition') {
      if (INTERCEPTS.test(statement.childForFieldName('name')?.text ?? '')) return true;
    }
    if ((statement.type === 'assignment' || statement.type === 'augmented_assignment') && /\b__slots__\b/.test(statement.childForFieldName('left')?.text ?? '')) return true;
  }
  return attr !== '' && bindsInBody(cls, attr);
}

/** Whether a name `attr` is bound in the class body itself (its defs' and nested classes' names, not their bodies). */
function bindsInBody(cls: Node, attr: string): boolean {
  const visit = (n: Node): boolean => {
    if (n.type === 'identifier') return n.text === attr && (isBinding(n) || /import/.test(n.parent?.type ?? '') || /import/.test(n.parent?.parent?.type ?? ''));
    if (n.type === 'function_definition' || n.type === 'class_definition') {
      const name = n.childForFieldName('name');
      return name?.text === attr;
    }
    return n.namedChildren.some((c) => c !== null && visit(c));
  };
  return (cls.childForFieldName('body')?.namedChildren ?? []).some((c) => c !== null && visit(c));
}

/**
 * Whether instances of `cls` keep `attr` (none: `''`) as its own text says: no decorator, no keyword
 * among its bases (`metaclass=`), no method or assignment that intercepts, and each base plain
 * (`object`, `nn.Module`) or a class of the document (`classNamed`) that is so too.
 */
export function plainClass(cls: Node, attr: string, classNamed: (name: string) => Node | undefined, depth = 0): boolean {
  if (depth > MAX_BASES || cls.parent?.type === 'decorated_definition' || bodyIntercepts(cls, attr)) return false;
  for (const base of cls.childForFieldName('superclasses')?.namedChildren ?? []) {
    if (!base || base.type === 'comment' || PLAIN_BASES.test(base.text.replace(/\s+/g, ''))) continue;
    const found = base.type === 'identifier' ? classNamed(base.text) : undefined;
    if (!found || !plainClass(found, attr, classNamed, depth + 1)) return false;
  }
  return true;
}

/**
 * Whether the document may make an instance of `cls` other than by calling its name: `type(x)(…)`,
 * `x.__class__(…)`, `x.__init__(…)` again (not `super().__init__`), `globals()['Trainer']`, or a
 * class method of it calling its class (`cls(…)`).
 */
export function madeOtherwise(cls: Node, source: string): boolean {
  if (/\btype\s*\(\s*[\w.]+\s*\)\s*\(|__class__\s*\(|(?<!\bsuper\s*\([^()]*\))\.\s*__init__\s*\(|\b(?:globals|locals)\s*\(\s*\)/.test(source)) return true;
  for (const statement of bodyStatements(cls)) {
    if (statement.type !== 'decorated_definition' || !/@(?:\w+\.)*classmethod\b/.test(statement.text)) continue;
    const def = statement.childForFieldName('definition');
    const first = def?.childForFieldName('parameters')?.namedChildren.find((p) => p?.type === 'identifier');
    const body = def?.childForFieldName('body')?.text ?? '';
    if (!first || new RegExp(`(?<![\\w.])${first.text}\\s*(?:\\(|\\.\\s*__new__)`).test(body)) return true;
  }
  return false;
}
