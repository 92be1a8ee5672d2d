// A binary mask over part of an image: what COCO's RLE and labelme's mask shapes hold, and what a
// flood fill finds. Only the pixels inside its bounding box are kept.

export interface BinaryMask {
  /** The top-left pixel of the mask's box in the image (integers). */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  /** width × height bytes, row-major; non-zero is inside. */
  readonly data: Uint8Array;
}
