"""FoldingNet in PyTorch, the peer of Braggflow's encoder in `braggflow bench --only encoders`.

The network of the authors' PyTorch code (encoder `foldnet`): the layers, their names and shapes are
those of the reference checkpoint, so the reference state dict loads into it as it is.

usage: foldingnet_torch.py CLOUDS_F32 CLOUDS K FEATURES BATCH REPEATS EPOCHS LOCAL_MATRIX SOURCE_F32 [REFERENCE_DIR]

CLOUDS_F32 holds CLOUDS clouds of equal size as little-endian float32 x, y, z; SOURCE_F32 the
decoder's source points (x, y, z each). LOCAL_MATRIX is covariance (the paper's) or outer-product
(the reference code's). The script times, on every core torch is given:
  - encoding: the encoder's forward pass (kNN graph included) on the first BATCH clouds without
    gradients, median of REPEATS after one warm-up, in ms per cloud;
  - training: EPOCHS passes over all clouds in batches of BATCH (forward, summed Chamfer loss,
    backward, one Adam step per batch: lr 1e-4 x 16 / BATCH, weight decay 1e-6), in ms per cloud and
    epoch, first epoch included.
With REFERENCE_DIR (the reference checkpoint.pt, config.json, source-points-gaussian.csv and the real
clouds' expected codewords), it first checks that the checkpoint reproduces the expected codewords.
Prints one line per figure: `reference ...`, `encode_ms ...`, `train_ms ...`.
"""
import csv
import json
import os
import sys
import time

import numpy as np
import torch
from torch import nn


def neighbour_indices(x, k):
    """The k nearest points of every point, itself first: x is [B, 3, N]; returns [B, N, k]."""
    dot = torch.matmul(x.transpose(2, 1), x)                 # [B, N, N]
    sq = (x * x).sum(dim=1, keepdim=True)                    # [B, 1, N]
    score = (-sq - (-2 * dot)) - sq.transpose(2, 1)          # minus the squared distance
    return score.topk(k=k, dim=-1)[1]


def gather_neighbours(values, idx):
    """values [B, C, N], idx [B, N, k] -> [B, N, k, C]."""
    b, c, n = values.shape
    k = idx.shape[2]
    flat = (idx + torch.arange(b, device=idx.device).view(-1, 1, 1) * n).reshape(-1)
    return values.transpose(2, 1).reshape(b * n, c)[flat].view(b, n, k, c)


def local_matrix(x, idx, kind):
    """The 3x3 matrix of each point's input, flattened: [B, 9, N]."""
    nb = gather_neighbours(x, idx)                           # [B, N, k, 3]
    if kind == "outer-product":
        m = torch.matmul(nb[:, :, 0, :].unsqueeze(3), nb[:, :, 1, :].unsqueeze(2))
    else:
        d = nb - nb.mean(dim=2, keepdim=True)
        m = torch.matmul(d.transpose(3, 2), d) / nb.shape[2]
    return m.reshape(x.shape[0], x.shape[2], 9).transpose(2, 1)


def local_max(values, idx):
    """Max of each point's neighbours' features: [B, C, N]."""
    return gather_neighbours(values, idx).max(dim=2)[0].transpose(2, 1)


class Encoder(nn.Module):
    def __init__(self, k, features, kind):
        super().__init__()
        self.k, self.kind = k, kind
        self.mlp1 = nn.Sequential(nn.Conv1d(12, 64, 1), nn.ReLU(), nn.Conv1d(64, 64, 1), nn.ReLU(),
                                  nn.Conv1d(64, 64, 1), nn.ReLU())
        self.linear1 = nn.Linear(64, 64)
        self.conv1 = nn.Conv1d(64, 128, 1)
        self.linear2 = nn.Linear(128, 128)
        self.conv2 = nn.Conv1d(128, 1024, 1)
        self.mlp2 = nn.Sequential(nn.Conv1d(1024, features, 1), nn.ReLU(), nn.Conv1d(features, features, 1))

    def forward(self, x):                                    # x [B, 3, N] -> codeword [B, F, 1]
        idx = neighbour_indices(x, self.k)
        h = self.mlp1(torch.cat([x, local_matrix(x, idx, self.kind)], dim=1))
        h = self.linear1(local_max(h, idx).transpose(2, 1)).transpose(2, 1)
        h = torch.relu(self.conv1(h))
        h = self.linear2(local_max(h, idx).transpose(2, 1)).transpose(2, 1)
        h = self.conv2(h).max(dim=2, keepdim=True)[0]
        return self.mlp2(h)


class Decoder(nn.Module):
    def __init__(self, features, source):
        super().__init__()
        self.register_buffer("source", source, persistent=False)   # [d, m]; not in the state dict
        d = source.shape[0]
        self.folding1 = nn.Sequential(nn.Conv1d(features + d, features, 1), nn.ReLU(),
                                      nn.Conv1d(features, features, 1), nn.ReLU(), nn.Conv1d(features, 3, 1))
        self.folding2 = nn.Sequential(nn.Conv1d(features + 3, features, 1), nn.ReLU(),
                                      nn.Conv1d(features, features, 1), nn.ReLU(), nn.Conv1d(features, 3, 1))

    def forward(self, code):                                 # code [B, F, 1] -> [B, 3, m]
        m = self.source.shape[1]
        tiled = code.expand(-1, -1, m)
        fold1 = self.folding1(torch.cat([tiled, self.source.unsqueeze(0).expand(code.shape[0], -1, -1)], dim=1))
        return self.folding2(torch.cat([tiled, fold1], dim=1))


class FoldingNet(nn.Module):
    def __init__(self, k, features, kind, source):
        super().__init__()
        self.encoder = Encoder(k, features, kind)
        self.decoder = Decoder(features, source)


def chamfer(reconstruction, clouds):
    """Summed over points, both directions and the batch: [B, 3, m] against [B, 3, N]."""
    d = torch.cdist(reconstruction.transpose(2, 1), clouds.transpose(2, 1)) ** 2
    return d.min(dim=2)[0].sum() + d.min(dim=1)[0].sum()


def read_csv(path):
    with open(path) as f:
        rows = list(csv.reader(f))
    return np.array([[float(v) for v in r] for r in rows if r and not r[0][0].isalpha()], dtype=np.float32)


def check_reference(folder):
    """Largest relative codeword difference of the reference checkpoint on the real clouds."""
    config = json.load(open(os.path.join(folder, "config.json")))
    source = torch.from_numpy(read_csv(os.path.join(folder, "source-points-gaussian.csv")).T.copy())
    net = FoldingNet(config["k"], config["feat_dims"], "outer-product", source)
    net.load_state_dict(torch.load(os.path.join(folder, "checkpoint.pt"), map_location="cpu"))
    worst = 0.0
    for name in ("pixel-150", "pixel-1050"):
        cloud = read_csv(os.path.join(folder, "..", "real-clouds", name + ".csv"))
        expected = read_csv(os.path.join(folder, name + ".codeword.csv")).reshape(-1)
        with torch.no_grad():
            code = net.encoder(torch.from_numpy(cloud.T.copy()).unsqueeze(0)).reshape(-1).numpy()
        worst = max(worst, float(np.abs(code - expected).max() / np.abs(expected).max()))
    return worst


def main():
    path, count, k, features, batch, repeats, epochs, kind, source_path = sys.argv[1:10]
    count, k, features, batch, repeats, epochs = int(count), int(k), int(features), int(batch), int(repeats), int(epochs)
    torch.set_num_threads(os.cpu_count())   # Debian's build starts on one thread; ours uses every core
    if len(sys.argv) > 10:
        print(f"reference codeword max relative difference {check_reference(sys.argv[10]):.3g}", flush=True)
    torch.manual_seed(7)
    clouds = torch.from_numpy(np.fromfile(path, dtype="<f4").reshape(count, -1, 3)).transpose(2, 1).contiguous()
    source = torch.from_numpy(np.fromfile(source_path, dtype="<f4").reshape(-1, 3).T.copy())
    net = FoldingNet(k, features, kind, source)

    first = clouds[:batch]
    times = []
    with torch.no_grad():
        net.encoder(first)
        for _ in range(repeats):
            t0 = time.perf_counter()
            net.encoder(first)
            times.append((time.perf_counter() - t0) * 1000 / batch)
    times.sort()
    print(f"encode_ms {times[len(times) // 2]:.3f}", flush=True)

    optimiser = torch.optim.Adam(net.parameters(), lr=1e-4 * 16 / batch, betas=(0.9, 0.999), weight_decay=1e-6)
    generator = torch.Generator().manual_seed(7)
    t0 = time.perf_counter()
    for _ in range(epochs):
        order = torch.randperm(count, generator=generator)
        for start in range(0, count, batch):
            b = clouds[order[start:start + batch]]
            optimiser.zero_grad()
            loss = chamfer(net.decoder(net.encoder(b)), b)
            loss.backward()
            optimiser.step()
    seconds = time.perf_counter() - t0
    print(f"train_ms {seconds * 1000 / (count * epochs):.3f} seconds {seconds:.2f} loss {loss.item():.6g}", flush=True)


if __name__ == "__main__":
    main()
