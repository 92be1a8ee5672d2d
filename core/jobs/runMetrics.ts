// The metrics of one run, kept up to date from its files: weaver's log lines from the job log and
// the metrics.jsonl file, each read incrementally. When both have points, the JSON lines win: a
// script that writes them says exactly what it measured.
import { FileFollower } from './fileFollower';
import type { JobRecord } from './jobRecord';
import { JsonlMetricsParser, type MetricSeries, WeaverLogParser } from './trainingMetrics';

export class RunMetrics {
  private readonly log?: { follower: FileFollower; parser: WeaverLogParser };
  private readonly jsonl?: { follower: FileFollower; parser: JsonlMetricsParser };

  constructor(record: Pick<JobRecord, 'logPath' | 'metricsPath' | 'weaverLog'>) {
    if (record.weaverLog) this.log = { follower: new FileFollower(record.logPath), parser: new WeaverLogParser() };
    if (record.metricsPath) this.jsonl = { follower: new FileFollower(record.metricsPath), parser: new JsonlMetricsParser() };
  }

  /** Reads what the files gained; returns whether any metric changed. */
  async update(): Promise<boolean> {
    let changed = false;
    for (const source of [this.log, this.jsonl]) {
      if (!source) continue;
      const { text, restarted } = await source.follower.read();
      if (restarted) {
        // A rewritten file starts a new run of its metrics.
        (source as { parser: WeaverLogParser | JsonlMetricsParser }).parser = source.parser instanceof WeaverLogParser ? new WeaverLogParser() : new JsonlMetricsParser();
        changed = true;
      }
      if (text) changed = source.parser.feed(text) || changed;
    }
    return changed;
  }

  series(): MetricSeries {
    const fromJsonl = this.jsonl?.parser.series();
    if (fromJsonl && fromJsonl.points.length > 0) return fromJsonl;
    return this.log?.parser.series() ?? { axis: 'epoch', points: [] };
  }
}
