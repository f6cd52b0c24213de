"""Fashion-MNIST as PyTorch ``DataLoader`` objects, the form :func:`cnnlib.train.fit` takes
(:ref:`sec-train-convnet1`). The arrays themselves come from :mod:`cnnlib.data`.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from cnnlib.data import load_fashion_mnist, standardize


def fashion_mnist_loaders(
    batch_size: int = 100,
    root: str | Path | None = None,
    download: bool = True,
    seed: int = 0,
    num_workers: int = 0,
    normalize: bool = True,
):
    """PyTorch ``DataLoader`` objects for training (shuffled, seeded) and test (in order).

    Images become float32 tensors scaled to [0, 1] and, when ``normalize``, standardised
    with :data:`cnnlib.data.MEAN` and :data:`cnnlib.data.STD` (see :func:`cnnlib.data.standardize`).
    Used to train the NumPy network in :ref:`sec-numpy-training` and ``ConvNet1`` in :ref:`sec-train-convnet1`.

    Parameters
    ----------
    batch_size : int, default 100
        Items per batch, B.
    root : str or Path, optional
        A folder to look in first (see :func:`cnnlib.data.load_fashion_mnist`).
    download : bool, default True
        Download the files when they are not found.
    seed : int, default 0
        Seeds the shuffling of the training set, so every run sees the same batches.
    num_workers : int, default 0
        Worker processes per loader (0: load in the main process).
    normalize : bool, default True
        Standardise the pixels; if False, they stay in [0, 1].

    Returns
    -------
    train_loader : torch.utils.data.DataLoader
        60,000 training items, shuffled: batches of images, float32 of shape (B, 1, 28, 28),
        and labels, int64 of shape (B,).
    test_loader : torch.utils.data.DataLoader
        10,000 test items in file order, batched the same way.

    Raises
    ------
    FileNotFoundError
        If the files are missing and ``download`` is False (see :func:`cnnlib.data.load_fashion_mnist`
        for the other errors).
    """
    import torch
    from torch.utils.data import DataLoader, TensorDataset

    def dataset(split):
        images, labels = load_fashion_mnist(split, root, download)
        x = torch.from_numpy(standardize(images) if normalize else images / np.float32(255))
        x = x.unsqueeze(1)
        return TensorDataset(x, torch.from_numpy(labels))

    generator = torch.Generator().manual_seed(seed)
    train = DataLoader(
        dataset("train"), batch_size=batch_size, shuffle=True, generator=generator, num_workers=num_workers
    )
    test = DataLoader(dataset("test"), batch_size=batch_size, shuffle=False, num_workers=num_workers)
    return train, test


__all__ = ["fashion_mnist_loaders"]
