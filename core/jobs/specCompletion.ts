// Completion in job spec files without a YAML extension: the keys the schema allows where the
// cursor is (top level, or inside resources / slurm / metrics / hub, found from the indentation),
// minus those already written, with the schema's descriptions; and the values of enum fields.
import schema from './jobSpec.schema.json';

export interface SpecCompletion {
  readonly label: string;
  /** What to insert: "key: " for a key, the value for a value. */
  readonly insert: string;
  readonly kind: 'key' | 'value';
  readonly documentation?: string;
}

interface SchemaNode {
  readonly properties?: Record<string, SchemaNode>;
  readonly enum?: readonly unknown[];
  readonly description?: string;
  readonly type?: string | readonly string[];
}

const root = schema as unknown as SchemaNode;

/** The object keys above `line`, from the nearest less-indented "key:" lines. */
function parentPath(lines: readonly string[], line: number, indent: number): string[] {
  const path: string[] = [];
  let want = indent;
  for (let i = line - 1; i >= 0 && want > 0; i--) {
    const m = /^(\s*)([A-Za-z_$][\w$-]*):\s*(#.*)?$/.exec(lines[i]);
    if (m && m[1].length < want) {
      path.unshift(m[2]);
      want = m[1].length;
    } else if (lines[i].trim() !== '' && !lines[i].trimStart().startsWith('#') && lines[i].length - lines[i].trimStart().length < want && !m) {
      // A less-indented line that is not a bare "key:" ends the search: we are not inside an object.
      return ['<none>'];
    }
  }
  return path;
}

export function specCompletions(text: string, line: number, character: number): SpecCompletion[] {
  const lines = text.split('\n');
  const current = (lines[line] ?? '').slice(0, character);
  // A value after "key: ".
  const valueAt = /^(\s*)([A-Za-z_$][\w$-]*):\s*(\S*)$/.exec(current);
  if (valueAt) {
    const node = nodeAt([...parentPath(lines, line, valueAt[1].length), valueAt[2]]);
    return (node?.enum ?? []).map((v) => ({ label: String(v), insert: String(v), kind: 'value' as const, documentation: node?.description }));
  }
  const keyAt = /^(\s*)([A-Za-z_$][\w$-]*)?$/.exec(current);
  if (!keyAt) return [];
  const indent = keyAt[1].length;
  const parent = parentPath(lines, line, indent);
  const node = nodeAt(parent);
  if (!node?.properties) return [];
  const present = siblingKeys(lines, line, indent);
  return Object.entries(node.properties)
    .filter(([k]) => k !== '$schema' && !present.has(k))
    .map(([k, v]) => ({ label: k, insert: v.properties ? `${k}:\n${' '.repeat(indent + 2)}` : `${k}: `, kind: 'key' as const, documentation: v.description }));
}

function nodeAt(path: readonly string[]): SchemaNode | undefined {
  let node: SchemaNode | undefined = root;
  for (const k of path) node = node?.properties?.[k];
  return node;
}

/** Keys already written at this indentation in the same block. */
function siblingKeys(lines: readonly string[], line: number, indent: number): Set<string> {
  const keys = new Set<string>();
  const scan = (from: number, step: number): void => {
    for (let i = from; i >= 0 && i < lines.length; i += step) {
      const l = lines[i];
      if (l.trim() === '' || l.trimStart().startsWith('#')) continue;
      const depth = l.length - l.trimStart().length;
      if (depth < indent) return;
      const m = /^\s*([A-Za-z_$][\w$-]*):/.exec(l);
      if (depth === indent && m) keys.add(m[1]);
    }
  };
  scan(line - 1, -1);
  scan(line + 1, 1);
  return keys;
}
