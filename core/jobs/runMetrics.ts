// The metrics of one run, kept up to date from its files: weaver's log lines from the job log and
// the metrics.jsonl file, each read incrementally. When both have points, the JSON lines win: a
// script that writes them says exactly what it measured.
import { FileFollower } from './fileFollower';
import type { JobRecord } from './jobRecord';
import { JsonlMetricsParser, type MetricSeries, WeaverLogParser } from './trainingMetrics';

interface Source<P> {
  readonly follower: FileFollower;
  parser: P;
  readonly fresh: () => P;
}

export class RunMetrics {
  private readonly log?: Source<WeaverLogParser>;
  private readonly jsonl?: Source<JsonlMetricsParser>;

  constructor(record: Pick<JobRecord, 'logPath' | 'metricsPath' | 'weaverLog'>) {
    if (record.weaverLog) this.log = { follower: new FileFollower(record.logPath), parser: new WeaverLogParser(), fresh: () => new WeaverLogParser() };
    if (record.metricsPath) this.jsonl = { follower: new FileFollower(record.metricsPath), parser: new JsonlMetricsParser(), fresh: () => new JsonlMetricsParser() };
  }

  /** Reads what the files gained; returns whether any metric changed. */
  async update(): Promise<boolean> {
    const [a, b] = await Promise.all([this.log && RunMetrics.pull(this.log), this.jsonl && RunMetrics.pull(this.jsonl)]);
    return Boolean(a || b);
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
