// The image decoder's own process (forked by imageDecoder.ts): reads an image file, decodes the
// page asked for and sends the samples back (structured clone: typed arrays as they are). A decoder
// that aborts the process on a damaged file (geotiff on some LZW strips) takes only this process with
// it; the editor says the file is damaged and starts a fresh one for the next image. HDF5 files
// (told by their signature, not their name) give frames of a dataset (hdf5Frames.ts), read by
// hyperslab rather than whole, and a list of the datasets that hold images.
import { open, readFile } from 'node:fs/promises';
import { isHdf5File } from '../../data/hdf5/hdf5File';
import { english, type Message, messageOf, msg } from '../../text/message';
import { decodeImage, type DecodedImage, ImageError, sniffFormat } from './decodeImage';
import { defaultFrameSource, type FrameSource, listFrameSources, readFrame } from './hdf5Frames';

export interface DecodeRequest {
  readonly id: number;
  readonly file: string;
  readonly page: number;
  /** For an HDF5 file: the dataset to read frame `page` of; without it, the file's first frame source. */
  readonly dataset?: string;
}

/** The image datasets of an HDF5 file (listFrameSources). */
export interface ListRequest {
  readonly id: number;
  readonly file: string;
  readonly list: true;
}

export type DecoderRequest = DecodeRequest | ListRequest;

interface Failure {
  readonly id: number;
  readonly ok: false;
  readonly name: string;
  readonly message: string;
  /** The message to translate, where it is one of ours (a plain Error's class does not cross the process boundary). */
  readonly text?: Message;
}

export type DecodeReply = { readonly id: number; readonly ok: true; readonly image: DecodedImage } | Failure;
export type ListReply = { readonly id: number; readonly ok: true; readonly sources: readonly FrameSource[] } | Failure;
export type DecoderReply = DecodeReply | ListReply;

async function decode(request: DecodeRequest): Promise<DecodedImage> {
  // PNG, JPEG and TIFF are told by their first bytes; only a file that is none of them is probed for
  // HDF5's signature (which may sit after a user block), so an image never costs the extra reads.
  if (!sniffFormat(await head(request.file)) && (await isHdf5File(request.file))) {
    const dataset = request.dataset ?? (await defaultFrameSource(request.file)).path;
    return readFrame(request.file, dataset, request.page);
  }
  if (request.dataset !== undefined) throw new ImageError(msg('the file is not HDF5, so it has no dataset {0}; open it without choosing a dataset', request.dataset));
  return decodeImage(await readFile(request.file), request.page);
}

async function list(file: string): Promise<FrameSource[]> {
  if (!(await isHdf5File(file))) throw new ImageError(msg('the file is not HDF5 (no HDF5 signature), so it has no datasets to list; open it as an image'));
  return listFrameSources(file);
}

async function head(file: string): Promise<Uint8Array> {
  const handle = await open(file, 'r');
  try {
    const bytes = new Uint8Array(8);
    const { bytesRead } = await handle.read(bytes, 0, 8, 0);
    return bytes.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

process.on('message', (request: DecoderRequest) => {
  void (async () => {
    let reply: DecoderReply;
    try {
      reply = 'list' in request ? { id: request.id, ok: true, sources: await list(request.file) } : { id: request.id, ok: true, image: await decode(request) };
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      const said = e.code === 'ENOENT' ? msg('the file no longer exists') : e.code === 'EACCES' ? msg('the file cannot be read (permission denied)') : messageOf(e);
      const text = typeof said === 'string' ? undefined : said;
      reply = { id: request.id, ok: false, name: e instanceof ImageError ? 'ImageError' : (e.name ?? 'Error'), message: english(said), ...(text ? { text } : {}) };
    }
    process.send!(reply);
  })();
});
