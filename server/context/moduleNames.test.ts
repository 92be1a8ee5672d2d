import * as assert from 'node:assert/strict';
import { PythonSyntax } from '../completion/pythonSyntax';
import { memberNames } from '../completion/memberNames';
import { boundOtherwise, moduleAliases, moduleNames, readModule, withoutRebound } from './moduleNames';

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
    assert.equal(namesOf('__getattr__, __dir__, __all__ = lazy.attach(__name__, ["sub"])\n'), undefined, 'a lazy loader');
    assert.equal(namesOf('from ._lazy import __getattr__\n'), undefined);
    assert.equal(namesOf('match sys.argv:\n    case [_, path]:\n        pass\n'), undefined, 'capture patterns bind names');
    assert.equal(namesOf('exec("x = 1")\n'), undefined);
    assert.equal(namesOf('locals()["x"] = 1\n'), undefined);
    assert.equal(namesOf('def merge(a, b):\n    return a\n\nx = foo(\n\ndef split(c):\n    pass\n'), undefined, 'past a syntax error the tree is a guess');
    // A __getattr__ of a class is that class's business.
    assert.ok(namesOf('class Lazy:\n    def __getattr__(self, name):\n        return 1\n')?.has('Lazy'));
  });

  it('counts walrus targets outside functions, generic type aliases and every module\'s dunders', () => {
    const names = namesOf('if (n := 3) > 2:\n    pass\nprint(m := 4)\nys = [y for x in "ab" if (y := x)]\ndef f():\n    if (inner := 1):\n        pass\ntype Vec[T] = list[T]\n')!;
    for (const name of ['n', 'm', 'y', 'ys', 'f', 'Vec', '__class__', '__dir__', '__name__']) assert.ok(names.has(name), name);
    assert.ok(!names.has('inner'));
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
    const source = 'import config\nimport jets.settings\nconfig.debug = True\nconfig.lr *= 0.5\nconfig.epochs //= 2\nconfig.a, (config.b, x) = 1, (2, 3)\nconfig.size: int = 3\njets.settings.batch = 64\nif config.mode == "test":\n    x = config.other\n';
    const assigned = syntax.withTree(source, (root) => Object.fromEntries(moduleAliases(root).map((a) => [a.chain, [...a.assigned].sort()])));
    assert.deepEqual(assigned, { config: ['a', 'b', 'debug', 'epochs', 'lr', 'size'], jets: [], 'jets.settings': ['batch'] });
  });

  it('drops, at a request, the modules whose name the document as it is now binds otherwise', () => {
    const members = memberNames(new Map([['model', new Set(['Net'])], ['jets.model', new Set(['Tagger'])], ['cl', new Set(['merge'])]]));
    const source = 'from . import model, cl\nimport jets.model\n\ndef evaluate(jets, loader):\n    return model.';
    const asked: string[] = [];
    const kept = syntax.withTree(source, (root) => {
      const lookup = withoutRebound(members, (name) => {
        asked.push(name);
        return boundOtherwise(root, source, name);
      });
      return ['model', 'jets.model', 'cl', 'jets', 'other', 'model'].map((chain) => [chain, lookup.get(chain) !== undefined]);
    });
    assert.deepEqual(kept, [['model', true], ['jets.model', false], ['cl', true], ['jets', false], ['other', false], ['model', true]]);
    assert.deepEqual(asked, ['model', 'jets', 'cl'], 'each first name looked at once, and only for known chains');
  });

  it('reads bindings in match patterns, as-patterns and type statements; a use inside a syntax error counts as one', () => {
    const bound = (source: string, name = 'clusters') => syntax.withTree(source, (root) => boundOtherwise(root, source, name));
    assert.equal(bound('match x:\n    case clusters:\n        pass\n'), true);
    assert.equal(bound('match x:\n    case [clusters, *_]:\n        pass\n'), true);
    assert.equal(bound('match x:\n    case Point(x=clusters):\n        pass\n'), true);
    assert.equal(bound('match x:\n    case 1 as clusters:\n        pass\n'), true);
    assert.equal(bound('type clusters = int\n'), true);
    assert.equal(bound('def f[clusters](x):\n    pass\n'), true);
    assert.equal(bound('match x:\n    case clusters.Kind.A:\n        pass\n'), false, 'a value pattern reads the module');
    assert.equal(bound('y = f(clusters, (clusters, 2), [clusters])\nz = {clusters: 1}\n'), false, 'uses in calls, tuples, lists, dicts');
    assert.equal(bound('x = f(\ny = g(clusters)\n'), true, 'inside a syntax error');
  });

  it('tells a syntax error and a package\'s own submodule imports apart in a reading', () => {
    const read = (source: string) => syntax.withTree(source, (root) => readModule(root))!;
    const broken = read('def merge(a):\n    return a\n\nx = foo(\n');
    assert.equal(broken.syntaxError, true);
    assert.ok(broken.names?.has('merge'), 'the names read before it are kept for merging with the saved file');
    // Read inside withTree: the tree is freed when it returns, and a node used after that reads freed memory.
    assert.equal(syntax.withTree('x = foo(\n', (r) => moduleNames(r) ?? 'undefined'), 'undefined');
    const init = read('from . import clusters, tracking as trk\nfrom .settings import settings\nfrom . import geometry\ngeometry = None\n');
    assert.deepEqual([...init.ownSubmodules].sort(), ['clusters'], 'geometry is rebound after its import; settings is an object');
    for (const name of ['clusters', 'trk', 'settings', 'geometry']) assert.ok(init.names?.has(name), name);
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
    assert.deepEqual(chains('from . import model\nwith open(p) as (a, model):\n    pass\n'), []);
    assert.deepEqual(chains('from . import model\nfrom .other import *\n'), [], 'a star import after it may rebind it');
    assert.deepEqual(chains('from .other import *\nfrom . import model\n'), ['model'], 'the import after a star import holds');
    assert.deepEqual(chains('from . import model\nsetattr(model, name, 1)\n'), [], 'attributes written by name');
    assert.deepEqual(chains('from . import model\nx = f(\ndef g(model):\n    pass\n'), [], 'a use inside a syntax error may be a binding');
    // An import's dotted name with a comment in it is read by its identifiers.
    assert.deepEqual(aliasesOf('from pkg import (a .  # note (\n b)\nimport c . d\n'), [
      ['a.b', { level: 0, module: 'pkg', names: ['a.b'] }],
      ['c', { level: 0, module: 'c', names: [] }],
      ['c.d', { level: 0, module: 'c.d', names: [] }],
    ]);
    // Uses, and mentions in strings and comments, are not bindings.
    assert.deepEqual(chains('from . import model\n# model = 1\nx = "model = 2"\nnet = model.Net(model=3)\nprint(model)\n'), ['model']);
    // The same import twice is one binding.
    assert.deepEqual(chains('from . import model\nif x:\n    from . import model\n'), ['model']);
  });
});
