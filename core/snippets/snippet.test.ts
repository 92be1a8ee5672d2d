// What a snippet's completion item documents, and which name an import binds.
import * as assert from 'node:assert/strict';
import { boundName, type Snippet, snippetMarkdown } from './snippet';

const SE: Snippet = {
  id: 'se-block',
  prefix: 'se-block',
  title: 'Squeeze-and-Excitation block',
  group: 'attention',
  language: 'python',
  context: 'module',
  explanation: 'Re-weights the channels of a feature map.',
  shapes: { input: 'x: (N, C, H, W)', output: '(N, C, H, W)' },
  imports: ['torch', 'torch.nn as nn'],
  paper: { title: 'Squeeze-and-Excitation Networks', arxiv: '1709.01507' },
  body: ['class ${1:SEBlock}(nn.Module):', '    pass'],
  test: { construct: 'SEBlock()', inputs: [], outputShapes: [[1]] },
};

describe('snippet metadata', () => {
  it('documents the explanation, shapes, imports and paper link', () => {
    const md = snippetMarkdown(SE);
    assert.match(md, /^Re-weights the channels/);
    assert.match(md, /- \*\*Input:\*\* x: \(N, C, H, W\)/);
    assert.match(md, /- \*\*Imports:\*\* `import torch`, `import torch\.nn as nn`/);
    assert.match(md, /\[Squeeze-and-Excitation Networks\]\(https:\/\/arxiv\.org\/abs\/1709\.01507\) \(arXiv:1709\.01507\)/);
  });

  it('labels the documentation in Chinese for a zh-cn editor', () => {
    const md = snippetMarkdown(SE, 'zh-cn');
    assert.match(md, /\*\*输入:\*\*/);
    assert.match(md, /\*\*论文:\*\*/);
  });

  it('knows the name each import binds', () => {
    assert.equal(boundName('torch'), 'torch');
    assert.equal(boundName('torch.nn as nn'), 'nn');
    assert.equal(boundName('torch.nn.functional as F'), 'F');
    assert.equal(boundName('os.path'), 'os');
  });
});
