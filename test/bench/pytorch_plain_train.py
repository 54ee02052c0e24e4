"""A plain PyTorch training script: the speed peer of `stride train --backend torch` (test/bench/torch.bench.mjs).

The seed 002 network as Stride's preset mnist-keras has it (Conv 32@3x3 'same' relu, MaxPool 2, Conv 64@3x3 'same'
relu, MaxPool 2, Conv 64@3x3 'same' relu, MaxPool 2, Flatten, Dense 64 relu, Dense 10), the first LIMIT digits
of MNIST's training IDX file in memory as one tensor, a fresh random order per epoch, Adam 0.001, cross-entropy,
`loss.item()` every batch: what a user's own script would do. Prints JSON with each epoch's images per second.
Usage: pytorch_plain_train.py IDX_DIR LIMIT BATCH EPOCHS THREADS(0 = torch's default) [DEVICE]
"""
import json
import os
import sys
import time

import torch
from torch import nn

idx_dir, limit, batch, epochs, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
device = torch.device(sys.argv[6] if len(sys.argv) > 6 else "cpu")
if threads > 0:
    torch.set_num_threads(threads)
torch.manual_seed(1)


def read_idx(path):
    with open(path, "rb") as f:
        raw = f.read()
    dims = [int.from_bytes(raw[4 + 4 * i : 8 + 4 * i], "big") for i in range(raw[3])]
    return torch.frombuffer(bytearray(raw[4 + 4 * len(dims) :]), dtype=torch.uint8).view(*dims)


images = read_idx(os.path.join(idx_dir, "train-images-idx3-ubyte"))[:limit].float().div(255).unsqueeze(1).to(device)
labels = read_idx(os.path.join(idx_dir, "train-labels-idx1-ubyte"))[:limit].long().to(device)

model = nn.Sequential(
    nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(64, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Flatten(), nn.Linear(576, 64), nn.ReLU(), nn.Linear(64, 10),
).to(device)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
loss_fn = nn.CrossEntropyLoss()
results = []
for epoch in range(epochs):
    model.train()
    started = time.perf_counter()
    order = torch.randperm(limit, device=device)
    total = 0.0
    for i in range(0, limit, batch):
        idx = order[i : i + batch]
        x, y = images[idx], labels[idx]
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        total += loss.item() * y.shape[0]
    if device.type == "cuda":
        torch.cuda.synchronize()
    seconds = time.perf_counter() - started
    results.append({"epoch": epoch + 1, "seconds": seconds, "imagesPerSecond": limit / seconds, "loss": total / limit})
print(json.dumps({
    "framework": f"PyTorch {torch.__version__}",
    "device": str(device),
    "threads": torch.get_num_threads(),
    "batchSize": batch,
    "images": limit,
    "epochs": results,
}))
