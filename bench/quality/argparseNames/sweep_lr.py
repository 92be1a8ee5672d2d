"""Learning-rate sweep for the calorimeter energy regression; one run per value, results to CSV."""
import argparse
import csv
import time

import numpy as np
import torch
from torch import nn


def make_model(n_inputs, width, depth):
    layers = []
    for _ in range(depth):
        layers += [nn.Linear(n_inputs, width), nn.GELU()]
        n_inputs = width
    return nn.Sequential(*layers, nn.Linear(width, 1))


def train_once(args, lr, x, y):
    model = make_model(x.shape[1], args.wid«th», args.dep«th»).to(args.device)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=args.mom«entum»)
    for _ in range(args.steps):
        idx = torch.randint(0, len(x), (args.batch_«size»,))
        loss = nn.functional.huber_loss(model(x[idx]).squeeze(1), y[idx])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return loss.item()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--data', default='calo.npz')
    parser.add_argument('--lr-min', type=float, default=1e-5)
    parser.add_argument('--lr-max', type=float, default=1e-1)
    parser.add_argument('-n', '--n-points', type=int, default=9)
    parser.add_argument('--width', type=int, default=256)
    parser.add_argument('--depth', type=int, default=3)
    parser.add_argument('--momentum', type=float, default=0.9)
    parser.add_argument('--steps', type=int, default=2000)
    parser.add_argument('--batch-size', type=int, default=1024)
    parser.add_argument('--results', default='sweep.csv')
    args = parser.parse_args()
    args.device = 'cuda' if torch.cuda.is_available() else 'cpu'

    data = np.load(args.data)
    x = torch.tensor(data['cells'], dtype=torch.float32, device=args.dev«ice»)
    y = torch.tensor(data['energy'], dtype=torch.float32, device=args.device)
    with open(args.res«ults», 'w', newline='') as f:
        writer = csv.writer(f)
        writer.writerow(['lr', 'loss', 'seconds'])
        for lr in np.logspace(np.log10(args.lr_«min»), np.log10(args.lr_max), args.n_«points»):
            start = time.time()
            writer.writerow([lr, train_once(args, lr, x, y), time.time() - start])


if __name__ == '__main__':
    main()
