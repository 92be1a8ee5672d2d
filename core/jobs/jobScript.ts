// The bash script a job runs, written from its spec. User values reach bash only as single-quoted
// words (env values, command arguments, paths); the spec's `setup` lines and a string `command` are
// shell code by definition and are written as they are, each on its own line (the schema forbids
// line breaks in them, so one field cannot smuggle in another).
import { shellJoin, shellQuote } from '../text/shellQuote';
import type { JobSpec } from './jobSpec';

export interface ScriptOptions {
  readonly spec: JobSpec;
  readonly workdir: string;
  /** Extra variables set by the backend (CUDA_VISIBLE_DEVICES for the local runner). */
  readonly extraEnv?: Readonly<Record<string, string>>;
}

/** The command line the job ends with: `exec` so that the job's exit code and signals are the program's. */
export function commandLine(spec: JobSpec): string {
  if (spec.script !== undefined) return `exec bash ${shellJoin([spec.script, ...(spec.args ?? [])])}`;
  if (Array.isArray(spec.command)) return `exec ${shellJoin(spec.command as readonly string[])}`;
  return String(spec.command);
}

export function jobScript(o: ScriptOptions): string {
  const { spec } = o;
  const lines = [
    '#!/bin/bash',
    `# Job ${spec.name}, written by HAI for VS Code. Edit the spec (*.hai-job.yaml), not this file.`,
    `cd -- ${shellQuote(o.workdir)} || { echo "HAI: cannot enter the working directory" >&2; exit 1; }`,
  ];
  const env = { ...Object.fromEntries(Object.entries(spec.env ?? {}).map(([k, v]) => [k, String(v)])), ...(o.extraEnv ?? {}) };
  for (const [k, v] of Object.entries(env)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) throw new Error(`"${k}" is not a valid environment variable name`);
    lines.push(`export ${k}=${shellQuote(v)}`);
  }
  lines.push(`echo "[HAI] job ${spec.name} started on $(hostname) at $(date '+%Y-%m-%d %H:%M:%S')\${CUDA_VISIBLE_DEVICES:+, CUDA_VISIBLE_DEVICES=$CUDA_VISIBLE_DEVICES}"`);
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

function oneLine(text: string, what: string): string {
  if (/[\n\r\0]/.test(text)) throw new Error(`the ${what} must be one line without NUL characters`);
  return text;
}
