// Slurm's time formats (sbatch --time): minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS.

/** Seconds in a Slurm time string, or undefined when it is not one. */
export function slurmTimeSeconds(text: string): number | undefined {
  const m = /^(?:(\d+)-)?(\d+)(?::(\d+))?(?::(\d+))?$/.exec(text.trim());
  if (!m) return undefined;
  const [, d, a, b, c] = m;
  const n = (s: string | undefined): number => (s === undefined ? 0 : Number(s));
  if (d !== undefined) return n(d) * 86400 + n(a) * 3600 + n(b) * 60 + n(c);
  if (c !== undefined) return n(a) * 3600 + n(b) * 60 + n(c);
  if (b !== undefined) return n(a) * 60 + n(b);
  return n(a) * 60;
}

/** The same limit in whole minutes, rounded up, as slurmrestd's time_limit wants it. */
export function slurmTimeMinutes(text: string): number | undefined {
  const s = slurmTimeSeconds(text);
  return s === undefined ? undefined : Math.ceil(s / 60);
}
