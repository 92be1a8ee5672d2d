// The metrics of one run, kept up to date from its files: weaver's log lines from the job log and
// the metrics.jsonl file, each read incrementally. When both have points, the JSON lines win: a
// script that writes them says exactly what it measured.
import { FileFollower } from './fileFollower';
import type { JobRecord } from './jobRecord';
import { metricsStartOf, offsetIn } from './runMetricsFile';
import { JsonlMetricsParser, type MetricSeries, WeaverLogParser } from './trainingMetrics';

interface Source<P> {
  readonly follower: FileFollower;
  parser: P;
  readonly fresh: () => P;
}

export class RunMetrics {
  private readonly log?: Source<WeaverLogParser>;
  private jsonl?: Source<JsonlMetricsParser>;
  /** The metrics file's first line when it was last looked at. */
  private head = '';
  /** The metrics file followed: the shared one while the run goes on, its own copy after it ended. */
  readonly metricsPath: string | undefined;

  constructor(private readonly record: Pick<JobRecord, 'logPath' | 'metricsPath' | 'metricsStart' | 'weaverLog'>) {
    if (record.weaverLog) this.log = { follower: new FileFollower(record.logPath), parser: new WeaverLogParser(), fresh: () => new WeaverLogParser() };
    this.metricsPath = record.metricsPath;
  }

  /** Reads what the files gained; returns whether any metric changed. */
  async update(): Promise<boolean> {
    const restarted = await this.followJsonl();
    const [a, b] = await Promise.all([this.log && RunMetrics.pull(this.log), this.jsonl && RunMetrics.pull(this.jsonl)]);
    return Boolean(a || b || restarted);
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
    return this.log?.parser.series() ?? { axis: 'epoch', points: [] };
  }
}
