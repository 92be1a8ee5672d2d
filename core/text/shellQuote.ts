// Quoting for the bash scripts we write (job scripts, copied command lines). Anything but a plain
// word goes in single quotes, where bash expands nothing; a quote inside becomes '\''.

export function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function shellJoin(args: readonly string[]): string {
  return args.map(shellQuote).join(' ');
}
