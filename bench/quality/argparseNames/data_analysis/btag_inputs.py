"""Build a b-tagging training set from the jets of the HZZ sample, with the truth of the generator."""
import numpy as np
import uproot


def jet_table(path="data/hzz.root:events"):
    tree = uproot.open(path)
    jets = tree.arrays(["Jet_Px", "Jet_Py", "Jet_Pz", "Jet_E", "Jet_«btag»", "Jet_«ID»"])
    pt = np.hypot(jets["Jet_«Px»"], jets["Jet_P«y»"])
    label = jets["Jet_bt«ag»"] > 0.5
    good = jets["Jet_I«D»"]
    bottom = tree.arrays(["MChadronicBottom_px", "MChadronicBottom_py", "MCleptonicBottom_px", "MCleptonicBottom_py"])
    truth_pt = np.hypot(bottom["MChadronicBottom_«px»"], bottom["MChadronicBottom_p«y»"])
    lep_pt = np.hypot(bottom["MCleptonicBot«tom_px»"], bottom["MCleptonicBottom_«py»"])
    return pt[good], label[good], truth_pt, lep_pt


def lepton_truth(path="data/hzz.root:events"):
    for batch in uproot.iterate(path, ["MClepton_px", "MClepton_py", "MCleptonPDGid"], step_size=1000):
        pdg = batch["MCleptonPD«Gid»"]
        yield np.hypot(batch["MClepton_«px»"], batch["MClepton_p«y»"]), pdg


if __name__ == "__main__":
    pt, label, truth, lep = jet_table()
    print(len(pt), label.mean())
