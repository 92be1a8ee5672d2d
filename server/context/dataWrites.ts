// Whether a script writes keys into the data a name holds through another name (`add(df)` writing
// `frame["pt2"]`, `for frame in (train, test): frame["pt2"] = …`): there the file's keys are no list
// of what the data has, and dataNames.ts gives none. Read by Python's scopes (argparseReader.ts).
import type { Node } from 'web-tree-sitter';
import type { NamespaceReader } from './argparseReader';
import { type DataRef, refKey } from './dataKeys';

/**
 * Whether keys are written at one of `sites` (undefined: too many to read) on a name that may hold
 * the data `ref` is of where it stands: bound to it (an assignment, a `with`), a parameter some call
 * hands it (or whose calls are not all seen: `df.pipe(add_features)`), a loop over something that
 * holds it; a binding the document does not say (a global, unpacked targets) counts as one.
 * `evaluate` tells what an expression holds (dataNames.ts's reader).
 */
export function writtenThrough(reader: NamespaceReader, evaluate: (node: Node) => DataRef | undefined, ref: DataRef, sites: readonly Node[] | undefined): boolean {
  if (!sites) return true;
  const holds = (value: Node | null | undefined): boolean => {
    const other = value ? evaluate(value) : undefined;
    if (!other || other.kind !== ref.kind) return false;
    return other.kind === 'node' && ref.kind === 'node' ? other.file === ref.file : refKey(other) === refKey(ref);
  };
  return sites.some((site) => {
    const bindings = reader.bindingsAt(site.text, site);
    return !bindings || bindings.some((b) => mayHold(reader, b, holds));
  });
}

/** Whether `binding` may hold what `holds` tells: its assigned value, its `with` value, its loop's items, what calls hand it. */
function mayHold(reader: NamespaceReader, binding: Node, holds: (value: Node | null | undefined) => boolean): boolean {
  const parent = binding.parent;
  if (parent?.type === 'assignment' && parent.childForFieldName('left')?.id === binding.id) {
    let right = parent.childForFieldName('right');
    while (right?.type === 'assignment') right = right.childForFieldName('right');
    return holds(right);
  }
  if (parent?.type === 'as_pattern_target') return holds(parent.parent?.namedChildren[0]);
  if (parent?.type === 'for_statement' && parent.childForFieldName('left')?.id === binding.id) {
    // `for frame in (train, test):` as well as `for batch in tree.iterate(…)`.
    const iterable = parent.childForFieldName('right');
    return holds(iterable) || (iterable?.namedChildren.some((item) => holds(item)) ?? false);
  }
  const handed = reader.valuesHanded(binding);
  return handed === undefined || handed.some((value) => holds(value));
}
