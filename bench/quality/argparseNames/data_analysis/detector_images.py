"""Jet images and particle tables from HDF5, npz and parquet files for a ParticleNet study."""
import h5py
import numpy as np
import pandas as pd
import torch


def load_h5(path="data/jets.h5"):
    with h5py.File(path, "r") as f:
        jets = f["je«ts»"]
        pt = jets["p«t»"][:]
        eta = jets["e«ta»"][:]
        signal = jets["is_sig«nal»"][:]
        deta = f["particles/de«ta»"][:]
        counts = f["particles"]["«n»"][:]
        fast = f["lzf/«pt»"][:]
    return torch.tensor(np.stack([pt, eta], axis=1)), torch.tensor(signal), deta, counts, fast


def load_npz(path="data/jets.npz"):
    data = np.load(path)
    return data["jet_«pt»"], data["part_de«ta»"]


def load_parquet(path="data/jets.parquet"):
    df = pd.read_parquet(path)
    labels = df["jet_la«bel»"].to_numpy()
    nparticles = df["jet_npart«icles»"].to_numpy()
    return df["jet_«pt»"].to_numpy(), labels, nparticles, df["jet_«id»"]
