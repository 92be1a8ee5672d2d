// The tree of one document read for argparse parsers and namespaces, and Hydra configs: which names
// hold one where a node stands, by Python's scopes, following assignments, functions that return one
// and parameters every call hands one (argparseNames.ts asks it after `args.`, hydraNames.ts after
// `cfg.`). Wherever a reading could be wrong, the answer is no.
import type { Node } from 'web-tree-sitter';
import { callArguments } from './argparseOptions';
import { type ClassDocument, classUses, madeOtherwise, plainClass } from './argparseClasses';
import { isBinding } from './moduleNames';
import { escapeRegExp } from '../../core/text/escapeRegExp';
import { identifiersNamed, imports } from './namedIdentifiers';
import { hydraKey, hydraMainOf, importsHydraMain } from './hydraMain';

/** Nodes whose bodies bind names of their own. */
const SCOPE = /^(module|function_definition|lambda|class_definition|list_comprehension|set_comprehension|dictionary_comprehension|generator_expression)$/;
const PARSE = /^(parse_args|parse_intermixed_args)$/;
const PARSE_KNOWN = /^(parse_known_args|parse_known_intermixed_args)$/;

/** Functions and bindings followed at most for one name: beyond, the reading says no. */
const MAX_DEPTH = 50;
/** Uses of one name that are not `name.attr` looked at in the tree at most (each costs a lookup): beyond, no list. */
const MAX_LOOKED = 1000;

/**
 * `config:` is what Hydra hands a `@hydra.main(…)` function's first parameter (hydraMain.ts);
 * `config:model.fc` the node at that path of it (`cfg.model.fc`, a parameter every call hands that).
 */
type Kind = 'parser' | 'namespace' | `config:${string}`;
const CONFIG = 'config:';
/** Decorators that call the function with the arguments it was called with. */
const PASS_THROUGH = /^@(?:torch\.)?(?:no_grad|inference_mode|enable_grad)(?:\(\))?$/;

/**
 * The tree of one document, read for namespaces; results are kept per node while it lives. Names
 * are looked up by searching the text, not by walking the tree: a long file has thousands of nodes.
 */
export class NamespaceReader implements ClassDocument {
  /** Functions by name; null for a name bound otherwise too, or a method (a call by the name alone may be something else). */
  private readonly functions = new Map<string, Node | null>();
  /** Classes by name; null for a name bound otherwise too. */
  private readonly classes = new Map<string, Node | null>();
  /** The calls that make each `__init__`'s instances (constructorCalls), by the def's id. */
  private readonly constructors = new Map<number, Node[] | undefined>();
  private readonly known = new Map<string, boolean>();
  /** Per name, its bindings by scope (node id); null where the document does not say them all. */
  private readonly bindings = new Map<string, Map<number, Node[]> | null>();
  private readonly scopes = new Map<number, Node>();
  /** How deep the reading of one name has gone: a chain of hundreds of functions is read as no. */
  private depth = 0;
  /** Names read as holding a namespace somewhere (`opts` in main(), handing it to `Trainer(opts)`): each is checked for handing on. */
  readonly heldNames = new Set<string>();
  /** What functions were read to return, by kind and name. */
  private readonly returned = new Map<string, boolean>();
  /** Functions whose returns are being read: a function returning its own call reads as no. */
  private readonly reading = new Set<string>();
  private readonly errors: (readonly [number, number])[];
  private readonly argparseImported: boolean;
  private readonly hydraMainImported: boolean;
  /** The configs (hydraKey) of the `@hydra.main(…)` functions whose config a reading of a name found. */
  readonly configs = new Set<string>();

  constructor(
    readonly root: Node,
    readonly source: string,
  ) {
    this.errors = root.hasError ? root.descendantsOfType('ERROR').flatMap((e) => (e ? [[e.startIndex, e.endIndex] as const] : [])) : [];
    this.argparseImported = /\bfrom\s+argparse\s+import\b[^\n]*\bArgumentParser\b/.test(source);
    this.hydraMainImported = importsHydraMain(source);
  }

  /** The one function of the document named `name` that a call of the name alone calls, if there is one. */
  /** What binds `name` where it is bound only once in the document (a def or class of it, an assignment, an import, a parameter). */
  private soleBinding(name: string): Node | undefined {
    const bound = identifiersNamed(this.root, this.source, name).filter((id) => isBinding(id) || imports(id));
    return bound.length === 1 ? (bound[0].parent ?? undefined) : undefined;
  }

  private functionNamed(name: string): Node | undefined {
    if (!this.functions.has(name)) {
      const bound = this.soleBinding(name);
      const def = bound?.type === 'function_definition' ? bound : undefined;
      const holder = def?.parent?.type === 'decorated_definition' ? def.parent.parent : def?.parent;
      this.functions.set(name, def && holder?.parent?.type !== 'class_definition' ? def : null);
    }
    return this.functions.get(name) ?? undefined;
  }

  /** The function of the document that a call of `name` alone calls, if there is one. */
  localFunction(name: string): Node | undefined {
    return this.functionNamed(name);
  }

  /** Whether `name`, read where `at` stands, holds a namespace of one of the document's parsers. */
  namespaceAt(name: string, at: Node): boolean {
    return this.resolves(name, at, 'namespace');
  }

  /** The first of `paths` (dotted keys, '' the root) whose node of such a config `name` holds where `at` stands, if any. */
  configNodeAt(name: string, at: Node, paths: Iterable<string>): string | undefined {
    for (const path of paths) if (this.resolves(name, at, `${CONFIG}${path}`)) return path;
    return undefined;
  }

  /** Whether the expression `node` gives a namespace of one of the document's parsers. */
  holdsNamespace(node: Node): boolean {
    return this.is(node, 'namespace');
  }

  /** Whether `name`, read where `at` stands, is bound only as `parameter` (`self`, never assigned in its method). */
  boundOnlyAs(name: string, at: Node, parameter: Node): boolean {
    const bindings = this.bindingsAt(name, at);
    return bindings?.length === 1 && bindings[0].id === parameter.id;
  }

  /** The scope a node's names belong to: a def's or class's own name belongs where the def stands. */
  private scopeOf(node: Node): Node {
    const before = this.scopes.get(node.id);
    if (before) return before;
    let scope: Node | null = null;
    // A def's or class's name, and what its header evaluates (defaults, annotations, bases), belong where
    // the def stands: past the def (or lambda, or class) the walk meets first. Parameters' own names do not.
    let header = false;
    for (let child = node, n = node.parent; n; child = n, n = n.parent) {
      const field = (name: string): boolean => n!.childForFieldName(name)?.id === child.id;
      if ((n.type === 'function_definition' || n.type === 'class_definition') && field('name')) header = true;
      else if (/^(default_parameter|typed_default_parameter)$/.test(n.type) && field('value')) header = true;
      else if (/^(typed_parameter|typed_default_parameter)$/.test(n.type) && field('type')) header = true;
      else if ((n.type === 'function_definition' && field('return_type')) || (n.type === 'class_definition' && field('superclasses'))) header = true;
      if (!SCOPE.test(n.type)) continue;
      if (header) {
        header = false;
        continue;
      }
      scope = n;
      break;
    }
    scope ??= this.root;
    this.scopes.set(node.id, scope);
    return scope;
  }

  /**
   * The bindings of `name` that hold where `at` stands (Python's rule: the innermost function that
   * binds it; a class body only for its own statements), or undefined when the document does not say
   * (a `global`, a binding inside a syntax error).
   */
  bindingsAt(name: string, at: Node): Node[] | undefined {
    const byScope = this.bindingScopes(name);
    if (!byScope) return undefined;
    let first = true;
    for (let scope: Node | null = at.type === 'module' ? at : this.scopeOf(at); scope; scope = scope.parent ? this.scopeOf(scope) : null) {
      if (first || scope.type !== 'class_definition') {
        const found = byScope.get(scope.id);
        if (found) return found;
      }
      first = false;
      if (scope.type === 'module') break;
    }
    return undefined;
  }

  /** The bindings of `name` by scope, read once per name (see bindingsAt). */
  private bindingScopes(name: string): Map<number, Node[]> | null {
    const before = this.bindings.get(name);
    if (before !== undefined) return before;
    let byScope: Map<number, Node[]> | null = new Map();
    let looked = 0;
    const pattern = new RegExp(`(?<![\\w.])${escapeRegExp(name)}(?!\\w)`, 'g');
    for (let m = pattern.exec(this.source); m; m = pattern.exec(this.source)) {
      // `name.attr` is a use, even in a line still being written.
      if (/^\s*\./.test(this.source.slice(m.index + name.length, m.index + name.length + 8))) continue;
      const index = m.index;
      if (++looked > MAX_LOOKED || this.errors.some(([start, end]) => index >= start && index < end)) {
        byScope = null;
        break;
      }
      const node = this.root.descendantForIndex(index, index + name.length);
      if (node?.type !== 'identifier' || node.text !== name || !(isBinding(node) || imports(node))) continue;
      if (node.parent?.type === 'global_statement' || node.parent?.type === 'nonlocal_statement') {
        byScope = null;
        break;
      }
      const scope = this.scopeOf(node);
      byScope.set(scope.id, [...(byScope.get(scope.id) ?? []), node]);
    }
    this.bindings.set(name, byScope);
    return byScope;
  }

  private resolves(name: string, at: Node, kind: Kind): boolean {
    const bindings = this.bindingsAt(name, at);
    const holds = bindings !== undefined && bindings.length > 0 && bindings.every((b) => this.bindingHolds(b, kind));
    if (holds && kind === 'namespace') this.heldNames.add(name);
    return holds;
  }

  /** Whether what `binding` binds is a parser or a namespace (`kind`), kept per node; a cycle reads as no. */
  private bindingHolds(binding: Node, kind: Kind): boolean {
    const key = `${kind}:${binding.id}`;
    const before = this.known.get(key);
    if (before !== undefined) return before;
    this.known.set(key, false);
    const holds = this.bindsKind(binding, kind);
    this.known.set(key, holds);
    return holds;
  }

  private bindsKind(binding: Node, kind: Kind): boolean {
    const parent = binding.parent;
    if (!parent) return false;
    if (parent.type === 'assignment' && parent.childForFieldName('left')?.id === binding.id) {
      let right = parent.childForFieldName('right');
      // `a = b = parser.parse_args()`
      while (right?.type === 'assignment') right = right.childForFieldName('right');
      return right ? this.is(right, kind) : false;
    }
    // `args, rest = parser.parse_known_args()`
    if ((parent.type === 'pattern_list' || parent.type === 'tuple_pattern') && parent.namedChildren[0]?.id === binding.id && kind === 'namespace') {
      const assignment = parent.parent;
      const right = assignment?.type === 'assignment' && assignment.childForFieldName('left')?.id === parent.id ? assignment.childForFieldName('right') : null;
      return right?.type === 'call' && this.parseCall(right, PARSE_KNOWN);
    }
    return this.parameterHolds(binding, kind);
  }

  /** The one class of the document named `name`, at module level (not nested in a def or class), if the name is bound to nothing else. */
  classNamed(name: string): Node | undefined {
    if (!this.classes.has(name)) {
      const bound = this.soleBinding(name);
      const cls = bound?.type === 'class_definition' ? bound : null;
      // A class nested in a def or class is read as no class: its calls by name may be elsewhere than its name's scope.
      let nested = false;
      for (let n = cls?.parent; n && !nested; n = n.parent) nested = n.type === 'function_definition' || n.type === 'class_definition';
      this.classes.set(name, nested ? null : cls);
    }
    return this.classes.get(name) ?? undefined;
  }

  /**
   * The calls of the class whose `__init__` is `def`, where only they make its instances: the class
   * plain, not derived from in the document (a subclass's `super().__init__(…)` is not seen), made no
   * other way (argparseClasses.ts). They hand `__init__` all but its first parameter.
   */
  private constructorCalls(def: Node): Node[] | undefined {
    // Kept per def: each reading of a name (a kind, a config node) asks again, and a class is read whole.
    if (this.constructors.has(def.id)) return this.constructors.get(def.id);
    const cls = def.childForFieldName('name')?.text === '__init__' && def.parent?.type === 'block' ? def.parent.parent : null;
    const name = cls?.type === 'class_definition' ? cls.childForFieldName('name') : null;
    const uses = !cls || !name || this.classNamed(name.text)?.id !== cls.id || !plainClass(this, cls, '') || madeOtherwise(this, cls) ? undefined : classUses(this, cls);
    const calls = uses && uses.subclasses.length === 0 ? uses.calls : undefined;
    this.constructors.set(def.id, calls);
    return calls;
  }

  /**
   * A parameter of a function of the document that every call of it in the document hands a `kind`,
   * or of the `__init__` of a class of the document that every call of the class does.
   */
  private parameterHolds(binding: Node, kind: Kind): boolean {
    const site = parameterSite(binding);
    if (!site) return false;
    const { param, params, def, defName } = site;
    const main = kind === CONFIG ? hydraMainOf(def, this.hydraMainImported) : undefined;
    if (main) {
      // Hydra hands the config to the first parameter.
      const first = params.namedChildren.find((p) => p && p.type !== 'comment');
      if (first?.id !== param.id || binding.parent?.type === 'list_splat_pattern') return false;
      // Hydra hands on a config given in the call as it is (`main(OmegaConf.load(path))`): no call may give one.
      const calls = this.functionNamed(defName)?.id === def.id ? this.callsOf(defName, def) : undefined;
      if (!calls || calls.some((c) => c.childForFieldName('arguments')?.namedChildren.some((a) => a && a.type !== 'comment'))) return false;
      this.configs.add(hydraKey(main));
      return true;
    }
    // A decorator may hand the function other arguments than its calls do (`@torch.no_grad()` does not).
    if (kind.startsWith(CONFIG) && !passesThrough(def)) return false;
    const values = this.handedTo(binding, site, {});
    return values !== undefined && values.every((value) => this.is(value, kind));
  }

  /**
   * What every call of the document's function hands its parameter `binding` (each call's argument),
   * or every call of its class for an `__init__`'s; undefined where a call hands it nothing we see,
   * the function is handed on (calls we cannot see) or decorated (`@click.argument` calls it otherwise).
   * With `fallback` (the parameter's default), a call that hands nothing gives that, and so does a
   * function no call of which the document has.
   */
  argumentsOf(binding: Node, fallback?: Node): Node[] | undefined {
    const site = parameterSite(binding);
    return site && passesThrough(site.def) ? this.handedTo(binding, site, { fallback }) : undefined;
  }

  /**
   * What the calls that hand the parameter `binding` something hand it: none where no call does (the
   * function is not called, or always without it); undefined where the calls are not all seen (the
   * function handed on or decorated, a call with `*args`) or `binding` is no parameter.
   */
  valuesHanded(binding: Node): Node[] | undefined {
    const site = parameterSite(binding);
    return site && passesThrough(site.def) ? this.handedTo(binding, site, { some: true }) : undefined;
  }

  private handedTo(binding: Node, { param, params, def, defName }: ParameterSite, { fallback, some = false }: { readonly fallback?: Node; readonly some?: boolean }): Node[] | undefined {
    const own = this.functionNamed(defName)?.id === def.id;
    let index = 0;
    let positional = true;
    for (const p of params.namedChildren) {
      if (!p || p.id === param.id) break;
      if (p.type === 'comment') continue;
      if (/^(list_splat_pattern|keyword_separator|dictionary_splat_pattern)$/.test(p.type)) positional = false;
      if (p.type !== 'positional_separator') index++;
    }
    // A constructor's first parameter is the instance (`self`): known before its class is read.
    if (!own) index--;
    if (index < 0) return undefined;
    const made = own ? undefined : this.constructorCalls(def);
    if (!own && !made) return undefined;
    const calls = own ? this.callsOf(defName, def) : made;
    if (!calls) return undefined;
    if (calls.length === 0) return some ? [] : fallback ? [fallback] : undefined;
    const values: Node[] = [];
    for (const call of calls) {
      const args = callArguments(call);
      if (!args) return undefined;
      const value = args.keywords.get(binding.text) ?? (positional ? args.positional[index] : undefined) ?? fallback;
      if (value !== undefined) values.push(value);
      else if (!some) return undefined;
    }
    return values;
  }

  /**
   * The document's calls of the function `def` by its name, or undefined where the name appears
   * otherwise (handed on: calls we cannot see).
   */
  private callsOf(name: string, def: Node): Node[] | undefined {
    const calls: Node[] = [];
    for (const node of identifiersNamed(this.root, this.source, name)) {
      const parent = node.parent;
      if (parent?.id === def.id) continue;
      if (parent?.type !== 'call' || parent.childForFieldName('function')?.id !== node.id) return undefined;
      calls.push(parent);
    }
    return calls;
  }

  private is(node: Node, kind: Kind): boolean {
    if (this.depth >= MAX_DEPTH) return false;
    this.depth++;
    try {
      return this.isKind(node, kind);
    } finally {
      this.depth--;
    }
  }

  private isKind(node: Node, kind: Kind): boolean {
    if (node.type === 'parenthesized_expression') return node.namedChildren.length === 1 && this.is(node.namedChildren[0]!, kind);
    if (node.type === 'identifier') return this.resolves(node.text, node, kind);
    if (kind === 'namespace' && node.type === 'subscript') {
      // `parser.parse_known_args()[0]`
      const value = node.childForFieldName('value');
      return node.childForFieldName('subscript')?.text === '0' && value?.type === 'call' && this.parseCall(value, PARSE_KNOWN);
    }
    if (node.type === 'attribute' && kind.startsWith(CONFIG) && kind.length > CONFIG.length) {
      // `cfg.model.fc` is the node `model.fc` where `cfg.model` is the node `model`.
      const path = kind.slice(CONFIG.length);
      const dot = path.lastIndexOf('.');
      const object = node.childForFieldName('object');
      return object !== null && node.childForFieldName('attribute')?.text === path.slice(dot + 1) && this.is(object, `${CONFIG}${dot < 0 ? '' : path.slice(0, dot)}`);
    }
    if (node.type !== 'call') return false;
    const fn = node.childForFieldName('function');
    if (kind === 'parser' && fn) {
      const text = fn.text.replace(/\s+/g, '');
      if (text === 'argparse.ArgumentParser' || (text === 'ArgumentParser' && this.argparseImported)) return true;
    }
    if (kind === 'namespace' && this.parseCall(node, PARSE)) return true;
    return fn?.type === 'identifier' && this.returns(fn.text, kind);
  }

  /** `parser.parse_args(…)` (a method matching `method`) on one of the document's parsers, into a namespace of its own. */
  private parseCall(call: Node, method: RegExp): boolean {
    const fn = call.childForFieldName('function');
    const object = fn?.type === 'attribute' ? fn.childForFieldName('object') : null;
    if (!object || !method.test(fn!.childForFieldName('attribute')?.text ?? '')) return false;
    const args = callArguments(call);
    return args !== undefined && args.positional.length <= 1 && !args.keywords.has('namespace') && this.is(object, 'parser');
  }

  /** Whether the document's function `name` returns a `kind` wherever it returns something. */
  private returns(name: string, kind: Kind): boolean {
    const def = this.functionNamed(name);
    const key = `${kind}:${name}`;
    if (!def || this.reading.has(key)) return false;
    // Kept: hundreds of calls of one function would each read its returns again, and a chain of them so deep.
    const before = this.returned.get(key);
    if (before !== undefined) return before;
    this.reading.add(key);
    try {
      const values = this.returnValues(def);
      const holds = values !== undefined && values.length > 0 && values.every((v) => this.is(v, kind));
      this.returned.set(key, holds);
      return holds;
    } finally {
      this.reading.delete(key);
    }
  }

  /** What a function's own return statements return; undefined when one returns nothing or it yields (a generator). */
  private returnValues(def: Node): Node[] | undefined {
    const own = (node: Node): boolean => {
      let owner = node.parent;
      while (owner && owner.type !== 'function_definition' && owner.type !== 'lambda') owner = owner.parent;
      return owner?.id === def.id;
    };
    if (def.descendantsOfType('yield').some((y) => y && own(y))) return undefined;
    const values: Node[] = [];
    for (const ret of def.descendantsOfType('return_statement')) {
      if (!ret || !own(ret)) continue;
      const value = ret.namedChildren[0];
      if (!value) return undefined;
      values.push(value);
    }
    return values;
  }
}

/** Where a parameter stands: its node (with a type or default), the parameter list, its def and the def's name. */
interface ParameterSite {
  readonly param: Node;
  readonly params: Node;
  readonly def: Node;
  readonly defName: string;
}

function parameterSite(binding: Node): ParameterSite | undefined {
  const param = /^(typed_parameter|default_parameter|typed_default_parameter)$/.test(binding.parent?.type ?? '') ? binding.parent! : binding;
  const params = param.parent;
  const def = params?.type === 'parameters' ? params.parent : null;
  const defName = def?.type === 'function_definition' ? def.childForFieldName('name')?.text : undefined;
  return def && defName ? { param, params: params!, def, defName } : undefined;
}

/** Whether the function is called with the arguments its calls give: no decorator, or only ones that pass them through. */
function passesThrough(def: Node): boolean {
  return def.parent?.type !== 'decorated_definition' || def.parent.namedChildren.every((d) => d?.type !== 'decorator' || PASS_THROUGH.test(d.text.replace(/\s+/g, '')));
}
