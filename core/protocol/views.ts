// Identifiers of the activity-bar container and its views, shared by the extension and the tests.
export const VIEW_CONTAINER = 'hai';
export const VIEWS = {
  hub: 'hai.hub',
  data: 'hai.data',
  jobs: 'hai.jobs',
} as const;
export type ViewId = (typeof VIEWS)[keyof typeof VIEWS];

/** The read-only custom editor that opens ROOT, NumPy and parquet files: the data explorer. */
export const DATA_EXPLORER_VIEW_TYPE = 'hai.dataExplorer';

/** The custom editor of images: labels drawn over the frame, saved beside it. */
export const ANNOTATION_EDITOR_VIEW_TYPE = 'hai.annotationEditor';
