// The one error of the ROOT reader: a file that is not ROOT, is damaged, or lacks what was asked for.
import * as path from 'node:path';
import { LocalizedError, type Message, msg } from '../../text/message';
import { JobStopped, stopAsked } from '../workers/jobStop';

export class RootError extends LocalizedError {
  constructor(message: string | Message) {
    super(message);
    this.name = 'RootError';
  }
}

/** Any error of jsroot's reading, as the file's: what it said, and that the file may be damaged. */
export function asRootError(err: unknown, file: string): Error {
  if (err instanceof JobStopped || stopAsked()) return new JobStopped();
  if (err instanceof RootError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new RootError(msg('{0} could not be read: {1}. It may be truncated, damaged or not a ROOT file.', path.basename(file), message));
}
