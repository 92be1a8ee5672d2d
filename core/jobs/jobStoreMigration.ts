// Taking over the version-1 job list (one jobs.json that each window wrote back whole) into one file
// per job. Two windows may start at once and both run this: records are written only where no
// record of that id exists yet (a window may already have updated it), and the old file is renamed
// once, never deleted, so that whatever was in it (records that fail the checks included) is kept.
import { promises as fs } from 'node:fs';
import { joinMessages, LocalizedError, type Message, messageOf, msg } from '../text/message';
import { parseRecord, type JobRecord } from './jobRecord';

/**
 * Moves the records of `file` (if it exists) into the store with `put` (which must not replace an
 * existing record). Returns what the user should know, or undefined when all went well.
 */
export async function migrateJobList(file: string, put: (record: JobRecord) => Promise<boolean>): Promise<Message | undefined> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return msg('The job list {0} could not be read ({1}); it was left as it is.', file, (err as Error).message);
  }
  let jobs: unknown[];
  try {
    const parsed = JSON.parse(text) as { version?: unknown; jobs?: unknown };
    if (parsed?.version !== 1 || !Array.isArray(parsed.jobs)) throw new LocalizedError(msg('unknown format (version {0})', String(parsed?.version)));
    jobs = parsed.jobs;
  } catch (err) {
    const aside = `${file}.unreadable-${Date.now()}`;
    if (!(await renameIfThere(file, aside))) return undefined;
    return msg('The job list {0} could not be read ({1}); it was kept as {2}.', file, messageOf(err), aside);
  }
  const refused: Message[] = [];
  for (const raw of jobs) {
    const checked = parseRecord(raw);
    if ('record' in checked) await put(checked.record);
    else refused.push(msg('{0} ({1})', (raw as { id?: unknown } | null)?.id == null ? msg('(no id)') : String((raw as { id: unknown }).id), checked.text));
  }
  const kept = `${file}.migrated-${Date.now()}`;
  // Another window that started at the same moment may have renamed it first: its report stands.
  if (!(await renameIfThere(file, kept))) return undefined;
  if (refused.length === 0) return undefined;
  const list = joinMessages(refused);
  return msg('{0} job record(s) of {1} were not taken over, and HAI does not act on them: {2}. The old list is kept as {3}.', refused.length, file, list, kept);
}

async function renameIfThere(from: string, to: string): Promise<boolean> {
  try {
    await fs.rename(from, to);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}
