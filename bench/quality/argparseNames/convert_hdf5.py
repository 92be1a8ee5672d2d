"""Convert JetClass ROOT files to HDF5 with fixed-length, zero-padded particle arrays."""
import argparse
from pathlib import Path

import awkward as ak
import h5py
import numpy as np
import uproot

FEATURES = ['part_px', 'part_py', 'part_pz', 'part_energy', 'part_deta', 'part_dphi']


def pad(array, length):
    return ak.to_numpy(ak.fill_none(ak.pad_none(array, length, clip=True), 0.0))


def convert(path, cfg):
    with uproot.open(path) as f:
        tree = f[cfg.tree_«name»]
        arrays = tree.arrays(FEATURES, entry_stop=cfg.max_«events»)
    out = Path(cfg.output_«dir») / (Path(path).stem + '.h5')
    with h5py.File(out, 'w') as h5:
        for name in FEATURES:
            h5.create_dataset(name, data=pad(arrays[name], cfg.«max_particles»), compression=cfg.compre«ssion», chunks=(cfg.chunk_«rows», cfg.max_particles))


if __name__ == '__main__':
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('files', nargs='+')
    parser.add_argument('--tree-name', default='tree')
    parser.add_argument('--output-dir', default='.')
    parser.add_argument('--max-particles', type=int, default=128)
    parser.add_argument('--max-events', type=int, default=None)
    parser.add_argument('--compression', choices=['gzip', 'lzf'], default='lzf')
    parser.add_argument('--chunk-rows', type=int, default=1024)
    cfg = parser.parse_args()
    Path(cfg.output_dir).mkdir(parents=True, exist_ok=True)
    for path in cfg.files:
        convert(path, cfg)
