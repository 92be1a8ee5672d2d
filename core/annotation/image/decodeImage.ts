// Decodes an image file into a Raster with its samples exactly as stored: 16-bit PNG and TIFF stay
// 16-bit, 32-bit integer and float TIFF frames (Eiger, Pilatus, tomography slices) stay 32-bit. The
// format is told by the file's first bytes, not its name. PNG by fast-png, JPEG by jpeg-js, TIFF by
// geotiff (every sample format, LZW/deflate/PackBits, predictors, tiles, big-endian, multi-page).
// geotiff can abort the whole Node process on some damaged LZW strips (a V8 fatal error, not an
// exception), so this runs in the image decoder's own process (imageDecoderProcess.ts), never in
// the extension host itself.
import { addDecoder, BaseDecoder, fromArrayBuffer, getDecoder, type GeoTIFFImage } from 'geotiff';
import { inflateSync } from 'node:zlib';
import { endianness } from 'node:os';
import { decode as decodeJpeg } from 'jpeg-js';
import { LocalizedError, type Message, msg } from '../../text/message';
import type { Raster, SampleArray } from '../raster';

export type ImageFormat = 'png' | 'jpeg' | 'tiff';

export interface DecodedImage {
  /** What `sniffFormat` told, or 'hdf5' for a frame of an HDF5 dataset (hdf5Frames.ts). */
  readonly format: ImageFormat | 'hdf5';
  readonly raster: Raster;
  /** The page decoded (0-based) and how many the file has (TIFF stacks, HDF5 frame stacks; 1 otherwise). */
  readonly page: number;
  readonly pages: number;
  /** The HDF5 dataset the frame was read from ("/entry/data/data"); absent for the other formats. */
  readonly dataset?: string;
}

/** An image that cannot be decoded; the message says what was found and what to do. */
export class ImageError extends LocalizedError {
  constructor(message: string | Message) {
    super(message);
    this.name = 'ImageError';
  }
}

/** The pixels a decoder is allowed to allocate: a 16k × 16k RGBA frame, far above any detector's. */
const MAX_PIXELS = 16384 * 16384;

export function sniffFormat(bytes: Uint8Array): ImageFormat | undefined {
  const b = bytes;
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  // II*\0 and MM\0* (classic TIFF), II+\0 and MM\0+ (BigTIFF).
  if (b.length >= 4 && ((b[0] === 0x49 && b[1] === 0x49 && (b[2] === 0x2a || b[2] === 0x2b) && b[3] === 0) || (b[0] === 0x4d && b[1] === 0x4d && b[2] === 0 && (b[3] === 0x2a || b[3] === 0x2b)))) return 'tiff';
  return undefined;
}

export async function decodeImage(bytes: Uint8Array, page = 0): Promise<DecodedImage> {
  const format = sniffFormat(bytes);
  if (!format) {
    const head = Array.from(bytes.subarray(0, 8), (v) => v.toString(16).padStart(2, '0')).join(' ');
    throw new ImageError(head ? msg('not a PNG, JPEG or TIFF image (it starts with {0}); open it with another editor, or convert it to one of these', head) : msg('not a PNG, JPEG or TIFF image (it starts with nothing: the file is empty); open it with another editor, or convert it to one of these'));
  }
  try {
    if (format === 'png') return { format, raster: await pngRaster(bytes), page: 0, pages: 1 };
    if (format === 'jpeg') return { format, raster: jpegRaster(bytes), page: 0, pages: 1 };
    return await tiffRaster(bytes, page);
  } catch (err) {
    if (err instanceof ImageError) throw err;
    const name = { png: 'PNG', jpeg: 'JPEG', tiff: 'TIFF' }[format];
    throw new ImageError(msg('the {0} image is damaged or uses a feature the decoder lacks ({1}); check it opens in another viewer, or write it again', name, err instanceof Error ? err.message : String(err)));
  }
}

function checkSize(width: number, height: number): void {
  if (!(width > 0 && height > 0)) throw new ImageError(msg('the image says it is {0} × {1} pixels', width, height));
  if (width * height > MAX_PIXELS) throw new ImageError(msg('the image is {0} × {1} pixels, more than the editor opens ({2} megapixels); crop or bin it first', width, height, MAX_PIXELS / 1024 / 1024));
}

async function pngRaster(bytes: Uint8Array): Promise<Raster> {
  // The size from the IHDR chunk first: fast-png would allocate whatever a damaged header claims.
  if (bytes.length >= 24) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, 24);
    checkSize(view.getUint32(16), view.getUint32(20));
  }
  // fast-png is an ES module only.
  const { decode: decodePng, convertIndexedToRgb } = await import('fast-png');
  const png = decodePng(bytes);
  checkSize(png.width, png.height);
  if (png.palette) {
    const rgb = convertIndexedToRgb(png);
    const channels = rgb.length / (png.width * png.height);
    return { width: png.width, height: png.height, channels: channels as 3 | 4, data: rgb, bitDepth: 8, sampleFormat: 'uint' };
  }
  let data: SampleArray = png.data instanceof Uint8ClampedArray ? new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.length) : png.data;
  // 1-, 2- and 4-bit greys come packed, a row padded to whole bytes: spread them to one byte each.
  if (png.depth < 8) data = unpackBits(data as Uint8Array, png.width, png.height, png.depth, png.channels);
  return { width: png.width, height: png.height, channels: png.channels as Raster['channels'], data, bitDepth: Math.max(8, png.depth), sampleFormat: 'uint' };
}

function unpackBits(packed: Uint8Array, width: number, height: number, depth: number, channels: number): Uint8Array {
  const out = new Uint8Array(width * height * channels);
  const perRow = Math.ceil((width * channels * depth) / 8);
  const mask = (1 << depth) - 1;
  for (let y = 0; y < height; y++) {
    for (let i = 0; i < width * channels; i++) {
      const bit = i * depth;
      out[y * width * channels + i] = (packed[y * perRow + (bit >> 3)] >> (8 - depth - (bit & 7))) & mask;
    }
  }
  return out;
}

function jpegRaster(bytes: Uint8Array): Raster {
  const jpeg = decodeJpeg(bytes, { useTArray: true, formatAsRGBA: false, maxResolutionInMP: MAX_PIXELS / 1e6, maxMemoryUsageInMB: 2048 });
  checkSize(jpeg.width, jpeg.height);
  return { width: jpeg.width, height: jpeg.height, channels: 3, data: jpeg.data, bitDepth: 8, sampleFormat: 'uint' };
}

async function tiffRaster(bytes: Uint8Array, page: number): Promise<DecodedImage> {
  // A Node Buffer is often a view into a shared pool: geotiff reads from offset 0 of what it gets.
  const buffer = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes.buffer : new Uint8Array(bytes).buffer;
  const tiff = await fromArrayBuffer(buffer as ArrayBuffer);
  const pages = await tiff.getImageCount();
  if (!(page >= 0 && page < pages)) throw new ImageError(pages === 1 ? msg('the TIFF has 1 page; page {0} does not exist', page + 1) : msg('the TIFF has {0} pages; page {1} does not exist', pages, page + 1));
  const image = await tiff.getImage(page);
  const width = image.getWidth();
  const height = image.getHeight();
  checkSize(width, height);
  const spp = image.getSamplesPerPixel();
  const photometric = image.fileDirectory.getValue?.('PhotometricInterpretation') ?? (image.fileDirectory as unknown as Record<string, unknown>).PhotometricInterpretation;
  if (photometric === 3 || photometric === 6 || photometric === 5) {
    // Palette, YCbCr and CMYK: what the samples mean is a colour, so the colour is what is kept.
    const rgb = (await image.readRGB({ interleave: true })) as unknown as Uint8Array;
    return { format: 'tiff', raster: { width, height, channels: 3, data: new Uint8Array(rgb.buffer, rgb.byteOffset, rgb.length), bitDepth: 8, sampleFormat: 'uint' }, page, pages };
  }
  if (spp < 1 || spp > 4) throw new ImageError(msg('the TIFF has {0} samples per pixel; the editor opens grey, grey + alpha, RGB and RGBA images', spp));
  const bitDepth = image.getBitsPerSample();
  const sampleFormat = ({ 1: 'uint', 2: 'int', 3: 'float' } as const)[image.getSampleFormat() as 1 | 2 | 3] ?? 'uint';
  const data = (await stripCopy(image, width, height, spp, bitDepth, sampleFormat)) ?? ((await image.readRasters({ interleave: true })) as unknown as SampleArray);
  if (photometric === 0 && sampleFormat === 'uint' && bitDepth <= 32) {
    // WhiteIsZero: the samples count darkness; flipped so that a larger value is brighter, as everywhere else.
    const max = 2 ** bitDepth - 1;
    for (let i = 0; i < data.length; i++) data[i] = max - data[i];
  }
  return { format: 'tiff', raster: { width, height, channels: spp as Raster['channels'], data, bitDepth: Math.max(8, bitDepth), sampleFormat }, page, pages };
}

/** Deflate by Node's own zlib: native, several times faster than geotiff's JavaScript inflate. */
class NodeDeflate extends BaseDecoder {
  decodeBlock(buffer: ArrayBufferLike): ArrayBuffer {
    const out = inflateSync(new Uint8Array(buffer));
    return out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength) as ArrayBuffer;
  }
}
addDecoder([8, 32946], () => Promise.resolve(NodeDeflate));

/** Compressions whose blocks decode to the samples as stored: none, LZW, deflate (both tags), PackBits. */
const PLAIN_COMPRESSIONS = new Set([1, 5, 8, 32946, 32773]);

function arrayType(bits: number, format: Raster['sampleFormat']): (new (buffer: ArrayBuffer) => SampleArray) & (new (length: number) => SampleArray) {
  const types = {
    uint: { 8: Uint8Array, 16: Uint16Array, 32: Uint32Array },
    int: { 8: Int8Array, 16: Int16Array, 32: Int32Array },
    float: { 32: Float32Array, 64: Float64Array },
  } as const;
  return (types[format] as Record<number, unknown>)[bits] as ReturnType<typeof arrayType>;
}

/**
 * The common case, fast: a little-endian file of whole-byte samples, chunky (or one sample), in a
 * plain compression. Each strip or tile is decoded by geotiff (decompression, predictor) and its rows
 * copied whole into the frame, instead of geotiff's sample-by-sample interleaving (5× slower on an
 * Eiger frame). Anything else goes the general way (undefined).
 */
async function stripCopy(image: GeoTIFFImage, width: number, height: number, spp: number, bits: number, format: Raster['sampleFormat']): Promise<SampleArray | undefined> {
  const directory = image.fileDirectory;
  const compression = Number(directory.getValue('Compression') ?? 1);
  const allBits = directory.getValue('BitsPerSample') as number[] | number | undefined;
  const uniform = Array.isArray(allBits) || ArrayBuffer.isView(allBits) ? Array.from(allBits as ArrayLike<number>).every((b) => b === bits) : true;
  const Type = arrayType(bits, format);
  if (!Type || !uniform || !image.littleEndian || endianness() !== 'LE' || !PLAIN_COMPRESSIONS.has(compression) || (spp > 1 && image.planarConfiguration !== 1)) return undefined;
  const tileWidth = image.getTileWidth();
  const tileHeight = image.getTileHeight();
  const decoder = await getDecoder(compression, {
    tileWidth,
    tileHeight,
    predictor: Number((await directory.loadValue('Predictor')) ?? 1) || 1,
    bitsPerSample: allBits as number,
    planarConfiguration: image.planarConfiguration,
    samplesPerPixel: spp,
  });
  const out = new Type(width * height * spp);
  const rowLength = tileWidth * spp;
  for (let ty = 0; ty * tileHeight < height; ty++) {
    for (let tx = 0; tx * tileWidth < width; tx++) {
      const { data } = (await image.getTileOrStrip(tx, ty, 0, decoder)) as { data: ArrayBuffer };
      const bytes = (bits / 8) * rowLength;
      const block = new Type(data.byteLength % (bits / 8) === 0 ? data : data.slice(0, data.byteLength - (data.byteLength % (bits / 8))));
      const rows = Math.min(tileHeight, height - ty * tileHeight, Math.floor((block.length * (bits / 8)) / bytes));
      const cols = Math.min(tileWidth, width - tx * tileWidth) * spp;
      for (let r = 0; r < rows; r++) out.set(block.subarray(r * rowLength, r * rowLength + cols), ((ty * tileHeight + r) * width + tx * tileWidth) * spp);
    }
  }
  return out;
}
