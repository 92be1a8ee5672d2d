// An argparse namespace kept on an instance (`self.args = args` in `__init__`, then `self.args.lr` in
// the class's other methods), the way trainer classes of the field keep their options. After
// `self.args.`, the attribute holds one of the document's namespaces only where every write of it in
// the document says so, each one `<receiver>.args = <a namespace>` in a method of the class the cursor
// is in; where the class or the document could set it otherwise (argparseClasses.ts, `setattr`,
// `__dict__`, `exec`), or the namespace goes whole to code not shown, there is no list.
import type { Node } from 'web-tree-sitter';
import { escapeRegExp } from '../../core/text/escapeRegExp';
import { type ClassDocument, classFamily, classUses } from './argparseClasses';
import { mayChangeNamespace } from './argparseEscapes';

/** What the attribute reading asks of the document's namespace reader (argparseReader.ts). */
export interface NamespaceReading extends ClassDocument {
  holdsNamespace(node: Node): boolean;
  boundOnlyAs(name: string, at: Node, parameter: Node): boolean;
  /** Names checked for handing on as the namespace's (an alias: `args = self.args`). */
  readonly heldNames: Set<string>;
}

/** Uses of the attribute that are not `….args.x` looked at most: beyond, no list. */
const MAX_USES = 1000;
/** Containers of assignment targets: an attribute inside one is written with others (`self.a, self.args = …`, `del a, self.args`). */
const TARGETS = /^(tuple|list|parenthesized_expression|pattern_list|tuple_pattern|list_pattern|list_splat_pattern|list_splat|expression_list)$/;

/** The class whose body holds a def (through its decorator), and its decorators' text. */
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

/** The def whose body holds `node` (not one whose header does: a default is read where the def stands). */
function defAround(node: Node): Node | undefined {
  for (let child = node, n = node.parent; n; child = n, n = n.parent) if (n.type === 'function_definition' && n.childForFieldName('body')?.id === child.id) return n;
  return undefined;
}

/** Whether the document may set or answer any attribute by a name its text does not spell (`setattr(self, k, v)`, `exec`, `__dict__`). */
function setsOtherwise(source: string, receiver: string, attr: string): boolean {
  if (/\b__dict__\b|\b__setattr__\b|\b__getattr(?:ibute)?__\b|(?<![\w.])(?:exec|eval)\s*\(/.test(source)) return true;
  if (new RegExp(`\\bvars\\s*\\(\\s*${escapeRegExp(receiver)}\\s*\\)`).test(source)) return true;
  for (const m of source.matchAll(/\bsetattr\b(\s*\(\s*[^,()]+,\s*(['"])([A-Za-z_]\w*)\2\s*,)?/g)) if (!m[1] || m[3] === attr) return true;
  return false;
}

/**
 * Whether a read of the attribute hands the namespace whole where it could be changed or kept unseen;
 * the name for a plain alias (`args = self.args`), whose own handing on is checked then.
 */
function handedWhole(use: Node): boolean | string {
  const parent = use.parent;
  const left = parent?.type === 'assignment' && parent.childForFieldName('right')?.id === use.id ? parent.childForFieldName('left') : null;
  if (left?.type === 'identifier') return left.text;
  // Kept under another name, given back, or put in a container that goes who knows where.
  if (!parent || /^(assignment|augmented_assignment|return_statement|yield|tuple|list|set|dictionary|pair|parenthesized_expression|expression_list|list_splat|dictionary_splat|lambda|conditional_expression|boolean_operator|named_expression)$/.test(parent.type)) return true;
  const holder = parent.type === 'keyword_argument' ? parent.parent : parent;
  const call = holder?.type === 'argument_list' ? holder.parent : null;
  return call?.type === 'call' && mayChangeNamespace(call);
}

/**
 * Whether `<receiver>.<attr>`, read at `at` (in a method whose first parameter is `receiver`), holds a
 * namespace of the document's parsers: it is written at least once, and every write gives one.
 */
export function attributeNamespace(reading: NamespaceReading, root: Node, source: string, at: Node, receiver: string, attr: string): boolean {
  const method = defAround(at);
  const self = method && receiverOf(method);
  const cls = method && methodOf(method)?.cls;
  if (!self || !cls || self.text !== receiver || !reading.boundOnlyAs(receiver, at, self)) return false;
  if (reading.classNamed(cls.childForFieldName('name')?.text ?? '')?.id !== cls.id || setsOtherwise(source, receiver, attr)) return false;
  // The classes whose methods see its instances as `self`: writes there count, writes on `self` of any other class do not.
  const family = classFamily(reading, cls, attr);
  if (!family) return false;
  let writes = 0;
  let looked = 0;
  // `….args.x` reads an option (or sets one: optionNames counts those); the rest is read in the tree.
  for (const m of source.matchAll(new RegExp(`(?<=\\.\\s*)${escapeRegExp(attr)}(?!\\w)(?!\\s*\\.)`, 'g'))) {
    if (++looked > MAX_USES) return false;
    const name = root.descendantForIndex(m.index, m.index + attr.length);
    if (name?.type !== 'identifier') continue; // a comment or a string
    for (let n = name.parent; n; n = n.parent) if (n.type === 'ERROR' || n.type === 'type_alias_statement') return false;
    const attribute = name.parent;
    // `import a.args`, `from .args import x`: a module's name.
    if (attribute?.type !== 'attribute' || attribute.childForFieldName('attribute')?.id !== name.id) continue;
    let child = attribute;
    let parent = attribute.parent;
    while (parent && TARGETS.test(parent.type)) [child, parent] = [parent, parent.parent];
    const target = (field: string): boolean => parent?.childForFieldName(field)?.id === child.id;
    const written = parent && ((/^(assignment|augmented_assignment|for_statement|for_in_clause)$/.test(parent.type) && target('left')) || /^(as_pattern_target|delete_statement)$/.test(parent.type));
    if (!written) {
      const handed = handedWhole(attribute);
      if (handed === true) return false;
      if (handed) reading.heldNames.add(handed);
      continue;
    }
    // Only `<receiver>.attr = value` in an instance method of the family, the receiver its own.
    const object = attribute.childForFieldName('object');
    const writer = defAround(attribute);
    const writerSelf = writer && receiverOf(writer);
    const own = object?.type === 'identifier' && writerSelf && object.text === writerSelf.text && reading.boundOnlyAs(object.text, object, writerSelf);
    const writerClass = methodOf(writer!)?.cls;
    if (own && writerClass && !family.has(writerClass.id)) {
      // Another class's own instances, as long as its methods are called on nothing else (`Other.reset(trainer)`).
      if (reading.classNamed(writerClass.childForFieldName('name')?.text ?? '')?.id !== writerClass.id || !classUses(reading, writerClass)) return false;
      continue;
    }
    if (!own || child !== attribute || parent!.type !== 'assignment') return false;
    let value = parent!.childForFieldName('right');
    while (value?.type === 'assignment') value = value.childForFieldName('right');
    if (!value || !reading.holdsNamespace(value)) return false;
    writes++;
  }
  return writes > 0;
}
