"""Max pooling in NumPy, forward and backward (chapter 4).

Pooling acts on each channel separately and has no parameters; the window sweep is shared
with the other poolings (:mod:`cnnlib.functional.windows`, :mod:`cnnlib.functional.avgpool`).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from cnnlib.functional.shapes import Pair, check_grad
from cnnlib.functional.windows import pad_hw, pool_setup, unpad_hw, window_offsets


class MaxPoolSaved(NamedTuple):
    """What :func:`max_pool2d_backward_from` needs from :func:`max_pool2d_forward`."""

    winners: np.ndarray  #: (N, C, OH, OW), each window's first maximum, 0..KH*KW-1 row-major
    x_shape: tuple[int, ...]  #: (N, C, H, W)
    kernel: Pair
    stride: Pair
    padding: Pair


def max_pool2d(x: np.ndarray, kernel_size, stride=None, padding=0) -> np.ndarray:
    """Max pooling, like ``torch.nn.functional.max_pool2d``; padding counts as -inf
    (:ref:`sec-invariance`).

    .. math:: y_{n,c,i,j} = \\max_{0 \\le u < K_H,\\, 0 \\le v < K_W} x^{pad}_{n,c,\\,i S_H + u,\\,j S_W + v}

    Parameters
    ----------
    x : array of shape (N, C, H, W)
    kernel_size : int or (KH, KW)
    stride : int or (SH, SW), default ``kernel_size``
    padding : int or (PH, PW), at most half the kernel size

    Returns
    -------
    array of shape (N, C, OH, OW), ``OH = floor((H - KH + 2 PH) / SH) + 1``, likewise ``OW``
    """
    return max_pool2d_forward(x, kernel_size, stride, padding)[0]


def max_pool2d_forward(x: np.ndarray, kernel_size, stride=None, padding=0) -> tuple[np.ndarray, MaxPoolSaved]:
    """:func:`max_pool2d`, also returning each window's winner for the backward pass.

    The winner is the position of the window's first maximum in row-major order, as in
    PyTorch (:ref:`sec-maxpool-backward`): the offsets are scanned backwards, marking
    where the element equals the maximum, so the first maximum is marked last and wins.
    One small integer per output is all the backward pass needs.
    """
    x, kernel, stride, padding, out_hw = pool_setup(x, kernel_size, stride, padding, "max_pool2d")
    xp = pad_hw(x, padding, -np.inf)
    out = np.full((*x.shape[:2], *out_hw), -np.inf, dtype=x.dtype)
    for _, _, index in window_offsets(kernel, stride, out_hw):
        np.maximum(out, xp[index], out=out)
    winners = np.zeros(out.shape, dtype=np.uint8 if kernel[0] * kernel[1] <= 256 else np.intp)
    for k, (_, _, index) in reversed(list(enumerate(window_offsets(kernel, stride, out_hw)))):
        np.copyto(winners, k, where=xp[index] == out)  # an earlier maximum overwrites a later one
    return out, MaxPoolSaved(winners, x.shape, kernel, stride, padding)


def max_pool2d_backward(grad_output: np.ndarray, x: np.ndarray, kernel_size, stride=None, padding=0) -> np.ndarray:
    """Gradient of :func:`max_pool2d` w.r.t. ``x``, stateless (reruns the forward).

    Each window's gradient goes to its maximum only. When several elements tie for the
    maximum it goes to the first of them in row-major order, as in PyTorch; giving it to
    every tied element would multiply the gradient.

    Parameters
    ----------
    grad_output : array of shape (N, C, OH, OW)
    x, kernel_size, stride, padding : the arguments of the forward call

    Returns
    -------
    array of shape (N, C, H, W)
    """
    return max_pool2d_backward_from(grad_output, max_pool2d_forward(x, kernel_size, stride, padding)[1])


def max_pool2d_backward_from(grad_output: np.ndarray, saved: MaxPoolSaved) -> np.ndarray:
    """Send each window's gradient to its saved winner; shapes as in :func:`max_pool2d_backward`."""
    winners, x_shape, kernel, stride, padding = saved
    grad_output = check_grad(grad_output, winners.shape)
    n, c, h, w = x_shape
    grad = np.zeros((n, c, h + 2 * padding[0], w + 2 * padding[1]), dtype=grad_output.dtype)
    for k, (_, _, index) in enumerate(window_offsets(kernel, stride, winners.shape[2:])):
        grad[index] += grad_output * (winners == k)
    return unpad_hw(grad, padding, x_shape)
