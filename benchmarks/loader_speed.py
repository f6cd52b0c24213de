"""The book's training path against a bare loop over pre-shuffled tensor slices, in one process.

    CNNLIB_DATA=... .venv/bin/python benchmarks/loader_speed.py [--images 20000] [--rounds 3]

All three train the source article's network (ConvNet1) with Adam at lr 1e-3, batch 100,
channels_last and subnormals flushed on the CPU, on the same Fashion-MNIST images:

- bare: permute the tensors once per epoch and slice them, with the four lines of a training
  step and nothing else (the target);
- fit: ``cnnlib.train.fit`` fed by ``cnnlib.loaders.TensorLoader``, as every chapter trains;
- DataLoader: ``fit`` fed by PyTorch's ``DataLoader`` over a ``TensorDataset`` (what the book
  used before: it indexes and collates image by image).

Rounds alternate between the three; the best images/second of each is reported, with the
ratios to the bare loop, and stored in ``cnnlib/results/loader_speed.json`` for chapter 8.
The target: fit at least 0.95 of the bare loop.
"""

from __future__ import annotations

import argparse
import time

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from cnnlib.experiments import write_results
from cnnlib.loaders import TensorLoader, fashion_mnist_loaders
from cnnlib.models import ConvNet1
from cnnlib.train import fit


def bare_loop(x: torch.Tensor, y: torch.Tensor) -> float:
    torch.manual_seed(0)
    torch.set_flush_denormal(True)
    net = ConvNet1().to(memory_format=torch.channels_last)
    optimizer = torch.optim.Adam(net.parameters(), lr=1e-3)
    start = time.perf_counter()
    order = torch.randperm(len(y), generator=torch.Generator().manual_seed(0))
    xs, ys = x[order], y[order]
    for i in range(0, len(y), 100):
        xb = xs[i : i + 100].contiguous(memory_format=torch.channels_last)
        loss = nn.functional.cross_entropy(net(xb), ys[i : i + 100])
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
    rate = len(y) / (time.perf_counter() - start)
    torch.set_flush_denormal(False)
    return rate


def with_fit(loader) -> float:
    torch.manual_seed(0)
    history = fit(ConvNet1(), loader, num_epochs=1, device="cpu", progress=False)
    return history["images_per_second"][0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    train, _ = fashion_mnist_loaders(batch_size=100, download=False)
    x, y = train.x[: args.images], train.y[: args.images]
    paths = {
        "bare": lambda: bare_loop(x, y),
        "fit": lambda: with_fit(TensorLoader(x, y, 100, shuffle=True)),
        "DataLoader": lambda: with_fit(
            DataLoader(TensorDataset(x, y), batch_size=100, shuffle=True, generator=torch.Generator().manual_seed(0))
        ),
    }
    rates: dict[str, list[float]] = {name: [] for name in paths}
    for _ in range(args.rounds):
        for name, run in paths.items():
            rates[name].append(run())
    best = {name: max(r) for name, r in rates.items()}
    threads = torch.get_num_threads()
    print(f"torch {torch.__version__}, CPU, {threads} threads, {args.images:,} images x {args.rounds} rounds")
    print("| path | images/s (best round) | of the bare loop |")
    print("| --- | ---: | ---: |")
    for name, rate in best.items():
        print(f"| {name} | {rate:,.0f} | {rate / best['bare']:.3f} |")
    ratio = best["fit"] / best["bare"]
    write_results("loader_speed", {"images": args.images, "rounds": args.rounds, "images_per_second": best})
    print(f"target: fit at least 0.95 of the bare loop: {'met' if ratio >= 0.95 else 'NOT met'} ({ratio:.3f})")


if __name__ == "__main__":
    main()
