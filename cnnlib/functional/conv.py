"""Convolution (deep learning's cross-correlation) in NumPy: forward and backward.

For an input ``x`` of shape (N, C, H, W) and filters ``weight`` of shape (F, C, KH, KW)::

    out[n, f, i, j] = bias[f] + sum_{c, u, v} weight[f, c, u, v] * xp[n, c, i*SH + u, j*SW + v]

where ``xp`` is ``x`` zero-padded by ``padding``. The vectorised version gathers every
window into the columns of one matrix (im2col), then does one matrix product.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

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


def _padded_channels_first(x, padding):
    """``x`` (N, C, H, W) zero-padded and reordered to (C, N, H + 2 PH, W + 2 PW), contiguous."""
    n, c, h, w = x.shape
    ph, pw = padding
    xp = np.zeros((c, n, h + 2 * ph, w + 2 * pw), dtype=x.dtype)
    xp[:, :, ph : ph + h, pw : pw + w] = x.transpose(1, 0, 2, 3)
    return xp


def _offset(u, v, stride, out_hw):
    """Index of the element at kernel offset (u, v) in every window of a (C, N, H, W) array."""
    (sh, sw), (oh, ow) = stride, out_hw
    return slice(None), slice(None), slice(u, u + sh * oh, sh), slice(v, v + sw * ow, sw)


def im2col(x: np.ndarray, kernel_size, stride=1, padding=0) -> np.ndarray:
    """Gather every window of ``x`` into a column of a matrix, "image to columns"
    (:ref:`sec-im2col`).

    Parameters
    ----------
    x : ndarray of shape (N, C, H, W)
    kernel_size : int or (KH, KW)
    stride : int or (SH, SW), default 1
    padding : int or (PH, PW), default 0

    Returns
    -------
    ndarray of shape (C * KH * KW, N * OH * OW)
        Column ``(n, i, j)`` holds the window under output position ``(i, j)`` of image ``n``,
        in (C, KH, KW) order, so that a convolution is one matrix product
        ``weight.reshape(F, -1) @ cols``. Built with one contiguous copy per kernel offset.

    Raises
    ------
    ValueError
        If the window does not fit in the padded input.
    """
    kernel, stride, padding = pair(kernel_size, "kernel_size"), pair(stride, "stride"), pair(padding, "padding")
    out_hw = output_hw(x.shape, kernel, stride, padding, "im2col")
    xp = _padded_channels_first(x, padding)
    n, c = x.shape[:2]
    cols = np.empty((c, kernel[0], kernel[1], n, *out_hw), dtype=x.dtype)
    for u in range(kernel[0]):
        for v in range(kernel[1]):
            cols[:, u, v] = xp[_offset(u, v, stride, out_hw)]
    return cols.reshape(c * kernel[0] * kernel[1], -1)


def col2im(cols: np.ndarray, x_shape, kernel_size, stride=1, padding=0) -> np.ndarray:
    """Adjoint of :func:`im2col`: add every column back onto the window it came from
    (overlapping windows add up); the input gradient of a convolution (:ref:`sec-im2col`).

    Parameters
    ----------
    cols : ndarray of shape (C * KH * KW, N * OH * OW)
    x_shape : tuple (N, C, H, W), the shape of the :func:`im2col` input
    kernel_size : int or (KH, KW)
    stride : int or (SH, SW), default 1
    padding : int or (PH, PW), default 0

    Returns
    -------
    ndarray of shape (N, C, H, W)
    """
    kernel, stride, padding = pair(kernel_size, "kernel_size"), pair(stride, "stride"), pair(padding, "padding")
    n, c, h, w = x_shape
    out_hw = output_hw(x_shape, kernel, stride, padding, "col2im")
    blocks = cols.reshape(c, kernel[0], kernel[1], n, *out_hw)
    grad = np.zeros((c, n, h + 2 * padding[0], w + 2 * padding[1]), dtype=cols.dtype)
    for u in range(kernel[0]):
        for v in range(kernel[1]):
            grad[_offset(u, v, stride, out_hw)] += blocks[:, u, v]
    return grad[:, :, padding[0] : padding[0] + h, padding[1] : padding[1] + w].transpose(1, 0, 2, 3)


class ConvSaved(NamedTuple):
    """What :func:`conv2d_backward_from` needs from :func:`conv2d_forward`."""

    cols: np.ndarray  #: (C*KH*KW, N*OH*OW), the im2col matrix of the padded input
    x_shape: tuple[int, ...]  #: (N, C, H, W)
    weight: np.ndarray  #: (F, C, KH, KW)
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
    """2-D convolution (cross-correlation), like ``torch.nn.functional.conv2d``
    (:ref:`sec-one-output-by-hand`, :ref:`sec-output-size`).

    .. math:: y_{n,f,i,j} = b_f + \\sum_{c,u,v} w_{f,c,u,v}\\, x^{pad}_{n,c,\\,i S_H + u,\\,j S_W + v}

    Parameters
    ----------
    x : array of shape (N, C, H, W)
    weight : array of shape (F, C, KH, KW), the F filters
    bias : array of shape (F,), optional
    stride : int or (SH, SW), at least 1
    padding : int or (PH, PW), zeros added on each side, at least 0

    Returns
    -------
    ndarray of shape (N, F, OH, OW), dtype of ``x``
        ``OH = floor((H - KH + 2 PH) / SH) + 1``, likewise ``OW`` (:ref:`sec-output-size`).

    Raises
    ------
    TypeError
        If ``x``, ``weight`` or ``bias`` is not a floating-point NumPy array.
    ValueError
        If a shape is wrong or the window does not fit in the padded input.

    References
    ----------
    Dumoulin and Visin, "A guide to convolution arithmetic for deep learning", 2016.
    """
    return conv2d_forward(x, weight, bias, stride, padding)[0]


def conv2d_forward(
    x: np.ndarray,
    weight: np.ndarray,
    bias: np.ndarray | None = None,
    stride: int | tuple[int, int] = 1,
    padding: int | tuple[int, int] = 0,
) -> tuple[np.ndarray, ConvSaved]:
    """:func:`conv2d`, also returning what :func:`conv2d_backward_from` needs.

    The convolution is one matrix product, ``weight.reshape(F, -1) @ im2col(x)``
    (:ref:`sec-im2col`); the columns are kept, as the weight gradient reuses them.

    Parameters
    ----------
    x : ndarray of shape (N, C, H, W)
    weight : ndarray of shape (F, C, KH, KW)
    bias : ndarray of shape (F,), optional
    stride : int or (SH, SW), default 1
    padding : int or (PH, PW), default 0

    Returns
    -------
    out : ndarray of shape (N, F, OH, OW)
    saved : ConvSaved
        The im2col matrix, the input shape, ``weight`` and the options.
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
    """:func:`conv2d` written as plain loops over images, filters and output positions
    (:ref:`ch-convolution`, :ref:`sec-im2col`).

    Slow, but every step of the definition is visible; it gives the same result as
    :func:`conv2d` (and raises the same errors) and is kept for teaching and for tests.

    Parameters
    ----------
    x : ndarray of shape (N, C, H, W)
    weight : ndarray of shape (F, C, KH, KW)
    bias : ndarray of shape (F,), optional
    stride : int or (SH, SW), default 1
    padding : int or (PH, PW), default 0

    Returns
    -------
    ndarray of shape (N, F, OH, OW)
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
    """Gradients of :func:`conv2d` with respect to its inputs (:ref:`sec-backprop-by-hand`).

    Stateless, like PyTorch's autograd formulas: it reruns :func:`conv2d_forward` and passes
    what that saved to :func:`conv2d_backward_from`.

    Parameters
    ----------
    grad_output : ndarray of shape (N, F, OH, OW)
        The gradient of the loss w.r.t. the output.
    x : ndarray of shape (N, C, H, W)
    weight : ndarray of shape (F, C, KH, KW)
    bias : ndarray of shape (F,), optional
    stride : int or (SH, SW), default 1
    padding : int or (PH, PW), default 0

    Returns
    -------
    grad_x : ndarray of shape (N, C, H, W)
    grad_weight : ndarray of shape (F, C, KH, KW)
    grad_bias : ndarray of shape (F,), or None when ``bias`` is None
    """
    return conv2d_backward_from(grad_output, conv2d_forward(x, weight, bias, stride, padding)[1])


def conv2d_backward_from(grad_output: np.ndarray, saved: ConvSaved):
    """Gradients of :func:`conv2d` from what :func:`conv2d_forward` saved.

    With ``G`` the output gradient as an (F, N*OH*OW) matrix and ``cols`` the im2col
    matrix: ``grad_weight = G @ cols.T``, ``grad_x = col2im(weight.T @ G)`` (each window's
    gradient added back where it came from) and ``grad_bias = G.sum(1)``.

    Parameters
    ----------
    grad_output : ndarray of shape (N, F, OH, OW)
    saved : ConvSaved
        From :func:`conv2d_forward`.

    Returns
    -------
    grad_x : ndarray of shape (N, C, H, W)
    grad_weight : ndarray of shape (F, C, KH, KW)
    grad_bias : ndarray of shape (F,), or None without a bias
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


def _as_2d(x, weight, stride, padding):
    x = check_array(x, "x", 3, "(N, C, L)")
    weight = check_array(weight, "weight", 3, "(F, C, K)")
    return (x[:, :, None, :], weight[:, :, None, :], (1, _single(stride, "stride")), (0, _single(padding, "padding")))


def _single(value, name):
    return pair(value[0] if isinstance(value, (tuple, list)) and len(value) == 1 else value, name)[0]


def conv1d(
    x: np.ndarray, weight: np.ndarray, bias: np.ndarray | None = None, stride: int = 1, padding: int = 0
) -> np.ndarray:
    """1-D convolution (cross-correlation), like ``torch.nn.functional.conv1d``
    (:ref:`sec-text-conv`): :func:`conv2d` on inputs of height 1.

    Parameters
    ----------
    x : ndarray of shape (N, C, L)
    weight : ndarray of shape (F, C, K)
    bias : ndarray of shape (F,), optional
    stride : int, default 1
    padding : int, default 0

    Returns
    -------
    ndarray of shape (N, F, L_out)
        ``L_out = floor((L - K + 2 padding) / stride) + 1``.
    """
    return conv1d_forward(x, weight, bias, stride, padding)[0]


def conv1d_forward(
    x: np.ndarray, weight: np.ndarray, bias: np.ndarray | None = None, stride: int = 1, padding: int = 0
) -> tuple[np.ndarray, ConvSaved]:
    """:func:`conv1d`, also returning what :func:`conv1d_backward_from` needs.

    Parameters
    ----------
    x : ndarray of shape (N, C, L)
    weight : ndarray of shape (F, C, K)
    bias : ndarray of shape (F,), optional
    stride : int, default 1
    padding : int, default 0

    Returns
    -------
    out : ndarray of shape (N, F, L_out)
    saved : ConvSaved
        That of the equivalent height-1 :func:`conv2d_forward`.
    """
    x2, w2, stride2, padding2 = _as_2d(x, weight, stride, padding)
    out, saved = conv2d_forward(x2, w2, bias, stride2, padding2)
    return out[:, :, 0, :], saved


def conv1d_backward(
    grad_output: np.ndarray,
    x: np.ndarray,
    weight: np.ndarray,
    bias: np.ndarray | None = None,
    stride: int = 1,
    padding: int = 0,
):
    """Gradients of :func:`conv1d`, stateless (reruns :func:`conv1d_forward`).

    Parameters
    ----------
    grad_output : ndarray of shape (N, F, L_out)
    x : ndarray of shape (N, C, L)
    weight : ndarray of shape (F, C, K)
    bias : ndarray of shape (F,), optional
    stride : int, default 1
    padding : int, default 0

    Returns
    -------
    grad_x : (N, C, L)
    grad_weight : (F, C, K)
    grad_bias : (F,), or None when ``bias`` is None
    """
    return conv1d_backward_from(grad_output, conv1d_forward(x, weight, bias, stride, padding)[1])


def conv1d_backward_from(grad_output: np.ndarray, saved: ConvSaved):
    """Gradients of :func:`conv1d` from what :func:`conv1d_forward` saved.

    Parameters
    ----------
    grad_output : ndarray of shape (N, F, L_out)
    saved : ConvSaved
        From :func:`conv1d_forward`.

    Returns
    -------
    (grad_x, grad_weight, grad_bias)
        Of shapes (N, C, L), (F, C, K) and (F,) (None without a bias).
    """
    grad_output = check_array(grad_output, "grad_output", 3, "(N, F, L_out)")
    gx, gw, gb = conv2d_backward_from(grad_output[:, :, None, :], saved)
    return gx[:, :, 0, :], gw[:, :, 0, :], gb
