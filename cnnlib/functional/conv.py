"""Convolution (deep learning's cross-correlation) in NumPy: forward and backward.

For an input ``x`` of shape (N, C, H, W) and filters ``weight`` of shape (F, C, KH, KW)::

    out[n, f, i, j] = bias[f] + sum_{c, u, v} weight[f, c, u, v] * xp[n, c, i*SH + u, j*SW + v]

where ``xp`` is ``x`` zero-padded by ``padding``. The vectorised version gathers every
window into the columns of one matrix (im2col), then does one matrix product.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from cnnlib.functional.im2col import col2im, im2col
from cnnlib.functional.shapes import Pair, check_array, check_bias, check_grad, output_hw, pair


def _check_conv(x, weight, bias, stride, padding) -> tuple[np.ndarray, np.ndarray, np.ndarray | None, Pair, Pair, Pair]:
    x = check_array(x, "x", 4, "(N, C, H, W)")
    weight = check_array(weight, "weight", 4, "(F, C, KH, KW)")
    if weight.shape[1] != x.shape[1]:
        raise ValueError(
            f"x has C = {x.shape[1]} channels but weight of shape (F, C, KH, KW) = "
            f"{weight.shape} expects C = {weight.shape[1]}"
        )
    if bias is not None:
        bias = check_bias(bias, weight.shape[0], "filter, F")
    stride, padding = pair(stride, "stride"), pair(padding, "padding")
    out_hw = output_hw(x.shape, weight.shape[2:], stride, padding, "conv2d")
    return x, weight, bias, stride, padding, out_hw


class ConvSaved(NamedTuple):
    """What a convolution saves for its backward pass (:ref:`sec-im2col`).

    Returned by :func:`~cnnlib.functional.conv2d_forward` and :func:`~cnnlib.functional.conv1d_forward`,
    used by :func:`~cnnlib.functional.conv2d_backward_from` and :func:`~cnnlib.functional.conv1d_backward_from`.

    Attributes
    ----------
    cols : numpy.ndarray, shape (C * KH * KW, N * OH * OW)
        The :func:`~cnnlib.functional.im2col` matrix of the padded input.
    x_shape : tuple of int
        ``(N, C, H, W)``, the shape of the input.
    weight : numpy.ndarray, shape (F, C, KH, KW)
        The filters of the forward call.
    has_bias : bool
        Whether the forward call had a bias, so that a bias gradient is returned.
    stride : tuple of int
        ``(SH, SW)``.
    padding : tuple of int
        ``(PH, PW)``.
    """

    cols: np.ndarray
    x_shape: tuple[int, ...]
    weight: np.ndarray
    has_bias: bool
    stride: Pair
    padding: Pair


def conv2d(
    x: np.ndarray,
    weight: np.ndarray,
    bias: np.ndarray | None = None,
    stride: int | tuple[int, int] = 1,
    padding: int | tuple[int, int] = 0,
) -> np.ndarray:
    r"""2-D convolution (cross-correlation), like ``torch.nn.functional.conv2d`` (:ref:`sec-one-output-by-hand`).

    .. math:: y_{n,f,i,j} = b_f + \sum_{c,u,v} w_{f,c,u,v}\, x^{pad}_{n,c,\,i S_H + u,\,j S_W + v}

    where :math:`x^{pad}` is ``x`` with ``padding`` zeros on each side. The output size
    (:ref:`sec-output-size`) is

    .. math::

        H' = \left\lfloor \frac{H + 2 P_H - K_H}{S_H} \right\rfloor + 1, \qquad
        W' = \left\lfloor \frac{W + 2 P_W - K_W}{S_W} \right\rfloor + 1

    Parameters
    ----------
    x : numpy.ndarray of float, shape (N, C, H, W)
    weight : numpy.ndarray of float, shape (F, C, KH, KW)
        The F filters, each spanning all C input channels.
    bias : numpy.ndarray of float, shape (F,), optional
        One bias per filter; None for no bias.
    stride : int or tuple of int, default 1
        ``SH = SW`` or ``(SH, SW)``, at least 1.
    padding : int or tuple of int, default 0
        ``PH = PW`` or ``(PH, PW)``, zeros added on each side, at least 0.

    Returns
    -------
    y : numpy.ndarray, shape (N, F, OH, OW), dtype of ``x``
        ``OH = H'`` and ``OW = W'`` above.

    Raises
    ------
    TypeError
        If ``x``, ``weight`` or ``bias`` is not a floating-point NumPy array, or ``stride`` or
        ``padding`` not an int or a pair of ints.
    ValueError
        If a shape is wrong, ``x`` and ``weight`` disagree on C, or the window does not fit in the
        padded input.

    References
    ----------
    Dumoulin and Visin, "A guide to convolution arithmetic for deep learning", arXiv:1603.07285, 2016.
    """
    return conv2d_forward(x, weight, bias, stride, padding)[0]


def conv2d_forward(
    x: np.ndarray,
    weight: np.ndarray,
    bias: np.ndarray | None = None,
    stride: int | tuple[int, int] = 1,
    padding: int | tuple[int, int] = 0,
) -> tuple[np.ndarray, ConvSaved]:
    """:func:`conv2d`, also returning what :func:`conv2d_backward_from` needs (:ref:`sec-im2col`).

    The convolution is one matrix product, ``weight.reshape(F, -1) @ im2col(x)``; the columns are
    kept, as the weight gradient reuses them.

    Parameters
    ----------
    x : numpy.ndarray of float, shape (N, C, H, W)
    weight : numpy.ndarray of float, shape (F, C, KH, KW)
    bias : numpy.ndarray of float, shape (F,), optional
    stride : int or tuple of int, default 1
    padding : int or tuple of int, default 0

    Returns
    -------
    y : numpy.ndarray, shape (N, F, OH, OW)
    saved : ConvSaved
        The im2col matrix, the input shape, ``weight`` and the options.

    Raises
    ------
    TypeError
        As in :func:`conv2d`.
    ValueError
        As in :func:`conv2d`.
    """
    x, weight, bias, stride, padding, (oh, ow) = _check_conv(x, weight, bias, stride, padding)
    cols = im2col(x, weight.shape[2:], stride, padding)
    out = weight.reshape(weight.shape[0], -1) @ cols
    if bias is not None:
        out += bias[:, None]
    out = out.reshape(-1, x.shape[0], oh, ow).transpose(1, 0, 2, 3).astype(x.dtype, copy=False)
    return out, ConvSaved(cols, x.shape, weight, bias is not None, stride, padding)


def conv2d_naive(
    x: np.ndarray,
    weight: np.ndarray,
    bias: np.ndarray | None = None,
    stride: int | tuple[int, int] = 1,
    padding: int | tuple[int, int] = 0,
) -> np.ndarray:
    """:func:`conv2d` written as plain loops over images, filters and output positions (:ref:`sec-im2col`).

    Slow, but every step of the definition is visible; it gives the same result as
    :func:`conv2d` and is kept for teaching and for tests.

    Parameters
    ----------
    x : numpy.ndarray of float, shape (N, C, H, W)
    weight : numpy.ndarray of float, shape (F, C, KH, KW)
    bias : numpy.ndarray of float, shape (F,), optional
    stride : int or tuple of int, default 1
    padding : int or tuple of int, default 0

    Returns
    -------
    y : numpy.ndarray, shape (N, F, OH, OW)

    Raises
    ------
    TypeError
        As in :func:`conv2d`.
    ValueError
        As in :func:`conv2d`.
    """
    x, weight, bias, (sh, sw), (ph, pw), (oh, ow) = _check_conv(x, weight, bias, stride, padding)
    xp = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    n_images, n_filters = x.shape[0], weight.shape[0]
    kh, kw = weight.shape[2:]
    out = np.zeros((n_images, n_filters, oh, ow), dtype=x.dtype)
    for n in range(n_images):
        for f in range(n_filters):
            for i in range(oh):
                for j in range(ow):
                    top, left = i * sh, j * sw
                    window = xp[n, :, top : top + kh, left : left + kw]
                    out[n, f, i, j] = np.sum(window * weight[f]) + (0 if bias is None else bias[f])
    return out


def conv2d_backward(
    grad_output: np.ndarray,
    x: np.ndarray,
    weight: np.ndarray,
    bias: np.ndarray | None = None,
    stride: int | tuple[int, int] = 1,
    padding: int | tuple[int, int] = 0,
):
    """Gradients of :func:`conv2d`, stateless (reruns :func:`conv2d_forward`), as in :ref:`sec-backprop-by-hand`.

    Like PyTorch's autograd formulas, it passes what :func:`conv2d_forward` saved to
    :func:`conv2d_backward_from`, where the formulas are.

    Parameters
    ----------
    grad_output : numpy.ndarray of float, shape (N, F, OH, OW)
        The gradient of the loss w.r.t. the output.
    x : numpy.ndarray of float, shape (N, C, H, W)
    weight : numpy.ndarray of float, shape (F, C, KH, KW)
    bias : numpy.ndarray of float, shape (F,), optional
    stride : int or tuple of int, default 1
    padding : int or tuple of int, default 0

    Returns
    -------
    grad_x : numpy.ndarray, shape (N, C, H, W)
    grad_weight : numpy.ndarray, shape (F, C, KH, KW)
    grad_bias : numpy.ndarray, shape (F,), or None
        None when ``bias`` is None.

    Raises
    ------
    TypeError
        As in :func:`conv2d`, or if ``grad_output`` is not a floating-point NumPy array.
    ValueError
        As in :func:`conv2d`, or if ``grad_output`` does not have the output's shape.
    """
    return conv2d_backward_from(grad_output, conv2d_forward(x, weight, bias, stride, padding)[1])


def conv2d_backward_from(grad_output: np.ndarray, saved: ConvSaved):
    """Gradients of :func:`conv2d` from what :func:`conv2d_forward` saved (:ref:`sec-backprop-by-hand`).

    With ``G`` the output gradient as an (F, N*OH*OW) matrix and ``cols`` the im2col matrix:
    ``grad_weight = G @ cols.T``, ``grad_x = col2im(weight.reshape(F, -1).T @ G)`` (each window's
    gradient added back where it came from, :func:`col2im`) and ``grad_bias = G.sum(1)``.

    Parameters
    ----------
    grad_output : numpy.ndarray of float, shape (N, F, OH, OW)
        The gradient of the loss w.r.t. the output.
    saved : ConvSaved
        From :func:`conv2d_forward`.

    Returns
    -------
    grad_x : numpy.ndarray, shape (N, C, H, W)
    grad_weight : numpy.ndarray, shape (F, C, KH, KW)
    grad_bias : numpy.ndarray, shape (F,), or None
        None without a bias.

    Raises
    ------
    TypeError
        If ``grad_output`` is not a floating-point NumPy array.
    ValueError
        If ``grad_output`` does not have the forward output's shape.
    """
    cols, x_shape, weight, has_bias, stride, padding = saved
    n_filters = weight.shape[0]
    out_hw = output_hw(x_shape, weight.shape[2:], stride, padding, "conv2d_backward")
    grad_output = check_grad(grad_output, (x_shape[0], n_filters, *out_hw))
    grad_rows = np.ascontiguousarray(grad_output.transpose(1, 0, 2, 3)).reshape(n_filters, -1)
    grad_weight = (grad_rows @ cols.T).reshape(weight.shape)
    grad_x = col2im(weight.reshape(n_filters, -1).T @ grad_rows, x_shape, weight.shape[2:], stride, padding)
    grad_bias = grad_output.sum(axis=(0, 2, 3)) if has_bias else None
    return grad_x, grad_weight, grad_bias
