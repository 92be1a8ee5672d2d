// What the job spec's schema (jobSpec.schema.json) says about one field, for the spec editor's
// completion and hover: its description (English, the key of its translation), what kind of value
// it takes, its default and allowed values, in words a user reads rather than JSON Schema's.
import { type Message, msg } from '../text/message';
import schema from './jobSpec.schema.json';

export interface SchemaNode {
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly additionalProperties?: SchemaNode | boolean;
  readonly items?: SchemaNode;
  readonly oneOf?: readonly SchemaNode[];
  readonly enum?: readonly unknown[];
  readonly description?: string;
  readonly type?: string | readonly string[];
  readonly default?: unknown;
  readonly minimum?: number;
  readonly maximum?: number;
}

const root = schema as unknown as SchemaNode;

/**
 * The schema of the value at `path` (keys, and list indexes as numbers): a list's items share one
 * schema, an `env` entry is the schema of its additional properties. Undefined where the schema
 * allows nothing (an unknown key).
 */
export function schemaNodeAt(path: readonly (string | number)[]): SchemaNode | undefined {
  let node: SchemaNode | undefined = root;
  for (const k of path) {
    if (!node) return undefined;
    if (typeof k === 'number') node = node.items ?? node.oneOf?.find((n) => n.items)?.items;
    // Own keys only: a field named "constructor" is not the object's.
    else node = (node.properties && Object.hasOwn(node.properties, k) ? node.properties[k] : undefined) ?? (typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined);
  }
  return node;
}

/** Every description in the schema: the strings the editor shows translated (the l10n test reads them). */
export function schemaDescriptions(node: SchemaNode = root): string[] {
  const own = node.description ? [node.description] : [];
  const below = [
    ...Object.values(node.properties ?? {}),
    ...(typeof node.additionalProperties === 'object' ? [node.additionalProperties] : []),
    ...(node.items ? [node.items] : []),
    ...(node.oneOf ?? []),
  ];
  return [...own, ...below.flatMap((n) => schemaDescriptions(n))];
}

export interface FieldFacts {
  /** The field as written in a spec: `resources.gpus`, `env.OMP_NUM_THREADS`, `outputs[0]`. */
  readonly name: string;
  /** English; the extension shows its translation. */
  readonly description?: string;
  /** What the field takes, its default, its allowed values: a line each. */
  readonly facts: readonly Message[];
}

/** What a hover on the field at `path` says. Undefined for a field the schema does not know. */
export function fieldFacts(path: readonly (string | number)[]): FieldFacts | undefined {
  const node = schemaNodeAt(path);
  if (!node || path.length === 0) return undefined;
  const name = path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
  // A list item is described by its list.
  const described = typeof path[path.length - 1] === 'number' ? schemaNodeAt(path.slice(0, -1)) : node;
  const facts: Message[] = [];
  const kind = kindOf(node);
  if (kind) facts.push(msg('Takes {0}', kind));
  if (node.enum) facts.push(msg('One of: {0}', node.enum.map((v) => String(v)).join(', ')));
  if (node.default !== undefined) facts.push(msg('Default: {0}', String(node.default)));
  return { name, description: described?.description, facts };
}

function kindOf(node: SchemaNode): Message | undefined {
  if (node.oneOf) {
    const kinds = node.oneOf.map(kindOf).filter((k): k is Message => k !== undefined);
    return kinds.length === 2 ? msg('{0}, or {1}', kinds[0], kinds[1]) : undefined;
  }
  const type = Array.isArray(node.type) ? node.type : node.type ? [node.type] : [];
  if (type.length > 1) return msg('text, a number or true/false');
  switch (type[0]) {
    case 'integer':
      return node.minimum !== undefined && node.maximum !== undefined ? msg('a whole number from {0} to {1}', node.minimum, node.maximum) : msg('a whole number');
    case 'string':
      return msg('text');
    case 'array':
      return msg('a list');
    case 'object':
      return node.properties ? msg('a group of fields: {0}', Object.keys(node.properties).join(', ')) : msg('names with their values');
    default:
      return undefined;
  }
}
