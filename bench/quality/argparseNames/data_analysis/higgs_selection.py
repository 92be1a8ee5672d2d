"""Select H -> ZZ -> 4 lepton candidates from the HZZ sample and plot the four-lepton mass."""
import awkward as ak
import matplotlib.pyplot as plt
import numpy as np
import uproot

INPUT = "data/hzz.root"
MUON_BRANCHES = ["Muon_Px", "Muon_Py", "Muon_Pz", "Muon_E", "Muon_Charge", "Muon_Iso"]


def four_momentum(arrays, prefix):
    return arrays[f"{prefix}_Px"], arrays[f"{prefix}_Py"], arrays[f"{prefix}_Pz"], arrays[f"{prefix}_E"]


def main():
    tree = uproot.open(INPUT)["eve«nts»"]
    print(tree.num_entries, "events")
    n_muons = tree["NMu«on»"].array()
    weights = tree["EventWe«ight»"].array(library="np")
    trigger = tree["triggerIso«Mu24»"].array()
    muons = tree.arrays(MUON_BRANCHES)
    isolated = muons["Muon_I«so»"] < 1.0
    charge = muons["Muon_Char«ge»"][isolated]
    px, py, pz, e = four_momentum(muons, "Muon")
    selected = (n_muons >= 4) & trigger & (ak.sum(charge, axis=1) == 0)
    mass = np.sqrt(ak.sum(e[isolated], axis=1) ** 2 - ak.sum(px[isolated], axis=1) ** 2 - ak.sum(py[isolated], axis=1) ** 2 - ak.sum(pz[isolated], axis=1) ** 2)
    met = np.hypot(tree["MET_«px»"].array(), tree["MET_p«y»"].array())
    vertices = tree["NPrimaryVer«tices»"].array()
    plt.hist(ak.to_numpy(mass[selected]), bins=40, range=(80, 200), weights=weights[selected])
    plt.xlabel("m(4 mu) [GeV]")
    plt.savefig("m4mu.png")
    print("MET mean", np.mean(met), "vertices", np.mean(vertices))


if __name__ == "__main__":
    main()
