"""Fashion-MNIST in batches, the form :func:`cnnlib.train.fit` takes (:ref:`sec-train-convnet1`).

The whole dataset fits in memory (60,000 images of 28x28 float32 are 188 MB), so a batch is a
slice of two tensors, reshuffled once per epoch: :class:`TensorLoader`. PyTorch's
``DataLoader`` indexes and collates image by image, which cost about 12% of the training speed
of the book's network (``benchmarks/loader_speed.py``, :ref:`sec-fast-loader`). The arrays come
from :mod:`cnnlib.data`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import torch
from torch.utils.data import TensorDataset

from cnnlib.data import load_fashion_mnist, standardize

#: A batch transform: ``(x, generator) -> x`` on images of shape (B, C, H, W).
Transform = Callable[[torch.Tensor, torch.Generator], torch.Tensor]


class TensorLoader:
    """Batches ``(x[i:i+B], y[i:i+B])`` of two in-memory tensors, reshuffled each epoch (:ref:`sec-fast-loader`).

    Iterating yields ``ceil(N / B)`` batches; the last one is smaller when B does not divide N.
    With ``shuffle``, each pass first draws a permutation of the N items from a generator seeded
    once with ``seed``, so pass k of any run with the same seed sees the same batches: the same
    batches as ``DataLoader(TensorDataset(x, y), B, shuffle=True, generator=g)`` with ``g``
    seeded alike, since the loader draws the same random numbers in the same order. A
    ``transform`` (for example :func:`cnnlib.augment.augment`) changes each training batch,
    drawing its randomness from the same generator.

    Parameters
    ----------
    x : torch.Tensor, shape (N, C, H, W)
        The images.
    y : torch.Tensor, shape (N,)
        Their int64 labels.
    batch_size : int, default 100
        Items per batch, B, at least 1.
    shuffle : bool, default False
        Reshuffle at the start of every pass.
    seed : int, default 0
        Seeds the shuffling and the transform.
    transform : callable, optional
        ``transform(x, generator)`` applied to each batch of images.

    Raises
    ------
    ValueError
        If ``x`` and ``y`` have different lengths, ``x`` is not 4-D, or ``batch_size < 1``.

    Examples
    --------
    >>> loader = TensorLoader(torch.zeros(5, 1, 2, 2), torch.arange(5), batch_size=2)
    >>> [tuple(y.tolist()) for _, y in loader]
    [(0, 1), (2, 3), (4,)]
    """

    def __init__(
        self,
        x: torch.Tensor,
        y: torch.Tensor,
        batch_size: int = 100,
        shuffle: bool = False,
        seed: int = 0,
        transform: Transform | None = None,
    ):
        if x.dim() != 4:
            raise ValueError(f"x must have shape (N, C, H, W), got {tuple(x.shape)}")
        if len(x) != len(y):
            raise ValueError(f"x has {len(x)} items but y has {len(y)}: they must match")
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size}")
        self.x, self.y, self.batch_size = x, y, batch_size
        self.shuffle, self.transform = shuffle, transform
        self.generator = torch.Generator().manual_seed(seed)

    @property
    def dataset(self) -> TensorDataset:
        """The items as a ``TensorDataset`` (``dataset.tensors`` is ``(x, y)``), as ``DataLoader`` has."""
        return TensorDataset(self.x, self.y)

    def __len__(self) -> int:
        return -(-len(self.y) // self.batch_size)

    def __iter__(self) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
        x, y = self.x, self.y
        if self.shuffle:
            # The same draws as a DataLoader with shuffle=True and this generator (PyTorch 2.x):
            # one int64 for its workers' base seed, the sampler's permutation, and a second
            # permutation the sampler draws for an (empty) remainder. So a seeded TensorLoader
            # gives the same batches, and the same trained network, as the seeded DataLoader.
            torch.empty((), dtype=torch.int64).random_(generator=self.generator)
            order = torch.randperm(len(y), generator=self.generator)
            torch.randperm(len(y), generator=self.generator)
            x, y = x[order], y[order]
        for start in range(0, len(y), self.batch_size):
            batch = x[start : start + self.batch_size]
            if self.transform is not None:
                batch = self.transform(batch, self.generator)
            yield batch, y[start : start + self.batch_size]


def _tensors(split: str, root, download: bool, normalize: bool) -> tuple[torch.Tensor, torch.Tensor]:
    images, labels = load_fashion_mnist(split, root, download)
    x = torch.from_numpy(standardize(images) if normalize else images / np.float32(255))
    return x.unsqueeze(1), torch.from_numpy(labels).long()


def fashion_mnist_loaders(
    batch_size: int = 100,
    root: str | Path | None = None,
    download: bool = True,
    seed: int = 0,
    normalize: bool = True,
    transform: Transform | None = None,
) -> tuple[TensorLoader, TensorLoader]:
    """Loaders for training (shuffled, seeded) and test (in order).

    Images become float32 tensors scaled to [0, 1] and, when ``normalize``, standardised
    with :data:`cnnlib.data.MEAN` and :data:`cnnlib.data.STD` (see :func:`cnnlib.data.standardize`).
    Used to train the NumPy network in :ref:`sec-numpy-training` and ``ConvNet1`` in
    :ref:`sec-train-convnet1`; :func:`fashion_mnist_splits` also holds out a validation set.

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
    normalize : bool, default True
        Standardise the pixels; if False, they stay in [0, 1].
    transform : callable, optional
        Applied to each training batch (:class:`TensorLoader`); the test set is never transformed.

    Returns
    -------
    train_loader : TensorLoader
        60,000 training items, shuffled: batches of images, float32 of shape (B, 1, 28, 28),
        and labels, int64 of shape (B,).
    test_loader : TensorLoader
        10,000 test items in file order, batched the same way.

    Raises
    ------
    FileNotFoundError
        If the files are missing and ``download`` is False (see :func:`cnnlib.data.load_fashion_mnist`
        for the other errors).
    """
    x, y = _tensors("train", root, download, normalize)
    train = TensorLoader(x, y, batch_size, shuffle=True, seed=seed, transform=transform)
    return train, TensorLoader(*_tensors("test", root, download, normalize), batch_size)


def fashion_mnist_splits(
    batch_size: int = 100,
    validation: int = 10_000,
    root: str | Path | None = None,
    download: bool = True,
    seed: int = 0,
    transform: Transform | None = None,
) -> tuple[TensorLoader, TensorLoader, TensorLoader]:
    """Training, validation and test loaders: ``validation`` training images held out.

    The held-out images are the first ``validation`` of a permutation of the 60,000 drawn from
    a generator seeded with 0, whatever ``seed`` is, so every run and every chapter validates on
    the same images (:ref:`sec-how-sure`, :ref:`ch-beyond-90`). Choose epochs and settings on
    the validation loader; use the test loader once, at the end.

    Parameters
    ----------
    batch_size : int, default 100
        Items per batch, B.
    validation : int, default 10,000
        Training images held out, 1 to 59,999.
    root : str or Path, optional
        A folder to look in first (see :func:`cnnlib.data.load_fashion_mnist`).
    download : bool, default True
        Download the files when they are not found.
    seed : int, default 0
        Seeds the shuffling of the remaining training images and the ``transform``.
    transform : callable, optional
        Applied to each training batch only.

    Returns
    -------
    train_loader : TensorLoader
        ``60,000 - validation`` standardised images (B, 1, 28, 28) and labels (B,), shuffled.
    validation_loader : TensorLoader
        The ``validation`` held-out images, in a fixed order.
    test_loader : TensorLoader
        The 10,000 test images, in file order.

    Raises
    ------
    ValueError
        If ``validation`` is not between 1 and 59,999.
    FileNotFoundError
        If the files are missing and ``download`` is False.
    """
    if not 1 <= validation < 60_000:
        raise ValueError(f"validation must be between 1 and 59,999 training images, got {validation}")
    x, y = _tensors("train", root, download, True)
    order = torch.randperm(len(y), generator=torch.Generator().manual_seed(0))
    held_out, kept = order[:validation], order[validation:]
    train = TensorLoader(x[kept], y[kept], batch_size, shuffle=True, seed=seed, transform=transform)
    held = TensorLoader(x[held_out], y[held_out], batch_size)
    return train, held, TensorLoader(*_tensors("test", root, download, True), batch_size)


__all__ = ["TensorLoader", "Transform", "fashion_mnist_loaders", "fashion_mnist_splits"]
