"""Train JetTagger on the jets of data/uproot-HZZ.root (or its NumPy copy, data/hzz-jets.npz)."""
import argparse
import json
import os
import time

import numpy as np
import torch
from torch.utils.data import DataLoader, TensorDataset, random_split

from model import JetTagger


def read_columns(path: str) -> dict[str, np.ndarray]:
    """Per-jet columns, from the ROOT file with uproot or from the .npz that scripts/demoJets.mjs writes."""
    names = ["Jet_Px", "Jet_Py", "Jet_Pz", "Jet_E", "Jet_btag"]
    if path.endswith(".npz"):
        with np.load(path) as data:
            return {k: data[k] for k in names}
    import awkward as ak
    import uproot

    events = uproot.open(path)["events"].arrays(names)
    return {k: ak.to_numpy(ak.flatten(events[k])) for k in names}


def load_jets(path: str) -> tuple[np.ndarray, np.ndarray]:
    columns = read_columns(path)
    px, py, pz, e = (columns[k] for k in ("Jet_Px", "Jet_Py", "Jet_Pz", "Jet_E"))
    pt = np.hypot(px, py)
    eta = np.arcsinh(pz / np.maximum(pt, 1e-6))
    phi = np.arctan2(py, px)
    mass = np.sqrt(np.maximum(e**2 - px**2 - py**2 - pz**2, 0.0))
    features = np.stack([pt, eta, phi, e, mass], axis=1).astype(np.float32)
    labels = (columns["Jet_btag"] > 0.5).astype(np.float32)
    return features, labels


def roc_auc(scores: np.ndarray, labels: np.ndarray) -> float:
    """Area under the ROC curve: the chance that a b-jet scores above a light jet (ties count half)."""
    order = np.argsort(scores, kind="mergesort")
    ranks = np.empty(len(scores))
    ranks[order] = np.arange(1, len(scores) + 1)
    for value in np.unique(scores):  # average ranks of tied scores
        tied = scores == value
        ranks[tied] = ranks[tied].mean()
    pos = labels > 0.5
    n_pos, n_neg = pos.sum(), (~pos).sum()
    return float((ranks[pos].sum() - n_pos * (n_pos + 1) / 2) / max(1, n_pos * n_neg))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", default="data/hzz-jets.npz")
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--batch-size", type=int, default=256)
    parser.add_argument("--lr", type=float, default=1e-3)
    # HAI gives every job its own metrics file, so that two runs of this spec never mix their curves.
    parser.add_argument("--metrics", default=os.environ.get("HAI_METRICS_FILE", "metrics.jsonl"), help="one JSON line per epoch, for HAI's metrics view")
    args = parser.parse_args()

    torch.manual_seed(0)
    x, y = load_jets(args.data)
    dataset = TensorDataset(torch.from_numpy(x), torch.from_numpy(y))
    n_val = len(dataset) // 5
    train_set, val_set = random_split(dataset, [len(dataset) - n_val, n_val])
    train_loader = DataLoader(train_set, batch_size=args.batch_size, shuffle=True)
    val_loader = DataLoader(val_set, batch_size=args.batch_size)

    model = JetTagger(n_features=x.shape[1])
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr)
    # b-jets are about one in eight: weigh them up so that "never b" is not the cheapest answer.
    train_labels = y[train_set.indices]
    pos_weight = torch.tensor((train_labels < 0.5).sum() / max(1, (train_labels > 0.5).sum()))
    loss_fn = torch.nn.BCEWithLogitsLoss(pos_weight=pos_weight)
    metrics = open(args.metrics, "w", encoding="utf-8")
    for epoch in range(1, args.epochs + 1):
        started = time.time()
        model.train()
        train_loss, seen = 0.0, 0
        for features, labels in train_loader:
            optimizer.zero_grad()
            loss = loss_fn(model(features), labels)
            loss.backward()
            optimizer.step()
            train_loss += loss.item() * len(labels)
            seen += len(labels)
        model.eval()
        correct, total, val_loss = 0, 0, 0.0
        scores, truth = [], []
        with torch.no_grad():
            for features, labels in val_loader:
                logits = model(features)
                val_loss += loss_fn(logits, labels).item() * len(labels)
                correct += ((logits > 0) == (labels > 0.5)).sum().item()
                total += len(labels)
                scores.append(logits.numpy())
                truth.append(labels.numpy())
        val_auc = roc_auc(np.concatenate(scores), np.concatenate(truth))
        print(f"epoch {epoch:3d}  train_loss {train_loss / seen:.4f}  val_loss {val_loss / total:.4f}  val_acc {correct / total:.3f}  val_auc {val_auc:.3f}", flush=True)
        record = {"epoch": epoch, "train_loss": train_loss / seen, "val_loss": val_loss / total, "val_acc": correct / total, "val_auc": val_auc, "lr": optimizer.param_groups[0]["lr"], "seconds": time.time() - started}
        metrics.write(json.dumps(record) + "\n")
        metrics.flush()
    metrics.close()
    torch.save(model.state_dict(), "jet_tagger.pt")


if __name__ == "__main__":
    main()
