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
import { parseClassesTxt, parseDataYamlNames } from './classes';
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
  /** Why the labels could not be read; the annotation is then empty and saving over the file is refused. */
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
  const stamp = await fileStamp(target.file);
  if (text === undefined) return { target: { ...target, exists: false }, classList, classes: classList.classes, annotation: empty, stamp };
  const format = LABEL_FORMATS[target.format];
  try {
    const fileClasses = format.classesIn(text);
    const context = { imageFileName: image.file, imageWidth: image.width, imageHeight: image.height, imageChannels: image.channels, classes: classList.classes };
    const annotation = format.read(text, context);
    const classes = mergeClasses(classList.classes, fileClasses, annotation.shapes.map((s) => s.label));
    return { target, classList, classes, annotation: { ...annotation, imageWidth: image.width, imageHeight: image.height }, stamp };
  } catch (err) {
    return { target, classList, classes: classList.classes, annotation: empty, stamp, problem: msg('{0}: {1}', path.basename(target.file), messageOf(err)) };
  }
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
  const format = LABEL_FORMATS[target.format];
  const imageFileName = format.manyImages ? path.basename(image.file) : path.relative(path.dirname(target.file), image.file) || path.basename(image.file);
  return format.write(annotation, { imageFileName, imageWidth: image.width, imageHeight: image.height, imageChannels: image.channels, classes, previous });
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
  readonly overwrite?: boolean;
  /** The class list file to append new classes to; one is created (classes.txt beside the labels) when YOLO needs it. */
  readonly classList: ClassList;
}

/** Writes the labels (and the new classes); returns the new stamp and class list. */
export async function saveLabels(image: ImageInfo, target: LabelTarget, annotation: Annotation, classes: readonly string[], options: SaveOptions): Promise<{ stamp?: string; classList: ClassList }> {
  const format = LABEL_FORMATS[target.format];
  const classList = await appendClasses(options.classList, classes, target);
  const write = async (): Promise<void> => {
    if (!format.manyImages && !options.overwrite && options.stamp !== (await fileStamp(target.file))) throw new LabelFileChanged(target.file);
    const plan = await planSave(image, target, annotation, classList.classes.length ? mergeClasses(classList.classes, classes) : classes);
    await writeFileAtomic(target.file, plan.text);
  };
  await import('node:fs/promises').then((fs) => fs.mkdir(path.dirname(target.file), { recursive: true }));
  if (format.manyImages) {
    // Windows saving other images of the same COCO file take turns; each writes into the latest text.
    const lock = await acquireLock(`${target.file}.lock`, { purpose: `saving the labels of ${path.basename(image.file)}` });
    try {
      await write();
    } finally {
      await lock.release();
    }
  } else await write();
  return { stamp: await fileStamp(target.file), classList };
}

/**
 * Appends the classes the list file lacks (in the order given) and returns the list as written. YOLO
 * without a list file gets a classes.txt beside its labels; other formats name classes in place and
 * only extend a list file that exists.
 */
export async function appendClasses(list: ClassList, classes: readonly string[], target: LabelTarget): Promise<ClassList> {
  const missing = classes.filter((c) => !list.classes.includes(c));
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
  if (add.length) await writeFileAtomic(file, doc.toString());
  return { classes: [...current, ...add], file, kind: 'data.yaml' };
}
