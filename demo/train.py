"""Train JetTagger on the jets of data/uproot-HZZ.root."""
import argparse

import numpy as np
import torch
from torch.utils.data import DataLoader, TensorDataset, random_split

from model import JetTagger


def load_jets(path: str) -> tuple[np.ndarray, np.ndarray]:
    import awkward as ak
    import uproot

    events = uproot.open(path)["events"].arrays(["Jet_Px", "Jet_Py", "Jet_Pz", "Jet_E", "Jet_btag"])
    px, py, pz, e = (ak.to_numpy(ak.flatten(events[k])) for k in ("Jet_Px", "Jet_Py", "Jet_Pz", "Jet_E"))
    pt = np.hypot(px, py)
    eta = np.arcsinh(pz / np.maximum(pt, 1e-6))
    phi = np.arctan2(py, px)
    mass = np.sqrt(np.maximum(e**2 - px**2 - py**2 - pz**2, 0.0))
    features = np.stack([pt, eta, phi, e, mass], axis=1).astype(np.float32)
    labels = (ak.to_numpy(ak.flatten(events["Jet_btag"])) > 0.5).astype(np.float32)
    return features, labels


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", default="data/uproot-HZZ.root")
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--batch-size", type=int, default=256)
    parser.add_argument("--lr", type=float, default=1e-3)
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
    loss_fn = torch.nn.BCEWithLogitsLoss()
    for epoch in range(1, args.epochs + 1):
        model.train()
        for features, labels in train_loader:
            optimizer.zero_grad()
            loss = loss_fn(model(features), labels)
            loss.backward()
            optimizer.step()
        model.eval()
        correct, total, val_loss = 0, 0, 0.0
        with torch.no_grad():
            for features, labels in val_loader:
                logits = model(features)
                val_loss += loss_fn(logits, labels).item() * len(labels)
                correct += ((logits > 0) == (labels > 0.5)).sum().item()
                total += len(labels)
        print(f"epoch {epoch:3d}  val_loss {val_loss / total:.4f}  val_acc {correct / total:.3f}")
    torch.save(model.state_dict(), "jet_tagger.pt")


if __name__ == "__main__":
    main()
