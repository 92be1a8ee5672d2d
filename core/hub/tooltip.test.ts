// Hover text of hub entries: catalog text is shown as text, never as markdown or HTML, so a hub
// cannot make the tooltip load a remote image or show a link of its own.
import * as assert from 'node:assert/strict';
import { datasetTooltip, escapeMarkdown, modelTooltip } from './tooltip';

const HOSTILE = [
  '![tracker](https://evil.example/pixel.png?u=1)',
  '<img src="https://evil.example/a.png"> <a href="command:workbench.action.terminal.new">click</a>',
  '[run](command:hai.downloadFromHub) and [x](vscode:extension/evil) and <https://evil.example/x.png>',
  '# Heading\n\n- item\n1. one\n> quote\n```\ncode\n```\n| a | b |\n|---|---|\n$(zap) \\*not bold\\*',
  '&lt;img src=x&gt; &#60;b&#62; www.evil.example/x.png',
  '__proto__ `tick` ~strike~ *a* _b_ {c} =d',
];

/** Reads escaped text back: a backslash makes the next character literal. Fails on any unescaped ASCII punctuation. */
function readBack(md: string): string {
  let out = '';
  for (let i = 0; i < md.length; i++) {
    const ch = md[i];
    if (ch === '\\') {
      assert.match(md[i + 1] ?? '', /[!-/:-@[-`{-~]/, `a backslash escapes punctuation at ${i}`);
      out += md[++i];
    } else {
      assert.doesNotMatch(ch, /[!-/:-@[-`{-~]/, `unescaped ${JSON.stringify(ch)} at ${i} of ${JSON.stringify(md)}`);
      out += ch;
    }
  }
  return out;
}

describe('hub tooltips', () => {
  it('escapes every markdown and HTML character of catalog text, and the text reads back unchanged', () => {
    for (const text of HOSTILE) assert.equal(readBack(escapeMarkdown(text)), text);
  });

  it('shows a model as its bold name and its description, with nothing of the catalog as markup', () => {
    for (const evil of HOSTILE) {
      const md = modelTooltip({ name: `ParT ${evil}`, description: evil });
      const [name, ...rest] = md.split('\n\n');
      assert.ok(name.startsWith('**') && name.endsWith('**'), 'the name is bold');
      assert.equal(readBack(name.slice(2, -2)), `ParT ${evil}`.replace(/\s+/g, ' '), 'the name on one line');
      assert.equal(readBack(rest.join('\n\n')), evil);
      assert.doesNotMatch(md, /(^|[^\\])(!\[|<img|\]\()/);
    }
  });

  it('shows a dataset with its version, escaped the same way', () => {
    assert.equal(datasetTooltip({ name: 'JetClass', version: '1.0', description: 'Jets: 100M.' }), '**JetClass** \\(1\\.0\\)\n\nJets\\: 100M\\.');
    const md = datasetTooltip({ name: '<b>x</b>', description: HOSTILE[0] });
    assert.equal(md, '**\\<b\\>x\\<\\/b\\>**\n\n' + escapeMarkdown(HOSTILE[0]));
  });
});
