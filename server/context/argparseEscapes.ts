// Whether a document hands its argparse parsers or namespaces to code it does not show, which may add
// options or set attributes the document's own text never names (`common.add_data_args(parser)`,
// DETR's `utils.init_distributed_mode(args)`): then no list of names is sure (argparseNames.ts).
import type { Node } from 'web-tree-sitter';
import { escapeRegExp } from '../../core/text/escapeRegExp';

/** Parser methods whose receivers are parsers or argument groups. */
const PARSER_METHODS = /(?<![\w.])([A-Za-z_]\w*)\s*\.\s*(?:add_argument|add_argument_group|add_mutually_exclusive_group|add_subparsers|add_parser|set_defaults|parse_(?:known_)?(?:intermixed_)?args)\b/g;

/** Callees that only read what they are handed: printing and logging. */
const READERS = /^(?:print|pprint|repr|str|len|vars|id|type|isinstance|hasattr|getattr|sorted|dict|(?:[\w.]+\.)?(?:info|debug|warning|warn|error|critical|exception|log|pprint|dumps?))$/;

/** The calls that take an identifier spelled `name` as an argument (positional or a keyword's value). */
function callsHanding(root: Node, source: string, name: string): Node[] {
  const calls: Node[] = [];
  const pattern = new RegExp(`(?<=[(,=]\\s*)${escapeRegExp(name)}(?=\\s*[,)])`, 'g');
  for (const m of source.matchAll(pattern)) {
    const id = root.descendantForIndex(m.index, m.index + name.length);
    if (id?.type !== 'identifier' || id.text !== name) continue;
    const holder = id.parent?.type === 'keyword_argument' ? id.parent.parent : id.parent;
    if (holder?.type === 'argument_list' && holder.parent?.type === 'call') calls.push(holder.parent);
  }
  return calls;
}

/**
 * Whether a parser or group of the document (a name it calls parser methods on) is handed to a
 * callee that is not the document's own function (`local`), or one of `namespaces` to such a callee
 * whose result is dropped (a call for what it does to its arguments) or to a parse call (parsed into).
 */
export function handedOn(root: Node, source: string, namespaces: Iterable<string>, local: (name: string) => boolean): boolean {
  const calleeOf = (call: Node): string => call.childForFieldName('function')?.text.replace(/\s+/g, '') ?? '';
  const parsers = new Set([...source.matchAll(PARSER_METHODS)].map((m) => m[1]));
  for (const parser of parsers) {
    if (callsHanding(root, source, parser).some((call) => !local(calleeOf(call)))) return true;
  }
  for (const name of namespaces) {
    for (const call of callsHanding(root, source, name)) {
      const callee = calleeOf(call);
      if (/(?:^|\.)parse_(?:known_)?(?:intermixed_)?args$/.test(callee)) return true;
      if (call.parent?.type === 'expression_statement' && !local(callee) && !READERS.test(callee)) return true;
    }
  }
  return false;
}
