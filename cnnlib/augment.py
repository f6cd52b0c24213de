"""Data augmentation for clothes, on whole batches (:ref:`sec-augmentation`).

Each function takes a batch of images of shape (B, C, H, W) and a ``torch.Generator`` and
returns a new batch of the same shape, each image changed by its own random draw. They are
vectorised over the batch, so augmenting costs little next to a training step. Pass
:func:`augment` as the ``transform`` of :class:`cnnlib.loaders.TensorLoader`.
:class:`FlipAverage` uses the mirror at prediction time instead (:ref:`sec-test-flip`).
"""

from __future__ import annotations

import torch
from torch import nn
from torch.nn import functional as F


def random_shift(
    x: torch.Tensor, generator: torch.Generator, max_shift: int = 2, fill: float | None = None
) -> torch.Tensor:
    """Move each image by a random whole number of pixels, up to ``max_shift`` per axis (:ref:`sec-augmentation`).

    The image is padded by ``max_shift`` pixels of ``fill`` on every side and an H x W window is
    cut at a random offset: out[n, c, i, j] = padded[n, c, i + dy_n, j + dx_n], with dy_n, dx_n
    uniform in {0, ..., 2 ``max_shift``}. Pixels moved out of the frame are lost.

    Parameters
    ----------
    x : torch.Tensor, shape (B, C, H, W)
    generator : torch.Generator
        The source of the offsets.
    max_shift : int, default 2
        Largest shift in pixels, at least 0.
    fill : float, optional
        Value of the uncovered pixels; default the smallest value in ``x`` (the background of a
        standardised Fashion-MNIST image).

    Returns
    -------
    torch.Tensor, shape (B, C, H, W)

    Raises
    ------
    ValueError
        If ``x`` is not 4-D or ``max_shift`` is negative.
    """
    _check(x)
    if max_shift < 0:
        raise ValueError(f"max_shift must be at least 0, got {max_shift}")
    n, _, h, w = x.shape
    fill = x.min().item() if fill is None else fill
    padded = F.pad(x, (max_shift,) * 4, value=fill)
    dy, dx = torch.randint(0, 2 * max_shift + 1, (2, n), generator=generator)
    rows = (dy[:, None] + torch.arange(h))[:, :, None]
    cols = (dx[:, None] + torch.arange(w))[:, None, :]
    # advanced indices around a slice put their broadcast shape (B, H, W) first: (B, H, W, C)
    return padded[torch.arange(n)[:, None, None], :, rows, cols].permute(0, 3, 1, 2)


def random_hflip(x: torch.Tensor, generator: torch.Generator, p: float = 0.5) -> torch.Tensor:
    """Mirror each image left to right with probability ``p``: out[..., j] = x[..., W - 1 - j].

    A mirrored shirt is still a shirt; an upside-down one is not what a camera sees, which is
    why the book flips horizontally only (:ref:`sec-augmentation`).

    Parameters
    ----------
    x : torch.Tensor, shape (B, C, H, W)
    generator : torch.Generator
    p : float, default 0.5
        Probability of a flip, 0 to 1.

    Returns
    -------
    torch.Tensor, shape (B, C, H, W)

    Raises
    ------
    ValueError
        If ``x`` is not 4-D or ``p`` is outside [0, 1].
    """
    _check(x)
    if not 0 <= p <= 1:
        raise ValueError(f"p must be a probability between 0 and 1, got {p}")
    flip = torch.rand(len(x), generator=generator) < p
    return torch.where(flip[:, None, None, None], x.flip(3), x)


def augment(x: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    """The book's augmentation: a random flip, then a shift by up to 2 pixels (:ref:`sec-augmentation`).

    Parameters
    ----------
    x : torch.Tensor, shape (B, C, H, W)
    generator : torch.Generator

    Returns
    -------
    torch.Tensor, shape (B, C, H, W)
    """
    return random_shift(random_hflip(x, generator), generator, max_shift=2)


class FlipAverage(nn.Module):
    """Predict from an image and its mirror image: log((softmax(net(x)) + softmax(net(x'))) / 2).

    x' is x mirrored left to right (x'[..., j] = x[..., W - 1 - j]). The output is the log of
    the mean of the two probability vectors, so it can stand wherever ``net``'s scores do: its
    softmax is that mean, its argmax the class the two views favour together, and cross-entropy
    on it is the loss of the averaged prediction. It costs two forward passes and no training
    (:ref:`sec-test-flip`). The wrapper has no weights of its own: save and load ``net``.

    Parameters
    ----------
    net : torch.nn.Module
        A classifier, images (N, C, H, W) to scores (N, K).

    Examples
    --------
    >>> import torch
    >>> net = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(4, 3))
    >>> x = torch.randn(2, 1, 2, 2)
    >>> torch.allclose(FlipAverage(net)(x), FlipAverage(net)(x.flip(3)))
    True
    """

    def __init__(self, net: nn.Module):
        super().__init__()
        self.net = net

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Log of the mean probabilities, shape (N, K), for x of shape (N, C, H, W)."""
        return self.both(x)[1]

    def both(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """``net(x)`` and the averaged log-probabilities, each (N, K), from the same two passes."""
        _check(x)
        scores = self.net(x)
        both = torch.stack([scores.log_softmax(1), self.net(x.flip(3)).log_softmax(1)])
        return scores, torch.logsumexp(both, dim=0) - torch.log(torch.tensor(2.0, dtype=both.dtype))


def _check(x: torch.Tensor) -> None:
    if x.dim() != 4:
        raise ValueError(f"expected a batch of images of shape (B, C, H, W), got {tuple(x.shape)}")


__all__ = ["FlipAverage", "augment", "random_hflip", "random_shift"]
