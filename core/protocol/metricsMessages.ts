// Messages between the metrics webview (webviews/metrics/) and its host. The host validates every
// message from the webview with parseMetricsRequest.
import type { MetricSeries } from '../jobs/trainingMetrics';

export interface RunSeries {
  readonly id: string;
  readonly name: string;
  readonly state: string;
  readonly series: MetricSeries;
}

/** A paper's number for a metric, drawn as a dashed line. */
export interface ReferenceLine {
  readonly metric: string;
  readonly value: number;
  readonly label: string;
}

export type MetricsUpdate =
  | { readonly type: 'runs'; readonly runs: readonly RunSeries[]; readonly selected: readonly string[]; readonly references: readonly ReferenceLine[]; readonly labels: Readonly<Record<string, string>> }
  | { readonly type: 'run'; readonly run: RunSeries };

export type MetricsRequest = { readonly type: 'ready' } | { readonly type: 'select'; readonly ids: readonly string[] };

export function parseMetricsRequest(raw: unknown): MetricsRequest | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const m = raw as Record<string, unknown>;
  const keys = Object.keys(m).sort().join(',');
  if (m.type === 'ready' && keys === 'type') return { type: 'ready' };
  if (m.type === 'select' && keys === 'ids,type' && Array.isArray(m.ids) && m.ids.length <= 100 && m.ids.every((x) => typeof x === 'string' && x.length > 0 && x.length <= 200)) {
    return { type: 'select', ids: m.ids as string[] };
  }
  return undefined;
}
