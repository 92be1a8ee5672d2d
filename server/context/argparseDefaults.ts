// The defaults of a document's argparse options as what its namespaces hold (`args.data` read as
// `--data`'s `default="jets.root"`, for the data keys rule, dataNames.ts): only where every parse
// parses the command line and no parser or namespace is handed to code the document does not show.
import type { Node } from 'web-tree-sitter';
import type { NamespaceReader } from './argparseReader';
import { handedOn } from './argparseEscapes';
import { optionDefaults } from './argparseOptions';

/** Passes over the text for names bound to another (`opts = args`) at most: a longer chain of them is not followed. */
const MAX_ALIAS_PASSES = 8;

/** A parse call's arguments that still parse the command line. */
const COMMAND_LINE = /^(?:sys\.argv\[1:\]|None|args=None)$/;

/** One document's option defaults, each read once (a path handed by hundreds of calls asks each time). */
export class OptionDefaults {
  private readonly defaults = new Map<string, Node[] | undefined>();
  /** Whether the namespaces hold the defaults (hold()), as read with this many names holding one. */
  private commandLine: { readonly held: number; readonly holds: boolean } | undefined;

  constructor(private readonly reader: NamespaceReader) {}

  /** The default values of the options with the dest `dest` (argparseOptions.ts), undefined where there is none to go by. */
  of(dest: string): Node[] | undefined {
    if (!this.defaults.has(dest)) this.defaults.set(dest, optionDefaults(this.reader.root, this.reader.source, dest));
    return this.defaults.get(dest);
  }

  /**
   * Whether the options' defaults are what the namespaces hold: every parse call parses the command
   * line (no list of arguments but `sys.argv[1:]`), and no parser or namespace is handed to code the
   * document does not show (argparseEscapes.ts: `common.add_data_args(parser)`, `apply_overrides(args)`).
   */
  hold(): boolean {
    // Read again once the reading found more names holding a namespace: each is checked for handing on.
    const reader = this.reader;
    if (this.commandLine?.held !== reader.heldNames.size) {
      const { root, source } = reader;
      const parses = root.descendantsOfType('call').filter((c): c is Node => c !== null && /(?:^|\.)parse_(?:known_)?(?:intermixed_)?args$/.test(c.childForFieldName('function')?.text.replace(/\s+/g, '') ?? ''));
      const ownLine = parses.every((c) => {
        const args = c.childForFieldName('arguments')?.namedChildren.filter((a) => a && a.type !== 'comment') ?? [];
        return args.length === 0 || (args.length === 1 && COMMAND_LINE.test(args[0]!.text.replace(/\s+/g, '')));
      });
      this.commandLine = { held: reader.heldNames.size, holds: ownLine && !handedOn(root, source, withAliases(source, reader.heldNames), (f) => reader.localFunction(f)) };
    }
    return this.commandLine.holds;
  }
}

/** `names` and the names bound to one of them by a plain assignment (`opts = args`), which may hand it on too. */
function withAliases(source: string, names: ReadonlySet<string>): Set<string> {
  const all = new Set(names);
  for (let pass = 0, grew = true; grew && pass < MAX_ALIAS_PASSES; pass++) {
    grew = false;
    for (const m of source.matchAll(/^[ \t]*([A-Za-z_]\w*)[ \t]*=[ \t]*([A-Za-z_]\w*)[ \t]*(?:#.*)?$/gm)) {
      if (all.has(m[2]) && !all.has(m[1])) {
        all.add(m[1]);
        grew = true;
      }
    }
  }
  return all;
}
