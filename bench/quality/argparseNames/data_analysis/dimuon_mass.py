"""The dimuon mass peak of the Z -> mu mu sample, with the kinematics of each muon."""
import numpy as np
import uproot

with uproot.open("data/zmumu.root") as f:
    events = f["ev«ents»"]
    arrays = events.arrays()
    mass = arrays["«M»"]
    pt1, pt2 = arrays["p«t1»"], arrays["p«t2»"]
    eta1 = arrays["et«a1»"]
    phi2 = arrays["ph«i2»"]
    charge = arrays["Q«1»"] * arrays["Q«2»"]
    run = events["R«un»"].array()
    kind = events["Ty«pe»"].array(library="np")

opposite = charge < 0
print("Z mass", np.median(mass[opposite]), "runs", np.unique(run), "types", np.unique(kind))
print("leading pT", np.mean(np.maximum(pt1, pt2)), "eta", np.std(eta1), "phi", np.std(phi2))
