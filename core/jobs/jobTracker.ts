// Keeps job records in step with the backends, without any editor code (the extension's
// JobsController adds settings, secrets, events and notifications on top): submit and record,
// refresh the jobs that are not final (grouped by backend) after reading the records again (other
// windows share them), mark them "unreachable" — keeping them and their last known state — while a
// backend cannot be reached, and clear that once it answers.
import * as path from 'node:path';
import { LocalizedError, messageOf, msg } from '../text/message';
import type { JobBackend } from './backend';
import { FINAL_STATES, isFinal, newJobId, type JobRecord, type JobUpdate } from './jobRecord';
import { copyRunMetrics, metricsStartOf, ownMetricsFile, ownMetricsPath, rewrittenSince } from './runMetricsFile';
import { type BackendKind, type JobSpec, resolveWorkdir } from './jobSpec';
import type { JobStore } from './jobStore';

export interface TrackerSubmit {
  readonly spec: JobSpec;
  readonly specPath?: string;
  readonly workdir?: string;
  readonly backend: BackendKind;
  readonly hub?: JobRecord['hub'];
}

export interface TrackerEvents {
  /** A record was added or changed (undefined: several, or one removed). */
  readonly changed?: (record: JobRecord | undefined) => void;
  /** A job reached a final state. */
  readonly ended?: (record: JobRecord) => void;
  /** A backend could not be asked; its jobs are marked unreachable. */
  readonly unreachable?: (backend: BackendKind, message: string) => void;
}

export class JobTracker {
  constructor(
    readonly store: JobStore,
    private readonly backendFor: (kind: BackendKind) => JobBackend,
    private readonly events: TrackerEvents = {},
  ) {}

  async submit(o: TrackerSubmit): Promise<JobRecord> {
    const workdir = o.specPath ? resolveWorkdir(o.spec, o.specPath) : (o.workdir ?? '');
    if (!workdir) throw new LocalizedError(msg('The job has no working directory.'));
    const id = newJobId(o.spec.name);
    const jobDir = path.join(workdir, '.hai', 'jobs', id);
    const metricsPath = path.resolve(workdir, o.spec.metrics?.jsonl ?? 'metrics.jsonl');
    // Before the job can write: what the file holds now belongs to earlier runs.
    const metricsStart = await metricsStartOf(metricsPath);
    const record = await this.backendFor(o.backend).submit({ id, spec: o.spec, specPath: o.specPath, workdir, jobDir, metricsPath });
    const full: JobRecord = { ...record, metricsStart, spec: o.spec, hub: o.hub ?? o.spec.hub };
    await this.store.add(full);
    this.events.changed?.(full);
    return full;
  }

  async cancel(id: string): Promise<void> {
    // Another window may have ended or removed the job since this one last looked.
    await this.reload();
    const rec = this.store.get(id);
    if (!rec || isFinal(rec)) return;
    await this.apply(rec, await this.backendFor(rec.backend).cancel(rec));
  }

  async refresh(): Promise<void> {
    await this.reload();
    const byBackend = new Map<BackendKind, JobRecord[]>();
    for (const r of this.store.all()) if (!isFinal(r)) byBackend.set(r.backend, [...(byBackend.get(r.backend) ?? []), r]);
    for (const [kind, records] of byBackend) {
      try {
        const updates = await this.backendFor(kind).refresh(records);
        for (const r of records) {
          let u = updates.get(r.id);
          // The run rewrote its metrics file since it was submitted: all of the file is its own.
          if (r.metricsPath && r.metricsStart && (await rewrittenSince(r.metricsPath, r.metricsStart))) u = { ...u, metricsStart: { size: 0, head: '' } };
          // The run writes where HAI_METRICS_FILE points: that file is all its own, whatever the other one holds.
          const own = await followOwnMetrics(r);
          if (own) u = { ...u, ...own };
          // An answer without news still means the backend is reachable again.
          if (u || r.unreachable) await this.apply(r, u ?? {});
        }
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        const text = messageOf(err);
        for (const r of records) if (r.unreachable !== message) await this.apply(r, { unreachable: message, unreachableText: typeof text === 'string' ? undefined : text });
        this.events.unreachable?.(kind, message);
      }
    }
  }

  /** Reads the records again: other windows add, update and remove jobs in the same store. */
  private async reload(): Promise<void> {
    if (await this.store.load()) this.events.changed?.(undefined);
  }

  private async apply(old: JobRecord, update: JobUpdate): Promise<void> {
    // A run that ends keeps its own copy of its metrics, which later runs of the spec cannot change.
    // Only in the job folder this tracker made (a record edited by hand names no other place to write).
    const ends = !isFinal(old) && update.state !== undefined && FINAL_STATES.has(update.state);
    if (ends && !('metricsPath' in update)) {
      // A run cancelled or ended between two polls may have written its own file meanwhile.
      const own = await followOwnMetrics(old);
      if (own) update = { ...update, ...own };
    }
    const start = 'metricsStart' in update ? update.metricsStart : old.metricsStart;
    if (ends && old.metricsPath && start && ownMetricsPath(old)) {
      const copy = await copyRunMetrics(old.metricsPath, start, old.jobDir).catch(() => undefined);
      if (copy) update = { ...update, metricsPath: copy, metricsStart: undefined };
    }
    const next = await this.store.update(old.id, update);
    if (!next) return;
    this.events.changed?.(next);
    if (!isFinal(old) && isFinal(next)) this.events.ended?.(next);
  }
}

/** The update that makes a record follow its run's own metrics file, once that file is there (looked for only while it does not). */
async function followOwnMetrics(r: JobRecord): Promise<JobUpdate | undefined> {
  const own = ownMetricsPath(r);
  if (!own || r.metricsPath === own) return undefined;
  return (await ownMetricsFile(r)) ? { metricsPath: own, metricsStart: undefined } : undefined;
}
