// Planning the conversion of a whole folder's labels from one format to another, so that the user
// sees everything before a file changes: planConversion reads every image's size (header only,
// imageSize.ts) and labels, and computes every target file's text, what the target format cannot
// hold (the writers' `losses`, named by image), the files it would replace and the sources it
// cannot read, writing nothing. runConversion (convertRun.ts) then writes what the plan holds.
//
// Rules, each for a reason:
// - Source files are never written; the one exception is a source that is its own target (YOLO
//   detection to segmentation keeps labels/x.txt), listed as replaced so the user confirms it.
// - Per-image targets are written whole from the source's shapes, not merged into a file already
//   there: the result depends on the source alone. Such a file is listed as replaced first.
// - COCO holds all images in one instances file (options.cocoFile, or annotations.json in the
//   images' common folder), built in memory image by image with coco.ts's writer (cocoFolder.ts,
//   the text that chaining it with `previous` gives) and written once; a COCO file already there is
//   written into (its other images kept), and a big one is read once, not once per image.
// - YOLO files hold class ids, so a YOLO target's class list is the list already there (its order
//   kept: ids are places in it) followed by the sources' classes in first-seen order.
// - Images without labels are left as they are (no empty label files), and so are those already
//   in the target format.
import * as path from 'node:path';
import { fileStamp, readTextIfAny } from '../fs/fileStamp';
import { CocoBuilder, CocoSources } from './cocoFolder';
import { imageSize, type ImageSize } from './image/imageSize';
import { LABEL_FORMATS, type LabelFormatId } from './formats';
import { findClassList, findLabels, labelmePath, targetFor, vocLabelPaths, yoloLabelPath } from './labelFiles';
import { loadLabels, mergeClasses, parseClassList } from './labelIo';
import type { Annotation } from './shapes';
import { english, type Message, messageOf, msg } from '../text/message';

export interface ConversionOptions {
  /** The workspace folder: class lists are looked for up to it. */
  readonly root?: string;
  /** The format an image's labels are taken to be in where nothing tells (from 'auto'). */
  readonly preferred: LabelFormatId;
  /** A COCO target's instances file; annotations.json in the images' common folder otherwise. */
  readonly cocoFile?: string;
  /** Stops planning (a big folder reads every image's header and labels): the plan then rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Images planned so far, for a progress bar over a big folder. */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface LabelFile {
  readonly format: LabelFormatId;
  readonly file: string;
}

export interface ConversionProblem {
  readonly image: string;
  /** The file at fault (the source label file, a class list), where it is a file. */
  readonly file?: string;
  readonly reason: Message;
  /** The 1-based line of `file` at fault, where the reader said. */
  readonly line?: number;
}

export interface PlannedImage {
  readonly image: string;
  /** How messages name it: its path from the images' common folder. */
  readonly name: string;
  /** Its labels as found; undefined where it has none. */
  readonly source?: LabelFile;
  readonly target: LabelFile;
  /** write: converted; skip: nothing to do (see reason); problem: left out (see problem). */
  readonly action: 'write' | 'skip' | 'problem';
  readonly reason?: Message;
  readonly problem?: ConversionProblem;
  readonly size?: ImageSize;
  /** The labels read from the source, at the image's size. */
  readonly annotation?: Annotation;
  /** What the target cannot hold, each sentence starting with the image's name. */
  readonly losses: readonly Message[];
  /** Why the target file, which exists, is replaced (or, for COCO, the image's entry in it). */
  readonly overwrite?: Message;
  /** A per-image target's text; COCO's is the plan's coco.text. */
  readonly text?: string;
  /** The image's file_name in a COCO target. */
  readonly cocoName?: string;
  readonly sourceStamp?: string;
  readonly targetStamp?: string;
  /** The YOLO class list file its ids refer to (one of the plan's classLists). */
  readonly classList?: string;
  /** The source's classes in their list's order: a COCO target's categories follow it. */
  readonly classes?: readonly string[];
}

export interface PlannedClassList {
  readonly file: string;
  readonly kind: 'classes.txt' | 'data.yaml';
  /** The list as it will be: what the file holds, then the sources' classes it lacks. */
  readonly classes: readonly string[];
  readonly existing: readonly string[];
  readonly exists: boolean;
}

export interface PlannedCoco {
  readonly file: string;
  /** The whole instances file after the conversion. */
  readonly text: string;
  /** The file's text when planned (undefined: none, or replaced as not a COCO file) and its stamp. */
  readonly previous?: string;
  readonly stamp?: string;
}

export interface ConversionPlan {
  readonly from: 'auto' | LabelFormatId;
  readonly to: LabelFormatId;
  readonly images: readonly PlannedImage[];
  readonly problems: readonly ConversionProblem[];
  readonly losses: readonly Message[];
  /** Files that exist and would be replaced, with the images whose labels go there. */
  readonly overwrites: readonly { readonly file: string; readonly images: readonly string[]; readonly reason: Message }[];
  readonly classLists: readonly PlannedClassList[];
  readonly coco?: PlannedCoco;
  readonly totals: { readonly images: number; readonly converted: number; readonly skipped: number; readonly labels: number; readonly losses: number; readonly problems: number; readonly overwrites: number };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const isYolo = (f: LabelFormatId): boolean => f === 'yolo-detect' || f === 'yolo-segment';


/** The deepest folder holding all these paths. */
function commonFolder(files: readonly string[]): string {
  if (files.length === 0) return path.resolve('.');
  let parts = path.dirname(path.resolve(files[0])).split(path.sep);
  for (const f of files.slice(1)) {
    const other = path.dirname(path.resolve(f)).split(path.sep);
    let n = 0;
    while (n < parts.length && n < other.length && parts[n] === other[n]) n++;
    parts = parts.slice(0, n);
  }
  return parts.join(path.sep) || path.sep;
}

/** A problem read out of a reader's message: the line of `file: line N: reason` (its English text says it in one place). */
function problemOf(image: string, file: string | undefined, reason: Message): ConversionProblem {
  const m = /^[^:]*: line (\d+): /.exec(english(reason));
  return { image, file, reason, ...(m ? { line: Number(m[1]) } : {}) };
}

/** Where `from` keeps this image's labels, when it has them. */
async function sourceOf(image: string, from: 'auto' | LabelFormatId, preferred: LabelFormatId, cocos: CocoSources): Promise<LabelFile | undefined> {
  const existing = async (format: LabelFormatId, files: string[]): Promise<LabelFile | undefined> => {
    for (const file of files) if ((await fileStamp(file)) !== undefined) return { format, file };
    return undefined;
  };
  switch (from) {
    case 'auto': {
      const found = await findLabels(image, preferred);
      return found.exists ? { format: found.format, file: found.file } : undefined;
    }
    case 'yolo-detect':
    case 'yolo-segment':
      return existing(from, [yoloLabelPath(image)]);
    case 'labelme':
      return existing(from, [labelmePath(image)]);
    case 'voc':
      return existing(from, vocLabelPaths(image));
    case 'coco': {
      const file = await cocos.find(image);
      return file ? { format: 'coco', file } : undefined;
    }
  }
}

/** What replacing an existing per-image target loses, for the user to confirm. */
function overwriteReason(text: string, item: PlannedImage, classes: readonly string[]): Message {
  if (item.source?.file === item.target.file) return msg('is the {0} source itself, rewritten as {1}', item.source.format, item.target.format);
  const format = LABEL_FORMATS[item.target.format];
  try {
    const held = format.read(text, { imageFileName: item.image, imageWidth: item.size?.width ?? 0, imageHeight: item.size?.height ?? 0, classes });
    return held.shapes.length === 1
      ? msg('already holds 1 {0} label, which is replaced', item.target.format)
      : msg('already holds {0} {1} labels, which are replaced', held.shapes.length, item.target.format);
  } catch (err) {
    return msg('is not a {0} file for this image ({1}) and is replaced', item.target.format, messageOf(err));
  }
}

export async function planConversion(images: readonly string[], from: 'auto' | LabelFormatId, to: LabelFormatId, options: ConversionOptions): Promise<ConversionPlan> {
  const common = commonFolder(images);
  const cocos = new CocoSources();
  const cocoFile = to === 'coco' ? (options.cocoFile ?? path.join(common, 'annotations.json')) : undefined;
  const items: Mutable<PlannedImage>[] = [];
  const classesOf = new Map<PlannedImage, readonly string[]>();
  const leaveOut = (item: Mutable<PlannedImage>, problem: ConversionProblem): void => {
    item.action = 'problem';
    item.problem = problem;
  };

  // Sources: every image's size and labels.
  for (const [i, image] of images.entries()) {
    options.signal?.throwIfAborted();
    const name = path.relative(common, image) || path.basename(image);
    const item: Mutable<PlannedImage> = { image, name, target: { format: to, file: targetFor(image, to, cocoFile).file }, action: 'write', losses: [] };
    items.push(item);
    options.onProgress?.(i, images.length);
    try {
      item.size = await imageSize(image);
    } catch (err) {
      leaveOut(item, { image, file: image, reason: msg('its size cannot be read: {0}', messageOf(err)) });
      continue;
    }
    item.source = await sourceOf(image, from, options.preferred, cocos);
    if (!item.source) {
      // A .json beside the image that is not JSON may be its labelme file, damaged: say so rather than "no labels".
      const json = from === 'auto' ? await readTextIfAny(labelmePath(image)) : undefined;
      if (json !== undefined) {
        try {
          JSON.parse(json);
        } catch {
          const loaded = await loadLabels({ file: image, ...item.size }, options.preferred, options.root, { format: 'labelme', file: labelmePath(image), exists: true });
          leaveOut(item, problemOf(image, labelmePath(image), loaded.problem ?? msg('{0} is not valid JSON', path.basename(labelmePath(image)))));
          continue;
        }
      }
      item.action = 'skip';
      item.reason = from === 'auto' ? msg('has no labels') : msg('has no {0} labels', from);
      continue;
    }
    if (item.source.format === to && (to !== 'coco' || item.source.file === cocoFile)) {
      item.action = 'skip';
      item.reason = msg('is already labelled in {0}', to);
      continue;
    }
    item.sourceStamp = await fileStamp(item.source.file);
    const info = { file: image, ...item.size };
    if (item.source.format === 'coco') {
      // As loadLabels reads it (the nearest class list first), from the file read once for all images.
      try {
        const { annotation, classes } = await cocos.read(item.source.file, info);
        const list = await findClassList(image, item.source.file, options.root, parseClassList);
        item.annotation = { ...annotation, imageWidth: info.width, imageHeight: info.height };
        classesOf.set(item, mergeClasses(list.classes, classes, annotation.shapes.map((s) => s.label)));
      } catch (err) {
        leaveOut(item, problemOf(image, item.source.file, msg('{0}: {1}', path.basename(item.source.file), messageOf(err))));
      }
      continue;
    }
    const loaded = await loadLabels(info, options.preferred, options.root, { ...item.source, exists: true });
    if (loaded.problem) leaveOut(item, problemOf(image, item.source.file, loaded.problem));
    else {
      item.annotation = loaded.annotation;
      classesOf.set(item, loaded.classes);
    }
  }
  options.onProgress?.(images.length, images.length);

  // Targets: one file per image, never another image's labels.
  const sources = new Map(items.filter((it) => it.source).map((it) => [it.source!.file, it]));
  const claimed = new Map<string, PlannedImage>();
  for (const item of items) {
    if (item.action !== 'write' || to === 'coco') continue;
    const other = claimed.get(item.target.file) ?? sources.get(item.target.file);
    if (other && other !== item) leaveOut(item, { image: item.image, file: item.target.file, reason: msg('{0} and {1} would both be labelled in {2}', item.name, other.name, path.basename(item.target.file)) });
    else claimed.set(item.target.file, item);
  }
  const writing = (): Mutable<PlannedImage>[] => items.filter((it) => it.action === 'write');

  const classLists = isYolo(to) ? await planClassLists(writing(), classesOf, options.root, leaveOut) : [];
  const listClasses = new Map(classLists.map((l) => [l.file, l.classes]));
  let coco: PlannedCoco | undefined;
  if (to === 'coco') {
    for (const item of writing()) item.classes = classesOf.get(item);
    coco = await planCoco(cocoFile!, writing(), leaveOut);
  }
  else {
    for (const item of writing()) {
      const format = LABEL_FORMATS[to];
      const classes = item.classList ? listClasses.get(item.classList)! : (classesOf.get(item) ?? []);
      try {
        const out = format.write(item.annotation!, {
          imageFileName: path.relative(path.dirname(item.target.file), item.image) || path.basename(item.image),
          imageWidth: item.size!.width,
          imageHeight: item.size!.height,
          imageChannels: item.size!.channels,
          classes,
        });
        item.text = out.text;
        item.losses = out.losses.map((l) => msg('{0}: {1}', item.name, l));
      } catch (err) {
        leaveOut(item, { image: item.image, reason: msg('cannot be written as {0}: {1}', to, messageOf(err)) });
        continue;
      }
      item.targetStamp = await fileStamp(item.target.file);
      const existing = item.targetStamp === undefined ? undefined : await readTextIfAny(item.target.file);
      if (existing !== undefined) item.overwrite = overwriteReason(existing, item, classes);
    }
  }
  return summarise(from, to, items, classLists, coco);
}

/** The class list each YOLO target's ids refer to: the one already there, or one new classes.txt for the images without. */
async function planClassLists(items: Mutable<PlannedImage>[], classesOf: Map<PlannedImage, readonly string[]>, root: string | undefined, leaveOut: (item: Mutable<PlannedImage>, p: ConversionProblem) => void): Promise<PlannedClassList[]> {
  const lists = new Map<string, Mutable<PlannedClassList>>();
  const without: Mutable<PlannedImage>[] = [];
  for (const item of items) {
    try {
      const found = await findClassList(item.image, item.target.file, root, parseClassList);
      if (!found.file) {
        without.push(item);
        continue;
      }
      if (!lists.has(found.file)) lists.set(found.file, { file: found.file, kind: found.kind!, classes: found.classes, existing: found.classes, exists: true });
      item.classList = found.file;
    } catch (err) {
      leaveOut(item, { image: item.image, reason: msg('its class list cannot be read: {0}', messageOf(err)) });
    }
  }
  if (without.length) {
    // Beside the labels when they share a folder; else where every label folder's walk up finds it.
    const file = path.join(commonFolder(without.map((it) => it.target.file)), 'classes.txt');
    lists.set(file, { file, kind: 'classes.txt', classes: [], existing: [], exists: false });
    for (const item of without) item.classList = file;
  }
  for (const item of items) {
    if (item.action !== 'write' || !item.classList) continue;
    const list = lists.get(item.classList)!;
    list.classes = mergeClasses(list.classes, classesOf.get(item) ?? []);
  }
  return [...lists.values()].filter((l) => items.some((it) => it.action === 'write' && it.classList === l.file));
}

/**
 * Each image's objects written into the one instances file, from `start` (its text, or undefined for
 * a new file): the text (undefined when nothing could be written) and each image's losses, named.
 * The run uses it too, to write again into a file that changed since the plan.
 */
export function chainCoco(start: string | undefined, items: readonly PlannedImage[], failed: (item: PlannedImage, reason: Message) => void, signal?: AbortSignal): { text?: string; losses: Map<PlannedImage, Message[]> } {
  const builder = new CocoBuilder(start);
  const losses = new Map<PlannedImage, Message[]>();
  for (const item of items) {
    signal?.throwIfAborted();
    try {
      losses.set(item, builder.add(item.annotation!, item.cocoName!, item.size!.channels, item.classes).map((l) => msg('{0}: {1}', item.name, l)));
    } catch (err) {
      failed(item, msg('cannot be written into {0}: {1}', path.basename(item.target.file), messageOf(err)));
    }
  }
  return { text: start !== undefined || losses.size > 0 ? builder.text() : undefined, losses };
}

async function planCoco(file: string, items: Mutable<PlannedImage>[], leaveOut: (item: Mutable<PlannedImage>, p: ConversionProblem) => void): Promise<PlannedCoco | undefined> {
  // file_name is the image's base name, COCO's custom. coco.ts finds an image by its path's end, and
  // failing that by base name, so a file cannot hold two images of one name: the later ones are left out.
  const first = new Map<string, Mutable<PlannedImage>>();
  for (const item of items) {
    const base = path.basename(item.image);
    const other = first.get(base);
    if (other) leaveOut(item, { image: item.image, file, reason: msg('{0} has the file name of {1}: one COCO file tells its images apart by file name', item.name, other.name) });
    else first.set(base, item);
    item.cocoName = base;
  }
  const writing = items.filter((it) => it.action === 'write');
  if (writing.length === 0) return undefined;
  const stamp = await fileStamp(file);
  let previous = stamp === undefined ? undefined : await readTextIfAny(file);
  if (previous !== undefined) {
    try {
      // Every list and category checked once here, as coco.ts checks them on each write of the whole text.
      LABEL_FORMATS.coco.classesIn(previous);
      const there = new CocoBuilder(previous);
      for (const item of writing) if (there.lists(item.cocoName!)) item.overwrite = msg('already lists this image; its objects there are replaced');
    } catch (err) {
      for (const item of writing) item.overwrite = msg('is not a COCO instances file ({0}) and is replaced', messageOf(err));
      previous = undefined;
    }
  }
  for (const item of writing) item.targetStamp = stamp;
  const { text, losses } = chainCoco(previous, writing, (item, reason) => leaveOut(item as Mutable<PlannedImage>, { image: item.image, file, reason }));
  for (const [item, l] of losses) (item as Mutable<PlannedImage>).losses = l;
  return text === undefined ? undefined : { file, text, previous, stamp };
}

function summarise(from: 'auto' | LabelFormatId, to: LabelFormatId, items: PlannedImage[], classLists: PlannedClassList[], coco: PlannedCoco | undefined): ConversionPlan {
  const writing = items.filter((it) => it.action === 'write');
  const problems = items.flatMap((it) => (it.problem ? [it.problem] : []));
  const losses = writing.flatMap((it) => it.losses);
  const overwrites: { file: string; images: string[]; reason: Message }[] = [];
  for (const it of writing) {
    if (!it.overwrite) continue;
    // One entry per file and reason: the images of a COCO file share it, each with its own message of the same words.
    const same = overwrites.find((o) => o.file === it.target.file && english(o.reason) === english(it.overwrite!));
    if (same) same.images.push(it.name);
    else overwrites.push({ file: it.target.file, images: [it.name], reason: it.overwrite });
  }
  return {
    from,
    to,
    images: items,
    problems,
    losses,
    overwrites,
    classLists,
    coco,
    totals: {
      images: items.length,
      converted: writing.length,
      skipped: items.filter((it) => it.action === 'skip').length,
      labels: writing.reduce((n, it) => n + (it.annotation?.shapes.length ?? 0), 0),
      losses: losses.length,
      problems: problems.length,
      overwrites: overwrites.length,
    },
  };
}

