// Decodes an image file into a Raster with its samples exactly as stored: 16-bit PNG and TIFF stay
// 16-bit, 32-bit integer and float TIFF frames (Eiger, Pilatus, tomography slices) stay 32-bit. The
// format is told by the file's first bytes, not its name. PNG by fast-png, JPEG by jpeg-js, TIFF by
// geotiff (every sample format, LZW/deflate/PackBits, predictors, tiles, big-endian, multi-page).
// geotiff can abort the whole Node process on some damaged LZW strips (a V8 fatal error, not an
// exception), so this runs in the image decoder's own process (imageDecoderProcess.ts), never in
// the extension host itself. What a file's structure says is checked before a decoder believes it
// (pngData.ts, tiffLayout.ts, the JPEG frame header here), so that a few hostile bytes can neither
// hang the decoder nor make it allocate what a header claims.
import { addDecoder, BaseDecoder, fromArrayBuffer, getDecoder, type GeoTIFFImage } from 'geotiff';
import { inflateSync } from 'node:zlib';
import { endianness } from 'node:os';
import { decode as decodeJpeg } from 'jpeg-js';
import { msg } from '../../text/message';
import type { Raster, SampleArray } from '../raster';
import { checkSize, damaged, ImageError, MAX_PIXELS, MAX_RASTER_BYTES } from './imageError';
import { jpegSize } from './imageSize';
import { checkPng } from './pngData';
import { bitsOf, blockBytes, tiffLayout } from './tiffLayout';

export { ImageError } from './imageError';

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

/**
 * What jpeg-js may charge itself for one decode: by its own count about 6 bytes a pixel for each
 * component (its blocks, line buffers and output) and 3 for the RGB result, so a 1024 MiB budget opens
 * colour photographs up to about 50 megapixels and grey frames up to about 110.
 */
const JPEG_WORK_BYTES = 1024 * 2 ** 20;

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
    if (format === 'jpeg') return { format, raster: await jpegRaster(bytes), page: 0, pages: 1 };
    return await tiffRaster(bytes, page);
  } catch (err) {
    if (err instanceof ImageError) throw err;
    const name = { png: 'PNG', jpeg: 'JPEG', tiff: 'TIFF' }[format];
    throw new ImageError(msg('the {0} image is damaged or uses a feature the decoder lacks ({1}); check it opens in another viewer, or write it again', name, err instanceof Error ? err.message : String(err)));
  }
}

async function pngRaster(bytes: Uint8Array): Promise<Raster> {
  // The header, the size and the image data's amount first: fast-png believes whatever they claim.
  await checkPng(bytes);
  // fast-png is an ES module only.
  const { decode: decodePng, convertIndexedToRgb } = await import('fast-png');
  const png = decodePng(bytes);
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

async function jpegRaster(bytes: Uint8Array): Promise<Raster> {
  // The frame header first: jpeg-js decodes every block the header claims, data or not.
  const file = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { width, height, channels } = await jpegSize(async (at, length) => file.subarray(at, at + length), (detail) => {
    throw damaged('JPEG', detail);
  });
  checkSize(width, height, 3);
  // Every 8 × 8 block of a component codes its DC value in one bit at the least (no Huffman code is
  // shorter), and a component sampled at a quarter each way (the coarsest JPEG allows) still has one
  // block per 32 × 32 pixels: a frame needs a bit per 1024 pixels. Arithmetic coding, which can do
  // with less, jpeg-js does not decode.
  if (bytes.length * 8 * 1024 < width * height) throw damaged('JPEG', msg('its frame header says {0} × {1} pixels, more than its {2} bytes can hold', width, height, bytes.length));
  // jpeg-js's own count, with blocks padded to the largest MCU (32 pixels).
  const work = (width + 32) * (height + 32) * (6 * channels + 3);
  if (work > JPEG_WORK_BYTES) {
    throw new ImageError(msg('the JPEG is {0} × {1} pixels in {2} components; decoding it needs about {3} MiB, more than the editor allows ({4} MiB); scale it down first', width, height, channels, Math.ceil(work / 2 ** 20), JPEG_WORK_BYTES / 2 ** 20));
  }
  const jpeg = decodeJpeg(bytes, { useTArray: true, formatAsRGBA: false, maxResolutionInMP: MAX_PIXELS / 1e6, maxMemoryUsageInMB: JPEG_WORK_BYTES / 2 ** 20 });
  checkSize(jpeg.width, jpeg.height, 3);
  return { width: jpeg.width, height: jpeg.height, channels: 3, data: jpeg.data, bitDepth: 8, sampleFormat: 'uint' };
}

async function tiffRaster(bytes: Uint8Array, page: number): Promise<DecodedImage> {
  // A Node Buffer is often a view into a shared pool: geotiff reads from offset 0 of what it gets.
  const buffer = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes.buffer : new Uint8Array(bytes).buffer;
  // The pages counted, and the page's size and strips checked, here: geotiff would believe the file.
  const { pages, page: size } = tiffLayout(bytes, page);
  if (!size) throw new ImageError(pages === 1 ? msg('the TIFF has 1 page; page {0} does not exist', page + 1) : msg('the TIFF has {0} pages; page {1} does not exist', pages, page + 1));
  const tiff = await fromArrayBuffer(buffer as ArrayBuffer);
  const image = await tiff.getImage(page);
  const { width, height } = size;
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

type DecoderParameters = BaseDecoder['parameters'] & { readonly maxBytes?: number };

/**
 * Deflate by Node's own zlib: native, several times faster than geotiff's JavaScript inflate. A block
 * inflates to what its strip or tile holds at most (`maxBytes`); a stream that gives more is damaged,
 * and is stopped there rather than inflated whole.
 */
class NodeDeflate extends BaseDecoder {
  decodeBlock(buffer: ArrayBufferLike): ArrayBuffer {
    const limit = Math.max(1, (this.parameters as DecoderParameters).maxBytes ?? MAX_RASTER_BYTES);
    let out: Buffer;
    try {
      out = inflateSync(new Uint8Array(buffer), { maxOutputLength: limit });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw damaged('TIFF', msg('a deflate-compressed strip or tile inflates to more than the {0} bytes it holds', limit));
      throw err;
    }
    // A large result has a buffer of its own: handed over as it is, not copied again.
    if (out.byteOffset === 0 && out.byteLength === out.buffer.byteLength) return out.buffer as ArrayBuffer;
    return out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength) as ArrayBuffer;
  }
}

/** geotiff's own decoder parameters, and the bytes one strip or tile of the image holds. */
async function deflateParameters(directory: GeoTIFFImage['fileDirectory']): Promise<DecoderParameters> {
  const tiled = !directory.hasTag('StripOffsets');
  const height = Number(await directory.loadValue('ImageLength'));
  const tileWidth = Number(await directory.loadValue(tiled ? 'TileWidth' : 'ImageWidth'));
  const tileHeight = Number(tiled ? await directory.loadValue('TileLength') : (await directory.loadValue('RowsPerStrip')) || height);
  const planarConfiguration = Number((await directory.loadValue('PlanarConfiguration')) ?? 1);
  const bitsPerSample = (await directory.loadValue('BitsPerSample')) as number[];
  const bits = bitsOf(bitsPerSample, Number((await directory.loadValue('SamplesPerPixel')) ?? 1));
  const maxBytes = blockBytes(tileWidth, tiled ? tileHeight : Math.min(tileHeight, height), bits, planarConfiguration);
  return { tileWidth, tileHeight, planarConfiguration, bitsPerSample, predictor: Number(await directory.loadValue('Predictor')) || 1, maxBytes };
}
addDecoder([8, 32946], () => Promise.resolve(NodeDeflate), deflateParameters);

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
    maxBytes: blockBytes(tileWidth, tileHeight, bitsOf(allBits, spp), image.planarConfiguration),
  } as DecoderParameters);
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
