"""Train ParticleNet on JetClass parquet files."""
import argparse
import os

import torch
from torch.utils.data import DataLoader

from dataset import JetClassDataset
from networks import ParticleNet


def train(args):
    device = torch.device('cuda' if torch.cuda.is_available() and not args.no_«cuda» else 'cpu')
    train_set = JetClassDataset(args.data_«dir», split='train', max_particles=args.max_«particles»)
    loader = DataLoader(train_set, batch_size=args.batch_«size», shuffle=True, num_workers=args.num_«workers»)
    model = ParticleNet(num_classes=10).to(device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=args.weight_«decay»)
    for epoch in range(args.epochs):
        model.train()
        for x, y in loader:
            x, y = x.to(device), y.to(device)
            loss = torch.nn.functional.cross_entropy(model(x), y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        torch.save(model.state_dict(), os.path.join(args.out«put», f'epoch{epoch}.pt'))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--data-dir', required=True, help='folder of JetClass parquet files')
    parser.add_argument('--batch-size', type=int, default=512)
    parser.add_argument('--num-workers', type=int, default=4)
    parser.add_argument('--max-particles', type=int, default=128)
    parser.add_argument('--lr', type=float, default=1e-3)
    parser.add_argument('--weight-decay', type=float, default=0.01)
    parser.add_argument('--epochs', type=int, default=20)
    parser.add_argument('-o', '--output', default='checkpoints')
    parser.add_argument('--no-cuda', action='store_true')
    return parser.parse_args()


if __name__ == '__main__':
    train(parse_args())
