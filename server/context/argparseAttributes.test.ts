import * as assert from 'node:assert/strict';
import { PythonSyntax } from '../completion/pythonSyntax';
import { namespaceLookup, namespaceNamesAt } from './argparseNames';

/** A trainer class as the field writes them: the options kept on the instance, read in its methods. */
const TRAINER = `import argparse

import torch


class Trainer:
    def __init__(self, args, model):
        self.args = args
        self.model = model
        self.opt = torch.optim.AdamW(model.parameters(), lr=args.lr)

    def fit(self, loader):
        for epoch in range(self.args.epochs):
            CURSOR

    @torch.no_grad()
    def evaluate(self, loader):
        CURSOR_DECORATED

    @staticmethod
    def make(self):
        CURSOR_STATIC


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--lr', type=float, default=1e-3)
    parser.add_argument('--epochs', type=int, default=10)
    parser.add_argument('--batch-size', type=int, default=64)
    args = parser.parse_args()
    trainer = Trainer(args, torch.nn.Linear(2, 2))
    trainer.fit(None)


if __name__ == '__main__':
    main()
`;

/** What the options give, and the names the document assigns on any object (a namespace may be one of them). */
const NAMES = ['args', 'batch_size', 'epochs', 'lr', 'model', 'opt'];

describe('argparse namespaces kept on an instance: after `self.args.`, the options’ names', () => {
  let syntax: PythonSyntax;
  before(async () => {
    syntax = await PythonSyntax.load();
  });

  /** The names after `name.` where `line` replaces `marker` in `source`, the cursor at the line's end. */
  const at = (source: string, line: string, name = 'self.args', marker = 'CURSOR') => {
    const text = source.replace(marker, line);
    return namespaceNamesAt(syntax, text, text.indexOf(line) + line.length, name)?.filter((n) => !n.startsWith('_'));
  };
  const edit = (from: string, to: string) => {
    assert.ok(TRAINER.includes(from), from);
    return TRAINER.replace(from, to);
  };

  it('follows the namespace from the class’s calls through __init__ to every method that reads it', () => {
    assert.deepEqual(at(TRAINER, 'x = self.args.'), NAMES);
    assert.deepEqual(at(TRAINER, 'x = self.args.ba'), NAMES);
    assert.deepEqual(at(TRAINER, 'x = self.args.', 'self.args', 'CURSOR_DECORATED'), NAMES);
    assert.deepEqual(at(edit('Trainer(args, torch.nn.Linear(2, 2))', 'Trainer(model=torch.nn.Linear(2, 2), args=args)'), 'x = self.args.'), NAMES);
    assert.deepEqual(at(edit('self.args = args\n', 'self.args: argparse.Namespace = args\n'), 'x = self.args.'), NAMES);
    // An argument line of a call not closed yet reads as for a name.
    assert.deepEqual(at(TRAINER, 'loss = step(self.model,\n                lr=self.args.'), NAMES);
    // The request asks the lookup for the chain before the dot.
    const text = TRAINER.replace('CURSOR', 'x = self.args.');
    const lookup = namespaceLookup(text, text.indexOf('x = self.args.') + 'x = self.args.'.length, syntax);
    assert.ok(lookup?.get('self.args')?.includes('batch_size'));
    assert.equal(lookup?.get('self.model'), undefined);
  });

  it('has no list where the attribute may hold something else, or the namespace may get names unseen', () => {
    assert.equal(at(TRAINER, 'x = self.model.', 'self.model'), undefined, 'not a namespace');
    assert.equal(at(TRAINER, 'x = self.args.', 'self.args', 'CURSOR_STATIC'), undefined, 'a static method’s first parameter is no instance');
    const cases: [string, string, string][] = [
      ['another value written on it', '        self.model = model\n', '        self.model = model\n        self.args = vars(args)\n'],
      ['written from outside the class', '    trainer.fit(None)', '    trainer.args = load_config()\n    trainer.fit(None)'],
      ['a class attribute', 'class Trainer:\n', 'class Trainer:\n    args = None\n'],
      ['a property of the name', '    def fit(self', '    @property\n    def args(self):\n        return 1\n\n    def fit(self'],
      ['__getattr__', '    def fit(self', '    def __getattr__(self, name):\n        return 1\n\n    def fit(self'],
      ['setattr by name', '    trainer.fit(None)', '    setattr(trainer, "args", 3)\n    trainer.fit(None)'],
      ['the instance’s __dict__', '        self.model = model\n', '        self.model = model\n        self.__dict__.update(kw)\n'],
      ['a tuple of targets', '        self.args = args\n', '        self.args, self.n = args, 1\n'],
      ['augmented', '        self.model = model\n', '        self.model = model\n        self.args += 1\n'],
      ['a subclass (its super().__init__ calls are not seen)', "\n\nif __name__", '\n\nclass Finetuner(Trainer):\n    pass\n\n\nif __name__'],
      ['the class handed on', '    trainer.fit(None)', '    trainer.fit(None)\n    registry.add(Trainer)'],
      ['a call that does not hand a namespace', '    trainer.fit(None)', '    trainer.fit(None)\n    Trainer(None, None)'],
      ['a decorated class', 'class Trainer:\n', '@register\nclass Trainer:\n'],
      ['a metaclass', 'class Trainer:\n', 'class Trainer(metaclass=Registry):\n'],
      ['`self` rebound where it is written', '        self.args = args\n', '        self = other\n        self.args = args\n'],
      ['`self` rebound in the method', '        for epoch in', '        self = other\n        for epoch in'],
      ['the attribute handed to another module', '        self.model = model\n', '        self.model = model\n        dist.setup(self.args)\n'],
      ['what it was given handed to another module', '        self.model = model\n', '        self.model = model\n        dist.setup(args)\n'],
    ];
    const method = (body: string): [string, string] => ['    def fit(self', `${body}\n\n    def fit(self`];
    const more: [string, string, string][] = [
      // Made otherwise than by `Trainer(…)`: what __init__ is given is not seen.
      ['a class method calling its class', ...method('    @classmethod\n    def from_yaml(cls, path):\n        return cls(load(path), None)')],
      ['type(self)(…)', ...method('    def clone(self):\n        return type(self)({}, self.model)')],
      ['__init__ called again', ...method('    def reset(self):\n        self.__init__({}, self.model)')],
      ['a name looked up in globals()', '    trainer.fit(None)', '    globals()["Trainer"]({}, None)'],
      // Bases: only object, nn.Module, or classes of the document that are plain too.
      ['a base from elsewhere', 'class Trainer:\n', 'class Trainer(BaseTrainer):\n'],
      ['a base of the document with a property of the name', 'class Trainer:\n', 'class Base:\n    @property\n    def args(self):\n        return {}\n\n\nclass Trainer(Base):\n'],
      ['a base of the document with a metaclass', 'class Trainer:\n', 'class Base(metaclass=Meta):\n    pass\n\n\nclass Trainer(Base):\n'],
      ['a class attribute bound by an import under try', 'class Trainer:\n', 'class Trainer:\n    try:\n        from defaults import args\n    except ImportError:\n        pass\n'],
      // Set or handed on otherwise.
      ['setattr with a name from a variable', ...method('    def load(self, state):\n        for k, v in state.items():\n            setattr(self, k, v)')],
      ['setattr with a name built', '    trainer.fit(None)', '    setattr(trainer, "ar" + "gs", 3)\n    trainer.fit(None)'],
      ['exec', '    trainer.fit(None)', '    exec("trainer.args = 3")\n    trainer.fit(None)'],
      ['del with another target', '    trainer.fit(None)', '    del trainer.model, trainer.args\n    trainer.fit(None)'],
      ['type(self).args = …', ...method('    def reset(self):\n        type(self).args = None')],
      ['the attribute of an instance handed on', '    trainer.fit(None)', '    utils.init_distributed_mode(trainer.args)\n    trainer.fit(None)'],
      ['the attribute handed on in a tuple', '        self.model = model\n', '        self.model = model\n        hooks.add((self.args, 1))\n'],
      ['the attribute kept under another name', '        self.model = model\n', '        self.model = model\n        self.config = self.args\n'],
      ['the namespace handed on before the class gets it', '    trainer = Trainer(', '    utils.init_distributed_mode(args)\n    trainer = Trainer('],
      ['an instance’s class replaced', '    trainer.fit(None)', '    trainer.__class__ = Other\n    trainer.fit(None)'],
    ];
    for (const [why, from, to] of [...cases, ...more]) assert.equal(at(edit(from, to), 'x = self.args.'), undefined, why);
    // Printed or logged, or given to a builder whose result is kept: still a list.
    const read = edit('        self.model = model\n', '        self.model = model\n        print(self.args)\n        self.net = build(self.args)\n');
    assert.ok(at(read, 'x = self.args.')?.includes('batch_size'));
    // Common and safe: another class initialising its base by name, `super(Trainer, self)`, a local alias
    // of the namespace, another class keeping a namespace of its own, a converter calling `type(v)(v)`.
    const safe = edit('        self.model = model\n', '        super(Trainer, self).__init__()\n        self.model = model\n') + '\n\nclass Net(torch.nn.Module):\n    def __init__(self, args):\n        torch.nn.Module.__init__(self)\n        self.args = args\n\n\ndef convert(v):\n    return type(v)(v)\n';
    assert.ok(at(safe.replace('CURSOR', 'args = self.args\n            x = self.args.'), 'x = self.args.')?.includes('batch_size'));
    assert.equal(at(TRAINER.replace('CURSOR', 'args = self.args\n            dist.setup(args)\n            x = self.args.'), 'x = self.args.'), undefined, 'an alias handed on');
    // Where the class gets the namespace itself (no parameter), its subclasses and the uses of its name count.
    const direct = TRAINER.replace('    def __init__(self, args, model):\n        self.args = args\n', '    def __init__(self, model):\n        self.args = options()\n')
      .replace('def main():\n    parser', 'def options():\n    parser')
      .replace('    args = parser.parse_args()\n    trainer = Trainer(args, ', '    return parser.parse_args()\n\n\ndef main():\n    trainer = Trainer(');
    assert.ok(at(direct, 'x = self.args.')?.includes('batch_size'));
    const sub = (body: string) => direct.replace('\n\nif __name__', `\n\nclass Sub(Trainer):\n${body}\n\n\nif __name__`);
    assert.ok(at(sub('    pass'), 'x = self.args.')?.includes('batch_size'), 'a plain subclass');
    const other = direct.replace('\n\nif __name__', '\n\nclass Loader:\n    def __init__(self):\n        self.args = {}\n\n\nif __name__');
    assert.ok(at(other, 'x = self.args.')?.includes('batch_size'), 'another class keeping its own `args`');
    const directCases: [string, string][] = [
      ['a subclass with a property of the name', sub('    @property\n    def args(self):\n        return {}')],
      ['a subclass writing something else', sub('    def reset(self):\n        self.args = 5')],
      ['a subclass with __getattribute__', sub('    def __getattribute__(self, name):\n        return 1')],
      ['a method called on another object', direct.replace('    trainer.fit(None)', '    Trainer.fit(fake, None)')],
      ['__getattribute__ patched in', direct.replace('    trainer.fit(None)', '    Trainer.__getattribute__ = lambda s, n: 1\n    trainer.fit(None)')],
      ['the class replaced by a wrapper', direct.replace('    trainer.fit(None)', '    Trainer = wrap(Trainer)\n    trainer.fit(None)')],
      ['another class’s method called on an instance', direct.replace('    trainer.fit(None)', '    Resetter.reset(trainer)\n    trainer.fit(None)').replace('\n\nif __name__', '\n\nclass Resetter:\n    def reset(self):\n        self.args = 5\n\n\nif __name__')],
    ];
    for (const [why, text] of directCases) assert.equal(at(text, 'x = self.args.'), undefined, why);
    // A base that is nn.Module, or a plain class of the document, keeps attributes as written.
    assert.ok(at(edit('class Trainer:\n', 'class Trainer(torch.nn.Module):\n'), 'x = self.args.')?.includes('batch_size'));
    assert.ok(at(edit('class Trainer:\n', 'class Base:\n    pass\n\n\nclass Trainer(Base):\n'), 'x = self.args.')?.includes('batch_size'));
    // A receiver named otherwise is read as written.
    assert.deepEqual(at(TRAINER.replaceAll('self', 'me'), 'x = me.args.', 'me.args'), NAMES);
  });
});

describe('argparse namespaces: a def’s defaults are read where the def stands', () => {
  let syntax: PythonSyntax;
  before(async () => {
    syntax = await PythonSyntax.load();
  });

  it('reads a default value in the scope around the def, not the def’s own parameters', () => {
    const doc = (def: string) => `import argparse


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--lr', type=float)
    args = parser.parse_args()
    ${def}


class Trainer:
    def __init__(self, args):
        self.args = args

    def fit(self, lr=self.args.CURSOR):
        pass


if __name__ == '__main__':
    main()
    Trainer(None)
`;
    const names = (text: string, typed: string, name: string) => namespaceNamesAt(syntax, text, text.indexOf(typed) + typed.length, name)?.filter((n) => !n.startsWith('_'));
    // `args` in main() is the namespace: a nested def's default reads it; its own parameter `args` is not one.
    const nested = doc('def step(args, lr=args.CURSOR):\n        pass').replace('self.args.CURSOR', 'self.args.lr');
    assert.deepEqual(names(nested.replace('args.CURSOR', 'args.'), 'lr=args.', 'args'), ['args', 'lr']);
    const inBody = doc('def step(args):\n        x = args.CURSOR').replace('self.args.CURSOR', 'self.args.lr');
    assert.equal(names(inBody.replace('args.CURSOR', 'args.'), 'x = args.', 'args'), undefined);
    // `self` in a method's default is no instance: it is not bound where the def stands.
    const method = doc('pass').replace('self.args.CURSOR', 'self.args.');
    assert.equal(names(method, 'lr=self.args.', 'self.args'), undefined);
  });
});
