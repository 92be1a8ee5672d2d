import * as assert from 'node:assert/strict';
import { type MemberLookup, memberNames, nameRuleAt } from './memberNames';

const members = memberNames(
  new Map([
    ['clusters', new Set(['merge_neighbouring_cells', 'merge_seeds', 'Cluster', 'SEED_THRESHOLD', '__file__'])],
    ['jets.model', new Set(['ParticleNet', 'build'])],
    ['accents', new Set(['café'])],
  ]),
);

describe('names of the project’s modules after `module.`', () => {
  it('keeps text after `module.` to the names the module has, whole or begun', () => {
    const rule = nameRuleAt(members, '    e = clusters.merge_')!;
    assert.equal(rule.complete, false);
    assert.ok(rule.allows('neigh'));
    assert.ok(rule.allows('seeds'));
    assert.ok(rule.allows('seeds('));
    assert.ok(rule.allows('neighbouring_cells(event)'));
    assert.ok(!rule.allows('cells'));
    assert.ok(!rule.allows('seed('), 'a name cut short is not one of the module');
    assert.ok(!rule.allows('seedsx'));
    assert.ok(!rule.allows(' '));
    assert.ok(!rule.allows('\n'));
  });

  it('lets the text go on once the name is whole', () => {
    const rule = nameRuleAt(members, 'c = clusters.Cluster')!;
    assert.equal(rule.complete, true);
    assert.ok(rule.allows('('));
    assert.ok(rule.allows('.energy'));
    assert.ok(rule.allows('\n'));
    assert.equal(nameRuleAt(members, 'c = clusters.Cluster('), undefined);
  });

  it('lets no call follow a name that holds data (an awkward array\'s field), and lets one follow a method', () => {
    const lookup: MemberLookup = { get: (chain) => (chain === 'events' ? ['NJet', 'NPrimaryVertices', 'show'] : undefined), uncallable: (chain) => (chain === 'events' ? new Set(['NJet', 'NPrimaryVertices']) : undefined) };
    const whole = nameRuleAt(lookup, 'n = events.NPrimaryVertices')!;
    assert.ok(!whole.allows('(events)') && !whole.allows(' ('));
    assert.ok(whole.allows(')') && whole.allows(' > 1') && whole.allows('\n'));
    const begun = nameRuleAt(lookup, 'n = events.NPrimaryV')!;
    assert.ok(begun.allows('ertices') && begun.allows('ertices)') && !begun.allows('ertices('));
    const dot = nameRuleAt(lookup, 'n = events.')!;
    assert.ok(dot.allows('NJet') && !dot.allows('NJet(') && dot.allows('show('));
    const before = nameRuleAt(lookup, 'n = events')!;
    assert.ok(before.allows('.NJet)') && !before.allows('.NJet('));
    // A call in two tokens: the blank, then the bracket.
    assert.ok(whole.allows(' '));
    const spaced = nameRuleAt(lookup, 'n = events.NPrimaryVertices ')!;
    assert.ok(!spaced.allows('(') && !spaced.allows('  (') && spaced.allows('> 1') && spaced.allows('+ 1'));
    assert.ok(nameRuleAt(lookup, 'n = events.show ')?.allows('(') ?? true, 'a method may be called');
  });

  it('leaves out a column another argument of the call, list or dict takes already', () => {
    const lookup: MemberLookup = {
      get: (chain) => (chain === 'events' ? ['MET_px', 'MET_py', 'show'] : chain === 'args' ? ['hidden', 'out'] : undefined),
      columns: (chain) => (chain === 'events' ? new Set(['MET_px', 'MET_py']) : undefined),
    };
    const second = nameRuleAt(lookup, 'met = np.hypot(events.MET_px, events.MET_p')!;
    assert.ok(second.allows('y') && second.allows('y)') && !second.allows('x') && !second.allows('x)'), '`MET_px` twice computes nothing');
    assert.ok(nameRuleAt(lookup, 'met = np.hypot(events.MET_px, events.')!.allows('MET_py'));
    assert.ok(!nameRuleAt(lookup, 'met = np.hypot(events.MET_px, events')!.allows('.MET_px'), 'a token that brings the dot');
    assert.ok(nameRuleAt(lookup, 'met = np.hypot(events.MET_px + 1, events.MET_p')!.allows('x'), 'an expression of it is another value');
    assert.ok(nameRuleAt(lookup, 'm = ak.cartesian([events.MET_px, events.MET_p')!.allows('x'), 'a call that pairs an array with itself');
    assert.ok(nameRuleAt(lookup, 'layer = nn.Linear(args.hidden, args.')!.allows('hidden'), 'a config value, no column, may go twice');
    assert.equal(nameRuleAt(lookup, 'met = np.hypot(events.MET_px, events.MET_px'), undefined, 'the user wrote it twice: the text is free');
    // A call written over lines: its earlier arguments are in the lines above, from the one where it opened.
    const opened = () => 'met = np.hypot(\n    events.MET_px,\n';
    assert.ok(!nameRuleAt(lookup, '    events.MET_p', opened)!.allows('x'));
    assert.ok(nameRuleAt(lookup, '    events.MET_p', () => '')!.allows('x'), 'outside that call nothing is taken');
    // The suggestion's own lines: a second argument it writes below the cursor's line.
    assert.ok(!nameRuleAt(lookup, 'met = np.hypot(\n    events.MET_px,\n    events.MET_p')!.allows('x'));
  });

  it('starts at the dot, for dotted modules too', () => {
    const rule = nameRuleAt(members, 'net = jets.model.')!;
    assert.ok(rule.allows('Part'));
    assert.ok(rule.allows('build('));
    assert.ok(!rule.allows('('));
    assert.ok(!rule.allows('Transformer'));
    assert.equal(nameRuleAt(members, 'x = clusters.')!.allows('__file__'), true);
  });

  it('leaves text free elsewhere', () => {
    assert.equal(nameRuleAt(members, 'x = merge_'), undefined, 'no module before it');
    assert.equal(nameRuleAt(members, 'x = other.merge_'), undefined, 'not a module of the project');
    assert.equal(nameRuleAt(members, 'x = self.clusters.'), undefined, 'an attribute named like the module');
    assert.equal(nameRuleAt(members, 'x = f().clusters.'), undefined, 'an attribute of a call named like the module');
    assert.equal(nameRuleAt(members, 'x = y[0].clusters.'), undefined, 'an attribute of an item named like the module');
    assert.equal(nameRuleAt(members, 'x = model.'), undefined, 'half of a dotted module');
    assert.equal(nameRuleAt(members, 'x = clusters.new_'), undefined, 'a name the module does not have yet');
    assert.equal(nameRuleAt(members, 'x = 1 # see clusters.'), undefined, 'in a comment');
    assert.equal(nameRuleAt(members, 'print("clusters.'), undefined, 'in a string');
    assert.equal(nameRuleAt(members, "print('''clusters."), undefined, 'in a triple-quoted string');
    assert.equal(nameRuleAt(members, 'x = accents.caf'), undefined, 'a module with names beyond ASCII');
  });

  it('right after the module, lets a token bring the dot only with a start of one of its names', () => {
    const rule = nameRuleAt(members, 'e = clusters')!;
    assert.equal(rule.complete, true);
    assert.ok(rule.allows('.'));
    assert.ok(rule.allows('.merge'));
    assert.ok(rule.allows('.Cluster('));
    assert.ok(!rule.allows('.shape'));
    assert.ok(rule.allows('_v2'), 'another name that begins like it');
    assert.ok(rule.allows(')'));
  });

  it('reads strings across the lines a suggestion writes: prose in a docstring it opened is free', () => {
    assert.equal(nameRuleAt(members, 'def merge(event):\n    """Groups cells into clusters.'), undefined);
    assert.equal(nameRuleAt(members, 'x = 1  # comment\ny = clusters.')?.complete, false, 'a comment ends with its line');
    assert.equal(nameRuleAt(members, 'x = "unclosed\ny = clusters.')?.complete, false, 'a one-quote string ends with its line');
    assert.ok(nameRuleAt(members, 's = """a\nb"""\ny = clusters.'), 'a closed docstring');
  });

  it('leaves text free once the line or the suggestion binds the module\'s name to something else', () => {
    assert.equal(nameRuleAt(members, 'sizes = [clusters.size for clusters in groups] + [clusters.'), undefined);
    assert.equal(nameRuleAt(members, 'for clusters in loader:\n    clusters.'), undefined);
    assert.equal(nameRuleAt(members, 'with open(p) as clusters:\n    clusters.'), undefined);
    assert.equal(nameRuleAt(members, 'f = lambda clusters: clusters.'), undefined);
    assert.equal(nameRuleAt(members, 'def merge(event, clusters):\n    return clusters.'), undefined);
    assert.equal(nameRuleAt(members, 'clusters = load()\nclusters.'), undefined);
    assert.ok(nameRuleAt(members, 'if clusters == other: x = clusters.'), 'a comparison binds nothing');
    assert.ok(nameRuleAt(members, 'for c in clusters.'), 'a loop over the module\'s attribute');
    assert.ok(nameRuleAt(members, 'out = [f(c) for c in clusters.seeds() for s in clusters.'), 'the module in a loop\'s iterables, after the first `in`');
    assert.equal(nameRuleAt(members, 'out = [x for x in a for i, clusters in b] + [clusters.'), undefined, 'the second loop binds it');
  });

  it('reads strings and comments before the module on the line', () => {
    assert.ok(nameRuleAt(members, 'x = f("a#b", \'c\') + clusters.'));
    assert.ok(nameRuleAt(members, 'x = "a \\" b" + clusters.'));
    assert.ok(nameRuleAt(members, 'x = """doc""" + clusters.'));
  });
});
