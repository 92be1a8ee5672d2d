// Which Python interpreter a job runs with: the spec's own `python`, else the one the workspace uses
// (the Python extension's selection, else the hai.jobs.python setting), else python3 on the job's
// PATH. The login shell's python3 is often not the one with PyTorch (pyenv, modules, conda base),
// so the choice is made once, at submit, and written into the submitted spec for the job script.
import * as path from 'node:path';
import { english, type Message, msg } from '../text/message';

export type PythonSource = 'spec' | 'python-extension' | 'setting' | 'path';

export interface PythonChoice {
  /** Absolute path, used as given (a virtual environment's symlink is not resolved); none: python3 on PATH. */
  readonly path?: string;
  readonly source: PythonSource;
}

/** An absolute path on one line: what a job script can put into HAI_PYTHON and PATH. */
export function isUsablePython(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && path.posix.isAbsolute(value) && !/[\n\r\0]/.test(value);
}

type Fn = (...args: unknown[]) => unknown;
const fn = (o: unknown, key: string): Fn | undefined => {
  const f = o && typeof o === 'object' ? (o as Record<string, unknown>)[key] : undefined;
  return typeof f === 'function' ? (f as Fn).bind(o) : undefined;
};
const field = (o: unknown, key: string): unknown => (o && typeof o === 'object' ? (o as Record<string, unknown>)[key] : undefined);

/**
 * The interpreter the Python extension (ms-python.python) has selected for `resource`, read from its
 * exported API: `environments.getActiveEnvironmentPath` + `resolveEnvironment` (executable.uri), or
 * the older `settings.getExecutionDetails(resource).execCommand`. Another extension's object, so its
 * shape is checked at each step; undefined when it names no single usable interpreter.
 */
export async function pythonFromExtensionApi(api: unknown, resource: unknown): Promise<string | undefined> {
  const ready = field(api, 'ready');
  if (ready instanceof Promise) await ready;
  const environments = field(api, 'environments');
  const active = fn(environments, 'getActiveEnvironmentPath')?.(resource);
  const resolve = fn(environments, 'resolveEnvironment');
  if (active !== undefined && resolve) {
    const resolved = await resolve(active);
    const exe = field(field(field(resolved, 'executable'), 'uri'), 'fsPath');
    if (isUsablePython(exe)) return exe;
  }
  const details = fn(field(api, 'settings'), 'getExecutionDetails')?.(resource);
  const command = field(details, 'execCommand');
  // `conda run -n env python` and the like are several words: not one interpreter to put on PATH.
  if (Array.isArray(command) && command.length === 1 && isUsablePython(command[0])) return command[0];
  const activePath = field(active, 'path');
  if (isUsablePython(activePath) && /^python[\d.]*$/.test(path.posix.basename(activePath))) return activePath;
  return undefined;
}

/**
 * The hai.jobs.python setting as a path: `~` and `${workspaceFolder}` expanded. Anything else that is
 * not absolute is refused with what to write, rather than resolved against a folder the user did not name.
 */
export function pythonFromSetting(value: string, context: { readonly home: string; readonly workspaceFolder?: string }): { readonly path?: string; readonly problem?: string; readonly text?: Message } {
  // `problem` in English, `text` the same to show translated.
  const refuse = (text: Message) => ({ problem: english(text), text });
  const raw = value.trim();
  if (raw === '') return {};
  let expanded = raw.replace(/^~(?=\/|$)/, context.home);
  if (expanded.includes('${workspaceFolder}')) {
    if (!context.workspaceFolder) return refuse(msg('hai.jobs.python uses {0}, but no folder is open. Open the folder, or write an absolute path.', '${workspaceFolder}'));
    expanded = expanded.split('${workspaceFolder}').join(context.workspaceFolder);
  }
  if (!isUsablePython(expanded)) {
    return refuse(msg('hai.jobs.python is "{0}": write the absolute path of a Python interpreter (e.g. ~/miniconda3/envs/torch/bin/python or {1}/.venv/bin/python), or leave it empty for python3 on PATH.', raw, '${workspaceFolder}'));
  }
  return { path: expanded };
}

/** The first that names an interpreter, in the order the settings documentation gives. */
export function choosePython(o: { readonly spec?: string; readonly extension?: string; readonly setting?: string }): PythonChoice {
  if (o.spec) return { path: o.spec, source: 'spec' };
  if (o.extension) return { path: o.extension, source: 'python-extension' };
  if (o.setting) return { path: o.setting, source: 'setting' };
  return { source: 'path' };
}
