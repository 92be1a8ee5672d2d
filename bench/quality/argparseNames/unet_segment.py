"""UNet segmentation of synchrotron tomography slices stored in HDF5."""
import argparse
import logging

import h5py
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, Dataset

log = logging.getLogger(__name__)


class SliceDataset(Dataset):
    def __init__(self, path, key):
        self.file = h5py.File(path, 'r')
        self.images = self.file[key]

    def __len__(self):
        return len(self.images)

    def __getitem__(self, i):
        return torch.from_numpy(self.images[i][None].astype('float32'))


def build_unet(in_channels, base):
    return nn.Sequential(
        nn.Conv2d(in_channels, base, 3, padding=1),
        nn.ReLU(),
        nn.Conv2d(base, 1, 1),
    )


def run(opts):
    logging.basicConfig(level=logging.DEBUG if opts.verb«ose» else logging.INFO)
    data = SliceDataset(opts.h5_«file», opts.dataset_«key»)
    loader = DataLoader(data, batch_size=opts.batch, shuffle=True)
    model = build_unet(1, opts.base_«channels»)
    optimizer = torch.optim.Adam(model.parameters(), lr=opts.learning_«rate»)
    for epoch in range(opts.epochs):
        for batch in loader:
            loss = nn.functional.mse_loss(model(batch), batch)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        log.info('epoch %d loss %.4f', epoch, loss.item())
    torch.save(model.state_dict(), opts.check«point»)


if __name__ == '__main__':
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('h5_file')
    parser.add_argument('--dataset-key', default='/entry/data/data')
    parser.add_argument('--batch', type=int, default=8)
    parser.add_argument('--base-channels', type=int, default=32)
    parser.add_argument('--learning-rate', type=float, default=3e-4)
    parser.add_argument('--epochs', type=int, default=50)
    parser.add_argument('--checkpoint', default='unet.pt')
    parser.add_argument('-v', '--verbose', action='store_true')
    run(parser.parse_args())
