// The image decoders' error and the limits they share (decodeImage.ts, its PNG and TIFF checks,
// hdf5Frames.ts). A decoded frame is sent from the decoder's process to the extension host, so what
// a file may make the editor hold is bounded here, from its header, before any sample is read.
import { LocalizedError, type Message, msg } from '../../text/message';

/** An image that cannot be decoded; the message says what was found and what to do. */
export class ImageError extends LocalizedError {
  constructor(message: string | Message) {
    super(message);
    this.name = 'ImageError';
  }
}

/** The pixels a decoder is allowed to allocate: 16k × 16k, far above any detector's frame. */
export const MAX_PIXELS = 16384 * 16384;

/**
 * The bytes a decoded frame may hold. It travels to the extension host (a structured clone: a second
 * copy while it crosses), which every other extension shares, and the viewer makes its own 8-bit copy
 * to show it. 512 MiB still holds a 16k × 16k 16-bit frame, an 11k × 11k float32 slice, or dozens of
 * the largest detector frames (an Eiger 16M uint32 frame is 72 MB).
 */
export const MAX_RASTER_BYTES = 512 * 2 ** 20;

const MiB = (bytes: number): number => Math.ceil(bytes / 2 ** 20);

/** Why a frame of this size cannot be opened, or undefined when it can. */
export function sizeProblem(width: number, height: number, bytesPerPixel: number): Message | undefined {
  if (!(width > 0 && height > 0)) return msg('the image says it is {0} × {1} pixels', width, height);
  if (width * height > MAX_PIXELS) return msg('the image is {0} × {1} pixels, more than the editor opens ({2} megapixels); crop or bin it first', width, height, MAX_PIXELS / 1024 / 1024);
  const bytes = width * height * bytesPerPixel;
  if (bytes > MAX_RASTER_BYTES) {
    return msg('the image is {0} × {1} pixels of {2} bytes each ({3} MiB), more than the editor opens ({4} MiB); crop or bin it, or convert it to a smaller sample type, first', width, height, bytesPerPixel, MiB(bytes), MiB(MAX_RASTER_BYTES));
  }
  return undefined;
}

export function checkSize(width: number, height: number, bytesPerPixel: number): void {
  const problem = sizeProblem(width, height, bytesPerPixel);
  if (problem) throw new ImageError(problem);
}

/** A file whose structure contradicts itself or points past its end; `detail` says where. */
export function damaged(format: 'PNG' | 'JPEG' | 'TIFF', detail: Message | string): ImageError {
  return new ImageError(msg('the {0} image is truncated or damaged ({1}); check it opens in another viewer, or copy or write it again', format, detail));
}
