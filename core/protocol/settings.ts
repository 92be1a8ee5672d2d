// Every `hai.*` setting, typed, with its default. extension/settings.ts is the one module that reads
// them, and a unit test checks this table against `contributes.configuration` in package.json.

export type TraceLevel = 'off' | 'messages' | 'verbose';
export type CompletionDtype = 'auto' | 'fp32' | 'fp16' | 'int8' | 'q4';
export type CompletionFim = 'auto' | 'none' | 'starcoder' | 'qwen' | 'deepseek' | 'codellama';
export type CompletionContext = 'similar' | 'imports' | 'all' | 'off';

export interface Settings {
  /** How much of the LSP traffic between the extension and the server goes to the output channel. */
  'hai.server.trace': TraceLevel;
  /** Glob of the data files that the Data view lists. */
  'hai.data.include': string;
  /** Glob of folders the Data view skips. */
  'hai.data.exclude': string;
  /** The Data view stops listing after this many files, to stay fast in huge workspaces. */
  'hai.data.maxFiles': number;
  /** Inline (ghost-text) completion from the local code model. */
  'hai.completion.enabled': boolean;
  /** Folder of a code model in the Hugging Face Optimum ONNX layout. */
  'hai.completion.modelPath': string;
  /** Which ONNX weights of the model to load. */
  'hai.completion.dtype': CompletionDtype;
  /** Fill-in-the-middle prompt format; auto detects it from the tokenizer. */
  'hai.completion.fim': CompletionFim;
  /** Order of the FIM prompt's parts; auto uses the model's config.json `fim_order`, else psm. */
  'hai.completion.fimOrder': 'auto' | 'psm' | 'spm';
  /** Longest suggestion, in tokens. */
  'hai.completion.maxTokens': number;
  /** 0 chooses the most likely token (greedy); above 0, samples with this temperature. */
  'hai.completion.temperature': number;
  /** When sampling, only among this many most likely tokens. */
  'hai.completion.topK': number;
  /** When sampling, only among the most likely tokens that make up this probability. */
  'hai.completion.topP': number;
  /** Seed of the sampling, so that the same context gives the same suggestion. */
  'hai.completion.seed': number;
  /** CPU threads for inference; 0 leaves one core to the editor. */
  'hai.completion.threads': number;
  /** Suggest whole blocks after a line that opens one (def, class, for, if, with…). */
  'hai.completion.multiline': boolean;
  /** Complete inside docstrings too (never inside comments or other strings). */
  'hai.completion.docstrings': boolean;
  /** Milliseconds the editor waits after a keystroke before asking for a suggestion. */
  'hai.completion.debounceMs': number;
  /** What of the user's project goes into the prompt: definitions from imported local modules, chunks of open files like the code at the cursor, both, or nothing. */
  'hai.completion.workspaceContext': CompletionContext;
  /** Tokens of the prompt that workspace context may take at most. */
  'hai.completion.contextTokens': number;
  /** Mix token counts of the project's files into the model's next-token choice. */
  'hai.completion.workspaceCache': boolean;
  'hai.completion.repeatedLines': boolean;
  'hai.completion.promptLookup': boolean;
  'hai.completion.projectNames': boolean;
  /** More hub catalogs (URLs or local files), merged with the built-in one. */
  'hai.hub.sources': readonly string[];
  /** Where downloads go: weights/<model>/ and datasets/<dataset>/ under it; empty means ~/.hai. */
  'hai.hub.downloadDir': string;
  /** More folders with weights, as <folder>/<model>/<file>, besides ~/.hai/weights. */
  'hai.hub.weightsFolders': readonly string[];
  /** Downloads that run at the same time; more wait their turn. */
  'hai.hub.maxConcurrentDownloads': number;
  /** Where a job runs when its spec does not say. */
  'hai.jobs.defaultBackend': 'local' | 'slurm-cli' | 'slurm-rest';
  /** slurmrestd's address, e.g. http://login01:6820. */
  'hai.jobs.slurmrestUrl': string;
  /** The user slurmrestd's token belongs to; empty means this machine's user name. */
  'hai.jobs.slurmUser': string;
  /** slurmrestd's OpenAPI version. */
  'hai.jobs.slurmrestVersion': 'v0.0.38' | 'v0.0.39' | 'v0.0.40' | 'v0.0.41';
  /** Seconds between status checks while jobs are pending or running. */
  'hai.jobs.refreshSeconds': number;
  /** Kilobytes of a log's end that the log view loads at first; older parts load on demand. */
  'hai.jobs.logTailKB': number;
  /** Python interpreter that jobs run with when the Python extension has none selected; empty means python3 on PATH. */
  'hai.jobs.python': string;
  /** The label format of an image whose folder has no labels yet. */
  'hai.annotation.defaultFormat': 'yolo-detect' | 'yolo-segment' | 'coco' | 'voc' | 'labelme';
  /** The ONNX detection model for pre-labelling; empty means the bundled tiny detector. */
  'hai.annotation.detectionModel': string;
}

export type SettingKey = keyof Settings;

interface SettingSpec<T> {
  readonly type: T extends string ? 'string' : T extends number ? 'number' | 'integer' : T extends boolean ? 'boolean' : T extends readonly string[] ? 'array' : never;
  readonly default: T;
  readonly enum?: readonly T[];
  readonly minimum?: number;
  /** Larger values are held to this: a hand-edited number must not exhaust the machine. */
  readonly maximum?: number;
  /**
   * An untrusted workspace may not set it (package.json `restrictedConfigurations`): it names a
   * path, a program or an address, or it costs CPU or memory.
   */
  readonly restricted?: true;
}

export const SETTINGS: { readonly [K in SettingKey]: SettingSpec<Settings[K]> } = {
  'hai.annotation.defaultFormat': { type: 'string', default: 'yolo-detect', enum: ['yolo-detect', 'yolo-segment', 'coco', 'voc', 'labelme'] },
  'hai.annotation.detectionModel': { type: 'string', default: '', restricted: true },
  'hai.server.trace': { type: 'string', default: 'off', enum: ['off', 'messages', 'verbose'] },
  'hai.data.include': { type: 'string', default: '**/{*.root,*.h5,*.hdf5,*.parquet,*.npy,*.npz,*.pt,*.pth,*.ckpt,*.safetensors,*pytorch_model*.bin,adapter_model.bin,training_args.bin}' },
  'hai.data.exclude': { type: 'string', default: '**/{node_modules,.git,.venv,venv,__pycache__}/**' },
  'hai.data.maxFiles': { type: 'integer', default: 500, minimum: 1, maximum: 100_000, restricted: true },
  'hai.completion.enabled': { type: 'boolean', default: true },
  'hai.completion.modelPath': { type: 'string', default: '', restricted: true },
  'hai.completion.dtype': { type: 'string', default: 'auto', enum: ['auto', 'fp32', 'fp16', 'int8', 'q4'] },
  'hai.completion.fim': { type: 'string', default: 'auto', enum: ['auto', 'none', 'starcoder', 'qwen', 'deepseek', 'codellama'] },
  'hai.completion.fimOrder': { type: 'string', default: 'auto', enum: ['auto', 'psm', 'spm'] },
  'hai.completion.maxTokens': { type: 'integer', default: 64, minimum: 1, maximum: 256, restricted: true },
  'hai.completion.temperature': { type: 'number', default: 0, minimum: 0, maximum: 2 },
  'hai.completion.topK': { type: 'integer', default: 40, minimum: 1, maximum: 1000 },
  'hai.completion.topP': { type: 'number', default: 0.95, minimum: 0, maximum: 1 },
  'hai.completion.seed': { type: 'integer', default: 0, minimum: 0, maximum: 4_294_967_295 },
  'hai.completion.threads': { type: 'integer', default: 0, minimum: 0, maximum: 64, restricted: true },
  'hai.completion.multiline': { type: 'boolean', default: true },
  'hai.completion.docstrings': { type: 'boolean', default: false },
  'hai.completion.debounceMs': { type: 'integer', default: 75, minimum: 0, maximum: 2000 },
  'hai.completion.workspaceContext': { type: 'string', default: 'similar', enum: ['similar', 'imports', 'all', 'off'], restricted: true },
  'hai.completion.contextTokens': { type: 'integer', default: 0, minimum: 0, maximum: 1024, restricted: true },
  'hai.completion.workspaceCache': { type: 'boolean', default: false, restricted: true },
  'hai.completion.repeatedLines': { type: 'boolean', default: true },
  'hai.completion.promptLookup': { type: 'boolean', default: true },
  'hai.completion.projectNames': { type: 'boolean', default: true },
  'hai.hub.sources': { type: 'array', default: [], restricted: true },
  'hai.hub.downloadDir': { type: 'string', default: '', restricted: true },
  'hai.hub.weightsFolders': { type: 'array', default: [], restricted: true },
  'hai.jobs.defaultBackend': { type: 'string', default: 'local', enum: ['local', 'slurm-cli', 'slurm-rest'], restricted: true },
  'hai.jobs.slurmrestUrl': { type: 'string', default: '', restricted: true },
  'hai.jobs.slurmUser': { type: 'string', default: '', restricted: true },
  'hai.jobs.slurmrestVersion': { type: 'string', default: 'v0.0.38', enum: ['v0.0.38', 'v0.0.39', 'v0.0.40', 'v0.0.41'] },
  'hai.jobs.refreshSeconds': { type: 'integer', default: 5, minimum: 1, maximum: 3600 },
  'hai.jobs.logTailKB': { type: 'integer', default: 1024, minimum: 16, maximum: 16_384, restricted: true },
  'hai.hub.maxConcurrentDownloads': { type: 'integer', default: 2, minimum: 1, maximum: 8, restricted: true },
  'hai.jobs.python': { type: 'string', default: '', restricted: true },
};

/**
 * Takes a raw value from the user's configuration and returns it when it fits the setting's type,
 * else the default: a hand-edited settings.json must never put a wrong type into the extension.
 */
export function coerceSetting<K extends SettingKey>(key: K, raw: unknown): Settings[K] {
  const spec = SETTINGS[key] as SettingSpec<Settings[K]>;
  if (spec.type === 'array') {
    return Array.isArray(raw) && raw.every((v) => typeof v === 'string') ? (raw as unknown as Settings[K]) : spec.default;
  }
  if (typeof raw !== (spec.type === 'integer' ? 'number' : spec.type)) return spec.default;
  // A count typed by hand as 2.5 means at most 2 (VS Code underlines it in settings.json, and runs on).
  if (spec.type === 'integer' && typeof raw === 'number' && Number.isFinite(raw)) raw = Math.floor(raw);
  if (spec.enum && !spec.enum.includes(raw as Settings[K])) return spec.default;
  if (typeof raw === 'number' && (!Number.isFinite(raw) || (spec.minimum !== undefined && raw < spec.minimum))) {
    return spec.default;
  }
  // Too large is held to the maximum rather than reset: the user asked for "a lot", and gets the most.
  if (typeof raw === 'number' && spec.maximum !== undefined && raw > spec.maximum) return spec.maximum as Settings[K];
  return raw as Settings[K];
}

/**
 * Where a path setting points: an absolute path ('' when unset), or why it is not followed: a
 * relative path with no folder to resolve it against, or inside a workspace that is not trusted.
 */
export type SettingPath = { readonly path: string } | { readonly refused: 'no-folder' | 'untrusted'; readonly relative: string };

export interface PathBase {
  readonly home: string;
  /** The folder relative paths are resolved against (the first workspace folder), if any. */
  readonly base: string | undefined;
  /** Whether `base` is trusted: paths inside an untrusted workspace must not be followed silently. */
  readonly baseTrusted: boolean;
  readonly isAbsolute: (p: string) => boolean;
  /** Joins a folder and a relative path (path.resolve in Node); plain joining with '/' by default. */
  readonly resolve?: (base: string, relative: string) => string;
}

/**
 * Turns a path setting's value into an absolute path. `~` is the home folder; a relative path is
 * resolved against the first workspace folder (as the settings' descriptions state), and refused
 * when that workspace is not trusted or there is none, so that a path is never followed relative to
 * a folder nobody chose (the server's or the editor's working folder).
 */
export function resolveSettingPath(raw: string, where: PathBase): SettingPath {
  const value = raw.trim();
  if (value === '') return { path: '' };
  const join = where.resolve ?? ((base: string, rel: string) => `${base.replace(/\/+$/, '')}/${rel}`);
  if (value === '~') return { path: where.home };
  if (value.startsWith('~/')) return { path: join(where.home, value.slice(2)) };
  if (where.isAbsolute(value)) return { path: value };
  if (where.base === undefined) return { refused: 'no-folder', relative: value };
  if (!where.baseTrusted) return { refused: 'untrusted', relative: value };
  return { path: join(where.base, value) };
}
