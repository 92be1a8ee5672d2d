// AI pre-labelling with a local ONNX detector (YOLOv5 or YOLOv8/11 export, or HAI's own tiny
// detector): load the model with onnxruntime-node in the extension host, read its class names and
// input size from the Ultralytics metadata, and turn a frame into labelled boxes in image pixels.
// The stages live in their own files so each is tested on its own: modelInput.ts (letterbox and
// normalisation), yoloOutput.ts (decode and NMS), onnxMetadata.ts (names, imgsz), letterbox.ts
// (boxes back to the image). Everything the user can fix (a wrong path, a classifier instead of a
// detector, an unknown output) is a DetectorError that says what to do.
import { stat } from 'node:fs/promises';
import type * as Ort from 'onnxruntime-node';
import { halfToFloat } from '../../data/float16';
import { ActionableError } from '../../errors';
import { messageOf, msg } from '../../text/message';
import type { Raster } from '../raster';
import { type Box, boxToImage } from './letterbox';
import { rasterToModelInput } from './modelInput';
import { modelClassNames, type OnnxModelInfo, OnnxFormatError, parseImageSize, readOnnxMetadataFile } from './onnxMetadata';
import { decodeYoloOutput, detectLayout, type LayoutInfo, type YoloLayout } from './yoloOutput';

export type DetectorErrorKind = 'notFound' | 'notOnnx' | 'runtime' | 'input' | 'output';

export class DetectorError extends ActionableError<DetectorErrorKind> {}

export interface Detection {
  readonly label: string;
  readonly classIndex: number;
  readonly score: number;
  /** In image pixels, inside the image. */
  readonly box: Box;
}

export interface DetectOptions {
  /** Confidence threshold; the layout's project default (0.25) when absent. */
  readonly conf?: number;
  /** NMS IoU threshold; the layout's project default (YOLOv5 0.45, YOLOv8/11 0.7) when absent. */
  readonly iou?: number;
  readonly maxDetections?: number;
}

export interface Detector {
  readonly path: string;
  readonly names: readonly string[];
  readonly inputSize: { readonly width: number; readonly height: number };
  readonly layout: YoloLayout;
  /** The model's metadata_props (Ultralytics: description, stride, task, names, imgsz…). */
  readonly metadata: Readonly<Record<string, string>>;
  detect(raster: Raster, options?: DetectOptions): Promise<Detection[]>;
  /** Frees the native session; the detector cannot be used afterwards. */
  dispose(): Promise<void>;
}

export interface LoadOptions {
  /** ONNX Runtime intra-op threads (0: its default). */
  readonly threads?: number;
}

const EXPORT_HINT = msg('Export a detection model to ONNX (Ultralytics: yolo export model=best.pt format=onnx; YOLOv5: python export.py --include onnx).');

export async function loadDetector(path: string, options: LoadOptions = {}): Promise<Detector> {
  try {
    const s = await stat(path);
    if (!s.isFile()) throw new DetectorError('notFound', msg('{0} is not a file.', path), msg('Choose the .onnx file of a detection model.'));
  } catch (err) {
    if (err instanceof DetectorError) throw err;
    throw new DetectorError('notFound', msg('There is no model file at {0}.', path), msg('Check the path, or download or export the model again.'), { cause: err });
  }
  let info: OnnxModelInfo;
  try {
    info = await readOnnxMetadataFile(path);
  } catch (err) {
    const why = err instanceof OnnxFormatError ? messageOf(err) : String(err);
    throw new DetectorError('notOnnx', msg('{0} is not an ONNX model: {1}.', path, why), EXPORT_HINT, { cause: err });
  }
  let ort: typeof Ort;
  try {
    ort = await import('onnxruntime-node');
  } catch (err) {
    throw new DetectorError('runtime', msg('ONNX Runtime could not be loaded: {0}.', (err as Error).message), msg('Install the HAI build for your platform (linux-x64, darwin-arm64, win32-x64).'), { cause: err });
  }
  let session: Ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(path, { intraOpNumThreads: options.threads ?? 0, interOpNumThreads: 1, graphOptimizationLevel: 'all', executionMode: 'sequential' });
  } catch (err) {
    throw new DetectorError('notOnnx', msg('ONNX Runtime could not load {0}: {1}.', path, (err as Error).message), msg('The file may be truncated, corrupt or need a newer ONNX Runtime: export it again.'), { cause: err });
  }
  try {
    return await describe(ort, session, path, info);
  } catch (err) {
    await session.release();
    throw err;
  }
}

async function describe(ort: typeof Ort, session: Ort.InferenceSession, path: string, info: OnnxModelInfo): Promise<Detector> {
  const { metadata } = info;
  const input = session.inputMetadata[0];
  const shape = input?.isTensor ? input.shape : [];
  const shown = `[${shape.join(', ')}]`;
  if (session.inputNames.length !== 1 || !input?.isTensor || shape.length !== 4 || !(shape[0] === 1 || typeof shape[0] === 'string') || shape[1] !== 3) {
    const what = session.inputNames.length === 1 ? msg('{0} takes an input of shape {1}, not one image batch [1, 3, height, width].', path, shown) : msg('{0} takes {1} inputs, not one image batch [1, 3, height, width].', path, session.inputNames.length);
    throw new DetectorError('input', what, msg('This does not look like an image detector. {0}', EXPORT_HINT));
  }
  if (input.type !== 'float32') {
    throw new DetectorError('input', msg('{0} takes {1} images; the assist feeds float32.', path, input.type), msg('Export the model without half precision (Ultralytics: half=False).'));
  }
  // A fixed input size wins; a dynamic one (exported with dynamic=True) takes the training size.
  let inputSize: { width: number; height: number };
  if (typeof shape[2] === 'number' && typeof shape[3] === 'number' && shape[2] > 0 && shape[3] > 0) {
    inputSize = { height: shape[2], width: shape[3] };
  } else if (metadata.imgsz) {
    inputSize = parseImageSize(metadata.imgsz);
  } else {
    throw new DetectorError('input', msg('{0} takes images of any size {1} and says nothing of the size it was trained at (no imgsz metadata).', path, shown), msg('Export it with a fixed image size (Ultralytics: imgsz=640).'));
  }
  let names: string[] | undefined;
  if (metadata.names !== undefined) {
    try {
      names = modelClassNames(metadata.names);
    } catch (err) {
      throw new DetectorError('output', msg('{0} has class names HAI cannot read: {1}.', path, messageOf(err)), msg('Export the model again with Ultralytics, or fix its names metadata.'), { cause: err });
    }
  }
  const inputName = session.inputNames[0];
  const outputName = session.outputNames[0];
  const run = async (data: Float32Array, dims: readonly number[]): Promise<{ dims: readonly number[]; data: Float32Array }> => {
    const out = (await session.run({ [inputName]: new ort.Tensor('float32', data, dims) }))[outputName];
    if (out.type === 'float32') return { dims: out.dims, data: out.data as Float32Array };
    if (out.type === 'float16') return { dims: out.dims, data: Float32Array.from(out.data as Uint16Array, halfToFloat) };
    throw new DetectorError('output', msg('{0} answers with {1} values; a detector answers with float boxes and scores.', path, out.type), EXPORT_HINT);
  };
  // The layout, from the output's declared shape, or from one run on a blank (grey) image when the
  // shape is dynamic: the editor needs to know before the first frame whether the model can be used.
  const output = session.outputMetadata[0];
  let outDims: readonly number[] | undefined = output?.isTensor && output.shape.every((d) => typeof d === 'number' && d > 0) ? (output.shape as number[]) : undefined;
  if (!outDims) {
    const blank = new Float32Array(3 * inputSize.width * inputSize.height).fill(114 / 255);
    outDims = (await run(blank, [1, 3, inputSize.height, inputSize.width])).dims;
  }
  let layout: LayoutInfo;
  try {
    layout = detectLayout(outDims, names?.length);
  } catch (err) {
    throw new DetectorError('output', messageOf(err), msg('Is {0} a detection model? Segmentation, pose and classification exports, and exports with NMS built in (nms=True), are not read. {1}', path, EXPORT_HINT), { cause: err });
  }
  const classNames = names ?? Array.from({ length: layout.classCount }, (_v, i) => String(i));
  let released = false;
  return {
    path,
    names: classNames,
    inputSize,
    layout: layout.layout,
    metadata,
    async detect(raster, opts = {}) {
      if (released) throw new Error('this detector has been disposed');
      const input = rasterToModelInput(raster, inputSize.width, inputSize.height);
      const out = await run(input.data, input.dims);
      let decoded: ReturnType<typeof decodeYoloOutput>;
      try {
        decoded = decodeYoloOutput(out.dims, out.data, { classCount: layout.classCount, conf: opts.conf, iou: opts.iou, maxDetections: opts.maxDetections });
      } catch (err) {
        throw new DetectorError('output', messageOf(err), EXPORT_HINT, { cause: err });
      }
      const found: Detection[] = [];
      for (const d of decoded.detections) {
        const box = boxToImage(d.box, input.letterbox);
        // A box entirely in the grey padding has nothing of the image left once clamped.
        if (box.width > 0 && box.height > 0) found.push({ label: classNames[d.classIndex], classIndex: d.classIndex, score: d.score, box });
      }
      return found;
    },
    async dispose() {
      if (released) return;
      released = true;
      await session.release();
    },
  };
}
