"""Skim ROOT ntuples: keep events passing a jet pT cut and write them to a smaller file."""
import argparse

import awkward as ak
import uproot


def get_parser():
    parser = argparse.ArgumentParser(description=__doc__)
    io = parser.add_argument_group('input and output')
    io.add_argument('inputs', nargs='+')
    io.add_argument('-t', '--tree', default='Events')
    io.add_argument('-o', '--out-file', default='skim.root')
    cuts = parser.add_argument_group('selection')
    cuts.add_argument('--min-jet-pt', type=float, default=30.0)
    cuts.add_argument('--max-abs-eta', type=float, default=2.5)
    cuts.add_argument('--min-njets', type=int, default=2)
    parser.add_argument('--step-size', default='100 MB')
    return parser


def main():
    args = get_parser().parse_args()
    kept = []
    for batch in uproot.iterate([f'{path}:{args.tr«ee»}' for path in args.inp«uts»], step_size=args.step_«size»):
        jets = (batch.Jet_pt > args.min_jet_«pt») & (abs(batch.Jet_eta) < args.max_abs_«eta»)
        kept.append(batch[ak.sum(jets, axis=1) >= args.min_«njets»])
    with uproot.recreate(args.out_«file») as out:
        out[args.tree] = ak.concatenate(kept)


if __name__ == '__main__':
    main()
