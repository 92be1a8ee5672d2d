// COCO instances files in work over a whole folder, where one file holds the labels of thousands of
// images and going through the whole text once per image would make the work quadratic (coco.ts
// parses and formats the whole file on each read and write):
//   CocoSources  reads each file once and gives an image's labels from its part of the file;
//   CocoBuilder  builds one file from many images' labels with coco.ts's own writer.
// Both hand coco.ts small files holding exactly what it looks at for one image, so the labels read
// and the text written are those that reading and chaining the whole file give.
import { readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { LocalizedError, type Message, msg } from '../text/message';
import { LABEL_FORMATS } from './formats';
import { instancesCandidates } from './labelFiles';
import { formatJson, type JsonStyle, jsonStyleOf, parseJson } from './jsonText';
import type { Annotation } from './shapes';

type Json = Record<string, unknown>;

/** A file_name's last part, as coco.ts compares names (either slash). */
const baseName = (p: string): string => p.slice(p.replace(/\\/g, '/').lastIndexOf('/') + 1);

/** Adds to a map of lists. */
function push<K>(map: Map<K, Json[]>, key: K, item: Json): void {
  const list = map.get(key);
  if (list) list.push(item);
  else map.set(key, [item]);
}

/** The largest numeric id, 0 if none (coco.ts's next id is this plus one). */
const maxId = (items: readonly Json[]): number => items.reduce((max, item) => (typeof item.id === 'number' && item.id > max ? item.id : max), 0);

/** COCO instances files, each read once; an image's objects are read from the part of the file that can name it. */
export class CocoSources {
  private readonly files = new Map<string, Promise<CocoIndex | undefined>>();
  private readonly folders = new Map<string, Promise<string[]>>();

  /** The parsed file, undefined when it is not a COCO instances file; rejects with the reader's error when it is not JSON. */
  private index(file: string): Promise<CocoIndex | undefined> {
    let got = this.files.get(file);
    if (!got) {
      got = indexCoco(file);
      this.files.set(file, got);
    }
    return got;
  }

  /**
   * One image's labels and the file's class names, read by coco.ts from the entries with the image's
   * base name (the only ones its names can match), their objects and all categories. Rejects with
   * the reader's error (with its line where the file is not JSON).
   */
  async read(file: string, image: { readonly file: string; readonly width: number; readonly height: number; readonly channels?: number }): Promise<{ annotation: Annotation; classes: readonly string[] }> {
    const index = await this.index(file);
    if (!index) throw new LocalizedError(msg('{0} is not a COCO instances file (it has no images and categories lists)', path.basename(file)));
    const entries = index.byBase.get(path.basename(image.file)) ?? [];
    const part = JSON.stringify({ images: entries, annotations: entries.flatMap((e) => index.byImage.get(e.id) ?? []), categories: index.categories });
    const format = LABEL_FORMATS.coco;
    const annotation = format.read(part, { imageFileName: image.file, imageWidth: image.width, imageHeight: image.height, imageChannels: image.channels });
    return { annotation, classes: format.classesIn(part) };
  }

  /** The COCO file of the image's folder, its parent or the parent's annotations/ that lists it (labelFiles.ts's places). */
  async find(image: string): Promise<string | undefined> {
    const dir = path.dirname(image);
    for (const d of [dir, path.dirname(dir), path.join(path.dirname(dir), 'annotations')]) {
      let names = this.folders.get(d);
      if (!names) {
        names = readdir(d).then((n) => instancesCandidates(n).sort(), () => []);
        this.folders.set(d, names);
      }
      for (const n of await names) {
        const index = await this.index(path.join(d, n)).catch(() => undefined);
        if (index?.byBase.has(path.basename(image))) return index.file;
      }
    }
    return undefined;
  }
}

interface CocoIndex {
  readonly file: string;
  readonly categories: readonly Json[];
  readonly byBase: ReadonlyMap<string, Json[]>;
  readonly byImage: ReadonlyMap<unknown, Json[]>;
}

async function indexCoco(file: string): Promise<CocoIndex | undefined> {
  const text = await readFile(file, 'utf8');
  const doc = parseJson(text, path.basename(file)) as Json | null;
  if (!doc || typeof doc !== 'object' || !Array.isArray(doc.images) || !Array.isArray(doc.categories)) return undefined;
  const byBase = new Map<string, Json[]>();
  for (const image of doc.images as Json[]) push(byBase, baseName(String(image?.file_name ?? '')), image);
  const byImage = new Map<unknown, Json[]>();
  for (const a of Array.isArray(doc.annotations) ? (doc.annotations as Json[]) : []) push(byImage, a?.image_id, a);
  return { file, categories: doc.categories as Json[], byBase, byImage };
}

/** Marks the stand-ins CocoBuilder puts in an image's small file to carry the largest ids. */
const STAND_IN = '\u0000hai-stand-in';

/**
 * A COCO instances file built in memory with coco.ts's writer, one image at a time, in time linear
 * in the images. Chaining the writer through the whole text (each image written into the text of the
 * ones before) parses and formats all of it once per image: 2000 images took a minute. Here each
 * image is written into a small file holding what the writer looks at for it — the entry its name
 * matches and that entry's objects, every category, and the largest image and object ids (a marked
 * stand-in where no real entry of the small file has them), so that new ids follow on as in the
 * whole file — and the result is merged back where the writer would have put it. The text is the
 * one chaining gives, with one difference: an object id carried over from another COCO file that
 * this file already uses is renumbered after the writer's new ids rather than among them. An image
 * whose base name several entries share is written into the whole text, the writer telling them apart.
 */
export class CocoBuilder {
  private readonly style: JsonStyle;
  private root: Json = {};
  private fresh: boolean;
  private images: Json[] = [];
  private annotations: Json[] = [];
  private categories: Json[] = [];
  private byBase = new Map<string, Json[]>();
  private byImage = new Map<unknown, Json[]>();
  private annotationIds = new Set<unknown>();
  private maxImage = 0;
  private maxAnnotation = 0;

  /** `previous`: a valid COCO instances file (coco.ts's classesIn accepts it), or undefined for a new one. */
  constructor(previous: string | undefined) {
    const writer = LABEL_FORMATS.coco;
    this.style = jsonStyleOf(previous ?? writer.write({ imageWidth: 1, imageHeight: 1, shapes: [] }, { imageFileName: 'new.png', imageWidth: 1, imageHeight: 1 }).text);
    this.fresh = previous === undefined;
    if (previous !== undefined) this.load(JSON.parse(previous) as Json);
  }

  private load(root: Json): void {
    this.root = root;
    this.images = root.images as Json[];
    this.annotations = Array.isArray(root.annotations) ? (root.annotations as Json[]) : [];
    this.categories = root.categories as Json[];
    this.byBase = new Map();
    this.byImage = new Map();
    this.annotationIds = new Set(this.annotations.map((a) => a.id));
    for (const image of this.images) push(this.byBase, baseName(String(image.file_name ?? '')), image);
    for (const a of this.annotations) push(this.byImage, a.image_id, a);
    this.maxImage = maxId(this.images);
    this.maxAnnotation = maxId(this.annotations);
  }

  /** Whether the file has an entry this name matches (coco.ts matches by path suffix, then by base name). */
  lists(imageFileName: string): boolean {
    return this.byBase.has(baseName(imageFileName));
  }

  /** Writes one image's objects (replacing those the file had for it); returns what COCO cannot hold. Throws, changing nothing, where the writer does. */
  add(annotation: Annotation, imageFileName: string, channels?: number, classes?: readonly string[]): readonly Message[] {
    const writer = LABEL_FORMATS.coco;
    const context = { imageFileName, imageWidth: annotation.imageWidth, imageHeight: annotation.imageHeight, imageChannels: channels, classes };
    const candidates = this.byBase.get(baseName(imageFileName)) ?? [];
    if (candidates.length > 1) {
      const out = writer.write(annotation, { ...context, previous: this.text() });
      this.fresh = false;
      this.load(JSON.parse(out.text) as Json);
      return out.losses;
    }
    const [entry] = candidates;
    const own = entry ? (this.byImage.get(entry.id) ?? []) : [];
    const small = {
      images: [...(entry?.id === this.maxImage ? [] : [{ id: this.maxImage, [STAND_IN]: true }]), ...candidates],
      annotations: [...(own.some((a) => a.id === this.maxAnnotation) ? [] : [{ id: this.maxAnnotation, image_id: null, [STAND_IN]: true }]), ...own],
      categories: this.categories,
    };
    const out = writer.write(annotation, { ...context, previous: JSON.stringify(small) });
    const doc = JSON.parse(out.text) as { images: Json[]; annotations: Json[]; categories: Json[] };
    const written = doc.images.find((i) => !i[STAND_IN])!;
    const objects = doc.annotations.filter((a) => !a[STAND_IN]);
    const before = new Set(own.map((a) => a.id));
    this.maxAnnotation = Math.max(this.maxAnnotation, maxId(objects));
    const seen = new Set<unknown>();
    for (const a of objects) {
      if ((this.annotationIds.has(a.id) && !before.has(a.id)) || seen.has(a.id)) a.id = ++this.maxAnnotation;
      seen.add(a.id);
    }
    this.categories = doc.categories;
    if (entry) {
      this.images[this.images.indexOf(entry)] = written;
      const base = this.byBase.get(baseName(imageFileName))!;
      base[base.indexOf(entry)] = written;
      this.place(written.id, own, objects);
    } else {
      this.images.push(written);
      this.byBase.set(baseName(imageFileName), [written]);
      this.annotations.push(...objects);
    }
    for (const id of before) this.annotationIds.delete(id);
    for (const a of objects) this.annotationIds.add(a.id);
    this.byImage.set(written.id, objects);
    this.maxImage = Math.max(this.maxImage, maxId([written]));
    return out.losses;
  }

  /** coco.ts's placement in the whole list: objects kept where they stood, new ones after the image's last. */
  private place(imageId: unknown, own: readonly Json[], objects: Json[]): void {
    // The objects written are those kept in their order, then the new ones: where the image's objects
    // stand together (as every writer puts them), they take that run's place.
    const at = own.length ? this.annotations.indexOf(own[0]) : -1;
    if (at < 0) {
      for (const a of objects) this.annotations.push(a);
      return;
    }
    if (own.every((a, k) => this.annotations[at + k] === a)) {
      this.annotations.splice(at, own.length, ...objects);
      return;
    }
    const before = new Set(own.map((a) => a.id));
    const kept = new Map(objects.filter((a) => before.has(a.id)).map((a) => [a.id, a]));
    const placed = new Set<Json>();
    const list: Json[] = [];
    let after = -1;
    for (const a of this.annotations) {
      if (a.image_id !== imageId) {
        list.push(a);
        continue;
      }
      const replacement = kept.get(a.id);
      if (replacement && !placed.has(replacement)) {
        list.push(replacement);
        placed.add(replacement);
      }
      after = list.length;
    }
    list.splice(after < 0 ? list.length : after, 0, ...objects.filter((a) => !placed.has(a)));
    this.annotations = list;
  }

  /** The file's text, in the layout of the file it started from (a new file: the writer's own). */
  text(): string {
    if (this.fresh) return formatJson({ images: this.images, annotations: this.annotations, categories: this.categories }, this.style);
    this.root.images = this.images;
    this.root.annotations = this.annotations;
    this.root.categories = this.categories;
    return formatJson(this.root, this.style);
  }
}

