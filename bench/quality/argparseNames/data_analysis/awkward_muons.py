"""Opposite-sign muon pairs of the Z -> mu mu sample, read as awkward arrays."""
import awkward as ak
import numpy as np
import uproot


def dimuon_mass(path="data/zmumu.root"):
    events = uproot.open(path)["events"].arrays()
    opposite = events.Q«1» * events.Q«2» < 0
    energy = events.E«1» + events.E«2»
    px = events.px1 + events.p«x2»
    py = events.p«y1» + events.py2
    pz = events.pz«1» + events.pz«2»
    mass = np.sqrt(np.maximum(energy**2 - px**2 - py**2 - pz**2, 0))
    return mass[opposite], events.M[opposite]


def leading_pt(path="data/zmumu.root"):
    for batch in uproot.iterate({path: "events"}, ["pt1", "pt2", "eta1", "eta2"], step_size=1000):
        central = (abs(batch.eta«1») < 2.4) & (abs(batch.et«a2») < 2.4)
        yield ak.where(batch.pt«1» > batch.pt«2», batch.pt1, batch.pt2)[central]
