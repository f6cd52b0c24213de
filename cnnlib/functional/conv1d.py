"""1-D convolution in NumPy, as a 2-D convolution of height-1 inputs (:ref:`sec-text-conv`).

Follows the package's forward/backward convention (see :mod:`cnnlib.functional`); the saved
state is that of the equivalent :func:`cnnlib.functional.conv2d_forward`.
"""

from __future__ import annotations

import numpy as np

from cnnlib.functional.conv import ConvSaved, conv2d_backward_from, conv2d_forward
from cnnlib.functional.shapes import check_array, pair


def _as_2d(x, weight, stride, padding):
    x = check_array(x, "x", 3, "(N, C, L)")
    weight = check_array(weight, "weight", 3, "(F, C, K)")
    return (x[:, :, None, :], weight[:, :, None, :], (1, _single(stride, "stride")), (0, _single(padding, "padding")))


def _single(value, name):
    return pair(value[0] if isinstance(value, (tuple, list)) and len(value) == 1 else value, name)[0]


def conv1d(
    x: np.ndarray, weight: np.ndarray, bias: np.ndarray | None = None, stride: int = 1, padding: int = 0
) -> np.ndarray:
    r"""1-D convolution (cross-correlation), like ``torch.nn.functional.conv1d`` (:ref:`sec-text-conv`).

    :func:`conv2d` on inputs of height 1:

    .. math::

        y_{n,f,i} = b_f + \sum_{c,u} w_{f,c,u}\, x^{pad}_{n,c,\,i S + u}, \qquad
        L' = \left\lfloor \frac{L + 2P - K}{S} \right\rfloor + 1

    Parameters
    ----------
    x : numpy.ndarray of float, shape (N, C, L)
    weight : numpy.ndarray of float, shape (F, C, K)
        The F filters.
    bias : numpy.ndarray of float, shape (F,), optional
        One bias per filter; None for no bias.
    stride : int, default 1
        ``S``, at least 1.
    padding : int, default 0
        ``P``, zeros added at each end.

    Returns
    -------
    y : numpy.ndarray, shape (N, F, L')

    Raises
    ------
    TypeError
        If ``x``, ``weight`` or ``bias`` is not a floating-point NumPy array, or ``stride`` or
        ``padding`` not an int.
    ValueError
        If a shape is wrong or the window does not fit in the padded input.
    """
    return conv1d_forward(x, weight, bias, stride, padding)[0]


def conv1d_forward(
    x: np.ndarray, weight: np.ndarray, bias: np.ndarray | None = None, stride: int = 1, padding: int = 0
) -> tuple[np.ndarray, ConvSaved]:
    """:func:`conv1d`, also returning what :func:`conv1d_backward_from` needs (:ref:`sec-text-conv`).

    Parameters
    ----------
    x : numpy.ndarray of float, shape (N, C, L)
    weight : numpy.ndarray of float, shape (F, C, K)
    bias : numpy.ndarray of float, shape (F,), optional
    stride : int, default 1
    padding : int, default 0

    Returns
    -------
    y : numpy.ndarray, shape (N, F, L')
    saved : ConvSaved
        That of the equivalent height-1 :func:`conv2d_forward`.

    Raises
    ------
    TypeError
        As in :func:`conv1d`.
    ValueError
        As in :func:`conv1d`.
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
    """Gradients of :func:`conv1d`, stateless (reruns :func:`conv1d_forward`; :ref:`sec-text-conv`).

    Parameters
    ----------
    grad_output : numpy.ndarray of float, shape (N, F, L')
        The gradient of the loss w.r.t. the output.
    x : numpy.ndarray of float, shape (N, C, L)
    weight : numpy.ndarray of float, shape (F, C, K)
    bias : numpy.ndarray of float, shape (F,), optional
    stride : int, default 1
    padding : int, default 0

    Returns
    -------
    grad_x : numpy.ndarray, shape (N, C, L)
    grad_weight : numpy.ndarray, shape (F, C, K)
    grad_bias : numpy.ndarray, shape (F,), or None
        None when ``bias`` is None.

    Raises
    ------
    TypeError
        As in :func:`conv1d`, or if ``grad_output`` is not a floating-point NumPy array.
    ValueError
        As in :func:`conv1d`, or if ``grad_output`` does not have the output's shape.
    """
    return conv1d_backward_from(grad_output, conv1d_forward(x, weight, bias, stride, padding)[1])


def conv1d_backward_from(grad_output: np.ndarray, saved: ConvSaved):
    """Gradients of :func:`conv1d` from what :func:`conv1d_forward` saved (:ref:`sec-text-conv`).

    Parameters
    ----------
    grad_output : numpy.ndarray of float, shape (N, F, L')
        The gradient of the loss w.r.t. the output.
    saved : ConvSaved
        From :func:`conv1d_forward`.

    Returns
    -------
    grad_x : numpy.ndarray, shape (N, C, L)
    grad_weight : numpy.ndarray, shape (F, C, K)
    grad_bias : numpy.ndarray, shape (F,), or None
        None without a bias.

    Raises
    ------
    TypeError
        If ``grad_output`` is not a floating-point NumPy array.
    ValueError
        If ``grad_output`` does not have the forward output's shape.
    """
    grad_output = check_array(grad_output, "grad_output", 3, "(N, F, L_out)")
    gx, gw, gb = conv2d_backward_from(grad_output[:, :, None, :], saved)
    return gx[:, :, 0, :], gw[:, :, 0, :], gb
