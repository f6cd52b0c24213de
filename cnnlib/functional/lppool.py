"""L_p-norm pooling in NumPy, forward and backward (chapter 4, :ref:`ch-pooling`).

:math:`y = (\\sum_{window} x^p)^{1/p}`: a window sum of ``x^p`` (the machinery of
:mod:`cnnlib.functional.avgpool`), then the p-th root. Functions follow the package's
forward/backward convention (see :mod:`cnnlib.functional`).
"""

from __future__ import annotations

import numpy as np

from cnnlib.functional.windows import pool_setup
from cnnlib.functional.windowsum import PoolSaved, pool_backward_from, window_sum


def lp_pool2d(x: np.ndarray, norm_type: float, kernel_size, stride=None) -> np.ndarray:
    r"""L_p-norm pooling, without padding (:ref:`ch-pooling`).

    .. math:: y_{n,c,i,j} = \Big(\sum_{u,v} x_{n,c,\,i S_H + u,\,j S_W + v}^{\,p}\Big)^{1/p}

    Like ``torch.nn.functional.lp_pool2d``. With ``norm_type=2`` this is the "L2 norm of the
    rectangular neighbourhood"; as p grows it approaches max pooling. Unless p is an even
    integer, ``x`` should be non-negative (as after ReLU), otherwise ``x ** p`` can be NaN.

    Parameters
    ----------
    x : numpy.ndarray, shape (N, C, H, W)
    norm_type : float
        The power p, positive.
    kernel_size : int or tuple (KH, KW)
    stride : int or tuple (SH, SW), default ``kernel_size``

    Returns
    -------
    out : numpy.ndarray, shape (N, C, OH, OW)
        :math:`OH = \lfloor (H - K_H) / S_H \rfloor + 1`, likewise ``OW``.

    Raises
    ------
    ValueError
        If ``norm_type <= 0``, ``x`` is not 4-D or the window does not fit.
    TypeError
        If ``x`` is not a floating-point array, or a size is not an int or a pair of ints.
    """
    return lp_pool2d_forward(x, norm_type, kernel_size, stride)[0]


def lp_pool2d_forward(x: np.ndarray, norm_type: float, kernel_size, stride=None) -> tuple[np.ndarray, PoolSaved]:
    """:func:`lp_pool2d`, also returning what :func:`pool_backward_from` needs (:ref:`ch-pooling`).

    Parameters
    ----------
    x : numpy.ndarray, shape (N, C, H, W)
    norm_type : float
    kernel_size : int or tuple (KH, KW)
    stride : int or tuple (SH, SW), default ``kernel_size``

    Returns
    -------
    out : numpy.ndarray, shape (N, C, OH, OW)
    saved : PoolSaved

    Raises
    ------
    TypeError
        As :func:`lp_pool2d`.
    ValueError
        As :func:`lp_pool2d`.
    """
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
    r"""Gradient of :func:`lp_pool2d` w.r.t. ``x``, stateless (:ref:`ch-pooling`).

    :math:`\partial y / \partial x = x^{p-1} y^{1-p}`, 0 on all-zero windows (see
    :func:`pool_backward_from`).

    Parameters
    ----------
    grad_output : numpy.ndarray, shape (N, C, OH, OW)
    x : numpy.ndarray, shape (N, C, H, W)
    norm_type : float
    kernel_size : int or tuple (KH, KW)
    stride : int or tuple (SH, SW), default ``kernel_size``

    Returns
    -------
    grad_input : numpy.ndarray, shape (N, C, H, W)
    """
    return pool_backward_from(grad_output, lp_pool2d_forward(x, norm_type, kernel_size, stride)[1])


__all__ = ["lp_pool2d", "lp_pool2d_backward", "lp_pool2d_forward"]
