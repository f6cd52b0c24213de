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

Index = tuple[slice, slice, slice, slice]


def pool_setup(x, kernel_size, stride, padding, what: str):
    """Check a pooling call's arguments, as PyTorch does.

    Parameters
    ----------
    x : array of shape (N, C, H, W)
    kernel_size, stride, padding : int or pair; ``stride`` None means ``kernel_size``
    what : the calling function's name, for error messages

    Returns
    -------
    ``(x, kernel, stride, padding, (OH, OW))`` with every size a pair of ints.
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
    """``x`` (N, C, H, W) padded with ``value`` to (N, C, H + 2 PH, W + 2 PW)."""
    ph, pw = padding
    if ph == pw == 0:
        return x
    return np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)), constant_values=value)


def unpad_hw(grad: np.ndarray, padding: Pair, shape) -> np.ndarray:
    """The inverse of :func:`pad_hw`: the (N, C, H, W) interior of a padded array, ``shape``
    being the unpadded (N, C, H, W)."""
    return grad[:, :, padding[0] : padding[0] + shape[2], padding[1] : padding[1] + shape[3]]


def window_offsets(kernel: Pair, stride: Pair, out_hw: Pair) -> Iterator[tuple[int, int, Index]]:
    """Yield ``(u, v, index)`` for each kernel offset, row-major: ``padded[index]``, of shape
    (N, C, OH, OW), holds element ``(u, v)`` of every window."""
    (kh, kw), (sh, sw), (oh, ow) = kernel, stride, out_hw
    for u in range(kh):
        for v in range(kw):
            yield u, v, (slice(None), slice(None), slice(u, u + sh * oh, sh), slice(v, v + sw * ow, sw))


__all__ = ["pad_hw", "pool_setup", "unpad_hw", "window_offsets"]
