"""im2col and its adjoint col2im, in NumPy: every window of an image gathered into the
columns of one matrix, so that a convolution becomes one matrix product (:ref:`sec-im2col`).
"""

from __future__ import annotations

import numpy as np

from cnnlib.functional.shapes import output_hw, pair


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
    """Gather every window of ``x`` into a column of a matrix, "image to columns" (:ref:`sec-im2col`).

    Column ``(n, i, j)`` holds the window under output position ``(i, j)`` of image ``n``, in
    (C, KH, KW) order, so that a convolution is one matrix product ``weight.reshape(F, -1) @ cols``.
    Built with one contiguous copy per kernel offset.

    Parameters
    ----------
    x : numpy.ndarray, shape (N, C, H, W)
    kernel_size : int or tuple of int
        ``KH = KW`` or ``(KH, KW)``.
    stride : int or tuple of int, default 1
        ``SH = SW`` or ``(SH, SW)``, at least 1.
    padding : int or tuple of int, default 0
        ``PH = PW`` or ``(PH, PW)``, zeros added on each side.

    Returns
    -------
    cols : numpy.ndarray, shape (C * KH * KW, N * OH * OW)
        With ``OH``, ``OW`` as in :func:`conv2d`.

    Raises
    ------
    TypeError
        If ``kernel_size``, ``stride`` or ``padding`` is not an int or a pair of ints.
    ValueError
        If the window does not fit in the padded input, ``stride < 1`` or ``padding < 0``.
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
    """Adjoint of :func:`im2col`: add every column back onto the window it came from (:ref:`sec-im2col`).

    Overlapping windows add up, which makes it the step that turns the gradient of the columns
    into the input gradient of a convolution (see :func:`conv2d_backward_from`).

    Parameters
    ----------
    cols : numpy.ndarray, shape (C * KH * KW, N * OH * OW)
    x_shape : tuple of int
        ``(N, C, H, W)``, the shape of the :func:`im2col` input.
    kernel_size : int or tuple of int
        ``KH = KW`` or ``(KH, KW)``.
    stride : int or tuple of int, default 1
        ``SH = SW`` or ``(SH, SW)``.
    padding : int or tuple of int, default 0
        ``PH = PW`` or ``(PH, PW)``.

    Returns
    -------
    x : numpy.ndarray, shape (N, C, H, W), dtype of ``cols``

    Raises
    ------
    TypeError
        If ``kernel_size``, ``stride`` or ``padding`` is not an int or a pair of ints.
    ValueError
        If the window does not fit in the padded input, ``stride < 1`` or ``padding < 0``.
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
