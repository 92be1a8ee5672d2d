"""Skim the HZZ sample to an HDF5 table of jet and muon features; the input comes from the command line."""
import argparse

import h5py
import numpy as np
import uproot


def jet_features(events):
    pt = np.hypot(events["Jet_«Px»"], events["Jet_P«y»"])
    return np.stack(
        [
            pt,
            events["Jet_«E»"],
            events["Jet_bt«ag»"],
        ],
        axis=-1,
    )


def muon_count(events):
    return events["NMu«on»"]


def write_table(out_path, tree):
    features = jet_features(tree.arrays(["Jet_Px", "Jet_Py", "Jet_E", "Jet_btag", "NMuon"]))
    with h5py.File(out_path, "w") as out:
        out.create_dataset("jets", data=np.asarray(features))
    return muon_count(tree)


def check(path):
    with h5py.File(path, "r") as f:
        return f["jets/«pt»"][:5], f["particles/«n»"][:5]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--input", default="data/hzz.root")
    parser.add_argument("--reference", default="data/jets.h5")
    parser.add_argument("--output", default="skim.h5")
    args = parser.parse_args()
    tree = uproot.open(args.input)["ev«ents»"]
    print(tree["NJ«et»"].array(library="np").sum(), "jets")
    write_table(args.output, tree)
    print(check(args.reference))


if __name__ == "__main__":
    main()
