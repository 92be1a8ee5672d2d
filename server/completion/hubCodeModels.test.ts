// The hub's code models (hub/catalog.json, task code-completion) download as model folders that the
// engine's own lookup loads: the ONNX file the catalog lists is the one it picks.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseCatalog } from '../../core/hub/catalog';
import { completionModelDir, destinationOf, modelTargets } from '../../core/hub/hubTargets';
import { findModelFiles } from './modelFiles';

describe("the hub's code models as the engine finds them", () => {
  const catalog = parseCatalog(readFileSync(path.join(__dirname, '..', '..', 'hub', 'catalog.json'), 'utf8'), 'built-in');
  const codeModels = catalog.models.filter((x) => x.completion);
  it('lists code models at all', () => assert.ok(codeModels.length >= 2));
  for (const m of codeModels) {
    it(`picks the listed int8 file in the downloaded folder of ${m.id}`, () => {
      const root = mkdtempSync(path.join(os.tmpdir(), 'hai-code-model-'));
      try {
        for (const t of modelTargets(m)) {
          const dest = destinationOf(t, root);
          mkdirSync(path.dirname(dest), { recursive: true });
          writeFileSync(dest, '{}');
        }
        const found = findModelFiles(completionModelDir(m, root), 'auto');
        const onnx = modelTargets(m).find((t) => t.file.folder === 'onnx')!;
        assert.equal(found.dtype, 'int8');
        assert.equal(found.onnx, destinationOf(onnx, root));
        assert.equal(found.tokenizer, path.join(completionModelDir(m, root), 'tokenizer.json'));
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    });
  }
});
