// How a frame of an HDF5 stack is named for its labels: as if the stack had been exported to images
// beside the file — scan.h5's frame 12 is scan_00012.png, and its labels follow that name in every
// format (labels/scan_00012.txt, scan_00012.json, a COCO file_name of scan_00012.png). A file with
// several image datasets adds the dataset's last name: scan_detector2_00012.png. So labels made here
// stay right when the frames are later exported as PNG for training, and each frame has its own.
import * as path from 'node:path';

export interface FrameRef {
  readonly dataset: string;
  readonly frame: number;
}

/** The dataset and frame named in an editor URI's query (`dataset=/entry/data/data&frame=12`). */
export function frameFromQuery(query: string): Partial<FrameRef> {
  const params = new URLSearchParams(query);
  const dataset = params.get('dataset') ?? undefined;
  const frame = params.get('frame');
  const n = frame === null ? undefined : Number(frame);
  return { dataset: dataset && dataset.startsWith('/') ? dataset : undefined, frame: n !== undefined && Number.isInteger(n) && n >= 0 ? n : undefined };
}

export function frameQuery(ref: FrameRef): string {
  return new URLSearchParams({ dataset: ref.dataset, frame: String(ref.frame) }).toString();
}

/** The image path a frame's labels are named after (it need not exist). */
export function frameImagePath(file: string, ref: FrameRef, severalDatasets: boolean): string {
  const stem = path.basename(file, path.extname(file));
  const leaf = ref.dataset.split('/').filter(Boolean).pop() ?? 'data';
  const index = String(ref.frame).padStart(5, '0');
  return path.join(path.dirname(file), `${stem}${severalDatasets ? `_${leaf.replace(/[^\w.-]+/g, '_')}` : ''}_${index}.png`);
}

export function isHdf5Name(file: string): boolean {
  return /\.(h5|hdf5|hdf|nxs|nx5)$/i.test(file);
}
