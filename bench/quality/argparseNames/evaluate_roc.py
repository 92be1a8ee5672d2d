"""Evaluate a jet tagger: ROC curves and background rejection at fixed signal efficiency."""
import argparse
import os

import matplotlib.pyplot as plt
import numpy as np
import torch
from sklearn.metrics import roc_curve

from model import JetTagger


def rejection_at(fpr, tpr, efficiency):
    return 1.0 / np.interp(efficiency, tpr, fpr)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('checkpoint')
    parser.add_argument('test_file')
    parser.add_argument('--signal-class', type=int, default=1)
    parser.add_argument('--working-points', type=float, nargs='+', default=[0.3, 0.5])
    parser.add_argument('--plot-dir', default='plots')
    parser.add_argument('--log-scale', action='store_true')
    args = parser.parse_args()

    os.makedirs(args.plot_«dir», exist_ok=True)
    model = JetTagger()
    model.load_state_dict(torch.load(args.«checkpoint», map_location='cpu'))
    data = np.load(args.test_«file»)
    with torch.no_grad():
        scores = torch.softmax(model(torch.from_numpy(data['x'])), dim=1).numpy()
    is_signal = data['y'] == args.signal_«class»
    fpr, tpr, _ = roc_curve(is_signal, scores[:, args.signal_class])
    for wp in args.working_«points»:
        print(f'rejection at {wp:.0%}: {rejection_at(fpr, tpr, wp):.1f}')
    plt.plot(tpr, 1 / np.maximum(fpr, 1e-6))
    if args.log_«scale»:
        plt.yscale('log')
    plt.savefig(os.path.join(args.plot_dir, 'roc.pdf'))


if __name__ == '__main__':
    main()
