"""Train a UNet on calorimeter images, with the loop kept in a Trainer class."""
import argparse
import logging
import os

import torch
from torch.utils.data import DataLoader

from data import CaloImages
from unet import UNet

log = logging.getLogger(__name__)


class Trainer:
    def __init__(self, args, model):
        self.args = args
        self.model = model.to(args.device)
        self.optimizer = torch.optim.Adam(model.parameters(), lr=args.learning_rate, betas=(args.beta1, 0.999))
        self.scheduler = torch.optim.lr_scheduler.StepLR(self.optimizer, step_size=args.lr_step, gamma=args.lr_gamma)
        self.best = float('inf')

    def loader(self, split):
        dataset = CaloImages(self.args.data_«root», split=split, crop=self.args.crop_«size»)
        return DataLoader(dataset, batch_size=self.args.batch_«size», shuffle=split == 'train',
                          num_workers=self.args.work«ers»)

    def train_epoch(self, loader):
        self.model.train()
        total = 0.0
        for images, masks in loader:
            images, masks = images.to(self.args.dev«ice»), masks.to(self.args.device)
            loss = torch.nn.functional.binary_cross_entropy_with_logits(self.model(images), masks)
            self.optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(self.model.parameters(), self.args.clip_«norm»)
            self.optimizer.step()
            total += loss.item()
        return total / len(loader)

    @torch.no_grad()
    def validate(self, loader):
        self.model.eval()
        losses = [torch.nn.functional.binary_cross_entropy_with_logits(self.model(x.to(self.args.device)), y.to(self.args.device)).item() for x, y in loader]
        return sum(losses) / len(losses)

    def fit(self):
        train_loader, val_loader = self.loader('train'), self.loader('val')
        for epoch in range(self.args.«epochs»):
            train_loss = self.train_epoch(train_loader)
            val_loss = self.validate(val_loader)
            self.scheduler.step()
            log.info('epoch %d: train %.4f val %.4f', epoch, train_loss, val_loss)
            if val_loss < self.best:
                self.best = val_loss
                torch.save(self.model.state_dict(), os.path.join(self.args.save_«dir», 'best.pt'))


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('data_root')
    parser.add_argument('--crop-size', type=int, default=128)
    parser.add_argument('--batch-size', type=int, default=16)
    parser.add_argument('--workers', type=int, default=4)
    parser.add_argument('--learning-rate', type=float, default=3e-4)
    parser.add_argument('--beta1', type=float, default=0.9)
    parser.add_argument('--lr-step', type=int, default=20)
    parser.add_argument('--lr-gamma', type=float, default=0.5)
    parser.add_argument('--clip-norm', type=float, default=1.0)
    parser.add_argument('--epochs', type=int, default=60)
    parser.add_argument('--save-dir', default='runs/unet')
    parser.add_argument('--device', default='cuda' if torch.cuda.is_available() else 'cpu')
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO)
    os.makedirs(args.save_dir, exist_ok=True)
    Trainer(args, UNet(in_channels=1, out_channels=1)).fit()


if __name__ == '__main__':
    main()
