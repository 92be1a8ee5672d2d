// The names after `events.` on an ak.Array of a tree's branches (`events = tree.arrays()`): its own
// attributes and the fields Python can reach as one (`events.Jet_Px`). ak.Array keeps its namespace
// small on purpose (awkward's highlevel.py: "its namespace is valuable for domain-specific parameters"),
// so the list is short and a field is rarely hidden: its __getattr__ gives a field only where normal
// lookup fails, so a field named like a method (`mask`, `type`) is that method.
import { PYTHON_KEYWORDS } from '../../core/text/pythonKeywords';

/**
 * ak.Array's public attributes, awkward 2.x (highlevel.py's class Array; its bases add only
 * operators): `attrs`, `named_axis`, `positional_axis` and `cpp_type` exist only in later 2.x
 * releases. A name listed that a user's version lacks only lets a suggestion write it.
 */
const ARRAY_ATTRIBUTES = ['Mask', 'attrs', 'behavior', 'cpp_type', 'fields', 'is_tuple', 'layout', 'mask', 'named_axis', 'nbytes', 'ndim', 'numba_type', 'positional_axis', 'show', 'to_list', 'to_numpy', 'tolist', 'type', 'typestr'];

/** Python's keywords: a field so named is no attribute one can write (`events.class`); soft ones (`match`, `type`) are. */
const KEYWORDS = new Set(PYTHON_KEYWORDS);

/** ak.Array's own attributes that are functions: the rest are properties (`events.fields`, `events.mask[…]`), never called. */
const ARRAY_METHODS = new Set(['Mask', 'show', 'to_list', 'to_numpy', 'tolist']);

/** The fields of `fields` an attribute reaches: identifiers, no keyword, not named like one of ak.Array's own (that one wins). */
function attributeFields(fields: readonly string[]): string[] {
  return fields.filter((f) => /^[A-Za-z_]\w*$/.test(f) && !KEYWORDS.has(f) && !ARRAY_ATTRIBUTES.includes(f));
}

/** The names after a dot that hold data (the fields, and ak.Array's properties): no call may follow one. */
export function awkwardData(fields: readonly string[]): Set<string> {
  return new Set([...ARRAY_ATTRIBUTES.filter((a) => !ARRAY_METHODS.has(a)), ...attributeFields(fields)]);
}

/** The names after a dot on an ak.Array record of `fields`, sorted: its attributes and the fields written as ones. */
export function awkwardAttributes(fields: readonly string[]): string[] {
  return [...ARRAY_ATTRIBUTES, ...attributeFields(fields)].sort();
}
