import * as assert from 'node:assert/strict';
import { choosePython, pythonFromExtensionApi, pythonFromSetting } from './pythonInterpreter';

// The Python extension's API as it documents itself (@vscode/python-extension): plain objects with
// the fields and functions it exports, so that the reading of each shape is what is tested here.
const uri = (fsPath: string): { fsPath: string } => ({ fsPath });

describe('the Python interpreter a job runs with', () => {
  it('reads the interpreter the Python extension selected for the workspace', async () => {
    const seen: unknown[] = [];
    const api = {
      ready: Promise.resolve(),
      environments: {
        getActiveEnvironmentPath: (resource: unknown) => (seen.push(resource), { id: 'venv', path: '/home/u/proj/.venv' }),
        resolveEnvironment: async (env: { path: string }) => ({ executable: { uri: uri(`${env.path}/bin/python`) } }),
      },
    };
    assert.equal(await pythonFromExtensionApi(api, 'the-spec-uri'), '/home/u/proj/.venv/bin/python');
    assert.deepEqual(seen, ['the-spec-uri']);
  });

  it('falls back to the older execution details, and refuses what is not one interpreter', async () => {
    const details = (execCommand: unknown): unknown => ({ settings: { getExecutionDetails: () => ({ execCommand }) } });
    assert.equal(await pythonFromExtensionApi(details(['/opt/conda/envs/w/bin/python']), undefined), '/opt/conda/envs/w/bin/python');
    for (const bad of [['conda', 'run', '-n', 'w', 'python'], ['python3'], ['/a\n/b'], undefined, 'x']) assert.equal(await pythonFromExtensionApi(details(bad), undefined), undefined, JSON.stringify(bad));
    // An environment with no executable (a conda env without Python) and an API of another shape.
    const noExe = { environments: { getActiveEnvironmentPath: () => ({ id: 'c', path: '/opt/conda/envs/empty' }), resolveEnvironment: async () => ({ executable: { uri: undefined } }) } };
    assert.equal(await pythonFromExtensionApi(noExe, undefined), undefined);
    for (const api of [undefined, null, 42, {}, { environments: 'x' }]) assert.equal(await pythonFromExtensionApi(api, undefined), undefined);
  });

  it('expands ~ and ${workspaceFolder} in hai.jobs.python and refuses relative paths with what to write', () => {
    const context = { home: '/home/u', workspaceFolder: '/home/u/proj' };
    assert.deepEqual(pythonFromSetting('', context), {});
    assert.deepEqual(pythonFromSetting('~/miniconda3/envs/torch/bin/python', context), { path: '/home/u/miniconda3/envs/torch/bin/python' });
    assert.deepEqual(pythonFromSetting('${workspaceFolder}/.venv/bin/python', context), { path: '/home/u/proj/.venv/bin/python' });
    assert.deepEqual(pythonFromSetting(' /usr/bin/python3 ', context), { path: '/usr/bin/python3' });
    for (const bad of ['.venv/bin/python', 'python3', '~user/bin/python']) assert.match(pythonFromSetting(bad, context).problem ?? '', /absolute path of a Python interpreter/, bad);
    assert.match(pythonFromSetting('${workspaceFolder}/.venv/bin/python', { home: '/h' }).problem ?? '', /no folder is open/);
  });

  it('prefers the spec, then the Python extension, then the setting, then python3 on PATH', () => {
    assert.deepEqual(choosePython({ spec: '/s', extension: '/e', setting: '/x' }), { path: '/s', source: 'spec' });
    assert.deepEqual(choosePython({ extension: '/e', setting: '/x' }), { path: '/e', source: 'python-extension' });
    assert.deepEqual(choosePython({ setting: '/x' }), { path: '/x', source: 'setting' });
    assert.deepEqual(choosePython({}), { source: 'path' });
  });
});
