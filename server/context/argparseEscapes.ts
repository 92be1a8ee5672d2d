// Whether a document hands its argparse parsers or namespaces to code it does not show, which may add
// options or set attributes the document's own text never names (`common.add_data_args(parser)`,
// DETR's `utils.init_distributed_mode(args)`): then no list of names is sure (argparseNames.ts).
import type { Node } from 'web-tree-sitter';
import { escapeRegExp } from '../../core/text/escapeRegExp';

/** Parser methods whose receivers are parsers or argument groups. */
const PARSER_METHODS = /(?<![\w.])([A-Za-z_]\w*)\s*\.\s*(?:add_argument|add_argument_group|add_mutually_exclusive_group|add_subparsers|add_parser|set_defaults|parse_(?:known_)?(?:intermixed_)?args)\b/g;

/** Callees that only read what they are handed: printing and logging. */
const READERS = /^(?:print|pprint|repr|str|len|vars|id|type|isinstance|hasattr|getattr|sorted|dict|(?:[\w.]+\.)?(?:info|debug|warning|warn|error|critical|exception|log|pprint|dumps?))$/;

/** A call's callee as written, without blanks (`utils.init_distributed_mode`). */
const calleeOf = (call: Node): string => call.childForFieldName('function')?.text.replace(/\s+/g, '') ?? '';

/**
 * Whether a callee that is not the document's own function may add names to a namespace handed to
 * `call`: a parse call (parsed into), or a call whose result is dropped (a call for what it does to its
 * arguments), printing and logging excepted.
 */
export function mayChangeNamespace(call: Node): boolean {
  const callee = calleeOf(call);
  return /(?:^|\.)parse_(?:known_)?(?:intermixed_)?args$/.test(callee) || (call.parent?.type === 'expression_statement' && !READERS.test(callee));
}

/** A call that takes an identifier spelled as asked, and that identifier. */
interface Handing {
  readonly call: Node;
  readonly argument: Node;
}

/** The calls that take a name or attribute spelled `name` as an argument (positional or a keyword's value). */
function callsHanding(root: Node, source: string, name: string): Handing[] {
  const found: Handing[] = [];
  const pattern = new RegExp(`(?<=[(,=]\\s*)${escapeRegExp(name)}(?=\\s*[,)])`, 'g');
  for (const m of source.matchAll(pattern)) {
    const id = root.descendantForIndex(m.index, m.index + name.length);
    // A name, or an attribute holding a namespace (`self.args`).
    if ((id?.type !== 'identifier' && id?.type !== 'attribute') || id.text !== name) continue;
    const holder = id.parent?.type === 'keyword_argument' ? id.parent.parent : id.parent;
    if (holder?.type === 'argument_list' && holder.parent?.type === 'call') found.push({ call: holder.parent, argument: id });
  }
  return found;
}

/** The name of the parameter of `def` that `argument` of `call` goes to, if the text says which. */
function parameterFor(def: Node, { call, argument }: Handing): string | undefined {
  if (argument.parent?.type === 'keyword_argument') return argument.parent.childForFieldName('name')?.text;
  const args = call.childForFieldName('arguments')?.namedChildren.filter((a) => a && a.type !== 'comment' && a.type !== 'keyword_argument') ?? [];
  const index = args.findIndex((a) => a?.id === argument.id);
  if (index < 0 || args.slice(0, index).some((a) => a?.type === 'list_splat')) return undefined;
  const params = def.childForFieldName('parameters')?.namedChildren.filter((p) => p && p.type !== 'comment') ?? [];
  const positional = params.slice(0, Math.max(0, params.findIndex((p) => /^(list_splat_pattern|keyword_separator|dictionary_splat_pattern)$/.test(p!.type))) || params.length);
  const param = positional.filter((p) => p!.type !== 'positional_separator')[index];
  if (!param) return undefined;
  if (param.type === 'identifier') return param.text;
  return (param.childForFieldName('name') ?? param.namedChildren.find((c) => c?.type === 'identifier'))?.text;
}

/** Names followed from one to the parameters it is handed to, at most: beyond, it reads as handed on. */
const MAX_FOLLOWED = 64;

/**
 * Whether a parser or group of the document (a name it calls parser methods on) is handed to a
 * callee that is not one of the document's own functions, or one of `namespaces` to such a callee
 * whose result is dropped (a call for what it does to its arguments) or to a parse call (parsed
 * into). Handed to a function of the document (`localFunction` gives its def), the parameter it
 * goes to is followed the same way.
 */
export function handedOn(root: Node, source: string, namespaces: Iterable<string>, localFunction: (name: string) => Node | undefined): boolean {
  const queue: ['parser' | 'namespace', string][] = [
    ...[...new Set([...source.matchAll(PARSER_METHODS)].map((m) => m[1]))].map((p): ['parser', string] => ['parser', p]),
    ...[...namespaces].map((n): ['namespace', string] => ['namespace', n]),
  ];
  const seen = new Set<string>();
  for (let next = queue.pop(); next; next = queue.pop()) {
    const [kind, name] = next;
    if (seen.has(`${kind}:${name}`)) continue;
    seen.add(`${kind}:${name}`);
    if (seen.size > MAX_FOLLOWED) return true;
    for (const handing of callsHanding(root, source, name)) {
      const callee = calleeOf(handing.call);
      const def = /^[A-Za-z_]\w*$/.test(callee) ? localFunction(callee) : undefined;
      if (def) {
        const param = parameterFor(def, handing);
        if (param === undefined) return true;
        queue.push([kind, param]);
      } else if (kind === 'parser' || mayChangeNamespace(handing.call)) return true;
    }
  }
  return false;
}
