"""Pooling in NumPy: max, average, L_p-norm and distance-weighted average, with backward.

Pooling acts on each channel separately and has no parameters. For a window of
``KH x KW`` moved by ``stride`` (default: the window size) over an input padded by
``padding``, the output has ``OH = floor((H - KH + 2 PH) / SH) + 1`` rows, likewise columns.
Every function loops over the KH*KW offsets inside the window; each step is one
vectorised operation on a strided slice of the whole batch.
"""

from __future__ import annotations

import numpy as np

from cnnlib.functional.shapes import check_array, output_hw, pair


def _setup(x, kernel_size, stride, padding, what):
    x = check_array(x, "x", 4, "(N, C, H, W)")
    kernel = pair(kernel_size, "kernel_size")
    stride = kernel if stride is None else pair(stride, "stride")
    padding = pair(padding, "padding")
    if padding[0] > kernel[0] // 2 or padding[1] > kernel[1] // 2:
        raise ValueError(f"{what}: padding {padding} must be at most half the kernel size {kernel}, "
                         f"as in PyTorch; otherwise a window could hold padding only")
    return x, kernel, stride, padding, output_hw(x.shape, kernel, stride, padding, what)


def _pad(x, padding, value):
    ph, pw = padding
    if ph == pw == 0:
        return x
    return np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)), constant_values=value)


def _offsets(kernel, stride, out_hw):
    """Yield ``(u, v, index)`` for each kernel offset: the slice of the padded input that
    holds element ``(u, v)`` of every window."""
    (kh, kw), (sh, sw), (oh, ow) = kernel, stride, out_hw
    for u in range(kh):
        for v in range(kw):
            yield u, v, (slice(None), slice(None), slice(u, u + sh * oh, sh), slice(v, v + sw * ow, sw))


def _unpad(grad, padding, shape):
    return grad[:, :, padding[0]:padding[0] + shape[2], padding[1]:padding[1] + shape[3]]


def max_pool2d(x: np.ndarray, kernel_size, stride=None, padding=0) -> np.ndarray:
    """Max pooling, like ``torch.nn.functional.max_pool2d``; padding counts as -inf.

    Parameters
    ----------
    x : array of shape (N, C, H, W)
    kernel_size : int or (KH, KW)
    stride : int or (SH, SW), default ``kernel_size``
    padding : int or (PH, PW), at most half the kernel size

    Returns
    -------
    array of shape (N, C, OH, OW)
    """
    x, kernel, stride, padding, out_hw = _setup(x, kernel_size, stride, padding, "max_pool2d")
    xp = _pad(x, padding, -np.inf)
    out = None
    for _, _, index in _offsets(kernel, stride, out_hw):
        out = xp[index].copy() if out is None else np.maximum(out, xp[index], out=out)
    assert out is not None  # a window holds at least one element
    return out


def max_pool2d_backward(grad_output: np.ndarray, x: np.ndarray, kernel_size, stride=None,
                        padding=0) -> np.ndarray:
    """Gradient of :func:`max_pool2d` w.r.t. ``x``, shape (N, C, H, W).

    Each window's gradient goes to its maximum only. When several elements tie for the
    maximum it goes to the first of them in row-major order, as in PyTorch; giving it to
    every tied element would multiply the gradient.
    """
    x, kernel, stride, padding, out_hw = _setup(x, kernel_size, stride, padding, "max_pool2d_backward")
    grad_output = _check_grad(grad_output, x, out_hw)
    return max_pool2d_scatter(grad_output, max_pool2d_winners(x, kernel, stride, padding), x.shape,
                              kernel, stride, padding)


def max_pool2d_winners(x: np.ndarray, kernel_size, stride=None, padding=0,
                       out: np.ndarray | None = None) -> np.ndarray:
    """For every window, the position (0 .. KH*KW - 1, row-major) of its first maximum.

    Scans the kernel offsets backwards, marking where the element equals the window's
    maximum, so the first maximum is marked last and wins. ``out`` may pass the already
    computed :func:`max_pool2d` result. Returns an int array of shape (N, C, OH, OW).
    """
    x, kernel, stride, padding, out_hw = _setup(x, kernel_size, stride, padding, "max_pool2d")
    out = max_pool2d(x, kernel, stride, padding) if out is None else out
    xp = _pad(x, padding, -np.inf)
    dtype = np.uint8 if kernel[0] * kernel[1] <= 256 else np.intp  # small: fast arithmetic
    winners = np.zeros(out.shape, dtype=dtype)
    for k, (_, _, index) in reversed(list(enumerate(_offsets(kernel, stride, out_hw)))):
        equal = xp[index] == out
        winners *= ~equal  # where equal: forget the later maximum ...
        winners += equal * dtype(k)  # ... and keep this earlier one
    return winners


def max_pool2d_scatter(grad_output, winners, x_shape, kernel_size, stride=None, padding=0):
    """Send each window's gradient to its winner (from :func:`max_pool2d_winners`)."""
    kernel = pair(kernel_size, "kernel_size")
    stride = kernel if stride is None else pair(stride, "stride")
    padding = pair(padding, "padding")
    n, c, h, w = x_shape
    grad = np.zeros((n, c, h + 2 * padding[0], w + 2 * padding[1]), dtype=grad_output.dtype)
    for k, (_, _, index) in enumerate(_offsets(kernel, stride, grad_output.shape[2:])):
        grad[index] += grad_output * (winners == k)
    return _unpad(grad, padding, x_shape)


def _out_shape(x, out_hw):
    return (*x.shape[:2], *out_hw)


def _check_grad(grad_output, x, out_hw):
    grad_output = check_array(grad_output, "grad_output", 4, "(N, C, OH, OW)")
    if grad_output.shape != _out_shape(x, out_hw):
        raise ValueError(f"grad_output must have the forward output's shape {_out_shape(x, out_hw)}, "
                         f"got {grad_output.shape}")
    return grad_output


def _weighted_sum(x, weights, stride, padding, out_hw):
    xp = _pad(x, padding, 0.0)
    out = np.zeros(_out_shape(x, out_hw), dtype=x.dtype)
    for u, v, index in _offsets(weights.shape, stride, out_hw):
        out += weights[u, v] * xp[index]
    return out


def _weighted_sum_backward(grad_output, x, weights, stride, padding, out_hw):
    grad = np.zeros(_pad(x, padding, 0.0).shape, dtype=x.dtype)
    for u, v, index in _offsets(weights.shape, stride, out_hw):
        grad[index] += weights[u, v] * grad_output
    return _unpad(grad, padding, x.shape)


def avg_pool2d(x: np.ndarray, kernel_size, stride=None, padding=0) -> np.ndarray:
    """Average pooling, like ``torch.nn.functional.avg_pool2d`` with its defaults
    (``count_include_pad=True``: padded zeros count towards the KH*KW divisor).

    Returns an array of shape (N, C, OH, OW).
    """
    x, kernel, stride, padding, out_hw = _setup(x, kernel_size, stride, padding, "avg_pool2d")
    return _weighted_sum(x, np.full(kernel, 1 / (kernel[0] * kernel[1])), stride, padding, out_hw)


def avg_pool2d_backward(grad_output: np.ndarray, x: np.ndarray, kernel_size, stride=None,
                        padding=0) -> np.ndarray:
    """Gradient of :func:`avg_pool2d` w.r.t. ``x``: each output spreads its gradient
    evenly, 1/(KH*KW) to every element of its window."""
    x, kernel, stride, padding, out_hw = _setup(x, kernel_size, stride, padding, "avg_pool2d_backward")
    grad_output = _check_grad(grad_output, x, out_hw)
    weights = np.full(kernel, 1 / (kernel[0] * kernel[1]))
    return _weighted_sum_backward(grad_output, x, weights, stride, padding, out_hw)


def lp_pool2d(x: np.ndarray, norm_type: float, kernel_size, stride=None) -> np.ndarray:
    """L_p-norm pooling, like ``torch.nn.functional.lp_pool2d`` (no padding):

    .. math:: y = \\Big(\\sum_{\\text{window}} x^p\\Big)^{1/p}

    With ``norm_type=2`` this is the "L2 norm of the rectangular neighbourhood".
    Returns an array of shape (N, C, OH, OW).
    """
    x, kernel, stride, padding, out_hw = _setup(x, kernel_size, stride, 0, "lp_pool2d")
    p = float(norm_type)
    if p <= 0:
        raise ValueError(f"norm_type must be positive, got {norm_type}")
    return _weighted_sum(x ** p, np.ones(kernel), stride, padding, out_hw) ** (1 / p)


def lp_pool2d_backward(grad_output: np.ndarray, x: np.ndarray, norm_type: float, kernel_size,
                       stride=None) -> np.ndarray:
    """Gradient of :func:`lp_pool2d` w.r.t. ``x``:
    ``dy/dx = x^(p-1) * y^(1-p)``, which for p = 2 is ``x / y``.

    Where a window's sum of ``x^p`` is zero (an all-zero window, common after ReLU) the
    gradient is 0, as PyTorch defines it, instead of the formula's ``0/0``.

    Parameters
    ----------
    grad_output : array of shape (N, C, OH, OW), the gradient w.r.t. the output
    x : array of shape (N, C, H, W), the forward input

    Returns an array of shape (N, C, H, W).
    """
    x, kernel, stride, padding, out_hw = _setup(x, kernel_size, stride, 0, "lp_pool2d_backward")
    grad_output = _check_grad(grad_output, x, out_hw)
    p = float(norm_type)
    total = _weighted_sum(x ** p, np.ones(kernel), stride, padding, out_hw)  # y^p, (N, C, OH, OW)
    nonzero = total != 0
    y = np.where(nonzero, total, 1.0) ** (1 / p)  # 1 stands in for 0: no division by zero
    scaled = np.where(nonzero, grad_output * y ** (1 - p), 0.0)
    return _weighted_sum_backward(scaled, x, np.ones(kernel), stride, padding, out_hw) * x ** (p - 1)


def distance_weights(kernel_size, sigma: float = 1.0) -> np.ndarray:
    """Gaussian weights of a pooling window, by distance from its centre, summing to 1.

    .. math:: w_{uv} \\propto \\exp\\big(-d_{uv}^2 / (2\\sigma^2)\\big),
       \\quad d_{uv}^2 = (u - c_h)^2 + (v - c_w)^2,\\; c = (K - 1)/2

    Returns an array of shape (KH, KW).
    """
    kh, kw = pair(kernel_size, "kernel_size")
    if sigma <= 0:
        raise ValueError(f"sigma must be positive, got {sigma}")
    u, v = np.mgrid[0:kh, 0:kw]
    w = np.exp(-((u - (kh - 1) / 2) ** 2 + (v - (kw - 1) / 2) ** 2) / (2 * sigma ** 2))
    return w / w.sum()


def weighted_avg_pool2d(x: np.ndarray, kernel_size, stride=None, padding=0,
                        sigma: float = 1.0) -> np.ndarray:
    """Distance-weighted average pooling: each window's average weighted by
    :func:`distance_weights`, so the centre counts most. Padding counts as zeros.

    Returns an array of shape (N, C, OH, OW).
    """
    x, kernel, stride, padding, out_hw = _setup(x, kernel_size, stride, padding, "weighted_avg_pool2d")
    return _weighted_sum(x, distance_weights(kernel, sigma), stride, padding, out_hw)


def weighted_avg_pool2d_backward(grad_output: np.ndarray, x: np.ndarray, kernel_size, stride=None,
                                 padding=0, sigma: float = 1.0) -> np.ndarray:
    """Gradient of :func:`weighted_avg_pool2d` w.r.t. ``x``: element ``(u, v)`` of each
    window receives ``w_uv`` times that window's output gradient."""
    x, kernel, stride, padding, out_hw = _setup(x, kernel_size, stride, padding,
                                                "weighted_avg_pool2d_backward")
    grad_output = _check_grad(grad_output, x, out_hw)
    return _weighted_sum_backward(grad_output, x, distance_weights(kernel, sigma), stride, padding, out_hw)
