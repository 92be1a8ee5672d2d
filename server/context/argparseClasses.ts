// What a class of the document lets happen to its instances that its text does not show: a decorator
// or a metaclass (its own or a base's) may replace the class or what its calls make, `__new__` and
// `__init_subclass__` may too, `__getattr__`/`__getattribute__`/`__setattr__` may answer or divert
// any attribute, a property or class attribute of a name shadows what `self.name = …` keeps, a base
// from elsewhere may do any of these, and an instance may be made or a method called on something
// else without the class's name being called. The argparse readings (argparseReader.ts,
// argparseAttributes.ts) trust a class only where its text and the document's rule these out.
import type { Node } from 'web-tree-sitter';
import { escapeRegExp } from '../../core/text/escapeRegExp';
import { isBinding } from './moduleNames';
import { identifiersNamed, imports } from './namedIdentifiers';

/** Bases that keep instance attributes as plain Python does (nn.Module's __setattr__ diverts parameters, modules and buffers only). */
const PLAIN_BASES = /^(object|nn\.Module|torch\.nn\.Module)$/;
/** Methods through which instances are made, or attributes set or read, otherwise. */
const INTERCEPTS = /^(__getattr__|__getattribute__|__setattr__|__delattr__|__new__|__init_subclass__|__class_getitem__)$/;
/** Statements whose blocks a class body's statements may stand in (`if TYPE_CHECKING:`, `try:`). */
const NESTED = /^(expression_statement|if_statement|elif_clause|else_clause|try_statement|except_clause|except_group_clause|finally_clause|with_statement|for_statement|while_statement|block|decorated_definition)$/;
/** Classes of one family (bases and subclasses in the document) followed at most. */
const MAX_FAMILY = 20;

/** What the class readings need of the document. */
export interface ClassDocument {
  readonly root: Node;
  readonly source: string;
  /** The one module-level class of the document named so, if the name is bound to nothing else. */
  classNamed(name: string): Node | undefined;
}

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

/** Whether a name `attr` is bound in the class body itself (its defs' and nested classes' names, not their bodies). */
function bindsInBody(cls: Node, attr: string): boolean {
  const visit = (n: Node): boolean => {
    if (n.type === 'identifier') return n.text === attr && (isBinding(n) || imports(n));
    if (n.type === 'function_definition' || n.type === 'class_definition') return n.childForFieldName('name')?.text === attr;
    return n.namedChildren.some((c) => c !== null && visit(c));
  };
  return (cls.childForFieldName('body')?.namedChildren ?? []).some((c) => c !== null && visit(c));
}

/** Whether the class body binds `attr` (a method, property, class attribute, an import there), or intercepts attributes or instance making. */
function bodyIntercepts(cls: Node, attr: string): boolean {
  for (const statement of bodyStatements(cls)) {
    if ((statement.type === 'function_definition' || statement.type === 'class_definition') && INTERCEPTS.test(statement.childForFieldName('name')?.text ?? '')) return true;
    if ((statement.type === 'assignment' || statement.type === 'augmented_assignment') && /\b__slots__\b/.test(statement.childForFieldName('left')?.text ?? '')) return true;
  }
  return attr !== '' && bindsInBody(cls, attr);
}

/** The bases of `cls` that are classes of the document, or undefined where one is neither that nor plain (`object`, `nn.Module`). */
function documentBases(doc: ClassDocument, cls: Node): Node[] | undefined {
  const bases: Node[] = [];
  for (const base of cls.childForFieldName('superclasses')?.namedChildren ?? []) {
    if (!base || base.type === 'comment' || PLAIN_BASES.test(base.text.replace(/\s+/g, ''))) continue;
    // A keyword among the bases (`metaclass=`) reads as no class of the document.
    const found = base.type === 'identifier' ? doc.classNamed(base.text) : undefined;
    if (!found) return undefined;
    bases.push(found);
  }
  return bases;
}

/**
 * Whether `cls` and its bases keep `attr` (none: `''`) as their text says: no decorator, no class
 * keyword (`metaclass=`), no method or assignment that intercepts, each base plain or such a class
 * of the document.
 */
export function plainClass(doc: ClassDocument, cls: Node, attr: string, depth = 0): boolean {
  if (depth > MAX_FAMILY || cls.parent?.type === 'decorated_definition' || bodyIntercepts(cls, attr)) return false;
  const bases = documentBases(doc, cls);
  return bases !== undefined && bases.every((b) => plainClass(doc, b, attr, depth + 1));
}

/** Whether `id` stands in an annotation (`trainer: Trainer`, `-> Trainer`). */
function inAnnotation(id: Node): boolean {
  for (let n = id.parent, i = 0; n && i < 6; n = n.parent, i++) if (n.type === 'type') return true;
  return false;
}

/**
 * How the document uses the class's name: its calls, and the classes of the document naming it as a
 * base; undefined for any other use (`Trainer.fit(other)`, `make = Trainer`, a tuple of classes),
 * save annotations, `isinstance`/`issubclass` and `super(Trainer, self)`.
 */
export function classUses(doc: ClassDocument, cls: Node): { readonly calls: Node[]; readonly subclasses: Node[] } | undefined {
  const name = cls.childForFieldName('name');
  if (!name) return undefined;
  const calls: Node[] = [];
  const subclasses: Node[] = [];
  for (const id of identifiersNamed(doc.root, doc.source, name.text)) {
    const parent = id.parent;
    if (id.id === name.id || inAnnotation(id)) continue;
    if (parent?.type === 'call' && parent.childForFieldName('function')?.id === id.id) calls.push(parent);
    else if (parent?.type === 'argument_list' && parent.parent?.type === 'class_definition') subclasses.push(parent.parent);
    else if (parent?.type !== 'argument_list' || !/^(isinstance|issubclass|super)$/.test(parent.parent?.childForFieldName('function')?.text ?? '')) return undefined;
  }
  return { calls, subclasses };
}

/**
 * Whether the document may make an instance of `cls` other than by calling its name: `globals()`,
 * `type(x)(…)` or `x.__class__(…)` on an instance of it (`self` in it, a name bound to a call of it),
 * a class reassigned (`x.__class__ = …`), `__init__` called again on something not a class (`super()`,
 * `nn.Module` and other capitalised names are classes), or a class method of it calling its class.
 */
export function madeOtherwise(doc: ClassDocument, cls: Node): boolean {
  const { source } = doc;
  const name = cls.childForFieldName('name')?.text ?? '';
  if (/\b(?:globals|locals)\s*\(\s*\)|__class__\s*=(?!=)/.test(source)) return true;
  const instances = new Set(['self', ...[...source.matchAll(new RegExp(`([A-Za-z_]\\w*)\\s*=\\s*${escapeRegExp(name)}\\s*\\(`, 'g'))].map((m) => m[1])]);
  const inClass = (index: number): boolean => index >= cls.startIndex && index < cls.endIndex;
  for (const m of source.matchAll(/\btype\s*\(\s*([A-Za-z_]\w*)\s*\)\s*\(|\b([A-Za-z_]\w*)\s*\.\s*__class__\s*\(/g)) {
    if (inClass(m.index) || instances.has(m[1] ?? m[2])) return true;
  }
  for (const m of source.matchAll(/([\w.]*(?:\([^()]*\))?)\s*\.\s*__init__\s*\(/g)) {
    const object = m[1].replace(/\s+/g, '');
    if (!/^super\(/.test(object) && !object.includes('.') && !(/^[A-Z]/.test(object) && object !== name)) return true;
  }
  for (const statement of bodyStatements(cls)) {
    if (statement.type !== 'decorated_definition' || !/@(?:\w+\.)*classmethod\b/.test(statement.text)) continue;
    const def = statement.childForFieldName('definition');
    const first = def?.childForFieldName('parameters')?.namedChildren.find((p) => p?.type === 'identifier');
    if (!first || new RegExp(`(?<![\\w.])${first.text}\\s*(?:\\(|\\.\\s*__new__)`).test(def?.childForFieldName('body')?.text ?? '')) return true;
  }
  return false;
}

/**
 * `cls` with its bases in the document, the classes of the document deriving from it and their bases
 * (ids): the classes whose methods see its instances as `self`. Undefined unless each is plain for `attr` and
 * its name is only called or derived from, and none is made otherwise.
 */
export function classFamily(doc: ClassDocument, cls: Node, attr: string): Set<number> | undefined {
  if (!plainClass(doc, cls, attr)) return undefined;
  const family = new Set<number>();
  const up = (c: Node): void => {
    family.add(c.id);
    for (const b of documentBases(doc, c) ?? []) if (!family.has(b.id) && family.size <= MAX_FAMILY) up(b);
  };
  up(cls);
  for (const queue = [cls]; queue.length > 0; ) {
    const c = queue.pop()!;
    const uses = classUses(doc, c);
    if (!uses || madeOtherwise(doc, c) || family.size > MAX_FAMILY) return undefined;
    for (const sub of uses.subclasses) {
      if (family.has(sub.id)) continue;
      const name = sub.childForFieldName('name')?.text ?? '';
      if (doc.classNamed(name)?.id !== sub.id || !plainClass(doc, sub, attr)) return undefined;
      // Its other bases (mixins) see its instances, and so the class's, as `self` too.
      up(sub);
      queue.push(sub);
    }
  }
  return family;
}
