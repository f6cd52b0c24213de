"""Softmax and log-softmax, with their gradients, in NumPy (:ref:`sec-softmax`).

Both follow the package's forward/backward convention (see :mod:`cnnlib.functional`).
"""

from __future__ import annotations

import numpy as np


def as_float(x) -> np.ndarray:
    """``x`` (an array, list or number) as an ndarray; integers become float64, so that
    subtracting the maximum cannot wrap around.

    See :ref:`sec-softmax`.

    Parameters
    ----------
    x : array_like, any shape
        Scores.

    Returns
    -------
    numpy.ndarray, same shape
        ``x`` itself if it is already floating point, else a float64 copy.
    """
    x = np.asarray(x)
    return x if np.issubdtype(x.dtype, np.floating) else x.astype(np.float64)


def softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    r"""Softmax along ``axis``: scores to probabilities, like ``torch.softmax`` (:ref:`sec-softmax`).

    .. math:: \operatorname{softmax}(x)_k = \frac{e^{x_k - m}}{\sum_j e^{x_j - m}}, \quad m = \max_j x_j

    Subtracting the maximum ``m`` leaves the result unchanged and keeps large scores from
    overflowing. The outputs are positive and sum to 1 along ``axis``.

    Parameters
    ----------
    x : array_like, shape (N, K) or any shape with at least one axis
        Scores; integers are converted to float64.
    axis : int, default -1
        The axis of the K classes, the one that sums to 1.

    Returns
    -------
    s : numpy.ndarray, shape of ``x``
        The probabilities.
    """
    return softmax_forward(x, axis)[0]


def softmax_forward(x: np.ndarray, axis: int = -1):
    """:func:`softmax`, also returning what :func:`softmax_backward_from` needs (:ref:`sec-softmax`).

    Parameters
    ----------
    x : array_like, shape (N, K) or any shape with at least one axis
    axis : int, default -1

    Returns
    -------
    s : numpy.ndarray, shape of ``x``
    saved : tuple
        ``(s, axis)``.
    """
    x = as_float(x)
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    s = e / e.sum(axis=axis, keepdims=True)
    return s, (s, axis)


def softmax_backward_from(grad_output: np.ndarray, saved) -> np.ndarray:
    r"""Gradient of :func:`softmax` from what :func:`softmax_forward` saved (:ref:`sec-softmax`).

    .. math:: \frac{\partial L}{\partial x_k} = s_k \Big(g_k - \sum_j g_j s_j\Big)

    Parameters
    ----------
    grad_output : array_like, shape of ``s``
        ``g``, the gradient of the loss w.r.t. the softmax output.
    saved : tuple
        ``(s, axis)`` from :func:`softmax_forward`; ``s`` of any shape.

    Returns
    -------
    grad_x : numpy.ndarray, shape of ``s``
    """
    s, axis = saved
    grad_output = as_float(grad_output)
    return s * (grad_output - (grad_output * s).sum(axis=axis, keepdims=True))


def softmax_backward(grad_output: np.ndarray, x: np.ndarray, axis: int = -1) -> np.ndarray:
    """Gradient of :func:`softmax` w.r.t. ``x``, stateless (reruns :func:`softmax_forward`; :ref:`sec-softmax`).

    Parameters
    ----------
    grad_output : array_like, shape of ``x``
        The gradient of the loss w.r.t. the softmax output.
    x : array_like, shape (N, K) or any shape with at least one axis
    axis : int, default -1

    Returns
    -------
    grad_x : numpy.ndarray, shape of ``x``
        ``s * (g - sum(g * s))`` along ``axis``, ``s = softmax(x)``; see :func:`softmax_backward_from`.
    """
    return softmax_backward_from(grad_output, softmax_forward(x, axis)[1])


def log_softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    r"""Logarithm of :func:`softmax`, computed stably, like ``torch.log_softmax`` (:ref:`sec-softmax`).

    .. math:: \log \operatorname{softmax}(x)_k = (x_k - m) - \log \sum_j e^{x_j - m}, \quad m = \max_j x_j

    Parameters
    ----------
    x : array_like, shape (N, K) or any shape with at least one axis
        Scores; integers are converted to float64.
    axis : int, default -1
        The axis of the K classes.

    Returns
    -------
    numpy.ndarray, shape of ``x``
        Log-probabilities, all at most 0.
    """
    return log_softmax_forward(x, axis)[0]


def log_softmax_forward(x: np.ndarray, axis: int = -1):
    """:func:`log_softmax`, also returning what :func:`log_softmax_backward_from` needs (:ref:`sec-softmax`).

    Parameters
    ----------
    x : array_like, shape (N, K) or any shape with at least one axis
    axis : int, default -1

    Returns
    -------
    out : numpy.ndarray, shape of ``x``
    saved : tuple
        ``(softmax(x, axis), axis)``.
    """
    x = as_float(x)
    shifted = x - x.max(axis=axis, keepdims=True)
    out = shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))
    return out, (softmax(x, axis), axis)


def log_softmax_backward_from(grad_output: np.ndarray, saved) -> np.ndarray:
    r"""Gradient of :func:`log_softmax` from what :func:`log_softmax_forward` saved (:ref:`sec-softmax`).

    .. math:: \frac{\partial L}{\partial x_k} = g_k - s_k \sum_j g_j

    Parameters
    ----------
    grad_output : array_like, shape of ``s``
        ``g``, the gradient of the loss w.r.t. the log-softmax output.
    saved : tuple
        ``(s, axis)`` from :func:`log_softmax_forward`, ``s`` the softmax of the input.

    Returns
    -------
    grad_x : numpy.ndarray, shape of ``s``
    """
    s, axis = saved
    grad_output = as_float(grad_output)
    return grad_output - s * grad_output.sum(axis=axis, keepdims=True)


def log_softmax_backward(grad_output: np.ndarray, x: np.ndarray, axis: int = -1) -> np.ndarray:
    """Gradient of :func:`log_softmax` w.r.t. ``x``, stateless (:ref:`sec-softmax`).

    Parameters
    ----------
    grad_output : array_like, shape of ``x``
        The gradient of the loss w.r.t. the log-softmax output.
    x : array_like, shape (N, K) or any shape with at least one axis
    axis : int, default -1

    Returns
    -------
    grad_x : numpy.ndarray, shape of ``x``
        ``g - softmax(x) * sum(g)`` along ``axis``; see :func:`log_softmax_backward_from`.
    """
    return log_softmax_backward_from(grad_output, log_softmax_forward(x, axis)[1])
