// Names of HDF5 frames for their labels: as if exported beside the file, one per frame.
import * as assert from 'node:assert/strict';
import { frameFromQuery, frameImagePath, frameQuery } from './hdf5FrameNames';

describe('HDF5 frame names', () => {
  it('names frame 12 of scan.h5 as scan_00012.png beside it, with the dataset when the file has several', () => {
    assert.equal(frameImagePath('/data/run7/scan.h5', { dataset: '/entry/data/data', frame: 12 }, false), '/data/run7/scan_00012.png');
    assert.equal(frameImagePath('/data/run7/scan.h5', { dataset: '/entry/instrument/detector 2/data', frame: 0 }, true), '/data/run7/scan_data_00000.png');
    assert.equal(frameImagePath('/data/run7/scan.h5', { dataset: '/entry/eiger', frame: 3 }, true), '/data/run7/scan_eiger_00003.png');
  });

  it('reads back the dataset and frame it writes into an editor URI, and nothing hostile', () => {
    assert.deepEqual(frameFromQuery(frameQuery({ dataset: '/entry/data/data', frame: 7 })), { dataset: '/entry/data/data', frame: 7 });
    assert.deepEqual(frameFromQuery('dataset=entry&frame=-1'), { dataset: undefined, frame: undefined });
    assert.deepEqual(frameFromQuery(''), { dataset: undefined, frame: undefined });
  });
});
