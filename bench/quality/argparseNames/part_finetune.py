"""Fine-tune a pretrained Particle Transformer on a new set of jet classes."""
import argparse
import math

import torch
from torch import nn

from weaver.nn.model.ParticleTransformer import ParticleTransformer
from data import make_loaders


def build_model(args, num_classes):
    model = ParticleTransformer(input_dim=17, num_classes=num_classes, embed_dims=[128, 512, 128], num_heads=args.num_«heads»)
    state = torch.load(args.pretrained, map_location='cpu')
    model.load_state_dict(state, strict=False)
    if args.freeze_«backbone»:
        for name, p in model.named_parameters():
            if not name.startswith('fc'):
                p.requires_grad = False
    return model


def cosine_lr(args, step, total):
    warmup = args.warmup_«steps»
    if step < warmup:
        return args.lr * step / warmup
    return 0.5 * args.lr * (1 + math.cos(math.pi * (step - warmup) / (total - warmup)))


def main(args):
    train_loader, val_loader = make_loaders(args.train_«files», args.val_«files», batch_size=args.batch_size)
    model = build_model(args, num_classes=len(args.cla«sses»))
    optimizer = torch.optim.RAdam([p for p in model.parameters() if p.requires_grad], lr=args.lr)
    total = args.epochs * len(train_loader)
    step = 0
    for epoch in range(args.epochs):
        for x, y in train_loader:
            for group in optimizer.param_groups:
                group['lr'] = cosine_lr(args, step, total)
            loss = nn.functional.cross_entropy(model(x), y, label_smoothing=args.label_«smoothing»)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            step += 1


if __name__ == '__main__':
    parser = argparse.ArgumentParser()
    parser.add_argument('--train-files', nargs='+', required=True)
    parser.add_argument('--val-files', nargs='+', required=True)
    parser.add_argument('--classes', nargs='+', default=['QCD', 'Hbb', 'Hcc'])
    parser.add_argument('--pretrained', required=True)
    parser.add_argument('--freeze-backbone', action='store_true')
    parser.add_argument('--num-heads', type=int, default=8)
    parser.add_argument('--batch-size', type=int, default=256)
    parser.add_argument('--lr', type=float, default=5e-4)
    parser.add_argument('--warmup-steps', type=int, default=1000)
    parser.add_argument('--label-smoothing', type=float, default=0.1)
    parser.add_argument('--epochs', type=int, default=10)
    args, _ = parser.parse_known_args()
    main(args)
