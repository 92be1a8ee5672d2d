// Reading and writing one image's labels on disk, for the editor and the folder conversion alike.
// Reading: the label file (labelFiles.ts finds it) through its format (formats.ts), and the class
// list: the nearest classes.txt or data.yaml, then the classes the file itself defines or uses, then
// those its shapes use, in that order. A malformed file is never overwritten: the load says why
// (with the line) and the editor refuses to save over it.
// Writing: what the format cannot hold is said first (the caller asks the user); the file is written
// whole by temp + rename; a COCO file (many images, shared by windows) is written under a lock from
// its current text, so another window's save to another image is merged, never lost; a per-image
// file changed on disk since it was read is reported, not overwritten. New classes are appended to
// the class list file (never reordered: YOLO ids are places in it).
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { parseDocument, isMap, isSeq } from 'yaml';
import { writeFileAtomic } from '../fs/atomicWrite';
import { fileStamp, readTextIfAny } from '../fs/fileStamp';
import { acquireLock } from '../fs/fileLock';
import { LocalizedError, type Message, messageOf, msg } from '../text/message';
import { checkClassNames, parseClassesTxt, parseDataYamlNames } from './classes';
import { LABEL_FORMATS, type LabelFormatId } from './formats';
import { type ClassList, findClassList, findLabels, type LabelTarget } from './labelFiles';
import { type Annotation, AnnotationError } from './shapes';

export interface ImageInfo {
  readonly file: string;
  readonly width: number;
  readonly height: number;
  readonly channels: number;
}

export interface LoadedLabels {
  readonly target: LabelTarget;
  readonly classList: ClassList;
  readonly classes: readonly string[];
  readonly annotation: Annotation;
  /** The label file's size and modification time when read: a save checks it has not changed since. */
  readonly stamp?: string;
  /**
   * Why the labels could not be read, or cannot be trusted where they lie (the file's image size is
   * not the image's); the annotation is then empty, or as read, and saving over the file is refused.
   */
  readonly problem?: Message;
}

export function parseClassList(text: string, kind: 'classes.txt' | 'data.yaml'): string[] {
  return kind === 'classes.txt' ? parseClassesTxt(text) : parseDataYamlNames(text);
}

/** Class lists joined in order, each class once (the first list's order first). */
export function mergeClasses(...lists: (readonly string[])[]): string[] {
  const out: string[] = [];
  for (const list of lists) for (const c of list) if (!out.includes(c)) out.push(c);
  return out;
}

export async function loadLabels(image: ImageInfo, preferred: LabelFormatId, root: string | undefined, chosen?: LabelTarget): Promise<LoadedLabels> {
  const target = chosen ?? (await findLabels(image.file, preferred));
  const empty: Annotation = { imageWidth: image.width, imageHeight: image.height, shapes: [] };
  let classList: ClassList;
  try {
    classList = await findClassList(image.file, target.file, root, parseClassList);
  } catch (err) {
    const problem = msg('the class list cannot be read: {0}', messageOf(err));
    return { target, classList: { classes: [] }, classes: [], annotation: empty, problem };
  }
  let text: string | undefined;
  try {
    text = await readFile(target.file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') return { target, classList, classes: classList.classes, annotation: empty, problem: msg('{0} cannot be read ({1})', path.basename(target.file), (err as Error).message) };
  }
  const format = LABEL_FORMATS[target.format];
  let stamp: string | undefined;
  try {
    stamp = await stampOf(image, target, text);
  } catch (err) {
    return { target, classList, classes: classList.classes, annotation: empty, problem: msg('{0}: {1}', path.basename(target.file), messageOf(err)) };
  }
  if (text === undefined) return { target: { ...target, exists: false }, classList, classes: classList.classes, annotation: empty, stamp };
  try {
    const fileClasses = format.classesIn(text);
    const context = { imageFileName: image.file, imageWidth: image.width, imageHeight: image.height, imageChannels: image.channels, classes: classList.classes };
    const annotation = format.read(text, context);
    const classes = mergeClasses(classList.classes, fileClasses, annotation.shapes.map((s) => s.label));
    const shown = { ...annotation, imageWidth: image.width, imageHeight: image.height };
    // Labels made on the image at another size (it was resized since) lie elsewhere on it now: shown
    // as read, said, and not saved, which would write them with the new size as if they fitted it.
    if (image.width > 0 && image.height > 0 && (annotation.imageWidth !== image.width || annotation.imageHeight !== image.height)) {
      const problem = sizeProblem(path.basename(target.file), annotation.imageWidth, annotation.imageHeight, path.basename(image.file), image.width, image.height);
      return { target, classList, classes, annotation: shown, stamp, problem };
    }
    return { target, classList, classes, annotation: shown, stamp };
  } catch (err) {
    return { target, classList, classes: classList.classes, annotation: empty, stamp, problem: msg('{0}: {1}', path.basename(target.file), messageOf(err)) };
  }
}

function sizeProblem(labelFile: string, fileWidth: number, fileHeight: number, image: string, width: number, height: number): Message {
  return msg(
    '{0} says its image is {1} × {2} pixels, but {3} is {4} × {5}: if the image was resized, its labels show in the wrong place. Scale the labels to the image in the tool that made them, or, if they fit, correct the size written in {0}; then revert. Saving is refused until the sizes agree.',
    labelFile, fileWidth, fileHeight, image, width, height,
  );
}

/** Whether a load's problem is a stored image size that is not the image's: the labels are then shown, though not saved. */
export function isSizeProblem(problem: Message | string | undefined): boolean {
  return typeof problem === 'object' && problem.template === sizeProblem('', 0, 0, '', 0, 0).template;
}

export interface SavePlan {
  readonly text: string;
  readonly losses: readonly Message[];
  readonly classes: readonly string[];
}

/** What saving would write and lose, from the file's current text (for COCO, other images' labels). */
export async function planSave(image: ImageInfo, target: LabelTarget, annotation: Annotation, classes: readonly string[]): Promise<SavePlan> {
  let previous: string | undefined;
  try {
    previous = await readFile(target.file, 'utf8');
  } catch {
    previous = undefined;
  }
  return planOver(image, target, annotation, classes, previous);
}

/** What saving writes over `previous`, the label file's text as it is (undefined: none yet). */
function planOver(image: ImageInfo, target: LabelTarget, annotation: Annotation, classes: readonly string[], previous: string | undefined): SavePlan {
  const format = LABEL_FORMATS[target.format];
  const imageFileName = format.manyImages ? path.basename(image.file) : path.relative(path.dirname(target.file), image.file) || path.basename(image.file);
  // COCO finds the image's entry by its whole path, as reading did: by the base name alone, a file
  // listing train/x.png and val/x.png could not tell which one the save is for.
  return format.write(annotation, { imageFileName, imagePath: image.file, imageWidth: image.width, imageHeight: image.height, imageChannels: image.channels, classes, previous });
}

/**
 * What a save checks has not changed since reading: the label file's size and time, or, in a file of
 * many images (COCO), this image's entry and objects (`text`: the file's text, when already read).
 */
export async function stampOf(image: ImageInfo, target: LabelTarget, text?: string): Promise<string | undefined> {
  const format = LABEL_FORMATS[target.format];
  if (!format.imageStamp) return fileStamp(target.file);
  const current = text ?? (await readTextIfAny(target.file));
  return current === undefined ? undefined : format.imageStamp(current, { imageFileName: path.basename(image.file), imagePath: image.file, imageWidth: image.width, imageHeight: image.height });
}

/**
 * A target the user chose (Choose Format), with the stamp its save checks: the chosen file's as it is
 * now (none while it does not exist; in a COCO file, this image's entry and objects). The previous
 * file's stamp compared against another file would call an untouched or new file changed on disk.
 */
export async function chosenTarget(image: ImageInfo, target: LabelTarget): Promise<{ target: LabelTarget; stamp?: string }> {
  const stamp = await stampOf(image, target);
  return { target: { ...target, exists: stamp !== undefined }, stamp };
}

/**
 * The class list a copy saved elsewhere (Save As) is written with: the destination's own (the
 * classes.txt or data.yaml nearest the copy), extended by the classes its labels use. The source's
 * list would number a YOLO copy by the source's order and append new classes to the source's file.
 */
export async function saveAsClasses(image: ImageInfo, target: LabelTarget, root: string | undefined, labels: readonly { readonly label: string }[]): Promise<{ classList: ClassList; classes: string[] }> {
  const classList = await findClassList(image.file, target.file, root, parseClassList);
  return { classList, classes: mergeClasses(classList.classes, labels.map((s) => s.label)) };
}

export class LabelFileChanged extends LocalizedError {
  constructor(file: string) {
    super(msg('{0} changed on disk since it was read (another window or program wrote it)', path.basename(file)));
    this.name = 'LabelFileChanged';
  }
}

export interface SaveOptions {
  /** The stamp from loadLabels: a per-image file changed since is not overwritten (LabelFileChanged). */
  readonly stamp?: string;
  /** Writes whatever changed on disk since reading (the user said Overwrite, or Save As). */
  readonly overwrite?: boolean;
  /** The class list file to append new classes to; one is created (classes.txt beside the labels) when YOLO needs it. */
  readonly classList: ClassList;
}

/** Writes the labels (and the new classes); returns the new stamp and class list. */
export async function saveLabels(image: ImageInfo, target: LabelTarget, annotation: Annotation, classes: readonly string[], options: SaveOptions): Promise<{ stamp?: string; classList: ClassList }> {
  const format = LABEL_FORMATS[target.format];
  // Before anything is written: a name that is not one plain line would shift the ids of a class list.
  checkClassNames([...classes, ...annotation.shapes.map((s) => s.label)], (_name, problem) => msg('the labels of {0} are not saved: {1}', path.basename(image.file), problem));
  const classList = await appendClasses(options.classList, classes, target);
  // The new stamp: a per-image file's after the rename; this image's in a COCO file from the text
  // written, under the lock (read back after it, another window's save of it would pass unnoticed).
  const write = async (): Promise<string | undefined> => {
    // A COCO file's other images may have been saved by other windows (merged below); this image's
    // objects saved by another window since reading would be replaced: reported, as a per-image file's are.
    // A file of many images is read once under the lock, for the check and for the text written into.
    const current = format.imageStamp ? await readTextIfAny(target.file) : undefined;
    if (!options.overwrite && options.stamp !== (await stampOf(image, target, current))) throw new LabelFileChanged(target.file);
    const merged = classList.classes.length ? mergeClasses(classList.classes, classes) : classes;
    const plan = format.imageStamp ? planOver(image, target, annotation, merged, current) : await planSave(image, target, annotation, merged);
    await writeFileAtomic(target.file, plan.text);
    return stampOf(image, target, plan.text);
  };
  await import('node:fs/promises').then((fs) => fs.mkdir(path.dirname(target.file), { recursive: true }));
  if (format.manyImages) {
    // Windows saving other images of the same COCO file take turns; each writes into the latest text.
    const lock = await acquireLock(`${target.file}.lock`, { purpose: `saving the labels of ${path.basename(image.file)}` });
    try {
      return { stamp: await write(), classList };
    } finally {
      await lock.release();
    }
  }
  return { stamp: await write(), classList };
}

/**
 * Appends the classes the list file lacks (in the order given) and returns the list as written. YOLO
 * without a list file gets a classes.txt beside its labels; other formats name classes in place and
 * only extend a list file that exists.
 */
export async function appendClasses(list: ClassList, classes: readonly string[], target: LabelTarget): Promise<ClassList> {
  const missing = classes.filter((c) => !list.classes.includes(c));
  // One name a line: a line break, a blank at either end or an empty name would give the classes
  // after it other ids when the list is read back; such a name is refused, never written.
  checkClassNames(missing, (_name, problem) => msg('{0} is not changed: {1}', path.basename(list.file ?? 'classes.txt'), problem));
  const yolo = target.format === 'yolo-detect' || target.format === 'yolo-segment';
  if (missing.length === 0 || (!list.file && !yolo)) return list;
  const file = list.file ?? path.join(path.dirname(target.file), 'classes.txt');
  // Windows adding classes to one list take turns, each reading what the other wrote (never the
  // last writer's list alone: a YOLO id is a place in it).
  const lock = await acquireLock(`${file}.lock`, { purpose: `adding classes to ${path.basename(file)}` });
  try {
    return list.file && list.kind === 'data.yaml' ? await appendToDataYaml(file, classes) : await appendToClassesTxt(file, classes);
  } finally {
    await lock.release();
  }
}

async function appendToClassesTxt(file: string, classes: readonly string[]): Promise<ClassList> {
  const text = (await readTextIfAny(file)) ?? '';
  // Re-read: another window may have added classes since; only what is still missing is appended.
  const current = text.trim() ? parseClassesTxt(text) : [];
  const add = classes.filter((c) => !current.includes(c));
  if (add.length) await writeFileAtomic(file, `${current.join('\n')}${current.length ? '\n' : ''}${add.join('\n')}\n`);
  return { classes: [...current, ...add], file, kind: 'classes.txt' };
}

async function appendToDataYaml(file: string, classes: readonly string[]): Promise<ClassList> {
  const text = await readFile(file, 'utf8');
  const doc = parseDocument(text);
  const names = doc.get('names', true);
  const current = parseDataYamlNames(text);
  const add = classes.filter((c) => !current.includes(c));
  if (isSeq(names)) for (const c of add) names.add(c);
  else if (isMap(names)) add.forEach((c, i) => names.set(current.length + i, c));
  else throw new AnnotationError(msg('{0} has no names list to add {1} to', path.basename(file), add.join(', ')));
  // Ultralytics refuses a data.yaml whose nc is not the number of its names.
  if (add.length && typeof doc.get('nc') === 'number') doc.set('nc', current.length + add.length);
  if (add.length) await writeFileAtomic(file, doc.toString());
  return { classes: [...current, ...add], file, kind: 'data.yaml' };
}
