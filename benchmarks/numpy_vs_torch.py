"""Speed of cnnlib's NumPy core against PyTorch (CPU), measured in one process.

    .venv/bin/python benchmarks/numpy_vs_torch.py [--repeats 20]

Same float32 inputs for both; each figure is the median of repeated runs after a warm-up.
Prints a Markdown table of times and the ratio NumPy / PyTorch (lower is better), and
the training throughput of the source article's network at batch 100.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time

import numpy as np
import torch
import torch.nn.functional as TF

import cnnlib.functional as F
from cnnlib import layers, optim
from cnnlib.models import ConvNet1


def median_seconds(fn, repeats: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def conv_cases(rng):
    x = rng.standard_normal((100, 16, 14, 14)).astype(np.float32)
    w = (rng.standard_normal((32, 16, 5, 5)) * 0.05).astype(np.float32)
    b = np.zeros(32, np.float32)
    g = rng.standard_normal((100, 32, 14, 14)).astype(np.float32)
    tx, tw, tb, tg = (torch.tensor(a) for a in (x, w, b, g))

    def torch_fwd_bwd():
        xr, wr, br = (t.clone().requires_grad_() for t in (tx, tw, tb))
        TF.conv2d(xr, wr, br, 1, 2).backward(tg)

    layer = layers.Conv2d(16, 32, 5, padding=2, rng=rng)
    layer.weight.data[...] = w

    pool_x = rng.standard_normal((100, 16, 28, 28)).astype(np.float32)
    tpool_x = torch.tensor(pool_x)
    return [
        (
            "conv2d forward (100x16x14x14, 32 5x5 filters, pad 2)",
            lambda: F.conv2d(x, w, b, 1, 2),
            lambda: TF.conv2d(tx, tw, tb, 1, 2),
        ),
        ("conv2d forward + backward (same shape)", lambda: conv_fwd_bwd(layer, x, g), torch_fwd_bwd),
        ("max_pool2d 2x2 (100x16x28x28)", lambda: F.max_pool2d(pool_x, 2), lambda: TF.max_pool2d(tpool_x, 2)),
    ]


def conv_fwd_bwd(layer, x, grad_output):
    """Forward and backward through a Conv2d layer, which keeps its im2col columns."""
    layer(x)
    return layer.backward(grad_output)


def training_step_case(rng):
    x = rng.standard_normal((100, 1, 28, 28)).astype(np.float32)
    y = rng.integers(0, 10, 100)
    net = layers.convnet1(rng)
    opt = optim.Adam(net.parameters(), lr=1e-3)
    tnet = ConvNet1()  # the same network, the book's PyTorch definition
    topt = torch.optim.Adam(tnet.parameters(), lr=1e-3)
    tx, ty = torch.tensor(x), torch.tensor(y)

    def ours():
        opt.zero_grad()
        logits = net(x)
        net.backward(F.cross_entropy_backward(logits, y))
        opt.step()

    def theirs():
        topt.zero_grad()
        TF.cross_entropy(tnet(tx), ty).backward()
        topt.step()

    return ("training step, article network, batch 100", ours, theirs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    print(
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"torch {torch.__version__} ({torch.get_num_threads()} threads), numpy {np.__version__}\n"
    )
    print("| operation | NumPy (ms) | PyTorch (ms) | NumPy / PyTorch |")
    print("| --- | ---: | ---: | ---: |")
    cases = conv_cases(rng) + [training_step_case(rng)]
    for name, ours, theirs in cases:
        t_ours, t_theirs = median_seconds(ours, args.repeats), median_seconds(theirs, args.repeats)
        print(f"| {name} | {1e3 * t_ours:.1f} | {1e3 * t_theirs:.1f} | {t_ours / t_theirs:.2f}x |")
    print(f"\ntraining throughput at batch 100: NumPy {100 / t_ours:,.0f} img/s, PyTorch {100 / t_theirs:,.0f} img/s")


if __name__ == "__main__":
    main()
