// An argparse namespace kept on an instance (`self.args = args` in `__init__`, then `self.args.lr` in
// the class's other methods), the way trainer classes of the field keep their options. After
// `self.args.`, the attribute holds one of the document's namespaces only where every write of it in
// the document says so: each one `<receiver>.args = <a namespace>` in a method of the class the cursor
// is in, with nothing else that could set it (a class attribute, a property, `setattr`, `__dict__`).
import type { Node } from 'web-tree-sitter';
import { escapeRegExp } from '../../core/text/escapeRegExp';

/** What the attribute reading asks of the document's namespace reader (argparseReader.ts). */
export interface NamespaceReading {
  holdsNamespace(node: Node): boolean;
  boundOnlyAs(name: string, at: Node, parameter: Node): boolean;
}

/** Writes of one attribute name looked at most: beyond, no list. */
const MAX_WRITES = 1000;
/** Containers of assignment targets: an attribute inside one is written with others (`self.a, self.args = …`). */
const TARGETS = /^(tuple|list|parenthesized_expression|pattern_list|tuple_pattern|list_pattern|list_splat_pattern|list_splat)$/;
/** Methods through which any attribute may be set or read otherwise. */
const DYNAMIC = /^(__getattr__|__getattribute__|__setattr__)$/;

/** A def, through its decorator if it has one, and the class whose body holds it (a method). */
function methodOf(def: Node): { readonly cls: Node; readonly decorators: readonly string[] } | undefined {
  const holder = def.parent?.type === 'decorated_definition' ? def.parent : def;
  const cls = holder.parent?.type === 'block' ? holder.parent.parent : null;
  if (cls?.type !== 'class_definition') return undefined;
  const decorators = holder === def ? [] : holder.namedChildren.filter((n) => n?.type === 'decorator').map((n) => n!.text.replace(/\s+/g, ''));
  return { cls, decorators };
}

/** The first parameter of an instance method (`self`), or undefined for a static or class method. */
function receiverOf(def: Node): Node | undefined {
  const method = methodOf(def);
  if (!method || method.decorators.some((d) => /^@(?:\w+\.)*(staticmethod|classmethod)\b/.test(d))) return undefined;
  const first = def.childForFieldName('parameters')?.namedChildren.find((p) => p?.type !== 'comment');
  const name = first?.type === 'identifier' ? first : first?.type === 'typed_parameter' ? first.namedChildren[0] : undefined;
  return name?.type === 'identifier' ? name : undefined;
}

/** The nearest def around `node`. */
function defAround(node: Node): Node | undefined {
  for (let n = node.parent; n; n = n.parent) if (n.type === 'function_definition') return n;
  return undefined;
}

/** Whether the class body binds `attr` itself, or lets attributes be set or read otherwise. */
function classSays(cls: Node, attr: string): boolean {
  for (const statement of cls.childForFieldName('body')?.namedChildren ?? []) {
    const def = statement?.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
    const name = def?.type === 'function_definition' || def?.type === 'class_definition' ? def.childForFieldName('name')?.text : undefined;
    if (name !== undefined && (name === attr || DYNAMIC.test(name))) return true;
    const assignment = statement?.type === 'expression_statement' ? statement.namedChildren[0] : null;
    if (assignment?.type === 'assignment' || assignment?.type === 'augmented_assignment') {
      if (new RegExp(`(?<![\\w.])${escapeRegExp(attr)}(?!\\w)|__slots__`).test(assignment.childForFieldName('left')?.text ?? '')) return true;
    }
  }
  return false;
}

/**
 * Whether `<receiver>.<attr>`, read at `at` (in a method whose first parameter is `receiver`), holds a
 * namespace of the document's parsers: the values written to it (each a namespace), or undefined.
 */
export function attributeNamespace(reading: NamespaceReading, root: Node, source: string, at: Node, receiver: string, attr: string): Node[] | undefined {
  const method = defAround(at);
  const self = method && receiverOf(method);
  const cls = method && methodOf(method)?.cls;
  if (!self || !cls || self.text !== receiver || !reading.boundOnlyAs(receiver, at, self) || classSays(cls, attr)) return undefined;
  const quoted = `['"]${escapeRegExp(attr)}['"]`;
  if (new RegExp(`\\bsetattr\\s*\\([^)]*${quoted}|\\b__dict__\\b|\\bvars\\s*\\(\\s*${escapeRegExp(receiver)}\\s*\\)`).test(source)) return undefined;
  const values: Node[] = [];
  let looked = 0;
  for (const m of source.matchAll(new RegExp(`(?<=\\.\\s*)${escapeRegExp(attr)}(?!\\w)`, 'g'))) {
    if (++looked > MAX_WRITES) return undefined;
    const name = root.descendantForIndex(m.index, m.index + attr.length);
    const attribute = name?.parent;
    if (name?.type !== 'identifier' || attribute?.type !== 'attribute' || attribute.childForFieldName('attribute')?.id !== name.id) continue;
    if (attribute.hasError || (attribute.parent?.type === 'ERROR')) return undefined;
    let child = attribute;
    let parent = attribute.parent;
    while (parent && TARGETS.test(parent.type)) [child, parent] = [parent, parent.parent];
    const target = (field: string) => parent?.childForFieldName(field)?.id === child.id;
    const written = parent && ((/^(assignment|augmented_assignment|for_statement|for_in_clause)$/.test(parent.type) && target('left')) || /^(as_pattern_target|delete_statement)$/.test(parent.type));
    if (!written) continue;
    // Only `<receiver>.attr = value` in an instance method of the same class, the receiver its own.
    if (child !== attribute || parent!.type !== 'assignment') return undefined;
    const object = attribute.childForFieldName('object');
    const writer = defAround(attribute);
    const writerSelf = writer && receiverOf(writer);
    if (object?.type !== 'identifier' || !writerSelf || methodOf(writer!)?.cls.id !== cls.id || object.text !== writerSelf.text) return undefined;
    if (!reading.boundOnlyAs(object.text, object, writerSelf)) return undefined;
    let value = parent!.childForFieldName('right');
    while (value?.type === 'assignment') value = value.childForFieldName('right');
    if (!value || !reading.holdsNamespace(value)) return undefined;
    values.push(value);
  }
  return values.length > 0 ? values : undefined;
}
