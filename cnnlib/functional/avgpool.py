"""Pooling by weighted sums in NumPy: average and distance-weighted average pooling, forward
and backward, and the machinery :mod:`cnnlib.functional.lppool` shares (chapter 4,
:ref:`sec-invariance`).

Each output is a fixed weighted sum over its window (for L_p pooling, of ``x^p``), so one
pair of helpers serves all three: :func:`window_sum` and its adjoint, which sends each
output's gradient back to its window with the same weights. Functions follow the package's
forward/backward convention (see :mod:`cnnlib.functional`).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from cnnlib.functional.shapes import Pair, check_grad, pair
from cnnlib.functional.windows import pad_hw, pool_setup, unpad_hw, window_offsets


class PoolSaved(NamedTuple):
    """What :func:`cnnlib.functional.pool_backward_from` needs from the forward functions of
    this module (:ref:`ch-pooling`).

    Attributes
    ----------
    weights : numpy.ndarray, shape (KH, KW)
        Each window element's weight (all ones for L_p pooling).
    x : numpy.ndarray, shape (N, C, H, W)
        The input (L_p pooling needs its values).
    stride : tuple (SH, SW)
    padding : tuple (PH, PW)
    out : numpy.ndarray, shape (N, C, OH, OW)
        The output.
    norm_type : float or None
        ``p`` for L_p pooling, None for the averages.
    """

    weights: np.ndarray
    x: np.ndarray
    stride: Pair
    padding: Pair
    out: np.ndarray
    norm_type: float | None


def window_sum(x: np.ndarray, weights: np.ndarray, stride: Pair, padding: Pair, out_hw: Pair) -> np.ndarray:
    r"""Weighted sum over every window of ``x``, zero-padded (:ref:`ch-pooling`).

    .. math:: y_{n,c,i,j} = \sum_{u,v} w_{uv}\, x^{pad}_{n,c,\,i S_H + u,\,j S_W + v}

    Parameters
    ----------
    x : numpy.ndarray, shape (N, C, H, W)
    weights : numpy.ndarray, shape (KH, KW)
    stride : tuple (SH, SW)
    padding : tuple (PH, PW)
    out_hw : tuple (OH, OW)
        The output size, from ``pool_setup``.

    Returns
    -------
    out : numpy.ndarray, shape (N, C, OH, OW)
    """
    xp = pad_hw(x, padding, 0.0)
    out = np.zeros((*x.shape[:2], *out_hw), dtype=x.dtype)
    for u, v, index in window_offsets(weights.shape, stride, out_hw):
        out += weights[u, v] * xp[index]
    return out


def window_sum_backward(
    grad_output: np.ndarray, x_shape, weights: np.ndarray, stride: Pair, padding: Pair
) -> np.ndarray:
    """The adjoint of ``window_sum``: element ``(u, v)`` of each window receives
    ``weights[u, v]`` times that window's gradient; overlaps add up (:ref:`ch-pooling`).

    Parameters
    ----------
    grad_output : numpy.ndarray, shape (N, C, OH, OW)
    x_shape : tuple (N, C, H, W)
        The shape of the forward input.
    weights : numpy.ndarray, shape (KH, KW)
    stride : tuple (SH, SW)
    padding : tuple (PH, PW)

    Returns
    -------
    grad_input : numpy.ndarray, shape (N, C, H, W)
    """
    n, c, h, w = x_shape
    grad = np.zeros((n, c, h + 2 * padding[0], w + 2 * padding[1]), dtype=grad_output.dtype)
    for u, v, index in window_offsets(weights.shape, stride, grad_output.shape[2:]):
        grad[index] += weights[u, v] * grad_output
    return unpad_hw(grad, padding, x_shape)


def _weighted_forward(x, weights, stride, padding, what):
    x, _, stride, padding, out_hw = pool_setup(x, weights.shape, stride, padding, what)
    out = window_sum(x, weights, stride, padding, out_hw)
    return out, PoolSaved(weights, x, stride, padding, out, None)


def pool_backward_from(grad_output: np.ndarray, saved: PoolSaved) -> np.ndarray:
    r"""Gradient w.r.t. ``x`` of any pooling of this module, from what its forward saved
    (:ref:`ch-pooling`).

    Averages: the adjoint of the weighted window sum. L_p pooling, :math:`y = (\sum x^p)^{1/p}`:
    :math:`\partial y / \partial x = x^{p-1} y^{1-p}` (for p = 2, ``x / y``); where a window's
    sum is zero (an all-zero window, common after ReLU) the gradient is 0, as PyTorch defines
    it, instead of the formula's 0/0.

    Parameters
    ----------
    grad_output : numpy.ndarray, shape (N, C, OH, OW)
        Gradient of the loss w.r.t. the pooling's output.
    saved : PoolSaved
        From :func:`avg_pool2d_forward`, :func:`weighted_avg_pool2d_forward` or
        :func:`lp_pool2d_forward`.

    Returns
    -------
    grad_input : numpy.ndarray, shape (N, C, H, W)

    Raises
    ------
    TypeError
        If ``grad_output`` is not a floating-point array.
    ValueError
        If ``grad_output`` does not have the forward output's shape.
    """
    weights, x, stride, padding, out, p = saved
    grad_output = check_grad(grad_output, out.shape)
    if p is None:
        return window_sum_backward(grad_output, x.shape, weights, stride, padding)
    nonzero = out != 0
    y = np.where(nonzero, out, 1.0)  # 1 stands in for 0: no division by zero
    scaled = np.where(nonzero, grad_output * y ** (1 - p), 0.0)
    return window_sum_backward(scaled, x.shape, weights, stride, padding) * x ** (p - 1)


def avg_pool2d(x: np.ndarray, kernel_size, stride=None, padding=0) -> np.ndarray:
    r"""Average pooling over each channel (:ref:`ch-pooling`).

    .. math:: y_{n,c,i,j} = \frac{1}{K_H K_W} \sum_{u,v} x^{pad}_{n,c,\,i S_H + u,\,j S_W + v}

    Like ``torch.nn.functional.avg_pool2d`` with its defaults (``count_include_pad=True``:
    padded zeros count towards the KH*KW divisor). Boureau, Ponce and LeCun (2010) compare it
    with max pooling.

    Parameters
    ----------
    x : numpy.ndarray, shape (N, C, H, W)
    kernel_size : int or tuple (KH, KW)
    stride : int or tuple (SH, SW), default ``kernel_size``
    padding : int or tuple (PH, PW), default 0
        Zeros added on each side; at most half the kernel size.

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
    return avg_pool2d_forward(x, kernel_size, stride, padding)[0]


def avg_pool2d_forward(x: np.ndarray, kernel_size, stride=None, padding=0) -> tuple[np.ndarray, PoolSaved]:
    """:func:`avg_pool2d`, also returning what :func:`pool_backward_from` needs (:ref:`ch-pooling`).

    Parameters
    ----------
    x : numpy.ndarray, shape (N, C, H, W)
    kernel_size : int or tuple (KH, KW)
    stride : int or tuple (SH, SW), default ``kernel_size``
    padding : int or tuple (PH, PW), default 0

    Returns
    -------
    out : numpy.ndarray, shape (N, C, OH, OW)
        As in :func:`avg_pool2d`.
    saved : PoolSaved
        Uniform weights 1/(KH*KW), the input and the output.

    Raises
    ------
    TypeError
        As :func:`avg_pool2d`.
    ValueError
        As :func:`avg_pool2d`.
    """
    kh, kw = pair(kernel_size, "kernel_size")
    return _weighted_forward(x, np.full((kh, kw), 1 / (kh * kw)), stride, padding, "avg_pool2d")


def avg_pool2d_backward(grad_output: np.ndarray, x: np.ndarray, kernel_size, stride=None, padding=0) -> np.ndarray:
    """Gradient of :func:`avg_pool2d` w.r.t. ``x``, stateless (:ref:`ch-pooling`).

    Each output spreads its gradient evenly, 1/(KH*KW) to every element of its window.

    Parameters
    ----------
    grad_output : numpy.ndarray, shape (N, C, OH, OW)
    x : numpy.ndarray, shape (N, C, H, W)
    kernel_size : int or tuple (KH, KW)
    stride : int or tuple (SH, SW), default ``kernel_size``
    padding : int or tuple (PH, PW), default 0

    Returns
    -------
    grad_input : numpy.ndarray, shape (N, C, H, W)
    """
    return pool_backward_from(grad_output, avg_pool2d_forward(x, kernel_size, stride, padding)[1])


def distance_weights(kernel_size, sigma: float = 1.0) -> np.ndarray:
    r"""Gaussian weights of a pooling window, by distance from its centre, summing to 1
    (:ref:`ch-pooling`).

    .. math:: w_{uv} \propto \exp\big(-d_{uv}^2 / (2\sigma^2)\big),
       \quad d_{uv}^2 = (u - c_H)^2 + (v - c_W)^2,\; c = (K - 1)/2

    Parameters
    ----------
    kernel_size : int or tuple (KH, KW)
    sigma : float, default 1.0
        The spread in pixels, positive.

    Returns
    -------
    weights : numpy.ndarray, shape (KH, KW)

    Raises
    ------
    TypeError
        If ``kernel_size`` is not an int or a pair of ints.
    ValueError
        If ``sigma <= 0``.
    """
    kh, kw = pair(kernel_size, "kernel_size")
    if sigma <= 0:
        raise ValueError(f"sigma must be positive, got {sigma}")
    u, v = np.mgrid[0:kh, 0:kw]
    w = np.exp(-((u - (kh - 1) / 2) ** 2 + (v - (kw - 1) / 2) ** 2) / (2 * sigma**2))
    return w / w.sum()


def weighted_avg_pool2d(x: np.ndarray, kernel_size, stride=None, padding=0, sigma: float = 1.0) -> np.ndarray:
    r"""Distance-weighted average pooling: the centre of each window counts most
    (:ref:`ch-pooling`).

    .. math:: y_{n,c,i,j} = \sum_{u,v} w_{uv}\, x^{pad}_{n,c,\,i S_H + u,\,j S_W + v}

    with :math:`w` from :func:`distance_weights`. Padding counts as zeros.

    Parameters
    ----------
    x : numpy.ndarray, shape (N, C, H, W)
    kernel_size : int or tuple (KH, KW)
    stride : int or tuple (SH, SW), default ``kernel_size``
    padding : int or tuple (PH, PW), default 0
    sigma : float, default 1.0
        Spread of the weights in pixels.

    Returns
    -------
    out : numpy.ndarray, shape (N, C, OH, OW)
        Output size as in :func:`avg_pool2d`.

    Raises
    ------
    TypeError
        As :func:`avg_pool2d`.
    ValueError
        As :func:`avg_pool2d`, or if ``sigma <= 0``.
    """
    return weighted_avg_pool2d_forward(x, kernel_size, stride, padding, sigma)[0]


def weighted_avg_pool2d_forward(
    x: np.ndarray, kernel_size, stride=None, padding=0, sigma: float = 1.0
) -> tuple[np.ndarray, PoolSaved]:
    """:func:`weighted_avg_pool2d`, also returning what :func:`pool_backward_from` needs
    (:ref:`ch-pooling`).

    Parameters
    ----------
    x : numpy.ndarray, shape (N, C, H, W)
    kernel_size : int or tuple (KH, KW)
    stride : int or tuple (SH, SW), default ``kernel_size``
    padding : int or tuple (PH, PW), default 0
    sigma : float, default 1.0

    Returns
    -------
    out : numpy.ndarray, shape (N, C, OH, OW)
    saved : PoolSaved
    """
    return _weighted_forward(x, distance_weights(kernel_size, sigma), stride, padding, "weighted_avg_pool2d")


def weighted_avg_pool2d_backward(
    grad_output: np.ndarray, x: np.ndarray, kernel_size, stride=None, padding=0, sigma: float = 1.0
) -> np.ndarray:
    """Gradient of :func:`weighted_avg_pool2d` w.r.t. ``x``, stateless (:ref:`ch-pooling`).

    Element ``(u, v)`` of each window receives ``w_uv`` times that window's gradient.

    Parameters
    ----------
    grad_output : numpy.ndarray, shape (N, C, OH, OW)
    x : numpy.ndarray, shape (N, C, H, W)
    kernel_size : int or tuple (KH, KW)
    stride : int or tuple (SH, SW), default ``kernel_size``
    padding : int or tuple (PH, PW), default 0
    sigma : float, default 1.0

    Returns
    -------
    grad_input : numpy.ndarray, shape (N, C, H, W)
    """
    saved = weighted_avg_pool2d_forward(x, kernel_size, stride, padding, sigma)[1]
    return pool_backward_from(grad_output, saved)


__all__ = [
    "PoolSaved",
    "avg_pool2d",
    "avg_pool2d_backward",
    "avg_pool2d_forward",
    "distance_weights",
    "pool_backward_from",
    "weighted_avg_pool2d",
    "weighted_avg_pool2d_backward",
    "weighted_avg_pool2d_forward",
    "window_sum",
    "window_sum_backward",
]
