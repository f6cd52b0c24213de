"""Pooling by weighted sums in NumPy: average, distance-weighted average and L_p-norm
pooling, forward and backward (chapter 4, :ref:`sec-invariance`).

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
    """What the ``*_backward_from`` functions of this module need from their forward."""

    weights: np.ndarray  #: (KH, KW), each window element's weight
    x: np.ndarray  #: (N, C, H, W), the input (L_p pooling needs its values)
    stride: Pair
    padding: Pair
    out: np.ndarray  #: (N, C, OH, OW), the output
    norm_type: float | None  #: p for L_p pooling, None for the averages


def window_sum(x: np.ndarray, weights: np.ndarray, stride: Pair, padding: Pair, out_hw: Pair) -> np.ndarray:
    """``sum_{u,v} weights[u, v] * xpad[n, c, i SH + u, j SW + v]``, zero padding: shape (N, C, OH, OW)."""
    xp = pad_hw(x, padding, 0.0)
    out = np.zeros((*x.shape[:2], *out_hw), dtype=x.dtype)
    for u, v, index in window_offsets(weights.shape, stride, out_hw):
        out += weights[u, v] * xp[index]
    return out


def window_sum_backward(
    grad_output: np.ndarray, x_shape, weights: np.ndarray, stride: Pair, padding: Pair
) -> np.ndarray:
    """The adjoint of :func:`window_sum`: element ``(u, v)`` of each window receives
    ``weights[u, v]`` times that window's gradient (overlaps add up). Shape ``x_shape``."""
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
    """Gradient w.r.t. ``x`` of any pooling of this module, from what its forward saved.

    Averages: ``grad_x = window_sum_backward(g)``. L_p pooling, ``y = (sum x^p)^(1/p)``:
    ``dy/dx = x^(p-1) y^(1-p)`` (for p = 2, ``x / y``); where a window's sum is zero (an
    all-zero window, common after ReLU) the gradient is 0, as PyTorch defines it, instead of
    the formula's 0/0.

    Parameters
    ----------
    grad_output : array of shape (N, C, OH, OW)
    saved : PoolSaved, from :func:`avg_pool2d_forward`, :func:`weighted_avg_pool2d_forward`
        or :func:`lp_pool2d_forward`

    Returns
    -------
    array of shape (N, C, H, W)
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
    """Average pooling, like ``torch.nn.functional.avg_pool2d`` with its defaults
    (``count_include_pad=True``: padded zeros count towards the KH*KW divisor).

    .. math:: y_{n,c,i,j} = \\frac{1}{K_H K_W} \\sum_{u,v} x^{pad}_{n,c,\\,i S_H + u,\\,j S_W + v}

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
    return avg_pool2d_forward(x, kernel_size, stride, padding)[0]


def avg_pool2d_forward(x: np.ndarray, kernel_size, stride=None, padding=0) -> tuple[np.ndarray, PoolSaved]:
    """:func:`avg_pool2d`, also returning what :func:`pool_backward_from` needs."""
    kh, kw = pair(kernel_size, "kernel_size")
    return _weighted_forward(x, np.full((kh, kw), 1 / (kh * kw)), stride, padding, "avg_pool2d")


def avg_pool2d_backward(grad_output: np.ndarray, x: np.ndarray, kernel_size, stride=None, padding=0) -> np.ndarray:
    """Gradient of :func:`avg_pool2d` w.r.t. ``x``, shape (N, C, H, W): each output spreads
    its gradient evenly, 1/(KH*KW) to every element of its window. Stateless."""
    return pool_backward_from(grad_output, avg_pool2d_forward(x, kernel_size, stride, padding)[1])


def distance_weights(kernel_size, sigma: float = 1.0) -> np.ndarray:
    """Gaussian weights of a pooling window, by distance from its centre, summing to 1.

    .. math:: w_{uv} \\propto \\exp\\big(-d_{uv}^2 / (2\\sigma^2)\\big),
       \\quad d_{uv}^2 = (u - c_h)^2 + (v - c_w)^2,\\; c = (K - 1)/2

    Parameters
    ----------
    kernel_size : int or (KH, KW)
    sigma : float, positive, the spread in pixels

    Returns
    -------
    array of shape (KH, KW)
    """
    kh, kw = pair(kernel_size, "kernel_size")
    if sigma <= 0:
        raise ValueError(f"sigma must be positive, got {sigma}")
    u, v = np.mgrid[0:kh, 0:kw]
    w = np.exp(-((u - (kh - 1) / 2) ** 2 + (v - (kw - 1) / 2) ** 2) / (2 * sigma**2))
    return w / w.sum()


def weighted_avg_pool2d(x: np.ndarray, kernel_size, stride=None, padding=0, sigma: float = 1.0) -> np.ndarray:
    """Distance-weighted average pooling: each window's average weighted by
    :func:`distance_weights`, so the centre counts most. Padding counts as zeros.
    Arguments and shapes as in :func:`avg_pool2d`, plus ``sigma`` (pixels)."""
    return weighted_avg_pool2d_forward(x, kernel_size, stride, padding, sigma)[0]


def weighted_avg_pool2d_forward(
    x: np.ndarray, kernel_size, stride=None, padding=0, sigma: float = 1.0
) -> tuple[np.ndarray, PoolSaved]:
    """:func:`weighted_avg_pool2d`, also returning what :func:`pool_backward_from` needs."""
    return _weighted_forward(x, distance_weights(kernel_size, sigma), stride, padding, "weighted_avg_pool2d")


def weighted_avg_pool2d_backward(
    grad_output: np.ndarray, x: np.ndarray, kernel_size, stride=None, padding=0, sigma: float = 1.0
) -> np.ndarray:
    """Gradient of :func:`weighted_avg_pool2d` w.r.t. ``x``, shape (N, C, H, W): element
    ``(u, v)`` of each window receives ``w_uv`` times that window's gradient. Stateless."""
    saved = weighted_avg_pool2d_forward(x, kernel_size, stride, padding, sigma)[1]
    return pool_backward_from(grad_output, saved)


def lp_pool2d(x: np.ndarray, norm_type: float, kernel_size, stride=None) -> np.ndarray:
    """L_p-norm pooling, like ``torch.nn.functional.lp_pool2d`` (no padding):

    .. math:: y = \\Big(\\sum_{\\text{window}} x^p\\Big)^{1/p}

    With ``norm_type=2`` this is the "L2 norm of the rectangular neighbourhood".

    Parameters
    ----------
    x : array of shape (N, C, H, W)
    norm_type : float, p > 0
    kernel_size, stride : as in :func:`avg_pool2d`

    Returns
    -------
    array of shape (N, C, OH, OW)
    """
    return lp_pool2d_forward(x, norm_type, kernel_size, stride)[0]


def lp_pool2d_forward(x: np.ndarray, norm_type: float, kernel_size, stride=None) -> tuple[np.ndarray, PoolSaved]:
    """:func:`lp_pool2d`, also returning what :func:`pool_backward_from` needs."""
    p = float(norm_type)
    if p <= 0:
        raise ValueError(f"norm_type must be positive, got {norm_type}")
    x, kernel, stride, padding, out_hw = pool_setup(x, kernel_size, stride, 0, "lp_pool2d")
    ones = np.ones(kernel)
    out = window_sum(x**p, ones, stride, padding, out_hw) ** (1 / p)
    return out, PoolSaved(ones, x, stride, padding, out, p)


def lp_pool2d_backward(
    grad_output: np.ndarray, x: np.ndarray, norm_type: float, kernel_size, stride=None
) -> np.ndarray:
    """Gradient of :func:`lp_pool2d` w.r.t. ``x``, shape (N, C, H, W), stateless:
    ``dy/dx = x^(p-1) * y^(1-p)``, 0 on all-zero windows (see :func:`pool_backward_from`)."""
    return pool_backward_from(grad_output, lp_pool2d_forward(x, norm_type, kernel_size, stride)[1])


__all__ = [
    "PoolSaved",
    "avg_pool2d",
    "avg_pool2d_backward",
    "avg_pool2d_forward",
    "distance_weights",
    "lp_pool2d",
    "lp_pool2d_backward",
    "lp_pool2d_forward",
    "pool_backward_from",
    "weighted_avg_pool2d",
    "weighted_avg_pool2d_backward",
    "weighted_avg_pool2d_forward",
    "window_sum",
    "window_sum_backward",
]
