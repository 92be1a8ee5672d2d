"""A per-jet b-tagger: an MLP over jet kinematics."""
import torch
from torch import nn


class JetTagger(nn.Module):
    """Maps per-jet features (pT, eta, phi, E, m) to a b-jet logit."""

    def __init__(self, n_features: int = 5, hidden: int = 64, depth: int = 3, dropout: float = 0.1):
        super().__init__()
        layers: list[nn.Module] = [nn.BatchNorm1d(n_features)]
        width = n_features
        for _ in range(depth):
            layers += [nn.Linear(width, hidden), nn.GELU(), nn.Dropout(dropout)]
            width = hidden
        layers.append(nn.Linear(width, 1))
        self.net = nn.Sequential(*layers)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x).squeeze(-1)
