// Where an image's labels live and in which format, by the tools' own conventions:
//   YOLO     Ultralytics' rule: the last /images/ of the path becomes /labels/, the extension .txt
//            (no /images/ in the path: the .txt beside the image). Detection or segmentation is told
//            by the lines (a segmentation line has more than five numbers).
//   labelme  <stem>.json beside the image (an object with "shapes").
//   VOC      <stem>.xml beside the image, or ../Annotations/<stem>.xml from a devkit's JPEGImages/.
//   COCO     one instances JSON in the image's folder, its parent or the parent's annotations/, listing
//            the image (the file whose entry names it best: its folder too, not only its base name).
// An image without labels yet takes its folder's format (what its neighbours' labels are in), else
// the user's default. Folder listings are read once per look; a COCO file is parsed once per version.
import { readdir, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { readTextIfAny } from '../fs/fileStamp';
import { imageNameMatch } from './coco';
import type { LabelFormatId } from './formats';

export type { LabelFormatId };

export interface LabelTarget {
  readonly format: LabelFormatId;
  /** The label file (for COCO, the shared instances file). */
  readonly file: string;
  /** Whether the file exists and holds this image's labels (COCO: lists the image). */
  readonly exists: boolean;
}

export const IMAGE_EXTENSIONS = ['.png', '.jpg', '.jpeg', '.tif', '.tiff'];

export function isImageFile(name: string): boolean {
  return IMAGE_EXTENSIONS.includes(path.extname(name).toLowerCase());
}

function stem(file: string): string {
  return path.basename(file, path.extname(file));
}

/** Ultralytics' img2label_paths: the last /images/ becomes /labels/, the extension .txt. */
export function yoloLabelPath(image: string): string {
  const sep = path.sep;
  const marker = `${sep}images${sep}`;
  const at = image.lastIndexOf(marker);
  const withLabels = at >= 0 ? `${image.slice(0, at)}${sep}labels${sep}${image.slice(at + marker.length)}` : image;
  return path.join(path.dirname(withLabels), `${stem(withLabels)}.txt`);
}

export function vocLabelPaths(image: string): string[] {
  const dir = path.dirname(image);
  const beside = path.join(dir, `${stem(image)}.xml`);
  return path.basename(dir) === 'JPEGImages' ? [path.join(path.dirname(dir), 'Annotations', `${stem(image)}.xml`), beside] : [beside];
}

export function labelmePath(image: string): string {
  return path.join(path.dirname(image), `${stem(image)}.json`);
}

/** A segmentation line has the class and at least three points (7+ tokens); a box line 5 (or 6 with a confidence). */
export function yoloTask(text: string): 'yolo-detect' | 'yolo-segment' | undefined {
  for (const line of text.split('\n')) {
    const n = line.trim().split(/\s+/).filter(Boolean).length;
    if (n >= 7) return 'yolo-segment';
    if (n === 5 || n === 6) return 'yolo-detect';
  }
  return undefined;
}

function isLabelmeText(text: string): boolean {
  try {
    const doc = JSON.parse(text) as unknown;
    return typeof doc === 'object' && doc !== null && Array.isArray((doc as { shapes?: unknown }).shapes);
  } catch {
    return false;
  }
}

interface CocoIndex {
  readonly version: string;
  /** undefined: the file is not an instances file (remembered too, so a folder of them is read once). */
  readonly names: readonly string[] | undefined;
}
const cocoCache = new Map<string, CocoIndex>();
/** Entries kept: a list of names per instances file, a version alone for any other JSON. */
const COCO_CACHE_ENTRIES = 4096;
/** Instances files bigger than this are not searched for an image (they are read when chosen). */
const MAX_COCO_SCAN = 256 * 1024 * 1024;

/** The image file names (file_name, as written) a COCO instances file lists, or undefined when it is not one. */
async function cocoNames(file: string): Promise<readonly string[] | undefined> {
  let info;
  try {
    info = await stat(file);
  } catch {
    return undefined;
  }
  if (info.size > MAX_COCO_SCAN) return undefined;
  const version = `${info.size}:${info.mtimeMs}`;
  const cached = cocoCache.get(file);
  if (cached?.version === version) return cached.names;
  cocoCache.delete(file);
  const text = await readTextIfAny(file);
  let names: string[] | undefined;
  try {
    const doc = JSON.parse(text ?? '') as { images?: unknown; annotations?: unknown; categories?: unknown };
    if (Array.isArray(doc.images) && (Array.isArray(doc.annotations) || Array.isArray(doc.categories))) {
      names = doc.images.map((i) => (typeof i?.file_name === 'string' ? i.file_name : '')).filter(Boolean);
    }
  } catch {
    names = undefined;
  }
  cocoCache.set(file, { version, names });
  if (cocoCache.size > COCO_CACHE_ENTRIES) cocoCache.delete(cocoCache.keys().next().value!);
  return names;
}

/**
 * The JSON files of a folder listing that can be instances files: not those named after an image
 * beside them, which are that image's labelme file. Without this, opening an unlabelled image in a
 * labelme folder parsed every neighbour's JSON (each with its image inside): 2000 labelled images
 * took 7 s per open. An instances file is named for a dataset or split, never for one image.
 */
export function instancesCandidates(names: readonly string[]): string[] {
  const imageStems = new Set(names.filter(isImageFile).map((n) => stem(n)));
  return names.filter((n) => n.toLowerCase().endsWith('.json') && !imageStems.has(stem(n)));
}

async function jsonFiles(dir: string): Promise<string[]> {
  try {
    return instancesCandidates(await readdir(dir)).map((n) => path.join(dir, n));
  } catch {
    return [];
  }
}

/**
 * The COCO instances files of the image's folder, its parent and the parent's annotations/, the one
 * naming the image best first (coco.ts's imageNameMatch, as reading and saving find the entry). A
 * file listing only the image's base name must not win over one naming its folder too; between
 * equal names, the file named after the image's folder (instances_val.json for val/x.png) is taken.
 */
async function cocoFiles(image: string): Promise<{ file: string; lists: boolean }[]> {
  const dir = path.dirname(image);
  const folder = path.basename(dir).toLowerCase();
  const out: { file: string; lists: boolean; rank: number }[] = [];
  for (const d of [dir, path.dirname(dir), path.join(path.dirname(dir), 'annotations')]) {
    for (const file of await jsonFiles(d)) {
      // The image's own labelme JSON: left out by instancesCandidates too, except for an HDF5 frame,
      // whose exported image name is not in the listing.
      if (file === labelmePath(image)) continue;
      const names = await cocoNames(file);
      if (!names) continue;
      const match = names.reduce((best, name) => Math.max(best, imageNameMatch(name, image)), 0);
      const namedAfterFolder = stem(file).toLowerCase().split(/[^a-z0-9]+/).includes(folder);
      out.push({ file, lists: match > 0, rank: match * 2 + (match > 0 && namedAfterFolder ? 1 : 0) });
    }
  }
  // A stable sort: between equal ranks, the nearest folder's file stays first.
  return out.sort((a, b) => b.rank - a.rank).map(({ file, lists }) => ({ file, lists }));
}

/** Where this image's labels are, or would go: its own file first, then its folder's format, then `preferred`. */
export async function findLabels(image: string, preferred: LabelFormatId): Promise<LabelTarget> {
  const labelme = labelmePath(image);
  const labelmeText = await readTextIfAny(labelme);
  if (labelmeText !== undefined && isLabelmeText(labelmeText)) return { format: 'labelme', file: labelme, exists: true };
  for (const voc of vocLabelPaths(image)) if ((await readTextIfAny(voc)) !== undefined) return { format: 'voc', file: voc, exists: true };
  const yolo = yoloLabelPath(image);
  const yoloText = await readTextIfAny(yolo);
  if (yoloText !== undefined) return { format: yoloTask(yoloText) ?? (await folderYoloTask(yolo)) ?? (preferred === 'yolo-segment' ? 'yolo-segment' : 'yolo-detect'), file: yolo, exists: true };
  const coco = await cocoFiles(image);
  if (coco[0]?.lists) return { format: 'coco', file: coco[0].file, exists: true };
  return folderTarget(image, preferred, coco[0]?.file);
}

/** The task of the other YOLO label files of the folder (an empty file says nothing). */
async function folderYoloTask(labelFile: string): Promise<'yolo-detect' | 'yolo-segment' | undefined> {
  const dir = path.dirname(labelFile);
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.txt') && n !== 'classes.txt').slice(0, 50);
  } catch {
    return undefined;
  }
  for (const n of names) {
    const task = yoloTask((await readTextIfAny(path.join(dir, n))) ?? '');
    if (task) return task;
  }
  return undefined;
}

async function folderTarget(image: string, preferred: LabelFormatId, cocoFile: string | undefined): Promise<LabelTarget> {
  const dir = path.dirname(image);
  let names: string[] = [];
  try {
    names = await readdir(dir);
  } catch {
    names = [];
  }
  const stems = new Set(names.filter(isImageFile).map((n) => stem(n)));
  const yolo = yoloLabelPath(image);
  const neighbourTask = await folderYoloTask(yolo);
  const hasYoloNeighbours = neighbourTask !== undefined || (yolo !== path.join(dir, `${stem(image)}.txt`) && (await readTextIfAny(path.join(path.dirname(yolo), 'classes.txt'))) !== undefined);
  if (hasYoloNeighbours) return { format: neighbourTask ?? (preferred === 'yolo-segment' ? 'yolo-segment' : 'yolo-detect'), file: yolo, exists: false };
  // labelme and VOC files are named after images of the folder.
  for (const n of names) {
    if (!stems.has(stem(n))) continue;
    if (n.endsWith('.json') && isLabelmeText((await readTextIfAny(path.join(dir, n))) ?? '')) return { format: 'labelme', file: labelmePath(image), exists: false };
    if (n.endsWith('.xml')) return { format: 'voc', file: vocLabelPaths(image)[0], exists: false };
  }
  if (cocoFile) return { format: 'coco', file: cocoFile, exists: false };
  return targetFor(image, preferred);
}

/** Where `format` keeps this image's labels, for a format the user chose. */
export function targetFor(image: string, format: LabelFormatId, cocoFile?: string): LabelTarget {
  switch (format) {
    case 'yolo-detect':
    case 'yolo-segment':
      return { format, file: yoloLabelPath(image), exists: false };
    case 'labelme':
      return { format, file: labelmePath(image), exists: false };
    case 'voc':
      return { format, file: vocLabelPaths(image)[0], exists: false };
    case 'coco':
      return { format, file: cocoFile ?? path.join(path.dirname(image), 'annotations.json'), exists: false };
  }
}

/**
 * What Choose Format offers for an open image: each format's target, a COCO file already chosen kept.
 * Named after the image the labels are named after: for an HDF5 frame its exported name, since the
 * .h5 file's own name would give every frame one label file that no frame reads back.
 */
export function formatChoices(document: { readonly labelImage: string; readonly target: LabelTarget }): LabelTarget[] {
  const formats: LabelFormatId[] = ['yolo-detect', 'yolo-segment', 'coco', 'voc', 'labelme'];
  return formats.map((format) => targetFor(document.labelImage, format, format === 'coco' && document.target.format === 'coco' ? document.target.file : undefined));
}

export interface ClassList {
  readonly classes: readonly string[];
  /** The file the list came from (classes.txt or a YOLO data.yaml), or undefined when there is none. */
  readonly file?: string;
  readonly kind?: 'classes.txt' | 'data.yaml';
}

/**
 * The class list for an image: the nearest classes.txt or YOLO data.yaml (dataset.yaml) walking up
 * from the label file's folder and the image's folder to `root` (the workspace folder).
 */
export async function findClassList(image: string, labelFile: string, root: string | undefined, parse: (text: string, kind: 'classes.txt' | 'data.yaml') => string[]): Promise<ClassList> {
  const starts = [...new Set([path.dirname(labelFile), path.dirname(image)])];
  const stop = root ? path.resolve(root) : undefined;
  for (const start of starts) {
    let dir = path.resolve(start);
    for (let depth = 0; depth < 8; depth++) {
      for (const [name, kind] of [['classes.txt', 'classes.txt'], ['data.yaml', 'data.yaml'], ['dataset.yaml', 'data.yaml']] as const) {
        const file = path.join(dir, name);
        const text = await readTextIfAny(file);
        if (text !== undefined) return { classes: parse(text, kind), file, kind };
      }
      const up = path.dirname(dir);
      if (up === dir || (stop && !path.relative(stop, up).split(path.sep).every((p) => p !== '..')) || dir === stop) break;
      dir = up;
    }
  }
  return { classes: [] };
}
