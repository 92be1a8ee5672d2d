// The default code model as shipped in models/code-model/: it loads the way any user model loads,
// and its int8 decoder, run by onnxruntime, agrees with the fp32 PyTorch model it was exported from
// (export-check.json, written by models/train/export.py).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CodeTokenizer } from '../server/completion/codeTokenizer';
import { detectFim } from '../server/completion/fimTemplates';
import { readDecoderConfig } from '../server/completion/modelConfig';
import { findModelFiles } from '../server/completion/modelFiles';
import { OnnxDecoder } from '../server/completion/onnxDecoder';

const DIR = path.join(__dirname, 'code-model');

interface CheckCase {
  prompt: number[];
  greedy: number[];
  top_ids: number[];
  top_logits: number[];
}

describe('the shipped default code model', function () {
  this.timeout(30_000);
  const files = findModelFiles(DIR, 'auto');
  const config = readDecoderConfig(files.config);
  let decoder: OnnxDecoder;
  before(async () => {
    decoder = await OnnxDecoder.load(files.onnx, config, 1);
  });
  after(async () => decoder?.dispose());

  it('is found in the Optimum layout as int8, with a 1024-token context and suffix-prefix-middle prompts', () => {
    assert.equal(files.dtype, 'int8');
    assert.equal(config.maxPositions, 1024);
    assert.equal(config.fimOrder, 'spm');
    // The typing budget's cap on the default model (its card): it ships inside the .vsix (< 70 MB).
    assert.ok(files.bytes <= 48 * 1024 * 1024, `${files.bytes} bytes: small enough to ship in the .vsix`);
  });

  it("has a tokenizer with StarCoder's FIM tokens that encodes finished lines once", () => {
    const tokenizer = CodeTokenizer.load(files.tokenizer, files.tokenizerConfig);
    assert.equal(detectFim(tokenizer)?.family, 'starcoder');
    assert.equal(tokenizer.splitsAtLineEnds(), true);
    const text = 'class Net(nn.Module):\n    def forward(self, x):\n        return self.fc(x)  # 中文\n';
    assert.equal(tokenizer.decode(tokenizer.encode(text)), text);
  });

  const check = JSON.parse(readFileSync(path.join(DIR, 'export-check.json'), 'utf8')) as { cases: CheckCase[] };
  for (const [i, c] of check.cases.entries()) {
    it(`int8 logits agree with PyTorch's fp32 model (reference prompt ${i + 1})`, async () => {
      const { lastLogits } = await decoder.forward(decoder.emptyState(), c.prompt);
      let best = 0;
      for (let v = 1; v < lastLogits.length; v++) if (lastLogits[v] > lastLogits[best]) best = v;
      // The same most likely next token — unless fp32 itself nearly ties it with another (logits
      // within 0.1), where int8's rounding may pick either of the two.
      const fp32Logit = c.top_logits[c.top_ids.indexOf(best)];
      assert.ok(
        best === c.top_ids[0] || (fp32Logit !== undefined && c.top_logits[0] - fp32Logit < 0.1),
        `int8's most likely next token ${best} is fp32's (${c.top_ids[0]}) or a near-tie with it`,
      );
      const diffs = c.top_ids.map((id, k) => Math.abs(lastLogits[id] - c.top_logits[k]));
      const mean = diffs.reduce((s, d) => s + d, 0) / diffs.length;
      assert.ok(mean < 0.25, `mean |int8 - fp32| over the top 20 logits is ${mean.toFixed(3)}`);
    });
  }
});
