// The metrics of one run, kept up to date from its files: weaver's log lines from the job log, the
// metrics.jsonl file and the loggers' files (TensorBoard's event files, Ultralytics' and Lightning's
// CSV: logdir/), each read incrementally. Which one is shown: the JSON lines once they have points (a
// script that writes them says exactly what it measured), else weaver's log once it is recognised as
// weaver's (weaver also writes TensorBoard files, per batch; its log has the epochs), else the
// loggers' files once they have any.
import * as path from 'node:path';
import type { Message } from '../text/message';
import { FileFollower } from './fileFollower';
import type { JobRecord } from './jobRecord';
import { metricsStartOf, offsetIn } from './runMetricsFile';
import { sharedWhileRunning } from './sharedCall';
import { LogdirRun } from './logdir/logdirRun';
import { JsonlMetricsParser, type MetricSeries, WeaverLogParser } from './trainingMetrics';

/** What RunMetrics needs of a record: without the working directory and submission time, no loggers' files are looked for. */
export type RunFiles = Pick<JobRecord, 'logPath' | 'metricsPath' | 'metricsStart' | 'weaverLog'> & Partial<Pick<JobRecord, 'workdir' | 'spec' | 'submittedAt' | 'endedAt'>>;

/** Where the loggers write by default: PyTorch's SummaryWriter (weaver, Ultralytics), Lightning's loggers. */
export const DEFAULT_LOGDIRS = ['runs', 'lightning_logs'];

/** The folders a run's loggers write to, absolute: the spec's logdir, else the loggers' defaults. */
export function logdirsOf(record: Pick<JobRecord, 'workdir' | 'spec'>): string[] {
  const named = record.spec?.metrics?.logdir;
  return (named ? [named] : DEFAULT_LOGDIRS).map((dir) => path.resolve(record.workdir, dir));
}

interface Source<P> {
  readonly follower: FileFollower;
  parser: P;
  readonly fresh: () => P;
}

export class RunMetrics {
  private readonly log?: Source<WeaverLogParser>;
  private jsonl?: Source<JsonlMetricsParser>;
  private readonly logdir?: LogdirRun;
  /** The metrics file's first line when it was last looked at. */
  private head = '';
  /** The metrics file followed: the shared one while the run goes on, its own copy after it ended. */
  readonly metricsPath: string | undefined;
  /** Whether the run had ended when this was made: its loggers' files are then those written before its end. */
  readonly ended: boolean;

  constructor(private readonly record: RunFiles) {
    if (record.weaverLog) this.log = { follower: new FileFollower(record.logPath), parser: new WeaverLogParser(), fresh: () => new WeaverLogParser() };
    this.metricsPath = record.metricsPath;
    this.ended = record.endedAt !== undefined;
    if (record.workdir && record.submittedAt !== undefined) {
      this.logdir = LogdirRun.ofJob(logdirsOf({ workdir: record.workdir, spec: record.spec }), { from: record.submittedAt, to: record.endedAt });
    }
  }

  /**
   * Reads what the files gained; returns whether any metric changed. Calls made while one is under
   * way share it: two reads of one file at once would each take the same new bytes.
   */
  readonly update: () => Promise<boolean> = sharedWhileRunning(() => this.read());

  private async read(): Promise<boolean> {
    const restarted = await this.followJsonl();
    const [a, b] = await Promise.all([this.log && RunMetrics.pull(this.log), this.jsonl && RunMetrics.pull(this.jsonl)]);
    // The loggers' files only while nothing shown before them has points: weaver's per-batch event
    // files need not be decoded and kept beside its log.
    const c = this.shadowed() ? false : await this.logdir?.update();
    return Boolean(a || b || c || restarted);
  }

  /** Whether the metrics.jsonl or weaver's log is what is shown (series). */
  private shadowed(): boolean {
    return Boolean(this.jsonl?.parser.hasPoints || this.log?.parser.recognised);
  }

  /**
   * Starts following the metrics file where the run's lines begin (runMetricsFile.ts), and again
   * from its start when its first line changed: the run rewrote it, perhaps by more bytes than the
   * file had, which its size alone would not show. Returns whether it started again.
   */
  private async followJsonl(): Promise<boolean> {
    const file = this.metricsPath;
    if (!file) return false;
    const now = await metricsStartOf(file);
    const { head } = now;
    if (this.jsonl && head === this.head) return false;
    const offset = this.jsonl ? 0 : offsetIn(now, this.record.metricsStart);
    const again = this.jsonl !== undefined;
    this.head = head;
    this.jsonl = { follower: new FileFollower(file, offset), parser: new JsonlMetricsParser(), fresh: () => new JsonlMetricsParser() };
    return again;
  }

  private static async pull<P extends { feed(text: string): boolean }>(source: Source<P>): Promise<boolean> {
    const { text, restarted } = await source.follower.read();
    // A rewritten file starts a new run of its metrics.
    if (restarted) source.parser = source.fresh();
    return (text ? source.parser.feed(text) : false) || restarted;
  }

  series(): MetricSeries {
    const fromJsonl = this.jsonl?.parser.series();
    if (fromJsonl && fromJsonl.points.length > 0) return fromJsonl;
    if (this.log?.parser.recognised) return this.log.parser.series();
    const fromLoggers = this.logdir?.series();
    if (fromLoggers && fromLoggers.points.length > 0) return fromLoggers;
    return this.log?.parser.series() ?? { axis: 'epoch', points: [] };
  }

  /** What could not be read (a damaged TensorBoard file), each a sentence. */
  problems(): Message[] {
    return this.shadowed() ? [] : (this.logdir?.problems() ?? []);
  }
}
