// The pickle of a PyTorch checkpoint (the data.pkl of torch.save's zip) read as plain data, without
// running anything: our pickle machine (pickleMachine.ts) executes the opcodes, and every global the
// pickle names resolves to one of ours — a tensor's description for torch's rebuild functions, a Map
// for OrderedDict, a number or an array's shape for NumPy's scalars and arrays — or to an inert
// placeholder that only records the class name (a model class, argparse.Namespace). Python's
// torch.load(weights_only=False) would import and call those; here a hostile file can at most
// describe odd data, which the reader checks.
import { type PickleCallable, PickleError, type PickleObject, PickleReader } from './pickleMachine';
import { LocalizedError, type Message, msg } from '../../text/message';

/** The element types whose values the explorer reads. */
export type TorchDtype = 'float64' | 'float32' | 'float16' | 'bfloat16' | 'int64' | 'int32' | 'int16' | 'int8' | 'uint8' | 'bool';

/** torch.save names a storage by its legacy typed class (torch.FloatStorage), also in PyTorch 2. */
const STORAGE_DTYPES: Readonly<Record<string, TorchDtype>> = {
  DoubleStorage: 'float64',
  FloatStorage: 'float32',
  HalfStorage: 'float16',
  BFloat16Storage: 'bfloat16',
  LongStorage: 'int64',
  IntStorage: 'int32',
  ShortStorage: 'int16',
  CharStorage: 'int8',
  ByteStorage: 'uint8',
  BoolStorage: 'bool',
};

export const DTYPE_BYTES: Readonly<Record<TorchDtype, 1 | 2 | 4 | 8>> = { float64: 8, float32: 4, float16: 2, bfloat16: 2, int64: 8, int32: 4, int16: 2, int8: 1, uint8: 1, bool: 1 };

/** A file that is not a checkpoint torch.save wrote, or one it wrote that this reader does not take. */
export class CheckpointError extends LocalizedError {
  constructor(message: string | Message) {
    super(message);
    this.name = 'CheckpointError';
  }
}

/** A storage as data.pkl refers to it: a member `data/<key>` of the archive. */
export class StorageRef {
  constructor(
    readonly key: string,
    /** The element type, or the storage class's name when it is one this reader does not decode. */
    readonly dtype: TorchDtype | { readonly unsupported: string },
    readonly numel: number,
  ) {
    Object.freeze(this);
  }
}

/** A tensor: a view (offset, shape, strides in elements) of a storage. */
export class TensorNode {
  constructor(
    readonly storage: StorageRef,
    readonly offset: number,
    readonly shape: readonly number[],
    readonly stride: readonly number[],
  ) {
    // Frozen: nothing after its checks can rewrite where its values are.
    Object.freeze(this);
  }
}

/** A tensor this reader lists but cannot read (quantized, sparse, on the meta device…), and why. */
export class OtherTensor {
  constructor(
    readonly kind: string,
    /** Its shape where the file says it plainly (a safetensors header); empty when unknown. */
    readonly shape: readonly number[] = [],
  ) {}
}

/** A NumPy array or scalar pickled inside the checkpoint (np.float64(0.93), an array of metrics). */
export class NumpyValue {
  shape: readonly number[] = [];
  constructor(
    readonly value?: number,
    /** Its dtype as NumPy pickles it ('<f4'), for a scalar; an array's comes with its state. */
    public descr = '',
  ) {}
}

/** An object of a class the pickle names (a model, argparse.Namespace): its class, attributes, and items when it is a dict or list subclass. */
export interface PickledObject {
  readonly className: string;
  readonly state: ReadonlyMap<unknown, unknown>;
  readonly items: ReadonlyMap<unknown, unknown>;
  readonly list: readonly unknown[];
}

export function isPickledObject(v: unknown): v is PickledObject {
  return v instanceof Placeholder;
}

/** data.pkl larger than this is not parsed: a checkpoint's pickle holds descriptions, its tensors are beside it. */
export const MAX_PICKLE_BYTES = 64 * 1024 * 1024;

const nonNegativeInteger = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const integers = (v: unknown): v is number[] => Array.isArray(v) && v.length <= 32 && v.every(nonNegativeInteger);

function tensor(storage: unknown, offset: unknown, size: unknown, stride: unknown): TensorNode {
  if (!(storage instanceof StorageRef) || !nonNegativeInteger(offset) || !integers(size) || !integers(stride) || size.length !== stride.length) {
    throw new CheckpointError(msg('A tensor in this checkpoint is described with values torch.save never writes: the file is damaged or was not written by PyTorch.'));
  }
  return new TensorNode(storage, offset, [...size], [...stride]);
}

/** A global the pickle may call, as our own function of its arguments; frozen, so nothing can change it. */
const callable = (call: (args: readonly unknown[]) => unknown): PickleCallable => Object.freeze({ call });
const asList = callable((args) => (Array.isArray(args[0]) ? [...(args[0] as unknown[])] : []));

/** The globals a checkpoint's pickle may name, as our own callables. */
function knownGlobals(): Map<string, unknown> {
  const rebuild = callable((a) => tensor(a[0], a[1], a[2], a[3]));
  const parameter = callable((a) => a[0]);
  const other = (kind: string): PickleCallable => callable(() => new OtherTensor(kind));
  // A tensor subclass: its rebuild function called with its arguments, when that is one of ours.
  const fromType = callable((a) => (isCallableOf(a[0]) && Array.isArray(a[2]) ? a[0].call(a[2] as unknown[]) : new OtherTensor('subclass')));
  const numpyScalar = callable((a) => new NumpyValue(scalarOf(a[0], a[1]), a[0] instanceof NumpyDtype ? a[0].descr : ''));
  const reconstruct = callable(() => new NumpyArrayState());
  const reconstructor = callable((a) => (isCallableOf(a[0]) ? a[0].call([]) : new Placeholder('object')));
  return new Map<string, unknown>([
    ['torch._utils._rebuild_tensor_v2', rebuild],
    ['torch._utils._rebuild_tensor', rebuild],
    ['torch._utils._rebuild_parameter', parameter],
    ['torch._utils._rebuild_parameter_with_state', parameter],
    ['torch._utils._rebuild_qtensor', other('quantized')],
    ['torch._utils._rebuild_sparse_tensor', other('sparse')],
    ['torch._utils._rebuild_sparse_csr', other('sparse')],
    ['torch._utils._rebuild_nested_tensor', other('nested')],
    ['torch._utils._rebuild_meta_tensor_no_storage', other('meta')],
    ['torch._utils._rebuild_wrapper_subclass', other('subclass')],
    ['torch._utils._rebuild_device_tensor_from_numpy', other('numpy-backed')],
    ['torch._tensor._rebuild_from_type_v2', fromType],
    ['torch._tensor._rebuild_from_type', fromType],
    ['collections.OrderedDict', callable(() => new Map())],
    ['torch.Size', callable((a) => (Array.isArray(a[0]) ? [...(a[0] as unknown[])] : []))],
    ['torch.device', callable((a) => `device(${a.map((x) => String(x).slice(0, 32)).join(':')})`)],
    ['builtins.set', asList],
    ['builtins.frozenset', asList],
    // Protocol 2 spells them as Python 2 did, and writes bytes as text to encode.
    ['__builtin__.set', asList],
    ['__builtin__.frozenset', asList],
    // Protocols 0 and 1 pickle an object as _reconstructor(cls, base, state): an object of cls.
    ['copy_reg._reconstructor', reconstructor],
    ['copyreg._reconstructor', reconstructor],
    ['_codecs.encode', callable((a) => Uint8Array.from(typeof a[0] === 'string' ? a[0] : '', (c) => c.charCodeAt(0) & 0xff))],
    ['numpy.ndarray', Object.freeze({ numpyArrayClass: true })],
    ['numpy.core.multiarray.scalar', numpyScalar],
    ['numpy._core.multiarray.scalar', numpyScalar],
    ['numpy.dtype', callable((a) => new NumpyDtype(typeof a[0] === 'string' ? a[0].slice(0, 16) : '?'))],
    ['numpy.core.multiarray._reconstruct', reconstruct],
    ['numpy._core.multiarray._reconstruct', reconstruct],
    // TorchScript (torch.jit.save) pickles a module's typed lists through these, and tags a value with its type: the value itself.
    ['torch.jit._pickle.build_intlist', asList],
    ['torch.jit._pickle.build_doublelist', asList],
    ['torch.jit._pickle.build_boollist', asList],
    ['torch.jit._pickle.build_tensorlist', asList],
    ['torch.jit._pickle.restore_type_tag', callable((a) => a[0])],
    // An enum member, as protocol 2 pickles one (Hugging Face's TrainingArguments): getattr(IntervalStrategy, "STEPS").
    ['builtins.getattr', member],
    ['__builtin__.getattr', member],
  ]);
}

/** Classes of a TorchScript archive's own (its modules, `__torch__.…`) and the helpers its pickle uses: torch.jit.load takes them from the archive. */
export const isTorchScriptClass = (name: string): boolean => name.startsWith('__torch__.') || name.startsWith('torch.jit._pickle.');

/** getattr(cls, name) of a class the pickle named: an object that says which member it is. */
const member = callable((a) => {
  const cls = a[0] as { className?: unknown } | undefined;
  const owner = typeof cls === 'object' && cls !== null && Object.isFrozen(cls) && typeof cls.className === 'string' ? cls.className : 'object';
  return new Placeholder(typeof a[1] === 'string' ? `${owner}.${a[1].slice(0, 64)}` : owner);
});

const isCallableOf = (v: unknown): v is PickleCallable => typeof v === 'object' && v !== null && typeof (v as PickleCallable).call === 'function' && Object.isFrozen(v);

/** numpy.dtype as pickled: its descr, then a BUILD with its byte order. */
class NumpyDtype implements PickleObject {
  order = '<';
  constructor(readonly descr: string) {}
  setState(state: unknown): void {
    if (Array.isArray(state) && typeof state[1] === 'string') this.order = state[1];
  }
}

/** An ndarray as pickled: _reconstruct, then a BUILD with (version, shape, dtype, fortran, data). */
class NumpyArrayState extends NumpyValue implements PickleObject {
  setState(state: unknown): void {
    if (!Array.isArray(state)) return;
    if (integers(state[1])) this.shape = [...state[1]];
    if (state[2] instanceof NumpyDtype) this.descr = state[2].descr;
  }
}

/** A NumPy scalar's value from its dtype and raw bytes (np.float64(0.93), np.int64(7)). */
function scalarOf(dtype: unknown, bytes: unknown): number | undefined {
  if (!(dtype instanceof NumpyDtype) || !(bytes instanceof Uint8Array)) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const le = dtype.order !== '>';
  switch (`${dtype.descr.replace(/^[<>=|]/, '')}:${bytes.length}`) {
    case 'f8:8':
      return view.getFloat64(0, le);
    case 'f4:4':
      return view.getFloat32(0, le);
    case 'i8:8':
      return Number(view.getBigInt64(0, le));
    case 'u8:8':
      return Number(view.getBigUint64(0, le));
    case 'i4:4':
      return view.getInt32(0, le);
    case 'u4:4':
      return view.getUint32(0, le);
    case 'b1:1':
      return bytes[0] ? 1 : 0;
    default:
      return undefined;
  }
}

/** An object of any other class: its name, the attributes a BUILD gives it, the items of a dict or list subclass. */
class Placeholder implements PickledObject, PickleObject {
  readonly state = new Map<unknown, unknown>();
  readonly items = new Map<unknown, unknown>();
  readonly list: unknown[] = [];
  constructor(readonly className: string) {}
  // BUILD: a dict (or a (dict, slots) pair) of attributes.
  setState(s: unknown): void {
    for (const d of Array.isArray(s) ? s : [s]) if (d instanceof Map) for (const [k, v] of d) this.state.set(k, v);
  }
  // SETITEM(S) and APPEND(S) of a dict or list subclass (Lightning's AttributeDict, defaultdict).
  setItem(k: unknown, v: unknown): void {
    this.items.set(k, v);
  }
  append(v: unknown): void {
    this.list.push(v);
  }
}

/** Globals torch.load(weights_only=True) takes in every PyTorch since 1.13: a pickle naming only these loads without it running code. */
const WEIGHTS_ONLY_GLOBALS = /^(torch\._utils\._rebuild_(tensor|tensor_v2|parameter|parameter_with_state|qtensor|sparse_tensor)|collections\.OrderedDict|torch\.Size|torch\.device)$/;

/** Unpickles data.pkl into plain data and our node classes; `classes` lists the globals it names beyond those weights_only takes. */
export function unpickleCheckpoint(bytes: Uint8Array): { readonly root: unknown; readonly classes: readonly string[] } {
  if (bytes.length > MAX_PICKLE_BYTES) throw new CheckpointError(msg('The checkpoint\'s description (data.pkl) is {0} MiB; torch.save writes far less. The file is not read.', Math.round(bytes.length / 2 ** 20)));
  const unpickler = new Unpickler(bytes);
  const root = unpickler.next();
  return { root, classes: unpickler.classes() };
}

/** The legacy format's first pickle: the magic number 0x1950a86a20f9469cfc6c. */
const LEGACY_MAGIC = Uint8Array.from([0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, 0x2e]);

export function isLegacyCheckpoint(head: Uint8Array): boolean {
  return head.length >= LEGACY_MAGIC.length && LEGACY_MAGIC.every((b, i) => head[i] === b);
}

/**
 * The legacy format (before PyTorch 1.6, or _use_new_zipfile_serialization=False): after the magic
 * number, pickles of the protocol version (1001), the system's byte order, the object, and the list of
 * storage keys; the storages follow, each an int64 element count and its bytes, in that list's order.
 * `head` holds the file's start, long enough for the pickles; `dataStart` is where the storages begin.
 */
export function unpickleLegacy(head: Uint8Array): { readonly root: unknown; readonly classes: readonly string[]; readonly littleEndian: boolean; readonly keys: readonly string[]; readonly dataStart: number } {
  const unpickler = new Unpickler(head.subarray(LEGACY_MAGIC.length));
  const version = unpickler.next();
  if (version !== 1001) throw new CheckpointError(msg('This legacy PyTorch file has protocol version {0}; PyTorch wrote 1001. The file is damaged.', String(version).slice(0, 32)));
  const sysInfo = unpickler.next();
  const littleEndian = !(sysInfo instanceof Map) || sysInfo.get('little_endian') !== false;
  const root = unpickler.next();
  const keys = unpickler.next();
  if (!Array.isArray(keys) || !keys.every((k) => typeof k === 'string')) throw new CheckpointError(msg('This legacy PyTorch file does not list its storages: the file is damaged.'));
  return { root, classes: unpickler.classes(), littleEndian, keys, dataStart: LEGACY_MAGIC.length + unpickler.position };
}

/** One machine for one or several pickles of a file, with our globals, storages and placeholders. */
class Unpickler {
  private readonly named = new Set<string>();
  private readonly reader: PickleReader;

  constructor(bytes: Uint8Array) {
    const known = knownGlobals();
    const named = this.named;
    this.reader = new PickleReader(bytes, {
      resolve(module, name) {
        const full = `${module}.${name}`;
        const found = known.get(full);
        if (found) {
          if (!WEIGHTS_ONLY_GLOBALS.test(full)) named.add(full);
          return found;
        }
        if (module === 'torch' && Object.hasOwn(STORAGE_DTYPES, name)) return Object.freeze({ storageDtype: STORAGE_DTYPES[name] });
        if (module === 'torch' && name.endsWith('Storage')) return Object.freeze({ storageDtype: { unsupported: name.slice(0, 64) } });
        // A dtype (torch.float32) as its name.
        if (module === 'torch' && /^(u?int\d+|float\d*\w*|bfloat16|complex\d+|bool|half|double|long)$/.test(name)) return `torch.${name}`;
        // Any other class: called or constructed, an object that records its name and what it is given.
        const className = full.slice(0, 256);
        named.add(className);
        return Object.freeze({ call: () => new Placeholder(className), className });
      },
      persistent(pid) {
        // ('storage', torch.FloatStorage, key, location, numel[, view]): torch.save's persistent id of a storage.
        if (!Array.isArray(pid) || pid[0] !== 'storage' || typeof pid[2] !== 'string' || pid[2].length > 256 || !nonNegativeInteger(pid[4]) || (pid[5] !== undefined && pid[5] !== null)) {
          throw new CheckpointError(msg('This checkpoint refers to its storages in a way torch.save does not write: the file is damaged or was not written by PyTorch.'));
        }
        const cls = pid[1] as { storageDtype?: TorchDtype | { unsupported: string } } | undefined;
        return new StorageRef(pid[2], (typeof cls === 'object' && cls !== null && Object.hasOwn(cls, 'storageDtype') ? cls.storageDtype : undefined) ?? { unsupported: 'storage' }, pid[4]);
      },
    });
  }

  get position(): number {
    return this.reader.position;
  }

  next(): unknown {
    try {
      return this.reader.next();
    } catch (err) {
      if (err instanceof CheckpointError) throw err;
      throw new CheckpointError(msg('The checkpoint\'s description (data.pkl) cannot be read ({0}): the file is damaged or was not written by torch.save.', err instanceof PickleError ? err.message : String(err)));
    }
  }

  classes(): string[] {
    return [...this.named].sort();
  }
}
