import * as assert from 'node:assert/strict';
import { importLines, importsSignature, moduleLines, SettledEdits, type Timers } from './settledEdits';

/** A clock the test steps: timers run when `advance` passes their time, in order, never on their own. */
class SteppedClock implements Timers {
  private now = 0;
  private readonly due = new Map<number, { at: number; callback: () => void }>();
  private next = 0;

  start(callback: () => void, ms: number): number {
    this.due.set(++this.next, { at: this.now + ms, callback });
    return this.next;
  }

  stop(timer: unknown): void {
    this.due.delete(timer as number);
  }

  advance(ms: number): void {
    const until = this.now + ms;
    for (;;) {
      const [id, first] = [...this.due].sort((a, b) => a[1].at - b[1].at)[0] ?? [];
      if (!first || first.at > until) break;
      this.due.delete(id);
      this.now = first.at;
      first.callback();
    }
    this.now = until;
  }
}

describe('edits followed once typing pauses', () => {
  it('calls back once per pause, after the last change, and never for a forgotten document', () => {
    const settled: string[] = [];
    const clock = new SteppedClock();
    const edits = new SettledEdits((uri) => settled.push(uri), 300, clock);
    edits.changed('a');
    clock.advance(200);
    edits.changed('a');
    edits.changed('b');
    clock.advance(250);
    assert.deepEqual(settled, [], 'each change restarts the wait: 450 ms after the first change, 250 after the last');
    clock.advance(50);
    assert.deepEqual(settled.sort(), ['a', 'b'], 'once, 300 ms after the last change');
    clock.advance(1000);
    assert.deepEqual(settled, ['a', 'b'], 'once only');
    edits.changed('a');
    edits.forget('a');
    clock.advance(1000);
    assert.deepEqual(settled, ['a', 'b'], 'nothing after forget()');
  });

  it('waits on the process\'s own timers by default', async () => {
    const settled: string[] = [];
    const edits = new SettledEdits((uri) => settled.push(uri), 5);
    edits.changed('a');
    for (let i = 0; i < 200 && settled.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.deepEqual(settled, ['a']);
  });

  it('compares what the imports depend on: lines with the word import, a parenthesised import with its continuation', () => {
    const text = [
      'import os',
      'from . import (',
      '    clusters,',
      '    features)',
      'x = importlib.import_module(name)',
      'def f():',
      '    import numpy as np  # late',
      '    return reimport(x)',
    ].join('\n');
    assert.equal(importLines(text), 'import os\nfrom . import (\n    clusters,\n    features)\n    import numpy as np  # late');
    assert.notEqual(importLines(text), importLines(text.replace('    features)', '    features, calo)')), 'a name added in the parentheses counts');
    assert.equal(importLines(text), importLines(`${text}\ny = 1\n`), 'code elsewhere does not');
    assert.equal(importLines(''), '');
  });

  it('follows an import\'s continuation lines, parenthesised or after backslashes, 50 at most when it never closes', () => {
    assert.equal(importLines('from m import a, \\\n    b\nx = 1\n'), 'from m import a, \\\n    b');
    const unclosed = `from x import (\n${'    a,\n'.repeat(80)}import os`;
    assert.equal(importLines(unclosed).split('\n').length, 1 + 50 + 1, 'the import, 50 continuation lines, then `import os` found again');
    assert.ok(importLines(unclosed).endsWith('import os'));
    assert.equal(importLines('import os  # see foo(\ny = 1\n'), 'import os  # see foo(\ny = 1', 'a parenthesis in a comment takes a line or more too: only a needless reading');
  });
  it('adds the assignments on the names the imports bind to the imports signature, and nothing else', () => {
    const text = 'import config\nimport numpy as np  # self\nfrom torch.utils import data as tud\nimport конфиг\n\nnp.save(f, x, allow_pickle=True)\nif config.lr == 0.1:\n    pass\n';
    const signature = importsSignature(text);
    assert.equal(signature, importLines(text), 'a call with a keyword argument and a comparison are not assignments');
    for (const line of ['config.batch_size = 64', '    config.lr: float | None = None', 'config.x: "T" = 1', 'config.a, config.b = 1, 2', '(config.a, x) = 1, 2', 'config.steps += 1', 'np.seed_value = 3', 'tud.root = "/data"', 'конфиг.шаг = 1']) {
      assert.notEqual(importsSignature(`${text}${line}\n`), signature, line);
    }
    // Not assignments, or not on a name the imports bind (the module path of a `from` import, the name before `as`, a comment's word).
    for (const line of ['x = config.lr', 'self.lr = 0.1', 'config.lr >= 0.1', 'config.lr <= 0.1', 'config.lr != 0.1', '    config.lr == 0.1):', 'print(config.lr)', 'configs.lr = 1', 'torch.x = 1', 'utils.x = 1', 'data.x = 1', 'numpy.x = 1']) {
      assert.equal(importsSignature(`${text}${line}\n`), signature, line);
    }
    assert.equal(importsSignature('x = 1\nconfig.lr = 2\n'), '', 'no imports, no names');
  });

  it('compares what a module\'s names depend on: code outside function and class bodies, and in them what binds or hides module names', () => {
    const module = [
      'import numpy as np',
      'try:',
      '    import torch',
      'except ImportError:',
      '    torch = None',
      '',
      '@cache',
      'def merge(cells, threshold=0.5):',
      '    """Merges neighbours."""',
      '    out = [c for c in cells if c > threshold]',
      '    # a comment',
      '    return out',
      '',
      'class Cluster:',
      '    size = 0',
      '',
      'def enable():',
      '    global DEBUG',
      '    DEBUG = True',
    ].join('\n');
    const lines = moduleLines(module);
    assert.equal(lines, ['import numpy as np', 'try:', '    import torch', 'except ImportError:', '    torch = None', '@cache', 'def merge(cells, threshold=0.5):', 'class Cluster:', 'def enable():', '    global DEBUG'].join('\n'));
    assert.equal(moduleLines(module.replace('return out', 'return sorted(out)')), lines, 'typing inside a function');
    assert.equal(moduleLines(module.replace('    size = 0', '    size = 1\n    def grow(self):\n        pass')), lines, 'a method');
    assert.notEqual(moduleLines(module.replace('def merge(', 'def merge_cells(')), lines, 'a function renamed');
    assert.notEqual(moduleLines(`${module}\nTHRESHOLD = 0.5`), lines, 'a constant added');
    assert.notEqual(moduleLines(module.replace('    torch = None', '    torch = None\n    jit = None')), lines, 'a name bound in a top-level block');
    assert.notEqual(moduleLines(module.replace('    return out', '    exec(code)\n    return out')), lines, 'exec( in a function: the module\'s names cannot be known');
    assert.equal(moduleLines(module.replace('def merge(cells, threshold=0.5):', 'def merge(\n    cells,\n    threshold=0.5,\n) -> list:').replace('return out', 'return list(out)')), moduleLines(module.replace('def merge(cells, threshold=0.5):', 'def merge(\n    cells,\n    threshold=0.5,\n) -> list:')), 'a signature closed at column 0 keeps the body a body');
    assert.notEqual(moduleLines(`${module}\n# exec(code) below`), lines, 'a comment the reading sees');
  });
});
