// Job specs (*.hai-job.yaml, schema in jobSpec.schema.json): parsed with the `yaml` library so that
// every problem can point at its line, validated with Ajv, and resolved against the spec's folder.
import * as path from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { isNode, LineCounter, parseDocument } from 'yaml';
import schema from './jobSpec.schema.json';

export type BackendKind = 'local' | 'slurm-cli' | 'slurm-rest';
export const BACKENDS: readonly BackendKind[] = ['local', 'slurm-cli', 'slurm-rest'];

export interface JobResources {
  readonly gpus?: number;
  readonly gpuType?: string;
  readonly cpus?: number;
  readonly memory?: string;
  readonly time?: string;
  readonly nodes?: number;
}

export interface SlurmOptions {
  readonly partition?: string;
  readonly account?: string;
  readonly qos?: string;
  readonly gres?: string;
  readonly constraint?: string;
  readonly reservation?: string;
}

export interface JobSpec {
  readonly name: string;
  readonly description?: string;
  readonly backend?: BackendKind;
  readonly command?: string | readonly string[];
  readonly script?: string;
  readonly args?: readonly string[];
  readonly workdir?: string;
  readonly env?: Readonly<Record<string, string | number | boolean>>;
  readonly setup?: readonly string[];
  readonly resources?: JobResources;
  readonly slurm?: SlurmOptions;
  readonly outputs?: readonly string[];
  readonly metrics?: { readonly log?: 'weaver' | 'none'; readonly jsonl?: string };
  readonly hub?: { readonly model: string; readonly dataset: string };
}

/** A problem in a spec, with the 0-based line and column of the value it is about. */
export interface SpecProblem {
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export type SpecParse = { readonly ok: true; readonly spec: JobSpec } | { readonly ok: false; readonly problems: readonly SpecProblem[] };

export const SPEC_SUFFIX = '.hai-job.yaml';

let compiled: ValidateFunction<JobSpec> | undefined;
/** Compiled on first use: the module loads at activation, and most sessions never open a spec. */
const specValidator = (): ValidateFunction<JobSpec> => (compiled ??= new Ajv({ allErrors: true, strict: false }).compile<JobSpec>(schema));

/** Parses and validates a spec's text. */
export function parseJobSpec(text: string): SpecParse {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const at = (start: number, end: number): Omit<SpecProblem, 'message'> => {
    const a = lines.linePos(start);
    const b = lines.linePos(Math.max(start, end));
    return { line: a.line - 1, column: a.col - 1, endLine: b.line - 1, endColumn: b.col - 1 };
  };
  if (doc.errors.length > 0) {
    return { ok: false, problems: doc.errors.map((e) => ({ message: e.message.split('\n')[0], ...at(e.pos[0], e.pos[1]) })) };
  }
  const value: unknown = doc.toJS({ maxAliasCount: 50 });
  const validate = specValidator();
  if (validate(value)) return { ok: true, spec: value };
  const problems = relevantErrors(validate.errors ?? []).map((e) => {
    const keys = e.instancePath.split('/').slice(1).map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
    // An unknown field is pointed at where it is written, not at the object around it.
    if (e.keyword === 'additionalProperties') keys.push(String((e.params as { additionalProperty?: unknown }).additionalProperty));
    const node = doc.getIn(keys, true);
    const range = isNode(node) && node.range ? node.range : doc.contents && isNode(doc.contents) && doc.contents.range ? doc.contents.range : [0, 0];
    return { message: describe(e), ...at(range[0], range[1]) };
  });
  return { ok: false, problems };
}

/** Ajv reports every branch of a oneOf; the user needs the one that explains the mistake. */
function relevantErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const specific = errors.filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'type' && !(e.keyword === 'required' && e.schemaPath.startsWith('#/oneOf')));
  const chosen = specific.length > 0 ? specific : errors.filter((e) => !e.schemaPath.startsWith('#/oneOf') || e.keyword === 'oneOf');
  const seen = new Set<string>();
  return (chosen.length > 0 ? chosen : [...errors]).filter((e) => {
    const key = `${e.instancePath} ${describe(e)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function describe(e: ErrorObject): string {
  const where = e.instancePath ? e.instancePath.slice(1).replace(/\//g, '.') : 'the spec';
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties':
      return e.instancePath ? `${where}: unknown field "${String(p.additionalProperty)}"` : `unknown field "${String(p.additionalProperty)}"`;
    case 'required':
      return `${where}: "${String(p.missingProperty)}" is required`;
    case 'oneOf':
      return e.instancePath === '' ? 'the spec needs either "command" or "script", not both' : `${where}: ${e.message ?? 'is not valid'}`;
    case 'pattern':
      return `${where}: ${patternHint(e.instancePath)}`;
    case 'enum':
      return `${where}: must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'propertyNames':
      return `${where}: "${String(p.propertyName)}" is not a valid environment variable name`;
    default:
      return `${where}: ${e.message ?? 'is not valid'}`;
  }
}

function patternHint(pointer: string): string {
  const key = pointer.split('/').pop() ?? '';
  if (key === 'name') return "use letters, digits, '.', '_' and '-' (at most 64, starting with a letter or digit)";
  if (key === 'time') return 'use a Slurm time: minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS';
  if (key === 'memory') return 'use a number with an optional unit K, M, G or T (e.g. 16G)';
  if (/^(partition|account|qos|reservation|gpuType)$/.test(key)) return "use letters, digits, '.', '_' and '-'";
  if (key === 'gres') return "use letters, digits and '_' (e.g. gpu or npu)";
  return 'must be on one line, without NUL characters';
}

/** The job's working directory: the spec's `workdir` against the folder the spec is in. */
export function resolveWorkdir(spec: JobSpec, specPath: string): string {
  return path.resolve(path.dirname(specPath), spec.workdir ?? '.');
}

/** `foo.hai-job.yaml` → true. */
export function isSpecFile(fileName: string): boolean {
  return fileName.endsWith(SPEC_SUFFIX);
}
