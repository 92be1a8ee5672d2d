// Pascal VOC XML, one file per image, as the VOC devkit and LabelImg write it: <annotation> with
// folder, filename, size (width, height, depth), segmented, and an <object> per box with name,
// pose, truncated, difficult and bndbox (xmin, ymin, xmax, ymax).
//
// VOC counts pixels from 1 and names the first and last pixel the box covers: xmin = 1 is the
// image's first column, and a box over columns 1…10 has xmax = 10. In this model's pixel-edge
// coordinates that box starts at x = 0 and is 10 wide, so
//   x = xmin − 1,   width = xmax − xmin + 1   (and the same for y and height)
// and back, rounding each edge to the nearest pixel edge only when writing:
//   xmin = round(x) + 1,   xmax = round(x + width)   (at least xmin: a box covers a pixel).
// Files with fractional coordinates (CVAT writes them) read as they are, and a box that was not
// moved is written back with the file's own text.
//
// VOC holds boxes only: a polygon or a mask becomes its bounding box and a point is left out, each
// said as a loss. Everything else of the file (source, owner, unknown elements, comments, an
// object's pose, truncated, difficult, parts, attributes) is kept when the file is written back:
// each object's element travels in its shape's extra.voc, the rest is taken from the previous text.
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import { type Message, msg } from '../text/message';
import { classNameProblem } from './classes';
import { type Annotation, AnnotationError, type BoxShape, type Rect, sameGeometry, type Shape, shapeBounds, shapeName } from './shapes';

/** An element in fast-xml-parser's ordered form: `{ tag: children, ':@': attributes }`, or `{ '#text': text }`. */
type XmlNode = Record<string, unknown>;

const OPTIONS = { preserveOrder: true, ignoreAttributes: false, parseTagValue: false, trimValues: true, commentPropName: '#comment', cdataPropName: '#cdata' } as const;
// Numeric character references (&#29483;, what Python's ElementTree writes for non-ASCII names) are
// decoded on reading: left as text, a label would read as "&#29483;" and every save would escape it
// into "&amp;#29483;". They are written back as the characters they stand for.
const PARSE_OPTIONS = { ...OPTIONS, htmlEntities: true } as const;

export interface VocImage {
  readonly imageFileName: string;
  /** Used where the file has no <size>. */
  readonly imageWidth?: number;
  readonly imageHeight?: number;
}

export interface VocOutput {
  readonly text: string;
  readonly losses: readonly Message[];
}

const tagOf = (node: XmlNode): string | undefined => Object.keys(node).find((k) => k !== ':@');
const childrenOf = (node: XmlNode): XmlNode[] => {
  const tag = tagOf(node);
  const children = tag === undefined ? undefined : node[tag];
  return Array.isArray(children) ? (children as XmlNode[]) : [];
};
const child = (node: XmlNode, tag: string): XmlNode | undefined => childrenOf(node).find((c) => tagOf(c) === tag);
const textOf = (node: XmlNode | undefined): string | undefined => {
  if (!node) return undefined;
  const parts = childrenOf(node).filter((c) => '#text' in c);
  return parts.length ? parts.map((c) => String(c['#text'])).join('') : undefined;
};
const element = (tag: string, children: XmlNode[]): XmlNode => ({ [tag]: children });
const leaf = (tag: string, text: string | number): XmlNode => element(tag, [{ '#text': String(text) }]);

/** The line of the n-th (0-based) <object> element, for errors: the parser's tree has no positions. */
function objectLine(text: string, n: number): number | undefined {
  const re = /<object[\s/>]/g;
  let m: RegExpExecArray | null = null;
  for (let i = 0; i <= n; i++) if (!(m = re.exec(text))) return undefined;
  return m ? text.slice(0, m.index).split('\n').length : undefined;
}

function parseVoc(text: string): { doc: XmlNode[]; root: XmlNode } {
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new AnnotationError(msg('the VOC file is not well-formed XML ({0}): correct it there, or restore the file', valid.err.msg), valid.err.line);
  const doc = new XMLParser(PARSE_OPTIONS).parse(text) as XmlNode[];
  const root = doc.find((n) => tagOf(n) !== undefined && !tagOf(n)!.startsWith('?') && tagOf(n) !== '#comment');
  if (!root || tagOf(root) !== 'annotation') {
    throw new AnnotationError(msg('the file’s root element is <{0}>, not <annotation>: is it a Pascal VOC annotation?', (root && tagOf(root)) ?? ''));
  }
  return { doc, root };
}

/** The box of an <object>, in pixel-edge coordinates. */
function boxOf(object: XmlNode, index: number, text: string): Rect {
  // The line is looked up only for an error: it rescans the text, and doing so for every object
  // made reading N objects take N² time.
  const where = (): number | undefined => objectLine(text, index);
  const box = child(object, 'bndbox');
  if (!box) throw new AnnotationError(msg('object {0} has no <bndbox>: add one or remove the object', index + 1), where());
  const v = (['xmin', 'ymin', 'xmax', 'ymax'] as const).map((k) => {
    const s = textOf(child(box, k));
    const n = s === undefined ? NaN : Number(s);
    if (s === undefined || s.trim() === '' || !Number.isFinite(n)) {
      throw new AnnotationError(s === undefined ? msg('object {0}: <{1}> is missing', index + 1, k) : msg('object {0}: <{1}> is "{2}", not a number', index + 1, k, s), where());
    }
    return n;
  });
  // Corners written the wrong way round (xmax < xmin, as some converters do) still name the pixels
  // between them: read as that box, since a box of negative size can be neither drawn nor edited.
  const [x0, y0, x1, y1] = v;
  const [xmin, xmax] = x0 <= x1 ? [x0, x1] : [x1, x0];
  const [ymin, ymax] = y0 <= y1 ? [y0, y1] : [y1, y0];
  return { x: xmin - 1, y: ymin - 1, width: xmax - xmin + 1, height: ymax - ymin + 1 };
}

function sizeOf(root: XmlNode): { width?: number; height?: number; depth?: number } {
  const size = child(root, 'size');
  const n = (tag: string): number | undefined => {
    const v = Number(textOf(size && child(size, tag)));
    return v > 0 ? v : undefined;
  };
  return { width: n('width'), height: n('height'), depth: n('depth') };
}

export function readVoc(text: string, image: VocImage): Annotation {
  const { root } = parseVoc(text);
  const size = sizeOf(root);
  const shapes: Shape[] = childrenOf(root)
    .filter((c) => tagOf(c) === 'object')
    .map((object, i): BoxShape => {
      const label = textOf(child(object, 'name'))?.trim();
      if (!label) throw new AnnotationError(msg('object {0} has no <name>: give it its class', i + 1), objectLine(text, i));
      const problem = classNameProblem(label);
      if (problem) throw new AnnotationError(msg('object {0}: {1}', i + 1, problem), objectLine(text, i));
      return { kind: 'box', label, ...boxOf(object, i, text), extra: { voc: object } };
    });
  return { imageWidth: size.width ?? image.imageWidth ?? 0, imageHeight: size.height ?? image.imageHeight ?? 0, shapes };
}

function bndbox(b: Rect): XmlNode {
  const xmin = Math.round(b.x) + 1;
  const ymin = Math.round(b.y) + 1;
  const xmax = Math.max(xmin, Math.round(b.x + b.width));
  const ymax = Math.max(ymin, Math.round(b.y + b.height));
  return element('bndbox', [leaf('xmin', xmin), leaf('ymin', ymin), leaf('xmax', xmax), leaf('ymax', ymax)]);
}

function objectNode(shape: Shape, b: Rect, imageWidth: number, imageHeight: number): XmlNode {
  const original = shape.extra?.voc as XmlNode | undefined;
  if (original && tagOf(original) === 'object') {
    // Reuse the element: only the name and, if the box moved, the bndbox change.
    let unchanged = false;
    try {
      unchanged = shape.kind === 'box' && sameGeometry(shape, { kind: 'box', label: shape.label, ...boxOf(original, 0, '') });
    } catch {
      unchanged = false;
    }
    const children = childrenOf(original).map((c) => (tagOf(c) === 'name' ? leaf('name', shape.label) : tagOf(c) === 'bndbox' && !unchanged ? bndbox(b) : c));
    if (!children.some((c) => tagOf(c) === 'name')) children.unshift(leaf('name', shape.label));
    if (!children.some((c) => tagOf(c) === 'bndbox')) children.push(bndbox(b));
    return { ...original, object: children };
  }
  const box = bndbox(b);
  const [xmin, ymin, xmax, ymax] = childrenOf(box).map((c) => Number(textOf(c)));
  // LabelImg's rule: an object that reaches the image's border may go on beyond it.
  const truncated = xmin <= 1 || ymin <= 1 || (imageWidth > 0 && xmax >= imageWidth) || (imageHeight > 0 && ymax >= imageHeight) ? 1 : 0;
  return element('object', [leaf('name', shape.label), leaf('pose', 'Unspecified'), leaf('truncated', truncated), leaf('difficult', 0), box]);
}

function newDocument(image: VocImage & { readonly imageDepth?: number }, width: number, height: number): XmlNode[] {
  const path = image.imageFileName.replace(/\\/g, '/');
  const parts = path.split('/');
  const filename = parts.pop() ?? path;
  // LabelImg's layout: the folder is the name of the image's directory.
  const root = element('annotation', [
    leaf('folder', parts.pop() ?? ''),
    leaf('filename', filename),
    leaf('path', image.imageFileName),
    element('source', [leaf('database', 'Unknown')]),
    element('size', [leaf('width', width), leaf('height', height), leaf('depth', image.imageDepth ?? 3)]),
    leaf('segmented', 0),
  ]);
  return [root];
}

/** One image's boxes as a VOC file: the previous file with its objects replaced, or a new file laid out as LabelImg does. */
export function writeVoc(annotation: Annotation, image: VocImage & { readonly previous?: string; readonly imageDepth?: number }): VocOutput {
  const { imageWidth: w, imageHeight: h } = annotation;
  const losses: Message[] = [];
  const objects: XmlNode[] = [];
  annotation.shapes.forEach((shape, i) => {
    if (shape.kind === 'point') {
      losses.push(msg('{0} has no {1} form and is left out', shapeName(shape, i), 'VOC'));
      return;
    }
    if (shape.kind !== 'box') losses.push(msg('{0} becomes its bounding box', shapeName(shape, i)));
    objects.push(objectNode(shape, shapeBounds(shape), w, h));
  });

  const doc = image.previous === undefined ? newDocument(image, w, h) : parseVoc(image.previous).doc;
  const root = doc.find((n) => tagOf(n) === 'annotation')!;
  const children = childrenOf(root);
  const first = children.findIndex((c) => tagOf(c) === 'object');
  const rest = children.filter((c) => tagOf(c) !== 'object');
  const at = first < 0 ? rest.length : children.slice(0, first).filter((c) => tagOf(c) !== 'object').length;
  const size = child(root, 'size');
  if (size && w > 0 && h > 0) {
    const sizeChildren = childrenOf(size).map((c) => (tagOf(c) === 'width' ? leaf('width', w) : tagOf(c) === 'height' ? leaf('height', h) : c));
    rest[rest.indexOf(size)] = { ...size, size: sizeChildren };
  }
  root.annotation = [...rest.slice(0, at), ...objects, ...rest.slice(at)];

  const previous = image.previous ?? '';
  // The file's own indentation (tabs for LabelImg and the devkit).
  const indent = /\n([ \t]+)</.exec(previous)?.[1] ?? '\t';
  const built = new XMLBuilder({ ...OPTIONS, format: true, indentBy: indent, suppressEmptyNode: true }).build(doc) as string;
  const newline = previous.includes('\r\n') ? '\r\n' : '\n';
  const body = built.replace(/^\n/, '').replace(/\n/g, newline);
  // Whether the previous text ended with a newline, looked at in its trailing white space only: a
  // regular expression over the whole text backtracked on long runs of blank lines inside it.
  const end = image.previous === undefined || previous.slice(previous.trimEnd().length).includes('\n') ? newline : '';
  return { text: body + end, losses };
}
