// The hot-exit backup of an open image's unsaved labels: what VS Code keeps when the window closes or
// the extension host dies, and restores on reopen. JSON with mask pixels in base64; a backup that
// cannot be read is refused as a whole (the editor then loads the label file and says so), never
// half-restored.
import { isMessage, LocalizedError, type Message, msg } from '../text/message';
import type { ClassList, LabelTarget } from './labelFiles';
import type { Entry } from './labelState';
import type { KeptObject, Shape } from './shapes';

export interface SessionBackup {
  readonly page: number;
  readonly target: LabelTarget;
  readonly classes: readonly string[];
  /** Classes only suggestions brought in (not written while no label uses them); absent in older backups. */
  readonly suggestedClasses?: readonly string[];
  readonly classList: ClassList;
  readonly entries: readonly Entry[];
  readonly kept?: readonly KeptObject[];
  readonly stamp?: string;
  /** Why the labels could not be read (a string in backups written before problems were messages). */
  readonly problem?: Message | string;
}

const VERSION = 1;

export function serializeBackup(b: SessionBackup): string {
  return JSON.stringify({ version: VERSION, ...b }, (_key, value: unknown) => (value instanceof Uint8Array ? { base64: Buffer.from(value).toString('base64') } : value));
}

function isShape(v: unknown): v is Shape {
  const s = v as Record<string, unknown> | null;
  if (!s || typeof s.label !== 'string') return false;
  const num = (k: string): boolean => typeof s[k] === 'number' && Number.isFinite(s[k]);
  switch (s.kind) {
    case 'box':
      return num('x') && num('y') && num('width') && num('height');
    case 'point':
      return num('x') && num('y');
    case 'polygon':
      return Array.isArray(s.points) && s.points.length >= 3 && s.points.every((p) => Array.isArray(p) && p.length === 2 && p.every((c) => typeof c === 'number' && Number.isFinite(c)));
    case 'mask': {
      const m = s.mask as Record<string, unknown> | null;
      return !!m && m.data instanceof Uint8Array && (m.data as Uint8Array).length === (m.width as number) * (m.height as number);
    }
    default:
      return false;
  }
}

/** What an open document takes from a backup restored over the labels read from disk. */
export interface Restored {
  readonly classes: string[];
  readonly suggestedClasses: string[];
  readonly kept: readonly KeptObject[] | undefined;
  readonly problem: Message | string | undefined;
  /**
   * The label file's stamp when the backed-up labels were read, not the file's stamp now: a file
   * changed since the backup is then reported at save (LabelFileChanged), never silently overwritten.
   */
  readonly stamp: string | undefined;
}

export function restoredFrom(current: { readonly classes: readonly string[]; readonly problem?: Message | string }, backup: SessionBackup): Restored {
  // A class the file has now is the file's, whatever a suggestion brought before the backup.
  const suggestedClasses = (backup.suggestedClasses ?? []).filter((c) => !current.classes.includes(c));
  return { classes: [...new Set([...current.classes, ...backup.classes])], suggestedClasses, kept: backup.kept, problem: backup.problem ?? current.problem, stamp: backup.stamp };
}

/** The backup, or an error saying why it cannot be used. */
export function parseBackup(text: string): SessionBackup {
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(text) as Record<string, unknown>;
  } catch (err) {
    throw new LocalizedError(msg('the backup is not valid JSON ({0})', err instanceof Error ? err.message : String(err)));
  }
  // Bytes come back only where they were: a mask's pixels. Reviving every {"base64": …} would turn
  // such an object among a label file's unknown keys (kept in a shape's extra) into bytes.
  if (Array.isArray(doc?.entries)) {
    for (const e of doc.entries as { shape?: { kind?: unknown; mask?: { data?: unknown } } }[]) {
      const data = e?.shape?.kind === 'mask' ? (e.shape.mask?.data as { base64?: unknown } | undefined) : undefined;
      if (data && typeof data === 'object' && typeof data.base64 === 'string') e.shape!.mask!.data = new Uint8Array(Buffer.from(data.base64, 'base64'));
    }
  }
  if (doc?.version !== VERSION) throw new LocalizedError(msg('the backup has version {0}, not {1}', String(doc?.version), VERSION));
  const entries = doc.entries;
  if (!Array.isArray(entries) || !entries.every((e) => e && typeof e.id === 'string' && isShape(e.shape))) throw new LocalizedError(msg('the backup’s labels are damaged'));
  const target = doc.target as LabelTarget | undefined;
  if (!target || typeof target.file !== 'string' || typeof target.format !== 'string') throw new LocalizedError(msg('the backup does not say where the labels go'));
  if (!Array.isArray(doc.classes) || !doc.classes.every((c) => typeof c === 'string')) throw new LocalizedError(msg('the backup’s class list is damaged'));
  return {
    page: typeof doc.page === 'number' ? doc.page : 0,
    target,
    classes: doc.classes as string[],
    suggestedClasses: Array.isArray(doc.suggestedClasses) ? doc.suggestedClasses.filter((c): c is string => typeof c === 'string') : undefined,
    classList: (doc.classList as ClassList | undefined) ?? { classes: [] },
    entries: entries as Entry[],
    kept: doc.kept as KeptObject[] | undefined,
    stamp: typeof doc.stamp === 'string' ? doc.stamp : undefined,
    problem: typeof doc.problem === 'string' || isMessage(doc.problem) ? doc.problem : undefined,
  };
}
