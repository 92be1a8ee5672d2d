import * as assert from 'node:assert/strict';
import { dataFormatOf } from './dataFormats';

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
  });
  it('rejects other files, names without an extension and dots in folder names', () => {
    assert.equal(dataFormatOf('train.py'), undefined);
    assert.equal(dataFormatOf('README'), undefined);
    assert.equal(dataFormatOf('/data/run.root/README'), undefined);
    assert.equal(dataFormatOf('notes.root.txt'), undefined);
    assert.equal(dataFormatOf('model.pth.tar'), undefined);
  });
});
