"""Training speed of the seed Keras MNIST net in PyTorch on this machine (the speed peer of the tfjs backends).

Same layers as test/bench/backends.bench.mjs: Conv 32@3x3 relu, MaxPool 2, Conv 64@3x3 relu, MaxPool 2,
Conv 64@3x3 relu, Flatten, Dense 64 relu, Dense 10; Adam, cross-entropy, batch 64 of random images.
Usage: pytorch_seed_net.py BATCH BATCHES THREADS(0 = all cores) [DEVICE]. Prints JSON.
"""
import json
import os
import sys
import time

import torch
from torch import nn

batch = int(sys.argv[1]) if len(sys.argv) > 1 else 64
batches = int(sys.argv[2]) if len(sys.argv) > 2 else 30
threads = int(sys.argv[3]) if len(sys.argv) > 3 else 0
device = sys.argv[4] if len(sys.argv) > 4 else "cpu"
if threads > 0:
    torch.set_num_threads(threads)
torch.manual_seed(1)
model = nn.Sequential(
    nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(64, 64, 3), nn.ReLU(), nn.Flatten(),
    nn.Linear(576, 64), nn.ReLU(), nn.Linear(64, 10),
).to(device)
params = sum(p.numel() for p in model.parameters())
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
loss_fn = nn.CrossEntropyLoss()
x = torch.rand(batch, 1, 28, 28, device=device)
y = torch.randint(0, 10, (batch,), device=device)


def step():
    opt.zero_grad()
    loss = loss_fn(model(x), y)
    loss.backward()
    opt.step()
    return loss.item()


for _ in range(3):
    step()
times = []
for _ in range(batches):
    t = time.perf_counter()
    step()
    times.append(time.perf_counter() - t)
total = sum(times)
print(json.dumps({
    "framework": f"PyTorch {torch.__version__}",
    "device": device,
    "threads": torch.get_num_threads(),
    "params": params,
    "batchSize": batch,
    "batches": batches,
    "imagesPerSecond": batch * batches / total,
    "millisecondsPerBatch": [round(t * 1000, 2) for t in times],
}))
