"""Pooling by weighted sums in NumPy: average and distance-weighted average pooling, forward
and backward, and the machinery :mod:`cnnlib.functional.lppool` shares (chapter 4,
:ref:`sec-invariance`).

Each output is a fixed weighted sum over its window (for L_p pooling, of ``x^p``), so one
pair of helpers serves all three: :func:`window_sum` and its adjoint, which sends each
output's gradient back to its window with the same weights. Functions follow the package's
forward/backward convention (see :mod:`cnnlib.functional`).
"""

from __future__ import annotations

import numpy as np

from cnnlib.functional.shapes import pair
from cnnlib.functional.windows import pool_setup
from cnnlib.functional.windowsum import PoolSaved, pool_backward_from, window_sum, window_sum_backward


def _weighted_forward(x, weights, stride, padding, what):
    x, _, stride, padding, out_hw = pool_setup(x, weights.shape, stride, padding, what)
    out = window_sum(x, weights, stride, padding, out_hw)
    return out, PoolSaved(weights, x, stride, padding, out, None)


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
