// The bash script a job runs, written from its spec. User values reach bash only as single-quoted
// words (env values, command arguments, paths); the spec's `setup` lines and a string `command` are
// shell code by definition and are written as they are, each on its own line (the schema forbids
// line breaks in them, so one field cannot smuggle in another).
import * as path from 'node:path';
import { LocalizedError, type Message, msg } from '../text/message';
import { shellJoin, shellQuote } from '../text/shellQuote';
import { type JobSpec, problemList, validateJobSpec } from './jobSpec';

export interface ScriptOptions {
  readonly spec: JobSpec;
  readonly workdir: string;
  /** Extra variables set by the backend (CUDA_VISIBLE_DEVICES for the local runner). */
  readonly extraEnv?: Readonly<Record<string, string>>;
}

/** A spec that does not pass the schema: nothing is written or run for it. */
export class InvalidSpecError extends LocalizedError {
  constructor(
    jobName: string,
    readonly problems: readonly Message[],
  ) {
    super(
      jobName
        ? msg('The job spec {0} is not valid: {1}. Fix the spec (*.hai-job.yaml) and submit it again.', jobName, problemList(problems))
        : msg('The job spec is not valid: {0}. Fix the spec (*.hai-job.yaml) and submit it again.', problemList(problems)),
    );
  }
}

const PYTHON_PROGRAMS = new Set(['python', 'python3']);

/** The command line the job ends with: `exec` so that the job's exit code and signals are the program's. */
export function commandLine(spec: JobSpec): string {
  if (spec.script !== undefined) return `exec bash ${shellJoin([spec.script, ...(spec.args ?? [])])}`;
  if (Array.isArray(spec.command)) {
    const [program, ...rest] = spec.command as readonly string[];
    // `exec` looks programs up on PATH only, past the shell functions that stand for the interpreter.
    if (spec.python !== undefined && PYTHON_PROGRAMS.has(program)) return `exec "$HAI_PYTHON"${rest.length > 0 ? ` ${shellJoin(rest)}` : ''}`;
    return `exec ${shellJoin(spec.command as readonly string[])}`;
  }
  return String(spec.command);
}

/**
 * The job's script. The spec is checked against the schema here too, whatever the caller did: a
 * stored or hand-built spec reaches bash only when it is one that a spec file could hold.
 */
export function jobScript(o: ScriptOptions): string {
  const checked = validateJobSpec(o.spec);
  if (!checked.ok) throw new InvalidSpecError(typeof (o.spec as { name?: unknown } | undefined)?.name === 'string' ? String(o.spec.name) : '', checked.problems);
  const spec = checked.spec;
  const lines = [
    '#!/bin/bash',
    `# Job ${spec.name}, written by HAI for VS Code. Edit the spec (*.hai-job.yaml), not this file.`,
    `cd -- ${shellQuote(o.workdir)} || { echo "HAI: cannot enter the working directory" >&2; exit 1; }`,
  ];
  const env = { ...Object.fromEntries(Object.entries(spec.env ?? {}).map(([k, v]) => [k, String(v)])), ...(o.extraEnv ?? {}) };
  for (const [k, v] of Object.entries(env)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) throw new LocalizedError(msg('"{0}" is not a valid environment variable name', k));
    lines.push(`export ${k}=${shellQuote(v)}`);
  }
  if (spec.python !== undefined) lines.push(...pythonLines(spec.python));
  lines.push(`echo "[HAI] job ${spec.name} started on $(hostname) at $(date '+%Y-%m-%d %H:%M:%S')\${CUDA_VISIBLE_DEVICES:+, CUDA_VISIBLE_DEVICES=$CUDA_VISIBLE_DEVICES}\${HAI_PYTHON:+, Python $HAI_PYTHON}"`);
  if (spec.setup && spec.setup.length > 0) {
    // A failing setup line (a missing module, a conda env that is not there) stops the job.
    lines.push('set -e');
    for (const line of spec.setup) lines.push(oneLine(line, 'setup'));
    lines.push('set +e');
  }
  // A list command is quoted word by word (a line break inside quotes is plain text to bash).
  lines.push(typeof spec.command === 'string' ? oneLine(spec.command, 'command') : commandLine(spec));
  return lines.join('\n') + '\n';
}

/**
 * The interpreter as the job sees it: HAI_PYTHON names it; its folder comes first on PATH (as
 * activating a virtual environment does, so the environment's torchrun or pip are found); and
 * `python`/`python3` are exported bash functions calling it, so the setup lines, a string command
 * and a bash script mean it even where its folder holds only `python3` (Debian's /usr/bin). The path
 * is used as given, never resolved: a virtual environment's python is a symlink, and resolving it
 * would run the base interpreter outside the environment.
 */
function pythonLines(python: string): string[] {
  return [
    `export HAI_PYTHON=${shellQuote(python)}`,
    `[ -x "$HAI_PYTHON" ] || { echo "HAI: the Python interpreter $HAI_PYTHON is not there or not executable on $(hostname). Choose another one (Python extension, or the hai.jobs.python setting) and submit again." >&2; exit 127; }`,
    `export PATH=${shellQuote(path.posix.dirname(python))}:"$PATH"`,
    'python() { "$HAI_PYTHON" "$@"; }',
    'python3() { "$HAI_PYTHON" "$@"; }',
    'export -f python python3',
  ];
}

function oneLine(text: string, what: string): string {
  if (/[\n\r\0]/.test(text)) throw new LocalizedError(msg('the {0} must be one line without NUL characters', what));
  return text;
}
