// The first cell of the notebook tests (LSP and e2e): a class with a distinctive name, so that a
// suggestion in the next cell shows whether the completion saw this cell.
export const JET_TAGGER_CELL = [
  'import torch',
  'import torch.nn as nn',
  '',
  'class JetTaggerNet(nn.Module):',
  '    def __init__(self, n_features):',
  '        super().__init__()',
  '        self.fc = nn.Linear(n_features, 2)',
  '',
  '    def forward(self, x):',
  '        return self.fc(x)',
  '',
].join('\n');
