// Latency percentiles over the most recent requests, for hai/status.
import type { LatencySummary } from '../../core/protocol/serverStatus';

export class LatencyWindow {
  private readonly samples: number[] = [];
  private total = 0;

  constructor(private readonly size: number) {}

  add(ms: number): void {
    this.samples.push(ms);
    if (this.samples.length > this.size) this.samples.shift();
    this.total++;
  }

  summary(): LatencySummary | undefined {
    if (this.samples.length === 0) return undefined;
    const sorted = [...this.samples].sort((a, b) => a - b);
    // Nearest-rank percentile.
    const at = (p: number): number => Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]);
    return { requests: this.total, window: sorted.length, p50: at(50), p95: at(95), p99: at(99) };
  }
}
