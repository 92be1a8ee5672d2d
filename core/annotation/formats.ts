// The label formats the annotation editor reads and writes, behind one interface, and what each can
// hold of the editor's shapes (shapes.ts):
//
//   format        file                    box    polygon              point   mask                     groups
//   yolo-detect   .txt per image          yes    its bounding box     no      its bounding box         no
//   yolo-segment  .txt per image          a 4-point polygon   yes     no      its outline polygons     no
//   coco          one .json, many images  yes    yes                  no      yes (RLE)                polygons of one object
//   voc           .xml per image          yes    its bounding box     no      its bounding box         no
//   labelme       .json per image         yes    yes                  yes     yes (PNG)                yes (group_id)
//
// What a format cannot hold is said before writing, one sentence a shape (`losses`), never changed
// silently; objects kept from labelme that no shape kind holds (circles, lines; Annotation.kept) are
// written back only to labelme and said as losses elsewhere. YOLO files hold class ids, so the class list comes
// from the caller (classes.txt or data.yaml) and a class missing from it is an error; COCO files hold
// their own categories and grow them; VOC and labelme name classes in place.
import { type Message, msg } from '../text/message';
import { cocoClasses, cocoImageStamp, readCoco, writeCoco } from './coco';
import { readLabelme, writeLabelme } from './labelme';
import { type Annotation, AnnotationError, type Shape, shapeName } from './shapes';
import { readVoc, writeVoc } from './voc';
import { parseYolo, writeYolo } from './yolo';

export type LabelFormatId = 'yolo-detect' | 'yolo-segment' | 'coco' | 'voc' | 'labelme';

export interface LabelReadContext {
  /**
   * The image's file name or path: COCO finds the image's entry by it, labelme and VOC name it in
   * new files (labelme's imagePath is relative to the label file's folder).
   */
  readonly imageFileName: string;
  /** The image's full path: COCO finds the entry by it where given (imageFileName then names a new entry). */
  readonly imagePath?: string;
  /** The image's size in pixels, from the image itself; files that hold a size use theirs. */
  readonly imageWidth: number;
  readonly imageHeight: number;
  /** Class names in id order (classes.ts): required by YOLO, ignored by the others. */
  readonly classes?: readonly string[];
  /** 1 for grey, 3 for colour: VOC's <depth> in a new file (3 if not given). */
  readonly imageChannels?: number;
}

export interface LabelWriteContext extends LabelReadContext {
  /** The file's text before this write: all that the editor does not change in it is kept. */
  readonly previous?: string;
}

export interface LabelWriteResult {
  readonly text: string;
  /** What the format could not keep as it is, one sentence each, for the user to confirm first. */
  readonly losses: readonly Message[];
  /** The class list after writing: the caller's for YOLO, the file's categories for COCO, the labels used for VOC and labelme. */
  readonly classes: readonly string[];
}

export interface LabelFormat {
  readonly id: LabelFormatId;
  /** The label file's extension. */
  readonly extension: '.txt' | '.json' | '.xml';
  /** True where one file holds the labels of many images (COCO). */
  readonly manyImages: boolean;
  read(text: string, context: LabelReadContext): Annotation;
  write(annotation: Annotation, context: LabelWriteContext): LabelWriteResult;
  /** Whether the format keeps this shape as it is (its group aside). */
  canHold(shape: Shape): boolean;
  /** The class names the file itself defines or uses, in order. */
  classesIn(text: string): readonly string[];
  /** Where one file holds many images: what of this image a save checks is unchanged since reading (the file's stamp would change with every other image's save). */
  imageStamp?(text: string, context: LabelReadContext): string | undefined;
}

function yoloClasses(context: LabelReadContext): readonly string[] {
  if (!context.classes) throw new AnnotationError(msg('YOLO label files hold class ids: the class list (classes.txt or data.yaml) is needed to read or write them'));
  return context.classes;
}

/** Labels in the order they first appear. */
const labelsOf = (annotation: Annotation): string[] => [...new Set(annotation.shapes.map((s) => s.label))];

function yolo(task: 'detect' | 'segment'): LabelFormat {
  return {
    id: task === 'detect' ? 'yolo-detect' : 'yolo-segment',
    extension: '.txt',
    manyImages: false,
    read: (text, context) => parseYolo(text, { ...context, classes: yoloClasses(context) }),
    write: (annotation, context) => {
      const classes = yoloClasses(context);
      return { ...writeYolo(annotation, classes, task), classes };
    },
    canHold: (shape) => shape.kind === (task === 'detect' ? 'box' : 'polygon'),
    // A YOLO file holds only ids; its names are in classes.txt or data.yaml.
    classesIn: () => [],
  };
}

/** The format's write, with a loss for each object kept from another format (labelme's circles and lines). */
function sayingKept(format: LabelFormat): LabelFormat {
  return {
    ...format,
    write: (annotation, context) => {
      const out = format.write(annotation, context);
      const foreign = (annotation.kept ?? []).filter((k) => k.format !== format.id);
      // A YOLO box's confidence (its sixth column) has no place in the other formats.
      const scores = format.id.startsWith('yolo') ? [] : annotation.shapes.flatMap((s, i) => (s.extra?.yolo ? [msg('{0}: {1} has no place for the confidence {2} read with it, which is left out', shapeName(s, i), format.id, s.extra.yolo.confidence)] : []));
      if (foreign.length === 0 && scores.length === 0) return out;
      return { ...out, losses: [...out.losses, ...foreign.map((k) => msg('{0}, kept from the {1} file, has no {2} form and is left out', k.description, k.format, format.id)), ...scores] };
    },
  };
}

export const LABEL_FORMATS: Readonly<Record<LabelFormatId, LabelFormat>> = {
  'yolo-detect': sayingKept(yolo('detect')),
  'yolo-segment': sayingKept(yolo('segment')),
  coco: sayingKept({
    id: 'coco',
    extension: '.json',
    manyImages: true,
    read: (text, context) => readCoco(text, context),
    write: (annotation, context) => writeCoco(annotation, context),
    canHold: (shape) => shape.kind !== 'point',
    classesIn: (text) => cocoClasses(text),
    imageStamp: (text, context) => cocoImageStamp(text, context),
  }),
  voc: sayingKept({
    id: 'voc',
    extension: '.xml',
    manyImages: false,
    read: (text, context) => readVoc(text, context),
    write: (annotation, context) => {
      const out = writeVoc(annotation, { ...context, imageDepth: context.imageChannels });
      return { ...out, classes: labelsOf(annotation) };
    },
    canHold: (shape) => shape.kind === 'box',
    classesIn: (text) => labelsOf(readVoc(text, { imageFileName: '' })),
  }),
  labelme: sayingKept({
    id: 'labelme',
    extension: '.json',
    manyImages: false,
    read: (text, context) => readLabelme(text, context),
    write: (annotation, context) => ({ ...writeLabelme(annotation, context), classes: labelsOf(annotation) }),
    canHold: () => true,
    classesIn: (text) => labelsOf(readLabelme(text, { imageFileName: '' })),
  }),
};
