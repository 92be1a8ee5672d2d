import * as assert from 'node:assert/strict';
import { PythonSyntax } from '../completion/pythonSyntax';
import { namespaceLookup, namespaceNamesAt } from './argparseNames';
import { dataOptions, optionNames } from './argparseOptions';
import { nameRuleAt } from '../completion/memberNames';

/** A training script as the field writes them: the parser at the end, the options read above it. */
const SCRIPT = `"""Train a jet tagger."""
import argparse

import torch


class Tagger(torch.nn.Module):
    def forward(self, *args):
        return args[0]


def train(args, model):
    loader = make_loader(args.data_dir, batch_size=args.batch_size)
    CURSOR_TRAIN
    for epoch in range(args.epochs):
        pass


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('data_dir')
    parser.add_argument('-b', '--batch-size', type=int, default=256)
    parser.add_argument('--lr', type=float, default=1e-3)
    parser.add_argument('-n', type=int, dest='epochs', default=10)
    parser.add_argument('-v', action='count', default=0)
    parser.add_argument('--amp', action=argparse.BooleanOptionalAction)
    parser.add_argument('--version', action='version', version='1.0')
    group = parser.add_argument_group('output')
    group.add_argument('-o', '--out-dir', default='runs')
    return parser.parse_args()


if __name__ == '__main__':
    train(parse_args(), Tagger())
`;

describe('argparse namespaces: after `args.`, the names the script’s options give', () => {
  let syntax: PythonSyntax;
  before(async () => {
    syntax = await PythonSyntax.load();
  });

  /** The names after `name.` where `line` replaces CURSOR_TRAIN in `source` (the cursor at its end). */
  const namesAt = (source: string, line: string, name: string, marker = 'CURSOR_TRAIN') => {
    const text = source.replace(marker, line);
    const offset = text.indexOf(line) + line.length;
    return namespaceNamesAt(syntax, text, offset, name);
  };
  const options = (source: string) => syntax.withTree(source, (root) => optionNames(root, source)?.filter((n) => !n.startsWith('_')));

  it('gives each option the name argparse does, with the namespace’s own and names set on it', () => {
    assert.deepEqual(options(SCRIPT), ['amp', 'batch_size', 'data_dir', 'epochs', 'lr', 'out_dir', 'v']);
    const names = namesAt(SCRIPT, 'x = args.ba', 'args')!;
    assert.ok(names.includes('batch_size') && names.includes('_get_kwargs') && names.includes('__dict__'));
    assert.ok(!names.includes('ba'), 'not the start being written at the cursor');
    const more = `${SCRIPT}\nparser = argparse.ArgumentParser()\nparser.set_defaults(func=train)\nsub = parser.add_subparsers(dest='command')\nargs = parser.parse_args()\nargs.device = 'cpu'\n`;
    assert.deepEqual(options(more)!.filter((n) => ['func', 'command', 'device'].includes(n)), ['command', 'device', 'func']);
    // A line left unfinished after a dot reads, to tree-sitter, as one assignment with the next line
    // (`n = events.jets = …`): no name set on anything; a backslash continues a line for real.
    assert.ok(!options(`${more}n = events.\njets = events[["Jet_Px"]]\n`)!.includes('jets'));
    assert.ok(options(`${more}args.\\\n    seed = 1\n`)!.includes('seed'));
    assert.ok(options(`${more}args.\\\r\n    seed = 1\r\n`)!.includes('seed'), 'Windows line ends');
  });

  it('lets no call follow an option that holds data, and lets one follow what may hold a function', () => {
    const data = (source: string) => [...(syntax.withTree(source, (root) => dataOptions(root, source)) ?? [])].sort();
    assert.deepEqual(data(SCRIPT), ['amp', 'batch_size', 'data_dir', 'epochs', 'lr', 'out_dir', 'v']);
    const head = 'import argparse\nimport torch\nparser = argparse.ArgumentParser()\n';
    const tail = 'args = parser.parse_args()\n';
    assert.deepEqual(data(`${head}parser.set_defaults(func=print)\nsub = parser.add_subparsers(dest="command")\n${tail}`), ['command'], 'set_defaults(func=…): a subcommand is run so');
    assert.deepEqual(data(`${head}parser.add_argument("--act", type=lambda s: getattr(torch.nn, s))\n${tail}`), [], 'a converter of its own');
    assert.deepEqual(data(`${head}parser.add_argument("--reduce", action="store_const", const=sum, default=max)\n${tail}`), [], 'functions as const and default');
    assert.deepEqual(data(`${head}parser.add_argument("--sizes", type=int, nargs="+", default=[64, -1])\nparser.add_argument("--path", type=pathlib.Path)\n${tail}`), ['path', 'sizes']);
    assert.deepEqual(data(`${head}parser.add_argument("--lr", type=float)\n${tail}args.lr = schedule\n`), [], 'assigned by the script');
    assert.deepEqual(data(`${head}parser.add_argument("--lr", action=MyAction)\n${tail}`), [], 'a custom action: the options are not all known');
    const text = SCRIPT.replace('CURSOR_TRAIN', 'x = args.');
    const lookup = namespaceLookup(text, text.indexOf('x = args.') + 9, syntax)!;
    const rule = nameRuleAt(lookup, '    x = args.')!;
    assert.ok(rule.allows('lr') && rule.allows('lr)') && !rule.allows('lr()') && !rule.allows('batch_size (') && rule.allows('_get_kwargs()'));
  });

  it('follows the namespace through a function that returns it and a parameter every call hands it', () => {
    assert.ok(namesAt(SCRIPT, 'x = args.', 'args'), 'train(args) called with parse_args()');
    const direct = SCRIPT.replace('    train(parse_args(), Tagger())', '    opts = parse_args()\n    train(model=Tagger(), args=opts)');
    assert.ok(namesAt(direct, 'x = args.', 'args'), 'by keyword, through a variable');
    const known = SCRIPT.replace('return parser.parse_args()', 'args, rest = parser.parse_known_args()\n    return args');
    assert.ok(namesAt(known, 'x = args.', 'args'), 'parse_known_args, the first of the pair');
    const subscript = SCRIPT.replace('return parser.parse_args()', 'return parser.parse_known_args()[0]');
    assert.ok(namesAt(subscript, 'x = args.', 'args'));
    const getter = SCRIPT.replace('return parser.parse_args()', 'return parser').replace('train(parse_args(), Tagger())', 'args = parse_args().parse_args()\n    train(args, Tagger())');
    assert.ok(namesAt(getter, 'x = args.', 'args'), 'a function that returns the parser');
    const imported = SCRIPT.replace('import argparse\n', 'import argparse\nfrom argparse import ArgumentParser\n').replace('argparse.ArgumentParser(description=__doc__)', 'ArgumentParser()');
    assert.ok(namesAt(imported, 'x = args.', 'args'));
    const module = SCRIPT.replace('    train(parse_args(), Tagger())', '    args = parse_args()\n    print(args.CURSOR_MAIN)');
    assert.ok(namesAt(module, 'lr', 'args', 'CURSOR_MAIN'), 'at the module level');
  });

  it('is no namespace where the name may hold something else there', () => {
    assert.equal(namesAt(SCRIPT, 'return args.', 'args', 'return args[0]'), undefined, 'a method’s *args');
    const cases: [string, string, string][] = [
      ['never called', '    train(parse_args(), Tagger())', '    pass'],
      ['handed something else', '    train(parse_args(), Tagger())', '    train(load_config(), Tagger())'],
      ['handed on, called where we cannot see', '    train(parse_args(), Tagger())', '    train(parse_args(), Tagger())\n    pool.map(train, [])'],
      ['rebound in the function', '    for epoch in range(args.epochs):', '    args = vars(args)\n    for epoch in range(args.epochs):'],
      ['a loop target', '    for epoch in range(args.epochs):', '    for args in runs:'],
      ['parsed into a namespace of the caller', 'return parser.parse_args()', 'return parser.parse_args(namespace=config)'],
      ['a pair, not a namespace', 'return parser.parse_args()', 'return parser.parse_known_args()'],
      ['a parser of another class', 'argparse.ArgumentParser(description=__doc__)', 'MyParser()'],
      ['ArgumentParser not from argparse', 'argparse.ArgumentParser(description=__doc__)', 'ArgumentParser()'],
      ['a function of that name defined twice', '\nif __name__', '\ndef train(args, model):\n    pass\n\n\nif __name__'],
    ];
    for (const [what, from, to] of cases) {
      const source = SCRIPT.replace(from, to);
      assert.notEqual(source, SCRIPT, what);
      assert.equal(namesAt(source, 'x = args.', 'args'), undefined, what);
    }
    const global = `import argparse\n\ndef setup():\n    global args\n    args = load()\n\n\nparser = argparse.ArgumentParser()\nargs = parser.parse_args()\nCURSOR_TRAIN\n`;
    assert.equal(namesAt(global, 'x = args.', 'args'), undefined, 'a global statement');
    const recursive = `import argparse\n\ndef get():\n    return get()\n\nargs = get()\nCURSOR_TRAIN\n`;
    assert.equal(namesAt(recursive, 'x = args.', 'args'), undefined, 'a function returning its own call');
  });

  it('is no namespace for what a review found read wrong', () => {
    const parser = "import argparse\n\nparser = argparse.ArgumentParser()\nparser.add_argument('--ckpt')\nparser.add_argument('--lr')\n";
    const bare = `${parser}\n\ndef load_model(path):\n    if not path:\n        return\n    return Net()\n\n\nargs = parser.parse_args()\nmodel = load_model(args.ckpt)\nCURSOR_TRAIN\n`;
    assert.equal(namesAt(bare, 'model.', 'model'), undefined, 'a function that may return nothing');
    const generator = `${parser}\n\ndef batches(args):\n    yield args\n    return parser.parse_args()\n\n\nfor b in batches(1):\n    CURSOR_TRAIN\n`;
    assert.equal(namesAt(generator.replace('for b in batches(1):', 'b = batches(1)\nif b:'), 'b.', 'b'), undefined, 'a generator');
    const comment = `${parser}\n\ndef train(model,  # the network\n          loader, args):\n    CURSOR_TRAIN\n\n\ntrain(net, get_loader(), parser.parse_args())\n`;
    assert.equal(namesAt(comment, 'x = loader.', 'loader'), undefined, 'a comment among the parameters');
    assert.ok(namesAt(comment, 'x = args.', 'args'));
    const imported = `${parser}\nargs = parser.parse_args()\n\n\ndef f():\n    import config as args\n    CURSOR_TRAIN\n`;
    assert.equal(namesAt(imported, 'x = args.', 'args'), undefined, 'an import binds it there');
    const fallback = `${parser}\ntry:\n    from local_settings import args\nexcept ImportError:\n    args = parser.parse_args()\nCURSOR_TRAIN\n`;
    assert.equal(namesAt(fallback, 'x = args.', 'args'), undefined, 'bound by an import too');
    const rebound = `${parser}\n\ndef get_args():\n    return parser.parse_args()\n\n\ndef main():\n    from lib import get_args\n    cfg = get_args()\n    CURSOR_TRAIN\n`;
    assert.equal(namesAt(rebound, 'x = cfg.', 'cfg'), undefined, 'the function’s name bound by an import elsewhere');
    let chain = `${parser}\n\ndef f0(args):\n    CURSOR_TRAIN\n\n\n`;
    for (let i = 1; i < 120; i++) chain += `def f${i}(args):\n    f${i - 1}(args)\n\n\n`;
    chain += 'f119(parser.parse_args())\n';
    assert.equal(namesAt(chain, 'x = args.', 'args'), undefined, 'a chain of functions too long to follow');
    // Each step up from a cursor inside 12 000 open brackets walked down from the root: 5 s per request.
    const nested = `${parser}args = parser.parse_args()\nx = ${'('.repeat(12_000)}CURSOR_TRAIN\n`;
    assert.equal(namesAt(nested, 'args.', 'args'), undefined, 'a cursor nested deeper than code is not read');
  });

  it('has no list where the parser or the namespace goes to code the script does not show', () => {
    const handed: [string, string, string][] = [
      ['a parser to another module', "    return parser.parse_args()", '    common.add_data_args(parser)\n    return parser.parse_args()'],
      ['a group to another module', "    return parser.parse_args()", '    add_io(group)\n    return parser.parse_args()'],
      ['the namespace to a call for its effect', '    train(parse_args(), Tagger())', '    args = parse_args()\n    utils.init_distributed_mode(args)\n    train(args, Tagger())'],
      ['the namespace parsed into', '    train(parse_args(), Tagger())', '    args = parse_args()\n    other.parse_args(rest, args)\n    train(args, Tagger())'],
      ['vars() kept', '    train(parse_args(), Tagger())', '    args = parse_args()\n    d = vars(args)\n    d.update(cfg)\n    train(args, Tagger())'],
      ['__dict__ kept', '    train(parse_args(), Tagger())', '    args = parse_args()\n    opt = args.__dict__\n    train(args, Tagger())'],
      ['__dict__ merged', '    train(parse_args(), Tagger())', '    args = parse_args()\n    args.__dict__ |= cfg\n    train(args, Tagger())'],
    ];
    for (const [what, from, to] of handed) {
      const source = SCRIPT.replace(from, to);
      assert.notEqual(source, SCRIPT, what);
      assert.equal(namesAt(source, 'x = args.', 'args'), undefined, what);
    }
    const viaHelper = SCRIPT.replace('def parse_args():', 'def add_all(p):\n    models.add_model_args(p)\n\n\ndef parse_args():').replace('    return parser.parse_args()', '    add_all(parser)\n    return parser.parse_args()');
    assert.equal(namesAt(viaHelper, 'x = args.', 'args'), undefined, 'a parser handed on by a function of the script');
    const setup = SCRIPT.replace('def parse_args():', 'def setup(cfg):\n    utils.init_distributed_mode(cfg)\n\n\ndef parse_args():').replace('    train(parse_args(), Tagger())', '    args = parse_args()\n    setup(args)\n    train(args, Tagger())');
    assert.equal(namesAt(setup, 'x = args.', 'args'), undefined, 'the namespace handed on by a function of the script');
    const local = SCRIPT.replace('def parse_args():', 'def add_io(p):\n    p.add_argument("--out")\n\n\ndef parse_args():').replace('    return parser.parse_args()', '    add_io(parser)\n    return parser.parse_args()');
    assert.ok(namesAt(local, 'x = args.', 'args')?.includes('out'), 'a function of the script that adds options');
    const read = SCRIPT.replace('    train(parse_args(), Tagger())', '    args = parse_args()\n    print(args)\n    logger.info(args)\n    model = build_model(args)\n    train(args, model)');
    assert.ok(namesAt(read, 'x = args.', 'args'), 'printed, logged, given to a builder whose result is kept');
  });

  it('reads the line being written as if its brackets were closed', () => {
    for (const typed of ['args.b', 'args.']) {
      const line = `dataset = Dataset(args.data_dir, limit=${typed}`;
      const text = SCRIPT.replace('CURSOR_TRAIN', line);
      const offset = text.indexOf(line) + line.length;
      assert.ok(namespaceNamesAt(syntax, text, offset, 'args')?.includes('batch_size'), typed);
    }
  });

  it('reads an argument line of a call opened above and closed nowhere below as if the call were closed', () => {
    const at = (call: string, typed: string, after = '') => {
      const before = `${call}\n        ${typed}`;
      const text = SCRIPT.replace('CURSOR_TRAIN', before + after);
      return namespaceNamesAt(syntax, text, text.indexOf(before) + before.length, 'args')?.filter((n) => !n.startsWith('_'));
    };
    const names = ['amp', 'batch_size', 'data_dir', 'epochs', 'lr', 'out_dir', 'v'];
    // Auto-closed as an editor does: `)` on the line below.
    assert.deepEqual(at('loader = make_loader(ds,', 'batch_size=args.', '\n    )'), names);
    // Not closed: the rest of the function would be arguments of the call.
    assert.deepEqual(at('loader = make_loader(ds,', 'batch_size=args.'), names);
    assert.deepEqual(at('loader = make_loader(ds,', 'batch_size=args.ba'), names);
    assert.deepEqual(at('opt = make(model.parameters(), sched=dict(\n        warmup=3,', 'lr=args.'), names);
    assert.deepEqual(at('text = """a ( in a string\n""" + str(', 'args.'), names);
    // The statement's start is still read by Python's scopes: at module level `args` is not bound.
    const top = SCRIPT.replace('\n\ndef parse_args', '\n\nloader = make_loader(ds,\n    batch_size=args.\n\ndef parse_args');
    assert.equal(namespaceNamesAt(syntax, top, top.indexOf('batch_size=args.') + 'batch_size=args.'.length, 'args'), undefined);
  });

  it('has no list where names may come from what the script does not show', () => {
    const cases: [string, string, string][] = [
      ['options from a list', "parser.add_argument('--lr', type=float, default=1e-3)", 'parser.add_argument(*LR_FLAGS, type=float)'],
      ['a flag from a variable', "parser.add_argument('--lr', type=float, default=1e-3)", 'parser.add_argument(LR_FLAG, type=float)'],
      ['an f-string flag', "parser.add_argument('--lr', type=float, default=1e-3)", "parser.add_argument(f'--{name}')"],
      ['a custom action', "parser.add_argument('--lr', type=float, default=1e-3)", "parser.add_argument('--lr', action=LoadConfig)"],
      ['a parent parser', 'argparse.ArgumentParser(description=__doc__)', 'argparse.ArgumentParser(parents=[base])'],
      ['another prefix', 'argparse.ArgumentParser(description=__doc__)', "argparse.ArgumentParser(prefix_chars='+')"],
      ['keyword arguments unpacked', 'argparse.ArgumentParser(description=__doc__)', 'argparse.ArgumentParser(**settings)'],
      ['setattr', 'return parser.parse_args()', 'args = parser.parse_args()\n    setattr(args, key, value)\n    return args'],
      ['vars().update', 'return parser.parse_args()', 'args = parser.parse_args()\n    vars(args).update(config)\n    return args'],
      ['__dict__.update', 'return parser.parse_args()', 'args = parser.parse_args()\n    args.__dict__.update(config)\n    return args'],
      ['add_argument taken without a call', 'return parser.parse_args()', 'add = parser.add_argument\n    add("--seed")\n    return parser.parse_args()'],
      ['a name beyond ASCII', "parser.add_argument('--lr', type=float, default=1e-3)", "parser.add_argument('--lr', dest='η')"],
    ];
    for (const [what, from, to] of cases) {
      const source = SCRIPT.replace(from, to);
      assert.notEqual(source, SCRIPT, what);
      assert.equal(options(source), undefined, what);
    }
    // Not these: pathlib's parents=, setattr on self, a comment, a string.
    const fine = `${SCRIPT}\nPath(out).mkdir(parents=True)\nsetattr(self, name, layer)\n# parser.add_argument(*flags)\nprint("parser.add_argument(x)")\n`;
    assert.ok(options(fine));
  });

  it('counts names the script reads on the namespace already', () => {
    const source = SCRIPT.replace('    train(parse_args(), Tagger())', '    args = parse_args()\n    model = build_model(args)\n    torch.cuda.set_device(args.gpu)\n    train(args, model)');
    assert.ok(namesAt(source, 'x = args.', 'args')!.includes('gpu'));
  });

  it('is asked only in a document that parses, for the name at the cursor and those the document reads options on', () => {
    assert.equal(namespaceLookup('import os\nargs = os.environ\nx = args.', 30, syntax), undefined);
    const text = SCRIPT.replace('CURSOR_TRAIN', 'x = args.');
    const offset = text.indexOf('x = args.') + 'x = args.'.length;
    let reads = 0;
    const counting = { withTree: <T>(t: string, use: (root: Parameters<Parameters<PythonSyntax['withTree']>[1]>[0]) => T) => (reads++, syntax.withTree(t, use)) };
    const lookup = namespaceLookup(text, offset, counting)!;
    assert.ok(lookup.get('args')?.includes('lr'));
    assert.equal(lookup.get('args.lr'), undefined);
    assert.equal(lookup.get('loader'), undefined);
    assert.equal(lookup.get('model'), undefined);
    lookup.get('args');
    assert.equal(reads, 1, 'args once; names that are not before the cursor\'s dot and never have an option read on them are not read');
    const opts = `${text}\nopts = parse_args()\nprint(opts.lr)\n`;
    assert.ok(namespaceLookup(opts, offset, syntax)!.get('opts')?.includes('batch_size'), 'a name an option is read on elsewhere');
  });

  it('places a cursor after a dot that leaves the code around it broken', () => {
    const broken = 'def train(args, model):\n    loader = f(args.data_dir)\n    x = args.\n    for e in range(3):\n        pass\n\n\nif __name__ == "__main__":\n    parser = argparse.ArgumentParser()\n    parser.add_argument("--data-dir")\n    train(parser.parse_args(), None)\n';
    const offset = broken.indexOf('x = args.') + 'x = args.'.length;
    assert.deepEqual(namespaceNamesAt(syntax, broken, offset, 'args')?.filter((n) => !n.startsWith('_')), ['data_dir']);
    const header = broken.replace('    x = args.\n    for e in range(3):\n        pass\n', '    if args.\n');
    assert.ok(namespaceNamesAt(syntax, header, header.indexOf('if args.') + 'if args.'.length, 'args'), 'a block header being written');
  });
});
