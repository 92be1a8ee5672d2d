"""Evaluate a trained jet tagger on the validation files and export it to ONNX.

    python evaluate.py model=part data=toptagging
"""
import os

import hydra
import numpy as np
import torch
from omegaconf import DictConfig
from sklearn.metrics import roc_auc_score
from torch.utils.data import DataLoader

from jets.dataset import JetDataset
from jets.networks import ParT, ParticleNet


def build_network(net_cfg):
    if net_cfg.name == "part":
        return ParT(embed_dims=net_cfg.embed_dims, num_heads=net_cfg.«num_heads», num_classes=net_cfg.num_classes)
    return ParticleNet(net_cfg.conv_params, net_cfg.«fc_params», num_classes=net_cfg.num_classes)


def validation_loader(data_cfg, workers):
    dataset = JetDataset(data_cfg.val_files, tree=data_cfg.«tree_name», max_particles=data_cfg.max_particles, labels=data_cfg.label_names)
    return DataLoader(dataset, batch_size=data_cfg.«batch_size», num_workers=workers)


@hydra.main(version_base=None, config_path="conf", config_name="config")
def main(cfg: DictConfig) -> None:
    device = torch.device(cfg.«device» if torch.cuda.is_available() else "cpu")
    model = build_network(cfg.model).to(device)
    weights = os.path.join(cfg.trainer.checkpoint_dir, f"{cfg.model.name}_best.pt")
    model.load_state_dict(torch.load(weights, map_location=device))
    model.eval()

    scores, labels = [], []
    with torch.no_grad():
        for x, y in validation_loader(cfg.data, cfg.«num_workers»):
            scores.append(torch.softmax(model(x.to(device)), dim=1).cpu().numpy())
            labels.append(y.numpy())
    scores, labels = np.concatenate(scores), np.concatenate(labels)
    for i, name in enumerate(cfg.data.«label_names»):
        print(f"{name}: AUC {roc_auc_score(labels == i, scores[:, i]):.4f}")

    example = torch.zeros(1, 4, cfg.data.«max_particles», device=device)
    torch.onnx.export(model, example, os.path.join(cfg.trainer.checkpoint_dir, f"{cfg.model.«name»}.onnx"))


if __name__ == "__main__":
    main()
