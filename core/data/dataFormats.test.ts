import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DATA_FILE_GLOBS, dataFormatOf } from './dataFormats';
import { SETTINGS } from '../protocol/settings';

describe('dataFormatOf', () => {
  it('recognises the formats HAI reads, case-insensitively', () => {
    assert.equal(dataFormatOf('/data/JetClass_TTBar_000.root'), 'root');
    assert.equal(dataFormatOf('frames.H5'), 'hdf5');
    assert.equal(dataFormatOf('scan.hdf5'), 'hdf5');
    assert.equal(dataFormatOf('jets.parquet'), 'parquet');
    assert.equal(dataFormatOf('weights.npz'), 'npz');
    assert.equal(dataFormatOf('part_deta.NPY'), 'npy');
    assert.equal(dataFormatOf('jet_tagger.pt'), 'torch');
    assert.equal(dataFormatOf('best_model.pth'), 'torch');
    assert.equal(dataFormatOf('lightning_logs/version_0/checkpoints/epoch=9-step=100.ckpt'), 'torch');
    assert.equal(dataFormatOf('model-00001-of-00002.safetensors'), 'safetensors');
    // Hugging Face's torch.save files, by their names only.
    assert.equal(dataFormatOf('/models/bert/pytorch_model.bin'), 'torch');
    assert.equal(dataFormatOf('pytorch_model-00002-of-00003.bin'), 'torch');
    assert.equal(dataFormatOf('unet/diffusion_pytorch_model.bin'), 'torch');
    assert.equal(dataFormatOf('C:\\runs\\lora\\adapter_model.bin'), 'torch');
    assert.equal(dataFormatOf('checkpoint-500/training_args.bin'), 'torch');
  });
  it('leaves other .bin files alone: raw detector data is .bin too', () => {
    assert.equal(dataFormatOf('run_0042/daq_000.bin'), undefined);
    assert.equal(dataFormatOf('model.bin'), undefined);
    assert.equal(dataFormatOf('pytorch_model.bin/readme'), undefined);
  });
  it("is what package.json claims: the Data view's default glob, the explorer's file patterns and the Explorer menu", () => {
    const pkg = JSON.parse(readFileSync(path.resolve(__dirname, '..', '..', 'package.json'), 'utf8'));
    const include = `**/{${DATA_FILE_GLOBS.join(',')}}`;
    assert.equal(pkg.contributes.configuration.properties['hai.data.include'].default, include);
    assert.equal(SETTINGS['hai.data.include'].default, include);
    const editor = pkg.contributes.customEditors.find((e: { viewType: string }) => e.viewType === 'hai.dataExplorer');
    assert.deepEqual(editor.selector.map((s: { filenamePattern: string }) => s.filenamePattern).sort(), [...DATA_FILE_GLOBS].sort());
    // The menu's when clause, as VS Code evaluates it: the extension, or the whole name for the .bin files.
    const when: string = pkg.contributes.menus['explorer/context'].find((m: { command: string }) => m.command === 'hai.openDataExplorer').when;
    const [ext, name] = [...when.matchAll(/=~ \/(.+?)\/i/g)].map((m) => new RegExp(m[1], 'i'));
    for (const file of ['a.root', 'b.H5', 'c.safetensors', 'pytorch_model-00001-of-00002.bin', 'adapter_model.bin', 'training_args.bin', 'daq.bin', 'notes.txt']) {
      const shown = ext.test(path.extname(file)) || name.test(file);
      assert.equal(shown, dataFormatOf(file) !== undefined, file);
    }
  });
  it('rejects other files, names without an extension and dots in folder names', () => {
    assert.equal(dataFormatOf('train.py'), undefined);
    assert.equal(dataFormatOf('README'), undefined);
    assert.equal(dataFormatOf('/data/run.root/README'), undefined);
    assert.equal(dataFormatOf('notes.root.txt'), undefined);
    assert.equal(dataFormatOf('model.pth.tar'), undefined);
  });
});
