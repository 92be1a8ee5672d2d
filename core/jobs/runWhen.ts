// When a run was submitted, as the Jobs view shows it beside the run: short enough to stay visible in
// a narrow side bar, and what tells two runs of the same spec apart at a glance.
import { type Message, msg } from '../text/message';

/** `Intl.DateTimeFormat` in `locale`, or in the default one where the runtime does not know it. */
function format(locale: string | undefined, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  try {
    return new Intl.DateTimeFormat(locale, options);
  } catch {
    return new Intl.DateTimeFormat(undefined, options);
  }
}

const CLOCK: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };

/** Local midnight starting the day of `ms`. */
function dayOf(ms: number): number {
  const d = new Date(ms);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}

/**
 * "today 14:03", "yesterday 09:12"; earlier this year the date and time ("May 3, 14:03"), before
 * that the date ("May 3, 2024"), each in local time and in `locale`'s words (VS Code's language).
 */
export function runWhen(at: number, now: number, locale?: string): Message | string {
  const day = dayOf(at);
  const today = dayOf(now);
  const clock = format(locale, CLOCK).format(at);
  if (day === today) return msg('today {0}', clock);
  const d = new Date(now);
  if (day === new Date(d.getFullYear(), d.getMonth(), d.getDate() - 1).getTime()) return msg('yesterday {0}', clock);
  if (new Date(at).getFullYear() === d.getFullYear()) return format(locale, { month: 'short', day: 'numeric', ...CLOCK }).format(at);
  return format(locale, { year: 'numeric', month: 'short', day: 'numeric' }).format(at);
}
