import * as assert from 'node:assert/strict';
import { PythonSyntax } from '../completion/pythonSyntax';
import { moduleAliases, moduleNames } from './moduleNames';

const CLUSTERS = `"""Calorimeter clusters."""
import numpy as np
import scipy.ndimage, awkward as ak
from .geometry import CellGrid as Grid, neighbours
try:
    import uproot
except ImportError as missing:
    uproot = None
    REASON = str(missing)

SEED_THRESHOLD = 0.5
low, high = 0.1, (2.0)
count: int = 0
count += 1
a = b = 3
for _k in range(2):
    pass
with open(__file__) as _self_text:
    pass


@np.vectorize
def merge_neighbouring_cells(event, threshold=SEED_THRESHOLD):
    global LAST_EVENT
    LAST_EVENT = event
    inner = 1
    return inner


class Cluster:
    energy = 0.0

    def centroid(self):
        return 0


if __name__ == "__main__":
    def _main():
        pass
`;

describe('module names (what a local module defines, which names of a file are modules)', () => {
  let syntax: PythonSyntax;
  before(async () => {
    syntax = await PythonSyntax.load();
  });
  const namesOf = (source: string) => syntax.withTree(source, (root) => moduleNames(root));
  const aliasesOf = (source: string) => syntax.withTree(source, (root) => moduleAliases(root).map((a) => [a.chain, a.ref]));

  it('lists every name a module binds at its top level, in blocks too, and nothing inside functions or classes', () => {
    const names = namesOf(CLUSTERS)!;
    for (const name of ['np', 'scipy', 'ak', 'Grid', 'neighbours', 'uproot', 'missing', 'REASON', 'SEED_THRESHOLD', 'low', 'high', 'count', 'a', 'b', '_k', '_self_text']) {
      assert.ok(names.has(name), `${name} is a name of the module`);
    }
    for (const name of ['merge_neighbouring_cells', 'Cluster', '_main', 'LAST_EVENT', '__name__', '__file__', '__doc__']) assert.ok(names.has(name), name);
    for (const name of ['inner', 'energy', 'centroid', 'event', 'threshold', 'CellGrid', 'geometry', 'awkward']) assert.ok(!names.has(name), `${name} is not`);
  });

  it('knows no list for modules whose names their text does not show', () => {
    assert.equal(namesOf('from .base import *\nX = 1\n'), undefined);
    assert.equal(namesOf('if True:\n    from .base import *\n'), undefined);
    assert.equal(namesOf('def __getattr__(name):\n    return 1\n'), undefined);
    assert.equal(namesOf('for k in "ab":\n    globals()[k] = 1\n'), undefined);
    assert.equal(namesOf('import sys\nsetattr(sys.modules[__name__], "x", 1)\n'), undefined);
    // A __getattr__ of a class is that class's business.
    assert.ok(namesOf('class Lazy:\n    def __getattr__(self, name):\n        return 1\n')?.has('Lazy'));
  });

  it('says which names of a file its imports bind to modules, with the import to resolve', () => {
    const source = `import jets.model
import calo.clusters as cl
from . import optics, beam as b
from .fitter import fit_helix
import numpy as np

def run():
    from ..data import jetclass
`;
    assert.deepEqual(aliasesOf(source), [
      ['jets', { level: 0, module: 'jets', names: [] }],
      ['jets.model', { level: 0, module: 'jets.model', names: [] }],
      ['cl', { level: 0, module: 'calo.clusters', names: [] }],
      ['optics', { level: 1, module: '', names: ['optics'] }],
      ['b', { level: 1, module: '', names: ['beam'] }],
      ['fit_helix', { level: 1, module: 'fitter', names: ['fit_helix'] }],
      ['np', { level: 0, module: 'numpy', names: [] }],
      ['jetclass', { level: 2, module: 'data', names: ['jetclass'] }],
    ]);
  });

  it('adds the names a file assigns on a module it uses as a namespace', () => {
    const source = 'import config\nimport jets.settings\nconfig.debug = True\nconfig.lr *= 0.5\nconfig.epochs //= 2\njets.settings.batch = 64\nif config.mode == "test":\n    x = config.other\n';
    const assigned = syntax.withTree(source, (root) => Object.fromEntries(moduleAliases(root).map((a) => [a.chain, a.assigned])));
    assert.deepEqual(assigned, { config: ['debug', 'lr', 'epochs'], jets: [], 'jets.settings': ['batch'] });
  });

  it('leaves out a name that something else binds too', () => {
    const chains = (source: string) => (aliasesOf(source) ?? []).map(([chain]) => chain);
    assert.deepEqual(chains('from . import model\nmodel = model.Net()\n'), []);
    assert.deepEqual(chains('from . import model\ndef f(model):\n    return model.x\n'), []);
    assert.deepEqual(chains('from . import model\nfor model in models:\n    pass\n'), []);
    assert.deepEqual(chains('from . import model\nwith open(p) as model:\n    pass\n'), []);
    assert.deepEqual(chains('from . import model\nf = lambda model: model\n'), []);
    assert.deepEqual(chains('from . import model\nfrom .other import model\n'), []);
    assert.deepEqual(chains('import a.b\na, c = 1, 2\n'), []);
    // Uses, and mentions in strings and comments, are not bindings.
    assert.deepEqual(chains('from . import model\n# model = 1\nx = "model = 2"\nnet = model.Net(model=3)\nprint(model)\n'), ['model']);
    // The same import twice is one binding.
    assert.deepEqual(chains('from . import model\nif x:\n    from . import model\n'), ['model']);
  });
});
