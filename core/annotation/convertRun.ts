// Writing a folder conversion that planConversion (convertFolder.ts) planned and the user confirmed:
// the YOLO class lists first (so that every id a label file written after holds is in its list,
// even if the run stops half-way), then each image's label file by temp + rename, then a COCO
// target in one write under the lock labelIo.ts takes for it. A file that changed on disk since the
// plan (the source, or a target another window wrote) is not written over: that image is skipped
// with the reason. Source files are written only where the plan lists one as its own target.
import { mkdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { writeFileAtomic } from '../fs/atomicWrite';
import { acquireLock } from '../fs/fileLock';
import { fileStamp } from '../fs/fileStamp';
import { chainCoco, type ConversionPlan, type PlannedCoco, type PlannedImage } from './convertFolder';
import { LABEL_FORMATS } from './formats';
import { appendClasses } from './labelIo';
import { type Message, messageOf, msg } from '../text/message';


export interface RunOptions {
  readonly signal?: AbortSignal;
  /** Images written so far, of those the plan converts. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Leave the files the plan would replace as they are (those images are skipped). */
  readonly skipOverwrites?: boolean;
}

export interface ConversionSummary {
  /** Images whose labels were written. */
  readonly written: number;
  /** The label files written (a COCO target: its one file). */
  readonly files: readonly string[];
  /** Class list files created or extended. */
  readonly classLists: readonly string[];
  readonly skipped: readonly { readonly image: string; readonly file?: string; readonly reason: Message }[];
  /** Stopped by the signal; `remaining` images were not written, those written are whole files. */
  readonly aborted: boolean;
  readonly remaining: number;
}

export async function runConversion(plan: ConversionPlan, options: RunOptions = {}): Promise<ConversionSummary> {
  const todo = plan.images.filter((it) => it.action === 'write');
  const skipped: { image: string; file?: string; reason: Message }[] = [];
  const files: string[] = [];
  const lists: string[] = [];
  const skip = (item: PlannedImage, reason: Message): void => {
    skipped.push({ image: item.image, file: item.target.file, reason });
  };
  let ready = todo.filter((it) => {
    if (options.skipOverwrites && it.overwrite) skip(it, msg('{0} is kept as it is, as asked (the conversion would replace it: it {1})', path.basename(it.target.file), it.overwrite!));
    return !(options.skipOverwrites && it.overwrite);
  });
  let written = 0;
  let aborted = false;
  const progress = (): void => options.onProgress?.(written, todo.length);
  progress();

  // Class lists first: every id a label file written after holds is then in its list.
  for (const list of plan.classLists) {
    const users = ready.filter((it) => it.classList === list.file);
    if (users.length === 0) continue;
    if (options.signal?.aborted) break;
    let reason: Message | undefined;
    try {
      const now = await appendClasses({ classes: list.existing, file: list.file, kind: list.kind }, list.classes, { format: plan.to, file: list.file, exists: true });
      if (list.classes.some((c, i) => now.classes[i] !== c)) reason = msg('{0} changed since the plan (its classes are now {1}): plan the conversion again', path.basename(list.file), now.classes.join(', '));
      else if (now.classes.length !== list.existing.length || !list.exists) lists.push(list.file);
    } catch (err) {
      reason = msg('the class list {0} cannot be written: {1}', path.basename(list.file), messageOf(err));
    }
    if (reason !== undefined) {
      for (const it of users) skip(it, reason);
      ready = ready.filter((it) => !users.includes(it));
    }
  }

  const perImage = ready.filter((it) => it.text !== undefined);
  for (const item of perImage) {
    if (options.signal?.aborted) {
      aborted = true;
      break;
    }
    const why = await changedSince(item);
    if (why) {
      skip(item, why);
      continue;
    }
    try {
      await mkdir(path.dirname(item.target.file), { recursive: true });
      await writeFileAtomic(item.target.file, item.text!);
      files.push(item.target.file);
      written++;
      progress();
    } catch (err) {
      skip(item, msg('{0} cannot be written: {1}', path.basename(item.target.file), messageOf(err)));
    }
  }

  const intoCoco = ready.filter((it) => it.cocoName !== undefined);
  if (plan.coco && intoCoco.length && !aborted) {
    try {
      const done = await writeCoco(plan.coco, intoCoco, intoCoco.length === todo.length, skip, options.signal);
      if (done.length) {
        files.push(plan.coco.file);
        written += done.length;
        progress();
      }
    } catch (err) {
      if (options.signal?.aborted) aborted = true;
      else throw err;
    }
  }
  aborted ||= options.signal?.aborted === true && written + skipped.length < todo.length;
  return { written, files, classLists: lists, skipped, aborted, remaining: aborted ? todo.length - written - skipped.length : 0 };
}

/** Why writing this image's target now would write over something the plan did not see. */
async function changedSince(item: PlannedImage): Promise<Message | undefined> {
  if (item.source && (await fileStamp(item.source.file)) !== item.sourceStamp) return msg('{0} changed since the plan: plan the conversion again', path.basename(item.source.file));
  const now = await fileStamp(item.target.file);
  if (now === item.targetStamp) return undefined;
  return item.targetStamp === undefined ? msg('{0} was created since the plan', path.basename(item.target.file)) : msg('{0} changed since the plan', path.basename(item.target.file));
}

/**
 * The COCO target, written once under labelIo's lock. When the file changed since the plan (another
 * window saved into it) or some images are left out now, the objects are written again into its
 * current text, so that nothing another writer put there is lost. Returns the images written.
 */
async function writeCoco(coco: PlannedCoco, items: readonly PlannedImage[], all: boolean, skip: (item: PlannedImage, reason: Message) => void, signal?: AbortSignal): Promise<PlannedImage[]> {
  await mkdir(path.dirname(coco.file), { recursive: true });
  const lock = await acquireLock(`${coco.file}.lock`, { purpose: `converting labels into ${path.basename(coco.file)}`, signal });
  try {
    const keep: PlannedImage[] = [];
    for (const it of items) {
      if (it.source && (await fileStamp(it.source.file)) !== it.sourceStamp) skip(it, msg('{0} changed since the plan: plan the conversion again', path.basename(it.source.file)));
      else keep.push(it);
    }
    if (keep.length === 0) return [];
    const stamp = await fileStamp(coco.file);
    let text = coco.text;
    if (stamp !== coco.stamp || !all || keep.length < items.length) {
      let start = coco.previous;
      if (stamp !== coco.stamp) {
        const why = await changedCoco(coco, stamp);
        if (why) {
          for (const it of keep) skip(it, why);
          return [];
        }
        start = stamp === undefined ? undefined : await readFile(coco.file, 'utf8');
      }
      const failed = new Set<PlannedImage>();
      const chained = chainCoco(start, keep, (it, reason) => {
        failed.add(it);
        skip(it, reason);
      }, signal);
      keep.splice(0, keep.length, ...keep.filter((it) => !failed.has(it)));
      if (chained.text === undefined || keep.length === 0) return [];
      text = chained.text;
    }
    signal?.throwIfAborted();
    await writeFileAtomic(coco.file, text);
    return keep;
  } finally {
    await lock.release();
  }
}

/** Why a COCO target that changed since the plan cannot be written into now; undefined when it can. */
async function changedCoco(coco: PlannedCoco, stamp: string | undefined): Promise<Message | undefined> {
  // The plan replaced a file that was not a COCO file: one written since is not what the user confirmed.
  if (coco.previous === undefined && coco.stamp !== undefined) return msg('{0} changed since the plan', path.basename(coco.file));
  if (stamp === undefined) return undefined;
  try {
    LABEL_FORMATS.coco.classesIn(await readFile(coco.file, 'utf8'));
    return undefined;
  } catch (err) {
    return msg('{0} changed since the plan and is no longer a COCO instances file ({1})', path.basename(coco.file), messageOf(err));
  }
}
