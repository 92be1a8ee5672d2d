// Decodes images in a child process (imageDecoderProcess.ts), one at a time in the order asked. The
// process is started on first use and again after it dies; a death fails only the image being
// decoded, with a message that says the file is probably damaged. Typed arrays come back by
// structured clone ('advanced' serialization), so a 72 MB float frame is copied once, not as JSON.
// HDF5 files go the same way: a frame of a dataset, or the list of a file's image datasets.
import { type ChildProcess, fork } from 'node:child_process';
import { LocalizedError, type Message, msg } from '../../text/message';
import type { DecodedImage } from './decodeImage';
import type { FrameSource } from './hdf5Frames';
import type { DecoderReply, DecoderRequest } from './imageDecoderProcess';

export interface ImageDecoderOptions {
  /** dist/imageDecoder.js in the extension; the .ts file with ['--import', 'tsx'] in tests. */
  readonly script: string;
  readonly execArgv?: readonly string[];
  /** A decode taking longer is stopped (the process killed). */
  readonly timeoutMs?: number;
}

/** Why an image could not be decoded; `name` is ImageError for a damaged or unknown file. */
export class DecodeError extends LocalizedError {
  constructor(name: string, message: string | Message) {
    super(message);
    this.name = name;
  }
}

type Answer = Extract<DecoderReply, { ok: true }>;

interface Pending {
  readonly request: DecoderRequest;
  readonly resolve: (answer: Answer) => void;
  readonly reject: (err: Error) => void;
  readonly signal?: AbortSignal;
}

export class ImageDecoder {
  private child: ChildProcess | undefined;
  private current: (Pending & { child: ChildProcess; timer?: NodeJS.Timeout; stopAbort?: () => void }) | undefined;
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: ImageDecoderOptions) {}

  /** Page `page` of an image; for an HDF5 file frame `page` of `dataset` (its first frame source without one). */
  decode(file: string, page = 0, signal?: AbortSignal, dataset?: string): Promise<DecodedImage> {
    const id = this.nextId++;
    return this.ask(dataset === undefined ? { id, file, page } : { id, file, page, dataset }, signal, (answer) => ('image' in answer ? answer.image : undefined));
  }

  /** The datasets of an HDF5 file that hold images, the one to open first first (hdf5Frames.ts). */
  listFrames(file: string, signal?: AbortSignal): Promise<FrameSource[]> {
    return this.ask({ id: this.nextId++, file, list: true }, signal, (answer) => ('sources' in answer ? [...answer.sources] : undefined));
  }

  close(): void {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new DecodeError('Error', 'the image decoder was closed'));
    this.current?.reject(new DecodeError('Error', 'the image decoder was closed'));
    this.current = undefined;
    this.child?.kill();
    this.child = undefined;
  }

  private ask<T>(request: DecoderRequest, signal: AbortSignal | undefined, take: (answer: Answer) => T | undefined): Promise<T> {
    if (this.closed) return Promise.reject(new DecodeError('Error', 'the image decoder is closed'));
    return new Promise((resolve, reject) => {
      const settle = (answer: Answer): void => {
        const value = take(answer);
        if (value === undefined) reject(new DecodeError('Error', 'the image decoder answered with something else than was asked'));
        else resolve(value);
      };
      this.queue.push({ request, resolve: settle, reject, signal });
      this.next();
    });
  }

  private next(): void {
    if (this.current || this.closed) return;
    const pending = this.queue.shift();
    if (!pending) return;
    if (pending.signal?.aborted) {
      pending.reject(new DecodeError('AbortError', msg('Cancelled.')));
      this.next();
      return;
    }
    const child = this.spawn();
    const current: NonNullable<ImageDecoder['current']> = { ...pending, child };
    this.current = current;
    const timeoutMs = this.options.timeoutMs ?? 120_000;
    current.timer = setTimeout(() => this.kill(new DecodeError('TimeoutError', msg('decoding took longer than {0} s and was stopped; the file may be damaged', Math.round(timeoutMs / 1000)))), timeoutMs);
    if (pending.signal) {
      const onAbort = (): void => this.kill(new DecodeError('AbortError', msg('Cancelled.')));
      pending.signal.addEventListener('abort', onAbort, { once: true });
      current.stopAbort = () => pending.signal!.removeEventListener('abort', onAbort);
    }
    child.ref();
    child.send(pending.request);
  }

  private spawn(): ChildProcess {
    if (this.child) return this.child;
    const child = fork(this.options.script, [], {
      execArgv: [...(this.options.execArgv ?? []), '--max-old-space-size=4096'],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2000);
    });
    child.on('message', (reply: DecoderReply) => {
      const current = this.current;
      if (!current || current.child !== child || current.request.id !== reply.id) return;
      this.settle();
      if (reply.ok) current.resolve(reply);
      else current.reject(new DecodeError(reply.name, reply.text ?? reply.message));
      this.next();
    });
    child.on('exit', (code, signal) => {
      if (this.child === child) this.child = undefined;
      const current = this.current;
      // A process killed for a timeout or a cancel has already failed its image; another may be running.
      if (!current || current.child !== child) return;
      this.settle();
      const how = signal ? msg('signal {0}', signal) : msg('exit code {0}', String(code));
      const last = stderr.trim().split('\n').filter(Boolean).pop();
      current.reject(new DecodeError('ImageError', msg('the decoder stopped on this file ({0}); the file is probably damaged — other images are not affected', last ? msg('{0}: {1}', how, last.slice(0, 200)) : how)));
      this.next();
    });
    // An idle decoder must not keep the process alive (tests, the extension host's shutdown).
    child.unref();
    (child as unknown as { channel?: { unref(): void } }).channel?.unref();
    this.child = child;
    return child;
  }

  private kill(error: Error): void {
    const current = this.current;
    if (!current) return;
    this.settle();
    current.reject(error);
    const child = this.child;
    this.child = undefined;
    child?.kill('SIGKILL');
    this.next();
  }

  private settle(): void {
    if (this.current?.timer) clearTimeout(this.current.timer);
    this.current?.stopAbort?.();
    this.current = undefined;
    this.child?.unref();
    (this.child as unknown as { channel?: { unref(): void } } | undefined)?.channel?.unref();
  }
}
