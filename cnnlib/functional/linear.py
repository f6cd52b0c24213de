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
    """What :func:`linear_backward_from` needs from :func:`linear_forward`."""

    x: np.ndarray  #: (N, in_features)
    weight: np.ndarray  #: (out_features, in_features)
    has_bias: bool


def linear(x: np.ndarray, weight: np.ndarray, bias: np.ndarray | None = None) -> np.ndarray:
    """``x @ weight.T + bias``, like ``torch.nn.functional.linear``: a fully connected layer
    (:ref:`sec-dense-scaling`).

    .. math:: y_{n,o} = b_o + \\sum_i w_{o,i}\\, x_{n,i}

    Parameters
    ----------
    x : array of shape (N, in_features)
    weight : array of shape (out_features, in_features)
    bias : array of shape (out_features,), optional

    Returns
    -------
    array of shape (N, out_features)
    """
    return linear_forward(x, weight, bias)[0]


def linear_forward(x: np.ndarray, weight: np.ndarray, bias: np.ndarray | None = None) -> tuple[np.ndarray, LinearSaved]:
    """:func:`linear`, also returning what :func:`linear_backward_from` needs (the input)."""
    x, weight, bias = _check(x, weight, bias)
    out = x @ weight.T
    return (out if bias is None else out + bias), LinearSaved(x, weight, bias is not None)


def linear_backward(grad_output: np.ndarray, x: np.ndarray, weight: np.ndarray, bias: np.ndarray | None = None):
    """Gradients of :func:`linear`, stateless (reruns :func:`linear_forward`);
    derived by hand in :ref:`sec-backprop-by-hand`.

    Parameters
    ----------
    grad_output : array of shape (N, out_features)
    x, weight, bias : the arguments of the forward call

    Returns
    -------
    grad_x : (N, in_features) = ``grad_output @ weight``
    grad_weight : (out_features, in_features) = ``grad_output.T @ x``
    grad_bias : (out_features,) = ``grad_output.sum(0)``, or None when ``bias`` is None
    """
    return linear_backward_from(grad_output, linear_forward(x, weight, bias)[1])


def linear_backward_from(grad_output: np.ndarray, saved: LinearSaved):
    """Gradients of :func:`linear` from what :func:`linear_forward` saved; shapes and
    formulas as in :func:`linear_backward`."""
    x, weight, has_bias = saved
    grad_output = check_grad(grad_output, (x.shape[0], weight.shape[0]))
    grad_bias = grad_output.sum(axis=0) if has_bias else None
    return grad_output @ weight, grad_output.T @ x, grad_bias
