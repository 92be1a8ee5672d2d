// What a spec that the schema accepts can still get wrong, said in the editor before it is submitted:
// a working directory or script that is not there (the job would fail at its first line), and hub
// ids the hub does not know (the metrics view would show no reference lines), with the known ones.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { closest, distance } from 'fastest-levenshtein';
import { type Message, msg } from '../text/message';
import { type JobSpec, resolveWorkdir } from './jobSpec';
import { specDocument, valueRange } from './specCursor';

export interface SpecWarning {
  readonly text: Message;
  /** Offsets in the spec's text of the value it is about. */
  readonly start: number;
  readonly end: number;
  /** The value meant, when it is clear (a misspelt hub id): offered as a quick fix. */
  readonly replacement?: string;
}

/** The hub's ids; undefined while the catalog loads. */
export interface HubIds {
  /** Models a job trains (listed in warnings and offered by completion). */
  readonly models: ReadonlySet<string>;
  /** Other models of the hub (code models for completion): known, never suggested for a job. */
  readonly otherModels?: ReadonlySet<string>;
  readonly datasets: ReadonlySet<string>;
}

/** Known ids listed in a warning at most; the rest are counted. */
const MAX_LISTED = 12;

const listed = (ids: Iterable<string>): Message | string => {
  const all = [...ids].sort();
  return all.length > MAX_LISTED ? msg('{0} and {1} more', all.slice(0, MAX_LISTED).join(', '), all.length - MAX_LISTED) : all.join(', ');
};

/**
 * The known id a misspelt one most likely means: the nearest by edits, when it is near (a third of its
 * letters at most, and `leastEdits` always). Short names (accounts such as "ml") take 1: at 2 edits
 * "cms" would mean "ml".
 */
export function meant(id: string, known: Iterable<string>, leastEdits = 2): string | undefined {
  const candidates = [...known];
  if (candidates.length === 0) return undefined;
  const best = closest(id.toLowerCase(), candidates);
  return distance(id.toLowerCase(), best) <= Math.max(leastEdits, Math.floor(best.length / 3)) ? best : undefined;
}

async function kindOf(p: string): Promise<'file' | 'folder' | 'missing'> {
  const s = await fs.stat(p).catch(() => undefined);
  return !s ? 'missing' : s.isDirectory() ? 'folder' : 'file';
}

export interface WarningChecks {
  /** The hub's ids; undefined while its catalog loads or while one of its hubs cannot be read. */
  readonly hub?: HubIds;
  /** Whether to look at this machine's disk (not in an untrusted workspace: a path may be an automounter's). */
  readonly paths: boolean;
}

/**
 * The warnings of a valid spec at `specPath`. Paths are checked on this machine for the local and
 * sbatch backends only: a spec for slurmrestd may name the cluster's file systems, not this one's.
 */
export async function specWarnings(text: string, spec: JobSpec, specPath: string, checks: WarningChecks): Promise<SpecWarning[]> {
  const doc = specDocument(text);
  if (!doc) return [];
  const out: SpecWarning[] = [];
  const at = (keys: readonly string[], message: Message, replacement?: string): void => {
    const range = valueRange(doc, keys);
    if (range) out.push({ text: message, ...range, ...(replacement ? { replacement } : {}) });
  };
  if (checks.paths && spec.backend !== 'slurm-rest') {
    const workdir = resolveWorkdir(spec, specPath);
    const dirKind = await kindOf(workdir);
    if (dirKind === 'missing') at(['workdir'], msg('The folder {0} does not exist: the job would not start.', workdir));
    else if (dirKind === 'file') at(['workdir'], msg('{0} is a file; the working directory must be a folder.', workdir));
    else if (spec.script !== undefined) {
      const script = path.resolve(workdir, spec.script);
      const scriptKind = await kindOf(script);
      if (scriptKind === 'missing') at(['script'], msg('There is no {0}: the job would fail at once. A script is relative to the working directory ({1}).', script, workdir));
      else if (scriptKind === 'folder') at(['script'], msg('{0} is a folder, not a script.', script));
    }
  }
  const hub = checks.hub;
  if (spec.hub && hub) {
    const { model, dataset } = spec.hub;
    if (!hub.models.has(model) && !hub.otherModels?.has(model)) {
      const guess = meant(model, hub.models);
      at(['hub', 'model'], guess ? msg('The hub has no model "{0}". Did you mean "{1}"?', model, guess) : msg('The hub has no model "{0}". Its models: {1}.', model, listed(hub.models)), guess);
    }
    if (!hub.datasets.has(dataset)) {
      const guess = meant(dataset, hub.datasets);
      at(['hub', 'dataset'], guess ? msg('The hub has no dataset "{0}". Did you mean "{1}"?', dataset, guess) : msg('The hub has no dataset "{0}". Its datasets: {1}.', dataset, listed(hub.datasets)), guess);
    }
  }
  return out;
}
