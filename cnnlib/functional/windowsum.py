"""Weighted sums over pooling windows and their adjoint, in NumPy: the machinery average,
distance-weighted average and L_p pooling share (chapter 4, :ref:`ch-pooling`).

Each output of those poolings is a fixed weighted sum over its window (for L_p pooling, of
``x^p``), so :func:`window_sum` computes all of them, and :func:`window_sum_backward` sends each
output's gradient back to its window with the same weights. :func:`pool_backward_from` is the
backward pass of every one of them, from the :class:`PoolSaved` its forward returns.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from cnnlib.functional.shapes import Pair, check_grad
from cnnlib.functional.windows import pad_hw, unpad_hw, window_offsets


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
