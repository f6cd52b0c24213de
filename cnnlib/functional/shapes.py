"""Output-size formulas and the argument checks every operation shares.

Every check raises ``ValueError`` or ``TypeError`` with a message that names the argument,
the offending shape or number and, where one applies, the formula, so that a mistake is
explained where it is made rather than surfacing as an ``IndexError`` deep inside NumPy.
"""

from __future__ import annotations

import numbers

import numpy as np

Pair = tuple[int, int]


def pair(value: int | tuple[int, int], name: str) -> Pair:
    """Turn an int or a pair of ints into a pair, as PyTorch accepts both."""
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return int(value), int(value)
    if (
        isinstance(value, (tuple, list))
        and len(value) == 2
        and all(isinstance(v, numbers.Integral) and not isinstance(v, bool) for v in value)
    ):
        return int(value[0]), int(value[1])
    raise TypeError(f"{name} must be an int or a pair of ints, got {value!r}")


def conv_output_size(size: int, kernel_size: int, stride: int = 1, padding: int = 0) -> int:
    """Output length along one axis of a convolution or pooling window sweep.

    .. math:: W_{out} = \\left\\lfloor \\frac{W - F + 2P}{S} \\right\\rfloor + 1

    Parameters
    ----------
    size : int
        Input length ``W`` (height or width).
    kernel_size : int
        Window length ``F``.
    stride : int
        Step ``S`` between windows, at least 1.
    padding : int
        Zeros ``P`` added at each end, at least 0.

    Raises
    ------
    ValueError
        If ``stride < 1``, ``padding < 0``, ``kernel_size < 1``, or the window does not fit
        in the padded input (``F > W + 2P``).
    """
    for name, value, low in (
        ("size", size, 1),
        ("kernel_size", kernel_size, 1),
        ("stride", stride, 1),
        ("padding", padding, 0),
    ):
        if not isinstance(value, numbers.Integral) or isinstance(value, bool):
            raise TypeError(f"{name} must be an int, got {value!r}")
        if value < low:
            raise ValueError(f"{name} must be >= {low}, got {value}")
    if kernel_size > size + 2 * padding:
        raise ValueError(
            f"kernel_size {kernel_size} is larger than the padded input {size} + 2*{padding} = "
            f"{size + 2 * padding}: floor((W - F + 2P) / S) + 1 = "
            f"floor(({size} - {kernel_size} + {2 * padding}) / {stride}) + 1 is below 1"
        )
    return (size - kernel_size + 2 * padding) // stride + 1


def pool_output_size(size: int, kernel_size: int, stride: int | None = None, padding: int = 0) -> int:
    """Output length of a pooling window sweep: :func:`conv_output_size` with ``stride``
    defaulting to ``kernel_size`` (non-overlapping windows), as in PyTorch.

    .. math:: W_{out} = \\left\\lfloor \\frac{W - F + 2P}{S} \\right\\rfloor + 1
    """
    return conv_output_size(size, kernel_size, kernel_size if stride is None else stride, padding)


def check_array(x, name: str, ndim: int, layout: str) -> np.ndarray:
    """Return ``x`` as a floating-point ndarray with ``ndim`` dimensions, or raise."""
    if not isinstance(x, np.ndarray):
        raise TypeError(f"{name} must be a NumPy array of shape {layout}, got {type(x).__name__}")
    if not np.issubdtype(x.dtype, np.floating):
        raise TypeError(f"{name} must be floating point, got dtype {x.dtype}; convert with {name}.astype(np.float32)")
    if x.ndim != ndim:
        hint = " (add a batch axis with x[None])" if x.ndim == ndim - 1 and name == "x" else ""
        raise ValueError(f"{name} must have shape {layout} with {ndim} dimensions, got shape {x.shape}{hint}")
    return x


def check_bias(bias, count: int, what: str) -> np.ndarray:
    """Return ``bias`` checked to be a 1-D float array of ``count`` values, one per ``what``."""
    bias = check_array(bias, "bias", 1, f"({what},)")
    if bias.shape[0] != count:
        raise ValueError(f"bias must have one value per {what} = {count}, got shape {bias.shape}")
    return bias


def output_hw(x_shape, kernel: Pair, stride: Pair, padding: Pair, what: str) -> Pair:
    """Output height and width for a window sweep over ``x_shape = (N, C, H, W)``."""
    h, w = x_shape[2:]
    try:
        return (
            conv_output_size(h, kernel[0], stride[0], padding[0]),
            conv_output_size(w, kernel[1], stride[1], padding[1]),
        )
    except ValueError as err:
        raise ValueError(
            f"{what}: input (H, W) = {(h, w)}, kernel {kernel}, stride {stride}, padding {padding}: {err}"
        ) from None


def check_grad(grad_output, shape) -> np.ndarray:
    """Return ``grad_output`` checked to have the forward output's ``shape``, or raise."""
    grad_output = check_array(grad_output, "grad_output", len(shape), str(tuple(shape)))
    if grad_output.shape != tuple(shape):
        raise ValueError(f"grad_output must have the forward output's shape {tuple(shape)}, got {grad_output.shape}")
    return grad_output
