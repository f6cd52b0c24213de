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
    """What :func:`cnnlib.functional.max_pool2d_backward_from` needs from
    :func:`cnnlib.functional.max_pool2d_forward` (:ref:`sec-maxpool-backward`).

    Attributes
    ----------
    winners : numpy.ndarray of uint8 or intp, shape (N, C, OH, OW)
        Each window's first maximum, as a row-major offset 0 .. KH*KW - 1 inside the window.
    x_shape : tuple (N, C, H, W)
        The shape of the input.
    kernel : tuple (KH, KW)
    stride : tuple (SH, SW)
    padding : tuple (PH, PW)
    """

    winners: np.ndarray
    x_shape: tuple[int, ...]
    kernel: Pair
    stride: Pair
    padding: Pair


def max_pool2d(x: np.ndarray, kernel_size, stride=None, padding=0) -> np.ndarray:
    r"""Max pooling over each channel; padding counts as -inf (:ref:`ch-pooling`).

    .. math:: y_{n,c,i,j} = \max_{0 \le u < K_H,\, 0 \le v < K_W} x^{pad}_{n,c,\,i S_H + u,\,j S_W + v}

    Like ``torch.nn.functional.max_pool2d`` (without ``dilation`` and ``ceil_mode``). Boureau,
    Ponce and LeCun (2010) analyse when max pooling beats average pooling; how much shift it
    forgives is measured in :ref:`sec-invariance`.

    Parameters
    ----------
    x : numpy.ndarray, shape (N, C, H, W)
    kernel_size : int or tuple (KH, KW)
    stride : int or tuple (SH, SW), default ``kernel_size``
    padding : int or tuple (PH, PW), default 0
        Added on each side; at most half the kernel size.

    Returns
    -------
    out : numpy.ndarray, shape (N, C, OH, OW)
        :math:`OH = \lfloor (H + 2 P_H - K_H) / S_H \rfloor + 1`, likewise ``OW``.

    Raises
    ------
    TypeError
        If ``x`` is not a floating-point array, or a size is not an int or a pair of ints.
    ValueError
        If ``x`` is not 4-D, ``padding`` exceeds half the kernel, or the window does not fit.
    """
    return max_pool2d_forward(x, kernel_size, stride, padding)[0]


def max_pool2d_forward(x: np.ndarray, kernel_size, stride=None, padding=0) -> tuple[np.ndarray, MaxPoolSaved]:
    """:func:`max_pool2d`, also returning each window's winner for the backward pass
    (:ref:`sec-maxpool-backward`).

    The winner is the position of the window's first maximum in row-major order, as in
    PyTorch: the offsets are scanned backwards, marking where the element equals the maximum,
    so the first maximum is marked last and wins. One small integer per output is all the
    backward pass needs.

    Parameters
    ----------
    x : numpy.ndarray, shape (N, C, H, W)
    kernel_size : int or tuple (KH, KW)
    stride : int or tuple (SH, SW), default ``kernel_size``
    padding : int or tuple (PH, PW), default 0

    Returns
    -------
    out : numpy.ndarray, shape (N, C, OH, OW)
        As in :func:`max_pool2d`.
    saved : MaxPoolSaved
        The winners, of shape (N, C, OH, OW), and the sizes.

    Raises
    ------
    TypeError
        As :func:`max_pool2d`.
    ValueError
        As :func:`max_pool2d`.
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
    """Gradient of :func:`max_pool2d` w.r.t. ``x``, stateless: reruns the forward
    (:ref:`sec-maxpool-backward`).

    Each window's gradient goes to its maximum only. When several elements tie for the
    maximum it goes to the first of them in row-major order, as in PyTorch; giving it to
    every tied element would multiply the gradient.

    Parameters
    ----------
    grad_output : numpy.ndarray, shape (N, C, OH, OW)
        Gradient of the loss w.r.t. the output of :func:`max_pool2d`.
    x : numpy.ndarray, shape (N, C, H, W)
    kernel_size : int or tuple (KH, KW)
    stride : int or tuple (SH, SW), default ``kernel_size``
    padding : int or tuple (PH, PW), default 0

    Returns
    -------
    grad_input : numpy.ndarray, shape (N, C, H, W)

    Raises
    ------
    TypeError
        If an array is not floating point, or a size is not an int or a pair of ints.
    ValueError
        As :func:`max_pool2d`, or if ``grad_output`` does not have the output's shape.
    """
    return max_pool2d_backward_from(grad_output, max_pool2d_forward(x, kernel_size, stride, padding)[1])


def max_pool2d_backward_from(grad_output: np.ndarray, saved: MaxPoolSaved) -> np.ndarray:
    """Send each window's gradient to its saved winner (:ref:`sec-maxpool-backward`).

    Parameters
    ----------
    grad_output : numpy.ndarray, shape (N, C, OH, OW)
        Gradient of the loss w.r.t. the output of :func:`max_pool2d`.
    saved : MaxPoolSaved
        From :func:`max_pool2d_forward`.

    Returns
    -------
    grad_input : numpy.ndarray, shape (N, C, H, W)
        Zero except at each window's winner; overlapping windows add up.

    Raises
    ------
    TypeError
        If ``grad_output`` is not a floating-point array.
    ValueError
        If ``grad_output`` does not have the forward output's shape.
    """
    winners, x_shape, kernel, stride, padding = saved
    grad_output = check_grad(grad_output, winners.shape)
    n, c, h, w = x_shape
    grad = np.zeros((n, c, h + 2 * padding[0], w + 2 * padding[1]), dtype=grad_output.dtype)
    for k, (_, _, index) in enumerate(window_offsets(kernel, stride, winners.shape[2:])):
        grad[index] += grad_output * (winners == k)
    return unpad_hw(grad, padding, x_shape)
