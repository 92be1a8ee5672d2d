// Every `hai.*` setting, typed, with its default. extension/settings.ts is the one module that reads
// them, and a unit test checks this table against `contributes.configuration` in package.json.

export type TraceLevel = 'off' | 'messages' | 'verbose';

export interface Settings {
  /** How much of the LSP traffic between the extension and the server goes to the output channel. */
  'hai.server.trace': TraceLevel;
  /** Glob of the data files that the Data view lists. */
  'hai.data.include': string;
  /** Glob of folders the Data view skips. */
  'hai.data.exclude': string;
  /** The Data view stops listing after this many files, to stay fast in huge workspaces. */
  'hai.data.maxFiles': number;
}

export type SettingKey = keyof Settings;

interface SettingSpec<T> {
  readonly type: T extends string ? 'string' : T extends number ? 'number' : T extends boolean ? 'boolean' : never;
  readonly default: T;
  readonly enum?: readonly T[];
  readonly minimum?: number;
}

export const SETTINGS: { readonly [K in SettingKey]: SettingSpec<Settings[K]> } = {
  'hai.server.trace': { type: 'string', default: 'off', enum: ['off', 'messages', 'verbose'] },
  'hai.data.include': { type: 'string', default: '**/*.{root,h5,hdf5,parquet,npz}' },
  'hai.data.exclude': { type: 'string', default: '**/{node_modules,.git,.venv,venv,__pycache__}/**' },
  'hai.data.maxFiles': { type: 'number', default: 500, minimum: 1 },
};

/**
 * Takes a raw value from the user's configuration and returns it when it fits the setting's type,
 * else the default: a hand-edited settings.json must never put a wrong type into the extension.
 */
export function coerceSetting<K extends SettingKey>(key: K, raw: unknown): Settings[K] {
  const spec = SETTINGS[key] as SettingSpec<Settings[K]>;
  if (typeof raw !== spec.type) return spec.default;
  if (spec.enum && !spec.enum.includes(raw as Settings[K])) return spec.default;
  if (typeof raw === 'number' && (!Number.isFinite(raw) || (spec.minimum !== undefined && raw < spec.minimum))) {
    return spec.default;
  }
  return raw as Settings[K];
}
