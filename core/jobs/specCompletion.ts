// Completion in job spec files without a YAML extension: the keys the schema allows where the
// cursor is (top level, or inside resources / slurm / metrics / hub, found from the indentation),
// minus those already written, with the schema's descriptions; and the values of enum fields.
// Values that depend on the machine (paths, the hub's ids) are found by the extension from the
// field `specValueAt` names.
import { pathField } from './specPaths';
import { schemaNodeAt } from './specSchema';

export interface SpecCompletion {
  readonly label: string;
  /** What to insert: "key: " for a key, the value for a value. */
  readonly insert: string;
  readonly kind: 'key' | 'value';
  /** The schema's description, in English (the extension translates it). */
  readonly documentation?: string;
  /** For a key: whether completion offers its values (enum values, files and folders, hub ids), to be shown at once. */
  readonly valuesOffered?: boolean;
}

/** Fields whose values completion offers whatever the machine: enums, paths, the hub's ids (not the cluster's, which may be out of reach). */
function offersValues(path: readonly string[]): boolean {
  const field = path.join('.');
  return Boolean(schemaNodeAt(path)?.enum) || pathField(field) !== undefined || field === 'hub.model' || field === 'hub.dataset';
}

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
  const lines = text.split(/\r?\n/);
  const current = (lines[line] ?? '').slice(0, character);
  // A value after "key: ".
  const value = specValueAt(text, line, character);
  if (value) {
    const node = schemaNodeAt(value.path);
    // Right after "key:" a value needs its space, or YAML reads "key:value" as one word.
    return (node?.enum ?? []).map((v) => ({ label: String(v), insert: `${value.spaced ? '' : ' '}${String(v)}`, kind: 'value' as const, documentation: node?.description }));
  }
  if (VALUE_AT.test(current)) return [];
  const keyAt = /^(\s*)([A-Za-z_$][\w$-]*)?$/.exec(current);
  if (!keyAt) return [];
  const indent = keyAt[1].length;
  const parent = parentPath(lines, line, indent);
  const node = schemaNodeAt(parent);
  if (!node?.properties) return [];
  const present = siblingKeys(lines, line, indent);
  return Object.entries(node.properties)
    .filter(([k]) => k !== '$schema' && !present.has(k))
    .map(([k, v]) => ({
      label: k,
      insert: v.properties ? `${k}:\n${' '.repeat(indent + 2)}` : `${k}: `,
      kind: 'key' as const,
      documentation: v.description,
      // An object's keys are offered next too: it is the same suggest list, one level in.
      valuesOffered: v.properties !== undefined || offersValues([...parent, k]),
    }));
}

/** "  key: value" up to the cursor; the value may have begun with a quote. */
const VALUE_AT = /^(\s*)([A-Za-z_$][\w$-]*):(\s*)(["']?)([^"'#]*)$/;

export interface SpecValueAt {
  /** The field's keys, e.g. ['metrics', 'logdir']. */
  readonly path: readonly string[];
  /** The value typed so far, without its opening quote. */
  readonly typed: string;
  /** The column where `typed` begins. */
  readonly start: number;
  /** The quote the value began with, if any. */
  readonly quote: '' | '"' | "'";
  /** Whether there is a space between the colon and the value. */
  readonly spaced: boolean;
}

/** The field whose value the cursor is in (on a "key: value" line), or undefined. */
export function specValueAt(text: string, line: number, character: number): SpecValueAt | undefined {
  const lines = text.split(/\r?\n/);
  const current = (lines[line] ?? '').slice(0, character);
  const m = VALUE_AT.exec(current);
  if (!m) return undefined;
  const path = [...parentPath(lines, line, m[1].length), m[2]];
  if (path.includes('<none>')) return undefined;
  return { path, typed: m[5], start: character - m[5].length, quote: m[4] as SpecValueAt['quote'], spaced: m[3].length > 0 };
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
