// What a checkpoint holds, from its unpickled description (checkpointPickle.ts): every tensor with the
// name a physicist knows it by (a state_dict's key, `model.0.conv.weight` inside a pickled model, as
// model.state_dict() would name it) and the Python that reaches it, and the other values (epoch,
// hyper-parameters, a NumPy scalar) as short text. A TorchScript archive's modules (torch.jit.save)
// hold their parameters and children as plain attributes, and are named the same way. Shared objects
// are listed once; a hostile pickle's deep nesting, huge lists or cycles are bounded.
import { isPickledObject, NumpyValue, OtherTensor, TensorNode } from './checkpointPickle';
import { WholeFloat } from './pickleMachine';
import { pythonFloat } from './pythonFloat';

/**
 * One step from a container to what it holds: a dict key or list index, or an object's attribute.
 * `reach`: how Python gets a TorchScript module's attribute when `.name` would not — a Sequential's
 * `0`, or a name torch.jit's module class has itself (`graph`, `code`, `_c`): a child through
 * `_modules`, anything else through the module's own `__getattr__`.
 */
type Step = { readonly key: string | number | undefined; readonly text: string } | { readonly attr: string; readonly reach?: 'modules' | 'getattr' };

export interface CheckpointTensor {
  /** The top-level entry it is under ("state_dict", "optimizer"), or "" for a tensor at the top or a bare state_dict. */
  readonly table: string;
  /** Its name within the table: the keys and attributes under the table, joined by dots. */
  readonly name: string;
  /** The Python that reaches it from what torch.load returns (`["model"]["0.weight"]`), when it can be written. */
  readonly access: string | undefined;
  readonly tensor: TensorNode | OtherTensor;
}

export interface CheckpointValue {
  /** The full dotted name, as tensors are named. */
  readonly name: string;
  /** The Python type: int, float, str, bool, None, list, numpy, or a class. */
  readonly type: string;
  readonly text: string;
}

export interface CheckpointContent {
  readonly tensors: readonly CheckpointTensor[];
  readonly values: readonly CheckpointValue[];
  /** Whether the walk stopped at one of its bounds (more than a checkpoint has). */
  readonly truncated: boolean;
}

const MAX_DEPTH = 64;
const MAX_VISITED = 500_000;
const MAX_LIST = 100_000;
const MAX_VALUES = 2_000;
/** More tensors than a large language model has. */
const MAX_TENSORS = 100_000;
/** Elements of a list of plain values written out (the text is cut at MAX_TEXT anyway). */
const MAX_LIST_SHOWN = 64;
const MAX_TEXT = 200;
/** A dict key longer than this is no tensor's name. */
const MAX_KEY = 1_000;

/** The attributes of an nn.Module that hold its children, parameters and buffers: left out of names, as state_dict() does. */
const MODULE_SLOTS = new Set(['_modules', '_parameters', '_buffers']);

export function checkpointContent(root: unknown): CheckpointContent {
  const tensors: CheckpointTensor[] = [];
  const values: CheckpointValue[] = [];
  const seen = new Set<object>();
  let truncated = false;
  // A value's text is made only when it will be listed: a hostile pickle may repeat a large one many times.
  const taken = new Map<string, number>();

  // A checkpoint dict's entries are tables ("model", "optimizer"); a bare state_dict, or a pickled model, is one table.
  const tablesAtTop = root instanceof Map || Array.isArray(root);
  const addTensor = (steps: readonly Step[], tensor: TensorNode | OtherTensor): void => {
    const parts = shown(steps);
    const table = tablesAtTop && parts.length >= 2 ? parts[0] : '';
    let name = (table ? parts.slice(1) : parts).join('.');
    // Two paths may print alike (a key with a dot beside a nested one): the later one gets a number.
    const key = `${table}\u0000${name}`;
    const n = (taken.get(key) ?? 0) + 1;
    taken.set(key, n);
    if (n > 1) name = `${name} (${n})`;
    tensors.push({ table, name, access: pythonAccess(steps), tensor });
  };
  const addValue = (steps: readonly Step[], type: string, text: () => string): void => {
    if (values.length >= MAX_VALUES) {
      truncated = true;
      return;
    }
    const t = text();
    values.push({ name: shown(steps).join('.') || '(checkpoint)', type, text: t.length > MAX_TEXT ? `${t.slice(0, MAX_TEXT - 1)}…` : t });
  };

  const walk = (node: unknown, steps: Step[], inModule: boolean): void => {
    if (steps.length > MAX_DEPTH || seen.size > MAX_VISITED) {
      truncated = true;
      return;
    }
    if (node instanceof TensorNode || node instanceof OtherTensor) {
      if (tensors.length >= MAX_TENSORS) truncated = true;
      else if (!seen.has(node)) addTensor(steps, node);
      seen.add(node);
      return;
    }
    if (isPlain(node)) {
      // A module's own settings (in_features, eps, training) are its code's business, not the checkpoint's content.
      if (!inModule && values.length < MAX_VALUES) {
        const primitive = primitiveText(node)!;
        addValue(steps, primitive.type, () => primitive.text);
      } else if (!inModule) {
        truncated = true;
      }
      return;
    }
    if (typeof node !== 'object' || node === null || seen.has(node)) return;
    seen.add(node);
    if (node instanceof NumpyValue) {
      if (!inModule) addValue(steps, 'numpy', () => (node.value !== undefined ? numpyScalarText(node.value, node.descr) : `ndarray ${numpyTypeName(node.descr)} (${node.shape.join(', ')}${node.shape.length === 1 ? ',' : ''})`));
      return;
    }
    if (node instanceof Uint8Array) {
      if (!inModule) addValue(steps, 'bytes', () => `${node.length} bytes`);
      return;
    }
    if (node instanceof Map) {
      for (const [k, v] of node) {
        walk(v, [...steps, keyStep(k)], inModule);
        if (truncated && seen.size > MAX_VISITED) return;
      }
      return;
    }
    if (Array.isArray(node)) {
      const items = node.slice(0, MAX_LIST);
      if (node.length > MAX_LIST) truncated = true;
      // A list of plain values (betas, param ids, a loss history) is one value, not one per element.
      if (items.every(isPlain)) {
        if (!inModule) addValue(steps, 'list', () => `[${items.slice(0, MAX_LIST_SHOWN).map((item) => primitiveText(item)!.text).join(', ')}${items.length > MAX_LIST_SHOWN ? `, … (${node.length})` : ''}]`);
        return;
      }
      items.forEach((item, i) => walk(item, [...steps, { key: i, text: String(i) }], inModule));
      return;
    }
    if (isPickledObject(node)) {
      const { state } = node;
      const scripted = isScriptModule(node);
      const isModule = scripted || state.get('_modules') instanceof Map || state.get('_parameters') instanceof Map;
      if (state.size === 0 && node.items.size === 0 && node.list.length === 0 && !inModule) addValue(steps, node.className, () => node.className);
      // A dict or list subclass's own items, then its attributes.
      for (const [k, v] of node.items) walk(v, [...steps, keyStep(k)], inModule);
      node.list.slice(0, MAX_LIST).forEach((item, i) => walk(item, [...steps, { key: i, text: String(i) }], inModule));
      for (const [k, v] of state) {
        if (typeof k !== 'string') continue;
        // A module's hooks and bookkeeping (_forward_hooks, _non_persistent_buffers_set…) hold no data.
        // A TorchScript module keeps its tensors and children as attributes, `_scale` as any other.
        if (isModule && !scripted && k.startsWith('_') && !MODULE_SLOTS.has(k)) continue;
        // An attribute longer than any name: shown cut, as a key is, and not written as Python.
        if (k.length > MAX_KEY) {
          walk(v, [...steps, keyStep(k)], inModule || isModule);
          continue;
        }
        const plain = !scripted || (IDENTIFIER.test(k) && !k.startsWith('_') && !SCRIPT_MODULE_NAMES.has(k));
        const reach = plain ? undefined : isPickledObject(v) && isScriptModule(v) ? 'modules' : 'getattr';
        walk(v, [...steps, reach ? { attr: k, reach } : { attr: k }], inModule || isModule);
      }
    }
  };
  walk(root, [], false);
  return { tensors, values, truncated };
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The public names of torch.jit's RecursiveScriptModule (dir() in PyTorch 1.13 and 2): a module
 * attribute of one of these names is shadowed by it (`m.graph` is the TorchScript graph, not a child
 * named graph). Names starting with `_` are treated as shadowed too.
 */
const SCRIPT_MODULE_NAMES = new Set([
  'T_destination', 'add_module', 'apply', 'bfloat16', 'buffers', 'call_super_init', 'children', 'code', 'code_with_constants', 'compile', 'cpu', 'cuda', 'define', 'double',
  'dump_patches', 'eval', 'extra_repr', 'float', 'forward', 'forward_magic_method', 'get_buffer', 'get_debug_state', 'get_extra_state', 'get_parameter', 'get_submodule', 'graph',
  'graph_for', 'half', 'inlined_graph', 'ipu', 'load_state_dict', 'modules', 'mtia', 'named_buffers', 'named_children', 'named_modules', 'named_parameters', 'original_name',
  'parameters', 'register_backward_hook', 'register_buffer', 'register_forward_hook', 'register_forward_pre_hook', 'register_full_backward_hook',
  'register_full_backward_pre_hook', 'register_load_state_dict_post_hook', 'register_load_state_dict_pre_hook', 'register_module', 'register_parameter',
  'register_state_dict_post_hook', 'register_state_dict_pre_hook', 'requires_grad_', 'save', 'save_to_buffer', 'set_extra_state', 'set_submodule', 'share_memory', 'state_dict',
  'to', 'to_empty', 'train', 'training', 'type', 'xpu', 'zero_grad',
]);

/** A TorchScript module: an object of the archive's own class (`__torch__.…`) with nn.Module's `training` flag. */
function isScriptModule(node: { readonly className: string; readonly state: ReadonlyMap<unknown, unknown> }): boolean {
  return node.className.startsWith('__torch__.') && typeof node.state.get('training') === 'boolean';
}

const isPlain = (v: unknown): boolean => v === null || v === undefined || v instanceof WholeFloat || ['boolean', 'number', 'bigint', 'string'].includes(typeof v);

/** A plain Python value as its type and text (cut to MAX_TEXT before any escaping); undefined for containers and objects. */
function primitiveText(v: unknown): { type: string; text: string } | undefined {
  if (v === null || v === undefined) return { type: 'None', text: 'None' };
  if (typeof v === 'boolean') return { type: 'bool', text: v ? 'True' : 'False' };
  // The pickle gives a whole float as a WholeFloat: a whole number is an int.
  if (typeof v === 'number') return Number.isInteger(v) ? { type: 'int', text: String(v) } : { type: 'float', text: pythonFloat(v) };
  if (v instanceof WholeFloat) return { type: 'float', text: pythonFloat(v.value) };
  // An int beyond 2^53 is exact as a bigint; a huge one is shown by its size, not its thousands of digits.
  if (typeof v === 'bigint') return { type: 'int', text: v < 2n ** 256n && v > -(2n ** 256n) ? v.toString() : `(an int of ${v.toString(16).length * 4} bits)` };
  if (typeof v === 'string') return { type: 'str', text: JSON.stringify(v.length > MAX_TEXT ? `${v.slice(0, MAX_TEXT)}…` : v) };
  return undefined;
}

function keyStep(k: unknown): Step {
  // A key longer than any name (a hostile one repeated over many tensors) is shown cut, and not written as Python.
  if (typeof k === 'string') return k.length <= MAX_KEY ? { key: k, text: k } : { key: undefined, text: `${k.slice(0, MAX_KEY)}…` };
  if (typeof k === 'number' && Number.isSafeInteger(k)) return { key: k, text: String(k) };
  // d[1] finds the key 1.0 in Python (equal numbers hash alike).
  if (k instanceof WholeFloat && Number.isSafeInteger(k.value)) return { key: k.value, text: pythonFloat(k.value) };
  // A tuple or other key: shown, but not written as Python.
  return { key: undefined, text: primitiveText(k)?.text ?? (Array.isArray(k) ? `(${k.slice(0, 8).map((x) => primitiveText(x)?.text ?? '…').join(', ')})` : '…') };
}

/** The steps as names show them: an nn.Module's _modules/_parameters/_buffers left out. */
function shown(steps: readonly Step[]): string[] {
  return steps.filter((s) => !('attr' in s) || !MODULE_SLOTS.has(s.attr)).map((s) => ('attr' in s ? s.attr : s.text));
}

function pythonAccess(steps: readonly Step[]): string | undefined {
  let out = '';
  for (const s of steps) {
    if ('attr' in s) {
      if (s.reach === 'modules') out += `._modules[${JSON.stringify(s.attr)}]`;
      else if (s.reach === 'getattr') out += `.__getattr__(${JSON.stringify(s.attr)})`;
      else if (IDENTIFIER.test(s.attr)) out += `.${s.attr}`;
      else return undefined;
    } else if (typeof s.key === 'string') {
      out += `[${JSON.stringify(s.key)}]`;
    } else if (typeof s.key === 'number') {
      out += `[${s.key}]`;
    } else {
      return undefined;
    }
  }
  return out;
}

/** A NumPy scalar as NumPy writes it: a float32 by its own shortest digits (0.1, not 0.10000000149011612). */
function numpyScalarText(v: number, descr: string): string {
  if (/^[<>=|]?f4$/.test(descr) && Number.isFinite(v)) {
    for (let digits = 1; digits < 17; digits++) {
      const shortest = Number(v.toPrecision(digits));
      if (Math.fround(shortest) === v) return pythonFloat(shortest);
    }
  }
  return /^[<>=|]?f\d$/.test(descr) ? pythonFloat(v) : String(v);
}

/** NumPy's name for a pickled dtype ("f8" → float64), or the dtype as pickled when it is not a number type. */
function numpyTypeName(descr: string): string {
  const m = /^[<>=|]?([fiub])(\d)$/.exec(descr);
  if (!m) return descr;
  return m[1] === 'b' ? 'bool' : `${{ f: 'float', i: 'int', u: 'uint' }[m[1]]}${Number(m[2]) * 8}`;
}
