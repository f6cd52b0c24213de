"""The losses the book compares, with their gradients, in NumPy (softmax is in
:mod:`cnnlib.functional.softmax`).

The loss backward functions return the gradient of the (scalar) loss with respect to its
first argument; multiply by an upstream gradient if the loss is not the last step.
"""

from __future__ import annotations

import numbers

import numpy as np


def _check_pair(output, target, name, mean=False):
    if not isinstance(output, np.ndarray) or not isinstance(target, (np.ndarray, numbers.Number)):
        raise TypeError(f"{name} needs NumPy arrays")
    if np.shape(target) != output.shape:
        raise ValueError(f"{name}: output shape {output.shape} and target shape {np.shape(target)} differ")
    if mean and output.size == 0:
        raise ValueError(
            f"{name} got empty arrays of shape {output.shape}, and the mean over no "
            f"elements is undefined; pass at least one element"
        )


def mse_loss(input: np.ndarray, target: np.ndarray) -> float:
    r"""Mean squared error over all elements, like ``torch.nn.functional.mse_loss`` (:ref:`sec-other-losses`).

    .. math:: L = \frac{1}{M} \sum_{i=1}^{M} (\text{input}_i - \text{target}_i)^2, \quad M = \text{input.size}

    Parameters
    ----------
    input : numpy.ndarray, any shape with at least one element
        The predictions.
    target : numpy.ndarray, shape of ``input``
        The desired values (a number only when ``input`` is 0-d).

    Returns
    -------
    float
        The loss ``L``.

    Raises
    ------
    TypeError
        If ``input`` is not a NumPy array, or ``target`` neither an array nor a number.
    ValueError
        If the shapes differ or the arrays are empty (where PyTorch returns nan).
    """
    return mse_loss_forward(input, target)[0]


def mse_loss_forward(input: np.ndarray, target: np.ndarray):
    """:func:`mse_loss`, also returning what :func:`mse_loss_backward_from` needs (:ref:`sec-other-losses`).

    Parameters
    ----------
    input : numpy.ndarray, any shape with at least one element
    target : numpy.ndarray, shape of ``input``

    Returns
    -------
    loss : float
    saved : numpy.ndarray, shape of ``input``
        The difference ``input - target``.

    Raises
    ------
    TypeError
        As in :func:`mse_loss`.
    ValueError
        As in :func:`mse_loss`.
    """
    _check_pair(input, target, "mse_loss", mean=True)
    diff = input - target
    return float(np.mean(diff**2)), diff


def mse_loss_backward_from(grad_output: float, saved: np.ndarray) -> np.ndarray:
    """Gradient of :func:`mse_loss` from what :func:`mse_loss_forward` saved (:ref:`sec-other-losses`).

    Parameters
    ----------
    grad_output : float
        The gradient w.r.t. the loss: 1 when the loss is the last step.
    saved : numpy.ndarray, any shape
        The difference ``input - target``.

    Returns
    -------
    grad_input : numpy.ndarray, shape of ``saved``
        ``grad_output * 2 * (input - target) / input.size``.
    """
    return grad_output * 2 * saved / saved.size


def mse_loss_backward(input: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Gradient of :func:`mse_loss` w.r.t. ``input`` (:ref:`sec-other-losses`).

    Parameters
    ----------
    input : numpy.ndarray, any shape with at least one element
    target : numpy.ndarray, shape of ``input``

    Returns
    -------
    grad_input : numpy.ndarray, shape of ``input``
        ``2 * (input - target) / input.size``.

    Raises
    ------
    TypeError
        As in :func:`mse_loss`.
    ValueError
        As in :func:`mse_loss`, empty arrays included.
    """
    _check_pair(input, target, "mse_loss_backward", mean=True)
    return mse_loss_backward_from(1.0, mse_loss_forward(input, target)[1])


def total_error(output: np.ndarray, target: np.ndarray) -> float:
    r"""The source articles' "total error": half the squared error, summed (:ref:`sec-total-error`).

    .. math:: E = \tfrac12 \sum_i (\text{target}_i - \text{output}_i)^2

    There is no PyTorch function for it: it is ``0.5 * torch.nn.functional.mse_loss(output,
    target, reduction="sum")``.

    Parameters
    ----------
    output : numpy.ndarray, any shape
        The network's outputs.
    target : numpy.ndarray, shape of ``output``
        The desired outputs (a number only when ``output`` is 0-d).

    Returns
    -------
    float
        The total error ``E`` (0 for empty arrays).

    Raises
    ------
    TypeError
        If ``output`` is not a NumPy array, or ``target`` neither an array nor a number.
    ValueError
        If the shapes differ.
    """
    return total_error_forward(output, target)[0]


def total_error_forward(output: np.ndarray, target: np.ndarray):
    """:func:`total_error`, also returning what :func:`total_error_backward_from` needs (:ref:`sec-total-error`).

    Parameters
    ----------
    output : numpy.ndarray, any shape
    target : numpy.ndarray, shape of ``output``

    Returns
    -------
    loss : float
    saved : numpy.ndarray, shape of ``output``
        The difference ``output - target``.

    Raises
    ------
    TypeError
        As in :func:`total_error`.
    ValueError
        As in :func:`total_error`.
    """
    _check_pair(output, target, "total_error")
    diff = output - target
    return float(0.5 * np.sum(diff**2)), diff


def total_error_backward_from(grad_output: float, saved: np.ndarray) -> np.ndarray:
    """Gradient of :func:`total_error` from what :func:`total_error_forward` saved (:ref:`sec-total-error`).

    Parameters
    ----------
    grad_output : float
        The gradient w.r.t. the loss: 1 when the loss is the last step.
    saved : numpy.ndarray, any shape
        The difference ``output - target``.

    Returns
    -------
    grad : numpy.ndarray, shape of ``saved``
        ``grad_output * (output - target)``.
    """
    return grad_output * saved


def total_error_backward(output: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Gradient of :func:`total_error` w.r.t. ``output`` (:ref:`sec-total-error`).

    Parameters
    ----------
    output : numpy.ndarray, any shape
    target : numpy.ndarray, shape of ``output``

    Returns
    -------
    grad : numpy.ndarray, shape of ``output``
        ``output - target``.

    Raises
    ------
    TypeError
        As in :func:`total_error`.
    ValueError
        As in :func:`total_error`.
    """
    _check_pair(output, target, "total_error_backward")
    return total_error_backward_from(1.0, total_error_forward(output, target)[1])
