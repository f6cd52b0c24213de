"""The fully connected (linear) layer in NumPy: a matrix product plus a bias."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from cnnlib.functional.shapes import check_array, check_bias, check_grad


def _check(x, weight, bias):
    x = check_array(x, "x", 2, "(N, in_features)")
    weight = check_array(weight, "weight", 2, "(out_features, in_features)")
    if x.shape[1] != weight.shape[1]:
        raise ValueError(
            f"x has {x.shape[1]} features but weight of shape (out_features, in_features) "
            f"= {weight.shape} expects {weight.shape[1]}"
        )
    if bias is not None:
        bias = check_bias(bias, weight.shape[0], "output feature, out_features")
    return x, weight, bias


class LinearSaved(NamedTuple):
    """What a linear layer saves for its backward pass (:ref:`sec-backprop-by-hand`).

    Returned by :func:`~cnnlib.functional.linear_forward`, used by :func:`~cnnlib.functional.linear_backward_from`.

    Attributes
    ----------
    x : numpy.ndarray, shape (N, in_features)
        The input of the forward call.
    weight : numpy.ndarray, shape (out_features, in_features)
        The weights of the forward call.
    has_bias : bool
        Whether the forward call had a bias, so that a bias gradient is returned.
    """

    x: np.ndarray
    weight: np.ndarray
    has_bias: bool


def linear(x: np.ndarray, weight: np.ndarray, bias: np.ndarray | None = None) -> np.ndarray:
    r"""Fully connected layer, ``x @ weight.T + bias``, like ``torch.nn.functional.linear`` (:ref:`sec-dense-scaling`).

    .. math:: y = x W^\top + b, \qquad y_{n,o} = b_o + \sum_i W_{o,i}\, x_{n,i}

    Parameters
    ----------
    x : numpy.ndarray of float, shape (N, in_features)
        One input vector per row.
    weight : numpy.ndarray of float, shape (out_features, in_features)
        ``W``, one row of weights per output feature.
    bias : numpy.ndarray of float, shape (out_features,), optional
        ``b``; None for no bias.

    Returns
    -------
    y : numpy.ndarray, shape (N, out_features)

    Raises
    ------
    TypeError
        If an argument is not a floating-point NumPy array.
    ValueError
        If a shape is wrong, or ``x`` and ``weight`` disagree on ``in_features``.
    """
    return linear_forward(x, weight, bias)[0]


def linear_forward(x: np.ndarray, weight: np.ndarray, bias: np.ndarray | None = None) -> tuple[np.ndarray, LinearSaved]:
    """:func:`linear`, also returning what :func:`linear_backward_from` needs (:ref:`sec-backprop-by-hand`).

    Parameters
    ----------
    x : numpy.ndarray of float, shape (N, in_features)
    weight : numpy.ndarray of float, shape (out_features, in_features)
    bias : numpy.ndarray of float, shape (out_features,), optional

    Returns
    -------
    y : numpy.ndarray, shape (N, out_features)
    saved : LinearSaved
        The input, the weights and whether there is a bias.

    Raises
    ------
    TypeError
        As in :func:`linear`.
    ValueError
        As in :func:`linear`.
    """
    x, weight, bias = _check(x, weight, bias)
    out = x @ weight.T
    return (out if bias is None else out + bias), LinearSaved(x, weight, bias is not None)


def linear_backward(grad_output: np.ndarray, x: np.ndarray, weight: np.ndarray, bias: np.ndarray | None = None):
    """Gradients of :func:`linear`, stateless (reruns :func:`linear_forward`), derived in :ref:`sec-backprop-by-hand`.

    Parameters
    ----------
    grad_output : numpy.ndarray of float, shape (N, out_features)
        The gradient of the loss w.r.t. the output ``y``.
    x : numpy.ndarray of float, shape (N, in_features)
    weight : numpy.ndarray of float, shape (out_features, in_features)
    bias : numpy.ndarray of float, shape (out_features,), optional

    Returns
    -------
    grad_x : numpy.ndarray, shape (N, in_features)
        ``grad_output @ weight``.
    grad_weight : numpy.ndarray, shape (out_features, in_features)
        ``grad_output.T @ x``.
    grad_bias : numpy.ndarray, shape (out_features,), or None
        ``grad_output.sum(0)``; None when ``bias`` is None.

    Raises
    ------
    TypeError
        As in :func:`linear`, or if ``grad_output`` is not a floating-point NumPy array.
    ValueError
        As in :func:`linear`, or if ``grad_output`` does not have the output's shape.
    """
    return linear_backward_from(grad_output, linear_forward(x, weight, bias)[1])


def linear_backward_from(grad_output: np.ndarray, saved: LinearSaved):
    """Gradients of :func:`linear` from what :func:`linear_forward` saved (:ref:`sec-backprop-by-hand`).

    Parameters
    ----------
    grad_output : numpy.ndarray of float, shape (N, out_features)
        The gradient of the loss w.r.t. the output.
    saved : LinearSaved
        From :func:`linear_forward`.

    Returns
    -------
    grad_x : numpy.ndarray, shape (N, in_features)
        ``grad_output @ weight``.
    grad_weight : numpy.ndarray, shape (out_features, in_features)
        ``grad_output.T @ x``.
    grad_bias : numpy.ndarray, shape (out_features,), or None
        ``grad_output.sum(0)``; None without a bias.

    Raises
    ------
    TypeError
        If ``grad_output`` is not a floating-point NumPy array.
    ValueError
        If ``grad_output`` does not have the output's shape (N, out_features).
    """
    x, weight, has_bias = saved
    grad_output = check_grad(grad_output, (x.shape[0], weight.shape[0]))
    grad_bias = grad_output.sum(axis=0) if has_bias else None
    return grad_output @ weight, grad_output.T @ x, grad_bias
