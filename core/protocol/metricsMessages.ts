// Messages between the metrics webview (webviews/metrics/) and its host, as maps from name to
// payload (webviewProtocol.ts). The host validates every message from the webview against
// METRICS_REQUESTS. The series' shape is the contract's own (core/jobs' MetricSeries matches it
// structurally), so that the contract depends on nothing else of ours.
import { fields, type MessageOf, type NoPayload, type PayloadSpecs } from './webviewProtocol';

/** One x value (epoch or step) and the numbers logged for it. */
export interface SeriesPoint {
  readonly x: number;
  readonly values: Readonly<Record<string, number>>;
}

/** The points of one run, along the axis its log counts in. */
export interface SeriesPayload {
  readonly axis: 'epoch' | 'step';
  readonly points: readonly SeriesPoint[];
}

export interface RunSeries {
  readonly id: string;
  readonly name: string;
  readonly state: string;
  readonly series: SeriesPayload;
  /** What could not be read of the run's files (a damaged TensorBoard file), each a sentence in the display language. */
  readonly problems?: readonly string[];
}

/** A paper's number for a metric, drawn as a dashed line. */
export interface ReferenceLine {
  readonly metric: string;
  readonly value: number;
  readonly label: string;
}

/** A folder of training logs the view shows (Open Training Logs), remembered for the workspace until the user removes it. */
export interface LogFolder {
  /** Its path: what the webview sends back to remove it. */
  readonly root: string;
  /** As the user knows it: relative to the workspace, absolute outside it. */
  readonly name: string;
}

/** Extension → webview: every run (with the points of the selected ones), or one run that gained points. */
export type MetricsUpdates = {
  runs: {
    readonly runs: readonly RunSeries[];
    readonly selected: readonly string[];
    readonly references: readonly ReferenceLine[];
    readonly folders: readonly LogFolder[];
    readonly labels: Readonly<Record<string, string>>;
  };
  run: { readonly run: RunSeries };
};
export type MetricsUpdate = MessageOf<MetricsUpdates>;

/** Webview → extension: the page is ready; the runs whose boxes are ticked; a log folder to stop showing. */
export type MetricsRequests = { ready: NoPayload; select: { readonly ids: readonly string[] }; removeFolder: { readonly root: string } };
export type MetricsRequest = MessageOf<MetricsRequests>;

export const METRICS_REQUESTS: PayloadSpecs<MetricsRequests> = {
  ready: {},
  // Ids are job ids, or `logs:` and a folder's path (up to PATH_MAX).
  select: { ids: fields.textList({ maxItems: 100, maxLength: 4200 }) },
  // One of the folders the host sent; the host ignores any other.
  removeFolder: { root: fields.text({ maxLength: 4200 }) },
};
