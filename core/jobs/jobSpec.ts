// Job specs (*.hai-job.yaml, schema in jobSpec.schema.json): parsed with the `yaml` library so that
// every problem can point at its line, validated with Ajv, and resolved against the spec's folder.
import * as path from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { CST, type Document, isNode, Lexer, LineCounter, parseDocument, visit } from 'yaml';
import { english, joinMessages, type Message, type MessageArg, msg } from '../text/message';
import schema from './jobSpec.schema.json';
import { schemaProblem } from '../schemaProblems';

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
  readonly metrics?: { readonly log?: 'weaver' | 'none'; readonly jsonl?: string; readonly logdir?: string };
  readonly hub?: { readonly model: string; readonly dataset: string };
  /** The Python interpreter the job runs with (absolute path); filled in from the workspace when a spec is submitted. */
  readonly python?: string;
}

/**
 * A problem in a spec, with the 0-based line and column of the value it is about: `message` in
 * English, `text` to show it translated (absent where the words are yaml's own).
 */
export interface SpecProblem {
  readonly message: string;
  readonly text?: Message;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export type SpecParse = { readonly ok: true; readonly spec: JobSpec } | { readonly ok: false; readonly problems: readonly SpecProblem[] };

export const SPEC_SUFFIX = '.hai-job.yaml';

type Place = Omit<SpecProblem, 'message' | 'text'>;

function specProblem(text: Message | string, place: Place): SpecProblem {
  return typeof text === 'string' ? { message: text, ...place } : { message: english(text), text, ...place };
}

/** A spec's problems as one message, "a; b; c", each translated. */
export function problemList(problems: readonly Message[]): Message | string {
  return joinMessages(problems);
}

let compiled: ValidateFunction<JobSpec> | undefined;
/** Compiled on first use: the module loads at activation, and most sessions never open a spec. */
// verbose: each error carries the value it is about, so that a field left empty is told from one of the wrong type.
const specValidator = (): ValidateFunction<JobSpec> => (compiled ??= new Ajv({ allErrors: true, strict: false, verbose: true }).compile<JobSpec>(schema));

/** A spec is a few lines; anything far larger is refused before parsing so that reading it stays quick. */
export const MAX_SPEC_CHARS = 1_000_000;
/** How often one anchor may be used: a spec needs a handful, an alias bomb needs thousands. */
const MAX_ALIAS_COUNT = 50;
/**
 * Nesting limits checked before yaml sees the text. yaml composes recursively: a few thousand levels
 * overflow the stack, and a second such parse in the same process has been seen to end it with a
 * fatal V8 error (no exception to catch), which would take the extension host down.
 */
const MAX_FLOW_DEPTH = 100;
const MAX_BLOCK_PREFIX = 200;
const SCALAR = CST.SCALAR;

/**
 * Whether the text nests deeper than any spec does. Flow nesting is counted on yaml's own lexer,
 * which is a loop, not a recursion, and reads quotes ('' inside '…', \" inside "…"), comments and
 * block scalars exactly as the parser will: a hand-written scanner that guesses where a quoted
 * string ends can be made to count a `]` inside one as a closing bracket (`['a''b]', ` repeated
 * thousands of times), and then yaml overflows its stack. Block nesting has no brackets; it is
 * bounded by the indentation and compact indicators ("- - - x", "? ") at the start of each line.
 */
export function nestsTooDeeply(text: string): boolean {
  let lineStart = true;
  let prefix = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') {
      lineStart = true;
      prefix = 0;
    } else if (lineStart) {
      // Indentation and compact block indicators each add a level at most.
      if (c === ' ' || c === '\t' || c === '-' || c === '?' || c === ':') {
        if (++prefix > MAX_BLOCK_PREFIX) return true;
      } else lineStart = false;
    }
  }
  let depth = 0;
  let scalar = false;
  for (const token of new Lexer().lex(text)) {
    // The token after the scalar marker is the scalar's text, whatever brackets it holds.
    if (scalar) scalar = false;
    else if (token === SCALAR) scalar = true;
    else if (token === '[' || token === '{') {
      if (++depth > MAX_FLOW_DEPTH) return true;
    } else if ((token === ']' || token === '}') && depth > 0) depth--;
    // A flow collection ended early by an error (FLOW_END, a dedent) is not subtracted: counting
    // too deep only refuses a document that has errors anyway, counting too shallow would let one through.
  }
  return false;
}

/**
 * Checks a spec that is already a value (a stored record's spec, one built by a flow) against the
 * schema. Returns the spec or the problems as messages; never throws.
 */
export function validateJobSpec(value: unknown): { readonly ok: true; readonly spec: JobSpec } | { readonly ok: false; readonly problems: readonly Message[] } {
  try {
    const validate = specValidator();
    if (validate(value)) return { ok: true, spec: value };
    return { ok: false, problems: relevantErrors(validate.errors ?? []).map(describe) };
  } catch (err) {
    return { ok: false, problems: [msg('the spec could not be checked: {0}', err instanceof Error ? err.message : String(err))] };
  }
}

/**
 * Parses and validates a spec's text. Never throws, whatever the text: a spec's problems are shown
 * as diagnostics, and an exception here would escape into the editor's event handlers.
 */
export function parseJobSpec(text: string): SpecParse {
  try {
    return parseChecked(text);
  } catch (err) {
    return { ok: false, problems: [specProblem(msg('the spec could not be read: {0}', err instanceof Error ? err.message : String(err)), START)] };
  }
}

/** Where a problem of the whole text is shown: its first character. */
const START: Place = { line: 0, column: 0, endLine: 0, endColumn: 1 };

function parseChecked(text: string): SpecParse {
  if (text.length > MAX_SPEC_CHARS) {
    return { ok: false, problems: [specProblem(msg('the spec is {0} characters long; a job spec has at most {1}', text.length.toLocaleString('en'), MAX_SPEC_CHARS.toLocaleString('en')), START)] };
  }
  if (nestsTooDeeply(text)) {
    return { ok: false, problems: [specProblem(msg('the spec is nested too deeply: a job spec needs a few levels (at most {0} brackets and {1} columns of indentation)', MAX_FLOW_DEPTH, MAX_BLOCK_PREFIX), START)] };
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const at = (start: number, end: number): Place => {
    const a = lines.linePos(start);
    const b = lines.linePos(Math.max(start, end));
    return { line: a.line - 1, column: a.col - 1, endLine: b.line - 1, endColumn: b.col - 1 };
  };
  if (doc.errors.length > 0) {
    return { ok: false, problems: doc.errors.map((e) => specProblem(yamlMessage(e.message), at(e.pos[0], e.pos[1]))) };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    // yaml refuses to expand an alias bomb (a ReferenceError); say so where the first alias is.
    const range = firstAliasRange(doc) ?? [0, 0];
    const message = /alias/i.test(String(err))
      ? msg('too many aliases: an anchor may be used at most {0} times; write the values out instead', MAX_ALIAS_COUNT)
      : msg('the spec could not be read: {0}', err instanceof Error ? err.message : String(err));
    return { ok: false, problems: [specProblem(message, at(range[0], range[1]))] };
  }
  const validate = specValidator();
  if (validate(value)) return { ok: true, spec: value };
  const problems = relevantErrors(validate.errors ?? []).map((e) => {
    const keys = e.instancePath.split('/').slice(1).map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
    // An unknown field is pointed at where it is written, not at the object around it.
    if (e.keyword === 'additionalProperties') keys.push(String((e.params as { additionalProperty?: unknown }).additionalProperty));
    const node = doc.getIn(keys, true);
    const range = isNode(node) && node.range ? node.range : doc.contents && isNode(doc.contents) && doc.contents.range ? doc.contents.range : [0, 0];
    return specProblem(describe(e), at(range[0], range[1]));
  });
  // In the order of the text: a notice names the first, and the editor's list reads top down.
  problems.sort((a, b) => a.line - b.line || a.column - b.column);
  return { ok: false, problems };
}

/** yaml's first line of a message (its own words), with its stack overflow on deep nesting said in the user's terms. */
function yamlMessage(message: string): Message | string {
  const first = message.split('\n')[0];
  return /call stack/i.test(first) ? msg('the spec is nested too deeply') : first;
}

function firstAliasRange(doc: Document): readonly [number, number] | undefined {
  let found: readonly [number, number] | undefined;
  visit(doc, {
    Alias(_key, node) {
      if (node.range) found = [node.range[0], node.range[1]];
      return visit.BREAK;
    },
  });
  return found;
}

/** Ajv reports every branch of a oneOf; the user needs the one that explains the mistake. */
function relevantErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  // A value that matches none of a oneOf's alternatives fails each of them ("must be string", "must be
  // array"): those say nothing a user can act on. A type error of a plain field does.
  const specific = errors.filter((e) => e.keyword !== 'oneOf' && !(e.keyword === 'type' && e.schemaPath.includes('/oneOf/')) && !(e.keyword === 'required' && e.schemaPath.startsWith('#/oneOf')));
  const chosen = specific.length > 0 ? specific : errors.filter((e) => !e.schemaPath.startsWith('#/oneOf') || e.keyword === 'oneOf');
  const seen = new Set<string>();
  return (chosen.length > 0 ? chosen : [...errors]).filter((e) => {
    const key = `${e.instancePath} ${english(describe(e))}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** One schema error in the user's terms; field names and values are arguments, Ajv's own words too. */
function describe(e: ErrorObject): Message {
  const where: MessageArg = e.instancePath ? e.instancePath.slice(1).replace(/\//g, '.') : msg('the spec');
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties':
      return e.instancePath ? msg('{0}: unknown field "{1}"', where, String(p.additionalProperty)) : msg('unknown field "{0}"', String(p.additionalProperty));
    case 'required':
      return msg('{0}: "{1}" is required', where, String(p.missingProperty));
    case 'oneOf':
      if (e.instancePath !== '') return msg('{0}: {1}', where, e.message ?? msg('is not valid'));
      // Ajv names the alternatives that passed: both, or none.
      return p.passingSchemas ? msg('the spec needs either "command" or "script", not both') : msg('the spec needs a "command" to run, or a "script"');
    case 'type':
      // A key written without its value yet (YAML reads it as null), or a file with nothing in it.
      if (e.data === null || e.data === undefined) return e.instancePath ? msg('{0}: needs a value', where) : msg('the spec is empty: write its name and a command or a script (completion offers the fields)');
      return msg('{0}: {1}', where, schemaProblem(e));
    case 'pattern':
      return msg('{0}: {1}', where, patternHint(e.instancePath));
    case 'enum':
      return msg('{0}: must be one of {1}', where, (p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', '));
    case 'propertyNames':
      return msg('{0}: "{1}" is not a valid environment variable name', where, String(p.propertyName));
    default:
      return msg('{0}: {1}', where, schemaProblem(e));
  }
}

function patternHint(pointer: string): Message {
  const key = pointer.split('/').pop() ?? '';
  if (key === 'name') return msg('use letters, digits, \'.\', \'_\' and \'-\' (at most 64, starting with a letter or digit)');
  if (key === 'time') return msg('use a Slurm time: minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS');
  if (key === 'memory') return msg('use a number with an optional unit K, M, G or T (e.g. 16G)');
  if (/^(partition|account|qos|reservation|gpuType)$/.test(key)) return msg('use letters, digits, \'.\', \'_\' and \'-\'');
  if (key === 'python') return msg('use the absolute path of a Python interpreter (e.g. /home/me/venv/bin/python), on one line');
  if (key === 'gres') return msg('use letters, digits and \'_\' (e.g. gpu or npu)');
  return msg('must be on one line, without NUL characters');
}

/** The job's working directory: the spec's `workdir` against the folder the spec is in. */
export function resolveWorkdir(spec: JobSpec, specPath: string): string {
  return path.resolve(path.dirname(specPath), spec.workdir ?? '.');
}

/** `foo.hai-job.yaml` → true. */
export function isSpecFile(fileName: string): boolean {
  return fileName.endsWith(SPEC_SUFFIX);
}
