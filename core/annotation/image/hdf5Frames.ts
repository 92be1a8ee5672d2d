// Image frames from HDF5 files, as synchrotron and neutron detectors write them: frame stacks as
// (N, H, W) datasets (a NeXus /entry/data/data from an Eiger), single images as (H, W), colour as
// (H, W, 3|4). Reads through the data explorer's reader (core/data/hdf5/hdf5File.ts, h5wasm): one
// frame is one hyperslab, so libhdf5 reads only that frame's chunks, never the whole stack; the
// samples come back exactly as stored (big-endian converted to the host's order). Runs in the image
// decoder's process (imageDecoderProcess.ts), like the other decoders.
import { endianness } from 'node:os';
import * as path from 'node:path';
import { type Hdf5Dataset, Hdf5Error, Hdf5File } from '../../data/hdf5/hdf5File';
import { english, isMessage, type Message, messageOf, msg } from '../../text/message';
import type { Raster, SampleArray } from '../raster';
import type { DecodedImage } from './decodeImage';
import { ImageError, MAX_PIXELS, sizeProblem } from './imageError';

/** A dataset of an HDF5 file that holds images. */
export interface FrameSource {
  /** Its path in the file: "/entry/data/data". */
  readonly path: string;
  readonly shape: readonly number[];
  /** NumPy-style: "<u4", ">f4", "|u1". */
  readonly dtype: string;
  /** How many frames: the product of the axes before the image's (1 for a single image). */
  readonly frames: number;
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 3 | 4;
  /** For a person: "5 frames of 53 × 37, uint32, deflate (NeXus default)". */
  /** What the picker shows: frames, size, type and filters ("5 frames of 53 × 37, uint32, deflate"). */
  readonly description: Message;
  /** The file names it as what to show: NeXus `default` attributes down to an NXdata `signal`. */
  readonly nexusDefault: boolean;
  /** Why its frames cannot be read here (a plugin filter, a frame too large), when they cannot. */
  readonly unreadable?: string;
  /** `unreadable` to translate. */
  readonly unreadableText?: Message;
}

/** A frame of an HDF5 dataset: `page` is the frame's index, `pages` the dataset's frame count. */
export interface Hdf5Frame extends DecodedImage {
  readonly format: 'hdf5';
  readonly dataset: string;
}

/** Smaller than this either way is a table or a mask, not something to label. */
const MIN_SIDE = 8;
/** A chain of NeXus `default` attributes longer than this loops. */
const MAX_DEFAULT_HOPS = 8;

const IMAGE_SHAPES = msg('an image dataset is (height, width), (frames, height, width) or (height, width, 3|4) for colour');

/** The image datasets of `file`: the NeXus default first when the file names one, then the largest. */
export async function listFrameSources(file: string): Promise<FrameSource[]> {
  return withFile(file, (h5) => {
    const description = guard(() => h5.describe());
    const nexus = nexusDefault(h5);
    const sources: FrameSource[] = [];
    for (const group of description.groups) {
      for (const d of group.datasets) {
        const full = group.path === '/' ? `/${d.name}` : `${group.path}/${d.name}`;
        const source = frameSource(full, d, full === nexus);
        if (!isMessage(source)) sources.push(source);
      }
    }
    return sources.sort((a, b) => Number(b.nexusDefault) - Number(a.nexusDefault) || b.frames * b.width * b.height - a.frames * a.width * a.height || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  });
}

/** The frame source a file opens with when none is asked for: the first that listFrameSources gives. */
export async function defaultFrameSource(file: string): Promise<FrameSource> {
  const [first] = await listFrameSources(file);
  if (!first) throw new ImageError(msg('{0} holds no image datasets ({1}, at least {2} × {2}, of numbers); open it in the data explorer to see what it holds', path.basename(file), IMAGE_SHAPES, MIN_SIDE));
  return first;
}

/** Frame `index` of the dataset `dataset`, read as a hyperslab of that frame alone. */
export async function readFrame(file: string, dataset: string, index: number): Promise<Hdf5Frame> {
  return withFile(file, (h5) => {
    const d = guard(() => h5.dataset(dataset));
    if (!d) {
      const known = guard(() => h5.describe()).groups.flatMap((g) => g.datasets.map((x) => (g.path === '/' ? `/${x.name}` : `${g.path}/${x.name}`)));
      throw new ImageError(
        known.length
          ? msg('{0} has no dataset {1} (it has {2}); choose another dataset', path.basename(file), dataset, `${known.slice(0, 8).join(', ')}${known.length > 8 ? ', …' : ''}`)
          : msg('{0} has no dataset {1}; choose another dataset', path.basename(file), dataset),
      );
    }
    const source = frameSource(dataset, d, false);
    if (isMessage(source)) throw new ImageError(msg('{0} {1}', dataset, source));
    if (source.unreadable) throw new ImageError(msg('{0}: {1}', dataset, source.unreadableText ?? source.unreadable));
    if (!(Number.isInteger(index) && index >= 0 && index < source.frames)) {
      throw new ImageError(source.frames === 1 ? msg('{0} has 1 frame; frame {1} does not exist', dataset, index + 1) : msg('{0} has {1} frames; frame {2} does not exist', dataset, source.frames, index + 1));
    }
    // The frame's position along the axes before the image's (row-major, as NumPy's unravel_index).
    const lead = source.shape.slice(0, source.shape.length - (source.channels === 1 ? 2 : 3));
    const at: number[] = [];
    let rest = index;
    for (let axis = lead.length - 1; axis >= 0; axis--) {
      at.unshift(rest % lead[axis]);
      rest = Math.floor(rest / lead[axis]);
    }
    const box: [number, number][] = [...at.map((i): [number, number] => [i, i + 1]), [0, source.height], [0, source.width]];
    if (source.channels !== 1) box.push([0, source.channels]);
    const raw = guard(() => h5.slab(dataset, box));
    const samples = source.width * source.height * source.channels;
    if (!ArrayBuffer.isView(raw) || (raw as unknown as ArrayLike<number>).length !== samples) {
      throw new ImageError(msg('{0} did not read as {1} numbers; the file may be damaged', dataset, samples));
    }
    const { data, sampleFormat, bitDepth } = samplesOf(raw, dataset);
    const raster: Raster = { width: source.width, height: source.height, channels: source.channels, data, bitDepth, sampleFormat };
    return { format: 'hdf5', raster, page: index, pages: source.frames, dataset };
  });
}

/** Opens `file` for `work` and closes it after; the reader's errors become the editor's ImageErrors. */
async function withFile<T>(file: string, work: (h5: Hdf5File) => T): Promise<T> {
  let h5: Hdf5File;
  try {
    h5 = await Hdf5File.open(file);
  } catch (err) {
    if (err instanceof Hdf5Error) throw new ImageError(messageOf(err));
    throw err;
  }
  try {
    return work(h5);
  } finally {
    h5.close();
  }
}

function guard<T>(work: () => T): T {
  try {
    return work();
  } catch (err) {
    if (err instanceof Hdf5Error) throw new ImageError(messageOf(err));
    throw err;
  }
}

/** What a dataset holds as frames, or why it holds none (a sentence that follows its path). */
function frameSource(full: string, d: Hdf5Dataset, nexus: boolean): FrameSource | Message {
  const shape = d.shape;
  const type = /^[<>|]([uif])(\d+)$/.exec(d.dtype);
  if (!type) return msg('holds {0} values, not numbers: it is not an image', d.dtype);
  const kind = type[1] as 'u' | 'i' | 'f';
  const size = Number(type[2]);
  if (shape.length < 2) {
    const values = shape.reduce((a, b) => a * b, 1);
    return values === 1 ? msg('is a {0}-D dataset of 1 value, not an image: {1}', shape.length, IMAGE_SHAPES) : msg('is a {0}-D dataset of {1} values, not an image: {2}', shape.length, values, IMAGE_SHAPES);
  }
  // Colour is told by a last axis of 3 or 4 in the types colour images come in; anything else is grey.
  const colour = shape.length >= 3 && (shape.at(-1) === 3 || shape.at(-1) === 4) && kind === 'u' && (size === 1 || size === 2);
  const imageAxes = colour ? 3 : 2;
  const height = shape[shape.length - imageAxes];
  const width = shape[shape.length - imageAxes + 1];
  const channels = (colour ? shape.at(-1) : 1) as 1 | 3 | 4;
  const frames = shape.slice(0, shape.length - imageAxes).reduce((a, b) => a * b, 1);
  if (height < MIN_SIDE || width < MIN_SIDE) return msg('has frames of {0} × {1}, too small to be an image (shape {2}): {3}, at least {4} × {4}', width, height, shape.join(' × '), IMAGE_SHAPES, MIN_SIDE);
  if (frames === 0) return msg('holds no frames (shape {0})', shape.join(' × '));
  const typeName = `${{ u: 'uint', i: 'int', f: 'float' }[kind]}${size * 8}`;
  let unreadableText = d.unreadable;
  if (!unreadableText && kind === 'f' && size !== 4 && size !== 8) unreadableText = msg('it holds {0} values; the editor opens 32- and 64-bit floats. Convert it with NumPy (astype(np.float32)) and write it again', typeName);
  if (!unreadableText && width * height > MAX_PIXELS) unreadableText = msg('its frames are {0} × {1} pixels, more than the editor opens ({2} megapixels); crop or bin them first', width, height, MAX_PIXELS / 1024 / 1024);
  // The bytes too, as every decoder's: a frame is sent whole to the extension host (64-bit integers as float64).
  if (!unreadableText) unreadableText = sizeProblem(width, height, channels * size);
  const unreadable = unreadableText && english(unreadableText);
  const colourText = channels === 3 ? ' RGB' : channels === 4 ? ' RGBA' : '';
  const frameCount = `${shape.length - imageAxes > 1 ? shape.slice(0, shape.length - imageAxes).join(' × ') + ' = ' : ''}${frames}`;
  const dims = frames === 1 ? msg('{0} × {1}{2}', width, height, colourText) : msg('{0} frames of {1} × {2}{3}', frameCount, width, height, colourText);
  const bigEndian = d.dtype.startsWith('>');
  const asFloat = kind !== 'f' && size === 8;
  const typeText = bigEndian && asFloat ? msg('{0} big-endian (shown as float64)', typeName) : bigEndian ? msg('{0} big-endian', typeName) : asFloat ? msg('{0} (shown as float64)', typeName) : typeName;
  const filters = d.filters.filter((f) => f !== 'shuffle' && f !== 'fletcher32');
  let description = msg('{0}, {1}', dims, filters.length ? msg('{0}, {1}', typeText, filters.join(', ')) : typeText);
  if (nexus) description = msg('{0} (NeXus default)', description);
  if (unreadable) description = msg('{0} — cannot be read here', description);
  return { path: full, shape, dtype: d.dtype, frames, width, height, channels, description, nexusDefault: nexus, ...(unreadable ? { unreadable } : {}), ...(unreadableText ? { unreadableText } : {}) };
}

/**
 * The dataset the file names as its plot: `default` attributes from the root down (NXroot →
 * NXentry → NXdata), then the NXdata group's `signal`. Undefined when the chain is absent or broken.
 */
function nexusDefault(h5: Hdf5File): string | undefined {
  let at = '/';
  for (let hop = 0; hop < MAX_DEFAULT_HOPS; hop++) {
    const attrs = guard(() => h5.attributes(at));
    if (!attrs) return undefined;
    const signal = attrText(attrs.signal);
    if (signal) {
      const full = join(at, signal);
      return guard(() => h5.dataset(full)) ? full : undefined;
    }
    const next = attrText(attrs.default);
    if (!next) return undefined;
    at = join(at, next);
  }
  return undefined;
}

/** hdf5File shows attributes as JSON text: a string attribute, or a one-string array, is a name. */
function attrText(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    const name = Array.isArray(value) && value.length === 1 ? value[0] : value;
    return typeof name === 'string' && name.trim() ? name.trim() : undefined;
  } catch {
    return undefined;
  }
}

function join(group: string, name: string): string {
  if (name.startsWith('/')) return name;
  return group === '/' ? `/${name}` : `${group}/${name}`;
}

/** h5wasm's typed array as a raster's samples: the stored type, in the host's byte order. */
function samplesOf(raw: ArrayBufferView, dataset: string): { data: SampleArray; sampleFormat: Raster['sampleFormat']; bitDepth: number } {
  if (raw instanceof BigInt64Array || raw instanceof BigUint64Array) {
    // A raster has no 64-bit integer samples; NumPy's default integer type is 64-bit, so such images
    // are common. A float64 holds every integer up to 2^53 exactly, which any count or label fits.
    const data = new Float64Array(raw.length);
    for (let i = 0; i < raw.length; i++) {
      const v = raw[i];
      if (v > 9007199254740992n || v < -9007199254740992n) {
        throw new ImageError(msg('{0} holds 64-bit integers beyond 2^53 ({1}), which the editor cannot show exactly; convert it with NumPy (astype(np.float64) or a 32-bit type) and write it again', dataset, String(v)));
      }
      data[i] = Number(v);
    }
    return { data, sampleFormat: 'float', bitDepth: 64 };
  }
  const kinds: [new (...args: never[]) => SampleArray, Raster['sampleFormat']][] = [
    [Uint8Array, 'uint'], [Uint16Array, 'uint'], [Uint32Array, 'uint'],
    [Int8Array, 'int'], [Int16Array, 'int'], [Int32Array, 'int'],
    [Float32Array, 'float'], [Float64Array, 'float'],
  ];
  const kind = kinds.find(([Type]) => raw instanceof Type);
  if (!kind) throw new ImageError(msg('{0} read as {1}, which the editor cannot show', dataset, raw.constructor.name));
  const data = raw as SampleArray;
  // libhdf5 in WebAssembly hands over little-endian bytes; a big-endian host reads them swapped.
  if (endianness() === 'BE') swapBytes(data);
  return { data, sampleFormat: kind[1], bitDepth: data.BYTES_PER_ELEMENT * 8 };
}

/** Reverses the bytes of every sample in place (little- to big-endian or back). */
export function swapBytes(data: SampleArray): void {
  const size = data.BYTES_PER_ELEMENT;
  if (size === 1) return;
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  for (let i = 0; i < bytes.length; i += size) bytes.subarray(i, i + size).reverse();
}
