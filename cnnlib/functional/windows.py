"""The window sweep that every pooling operation shares (:ref:`sec-output-size`).

A window of ``KH x KW`` moves by ``stride`` over an input padded by ``padding``; the output
has ``OH = floor((H - KH + 2 PH) / SH) + 1`` rows, likewise columns. Instead of looping over
the OH*OW windows, the pooling functions loop over the KH*KW offsets inside a window: the
elements at offset ``(u, v)`` of every window form one strided slice of the padded input, so
each step is one vectorised operation on the whole batch.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from cnnlib.functional.shapes import Pair, check_array, output_hw, pair

#: A 4-D basic index ``(:, :, rows, columns)`` into an (N, C, H, W) array.
Index = tuple[slice, slice, slice, slice]


def pool_setup(x, kernel_size, stride, padding, what: str):
    r"""Check a pooling call's arguments, as PyTorch does, and compute its output size
    (:ref:`sec-output-size`).

    Parameters
    ----------
    x : numpy.ndarray, shape (N, C, H, W)
        Floating-point input.
    kernel_size : int or tuple (KH, KW)
    stride : int or tuple (SH, SW) or None
        None means ``kernel_size`` (non-overlapping windows).
    padding : int or tuple (PH, PW)
        At most half the kernel size.
    what : str
        The calling function's name, for error messages.

    Returns
    -------
    x : numpy.ndarray, shape (N, C, H, W)
        The input, checked.
    kernel : tuple (KH, KW)
    stride : tuple (SH, SW)
    padding : tuple (PH, PW)
    out_hw : tuple (OH, OW)
        :math:`OH = \lfloor (H + 2 P_H - K_H) / S_H \rfloor + 1`, likewise ``OW``.

    Raises
    ------
    TypeError
        If ``x`` is not a floating-point array, or a size is not an int or a pair of ints.
    ValueError
        If ``x`` is not 4-D, ``padding`` exceeds half the kernel, or the window does not fit.
    """
    x = check_array(x, "x", 4, "(N, C, H, W)")
    kernel = pair(kernel_size, "kernel_size")
    stride = kernel if stride is None else pair(stride, "stride")
    padding = pair(padding, "padding")
    if padding[0] > kernel[0] // 2 or padding[1] > kernel[1] // 2:
        raise ValueError(
            f"{what}: padding {padding} must be at most half the kernel size {kernel}, "
            f"as in PyTorch; otherwise a window could hold padding only"
        )
    return x, kernel, stride, padding, output_hw(x.shape, kernel, stride, padding, what)


def pad_hw(x: np.ndarray, padding: Pair, value: float) -> np.ndarray:
    """Pad the two spatial axes of ``x`` with a constant (:ref:`sec-output-size`).

    Parameters
    ----------
    x : numpy.ndarray, shape (N, C, H, W)
    padding : tuple (PH, PW)
        Rows and columns added on each side.
    value : float
        The fill: 0 for average pooling, -inf for max pooling.

    Returns
    -------
    padded : numpy.ndarray, shape (N, C, H + 2 PH, W + 2 PW)
        ``x`` itself, not a copy, when there is no padding.
    """
    ph, pw = padding
    if ph == pw == 0:
        return x
    return np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)), constant_values=value)


def unpad_hw(grad: np.ndarray, padding: Pair, shape) -> np.ndarray:
    """The inverse of ``pad_hw``: the interior of a padded array (:ref:`sec-output-size`).

    Parameters
    ----------
    grad : numpy.ndarray, shape (N, C, H + 2 PH, W + 2 PW)
    padding : tuple (PH, PW)
    shape : tuple (N, C, H, W)
        The unpadded shape.

    Returns
    -------
    interior : numpy.ndarray, shape (N, C, H, W)
        A view of ``grad``.
    """
    return grad[:, :, padding[0] : padding[0] + shape[2], padding[1] : padding[1] + shape[3]]


def window_offsets(kernel: Pair, stride: Pair, out_hw: Pair) -> Iterator[tuple[int, int, Index]]:
    """Iterate over the offsets inside a window, row-major (:ref:`sec-output-size`).

    Parameters
    ----------
    kernel : tuple (KH, KW)
    stride : tuple (SH, SW)
    out_hw : tuple (OH, OW)
        The output size.

    Yields
    ------
    u : int
        Row offset, ``0 <= u < KH``.
    v : int
        Column offset, ``0 <= v < KW``.
    index : tuple of 4 slices
        ``padded[index]``, of shape (N, C, OH, OW), holds element ``(u, v)`` of every window
        of a padded (N, C, H + 2 PH, W + 2 PW) array.
    """
    (kh, kw), (sh, sw), (oh, ow) = kernel, stride, out_hw
    for u in range(kh):
        for v in range(kw):
            yield u, v, (slice(None), slice(None), slice(u, u + sh * oh, sh), slice(v, v + sw * ow, sw))


__all__ = ["pad_hw", "pool_setup", "unpad_hw", "window_offsets"]
