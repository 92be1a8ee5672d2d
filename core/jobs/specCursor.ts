// Where in a job spec a character is: the field (its path of keys and list indexes) and whether the
// character is in its key or its value, from the `yaml` library's parse with source ranges. Used for
// hovers and to place the editor's warnings on the value they are about.
import { isMap, isNode, isPair, isScalar, isSeq, type Node, parseDocument } from 'yaml';
import { MAX_SPEC_CHARS, nestsTooDeeply } from './jobSpec';

export interface SpecSpot {
  readonly path: readonly (string | number)[];
  readonly on: 'key' | 'value';
  /** Offsets in the text of the key or value the character is in. */
  readonly start: number;
  readonly end: number;
  /** The value's text, for a scalar value. */
  readonly value?: string;
}

export type SpecDocument = ReturnType<typeof parseDocument>;

/** The parsed document, or undefined for text the spec parser itself refuses to parse (too long, too deep). */
export function specDocument(text: string): SpecDocument | undefined {
  if (text.length > MAX_SPEC_CHARS || nestsTooDeeply(text)) return undefined;
  return parseDocument(text, { prettyErrors: false, uniqueKeys: false });
}

/** The field at `offset`, or undefined between fields, in a comment, or in text that is not a spec's. */
export function specSpotAt(text: string, offset: number): SpecSpot | undefined {
  const doc = specDocument(text);
  return doc && isNode(doc.contents) ? spotIn(doc.contents, [], offset) : undefined;
}

const inside = (node: unknown, offset: number): node is Node => isNode(node) && node.range !== undefined && node.range !== null && node.range[0] <= offset && offset <= node.range[1];

function spotIn(node: Node, path: readonly (string | number)[], offset: number): SpecSpot | undefined {
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair) || !isScalar(pair.key)) continue;
      const key = String(pair.key.value);
      if (inside(pair.key, offset)) return { path: [...path, key], on: 'key', start: pair.key.range![0], end: pair.key.range![1] };
      if (inside(pair.value, offset)) return spotIn(pair.value, [...path, key], offset);
    }
    return undefined;
  }
  if (isSeq(node)) {
    for (const [i, item] of node.items.entries()) if (inside(item, offset)) return spotIn(item as Node, [...path, i], offset);
    return undefined;
  }
  if (isScalar(node) && node.range && path.length > 0) {
    return { path, on: 'value', start: node.range[0], end: node.range[1], value: node.value === null ? undefined : String(node.value) };
  }
  return undefined;
}

/** The offsets of the value at `path` (its key's when the value is empty), or undefined when the spec has no such field. */
export function valueRange(doc: SpecDocument, path: readonly string[]): { start: number; end: number } | undefined {
  const value = doc.getIn(path, true);
  if (isNode(value) && value.range && value.range[1] > value.range[0]) return { start: value.range[0], end: value.range[1] };
  const parent = path.length > 1 ? doc.getIn(path.slice(0, -1), true) : doc.contents;
  if (!isMap(parent)) return undefined;
  const pair = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === path[path.length - 1]);
  return pair && isScalar(pair.key) && pair.key.range ? { start: pair.key.range[0], end: pair.key.range[1] } : undefined;
}

/** A field's value when it is text (`workdir`, `slurm.partition`), read as the job reads it; undefined otherwise. */
export function textAt(text: string, path: readonly string[]): string | undefined {
  const value: unknown = specDocument(text)?.getIn(path);
  return typeof value === 'string' ? value : undefined;
}
