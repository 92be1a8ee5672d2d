// What "Resubmit" submits: the spec file as it is now when it is still there, else the spec stored
// in the job's record. Both are checked again: a record is JSON in global storage that anything can
// have edited, and the file may have changed since; a spec with problems is shown, never submitted.
import type { Message } from '../text/message';
import { type JobSpec, parseJobSpec, type SpecProblem, validateJobSpec } from './jobSpec';

export type ResubmitSpec =
  | { readonly ok: true; readonly spec: JobSpec; readonly from: 'file' | 'record' }
  | { readonly ok: false; readonly from: 'file'; readonly problems: readonly SpecProblem[] }
  | { readonly ok: false; readonly from: 'record'; readonly problems: readonly Message[] }
  | { readonly ok: false; readonly from: 'none'; readonly problems: readonly [] };

/**
 * `readFile` returns the spec file's text, or undefined when it is gone. The stored spec is taken only
 * when the file is gone: a file that is there but wrong is for the user to fix, not to bypass.
 */
export function specForResubmit(record: { readonly spec?: unknown; readonly specPath?: string }, readFile: (file: string) => string | undefined): ResubmitSpec {
  const text = record.specPath ? readFile(record.specPath) : undefined;
  if (text !== undefined) {
    const parsed = parseJobSpec(text);
    return parsed.ok ? { ok: true, spec: parsed.spec, from: 'file' } : { ok: false, from: 'file', problems: parsed.problems };
  }
  if (record.spec === undefined) return { ok: false, from: 'none', problems: [] };
  const checked = validateJobSpec(record.spec);
  return checked.ok ? { ok: true, spec: checked.spec, from: 'record' } : { ok: false, from: 'record', problems: checked.problems };
}
