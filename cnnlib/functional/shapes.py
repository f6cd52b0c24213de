"""Output-size formulas and the argument checks every operation shares.

Every check raises ``ValueError`` or ``TypeError`` with a message that names the argument,
the offending shape or number and, where one applies, the formula, so that a mistake is
explained where it is made rather than surfacing as an ``IndexError`` deep inside NumPy.
"""

from __future__ import annotations

import numbers

import numpy as np

#: A (height, width) pair of ints: a kernel size, stride, padding or output size.
Pair = tuple[int, int]


def pair(value: int | tuple[int, int], name: str) -> Pair:
    """Turn an int or a pair of ints into a pair, as PyTorch accepts both (:ref:`ch-convolution`).

    Parameters
    ----------
    value : int or tuple (int, int) or list of 2 ints
        A size for both axes, or one per axis (height, width).
    name : str
        The argument's name, for the error message.

    Returns
    -------
    pair : tuple (int, int)

    Raises
    ------
    TypeError
        If ``value`` is neither an int nor a pair of ints (bools are refused).
    """
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
    r"""Output length along one axis of a convolution or pooling window sweep
    (:ref:`sec-output-size`).

    .. math:: W_{out} = \left\lfloor \frac{W - F + 2P}{S} \right\rfloor + 1

    The floor is PyTorch's rule (for pooling, its default ``ceil_mode=False``): a last window
    that would stick out of the padded input is dropped.

    Parameters
    ----------
    size : int
        Input length ``W`` (height or width), at least 1.
    kernel_size : int
        Window length ``F``, at least 1.
    stride : int, default 1
        Step ``S`` between windows, at least 1.
    padding : int, default 0
        Zeros ``P`` added at each end, at least 0.

    Returns
    -------
    out_size : int
        :math:`W_{out}`, at least 1.

    Raises
    ------
    TypeError
        If an argument is not an int.
    ValueError
        If ``size < 1``, ``kernel_size < 1``, ``stride < 1``, ``padding < 0``, or the window
        does not fit in the padded input (``F > W + 2P``).
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
    r"""Output length of a pooling window sweep: :func:`conv_output_size` with ``stride``
    defaulting to ``kernel_size`` (non-overlapping windows), as in PyTorch (:ref:`ch-pooling`).

    .. math:: W_{out} = \left\lfloor \frac{W - F + 2P}{S} \right\rfloor + 1

    Parameters
    ----------
    size : int
        Input length ``W`` (height or width).
    kernel_size : int
        Window length ``F``.
    stride : int or None, default None
        Step ``S`` between windows; None means ``kernel_size``.
    padding : int, default 0
        Padding ``P`` at each end.

    Returns
    -------
    out_size : int
        :math:`W_{out}`.

    Raises
    ------
    TypeError
        As :func:`conv_output_size`.
    ValueError
        As :func:`conv_output_size`.
    """
    return conv_output_size(size, kernel_size, kernel_size if stride is None else stride, padding)


def check_array(x, name: str, ndim: int, layout: str) -> np.ndarray:
    """Check that ``x`` is a floating-point array with ``ndim`` dimensions (:ref:`ch-images`).

    Parameters
    ----------
    x : numpy.ndarray, shape given by ``layout``
        The array to check.
    name : str
        The argument's name, for error messages.
    ndim : int
        The required number of dimensions.
    layout : str
        The expected shape in words, such as ``"(N, C, H, W)"``, for error messages.

    Returns
    -------
    x : numpy.ndarray, shape given by ``layout``
        ``x`` itself, unchanged.

    Raises
    ------
    TypeError
        If ``x`` is not a NumPy array or not floating point.
    ValueError
        If ``x.ndim != ndim``; a missing batch axis is pointed out.
    """
    if not isinstance(x, np.ndarray):
        raise TypeError(f"{name} must be a NumPy array of shape {layout}, got {type(x).__name__}")
    if not np.issubdtype(x.dtype, np.floating):
        raise TypeError(f"{name} must be floating point, got dtype {x.dtype}; convert with {name}.astype(np.float32)")
    if x.ndim != ndim:
        hint = " (add a batch axis with x[None])" if x.ndim == ndim - 1 and name == "x" else ""
        raise ValueError(f"{name} must have shape {layout} with {ndim} dimensions, got shape {x.shape}{hint}")
    return x


def check_bias(bias, count: int, what: str) -> np.ndarray:
    """Check that ``bias`` is a 1-D float array of ``count`` values, one per ``what``
    (:ref:`sec-one-output-by-hand`).

    Parameters
    ----------
    bias : numpy.ndarray, shape (count,)
    count : int
        The number of filters or output features.
    what : str
        What each value belongs to, such as ``"filter, F"``, for error messages.

    Returns
    -------
    bias : numpy.ndarray, shape (count,)
        ``bias`` itself, unchanged.

    Raises
    ------
    TypeError
        If ``bias`` is not a floating-point NumPy array.
    ValueError
        If ``bias`` is not 1-D or does not hold ``count`` values.
    """
    bias = check_array(bias, "bias", 1, f"({what},)")
    if bias.shape[0] != count:
        raise ValueError(f"bias must have one value per {what} = {count}, got shape {bias.shape}")
    return bias


def output_hw(x_shape, kernel: Pair, stride: Pair, padding: Pair, what: str) -> Pair:
    r"""Output height and width of a window sweep: :func:`~cnnlib.functional.conv_output_size`
    on each axis (:ref:`sec-output-size`).

    Parameters
    ----------
    x_shape : tuple (N, C, H, W)
        The input's shape.
    kernel : tuple (KH, KW)
    stride : tuple (SH, SW)
    padding : tuple (PH, PW)
    what : str
        The calling function's name, for error messages.

    Returns
    -------
    out_hw : tuple (OH, OW)
        :math:`OH = \lfloor (H + 2 P_H - K_H) / S_H \rfloor + 1`, likewise ``OW``.

    Raises
    ------
    ValueError
        If the window does not fit on either axis; the message names ``what`` and every size.
    """
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
    """Check that ``grad_output`` has the forward output's ``shape`` (:ref:`sec-backprop-by-hand`).

    Parameters
    ----------
    grad_output : numpy.ndarray, shape ``shape``
        Gradient of the loss w.r.t. an operation's output.
    shape : tuple of int
        The shape of that output.

    Returns
    -------
    grad_output : numpy.ndarray, shape ``shape``
        ``grad_output`` itself, unchanged.

    Raises
    ------
    TypeError
        If ``grad_output`` is not a floating-point NumPy array.
    ValueError
        If its shape differs from ``shape``.
    """
    grad_output = check_array(grad_output, "grad_output", len(shape), str(tuple(shape)))
    if grad_output.shape != tuple(shape):
        raise ValueError(f"grad_output must have the forward output's shape {tuple(shape)}, got {grad_output.shape}")
    return grad_output
