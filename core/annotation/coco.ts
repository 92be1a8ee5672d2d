// COCO instances JSON: one file for many images (`images` with id, file_name, width, height;
// `annotations` with image_id, category_id, bbox [x, y, w, h], segmentation, area, iscrowd;
// `categories` with ids that need not be contiguous, COCO's own run 1…90 with gaps). The editor
// reads the objects of one image and writes that image's objects back into the file as it was,
// keeping every other image, annotation, category, info, licenses and unknown key, and the file's
// layout (one line or indented, Python's separators or JavaScript's).
//
// How objects map to shapes:
//   segmentation, a list of polygons  one polygon shape per part; the parts of an object of several
//                                     share a group (shapes.ts; numbered by the object's place
//                                     among the image's objects, from 1), and polygons with the same
//                                     label and group are written back as one object, parts in order
//   segmentation, RLE                 a mask shape (rle.ts), written back compressed or not as it was
//   no segmentation (or [])           a box shape from bbox
// Points have no COCO form (keypoints belong to a person skeleton, not to a free point).
// Each shape keeps the annotation it came from in extra.coco: its id, iscrowd and unknown keys go
// back as they were, and while the geometry is what the file held, so do its segmentation, bbox
// and area (COCO's area of a polygon is its rasterised pixel count, which no polygon formula
// reproduces). New or changed geometry is written with two decimals, COCO's own precision, and
// area is the polygon's area (or the mask's pixel count, or the box's), bbox its bounds.
import { createHash } from 'node:crypto';
import { type Message, messageOf, msg } from '../text/message';
import { classNameProblem } from './classes';
import { formatJson, type JsonStyle, jsonStyleOf, parseJson, parseJsonKeepingText, pyFloat, unsafeInteger } from './jsonText';
import type { BinaryMask } from './mask';
import { type CocoRle, decodeRle, encodeRle, maskToCounts, rleArea } from './rle';
import { type Annotation, AnnotationError, boundingBox, maskBounds, sameMask, type Shape, shapeName } from './shapes';

type Json = Record<string, unknown>;

export interface CocoImage {
  /** The image's file name or path; the entry whose file_name shares the most trailing parts with it is the image's (imageNameMatch). */
  readonly imageFileName: string;
  /** The image's full path, matched instead of imageFileName where given; imageFileName then only names a new entry. */
  readonly imagePath?: string;
  /** Used where the file does not have the image yet. */
  readonly imageWidth?: number;
  readonly imageHeight?: number;
  /** The class list (classes.txt, data.yaml): classes it has that the file lacks become categories in its order. */
  readonly classes?: readonly string[];
}

export interface CocoOutput {
  readonly text: string;
  readonly losses: readonly Message[];
  /** The category names in the file's order, new ones last. */
  readonly classes: readonly string[];
}

/** What a new file looks like: COCO's own files' layout, on one line. */
const NEW_FILE_STYLE: JsonStyle = { itemSeparator: ',', keySeparator: ': ', end: '\n' };

const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
const round2 = (v: number): number => Math.round(v * 100) / 100;

interface CocoFile {
  readonly root: Json;
  readonly images: Json[];
  readonly annotations: Json[];
  readonly categories: Json[];
}

/** The file's objects; `keepText` for a file to write back, whose unchanged parts keep their text (formatJson). */
function parseCoco(text: string, keepText = false): CocoFile {
  const root = (keepText ? parseJsonKeepingText : parseJson)(text, msg('the COCO file'));
  if (!isRecord(root)) throw new AnnotationError(msg('the COCO file is not a JSON object with `images`, `annotations` and `categories`: is it a COCO instances file?'), 1);
  const list = (key: string, required: boolean): Json[] => {
    const v = root[key];
    if (v === undefined && !required) return [];
    if (!Array.isArray(v)) throw new AnnotationError(msg('the COCO file has no `{0}` list: is it a COCO instances file (not a results or panoptic file)?', key));
    const bad = v.findIndex((item) => !isRecord(item));
    if (bad >= 0) throw new AnnotationError(msg('item {0} of the COCO file’s `{1}` is not an object', bad + 1, key));
    return v as Json[];
  };
  return { root, images: list('images', true), annotations: list('annotations', false), categories: list('categories', true) };
}

/** The class names a COCO file defines, in the order of its categories. */
export function cocoClasses(text: string): string[] {
  // Checked as reading checks them: a name no class list can hold never reaches one.
  return [...categoryNames(parseCoco(text)).values()];
}

/** A path's parts, either slash, without "." parts. */
const partsOf = (p: string): string[] => p.replace(/\\/g, '/').split('/').filter((part) => part !== '' && part !== '.');

/**
 * How well a file_name names the image at `image` (a path, or a name): 0 for another image; more for
 * each trailing part they share (val/x.png beats x.png beats train/x.png for …/val/x.png), then for one
 * being the whole end of the other, then for equal paths. Reading, saving and the choice among COCO
 * files (labelFiles.ts) all rank entries by it, so that a save writes the entry its read showed.
 */
export function imageNameMatch(fileName: string, image: string): number {
  const a = partsOf(fileName);
  const b = partsOf(image);
  let common = 0;
  while (common < a.length && common < b.length && a[a.length - 1 - common] === b[b.length - 1 - common]) common++;
  if (common === 0) return 0;
  const whole = common === a.length || common === b.length;
  return common * 4 + (whole ? 2 : 0) + (a.length === b.length && whole ? 1 : 0);
}

function findImage(file: CocoFile, imageFileName: string): Json | undefined {
  let best = 0;
  let found: Json[] = [];
  for (const image of file.images) {
    const score = imageNameMatch(String(image.file_name ?? ''), imageFileName);
    if (score > best) [best, found] = [score, [image]];
    else if (score === best && score > 0) found.push(image);
  }
  if (found.length > 1) {
    const ids = found.map((image) => String(image.id)).join(', ');
    throw new AnnotationError(msg('{0} images of the COCO file match "{1}" equally well (ids {2}): correct their file_name in the file so that each names its image’s folder too (val/x.png)', found.length, imageFileName, ids));
  }
  return found[0];
}

function categoryNames(file: CocoFile): Map<unknown, string> {
  const names = new Map<unknown, string>();
  for (const c of file.categories) {
    if (names.has(c.id)) throw new AnnotationError(msg('the COCO file has two categories with the id {0}: give one of them a new id', String(c.id)));
    if (typeof c.name !== 'string' || !c.name) throw new AnnotationError(msg('category {0} of the COCO file has no name', String(c.id)));
    const problem = classNameProblem(c.name);
    if (problem) throw new AnnotationError(msg('category {0} of the COCO file: {1}', String(c.id), problem));
    names.set(c.id, c.name);
  }
  return names;
}

function numbers(v: unknown, length?: number): v is number[] {
  return Array.isArray(v) && (length === undefined || v.length === length) && v.every((n) => typeof n === 'number' && Number.isFinite(n));
}

function isRle(v: unknown): v is CocoRle {
  return isRecord(v) && numbers(v.size, 2) && (typeof v.counts === 'string' || numbers(v.counts));
}

/**
 * The mask each RLE read decoded to. A mask shape that still holds that very mask is unchanged, so a
 * save (and the editor checks what a save would keep after every edit) need not decode it again.
 */
const decodedRle = new WeakMap<object, BinaryMask>();

/** The shapes of one annotation, as they were read (also used to tell whether a shape is unchanged). */
function shapesOf(ann: Json, label: string, group: number, sizes: readonly (readonly [number, number])[]): Shape[] {
  const id = String(ann.id);
  const seg = ann.segmentation;
  const extra = { coco: ann };
  if (Array.isArray(seg) && seg.length > 0) {
    return seg.map((part, k) => {
      if (!numbers(part) || part.length % 2 !== 0 || part.length < 6) {
        throw new AnnotationError(msg('annotation {0}: polygon {1} is not a list of x, y pairs with at least three points; correct or remove that annotation', id, k + 1));
      }
      const points: [number, number][] = [];
      for (let i = 0; i < part.length; i += 2) points.push([part[i], part[i + 1]]);
      return seg.length > 1 ? { kind: 'polygon', label, points, group, extra } : { kind: 'polygon', label, points, extra };
    });
  }
  if (isRecord(seg)) {
    if (!isRle(seg)) throw new AnnotationError(msg('annotation {0}: its segmentation is neither polygons nor an RLE with size and counts', id));
    // An RLE covers the whole image: a size of its own would make a mask the image cannot hold, and
    // lets a few bytes of file ask for gigabytes of pixels.
    const [h, w] = seg.size;
    for (const [ih, iw] of sizes) {
      if (ih > 0 && iw > 0 && (h !== ih || w !== iw)) {
        throw new AnnotationError(msg('annotation {0}: its RLE size is {1} × {2} (height × width), not the image’s {3} × {4}: correct the size or the image entry', id, h, w, ih, iw));
      }
    }
    try {
      const mask = decodeRle(seg);
      decodedRle.set(seg, mask);
      return [{ kind: 'mask', label, mask, extra }];
    } catch (err) {
      if (err instanceof AnnotationError) throw new AnnotationError(msg('annotation {0}: {1}', id, messageOf(err)));
      throw err;
    }
  }
  if (!numbers(ann.bbox, 4)) throw new AnnotationError(msg('annotation {0} has neither a segmentation nor a bbox [x, y, width, height]', id));
  const [x, y, width, height] = upright(ann.bbox);
  return [{ kind: 'box', label, x, y, width, height, extra }];
}

/**
 * A bbox with a negative width or height (a converter's sign error) as the box it spans: a box of
 * negative size can be neither drawn nor edited. While unmoved it is written back as the file had it.
 */
function upright([x, y, width, height]: readonly number[]): [number, number, number, number] {
  return [Math.min(x, x + width), Math.min(y, y + height), Math.abs(width), Math.abs(height)];
}

/**
 * What a save checks has not changed of one image in a file many windows write: its entry and its
 * objects as they stand, undefined while the file does not list it. Other images' saves leave it
 * as it was, so they are merged; another save of this image changes it (LabelFileChanged).
 */
export function cocoImageStamp(text: string, image: CocoImage): string | undefined {
  const file = parseCoco(text);
  const entry = findImage(file, image.imagePath ?? image.imageFileName);
  if (!entry) return undefined;
  const objects = file.annotations.filter((a) => a.image_id === entry.id);
  return `coco:${createHash('sha256').update(JSON.stringify([entry, objects])).digest('hex').slice(0, 32)}`;
}

/** The objects of one image; an image the file does not list has none yet. */
export function readCoco(text: string, image: CocoImage): Annotation {
  const file = parseCoco(text);
  const names = categoryNames(file);
  const entry = findImage(file, image.imagePath ?? image.imageFileName);
  const size = (v: unknown, fallback: number | undefined): number => (typeof v === 'number' && v > 0 ? v : (fallback ?? 0));
  if (!entry) return { imageWidth: image.imageWidth ?? 0, imageHeight: image.imageHeight ?? 0, shapes: [] };
  const imageWidth = size(entry.width, image.imageWidth);
  const imageHeight = size(entry.height, image.imageHeight);
  // An RLE must fit both the file's image entry and the image itself, where that is known.
  const sizes = [[imageHeight, imageWidth], [image.imageHeight ?? 0, image.imageWidth ?? 0]] as const;
  const shapes: Shape[] = [];
  file.annotations
    .filter((a) => a.image_id === entry.id)
    .forEach((ann, k) => {
      const label = names.get(ann.category_id);
      if (label === undefined) {
        throw new AnnotationError(
          msg('annotation {0} has the category_id {1}, which is not among the file’s categories: add that category or correct the annotation', String(ann.id), String(ann.category_id)),
        );
      }
      shapes.push(...shapesOf(ann, label, k + 1, sizes));
    });
  return { imageWidth, imageHeight, shapes };
}

interface CocoObject {
  readonly label: string;
  readonly shapes: Shape[];
}

/** Polygons with the same label and group join one object; every other shape is an object of its own. */
function objectsOf(shapes: readonly Shape[], losses: Message[]): CocoObject[] {
  const objects: CocoObject[] = [];
  const byGroup = new Map<string, CocoObject>();
  shapes.forEach((shape, i) => {
    if (shape.kind === 'point') {
      losses.push(msg('{0} has no {1} form and is left out', shapeName(shape, i), 'COCO'));
      return;
    }
    const key = shape.group === undefined ? undefined : `${shape.group}\u0000${shape.label}`;
    if (key !== undefined && shape.kind === 'polygon') {
      const joined = byGroup.get(key);
      if (joined && joined.shapes[0].kind === 'polygon') {
        joined.shapes.push(shape);
        return;
      }
    }
    const object = { label: shape.label, shapes: [shape] };
    if (key !== undefined && !byGroup.has(key)) byGroup.set(key, object);
    else if (key !== undefined) losses.push(msg('{0} becomes an object of its own: a COCO object joins polygons only', shapeName(shape, i)));
    objects.push(object);
  });
  return objects;
}

/**
 * The segmentation, bbox and area of an object, its stored form while the geometry is unchanged;
 * new polygon and box numbers through `float` (Python's 10.0 in a file json.dump wrote).
 */
function geometryOf(object: CocoObject, original: Json | undefined, imageWidth: number, imageHeight: number, float: (v: number) => unknown): Json {
  const [first] = object.shapes;
  // A key the annotation did not have stays undefined, and formatJson leaves it out.
  const kept = (): Json => ({ segmentation: original?.segmentation, bbox: original?.bbox, area: original?.area });
  if (first.kind === 'polygon') {
    const parts = object.shapes.map((s) => (s.kind === 'polygon' ? s.points.flatMap(([x, y]) => [x, y]) : []));
    if (original && sameJson(original.segmentation, parts)) return kept();
    const all = object.shapes.flatMap((s) => (s.kind === 'polygon' ? s.points : []));
    const b = boundingBox(all);
    const area = object.shapes.reduce((sum, s) => sum + (s.kind === 'polygon' ? Math.abs(shoelace(s.points)) : 0), 0);
    return { segmentation: parts.map((p) => p.map((v) => float(round2(v)))), bbox: [b.x, b.y, b.width, b.height].map((v) => float(round2(v))), area: float(round2(area)) };
  }
  if (first.kind === 'box') {
    const bbox = [first.x, first.y, first.width, first.height];
    const wasBox = original && !isRle(original.segmentation) && !(Array.isArray(original.segmentation) && original.segmentation.length > 0);
    if (original && wasBox && numbers(original.bbox, 4) && sameJson(upright(original.bbox), bbox)) return kept();
    return { segmentation: [], bbox: bbox.map((v) => float(round2(v))), area: float(round2(first.width * first.height)) };
  }
  if (first.kind !== 'mask') throw new Error(`a COCO object cannot hold a ${first.kind}`);
  const before = original?.segmentation;
  if (isRle(before) && sameMaskAs(before, first.mask)) return kept();
  if (!(imageWidth > 0 && imageHeight > 0)) throw new AnnotationError(msg('the image size {0} × {1} is not known: a COCO RLE covers the whole image', imageWidth, imageHeight));
  const form = isRle(before) && typeof before.counts !== 'string' ? 'uncompressed' : 'compressed';
  const rle = encodeRle(first.mask, imageHeight, imageWidth, form);
  const b = maskBounds(first.mask);
  return { segmentation: { size: rle.size, counts: rle.counts }, bbox: [b.x, b.y, b.width, b.height], area: rleArea(maskToCounts(first.mask, imageHeight, imageWidth)) };
}

function sameMaskAs(rle: CocoRle, mask: BinaryMask): boolean {
  if (decodedRle.get(rle) === mask) return true;
  try {
    return sameMask(decodeRle(rle), mask);
  } catch {
    return false;
  }
}

function shoelace(points: readonly (readonly [number, number])[]): number {
  let twice = 0;
  for (let i = 0; i < points.length; i++) {
    const [x0, y0] = points[i];
    const [x1, y1] = points[(i + 1) % points.length];
    twice += x0 * y1 - x1 * y0;
  }
  return twice / 2;
}

const nextId = (items: readonly Json[]): number => items.reduce((max, item) => (typeof item.id === 'number' && item.id > max ? item.id : max), 0) + 1;

/**
 * One image's objects written into a COCO file (`previous`, or a new file): that image's
 * annotations are replaced where they stood, new classes become categories with new ids, a new
 * image gets an entry with a new id.
 */
export function writeCoco(annotation: Annotation, image: CocoImage & { readonly previous?: string }): CocoOutput {
  const losses: Message[] = [];
  const file: CocoFile = image.previous === undefined ? { root: {}, images: [], annotations: [], categories: [] } : parseCoco(image.previous, true);
  // Every number of the file is written again, through JavaScript's numbers: an id beyond 2^53 would
  // be saved rounded, onto another image's or object's id.
  const unsafe = image.previous === undefined ? undefined : unsafeInteger(image.previous);
  if (unsafe !== undefined) {
    throw new AnnotationError(msg('the COCO file holds the number {0}, too large to be saved exactly (the largest is {1}): saving would round it and could merge ids; renumber the file’s ids first', unsafe, String(Number.MAX_SAFE_INTEGER)));
  }
  const style = image.previous === undefined ? NEW_FILE_STYLE : jsonStyleOf(image.previous);
  const { imageWidth: w, imageHeight: h } = annotation;
  let entry = findImage(file, image.imagePath ?? image.imageFileName);
  if (!entry) {
    entry = { id: nextId(file.images), file_name: image.imageFileName, width: w, height: h };
    file.images.push(entry);
  } else if (w > 0 && h > 0 && (entry.width !== w || entry.height !== h)) {
    entry.width = w;
    entry.height = h;
  }
  const imageId = entry.id;

  const names = categoryNames(file);
  const idOf = new Map<string, unknown>();
  for (const [id, name] of names) if (!idOf.has(name)) idOf.set(name, id);
  let nextCategory = nextId(file.categories);
  // New categories: the class list's (classes.txt, data.yaml) in its order first, so that a YOLO
  // dataset's class i becomes category i + 1 whatever order the objects come in; then other labels.
  const wanted = [...(image.classes ?? []), ...annotation.shapes.filter((s) => s.kind !== 'point').map((s) => s.label)];
  for (const label of wanted) {
    if (idOf.has(label)) continue;
    // CVAT's convention for a category with no supercategory.
    file.categories.push({ id: nextCategory, name: label, supercategory: '' });
    idOf.set(label, nextCategory);
    names.set(nextCategory, label);
    nextCategory++;
  }

  const others = file.annotations.filter((a) => a.image_id !== imageId);
  const taken = new Set(others.map((a) => a.id));
  let nextAnnotation = nextId(file.annotations);
  const written = objectsOf(annotation.shapes, losses).map((object): Json => {
    const original = object.shapes.map((s) => s.extra?.coco).find((c): c is Json => isRecord(c));
    let id = original?.id;
    if (id === undefined || taken.has(id)) id = nextAnnotation++;
    taken.add(id);
    const categoryId = original && names.get(original.category_id) === object.label ? original.category_id : idOf.get(object.label);
    const geometry = geometryOf(object, original, w, h, style.pythonFloats ? pyFloat : (v) => v);
    // COCO's documented key order for a new object; an existing one keeps its own.
    const fresh = { id: undefined, image_id: undefined, category_id: undefined, segmentation: undefined, area: undefined, bbox: undefined, iscrowd: 0 };
    const base: Json = original ? { ...original } : fresh;
    const result = Object.assign(base, { id, image_id: imageId, category_id: categoryId }, geometry);
    // An object the edit left as it was is written as its text was (formatJson keeps the text of what it read).
    return original && sameJson(result, original) ? original : result;
  });

  // An object that was in the file stays where it stood (COCO's own files are not sorted by
  // image); new ones follow the image's last object, or end the list.
  const ownIds = new Set(file.annotations.filter((a) => a.image_id === imageId).map((a) => a.id));
  const own = new Map(written.filter((a) => ownIds.has(a.id)).map((a) => [a.id, a]));
  const annotations: Json[] = [];
  const placed = new Set<Json>();
  let after = -1;
  for (const a of file.annotations) {
    if (a.image_id !== imageId) {
      annotations.push(a);
      continue;
    }
    const replacement = own.get(a.id);
    if (replacement && !placed.has(replacement)) {
      annotations.push(replacement);
      placed.add(replacement);
    }
    after = annotations.length;
  }
  annotations.splice(after < 0 ? annotations.length : after, 0, ...written.filter((a) => !placed.has(a)));
  const root: Json = image.previous === undefined ? { images: file.images, annotations, categories: file.categories } : file.root;
  root.annotations = annotations;
  return { text: formatJson(root, style), losses, classes: file.categories.map((c) => String(c.name)) };
}
