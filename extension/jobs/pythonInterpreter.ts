// The workspace's Python interpreter for a job, asked of the Python extension when it is installed
// (its API is another extension's: any error or a slow answer falls back to the setting, with a log
// line), else from hai.jobs.python, else python3 on the job's PATH. The choice logic is in core/.
import * as os from 'node:os';
import * as vscode from 'vscode';
import { choosePython, type PythonChoice, pythonFromExtensionApi, pythonFromSetting } from '../../core/jobs/pythonInterpreter';
import { LocalizedError } from '../../core/text/message';
import { readSetting } from '../settings';

const PYTHON_EXTENSION = 'ms-python.python';
/** The Python extension may still be discovering environments; a submit does not wait longer than this. */
const API_TIMEOUT_MS = 10_000;

function within<T>(promise: Thenable<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms / 1000} s`)), ms);
    Promise.resolve(promise).then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e: unknown) => (clearTimeout(timer), reject(e instanceof Error ? e : new Error(String(e)))),
    );
  });
}

async function fromPythonExtension(resource: vscode.Uri | undefined, warn: (line: string) => void): Promise<string | undefined> {
  const ext = vscode.extensions.getExtension(PYTHON_EXTENSION);
  if (!ext) return undefined;
  try {
    const api: unknown = ext.isActive ? ext.exports : await within(ext.activate(), API_TIMEOUT_MS, 'The Python extension');
    return await within(pythonFromExtensionApi(api, resource), API_TIMEOUT_MS, 'The Python extension');
  } catch (err) {
    warn(`Python interpreter from ${PYTHON_EXTENSION}: ${err instanceof Error ? err.message : String(err)}; using hai.jobs.python instead`);
    return undefined;
  }
}

/**
 * The interpreter for the spec at `resource`. Throws an Error with what to do when hai.jobs.python
 * is set to something that cannot be an interpreter, so the user fixes it rather than guesses.
 */
export async function workspacePython(resource: vscode.Uri | undefined, specPython: string | undefined, warn: (line: string) => void): Promise<PythonChoice> {
  if (specPython) return choosePython({ spec: specPython });
  const extension = await fromPythonExtension(resource, warn);
  const folder = (resource && vscode.workspace.getWorkspaceFolder(resource)) ?? vscode.workspace.workspaceFolders?.[0];
  const setting = pythonFromSetting(readSetting('hai.jobs.python', resource), { home: os.homedir(), workspaceFolder: folder?.uri.fsPath });
  if (!extension && setting.text) throw new LocalizedError(setting.text);
  return choosePython({ extension, setting: setting.path });
}

/** "/usr/bin/python3 (hai.jobs.python)", for the submit confirmation. */
export function pythonLabel(choice: PythonChoice): string {
  if (!choice.path) return vscode.l10n.t('python3 on the job’s PATH (choose one in the Python extension or hai.jobs.python)');
  const from =
    choice.source === 'spec' ? vscode.l10n.t('from the spec') : choice.source === 'python-extension' ? vscode.l10n.t('selected in the Python extension') : 'hai.jobs.python';
  return `${choice.path} (${from})`;
}
