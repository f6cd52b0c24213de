"""ReLU and leaky ReLU with their derivatives, in NumPy (chapter 5; sigmoid and tanh are in
:mod:`cnnlib.functional.sigmoid`).

Every activation ``f`` follows the package's convention (see :mod:`cnnlib.functional`):
``f(x)``; ``f_forward(x) -> (out, saved)``; ``f_backward_from(grad_output, saved)``, which
returns ``grad_output * f'(x)``; and the stateless ``f_backward(grad_output, x)``. ``x`` may
have any shape; every result has that shape. What is saved is the cheapest thing the
derivative needs: a mask for (leaky) ReLU, the output itself for sigmoid and tanh, whose
derivatives are functions of their output.
"""

from __future__ import annotations

import numpy as np


def relu(x: np.ndarray) -> np.ndarray:
    r"""Rectified linear unit, element-wise (:ref:`sec-relu-layer`).

    .. math:: \mathrm{ReLU}(x) = \max(0, x)

    Like ``torch.nn.functional.relu``; introduced by Nair and Hinton (2010).

    Parameters
    ----------
    x : numpy.ndarray, any shape
        Pre-activations.

    Returns
    -------
    out : numpy.ndarray, same shape as ``x``
    """
    return relu_forward(x)[0]


def relu_forward(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`relu`, also returning the mask its backward pass needs (:ref:`sec-relu-layer`).

    Parameters
    ----------
    x : numpy.ndarray, any shape

    Returns
    -------
    out : numpy.ndarray, same shape as ``x``
        ``max(0, x)``.
    saved : numpy.ndarray of bool, same shape as ``x``
        The mask ``x > 0``.
    """
    return np.maximum(x, 0), x > 0


def relu_backward_from(grad_output: np.ndarray, saved: np.ndarray) -> np.ndarray:
    """Gradient of :func:`relu` w.r.t. its input, from the saved mask (:ref:`sec-backprop-by-hand`).

    Parameters
    ----------
    grad_output : numpy.ndarray, same shape as ``x``
        Gradient of the loss w.r.t. the output of :func:`relu`.
    saved : numpy.ndarray of bool, same shape as ``x``
        The mask ``x > 0`` from :func:`relu_forward`.

    Returns
    -------
    grad_input : numpy.ndarray, same shape as ``x``
        ``grad_output * saved``.
    """
    return grad_output * saved


def relu_backward(grad_output: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Gradient of :func:`relu` w.r.t. ``x``, stateless (:ref:`sec-backprop-by-hand`).

    The derivative is 1 where ``x > 0`` and 0 elsewhere; at exactly 0 it is taken as 0, as in
    PyTorch.

    Parameters
    ----------
    grad_output : numpy.ndarray, same shape as ``x``
        Gradient of the loss w.r.t. the output of :func:`relu`.
    x : numpy.ndarray, any shape
        The input of the forward call.

    Returns
    -------
    grad_input : numpy.ndarray, same shape as ``x``
        ``grad_output * (x > 0)``.
    """
    return relu_backward_from(grad_output, relu_forward(x)[1])


def leaky_relu(x: np.ndarray, negative_slope: float = 0.01) -> np.ndarray:
    r"""Leaky ReLU, element-wise: a small slope for negative inputs, so that units cannot die
    (:ref:`sec-dying-relu`).

    .. math:: \mathrm{LeakyReLU}(x) = \begin{cases} x & x > 0 \\ \alpha x & x \le 0 \end{cases}

    Like ``torch.nn.functional.leaky_relu``; introduced by Maas, Hannun and Ng (2013).

    Parameters
    ----------
    x : numpy.ndarray, any shape
        Pre-activations.
    negative_slope : float, default 0.01
        The slope :math:`\alpha` for ``x <= 0``.

    Returns
    -------
    out : numpy.ndarray, same shape as ``x``
    """
    return leaky_relu_forward(x, negative_slope)[0]


def leaky_relu_forward(x: np.ndarray, negative_slope: float = 0.01):
    """:func:`leaky_relu`, also returning what its backward pass needs (:ref:`sec-dying-relu`).

    Parameters
    ----------
    x : numpy.ndarray, any shape
    negative_slope : float, default 0.01

    Returns
    -------
    out : numpy.ndarray, same shape as ``x``
    saved : tuple (numpy.ndarray of bool, float)
        The mask ``x > 0``, same shape as ``x``, and ``negative_slope``.
    """
    positive = x > 0
    return np.where(positive, x, x * negative_slope), (positive, negative_slope)


def leaky_relu_backward_from(grad_output: np.ndarray, saved) -> np.ndarray:
    """Gradient of :func:`leaky_relu` w.r.t. its input, from what its forward saved
    (:ref:`sec-dying-relu`).

    Parameters
    ----------
    grad_output : numpy.ndarray, same shape as ``x``
        Gradient of the loss w.r.t. the output of :func:`leaky_relu`.
    saved : tuple (numpy.ndarray of bool, float)
        ``(mask, negative_slope)`` from :func:`leaky_relu_forward`.

    Returns
    -------
    grad_input : numpy.ndarray, same shape as ``x``
        ``grad_output`` where the mask holds, ``negative_slope * grad_output`` elsewhere.
    """
    positive, negative_slope = saved
    return np.where(positive, grad_output, grad_output * negative_slope)


def leaky_relu_backward(grad_output: np.ndarray, x: np.ndarray, negative_slope: float = 0.01) -> np.ndarray:
    """Gradient of :func:`leaky_relu` w.r.t. ``x``, stateless (:ref:`sec-dying-relu`).

    Parameters
    ----------
    grad_output : numpy.ndarray, same shape as ``x``
        Gradient of the loss w.r.t. the output of :func:`leaky_relu`.
    x : numpy.ndarray, any shape
        The input of the forward call.
    negative_slope : float, default 0.01

    Returns
    -------
    grad_input : numpy.ndarray, same shape as ``x``
        ``grad_output`` where ``x > 0``, ``negative_slope * grad_output`` elsewhere.
    """
    return leaky_relu_backward_from(grad_output, leaky_relu_forward(x, negative_slope)[1])
