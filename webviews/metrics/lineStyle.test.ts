import * as assert from 'node:assert/strict';
import { lineStyle, RunColours, runColour } from './lineStyle';

describe('metrics view colours', () => {
  it('draws every curve of a run in its swatch colour when several runs are shown, metrics told apart by dash', () => {
    // Runs 1 and 4 of the list ticked, each with train_loss and val_loss.
    for (const run of [1, 4]) {
      const styles = [0, 1].map((metric) => lineStyle(run, metric, true));
      assert.deepEqual(styles.map((s) => s.stroke), [runColour(run), runColour(run)]);
      assert.equal(styles[0].dash, undefined);
      assert.ok(styles[1].dash && styles[1].dash.length > 0);
    }
    assert.notEqual(runColour(1), runColour(4));
    // Ultralytics logs six losses: six different lines of one run.
    const six = [0, 1, 2, 3, 4, 5].map((metric) => JSON.stringify(lineStyle(1, metric, true).dash ?? []));
    assert.equal(new Set(six).size, 6);
  });

  it('tells one run\'s metrics apart by colour, the first in its swatch colour', () => {
    const styles = [0, 1, 2].map((metric) => lineStyle(2, metric, false));
    assert.equal(styles[0].stroke, runColour(2));
    assert.equal(new Set(styles.map((s) => s.stroke)).size, 3);
    assert.ok(styles.every((s) => s.dash === undefined));
  });

  it('keeps a ticked run\'s colour when other runs come and go, and gives a newly ticked run a colour none shown has', () => {
    const colours = new RunColours();
    colours.update(['job-a', 'logs:/r/1']);
    const a = colours.slot('job-a');
    const r1 = colours.slot('logs:/r/1');
    assert.notEqual(a, r1);
    // A new job appears above the log folder's run in the list and is ticked: the others keep theirs.
    colours.update(['job-a', 'logs:/r/1', 'job-b']);
    assert.equal(colours.slot('job-a'), a);
    assert.equal(colours.slot('logs:/r/1'), r1);
    assert.equal(new Set([a, r1, colours.slot('job-b')]).size, 3);
    // Unticking frees a colour for the next run ticked; an unticked run has none.
    colours.update(['logs:/r/1', 'job-b']);
    assert.equal(colours.slot('job-a'), undefined);
    colours.update(['logs:/r/1', 'job-b', 'job-c']);
    assert.equal(colours.slot('job-c'), a);
    assert.equal(colours.slot('logs:/r/1'), r1);
    // Ticked again, a run gets its own colour back when it is free; else the first free one.
    colours.update(['logs:/r/1', 'job-c']);
    colours.update(['logs:/r/1', 'job-c', 'job-b']);
    assert.equal(colours.slot('job-b'), 2);
    colours.update(['logs:/r/1', 'job-b']);
    colours.update(['logs:/r/1', 'job-b', 'job-a']);
    assert.equal(colours.slot('job-a'), a);
  });
});
