import * as assert from 'node:assert/strict';
import { PythonSyntax } from '../completion/pythonSyntax';
import { moduleDefinitions, moduleImportRefs } from './pythonOutline';

const MODULE = `"""Jet features."""
import numpy as np
import torch.nn as nn, awkward
from . import features
from ..data.loader import JetDataset as Dataset, collate
from jets.model import *
try:
    import uproot
except ImportError:
    uproot = None

NUM_CLASSES = 10
_cache = {}


@torch.no_grad()
def evaluate(model, loader, device="cuda"):
    """Accuracy of the model over a loader.

    Longer text that is left out.
    """
    return 0.0


def _helper():
    pass


class ParticleNet(nn.Module):
    """Dynamic graph CNN on particle clouds."""

    def __init__(self, input_dims, num_classes=NUM_CLASSES,
                 conv_params=((16, (64, 64, 64)),)):
        super().__init__()

    def forward(self, points, features, mask=None):
        return points

    def _private(self):
        pass

    @property
    def depth(self):
        return 3
`;

describe('Python outline (imports and definitions from the syntax tree)', () => {
  let syntax: PythonSyntax;
  before(async () => {
    syntax = await PythonSyntax.load();
  });

  it('lists absolute, relative, aliased and nested imports with their names', () => {
    const refs = syntax.withTree(MODULE, (root) => moduleImportRefs(root));
    assert.deepEqual(refs, [
      { level: 0, module: 'numpy', names: [] },
      { level: 0, module: 'torch.nn', names: [] },
      { level: 0, module: 'awkward', names: [] },
      { level: 1, module: '', names: ['features'] },
      { level: 2, module: 'data.loader', names: ['JetDataset', 'collate'] },
      { level: 0, module: 'jets.model', names: [] },
      { level: 0, module: 'uproot', names: [] },
    ]);
  });

  it('writes public functions and classes as stubs: headers, first docstring line, public methods', () => {
    const defs = syntax.withTree(MODULE, (root) => moduleDefinitions(root, MODULE))!;
    assert.deepEqual(
      defs.map((d) => d.name),
      ['NUM_CLASSES', 'evaluate', 'ParticleNet'],
    );
    assert.equal(defs[0].text, 'NUM_CLASSES = 10');
    assert.equal(defs[1].text, '@torch.no_grad()\ndef evaluate(model, loader, device="cuda"):\n    """Accuracy of the model over a loader."""\n    ...');
    assert.equal(
      defs[2].text,
      [
        'class ParticleNet(nn.Module):',
        '    """Dynamic graph CNN on particle clouds."""',
        '    def __init__(self, input_dims, num_classes=NUM_CLASSES,',
        '                 conv_params=((16, (64, 64, 64)),)): ...',
        '    def forward(self, points, features, mask=None): ...',
        '    @property',
        '    def depth(self): ...',
      ].join('\n'),
    );
  });

  it('gives a module without definitions none, and survives broken code', () => {
    assert.deepEqual(syntax.withTree('import os\nprint(os.sep)\n', (root) => moduleDefinitions(root, '')), []);
    const broken = 'def f(a, b:\n    return (\nclass C(:\n';
    assert.doesNotThrow(() => syntax.withTree(broken, (root) => moduleDefinitions(root, broken)));
  });
});
