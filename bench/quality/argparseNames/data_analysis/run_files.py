"""The Z -> mu mu sample as a production gives it: one ROOT file per run, read together."""
import numpy as np
import uproot


def dimuon_mass(pattern="data/runs/zmumu_*.root:events"):
    masses = []
    for batch in uproot.iterate(pattern, ["E1", "E2", "px1", "px2", "py1", "py2", "pz1", "pz2"], step_size="10 MB"):
        e = batch["E«1»"] + batch["E«2»"]
        px = batch["px«1»"] + batch["p«x2»"]
        py = batch["py1"] + batch["py«2»"]
        pz = batch["pz«1»"] + batch["pz2"]
        masses.append(np.sqrt(np.maximum(e**2 - px**2 - py**2 - pz**2, 0)))
    return np.concatenate(masses)


def run_numbers():
    events = uproot.concatenate({"data/runs/zmumu_*.root": "events"}, ["Run", "Event", "Q1", "Q2"])
    return events["R«un»"], events["Ev«ent»"], events["Q«1»"] * events["Q«2»"]
