"""Overhead of cnnlib.train.fit against a bare PyTorch loop, in one process.

    CNNLIB_DATA=... .venv/bin/python benchmarks/fit_overhead.py [--images 12000] [--rounds 3]

Both train the source article's network (ConvNet1) with Adam at lr 1e-3, batch 100, on the
same Fashion-MNIST images from the same seed, channels_last on the CPU as fit uses there.
Rounds alternate between the two; the best images/second of each is reported.
"""

from __future__ import annotations

import argparse
import time

import torch
from torch import nn
from torch.utils.data import DataLoader, Subset

from cnnlib.loaders import fashion_mnist_loaders
from cnnlib.models import ConvNet1
from cnnlib.train import fit, pick_device


def bare_loop(loader, device, channels_last):
    """The same work as fit: channels_last and flushing subnormals on the CPU."""
    torch.manual_seed(0)
    torch.set_flush_denormal(device.type == "cpu")
    net = ConvNet1().to(device, memory_format=torch.channels_last if channels_last else torch.preserve_format)
    optimizer = torch.optim.Adam(net.parameters(), lr=1e-3)
    start, seen = time.perf_counter(), 0
    for x, y in loader:
        x, y = x.to(device), y.to(device)
        if channels_last:
            x = x.contiguous(memory_format=torch.channels_last)
        loss = nn.functional.cross_entropy(net(x), y)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        seen += len(y)
    if device.type == "cuda":
        torch.cuda.synchronize()
    rate = seen / (time.perf_counter() - start)
    torch.set_flush_denormal(False)
    return rate


def with_fit(loader, device):
    torch.manual_seed(0)
    history = fit(ConvNet1(), loader, num_epochs=1, device=device, progress=False)
    return history["images_per_second"][0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=12_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    train, _ = fashion_mnist_loaders(batch_size=100, download=False)
    loader = DataLoader(
        Subset(train.dataset, range(args.images)),
        batch_size=100,
        shuffle=True,
        generator=torch.Generator().manual_seed(0),
    )
    device = pick_device()
    channels_last = device.type == "cpu"
    bare, fitted = [], []
    for _ in range(args.rounds):
        bare.append(bare_loop(loader, device, channels_last))
        fitted.append(with_fit(loader, device))
    print(
        f"device {device}, torch {torch.__version__}, {torch.get_num_threads()} threads, "
        f"{args.images:,} images x {args.rounds} rounds"
    )
    print(f"bare PyTorch loop: {max(bare):,.0f} img/s")
    print(f"cnnlib.train.fit:  {max(fitted):,.0f} img/s")
    print(f"fit overhead: {100 * (max(bare) / max(fitted) - 1):+.1f}%")


if __name__ == "__main__":
    main()
