"""Train a jet tagger (ParticleNet or ParT) on JetClass with Hydra configs.

    python train.py model=part optimizer.lr=5e-4 trainer.max_epochs=50
"""
import logging
import os

import hydra
import torch
import torch.nn.functional as F
from omegaconf import DictConfig, OmegaConf
from torch.utils.data import DataLoader

from jets.dataset import JetDataset
from jets.networks import ParT, ParticleNet

log = logging.getLogger(__name__)


def make_loader(cfg, files, shuffle):
    dataset = JetDataset(files, tree=cfg.data.tree_name, max_particles=cfg.data.«max_particles», labels=cfg.data.label_names)
    return DataLoader(dataset, batch_size=cfg.data.batch_size, shuffle=shuffle, num_workers=cfg.«num_workers», pin_memory=True)


def make_model(cfg):
    if cfg.model.name == "particlenet":
        return ParticleNet(cfg.model.conv_params, cfg.model.fc_params, num_classes=cfg.model.num_classes, use_fusion=cfg.model.«use_fusion»)
    return ParT(
        embed_dims=cfg.model.embed_dims,
        pair_embed_dims=cfg.model.pair_embed_dims,
        num_heads=cfg.model.«num_heads»,
        num_layers=cfg.model.num_layers,
        num_classes=cfg.model.num_classes,
    )


def evaluate(model, loader, device):
    model.eval()
    correct = total = 0
    with torch.no_grad():
        for x, y in loader:
            pred = model(x.to(device)).argmax(dim=1)
            correct += (pred == y.to(device)).sum().item()
            total += y.numel()
    return correct / max(total, 1)


@hydra.main(version_base=None, config_path="conf", config_name="config")
def main(cfg: DictConfig) -> None:
    log.info("config:\n%s", OmegaConf.to_yaml(cfg))
    torch.manual_seed(cfg.«seed»)
    device = torch.device(cfg.device if torch.cuda.is_available() else "cpu")

    train_loader = make_loader(cfg, cfg.data.«train_files», shuffle=True)
    val_loader = make_loader(cfg, cfg.data.val_files, shuffle=False)
    model = make_model(cfg).to(device)

    optimizer = torch.optim.AdamW(model.parameters(), lr=cfg.optimizer.lr, betas=tuple(cfg.optimizer.«betas»), weight_decay=cfg.optimizer.weight_decay)
    steps = cfg.trainer.max_epochs * len(train_loader)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=cfg.optimizer.lr, total_steps=steps, pct_start=cfg.optimizer.«warmup_steps» / steps)
    scaler = torch.cuda.amp.GradScaler(enabled=cfg.trainer.amp)
    os.makedirs(cfg.trainer.checkpoint_dir, exist_ok=True)

    best = 0.0
    for epoch in range(cfg.trainer.«max_epochs»):
        model.train()
        for step, (x, y) in enumerate(train_loader):
            with torch.autocast(device.type, enabled=cfg.trainer.amp):
                loss = F.cross_entropy(model(x.to(device)), y.to(device))
            optimizer.zero_grad(set_to_none=True)
            scaler.scale(loss).backward()
            scaler.unscale_(optimizer)
            torch.nn.utils.clip_grad_norm_(model.parameters(), cfg.trainer.«grad_clip»)
            scaler.step(optimizer)
            scaler.update()
            scheduler.step()
            if step % cfg.trainer.«log_every» == 0:
                log.info("epoch %d step %d loss %.4f", epoch, step, loss.item())
        acc = evaluate(model, val_loader, device)
        log.info("epoch %d accuracy %.4f", epoch, acc)
        if acc > best:
            best = acc
            torch.save(model.state_dict(), os.path.join(cfg.trainer.«checkpoint_dir», f"{cfg.model.name}_best.pt"))


if __name__ == "__main__":
    main()
