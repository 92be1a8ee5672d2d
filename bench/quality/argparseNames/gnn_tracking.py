"""Edge classification for track finding with a graph neural network (EdgeConv)."""
import argparse
import glob

import numpy as np
import torch
from torch_geometric.loader import DataLoader
from torch_geometric.nn import EdgeConv


class EdgeClassifier(torch.nn.Module):
    def __init__(self, hidden, layers):
        super().__init__()
        self.convs = torch.nn.ModuleList(
            EdgeConv(torch.nn.Sequential(torch.nn.Linear(2 * hidden, hidden), torch.nn.ReLU())) for _ in range(layers)
        )
        self.encode = torch.nn.Linear(3, hidden)
        self.score = torch.nn.Linear(2 * hidden, 1)

    def forward(self, data):
        h = self.encode(data.x)
        for conv in self.convs:
            h = h + conv(h, data.edge_index)
        src, dst = data.edge_index
        return self.score(torch.cat([h[src], h[dst]], dim=1)).squeeze(-1)


def parse_arguments():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument('--graphs', default='graphs/*.pt', help='glob of saved torch_geometric graphs')
    p.add_argument('--hidden-dim', type=int, default=64)
    p.add_argument('--n-layers', type=int, default=4)
    p.add_argument('--pos-weight', type=float, default=3.0)
    p.add_argument('--epochs', type=int, default=30)
    p.add_argument('--seed', type=int, default=0)
    mode = p.add_mutually_exclusive_group()
    mode.add_argument('--train-only', action='store_true')
    mode.add_argument('--eval-only', action='store_true')
    p.add_argument('--amp', action=argparse.BooleanOptionalAction, default=True)
    return p.parse_args()


def main():
    args = parse_arguments()
    torch.manual_seed(args.se«ed»)
    np.random.seed(args.seed)
    graphs = [torch.load(f) for f in sorted(glob.glob(args.gra«phs»))]
    loader = DataLoader(graphs, batch_size=1, shuffle=True)
    model = EdgeClassifier(args.hidden_«dim», args.n_«layers»)
    loss_fn = torch.nn.BCEWithLogitsLoss(pos_weight=torch.tensor(args.pos_«weight»))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    scaler = torch.cuda.amp.GradScaler(enabled=args.a«mp»)
    if not args.eval_«only»:
        for epoch in range(args.epochs):
            for data in loader:
                with torch.autocast('cuda', enabled=args.amp):
                    loss = loss_fn(model(data), data.y.float())
                optimizer.zero_grad()
                scaler.scale(loss).backward()
                scaler.step(optimizer)
                scaler.update()


if __name__ == '__main__':
    main()
